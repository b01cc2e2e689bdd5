"""Search candidates, CNAME chains and the rcode mapping."""

from __future__ import annotations

import ipaddress

import pytest

from iolib.address import ensure_address
from iolib.dns import (
    ResolverAgainError,
    ResolverFailError,
    ResolverNoNameError,
    ResolverUnknownError,
)
from iolib.dns._message import DNSRecord, DNSResponse, Question
from iolib.dns._names import error_for, follow_chain, search_candidates, special_use
from iolib.dns._reverse import reverse_name


@pytest.mark.parametrize(
    ("name", "search", "ndots", "expected"),
    [
        ("www", ("a.test", "b.test"), 1, ["www.a.test", "www.b.test", "www"]),
        ("www.x", ("a.test",), 1, ["www.x", "www.x.a.test"]),
        ("www.x", ("a.test",), 2, ["www.x.a.test", "www.x"]),
        ("www.", ("a.test",), 1, ["www"]),
        ("www", (), 1, ["www"]),
        ("a.b.c", ("s",), 0, ["a.b.c", "a.b.c.s"]),
    ],
)
def test_search_candidates(
    name: str, search: tuple[str, ...], ndots: int, expected: list[str]
) -> None:
    assert search_candidates(name, search, ndots) == expected


def _answer(*records: DNSRecord) -> DNSResponse:
    return DNSResponse(
        id=1,
        flags=frozenset({"QR"}),
        rcode="NOERROR",
        question=[Question("a", "A", "IN")],
        answer=list(records),
    )


A = ensure_address("192.0.2.1")


def test_chain_followed_in_answer() -> None:
    chain = follow_chain(
        _answer(
            DNSRecord("A.test", "CNAME", 1, "b.test"),
            DNSRecord("b.test", "CNAME", 1, "c.test"),
            DNSRecord("c.test", "A", 1, A),
        ),
        "a.test",
        "A",
    )
    assert chain.names == ["a.test", "b.test", "c.test"]
    assert [r.data for r in chain.records] == [A]
    assert chain.next_name is None


def test_dangling_cname_names_the_next_question() -> None:
    chain = follow_chain(_answer(DNSRecord("a.test", "CNAME", 1, "far.test")), "a.test", "A")
    assert chain.records == []
    assert chain.next_name == "far.test"


def test_no_data() -> None:
    chain = follow_chain(_answer(), "a.test", "A")
    assert chain == (["a.test"], [], None)


def test_loop_stops() -> None:
    chain = follow_chain(
        _answer(
            DNSRecord("a.test", "CNAME", 1, "b.test"), DNSRecord("b.test", "CNAME", 1, "a.test")
        ),
        "a.test",
        "A",
    )
    assert chain.records == [] and chain.next_name is None


def test_records_of_other_owners_are_ignored() -> None:
    chain = follow_chain(_answer(DNSRecord("evil.test", "A", 1, A)), "a.test", "A")
    assert chain.records == []


@pytest.mark.parametrize(
    ("rcode", "error"),
    [
        ("NOERROR", None),
        ("NXDOMAIN", ResolverNoNameError),
        ("SERVFAIL", ResolverAgainError),
        ("REFUSED", ResolverFailError),
        ("FORMERR", ResolverFailError),
        ("NOTIMP", ResolverFailError),
        ("YXDOMAIN", ResolverUnknownError),
        ("RCODE12", ResolverUnknownError),
    ],
)
def test_error_for(rcode: str, error: type[Exception] | None) -> None:
    response = DNSResponse(id=1, flags=frozenset(), rcode=rcode, question=[])
    assert error_for(response) is error


def test_no_response_is_again() -> None:
    assert error_for(None) is ResolverAgainError


@pytest.mark.parametrize(
    ("address", "name"),
    [
        ("192.0.2.1", "1.2.0.192.in-addr.arpa"),
        ("2001:db8::1", "1." + "0." * 23 + "8.b.d.0.1.0.0.2.ip6.arpa"),
    ],
)
def test_reverse_name(address: str, name: str) -> None:
    assert reverse_name(ensure_address(address)) == name
    assert ipaddress.ip_address(address).reverse_pointer == name


def test_chain_longer_than_the_bound_stops() -> None:
    records = [DNSRecord(f"c{i}.test", "CNAME", 1, f"c{i + 1}.test") for i in range(20)]
    chain = follow_chain(_answer(*records), "c0.test", "A")
    assert chain.records == []
    assert chain.next_name is None
    assert len(chain.names) == 10


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("localhost", "localhost"),
        ("LocalHost.", "localhost"),
        ("api.dev.localhost", "localhost"),
        ("x.invalid", "invalid"),
        ("INVALID", "invalid"),
        ("localhost.example", None),
        ("notlocalhost", None),
        ("invalid.test", None),
        ("", None),
        (".", None),
    ],
)
def test_special_use_names(name: str, kind: str | None) -> None:
    """RFC 6761 sections 6.3 and 6.4: the last label decides."""
    assert special_use(name) == kind
