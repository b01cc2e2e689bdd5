"""The public surface of iolib.dns: names, argument checks, module attributes, hosts lookups."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import iolib
import iolib.dns
from iolib.address import AddressParseError, LocalAddress, ensure_address
from iolib.dns import (
    HostLookup,
    ResolverAgainError,
    ResolverError,
    ResolverFailError,
    ResolverNoNameError,
    ResolverUnknownError,
    dns_query,
    ensure_hostname,
    lookup_hostname,
)
from tests.dns.nameserver import Nameserver

API_NAMES = {
    "lookup_hostname", "ensure_hostname", "dns_query", "lookup_service", "lookup_protocol",
    "list_network_interfaces", "lookup_interface", "make_interface", "clear_cache",
    "HostLookup", "Service", "Protocol", "Interface", "DNSResponse", "DNSRecord",
    "MX", "SRV", "SOA",
    "ResolverError", "ResolverAgainError", "ResolverFailError", "ResolverNoNameError",
    "ResolverUnknownError", "UnknownService", "UnknownProtocol", "UnknownInterface",
}  # fmt: skip
LOCAL = ensure_address("127.0.0.1")


def test_all_is_the_api() -> None:
    assert set(iolib.dns.__all__) == API_NAMES
    for name in API_NAMES:
        assert getattr(iolib, name) is getattr(iolib.dns, name)


def test_error_tree() -> None:
    for error in (ResolverAgainError, ResolverFailError, ResolverNoNameError, ResolverUnknownError):
        assert issubclass(error, ResolverError)
    assert issubclass(ResolverError, iolib.IolibError)
    error = ResolverNoNameError("x.test")
    assert error.datum == "x.test"
    assert "x.test" in str(error)


def test_module_attribute_defaults() -> None:
    code = (
        "import iolib.dns as d; "
        "print(d.hosts_file, d.resolv_conf_file, d.services_file, d.protocols_file, d.default_ipv6)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOLIB_")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert out.stdout.split() == [
        "/etc/hosts",
        "/etc/resolv.conf",
        "/etc/services",
        "/etc/protocols",
        "False",
    ]


def test_module_attributes_from_environment(tmp_path: Path) -> None:
    hosts = tmp_path / "hosts"
    hosts.write_text("192.0.2.44 envhost.test\n")
    env = {
        **os.environ,
        "IOLIB_HOSTS_FILE": str(hosts),
        "IOLIB_RESOLV_CONF": "/nonexistent/resolv.conf",
        "IOLIB_SERVICES_FILE": "/nonexistent/services",
        "IOLIB_PROTOCOLS_FILE": "/nonexistent/protocols",
    }
    code = "import iolib; print(iolib.dns.hosts_file, iolib.ensure_hostname('envhost.test'))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert out.stdout.split() == [str(hosts), "192.0.2.44"]


class TestSpecialUseNames:
    """RFC 6761: localhost is loopback and .invalid absent, with no hosts line and no server."""

    def test_localhost_without_a_hosts_line(self, nameserver: Nameserver) -> None:
        ns = nameserver.address
        assert lookup_hostname("localhost", ns=ns) == HostLookup(
            LOCAL, [], "localhost", [("localhost", LOCAL)]
        )
        v6 = ensure_address("::1")
        both = lookup_hostname("Dev.LocalHost.", ipv6=True, ns=ns)
        assert both == HostLookup(
            v6, [LOCAL], "dev.localhost", [("dev.localhost", v6), ("dev.localhost", LOCAL)]
        )
        assert ensure_hostname("localhost", ipv6="ipv6", ns=ns) == v6
        with pytest.raises(ResolverNoNameError) as info:
            lookup_hostname("host.invalid", ns=ns)
        assert info.value.datum == "host.invalid"
        assert nameserver.queries == []

    def test_the_hosts_file_still_wins(self, name_files: dict[str, Path]) -> None:
        name_files["hosts_file"].write_text("127.0.0.5 localhost\n")
        assert lookup_hostname("localhost").address == ensure_address("127.0.0.5")


class TestHostsOnly:
    """Lookups answered from the hosts file alone (no server is ever asked)."""

    HOSTS = (
        "127.0.0.1 localhost me\n::1 localhost ip6-localhost\n192.0.2.7 multi\n192.0.2.8 multi\n"
    )

    @pytest.fixture(autouse=True)
    def hosts(self, name_files: dict[str, Path]) -> None:
        name_files["hosts_file"].write_text(self.HOSTS)

    def test_ensure_hostname_localhost_is_ipv4(self) -> None:
        assert ensure_hostname("localhost") == LOCAL

    def test_ipv6_modes(self) -> None:
        assert lookup_hostname("localhost", ipv6=False).address == LOCAL
        assert lookup_hostname("localhost", ipv6="ipv6").address == ensure_address("::1")
        both = lookup_hostname("localhost", ipv6=True)
        assert both.address == ensure_address("::1")
        assert both.addresses == [LOCAL]

    def test_default_ipv6_attribute(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(iolib.dns, "default_ipv6", "ipv6")
        assert lookup_hostname("localhost").address == ensure_address("::1")

    def test_several_lines_for_one_name(self) -> None:
        result = lookup_hostname("multi")
        assert result == HostLookup(
            ensure_address("192.0.2.7"),
            [ensure_address("192.0.2.8")],
            "multi",
            [
                ("multi", ensure_address("192.0.2.7")),
                ("multi", ensure_address("192.0.2.8")),
            ],
        )

    def test_alias_gives_canonical_truename(self) -> None:
        result = lookup_hostname("me")
        assert result.truename == "localhost"
        assert result.aliases == [("localhost", LOCAL), ("me", LOCAL)]

    def test_reverse_from_hosts(self) -> None:
        assert lookup_hostname("127.0.0.1").truename == "localhost"
        assert lookup_hostname("::1", ipv6=True).truename == "localhost"

    def test_ipv4_as_mapped_with_ipv6_mode(self) -> None:
        name_files_text = self.HOSTS + "::ffff:192.0.2.9 mapped\n"
        Path(iolib.dns.hosts_file).write_text(name_files_text)
        result = lookup_hostname("192.0.2.9", ipv6="ipv6")
        assert result.address == ensure_address("::ffff:192.0.2.9")
        assert result.truename == "mapped"

    def test_mapped_address_unmapped_without_ipv6_mode(self) -> None:
        assert lookup_hostname("::ffff:127.0.0.1").address == LOCAL


class TestEnsureHostname:
    """Address designators come back without any lookup."""

    @pytest.mark.parametrize(
        ("designator", "expected"),
        [
            ("192.0.2.1", "192.0.2.1"),
            ("2001:db8::1", "2001:db8::1"),
            ((192, 0, 2, 1), "192.0.2.1"),
            (b"\xc0\x00\x02\x01", "192.0.2.1"),
            (0xC0000201, "192.0.2.1"),
            (ensure_address("::1"), "::1"),
        ],
    )
    def test_addresses(self, designator: object, expected: str) -> None:
        assert ensure_hostname(designator) == ensure_address(expected)

    @pytest.mark.parametrize("bad", [(127, 0, 0), 2**200, -1, b"abc", 1.5])
    def test_non_str_non_address_is_a_parse_error(self, bad: object) -> None:
        with pytest.raises(AddressParseError):
            ensure_hostname(bad)
        with pytest.raises(AddressParseError):
            ensure_hostname(bad, errorp=False)

    def test_local_address_is_a_type_error(self) -> None:
        with pytest.raises(TypeError):
            ensure_hostname(LocalAddress("/tmp/x"))


class TestArguments:
    """Bad arguments raise TypeError / ValueError before anything is sent."""

    @pytest.mark.parametrize("ipv6", ["yes", 1, 0, "IPV6", []])
    def test_bad_ipv6(self, ipv6: object) -> None:
        with pytest.raises(TypeError):
            lookup_hostname("localhost", ipv6=ipv6)

    @pytest.mark.parametrize(
        "ns", [[], [("127.0.0.1", 0)], [("127.0.0.1", 70000)], [("127.0.0.1", True)]]
    )
    def test_bad_ns_type(self, ns: object) -> None:
        with pytest.raises(TypeError):
            lookup_hostname("x.test", ns=ns)

    @pytest.mark.parametrize(
        "ns", ["not-an-address", ["127.0.0.1", "bogus"], [("127.0.0.1", "53")], 5.0, ["host.test"]]
    )
    def test_bad_ns_value(self, ns: object) -> None:
        with pytest.raises(ValueError):
            lookup_hostname("x.test", ns=ns)

    @pytest.mark.parametrize("timeout", ["1", True])
    def test_bad_timeout_type(self, timeout: object) -> None:
        with pytest.raises(TypeError):
            lookup_hostname("x.test", ns="127.0.0.1", timeout=timeout)  # type: ignore[arg-type]

    def test_negative_timeout(self) -> None:
        with pytest.raises(ValueError):
            lookup_hostname("x.test", ns="127.0.0.1", timeout=-1)

    @pytest.mark.parametrize("host", ["", ".", "a..b", "x" * 300, "-" * 64 + ".test"])
    def test_malformed_names_are_no_name(self, host: str) -> None:
        with pytest.raises(ResolverNoNameError) as info:
            lookup_hostname(host, ns="127.0.0.1", timeout=0.5)
        assert info.value.datum == host

    def test_non_str_host(self) -> None:
        with pytest.raises(ValueError):
            lookup_hostname(3.5)

    def test_dns_query_bad_type_and_name(self) -> None:
        with pytest.raises(ValueError):
            dns_query("a.test", "BOGUS", ns="127.0.0.1")
        with pytest.raises(ValueError):
            dns_query("a..test", ns="127.0.0.1")
        with pytest.raises(TypeError):
            dns_query(42, "A", ns="127.0.0.1")


class TestNsDesignators:
    """ns takes one designator or a list of them."""

    @pytest.mark.parametrize("form", ["tuple", "list", "list-of-str-port-default"])
    def test_forms(self, nameserver: Nameserver, form: str) -> None:
        ns: object = {
            "tuple": nameserver.address,
            "list": [nameserver.address],
            "list-of-str-port-default": [nameserver.address],
        }[form]
        assert lookup_hostname("host.test", ns=ns, timeout=2).truename == "host.test"

    def test_address_object_host(self, nameserver: Nameserver) -> None:
        ns = (ensure_address("127.0.0.1"), nameserver.port)
        assert dns_query("host.test", ns=ns, timeout=2).rcode == "NOERROR"

    def test_resolv_conf_nameserver_is_used_without_ns(
        self, nameserver: Nameserver, name_files: dict[str, Path]
    ) -> None:
        # resolv.conf cannot name a port, so only the server list and its settings are checked here
        name_files["resolv_conf_file"].write_text(
            "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"
        )
        from iolib.dns._files import resolv_conf

        assert resolv_conf().nameservers == ("127.0.0.1",)


@pytest.mark.parametrize(
    "error",
    [
        ResolverNoNameError("x.test", "no such host"),
        ResolverAgainError(("a", 1)),
        iolib.UnknownService(1024),
        iolib.UnknownInterface(""),
    ],
)
def test_errors_pickle_with_their_datum(error: Exception) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert again.datum == error.datum  # type: ignore[attr-defined]
    assert str(again) == str(error)


def test_public_classes_report_iolib_dns() -> None:
    assert iolib.dns.UnknownInterface.__module__ == "iolib.dns"
    assert repr(iolib.dns.MX(1, "a")) == "MX(preference=1, exchange='a')"


class TestAddressAdapter:
    """The one module that builds addresses."""

    def test_parse_ip(self) -> None:
        from iolib.dns._addr import parse_ip

        assert parse_ip("192.0.2.1") == ensure_address("192.0.2.1")
        assert parse_ip(b"192.0.2.1") is None  # type: ignore[arg-type]
        assert parse_ip("host.test") is None

    def test_from_packed_and_scoped(self) -> None:
        from iolib.dns._addr import from_packed, map_to_ipv6, scoped, unmap_ipv4

        with pytest.raises(ValueError):
            from_packed(b"\x01\x02")
        v4 = ensure_address("192.0.2.1")
        assert scoped(v4, "lo") == v4
        v6 = ensure_address("::1")
        assert map_to_ipv6(v6) == v6
        assert unmap_ipv4(v6) == v6
        assert unmap_ipv4(map_to_ipv6(v4)) == v4


def test_ensure_hostname_raises_when_errorp(name_files: dict[str, Path]) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ResolverAgainError) as info:
        ensure_hostname("nowhere.test", ns=[("127.0.0.1", port)], timeout=0.5)
    assert info.value.datum == "nowhere.test"


def test_unhashable_nameserver_designator() -> None:
    from iolib.dns._lookup import _servers
    from iolib.dns._resolvconf import ResolvConf

    assert _servers([[127, 0, 0, 1]], ResolvConf()) == (("127.0.0.1", 53),)
    assert _servers([(bytearray(b"\x7f\x00\x00\x01"), 5353)], ResolvConf()) == (
        ("127.0.0.1", 5353),
    )
