"""IOLib's low-level conversions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iolib.address import (
    AddressParseError,
    IPv4Address,
    IPv6Address,
    colon_separated_to_vector,
    dotted_to_integer,
    dotted_to_vector,
    integer_to_dotted,
    integer_to_vector,
    map_ipv4_address_to_ipv6,
    map_ipv6_address_to_ipv4,
    vector_to_colon_separated,
    vector_to_dotted,
    vector_to_integer,
)


def test_dotted() -> None:
    assert dotted_to_vector("192.168.0.1") == (192, 168, 0, 1)
    assert dotted_to_integer("192.168.0.1") == 0xC0A80001
    assert integer_to_dotted(0xC0A80001) == "192.168.0.1"
    assert vector_to_dotted((192, 168, 0, 1)) == "192.168.0.1"
    assert vector_to_dotted(b"\xc0\xa8\0\1") == "192.168.0.1"
    assert integer_to_vector(0xC0A80001) == (192, 168, 0, 1)
    assert vector_to_integer((192, 168, 0, 1)) == 0xC0A80001


def test_vector_to_integer_ipv6() -> None:
    assert vector_to_integer((0, 0, 0, 0, 0, 0, 0, 1)) == 1
    assert vector_to_integer([0xFFFF] * 8) == 2**128 - 1
    assert vector_to_integer(b"\0" * 15 + b"\2") == 2


def test_colon_separated() -> None:
    assert colon_separated_to_vector("2001:db8::1") == (0x2001, 0xDB8, 0, 0, 0, 0, 0, 1)
    assert colon_separated_to_vector("::ffff:1.2.3.4") == (0, 0, 0, 0, 0, 0xFFFF, 0x102, 0x304)
    assert vector_to_colon_separated((0x2001, 0xDB8, 0, 0, 0, 0, 0, 1)) == "2001:db8::1"
    assert vector_to_colon_separated([0xABCD, 0, 0, 0, 0, 0, 0, 0xEF], "upcase") == "ABCD::EF"
    assert vector_to_colon_separated(b"\0" * 16) == "::"


@pytest.mark.parametrize(
    ("function", "argument", "error"),
    [
        (dotted_to_vector, "1.2.3", AddressParseError),
        (dotted_to_vector, "1.2.3.256", AddressParseError),
        (dotted_to_vector, 16909060, TypeError),
        (dotted_to_integer, "01.2.3.4", AddressParseError),
        (dotted_to_integer, None, TypeError),
        (integer_to_dotted, 2**32, TypeError),
        (integer_to_dotted, -1, TypeError),
        (integer_to_dotted, "1", TypeError),
        (integer_to_dotted, 1.0, TypeError),
        (integer_to_vector, 2**32, TypeError),
        (integer_to_vector, True, TypeError),
        (vector_to_dotted, (1, 2, 3), TypeError),
        (vector_to_dotted, (1, 2, 3, 256), TypeError),
        (vector_to_dotted, "1.2.3.4", TypeError),
        (vector_to_integer, (1, 2, 3), TypeError),
        (vector_to_integer, (0, 0, 0, 0, 0, 0, 0, -1), TypeError),
        (vector_to_integer, None, TypeError),
        (colon_separated_to_vector, ":ff::ff:", AddressParseError),
        (colon_separated_to_vector, "fe80::1%eth0", AddressParseError),
        (colon_separated_to_vector, 1, TypeError),
        (vector_to_colon_separated, (0,) * 7, TypeError),
        (vector_to_colon_separated, (0, 0, 0, 0, 0, 0, 0, 65536), TypeError),
        (vector_to_colon_separated, "::1", TypeError),
        (map_ipv4_address_to_ipv6, IPv6Address("::1"), TypeError),
        (map_ipv4_address_to_ipv6, "bad", AddressParseError),
        (map_ipv6_address_to_ipv4, IPv4Address("1.2.3.4"), TypeError),
        (map_ipv6_address_to_ipv4, "::1", AddressParseError),
    ],
)
def test_bad_arguments(function: object, argument: object, error: type[Exception]) -> None:
    assert callable(function)
    with pytest.raises(error):
        function(argument)


def test_vector_to_colon_separated_bad_case() -> None:
    with pytest.raises(TypeError):
        vector_to_colon_separated((0,) * 8, "capitals")  # type: ignore[arg-type]  # bad keyword


def test_mapping() -> None:
    mapped = map_ipv4_address_to_ipv6("1.2.3.4")
    assert mapped == IPv6Address("::ffff:1.2.3.4")
    assert str(mapped) == "::ffff:1.2.3.4"
    assert map_ipv6_address_to_ipv4(mapped) == IPv4Address("1.2.3.4")
    assert map_ipv6_address_to_ipv4("::ffff:0.0.0.0") == IPv4Address(0)


@given(st.integers(0, 2**32 - 1))
def test_ipv4_round_trips(value: int) -> None:
    text = integer_to_dotted(value)
    assert dotted_to_integer(text) == value
    assert vector_to_integer(dotted_to_vector(text)) == value
    assert vector_to_dotted(integer_to_vector(value)) == text
    assert map_ipv6_address_to_ipv4(map_ipv4_address_to_ipv6(value)) == IPv4Address(value)


@given(st.lists(st.integers(0, 0xFFFF), min_size=8, max_size=8))
def test_ipv6_round_trips(words: list[int]) -> None:
    for case in ("downcase", "upcase"):
        text = vector_to_colon_separated(words, case)  # type: ignore[arg-type]  # a valid case
        assert colon_separated_to_vector(text) == tuple(words)


def test_int_subclasses_are_numbers() -> None:
    import enum

    class Port(enum.IntEnum):
        ONE = 0x01020304

    assert integer_to_dotted(Port.ONE) == "1.2.3.4"
