"""Host and service names in socket designators, resolved through iolib.dns.

A test nameserver on 127.0.0.1 serves the names; resolv.conf points at it with
the ``[address]:port`` form, so sockets find it as any program would.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import iolib.dns
from iolib.address import IPv4Address, ensure_address
from iolib.dns import ResolverAgainError, ResolverNoNameError, UnknownService
from iolib.sockets import PassiveSocket, make_socket, socket_connect
from iolib.sockets._designators import resolve_host
from tests.dns.nameserver import Nameserver, Zone

from .conftest import needs_ipv6, use_nameserver


@pytest.fixture
def nameserver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Nameserver]:
    """A nameserver for *.test names that resolv.conf names; an empty hosts file."""
    zone = Zone()
    zone.add("svc.test", "A", ensure_address("127.0.0.1"))
    zone.add("dual.test", "A", ensure_address("127.0.0.1"))
    zone.add("dual.test", "AAAA", ensure_address("::1"))
    zone.add("www.test", "CNAME", "svc.test")
    with Nameserver(zone) as server:
        use_nameserver(server.port, tmp_path, monkeypatch)
        yield server


def _silence(
    server: Nameserver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: str
) -> None:
    """Make ``server`` answer nothing, and resolv.conf name it with these options."""
    server.handler = lambda query: []
    use_nameserver(server.port, tmp_path, monkeypatch, options)


def _asked(server: Nameserver) -> list[tuple[str, str]]:
    return [(q.message.question[0].name, q.message.question[0].type) for q in server.queries]


def test_make_socket_connects_to_a_name_from_dns(
    nameserver: Nameserver, tcp_listener: PassiveSocket
) -> None:
    """remote_host names go to the nameserver; CNAMEs are followed."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with make_socket(remote_host="www.test", remote_port=port) as client:
        assert client.remote_host == IPv4Address((127, 0, 0, 1))  # type: ignore[attr-defined]
        with tcp_listener.accept_connection(timeout=5):
            pass
    assert ("www.test", "A") in _asked(nameserver)


def test_both_families_are_asked_when_the_family_is_open(nameserver: Nameserver) -> None:
    """With ipv6 unset a socket asks AAAA and A (Happy Eyeballs needs both); IPv4 comes first."""
    assert [str(a) for a in resolve_host("dual.test")] == ["127.0.0.1", "::1"]
    assert sorted(t for _, t in _asked(nameserver)) == ["A", "AAAA"]
    nameserver.queries.clear()
    assert [str(a) for a in resolve_host("dual.test", ipv6=False)] == ["127.0.0.1"]
    assert _asked(nameserver) == [("dual.test", "A")]


@needs_ipv6
def test_happy_eyeballs_falls_back_from_a_refusing_ipv6_address(
    nameserver: Nameserver, tcp_listener: PassiveSocket
) -> None:
    """dual.test has ::1 (nothing listens) and 127.0.0.1 (the listener): the connect succeeds."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with socket_connect("dual.test", port, timeout=10) as client:
        assert client.remote_host == IPv4Address((127, 0, 0, 1))  # type: ignore[attr-defined]
        with tcp_listener.accept_connection(timeout=5):
            pass


def test_an_unknown_name_raises_the_resolver_error(nameserver: Nameserver) -> None:
    """NXDOMAIN: ResolverNoNameError with the name as datum, before any socket is made."""
    with pytest.raises(ResolverNoNameError) as info:
        make_socket(remote_host="nowhere.test", remote_port=9)
    assert info.value.datum == "nowhere.test"
    with pytest.raises(ResolverNoNameError):
        socket_connect("nowhere.test", 9)


def test_a_silent_nameserver_gives_resolver_again(
    nameserver: Nameserver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No answer within resolv.conf's timeout: ResolverAgainError, not a SocketError or a hang."""
    _silence(nameserver, tmp_path, monkeypatch, "timeout:1 attempts:1")
    with pytest.raises(ResolverAgainError):
        make_socket(type="datagram", remote_host="svc.test", remote_port=9)


@pytest.mark.parametrize("ipv6", [None, False, True, "ipv6"])
def test_localhost_never_reaches_the_nameserver(nameserver: Nameserver, ipv6: object) -> None:
    """RFC 6761: localhost is loopback without asking DNS, even when the hosts file lacks it."""
    addresses = resolve_host("localhost", ipv6=ipv6)  # type: ignore[arg-type]
    assert addresses and all(a.is_loopback for a in addresses)
    assert resolve_host("api.localhost", ipv6=ipv6)  # type: ignore[arg-type]
    with pytest.raises(ResolverNoNameError):
        resolve_host("x.invalid", ipv6=ipv6)  # type: ignore[arg-type]
    assert nameserver.queries == []


def test_service_names_come_from_lookup_service(
    nameserver: Nameserver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Port names go through iolib.dns.services_file; unknown ones raise UnknownService."""
    services = tmp_path / "services"
    with make_socket(type="datagram", local_host="127.0.0.1", local_port=0) as server:
        services.write_text(f"iolibsvc {server.local_port}/udp\n")  # type: ignore[attr-defined]
        monkeypatch.setattr(iolib.dns, "services_file", str(services))
        with make_socket(type="datagram", remote_host="svc.test", remote_port="iolibsvc") as c:
            assert c.remote_port == server.local_port  # type: ignore[attr-defined]
    with pytest.raises(UnknownService) as info:
        make_socket(remote_host="127.0.0.1", remote_port="iolibsvc")  # tcp: the file has udp only
    assert info.value.datum == "iolibsvc"


def test_the_connect_timeout_bounds_the_lookup_too(
    nameserver: Nameserver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A silent nameserver with resolv.conf's 5 s x 2 tries: socket_connect's timeout wins."""
    _silence(nameserver, tmp_path, monkeypatch, "timeout:5 attempts:2")
    start = time.monotonic()
    with pytest.raises(ResolverAgainError):
        socket_connect("svc.test", 9, timeout=0.3)
    assert time.monotonic() - start < 3
