"""Checked conversions between vectors (octets, 16-bit words), integers and packed bytes.

Out-of-range numbers, wrong lengths and non-integers raise TypeError, as
IOLib's ``check-type`` does.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

__all__ = [
    "IPV4_LIMIT",
    "IPV6_LIMIT",
    "VECTOR_TYPES",
    "check_uint",
    "int_to_octets",
    "octets_to_int",
    "packed_to_words",
    "words_to_packed",
]

IPV4_LIMIT = 1 << 32
IPV6_LIMIT = 1 << 128
VECTOR_TYPES = (tuple, list, bytes, bytearray)

_words = struct.Struct("!8H")


def check_uint(value: object, limit: int, what: str) -> int:
    """Return ``value`` if it is an int in ``0 .. limit-1``; TypeError otherwise (bools too)."""
    if type(value) is not int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{what} must be an integer, not {type(value).__name__}")
        value = int(value)
    if not 0 <= value < limit:
        raise TypeError(f"{what} out of range 0..{limit - 1}: {value}")
    return value


def _as_sequence(vector: object, length: int, what: str) -> Sequence[object]:
    if not isinstance(vector, VECTOR_TYPES):
        raise TypeError(f"{what} must be a tuple or list, not {type(vector).__name__}")
    if len(vector) != length:
        raise TypeError(f"{what} must have {length} elements, not {len(vector)}")
    return vector


def octets_to_int(vector: object) -> int:
    """Return the 32-bit integer of a 4-vector of octets; TypeError if it is not one."""
    items = _as_sequence(vector, 4, "an IPv4 vector")
    if isinstance(items, (bytes, bytearray)):
        return int.from_bytes(items, "big")
    value = 0
    for item in items:
        value = value << 8 | check_uint(item, 256, "an IPv4 octet")
    return value


def words_to_packed(vector: object) -> bytes:
    """Return the 16 bytes of an 8-vector of 16-bit words; TypeError if it is not one."""
    items = _as_sequence(vector, 8, "an IPv6 vector")
    return _words.pack(*(check_uint(item, 65536, "an IPv6 word") for item in items))


def int_to_octets(value: int) -> tuple[int, int, int, int]:
    """Return the 4 octets of a 32-bit integer (unchecked)."""
    return (value >> 24, (value >> 16) & 255, (value >> 8) & 255, value & 255)


def packed_to_words(packed: bytes) -> tuple[int, ...]:
    """Return the 8 words of 16 packed bytes (unchecked)."""
    return _words.unpack(packed)
