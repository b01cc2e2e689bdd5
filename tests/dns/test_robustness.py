"""Arbitrary arguments to the public lookups raise only the documented errors."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iolib import IolibError
from iolib.address import IPv4Address, IPv6Address
from iolib.dns import (
    DNSResponse,
    HostLookup,
    Interface,
    Protocol,
    ResolverError,
    Service,
    UnknownInterface,
    UnknownProtocol,
    UnknownService,
    dns_query,
    ensure_hostname,
    lookup_hostname,
    lookup_interface,
    lookup_protocol,
    lookup_service,
)

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=80),
    st.binary(max_size=20),
    st.floats(allow_nan=True),
    st.tuples(st.integers(-1, 300), st.integers(-1, 300)),
    st.lists(st.integers(0, 255), max_size=9).map(tuple),
)


@pytest.fixture(scope="module")
def closed_port() -> Iterator[int]:
    """A UDP port on 127.0.0.1 where nothing listens: every query is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    yield port


def outcome(errors: tuple[type[BaseException], ...], call: Callable[[], object]) -> object:
    """Return what ``call`` returns, or the error it raised if it is one of ``errors``."""
    try:
        return call()
    except errors as exc:
        return exc


@settings(deadline=None)  # a loaded machine must not fail a property
@given(anything, st.sampled_from(["tcp", "udp", "any"]))
def test_lookup_service(service: object, protocol: str) -> None:
    result = outcome((TypeError, UnknownService), lambda: lookup_service(service, protocol))  # type: ignore[arg-type]
    assert isinstance(result, Service | TypeError | UnknownService)


@settings(deadline=None)  # a loaded machine must not fail a property
@given(anything)
def test_lookup_protocol(protocol: object) -> None:
    result = outcome((TypeError, UnknownProtocol), lambda: lookup_protocol(protocol))  # type: ignore[arg-type]
    assert isinstance(result, Protocol | TypeError | UnknownProtocol)


@settings(deadline=None)  # a loaded machine must not fail a property
@given(anything)
def test_lookup_interface(interface: object) -> None:
    result = outcome((TypeError, UnknownInterface), lambda: lookup_interface(interface))  # type: ignore[arg-type]
    assert isinstance(result, Interface | TypeError | UnknownInterface)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(host=anything, ipv6=st.sampled_from([None, False, True, "ipv6", "bogus"]))
def test_lookup_hostname(closed_port: int, host: object, ipv6: object) -> None:
    ns = [("127.0.0.1", closed_port)]
    result = outcome(
        (TypeError, ValueError, ResolverError),
        lambda: lookup_hostname(host, ipv6=ipv6, ns=ns, timeout=0.2),
    )
    assert isinstance(result, HostLookup | TypeError | ValueError | ResolverError)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(host=anything)
def test_ensure_hostname(closed_port: int, host: object) -> None:
    ns = [("127.0.0.1", closed_port)]
    result = outcome(
        (TypeError, ValueError),
        lambda: ensure_hostname(host, ns=ns, timeout=0.2, errorp=False),
    )
    assert not isinstance(result, ResolverError)
    assert result is None or isinstance(result, IPv4Address | IPv6Address | TypeError | ValueError)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=anything, rtype=st.one_of(st.text(max_size=8), st.integers(-5, 70000)))
def test_dns_query(closed_port: int, name: object, rtype: object) -> None:
    ns = [("127.0.0.1", closed_port)]
    result = outcome(
        (TypeError, ValueError, IolibError),
        lambda: dns_query(name, rtype, ns=ns, timeout=0.2),  # type: ignore[arg-type]
    )
    assert isinstance(result, DNSResponse | TypeError | ValueError | IolibError)
