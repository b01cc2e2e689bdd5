"""lookup_hostname, ensure_hostname and dns_query against real servers on loopback.

Each test runs against the test nameserver and against dnsmasq (``dns_server``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import iolib.dns
from iolib.address import ensure_address
from iolib.dns import (
    MX,
    SRV,
    DNSRecord,
    HostLookup,
    ResolverNoNameError,
    dns_query,
    ensure_hostname,
    lookup_hostname,
)
from tests.dns.dnsmasq import Dnsmasq

Address = tuple[str, int]
A1, A2 = ensure_address("192.0.2.1"), ensure_address("192.0.2.2")


class TestRecordTypes:
    """dns_query returns typed data for every record type."""

    @pytest.mark.parametrize(
        ("name", "rtype", "expected"),
        [
            ("host.test", "A", {A1, A2}),
            ("dual.test", "AAAA", {ensure_address("2001:db8::10")}),
            ("alias.test", "CNAME", {"host.test"}),
            ("mx.test", "MX", {MX(10, "mail.test")}),
            ("txt.test", "TXT", {(b"hello", b"world")}),
            ("_sip._udp.srv.test", "SRV", {SRV(0, 5, 5060, "sip.test")}),
            ("9.2.0.192.in-addr.arpa", "PTR", {"ptr.test"}),
        ],
    )
    def test_answer_data(
        self, dns_server: Address, name: str, rtype: str, expected: set[object]
    ) -> None:
        response = dns_query(name, rtype, ns=[dns_server], timeout=2)
        assert response.rcode == "NOERROR"
        assert "QR" in response.flags
        assert response.question == [(name, rtype, "IN")]
        assert {r.data for r in response.answer if r.type == rtype} == expected
        assert all(r.ttl == 300 for r in response.answer)

    def test_nxdomain_is_returned_not_raised(self, dns_server: Address) -> None:
        response = dns_query("missing.test", ns=[dns_server], timeout=2)
        assert response.rcode == "NXDOMAIN"
        assert response.answer == []

    def test_ptr_from_address_designator(self, dns_server: Address) -> None:
        response = dns_query("192.0.2.9", "PTR", ns=[dns_server], timeout=2)
        assert response.question[0].name == "9.2.0.192.in-addr.arpa"
        assert [r.data for r in response.answer] == ["ptr.test"]

    def test_opt_record_not_in_additional(self, dns_server: Address) -> None:
        response = dns_query("host.test", ns=[dns_server], timeout=2)
        assert all(r.type != "OPT" for r in response.additional)
        assert response.edns_payload is not None


class TestLookupHostname:
    """lookup_hostname's four values, CNAME chains and errors."""

    def test_a_records(self, dns_server: Address) -> None:
        result = lookup_hostname("host.test", ns=[dns_server], timeout=2)
        assert isinstance(result, HostLookup)
        assert {result.address, *result.addresses} == {A1, A2}
        assert len(result.addresses) == 1
        assert result.truename == "host.test"
        assert sorted(result.aliases) == sorted([("host.test", A1), ("host.test", A2)])

    def test_cname_chain_is_followed(self, dns_server: Address) -> None:
        result = lookup_hostname("chain.test", ns=[dns_server], timeout=2)
        assert result.truename == "host.test"
        assert {result.address, *result.addresses} == {A1, A2}
        names = [name for name, _ in result.aliases]
        assert set(names) == {"chain.test", "alias.test", "host.test"}

    def test_non_ascii_names_are_asked_in_idna(self, dns_server: Address) -> None:
        """bücher.test is asked as xn--bcher-kva.test and the answer to it is accepted."""
        result = lookup_hostname("Bücher.test", ns=[dns_server], timeout=2)
        assert result.address == ensure_address("192.0.2.40")
        assert result.truename == "xn--bcher-kva.test"

    def test_both_families_ipv6_first(self, dns_server: Address) -> None:
        result = lookup_hostname("dual.test", ipv6=True, ns=[dns_server], timeout=2)
        assert result.address == ensure_address("2001:db8::10")
        assert result.addresses == [ensure_address("192.0.2.10")]

    def test_ipv6_only(self, dns_server: Address) -> None:
        result = lookup_hostname("v6.test", ipv6="ipv6", ns=[dns_server], timeout=2)
        assert result.address == ensure_address("2001:db8::20")

    def test_both_families_with_only_one_present(self, dns_server: Address) -> None:
        result = lookup_hostname("host.test", ipv6=True, ns=[dns_server], timeout=2)
        assert {result.address, *result.addresses} == {A1, A2}

    def test_default_is_ipv4_only(self, dns_server: Address) -> None:
        with pytest.raises(ResolverNoNameError) as info:
            lookup_hostname("v6.test", ns=[dns_server], timeout=2)
        assert info.value.datum == "v6.test"

    def test_nxdomain(self, dns_server: Address) -> None:
        with pytest.raises(ResolverNoNameError) as info:
            lookup_hostname("missing.test", ns=[dns_server], timeout=2)
        assert info.value.datum == "missing.test"

    def test_no_data_of_the_type(self, dns_server: Address) -> None:
        with pytest.raises(ResolverNoNameError):
            lookup_hostname("mx.test", ns=[dns_server], timeout=2)

    def test_ensure_hostname_resolves_names(self, dns_server: Address) -> None:
        assert ensure_hostname("host.test", ns=[dns_server], timeout=2) in (A1, A2)

    def test_ensure_hostname_errorp_false(self, dns_server: Address) -> None:
        assert ensure_hostname("missing.test", ns=[dns_server], timeout=2, errorp=False) is None


class TestReverse:
    """Address designators become PTR queries."""

    def test_ipv4_reverse(self, dns_server: Address) -> None:
        result = lookup_hostname("192.0.2.9", ns=[dns_server], timeout=2)
        assert result == HostLookup(
            ensure_address("192.0.2.9"),
            [],
            "ptr.test",
            [("ptr.test", ensure_address("192.0.2.9"))],
        )

    def test_ipv6_reverse(self, dns_server: Address) -> None:
        result = lookup_hostname("2001:db8::10", ipv6=True, ns=[dns_server], timeout=2)
        assert result.truename == "dual.test"

    def test_reverse_of_an_address_object(self, dns_server: Address) -> None:
        assert lookup_hostname(A1, ns=[dns_server], timeout=2).truename == "host.test"

    def test_reverse_without_ptr(self, dns_server: Address) -> None:
        with pytest.raises(ResolverNoNameError) as info:
            lookup_hostname("192.0.2.200", ns=[dns_server], timeout=2)
        assert info.value.datum == "192.0.2.200"


class TestSearchList:
    """resolv.conf's search, domain and ndots."""

    def _conf(self, name_files: dict[str, Path], text: str) -> None:
        name_files["resolv_conf_file"].write_text(text)

    def test_short_name_uses_search_list(
        self, dns_server: Address, name_files: dict[str, Path]
    ) -> None:
        self._conf(name_files, "search nowhere.test corp.test\n")
        result = lookup_hostname("www", ns=[dns_server], timeout=2)
        assert result.address == ensure_address("192.0.2.30")
        assert result.truename == "www.corp.test"

    def test_domain_line_after_search_wins(
        self, dns_server: Address, name_files: dict[str, Path]
    ) -> None:
        self._conf(name_files, "search corp.test\ndomain lab.test\n")
        assert lookup_hostname("www", ns=[dns_server], timeout=2).truename == "www.lab.test"

    def test_name_with_enough_dots_is_tried_as_is_first(
        self, dns_server: Address, name_files: dict[str, Path]
    ) -> None:
        self._conf(name_files, "search corp.test\noptions ndots:1\n")
        assert lookup_hostname("host.test", ns=[dns_server], timeout=2).truename == "host.test"

    def test_ndots_sends_dotted_name_through_search_first(
        self, dns_server: Address, name_files: dict[str, Path]
    ) -> None:
        # www.corp has one dot, below ndots:2, so www.corp.test is asked before www.corp
        self._conf(name_files, "search test\noptions ndots:2\n")
        assert lookup_hostname("www.corp", ns=[dns_server], timeout=2).truename == "www.corp.test"

    def test_absolute_name_skips_search(
        self, dns_server: Address, name_files: dict[str, Path]
    ) -> None:
        self._conf(name_files, "search corp.test\n")
        with pytest.raises(ResolverNoNameError) as info:
            lookup_hostname("www.", ns=[dns_server], timeout=2)
        assert info.value.datum == "www."


class TestHostsFile:
    """The hosts file comes before DNS and is re-read when it changes."""

    def test_hosts_file_wins_over_dns(
        self, dns_server: Address, name_files: dict[str, Path]
    ) -> None:
        name_files["hosts_file"].write_text("192.0.2.99 host.test other\n")
        result = lookup_hostname("host.test", ns=[dns_server], timeout=2)
        assert result == HostLookup(
            ensure_address("192.0.2.99"),
            [],
            "host.test",
            [
                ("host.test", ensure_address("192.0.2.99")),
                ("other", ensure_address("192.0.2.99")),
            ],
        )

    def test_hosts_file_reload(self, dns_server: Address, name_files: dict[str, Path]) -> None:
        hosts = name_files["hosts_file"]
        hosts.write_text("192.0.2.98 moving.test\n")
        assert lookup_hostname("moving.test", ns=[dns_server]).address == ensure_address(
            "192.0.2.98"
        )
        hosts.write_text("192.0.2.97 moving.test  # moved\n")
        assert lookup_hostname("moving.test", ns=[dns_server]).address == ensure_address(
            "192.0.2.97"
        )
        hosts.write_text("")
        with pytest.raises(ResolverNoNameError):
            lookup_hostname("moving.test", ns=[dns_server], timeout=2)

    def test_hosts_file_parsed_once_per_change(
        self, dns_server: Address, name_files: dict[str, Path]
    ) -> None:
        from iolib.dns._files import HOSTS

        name_files["hosts_file"].write_text("".join(f"192.0.2.{i} h{i}.test\n" for i in range(200)))
        before = HOSTS.loads
        for i in range(50):
            assert lookup_hostname(f"h{i}.test", ns=[dns_server]).address == ensure_address(
                f"192.0.2.{i}"
            )
        assert HOSTS.loads == before + 1

    def test_hosts_reverse(self, dns_server: Address, name_files: dict[str, Path]) -> None:
        name_files["hosts_file"].write_text("192.0.2.1 fromhosts.test alias\n")
        result = lookup_hostname("192.0.2.1", ns=[dns_server], timeout=2)
        assert result.truename == "fromhosts.test"
        assert [name for name, _ in result.aliases] == ["fromhosts.test", "alias"]

    def test_assigning_hosts_file_takes_effect(
        self, dns_server: Address, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        other = tmp_path / "other-hosts"
        other.write_text("192.0.2.77 host.test\n")
        monkeypatch.setattr(iolib.dns, "hosts_file", str(other))
        assert lookup_hostname("host.test", ns=[dns_server]).address == ensure_address("192.0.2.77")


class TestCache:
    """Answers are cached only when asked, and clear_cache forgets them."""

    def test_cached_answer_is_reused(self, dns_server: Address) -> None:
        first = lookup_hostname("host.test", ns=[dns_server], timeout=2, cache=True)
        assert first.address in (A1, A2)
        key_count = len(iolib.dns._lookup.CACHE)
        assert key_count == 1
        iolib.dns.clear_cache()
        assert len(iolib.dns._lookup.CACHE) == 0


def test_record_is_a_named_tuple(dns_server: Address) -> None:
    record = dns_query("host.test", ns=[dns_server], timeout=2).answer[0]
    assert isinstance(record, DNSRecord)
    name, rtype, ttl, data = record
    assert (name, rtype, ttl) == ("host.test", "A", 300)
    assert data in (A1, A2)


class TestDnsmasqIsolation:
    """dnsmasq answers only its own records and never forwards."""

    def test_outside_name_is_refused_not_forwarded(self, dnsmasq: Dnsmasq) -> None:
        response = dns_query("example.com", ns=[dnsmasq.address], timeout=2)
        assert response.rcode == "REFUSED"
        assert response.answer == []

    def test_command_has_no_upstream(self, dnsmasq: Dnsmasq) -> None:
        command = dnsmasq.command()
        assert "--no-resolv" in command
        assert "--conf-file=/dev/null" in command
        assert not any(arg.startswith(("--server", "--resolv-file")) for arg in command)
        assert "--listen-address=127.0.0.1" in command

    def test_process_is_reaped(self) -> None:
        from tests.dns.conftest import dnsmasq_executable
        from tests.dns.zonedata import dnsmasq_options

        with Dnsmasq(dnsmasq_executable(), dnsmasq_options()) as server:
            process = server.process
            assert process is not None and process.poll() is None
        assert process.returncode is not None


def test_missing_dnsmasq_fails_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.dns.conftest as fixtures

    monkeypatch.setattr(fixtures, "find_dnsmasq", lambda: None)
    monkeypatch.setenv("IOLIB_REQUIRE_DNSMASQ", "1")
    with pytest.raises(pytest.fail.Exception):
        fixtures.dnsmasq_executable()
    monkeypatch.setenv("IOLIB_REQUIRE_DNSMASQ", "0")
    with pytest.raises(pytest.skip.Exception):
        fixtures.dnsmasq_executable()


def test_lookups_from_many_threads(dns_server: Address) -> None:
    import concurrent.futures

    names = ["host.test", "dual.test", "chain.test", "www.corp.test"] * 10
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: lookup_hostname(n, ns=[dns_server], timeout=5), names))
    assert [r.truename for r in results[:4]] == [
        "host.test",
        "dual.test",
        "host.test",
        "www.corp.test",
    ]
    assert all(r.truename == results[i % 4].truename for i, r in enumerate(results))
