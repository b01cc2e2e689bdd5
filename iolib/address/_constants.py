"""Well-known addresses (IOLib's constants)."""

from __future__ import annotations

from iolib.address._types import IPv4Address, IPv6Address

__all__ = [
    "IPV4_LOOPBACK",
    "IPV4_UNSPECIFIED",
    "IPV6_INTERFACE_LOCAL_ALL_NODES",
    "IPV6_INTERFACE_LOCAL_ALL_ROUTERS",
    "IPV6_LINK_LOCAL_ALL_NODES",
    "IPV6_LINK_LOCAL_ALL_ROUTERS",
    "IPV6_LOOPBACK",
    "IPV6_SITE_LOCAL_ALL_ROUTERS",
    "IPV6_UNSPECIFIED",
    "MAX_IPV4_VALUE",
]

MAX_IPV4_VALUE = 0xFFFFFFFF
IPV4_UNSPECIFIED = IPv4Address(0)
IPV4_LOOPBACK = IPv4Address((127, 0, 0, 1))
IPV6_UNSPECIFIED = IPv6Address(0)
IPV6_LOOPBACK = IPv6Address(1)
# RFC 4291 section 2.7.1: all-nodes and all-routers multicast groups.
IPV6_INTERFACE_LOCAL_ALL_NODES = IPv6Address((0xFF01, 0, 0, 0, 0, 0, 0, 1))
IPV6_LINK_LOCAL_ALL_NODES = IPv6Address((0xFF02, 0, 0, 0, 0, 0, 0, 1))
IPV6_INTERFACE_LOCAL_ALL_ROUTERS = IPv6Address((0xFF01, 0, 0, 0, 0, 0, 0, 2))
IPV6_LINK_LOCAL_ALL_ROUTERS = IPv6Address((0xFF02, 0, 0, 0, 0, 0, 0, 2))
IPV6_SITE_LOCAL_ALL_ROUTERS = IPv6Address((0xFF05, 0, 0, 0, 0, 0, 0, 2))
