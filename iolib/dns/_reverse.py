"""Reverse-lookup names: in-addr.arpa (RFC 1035 3.5) and ip6.arpa (RFC 3596 2.5)."""

from __future__ import annotations

from iolib.dns._addr import InetAddress

__all__ = ["reverse_name"]


def reverse_name(address: InetAddress) -> str:
    """Return the PTR owner name of an address ("4.3.2.1.in-addr.arpa", "...ip6.arpa")."""
    packed = address.packed
    if len(packed) == 4:
        return ".".join(str(octet) for octet in reversed(packed)) + ".in-addr.arpa"
    nibbles = packed.hex()[::-1]
    return ".".join(nibbles) + ".ip6.arpa"
