"""IOLib's low-level conversions between text, integers and vectors, and IPv4 <-> IPv4-mapped.

Out-of-range numbers and non-vectors raise TypeError; malformed text
raises AddressParseError; text arguments that are not str raise TypeError.
"""

from __future__ import annotations

from typing import Literal

from iolib.address import _text
from iolib.address._designators import ensure_address
from iolib.address._errors import AddressParseError
from iolib.address._types import IPv4Address, IPv6Address, new_ipv4, new_ipv6
from iolib.address._vectors import (
    IPV4_LIMIT,
    check_uint,
    int_to_octets,
    octets_to_int,
    packed_to_words,
    words_to_packed,
)

__all__ = [
    "colon_separated_to_vector",
    "dotted_to_integer",
    "dotted_to_vector",
    "integer_to_dotted",
    "integer_to_vector",
    "map_ipv4_address_to_ipv6",
    "map_ipv6_address_to_ipv4",
    "vector_to_colon_separated",
    "vector_to_dotted",
    "vector_to_integer",
]

_MAPPED_BASE = 0xFFFF << 32


def _need_str(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected address text, not {type(text).__name__}")
    return text


def dotted_to_vector(text: str) -> tuple[int, int, int, int]:
    """Return the 4 octets of dotted-quad ``text``; AddressParseError if malformed."""
    packed = _text.parse_ipv4(_need_str(text))
    return (packed[0], packed[1], packed[2], packed[3])


def dotted_to_integer(text: str) -> int:
    """Return the 32-bit integer of dotted-quad ``text``; AddressParseError if malformed."""
    return int.from_bytes(_text.parse_ipv4(_need_str(text)), "big")


def integer_to_dotted(integer: int) -> str:
    """Return the dotted-quad text of a 32-bit integer; TypeError if out of range."""
    return str(new_ipv4(check_uint(integer, IPV4_LIMIT, "an IPv4 address integer")))


def vector_to_dotted(vector: tuple[int, ...] | list[int] | bytes) -> str:
    """Return the dotted-quad text of a 4-vector of octets; TypeError if it is not one."""
    return str(new_ipv4(octets_to_int(vector)))


def integer_to_vector(integer: int) -> tuple[int, int, int, int]:
    """Return the 4 octets of a 32-bit integer; TypeError if out of range."""
    return int_to_octets(check_uint(integer, IPV4_LIMIT, "an IPv4 address integer"))


def vector_to_integer(vector: tuple[int, ...] | list[int] | bytes) -> int:
    """Return the integer of a 4-vector of octets or an 8-vector of words (or 4 / 16 bytes).

    Raises TypeError for anything else.
    """
    if isinstance(vector, (bytes, bytearray)) and len(vector) == 16:
        return int.from_bytes(vector, "big")
    if isinstance(vector, (tuple, list)) and len(vector) == 8:
        return int.from_bytes(words_to_packed(vector), "big")
    return octets_to_int(vector)


def colon_separated_to_vector(text: str) -> tuple[int, ...]:
    """Return the 8 words of colon-separated ``text`` (no zone); AddressParseError if malformed."""
    return packed_to_words(_text.parse_ipv6(_need_str(text)))


def vector_to_colon_separated(
    vector: tuple[int, ...] | list[int] | bytes,
    case: Literal["downcase", "upcase"] = "downcase",
) -> str:
    """Return the RFC 5952 text of an 8-vector of words (or 16 bytes).

    ``case`` "upcase" writes capital hex digits. Raises TypeError for a bad
    vector or ``case``.
    """
    if case not in ("downcase", "upcase"):
        raise TypeError(f"case must be 'downcase' or 'upcase', not {case!r}")
    if isinstance(vector, (bytes, bytearray)) and len(vector) == 16:
        packed = bytes(vector)
    else:
        packed = words_to_packed(vector)
    return _text.format_ipv6_packed(packed, upcase=case == "upcase")


def map_ipv4_address_to_ipv6(address: object) -> IPv6Address:
    """Return the IPv4-mapped IPv6 address (``::ffff:a.b.c.d``) of an IPv4 designator.

    Raises TypeError for an IPv6 address, and what ``ensure_address`` raises
    for a bad designator.
    """
    ipv4 = ensure_address(address)
    if not isinstance(ipv4, IPv4Address):
        raise TypeError(f"not an IPv4 address: {ipv4!r}")
    return new_ipv6((_MAPPED_BASE | int(ipv4)).to_bytes(16, "big"))


def map_ipv6_address_to_ipv4(address: object) -> IPv4Address:
    """Return the IPv4 address inside an IPv4-mapped IPv6 designator.

    Raises TypeError for an IPv4 address, AddressParseError for an IPv6
    address outside ``::ffff:0:0/96``, and what ``ensure_address`` raises for
    a bad designator.
    """
    ipv6 = ensure_address(address)
    if not isinstance(ipv6, IPv6Address):
        raise TypeError(f"not an IPv6 address: {ipv6!r}")
    if not ipv6.is_ipv4_mapped:
        raise AddressParseError(f"not an IPv4-mapped IPv6 address: {ipv6}")
    return new_ipv4(int(ipv6) & 0xFFFFFFFF)
