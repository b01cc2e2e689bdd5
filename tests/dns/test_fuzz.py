"""Hypothesis against the decoder: arbitrary and mutated input raises only MessageDecodeError."""

from __future__ import annotations

import contextlib
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from iolib.address import IPv4Address, IPv6Address
from iolib.dns import MX, SOA, SRV, DNSRecord, DNSResponse
from iolib.dns._errors import MessageDecodeError
from iolib.dns._message import Question, decode_message, encode_message, peek_message

MAX_SECONDS = 2.0  # generous for a loaded CI machine; a pointer loop would never return

names = st.from_regex(r"([a-z0-9]{1,8}\.){0,3}test", fullmatch=True)
rdata = st.one_of(
    st.tuples(st.just("A"), st.builds(IPv4Address, st.integers(0, 2**32 - 1))),
    st.tuples(st.just("AAAA"), st.builds(IPv6Address, st.integers(0, 2**128 - 1))),
    st.tuples(st.sampled_from(["CNAME", "PTR", "NS"]), names),
    st.tuples(st.just("MX"), st.builds(MX, st.integers(0, 65535), names)),
    st.tuples(st.just("TXT"), st.lists(st.binary(max_size=40), max_size=4).map(tuple)),
    st.tuples(
        st.just("SRV"),
        st.builds(SRV, st.integers(0, 65535), st.integers(0, 65535), st.integers(0, 65535), names),
    ),
    st.tuples(st.just("SOA"), st.builds(SOA, names, names, *[st.integers(0, 2**32 - 1)] * 5)),
    st.tuples(st.just("TYPE99"), st.binary(max_size=30)),
)
records = st.builds(
    lambda name, ttl, typed: DNSRecord(name, typed[0], ttl, typed[1]),
    names,
    st.integers(0, 2**31),
    rdata,
)
messages = st.builds(
    DNSResponse,
    id=st.integers(0, 65535),
    flags=st.sets(st.sampled_from(["QR", "AA", "TC", "RD", "RA", "AD", "CD"])).map(frozenset),
    rcode=st.sampled_from(["NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED"]),
    question=st.lists(
        st.builds(Question, names, st.sampled_from(["A", "AAAA", "MX"]), st.just("IN")), max_size=2
    ),
    answer=st.lists(records, max_size=5),
    authority=st.lists(records, max_size=2),
    additional=st.lists(records, max_size=2),
    edns_payload=st.one_of(st.none(), st.integers(512, 65535)),
)


def _decode_bounded(data: bytes) -> None:
    start = time.perf_counter()
    with contextlib.suppress(MessageDecodeError):
        decode_message(data)
    with contextlib.suppress(MessageDecodeError):
        peek_message(data)
    assert time.perf_counter() - start < MAX_SECONDS


@settings(deadline=None)  # a loaded machine must not fail a property
@given(messages)
def test_round_trip(message: DNSResponse) -> None:
    assert decode_message(encode_message(message)) == message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes(data: bytes) -> None:
    _decode_bounded(data)


@settings(max_examples=300, deadline=None)
@given(messages, st.data())
def test_mutated_messages(message: DNSResponse, data: st.DataObject) -> None:
    wire = bytearray(encode_message(message))
    for _ in range(data.draw(st.integers(1, 6))):
        action = data.draw(st.sampled_from(["flip", "cut", "insert", "pointer"]))
        position = data.draw(st.integers(0, max(0, len(wire) - 1)))
        if action == "flip" and wire:
            wire[position] = data.draw(st.integers(0, 255))
        elif action == "cut":
            del wire[position:]
        elif action == "insert":
            wire[position:position] = data.draw(st.binary(min_size=1, max_size=4))
        elif wire:
            target = data.draw(st.integers(0, 0x3FFF))
            wire[position : position + 2] = bytes((0xC0 | target >> 8, target & 0xFF))
    _decode_bounded(bytes(wire))


def test_header_claiming_many_records_is_quick() -> None:
    wire = b"\x00\x01\x80\x00" + b"\xff\xff" * 4 + b"\xc0\x0c" * 30000
    _decode_bounded(wire)
