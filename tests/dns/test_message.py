"""The DNS message codec: golden wire bytes both ways, OPT handling, typed record data."""

from __future__ import annotations

import pytest

from iolib.address import ensure_address
from iolib.dns import MX, SOA, SRV, DNSRecord, DNSResponse
from iolib.dns._errors import MessageDecodeError
from iolib.dns._message import (
    Question,
    class_code,
    decode_message,
    encode_message,
    encode_query,
    peek_message,
    same_question,
    type_code,
    type_name,
)


def h(text: str) -> bytes:
    """Bytes from hex grouped by field."""
    return bytes.fromhex("".join(text.split()))


QUERY = h(
    "beef 0100 0001 0000 0000 0001"  # id, RD, 1 question, 1 additional
    "07 6578616d706c65 04 74657374 00 0001 0001"  # example.test A IN
    "00 0029 04d0 00000000 0000"  # OPT: root, type 41, payload 1232, ttl 0, no data
)


def test_encode_query_golden() -> None:
    assert encode_query(0xBEEF, "example.test", 1) == QUERY


def test_encode_query_without_edns_or_rd() -> None:
    assert encode_query(1, "a.test", 28, recursion_desired=False, edns_payload=None) == h(
        "0001 0000 0001 0000 0000 0000  01 61 04 74657374 00 001c 0001"
    )


def test_decode_query_golden() -> None:
    message = decode_message(QUERY)
    assert message.id == 0xBEEF
    assert message.flags == {"RD"}
    assert message.rcode == "NOERROR"
    assert message.question == [("example.test", "A", "IN")]
    assert message.additional == []
    assert message.edns_payload == 1232


RESPONSE = h(
    "1234 8580 0001 0009 0000 0000"  # id, QR AA RD RA NOERROR, 1 question, 9 answers
    "01 78 04 74657374 00 00ff 0001"  # x.test ANY IN (offset 12; "test" at 14)
    "c00c 0001 0001 0000003c 0004 c0000201"  # A 192.0.2.1
    "c00c 001c 0001 0000003c 0010 20010db8000000000000000000000001"  # AAAA 2001:db8::1
    "c00c 0005 0001 0000003c 0004 01 79 c00e"  # CNAME y.test
    "c00c 000c 0001 0000003c 0002 c00c"  # PTR x.test
    "c00c 0002 0001 0000003c 0005 02 6e73 c00e"  # NS ns.test
    "c00c 000f 0001 0000003c 0009 000a 04 6d61696c c00e"  # MX 10 mail.test
    "c00c 0010 0001 0000003c 0007 02 6869 00 02 6f6b"  # TXT "hi" "" "ok"
    "c00c 0021 0001 0000003c 000c 0001 0002 0050 03 737276 c00e"  # SRV 1 2 80 srv.test
    "c00c 0006 0001 0000003c 0018 c06e c06e 00000001 00000002 00000003 00000004 00000005"  # SOA
)


def test_decode_every_type_golden() -> None:
    message = decode_message(RESPONSE)
    assert message.flags == {"QR", "AA", "RD", "RA"}
    assert message.question == [Question("x.test", "ANY", "IN")]
    assert [(r.name, r.type, r.ttl) for r in message.answer] == [
        ("x.test", t, 60) for t in ("A", "AAAA", "CNAME", "PTR", "NS", "MX", "TXT", "SRV", "SOA")
    ]
    assert [r.data for r in message.answer] == [
        ensure_address("192.0.2.1"),
        ensure_address("2001:db8::1"),
        "y.test",
        "x.test",
        "ns.test",
        MX(10, "mail.test"),
        (b"hi", b"", b"ok"),
        SRV(1, 2, 80, "srv.test"),
        SOA("ns.test", "ns.test", 1, 2, 3, 4, 5),
    ]


def test_encode_compresses_like_the_golden_message() -> None:
    message = decode_message(RESPONSE)
    # Our writer compresses every name it may; the golden message does the same except
    # the SRV target, which RFC 2782 forbids compressing, so encode and compare the rest.
    again = decode_message(encode_message(message))
    assert again == message
    assert len(encode_message(message)) <= len(RESPONSE) + len("srv") + 6


def test_unknown_type_is_raw_bytes() -> None:
    data = h("0001 8000 0000 0001 0000 0000  00 0041 0001 00000001 0003 010203")
    record = decode_message(data).answer[0]
    assert record == DNSRecord("", "TYPE65", 1, b"\x01\x02\x03")
    assert decode_message(encode_message(decode_message(data))) == decode_message(data)


def test_opt_is_not_in_additional_and_extends_rcode() -> None:
    data = h("0001 8000 0000 0000 0000 0001  00 0029 1000 01000000 0000")  # ext rcode 1 -> 16
    message = decode_message(data)
    assert message.additional == []
    assert message.edns_payload == 4096
    assert message.rcode == "BADVERS"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (h("0001 8000 0001"), "short header"),
        (h("0001 8000 0001 0000 0000 0000"), "missing question"),
        (h("0001 8000 0000 0001 0000 0000  00 0001 0001 00000001 0003 010203"), "A of 3 bytes"),
        (h("0001 8000 0000 0001 0000 0000  00 0001 0001 00000001 0005 0102030405"), "A of 5 bytes"),
        (h("0001 8000 0000 0001 0000 0000  00 0001 0001 00000001 0004 0102"), "rdata past end"),
        (h("0001 8000 0000 0001 0000 0000  00 000f 0001 00000001 0004 000a 0000"), "MX longer"),
        (h("0001 8000 0000 0001 0000 0000  00 0010 0001 00000001 0002 05 61"), "TXT string past"),
        (h("0001 8000 0000 0000 0000 0000  00"), "trailing byte"),
        (
            h(
                "0001 8000 0000 0000 0000 0002"
                "00 0029 1000 00000000 0000  00 0029 1000 00000000 0000"
            ),
            "two OPT",
        ),
    ],
)
def test_malformed(data: bytes, why: str) -> None:
    with pytest.raises(MessageDecodeError):
        decode_message(data)


def test_peek_reads_header_and_question_only() -> None:
    cut = RESPONSE[:40]
    peek = peek_message(cut)
    assert peek.id == 0x1234
    assert peek.is_response
    assert not peek.truncated
    assert peek.question == [("x.test", "ANY", "IN")]
    with pytest.raises(MessageDecodeError):
        decode_message(cut)


def test_same_question() -> None:
    asked = Question("Host.Test", "A", "IN")
    assert same_question(asked, [Question("host.test", "A", "IN")])
    assert not same_question(asked, [Question("host.test", "AAAA", "IN")])
    assert not same_question(asked, [])
    assert not same_question(asked, [asked, asked])


def test_same_question_compares_wire_labels() -> None:
    """The decoder's escaped and A-label texts match the plain text asked."""
    assert same_question(Question("a b.test", "A", "IN"), [Question("A\\032B.test", "A", "IN")])
    assert same_question(
        Question("bücher.test", "A", "IN"), [Question("xn--bcher-kva.test", "A", "IN")]
    )
    assert not same_question(Question("a b.test", "A", "IN"), [Question("ab.test", "A", "IN")])
    assert not same_question(Question("a..b", "A", "IN"), [Question("a.b", "A", "IN")])


@pytest.mark.parametrize(
    ("given", "code"), [("A", 1), ("mx", 15), ("TYPE65", 65), (28, 28), ("AAAA", 28), ("ANY", 255)]
)
def test_type_code(given: str | int, code: int) -> None:
    assert type_code(given) == code


@pytest.mark.parametrize("bad", ["BOGUS", "TYPE", "TYPE65536", -1, 65536, "TYPEx"])
def test_type_code_bad(bad: str | int) -> None:
    with pytest.raises(ValueError):
        type_code(bad)


def test_type_code_type_error() -> None:
    with pytest.raises(TypeError):
        type_code(1.0)  # type: ignore[arg-type]


def test_names_of_codes() -> None:
    assert type_name(65) == "TYPE65"
    assert type_name(33) == "SRV"
    assert class_code("CLASS7") == 7


@pytest.mark.parametrize(
    "record",
    [
        DNSRecord("a.test", "A", 1, b"\x01\x02\x03"),
        DNSRecord("a.test", "MX", 1, "not an MX"),
        DNSRecord("a.test", "TXT", 1, ("str",)),
        DNSRecord("a.test", "TYPE99", 1, "text"),
    ],
)
def test_encode_rejects_data_of_the_wrong_shape(record: DNSRecord) -> None:
    message = DNSResponse(
        id=1, flags=frozenset({"QR"}), rcode="NOERROR", question=[], answer=[record]
    )
    with pytest.raises(TypeError):
        encode_message(message)


def test_decode_needs_bytes() -> None:
    with pytest.raises(TypeError):
        decode_message("not bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("record", "error"),
    [
        (DNSRecord("a.test", "CNAME", 1, 42), TypeError),
        (DNSRecord("a.test", "SRV", 1, "x"), TypeError),
        (DNSRecord("a.test", "SOA", 1, "x"), TypeError),
        (DNSRecord("a.test", "TXT", 1, b"x"), TypeError),
        (DNSRecord("a.test", "TXT", 1, (b"x" * 256,)), ValueError),
        (DNSRecord("a.test", "TXT", 1, (b"x" * 255,) * 300), ValueError),
    ],
)
def test_encode_rejects_bad_data(record: DNSRecord, error: type[Exception]) -> None:
    message = DNSResponse(id=1, flags=frozenset(), rcode="NOERROR", question=[], answer=[record])
    with pytest.raises(error):
        encode_message(message)
