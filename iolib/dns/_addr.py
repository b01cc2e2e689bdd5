"""The names layer's one contact with address values (iolib.address).

Every other module of iolib.dns builds and inspects addresses only through these
functions, so how designators become addresses is decided here alone.
"""

from __future__ import annotations

from iolib.address import (
    IPV4_LOOPBACK,
    IPV6_LOOPBACK,
    IPv4Address,
    IPv6Address,
    ensure_address,
    map_ipv4_address_to_ipv6,
    map_ipv6_address_to_ipv4,
)

__all__ = [
    "LOOPBACK",
    "InetAddress",
    "designator_to_address",
    "ensure_inet",
    "from_packed",
    "map_to_ipv6",
    "parse_ip",
    "scoped",
    "unmap_ipv4",
]

InetAddress = IPv4Address | IPv6Address
LOOPBACK: dict[int, InetAddress] = {4: IPV4_LOOPBACK, 6: IPV6_LOOPBACK}  # by IP version


def parse_ip(text: str) -> InetAddress | None:
    """Return the address written as dotted or colon text (IPv6 may carry ``%scope``), or None."""
    if type(text) is not str:
        return None
    return ensure_address(text, "internet", False)


def from_packed(data: bytes) -> InetAddress:
    """Return the address of 4 or 16 packed bytes; ValueError for any other length."""
    if len(data) == 4:
        return IPv4Address(data)
    if len(data) == 16:
        return IPv6Address(data)
    raise ValueError(f"an address is 4 or 16 bytes, not {len(data)}")


def scoped(address: InetAddress, zone: str) -> InetAddress:
    """Return an IPv6 address with its zone (interface) set; an IPv4 address as is."""
    if isinstance(address, IPv6Address):
        return IPv6Address(address.packed, scope_id=zone)
    return address


def map_to_ipv6(address: InetAddress) -> InetAddress:
    """Return the IPv4-mapped IPv6 form of an IPv4 address (an IPv6 address as is)."""
    if isinstance(address, IPv4Address):
        return map_ipv4_address_to_ipv6(address)
    return address


def unmap_ipv4(address: InetAddress) -> InetAddress:
    """Return the IPv4 address inside an IPv4-mapped IPv6 address (any other as is)."""
    if isinstance(address, IPv6Address) and address.is_ipv4_mapped:
        return map_ipv6_address_to_ipv4(address)
    return address


def ensure_inet(thing: object) -> InetAddress:
    """Return the address a non-text designator denotes (see designator_to_address)."""
    return ensure_address(thing)


def designator_to_address(thing: object) -> InetAddress | None:
    """Return the address a designator denotes, None for a str that is no address text.

    Text, address objects (iolib's or the stdlib's), ints, 4 or 16 bytes and
    4- or 8-tuples are designators. Any other non-str raises AddressParseError
    (a ValueError); an address of another family (a LocalAddress) TypeError.
    """
    if type(thing) is str:
        return ensure_address(thing, "internet", False)
    return ensure_inet(thing)
