"""Strict text parsing (what inet_pton accepts) and RFC 5952 output."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from iolib.address import _text
from iolib.address._errors import AddressParseError

GOOD_IPV4 = [
    ("0.0.0.0", b"\0\0\0\0"),
    ("1.2.3.4", b"\1\2\3\4"),
    ("255.255.255.255", b"\xff\xff\xff\xff"),
    ("10.0.0.1", b"\n\0\0\1"),
    ("192.168.100.200", bytes([192, 168, 100, 200])),
]
BAD_IPV4 = [
    "",
    "1",
    "1.2.3",
    "1.2.3.4.5",
    "01.2.3.4",
    "1.2.3.04",
    "00.0.0.0",
    "256.1.1.1",
    "1.2.3.-1",
    "0x1.2.3.4",
    "1.2.3.4 ",
    " 1.2.3.4",
    "1..3.4",
    "1.2.3.",
    ".1.2.3",
    "1.2.3.4/8",
    "+1.2.3.4",
    "1_0.2.3.4",
    "\u0661.\u0662.\u0663.\u0664",  # Arabic-Indic digits
    "1.2.3.4\n",
    "1000.1.1.1",
    "1.2.3.4\0",
]
GOOD_IPV6 = [
    "::",
    "::1",
    "1::",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7::",
    "::2:3:4:5:6:7:8",
    "fe80::1",
    "FE80::ABCD",
    "0000:0000:0000:0000:0000:0000:0000:0001",
    "2001:db8::1:0:0:1",
    "::ffff:1.2.3.4",
    "::1.2.3.4",
    "1::1.2.3.4",
    "1:2:3:4:5:6:1.2.3.4",
    "::ffff:255.255.255.255",
]
BAD_IPV6 = [
    "",
    ":",
    ":::",
    ":1::",
    "1:",
    ":1",
    "1::2::3",
    "12345::",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "::1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8::",
    ":ff::ff:",
    "g::",
    "0x1::",
    "1.2.3.4",
    "::1.2.3",
    "::1.2.3.04",
    "::256.1.1.1",
    "1.2.3.4::",
    "::1.2.3.4:5",
    "1:2:3:4:5:6:7:1.2.3.4",
    "::a1.2.3.4",
    " ::1",
    "::1 ",
    "::1%eth0",
    "[::1]",
    "1::+1",
    "1::1_0",
]


@pytest.mark.parametrize(("text", "packed"), GOOD_IPV4)
def test_ipv4_good(text: str, packed: bytes) -> None:
    assert _text.parse_ipv4(text) == packed
    assert _text.strict_ipv4_packed(text) == packed


@pytest.mark.parametrize("text", BAD_IPV4)
def test_ipv4_bad(text: str) -> None:
    with pytest.raises(AddressParseError):
        _text.parse_ipv4(text)
    with pytest.raises(AddressParseError):
        _text.strict_ipv4_packed(text)


@pytest.mark.parametrize("text", GOOD_IPV6)
def test_ipv6_good(text: str) -> None:
    expected = socket.inet_pton(socket.AF_INET6, text)
    assert _text.parse_ipv6(text) == expected
    assert _text.strict_ipv6_packed(text) == expected


@pytest.mark.parametrize("text", BAD_IPV6)
def test_ipv6_bad(text: str) -> None:
    with pytest.raises(AddressParseError):
        _text.parse_ipv6(text)
    with pytest.raises(AddressParseError):
        _text.strict_ipv6_packed(text)


@pytest.mark.parametrize(
    ("text", "packed_text", "scope"),
    [("fe80::1%eth0", "fe80::1", "eth0"), ("::1%2", "::1", "2"), ("1::%lo", "1::", "lo")],
)
def test_ipv6_with_scope(text: str, packed_text: str, scope: str) -> None:
    assert _text.parse_ipv6_with_scope(text) == (
        socket.inet_pton(socket.AF_INET6, packed_text),
        scope,
    )


@pytest.mark.parametrize("text", ["fe80::1%", "fe80::1%a%b", "fe80::1%a b", "fe80::1%a/b", "::%\0"])
def test_ipv6_bad_scope(text: str) -> None:
    with pytest.raises(AddressParseError):
        _text.parse_ipv6_with_scope(text)


def test_c_library_agrees_on_this_platform() -> None:
    assert _text.PTON_AGREES is True
    assert _text.NTOP_AGREES is True


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("::", "::"),
        ("::1", "::1"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("1:0:0:0:0:0:0:0", "1::"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
        ("2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("::ffff:0:0", "::ffff:0.0.0.0"),
        ("::1.2.3.4", "::102:304"),
        ("::6:4", "::6:4"),
        ("::fffe:1.2.3.4", "::fffe:102:304"),
        ("0:0:0:0:1:ffff:1:1", "::1:ffff:1:1"),
        ("fe80::1:2:3:4", "fe80::1:2:3:4"),
    ],
)
def test_rfc5952_output(text: str, canonical: str) -> None:
    packed = _text.strict_ipv6_packed(text)
    assert _text.format_ipv6_packed(packed) == canonical
    assert _text._format_ipv6_reference(packed) == canonical


def test_upcase_output() -> None:
    packed = _text.strict_ipv6_packed("abcd::ef")
    assert _text.format_ipv6_packed(packed, upcase=True) == "ABCD::EF"
    mapped = _text.strict_ipv6_packed("::ffff:1.2.3.4")
    assert _text.format_ipv6_packed(mapped, upcase=True) == "::FFFF:1.2.3.4"


def _pton(family: int, text: str) -> bytes | None:
    try:
        return socket.inet_pton(family, text)
    except (OSError, ValueError):
        return None


def _ours(parse: object, text: str) -> bytes | None:
    assert callable(parse)
    try:
        result = parse(text)
    except AddressParseError:
        return None
    assert isinstance(result, bytes)
    return result


ADDRESS_ALPHABET = st.text(alphabet="0123456789abcdefABCDEF:.xg %", max_size=45)


@given(ADDRESS_ALPHABET)
@example("::1.2.3.4")
@example("1:2:3:4:5:6:7::")
def test_reference_ipv6_parser_agrees_with_inet_pton(text: str) -> None:
    expected = _pton(socket.AF_INET6, text)
    assert _ours(_text.strict_ipv6_packed, text) == expected
    assert _ours(_text.parse_ipv6, text) == expected


@given(st.text(alphabet="0123456789.x ", max_size=20))
def test_reference_ipv4_parser_agrees_with_inet_pton(text: str) -> None:
    expected = _pton(socket.AF_INET, text)
    assert _ours(_text.strict_ipv4_packed, text) == expected
    assert _ours(_text.parse_ipv4, text) == expected


@given(st.text(max_size=40).filter(lambda t: "\0" not in t))
def test_any_text_parses_like_inet_pton(text: str) -> None:
    assert _ours(_text.strict_ipv6_packed, text) == _pton(socket.AF_INET6, text)
    assert _ours(_text.strict_ipv4_packed, text) == _pton(socket.AF_INET, text)


def _check_format(packed: bytes) -> None:
    text = _text.format_ipv6_packed(packed)
    assert _text.strict_ipv6_packed(text) == packed
    assert _text._format_ipv6_reference(packed) == text
    expected = ipaddress.IPv6Address(packed)
    if expected.ipv4_mapped is None:
        assert text == str(expected)
    else:
        assert text == f"::ffff:{expected.ipv4_mapped}"


@given(st.binary(min_size=16, max_size=16))
def test_format_round_trips_and_matches_ipaddress(packed: bytes) -> None:
    _check_format(packed)


@given(
    st.lists(st.sampled_from([0, 0, 0, 1, 0xFFFF, 0xABC]), min_size=8, max_size=8).map(
        lambda words: b"".join(w.to_bytes(2, "big") for w in words)
    )
)
def test_zero_runs_compress_like_ipaddress(packed: bytes) -> None:
    _check_format(packed)


def test_split_scope() -> None:
    assert _text.split_scope("fe80::1") == ("fe80::1", None)
    assert _text.split_scope("fe80::1%eth0") == ("fe80::1", "eth0")
