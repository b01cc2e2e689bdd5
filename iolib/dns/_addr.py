"""The names layer's one contact with address values.

Every other module of iolib.dns builds and inspects addresses only through these
functions, so the choice of address class is made here alone.
"""

from __future__ import annotations

import ipaddress

__all__ = [
    "InetAddress",
    "designator_to_address",
    "from_packed",
    "map_to_ipv6",
    "parse_ip",
    "unmap_ipv4",
]

InetAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_ip(text: str) -> InetAddress | None:
    """Return the address written as dotted or colon text (IPv6 may carry ``%scope``), or None."""
    if not isinstance(text, str) or not text or text.strip() != text:
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def from_packed(data: bytes) -> InetAddress:
    """Return the address of 4 or 16 packed bytes; ValueError for any other length."""
    if len(data) == 4:
        return ipaddress.IPv4Address(data)
    if len(data) == 16:
        return ipaddress.IPv6Address(data)
    raise ValueError(f"an address is 4 or 16 bytes, not {len(data)}")


def map_to_ipv6(address: InetAddress) -> InetAddress:
    """Return the IPv4-mapped IPv6 form of an IPv4 address (an IPv6 address as is)."""
    if address.version == 4:
        return ipaddress.IPv6Address(b"\0" * 10 + b"\xff\xff" + address.packed)
    return address


def unmap_ipv4(address: InetAddress) -> InetAddress:
    """Return the IPv4 address inside an IPv4-mapped IPv6 address (any other as is)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def designator_to_address(thing: object) -> InetAddress | None:
    """Return the address a designator denotes, None for a str that is no address text.

    Accepts address text, an address object, an int (<= 2**32-1 is IPv4), bytes
    of length 4 or 16, or a 4-tuple of octets / 8-tuple of 16-bit words. Raises
    ValueError for any other non-str value that cannot be an address.
    """
    if isinstance(thing, str):
        return parse_ip(thing)
    if isinstance(thing, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return thing
    if isinstance(thing, bool):
        raise ValueError(f"{thing!r} is not an address designator")
    if isinstance(thing, int):
        if 0 <= thing < 2**32:
            return ipaddress.IPv4Address(thing)
        if 0 <= thing < 2**128:
            return ipaddress.IPv6Address(thing)
    elif isinstance(thing, bytes) and len(thing) in (4, 16):
        return from_packed(thing)
    elif isinstance(thing, tuple) and all(isinstance(x, int) for x in thing):
        if len(thing) == 4 and all(0 <= x <= 255 for x in thing):
            return ipaddress.IPv4Address(bytes(thing))
        if len(thing) == 8 and all(0 <= x <= 0xFFFF for x in thing):
            return ipaddress.IPv6Address(b"".join(x.to_bytes(2, "big") for x in thing))
    raise ValueError(f"{thing!r} is not an address designator")
