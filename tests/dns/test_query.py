"""The resolver against a misbehaving server: spoofed, broken, truncated, silent, failing."""

from __future__ import annotations

import socket
import time

import pytest

from iolib.address import ensure_address
from iolib.dns import (
    ResolverAgainError,
    ResolverFailError,
    ResolverNoNameError,
    ResolverUnknownError,
    dns_query,
    lookup_hostname,
)
from iolib.dns._message import DNSRecord, Question, encode_message
from tests.dns.dnsmasq import Dnsmasq
from tests.dns.nameserver import Nameserver, Query, Send, Zone, reply
from tests.dns.zonedata import make_zone

A1 = ensure_address("192.0.2.1")


def good(server: Nameserver, query: Query) -> Send:
    """The correct answer from the zone."""
    return Send(encode_message(server.zone.answer(query.message)))


class TestSpoofedRepliesAreIgnored:
    """Bad replies arrive first; the real one after them still wins."""

    @pytest.mark.parametrize(
        "bad",
        [
            "wrong_id",
            "wrong_port",
            "wrong_question",
            "trailing_garbage",
            "garbage",
            "not_a_response",
            "short",
        ],
    )
    def test_bad_reply_then_good(self, nameserver: Nameserver, bad: str) -> None:
        def handler(query: Query) -> list[Send]:
            message = query.message
            answer = nameserver.zone.answer(message)
            bad_send = {
                "wrong_id": lambda: Send(encode_message(reply(message, ident=message.id ^ 1))),
                "wrong_port": lambda: Send(
                    encode_message(
                        reply(
                            message,
                            answer=[DNSRecord("host.test", "A", 60, ensure_address("6.6.6.6"))],
                        )
                    ),
                    wrong_port=True,
                ),
                "wrong_question": lambda: Send(
                    encode_message(reply(message, question=[Question("evil.test", "A", "IN")]))
                ),
                "trailing_garbage": lambda: Send(encode_message(answer) + b"\0junk"),
                "garbage": lambda: Send(message.id.to_bytes(2, "big") + b"\x81\x80" + b"\xff" * 40),
                "not_a_response": lambda: Send(encode_message(message)),
                "short": lambda: Send(b"\x12"),
            }[bad]()
            return [bad_send, Send(encode_message(answer))]

        nameserver.handler = handler
        result = lookup_hostname("host.test", ns=[nameserver.address], timeout=2)
        assert {result.address, *result.addresses} == {A1, ensure_address("192.0.2.2")}

    def test_only_spoofed_replies_time_out(self, nameserver: Nameserver) -> None:
        def handler(query: Query) -> list[Send]:
            return [Send(encode_message(reply(query.message, ident=query.message.id ^ 0xFFFF)))]

        nameserver.handler = handler
        start = time.monotonic()
        with pytest.raises(ResolverAgainError) as info:
            lookup_hostname("host.test", ns=[nameserver.address], timeout=0.3)
        assert time.monotonic() - start < 2
        assert info.value.datum == "host.test"


class TestIdsAndPorts:
    """Each query has its own random id and source port."""

    def test_fresh_id_and_port_per_query(self, nameserver: Nameserver) -> None:
        for _ in range(8):
            dns_query("host.test", ns=[nameserver.address], timeout=2)
        ids = {q.message.id for q in nameserver.queries}
        ports = {q.source[1] for q in nameserver.queries}
        assert len(ids) >= 6
        assert len(ports) >= 6

    def test_query_advertises_edns_1232(self, nameserver: Nameserver) -> None:
        dns_query("host.test", ns=[nameserver.address], timeout=2)
        assert nameserver.queries[0].message.edns_payload == 1232
        assert "RD" in nameserver.queries[0].message.flags


class TestTruncation:
    """A UDP reply with TC set is retried over TCP."""

    def test_tc_forces_tcp(self, nameserver: Nameserver) -> None:
        def handler(query: Query) -> list[Send]:
            if query.transport == "udp":
                full = nameserver.zone.answer(query.message)
                cut = encode_message(reply(query.message, flags={"TC"}, answer=full.answer))
                return [Send(cut[: 12 + len("host.test") + 2 + 4 + 5])]  # cut inside the answer
            return [good(nameserver, query)]

        nameserver.handler = handler
        response = dns_query("host.test", ns=[nameserver.address], timeout=2)
        assert len(response.answer) == 2
        assert "TC" not in response.flags
        assert [q.transport for q in nameserver.queries] == ["udp", "tcp"]

    def test_truncated_answer_kept_when_tcp_fails(self, nameserver: Nameserver) -> None:
        def handler(query: Query) -> list[Send]:
            if query.transport == "tcp":
                return []  # the connection closes with no reply
            full = nameserver.zone.answer(query.message)
            return [
                Send(encode_message(reply(query.message, flags={"TC"}, answer=full.answer[:1])))
            ]

        nameserver.handler = handler
        response = dns_query("host.test", ns=[nameserver.address], timeout=2)
        assert "TC" in response.flags
        assert len(response.answer) == 1
        assert "tcp" in [q.transport for q in nameserver.queries]

    def test_tcp_true_asks_over_tcp_at_once(self, nameserver: Nameserver) -> None:
        dns_query("host.test", ns=[nameserver.address], timeout=2, tcp=True)
        assert [q.transport for q in nameserver.queries] == ["tcp"]

    def test_dnsmasq_truncates_big_answer(self, dnsmasq_executable_path: str) -> None:
        strings = ",".join("x" * 200 for _ in range(10))
        with Dnsmasq(dnsmasq_executable_path, [f"--txt-record=big.test,{strings}"]) as server:
            response = dns_query("big.test", "TXT", ns=[server.address], timeout=2)
        assert response.answer[0].data == tuple(b"x" * 200 for _ in range(10))


class TestFailures:
    """Rcodes and silence map to the documented errors."""

    @pytest.mark.parametrize(
        ("rcode", "error"),
        [
            ("SERVFAIL", ResolverAgainError),
            ("REFUSED", ResolverFailError),
            ("FORMERR", ResolverFailError),
            ("NOTIMP", ResolverFailError),
            ("NXDOMAIN", ResolverNoNameError),
            ("YXDOMAIN", ResolverUnknownError),
        ],
    )
    def test_rcode_mapping(
        self, nameserver: Nameserver, rcode: str, error: type[Exception]
    ) -> None:
        nameserver.handler = lambda q: [Send(encode_message(reply(q.message, rcode=rcode)))]
        with pytest.raises(error) as info:
            lookup_hostname("host.test", ns=[nameserver.address], timeout=2)
        assert getattr(info.value, "datum", None) == "host.test"

    def test_dns_query_returns_any_rcode(self, nameserver: Nameserver) -> None:
        nameserver.handler = lambda q: [Send(encode_message(reply(q.message, rcode="SERVFAIL")))]
        assert dns_query("host.test", ns=[nameserver.address], timeout=2).rcode == "SERVFAIL"

    def test_silent_server_times_out_quickly(self, nameserver: Nameserver) -> None:
        nameserver.handler = lambda q: []
        start = time.monotonic()
        with pytest.raises(ResolverAgainError) as info:
            lookup_hostname("host.test", ns=[nameserver.address], timeout=0.3)
        elapsed = time.monotonic() - start
        assert 0.25 <= elapsed < 1.5
        assert info.value.datum == "host.test"
        assert len(nameserver.queries) == 2  # resolv.conf's default: 2 attempts

    def test_dns_query_silent_server(self, nameserver: Nameserver) -> None:
        nameserver.handler = lambda q: []
        with pytest.raises(ResolverAgainError):
            dns_query("host.test", ns=[nameserver.address], timeout=0.2)

    def test_closed_port_is_again_error(self) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        start = time.monotonic()
        with pytest.raises(ResolverAgainError):
            lookup_hostname("host.test", ns=[("127.0.0.1", port)], timeout=2)
        assert time.monotonic() - start < 1.5  # ICMP refusal ends each try early

    def test_second_server_answers_when_first_is_silent(self, nameserver: Nameserver) -> None:
        with Nameserver(Zone()) as silent:
            silent.handler = lambda q: []
            result = lookup_hostname(
                "host.test", ns=[silent.address, nameserver.address], timeout=1
            )
        assert result.address in (A1, ensure_address("192.0.2.2"))
        assert len(silent.queries) == 1

    def test_servfail_moves_to_next_server(self, nameserver: Nameserver) -> None:
        with Nameserver(Zone()) as failing:
            failing.handler = lambda q: [Send(encode_message(reply(q.message, rcode="SERVFAIL")))]
            result = lookup_hostname(
                "host.test", ns=[failing.address, nameserver.address], timeout=2
            )
        assert result.truename == "host.test"

    def test_resolv_conf_attempts_and_timeout(
        self, nameserver: Nameserver, name_files: dict
    ) -> None:
        name_files["resolv_conf_file"].write_text("options timeout:1 attempts:3\n")
        nameserver.handler = lambda q: []
        with pytest.raises(ResolverAgainError):
            lookup_hostname("host.test", ns=[nameserver.address], timeout=0.3)
        assert len(nameserver.queries) == 3


class TestIPv6Transport:
    """A nameserver on ::1."""

    def test_query_over_ipv6_loopback(self) -> None:
        try:
            server = Nameserver(make_zone(), host="::1")
        except OSError:
            pytest.skip("cannot bind ::1")
        with server:
            response = dns_query("host.test", ns=[server.address], timeout=2)
            tcp = dns_query("host.test", ns=[server.address], timeout=2, tcp=True)
        assert response.rcode == tcp.rcode == "NOERROR"
        assert len(response.answer) == len(tcp.answer) == 2


class TestNegativeCache:
    """NXDOMAIN with an SOA is cached for the SOA minimum when cache=True."""

    def test_nxdomain_cached(self, nameserver: Nameserver) -> None:
        for _ in range(3):
            with pytest.raises(ResolverNoNameError):
                lookup_hostname("missing.test", ns=[nameserver.address], timeout=2, cache=True)
        assert len(nameserver.queries) == 1

    def test_positive_cached_and_cleared(self, nameserver: Nameserver) -> None:
        import iolib.dns

        for _ in range(3):
            lookup_hostname("host.test", ns=[nameserver.address], timeout=2, cache=True)
        assert len(nameserver.queries) == 1
        iolib.dns.clear_cache()
        lookup_hostname("host.test", ns=[nameserver.address], timeout=2, cache=True)
        assert len(nameserver.queries) == 2

    def test_without_cache_every_lookup_asks(self, nameserver: Nameserver) -> None:
        for _ in range(2):
            lookup_hostname("host.test", ns=[nameserver.address], timeout=2)
        assert len(nameserver.queries) == 2


class TestEdnsFallback:
    """A server that answers FORMERR to EDNS is asked again without it."""

    def test_formerr_with_edns_retries_plain(self, nameserver: Nameserver) -> None:
        def handler(query: Query) -> list[Send]:
            if query.message.edns_payload is not None:
                return [Send(encode_message(reply(query.message, rcode="FORMERR")))]
            return [good(nameserver, query)]

        nameserver.handler = handler
        result = lookup_hostname("host.test", ns=[nameserver.address], timeout=2)
        assert result.truename == "host.test"
        assert [q.message.edns_payload for q in nameserver.queries] == [1232, None]


class TestCnameFollowUp:
    """A CNAME whose target the answer leaves out is asked next; loops end."""

    def test_dangling_cname_is_followed(self, nameserver: Nameserver) -> None:
        def handler(query: Query) -> list[Send]:
            name = query.message.question[0].name
            if name == "outside.test":
                cname = DNSRecord("outside.test", "CNAME", 60, "host.test")
                return [Send(encode_message(reply(query.message, answer=[cname])))]
            return [good(nameserver, query)]

        nameserver.handler = handler
        result = lookup_hostname("outside.test", ns=[nameserver.address], timeout=2)
        assert result.truename == "host.test"
        assert [q.message.question[0].name for q in nameserver.queries] == [
            "outside.test",
            "host.test",
        ]

    def test_cname_loop_is_no_name(self, nameserver: Nameserver) -> None:
        nameserver.zone.add("loop1.test", "CNAME", "loop2.test").add(
            "loop2.test", "CNAME", "loop1.test"
        )
        with pytest.raises(ResolverNoNameError):
            lookup_hostname("loop1.test", ns=[nameserver.address], timeout=2)

    def test_endless_chain_is_bounded(self, nameserver: Nameserver) -> None:
        def handler(query: Query) -> list[Send]:
            name = query.message.question[0].name
            cname = DNSRecord(name, "CNAME", 60, "x" + name)
            return [Send(encode_message(reply(query.message, answer=[cname])))]

        nameserver.handler = handler
        with pytest.raises(ResolverNoNameError):
            lookup_hostname("c.test", ns=[nameserver.address], timeout=2)
        assert len(nameserver.queries) <= 10


class TestConcurrentFamilies:
    """A and AAAA go out together when both are wanted."""

    def test_both_sent_before_either_answered(self, nameserver: Nameserver) -> None:
        held: list[Query] = []

        def handler(query: Query) -> list[Send]:
            held.append(query)
            if len(held) < 2:
                return []  # answer nothing until the second question arrives
            return [Send(good(nameserver, q).data, to=q.source) for q in held]

        nameserver.handler = handler
        start = time.monotonic()
        result = lookup_hostname("dual.test", ipv6=True, ns=[nameserver.address], timeout=6)
        assert time.monotonic() - start < 2.5  # each try may wait 3 s: none had to time out
        assert result.address == ensure_address("2001:db8::10")
        assert {q.message.question[0].type for q in nameserver.queries} == {"A", "AAAA"}
        assert len(nameserver.queries) == 2


def test_ipv6_first_even_when_aaaa_needs_a_second_hop(nameserver: Nameserver) -> None:
    def handler(query: Query) -> list[Send]:
        question = query.message.question[0]
        if question.name == "split.test" and question.type == "AAAA":
            cname = DNSRecord("split.test", "CNAME", 60, "dual.test")
            return [Send(encode_message(reply(query.message, answer=[cname])))]
        if question.name == "split.test":
            a = DNSRecord("split.test", "A", 60, ensure_address("192.0.2.77"))
            return [Send(encode_message(reply(query.message, answer=[a])))]
        return [good(nameserver, query)]

    nameserver.handler = handler
    result = lookup_hostname("split.test", ipv6=True, ns=[nameserver.address], timeout=2)
    assert result.address == ensure_address("2001:db8::10")
    assert result.addresses == [ensure_address("192.0.2.77")]
    assert result.truename == "dual.test"


class TestDriverEdges:
    """Paths of the driver that only odd servers or OS failures reach."""

    def test_truncated_reply_to_another_question_is_ignored(self, nameserver: Nameserver) -> None:
        def handler(query: Query) -> list[Send]:
            if query.transport == "udp":
                wrong = reply(
                    query.message, flags={"TC"}, question=[Question("evil.test", "A", "IN")]
                )
                return [Send(encode_message(wrong)), good(nameserver, query)]
            return [good(nameserver, query)]

        nameserver.handler = handler
        response = dns_query("host.test", ns=[nameserver.address], timeout=2)
        assert [q.transport for q in nameserver.queries] == ["udp"]
        assert len(response.answer) == 2

    def test_tcp_reply_with_wrong_id_is_a_failed_try(self, nameserver: Nameserver) -> None:
        def handler(query: Query) -> list[Send]:
            if query.transport == "udp":
                # header and question only: the OPT record the header counts is cut off
                return [Send(encode_message(reply(query.message, flags={"TC"}))[:27])]
            return [Send(encode_message(reply(query.message, ident=query.message.id ^ 1)))]

        nameserver.handler = handler
        with pytest.raises(ResolverAgainError):
            dns_query("host.test", ns=[nameserver.address], timeout=1)

    def test_socket_that_cannot_be_opened_is_a_failed_try(
        self, nameserver: Nameserver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import iolib.dns._query as driver
        from iolib.dns._transport import TransportError

        def refuse(server: object, wire: bytes) -> None:
            raise TransportError("no sockets today")

        monkeypatch.setattr(driver, "UdpExchange", refuse)
        with pytest.raises(ResolverAgainError):
            lookup_hostname("host.test", ns=[nameserver.address], timeout=1)
        assert nameserver.queries == []

    def test_sockets_are_closed_when_the_wait_fails(
        self, nameserver: Nameserver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import iolib.dns._query as driver

        def broken(fds: object, timeout: float) -> set[int]:
            raise RuntimeError("interrupted")

        monkeypatch.setattr(driver, "wait_readable", broken)
        with pytest.raises(RuntimeError):
            lookup_hostname("dual.test", ipv6=True, ns=[nameserver.address], timeout=1)
        # the autouse descriptor check fails this test if a query socket stayed open
