"""Host, port and filename designators, and the hosts / services files behind names."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iolib.dns
from iolib.address import AddressParseError, IPv4Address, IPv6Address, LocalAddress
from iolib.dns import ResolverError, ResolverNoNameError, UnknownService
from iolib.sockets._designators import ensure_filename, resolve_host, resolve_port
from tests.dns.nameserver import Nameserver, Zone

from .conftest import use_nameserver

V4 = IPv4Address((127, 0, 0, 1))
V6 = IPv6Address((0, 0, 0, 0, 0, 0, 0, 1))


@pytest.mark.parametrize(
    ("designator", "expected"),
    [
        ("127.0.0.1", V4),
        ("::1", V6),
        (V4, V4),
        ((127, 0, 0, 1), V4),
        (0x7F000001, V4),
        (b"\x7f\x00\x00\x01", V4),
        (ipaddress.ip_address("127.0.0.1"), V4),
        (ipaddress.ip_address("::1"), V6),
    ],
)
def test_address_designators_need_no_lookup(designator: object, expected: object) -> None:
    """Numeric designators give their one address."""
    assert resolve_host(designator) == [expected]


@pytest.mark.parametrize(
    ("designator", "error"),
    [
        ((127, 0, 0), AddressParseError),
        (-1, AddressParseError),
        (2**200, AddressParseError),
        (b"abc", AddressParseError),
        ("", AddressParseError),
        (None, TypeError),
        (1.5, TypeError),
        (True, TypeError),
        (LocalAddress("/tmp/x"), TypeError),
        ("no-such-host.invalid", ResolverNoNameError),
    ],
)
def test_bad_host_designators(designator: object, error: type[Exception]) -> None:
    """Bad designators raise only documented errors."""
    with pytest.raises(error):
        resolve_host(designator)


@pytest.fixture
def hosts_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hosts file in tmp_path that iolib.dns.hosts_file points at."""
    path = tmp_path / "hosts"
    path.write_text(
        "# comment\n"
        "127.0.0.1 localhost\n"
        "127.0.0.2   both.test alias.test # trailing\n"
        "::1 both.test v6only.test\n"
        "not-an-address bad.test\n"
        "\n"
    )
    monkeypatch.setattr(iolib.dns, "hosts_file", str(path))
    return path


def test_names_resolve_through_the_hosts_file(hosts_file: Path) -> None:
    """Names and aliases are found, case-insensitively, IPv4 first by default."""
    assert resolve_host("both.test") == [IPv4Address((127, 0, 0, 2)), V6]
    assert resolve_host("ALIAS.test") == [IPv4Address((127, 0, 0, 2))]
    assert resolve_host("both.test", ipv6=True) == [V6, IPv4Address((127, 0, 0, 2))]
    assert resolve_host("both.test", ipv6="ipv6") == [V6]
    assert resolve_host("both.test", ipv6=False) == [IPv4Address((127, 0, 0, 2))]
    with pytest.raises(ResolverError) as info:
        resolve_host("v6only.test", ipv6=False)
    assert info.value.datum == "v6only.test"
    with pytest.raises(ResolverError):
        resolve_host("bad.test")  # its line is skipped; DNS (a loopback server) has no answer


def test_the_hosts_file_is_reread_when_it_changes(hosts_file: Path) -> None:
    """An edit (new mtime) is seen by the next lookup."""
    assert resolve_host("both.test")[0] == IPv4Address((127, 0, 0, 2))
    hosts_file.write_text("127.0.0.9 both.test\n")
    stat = hosts_file.stat()
    os.utime(hosts_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert resolve_host("both.test") == [IPv4Address((127, 0, 0, 9))]


def test_localhost_works_without_a_hosts_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """localhost resolves even when the hosts file is missing."""
    monkeypatch.setattr(iolib.dns, "hosts_file", str(tmp_path / "missing"))
    assert resolve_host("localhost") == [V4, V6]
    assert resolve_host("localhost", ipv6="ipv6") == [V6]


@pytest.mark.parametrize(
    ("port", "expected"), [(0, 0), (80, 80), (65535, 65535), ("8080", 8080), ("0", 0)]
)
def test_port_numbers(port: object, expected: int) -> None:
    """Ints and decimal strings are ports."""
    assert resolve_port(port) == expected


@pytest.mark.parametrize(
    ("port", "error"),
    [
        (-1, TypeError),
        (65536, TypeError),
        ("70000", TypeError),
        (True, TypeError),
        (1.0, TypeError),
        (None, TypeError),
        ("no-such-service", UnknownService),
    ],
)
def test_bad_ports(port: object, error: type[Exception]) -> None:
    """Out-of-range numbers are TypeErrors (IOLib's check-type), unknown names UnknownService."""
    with pytest.raises(error):
        resolve_port(port)


def test_service_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Service names and aliases come from the services file, per protocol."""
    path = tmp_path / "services"
    path.write_text("http 80/tcp www # web\ndomain 53/udp\nbroken x/tcp\nbig 99999/tcp\n")
    monkeypatch.setattr(iolib.dns, "services_file", str(path))
    assert resolve_port("http") == 80
    assert resolve_port("www") == 80
    assert resolve_port("domain", "udp") == 53
    assert resolve_port("domain", "any") == 53
    with pytest.raises(UnknownService):
        resolve_port("domain", "tcp")
    with pytest.raises(UnknownService):
        resolve_port("big")


@pytest.mark.parametrize(
    ("designator", "expected"),
    [
        ("/tmp/sock", LocalAddress("/tmp/sock")),
        (Path("/tmp/sock"), LocalAddress("/tmp/sock")),
        (LocalAddress("name", abstract=True), LocalAddress("name", abstract=True)),
    ],
)
def test_filenames(designator: object, expected: LocalAddress) -> None:
    """str, PathLike and LocalAddress are filename designators."""
    assert ensure_filename(designator) == expected


@pytest.mark.parametrize("designator", [None, 3, b"/tmp/x", ("a",)])
def test_bad_filenames(designator: object) -> None:
    """Anything else is a TypeError."""
    with pytest.raises(TypeError):
        ensure_filename(designator)


@pytest.fixture
def nxdomain_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """resolv.conf names a loopback nameserver that knows no name; the hosts file is empty."""
    with Nameserver(Zone()) as server:
        use_nameserver(server.port, tmp_path, monkeypatch)
        yield


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.one_of(st.text(max_size=40), st.integers(), st.binary(max_size=20), st.none()))
def test_arbitrary_hosts_raise_only_documented_errors(nxdomain_server: None, value: object) -> None:
    """Any input either resolves or raises TypeError, ValueError or a ResolverError."""
    try:
        result = resolve_host(value)
    except (TypeError, ValueError, ResolverError):
        return
    assert result
