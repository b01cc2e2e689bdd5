"""Checked vector, integer and packed conversions."""

from __future__ import annotations

import pytest

from iolib.address._vectors import (
    check_uint,
    int_to_octets,
    octets_to_int,
    packed_to_words,
    words_to_packed,
)


@pytest.mark.parametrize(
    ("value", "error"),
    [(-1, TypeError), (256, TypeError), (True, TypeError), (1.0, TypeError), ("1", TypeError)],
)
def test_check_uint_rejects(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        check_uint(value, 256, "an octet")


def test_check_uint_accepts_the_range() -> None:
    assert check_uint(0, 256, "an octet") == 0
    assert check_uint(255, 256, "an octet") == 255


def test_octets() -> None:
    assert octets_to_int((1, 2, 3, 4)) == 0x01020304
    assert octets_to_int(b"\1\2\3\4") == 0x01020304
    assert int_to_octets(0x01020304) == (1, 2, 3, 4)
    for bad in [(1, 2, 3), [1, 2, 3, 4, 5], "1234", None, (1, 2, 3, 256)]:
        with pytest.raises(TypeError):
            octets_to_int(bad)


def test_words() -> None:
    packed = words_to_packed([0x2001, 0xDB8, 0, 0, 0, 0, 0, 1])
    assert packed == bytes.fromhex("20010db8000000000000000000000001")
    assert packed_to_words(packed) == (0x2001, 0xDB8, 0, 0, 0, 0, 0, 1)
    for bad in [(0,) * 7, (0,) * 9, (0, 0, 0, 0, 0, 0, 0, 0x10000), {1, 2}]:
        with pytest.raises(TypeError):
            words_to_packed(bad)
