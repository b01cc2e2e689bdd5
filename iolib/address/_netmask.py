"""Netmask arithmetic (IOLib's address-arithmetic), for IPv4 and for IPv6 prefixes too.

A netmask designator is an address of the same family, a prefix length
(CIDR) int, or for IPv4 a class "a" / "b" / "c". Mixing families raises
TypeError.
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from iolib.address._designators import ensure_address
from iolib.address._local import LocalAddress
from iolib.address._network import Network, prefix_mask
from iolib.address._types import IPv4Address, IPv6Address, new_ipv4, new_ipv6

__all__ = [
    "ensure_netmask",
    "host_portion",
    "in_network",
    "in_same_network",
    "is_private",
    "make_netmask",
    "network_class",
    "network_portion",
]

_CLASS_PREFIX = {"a": 8, "b": 16, "c": 24}
_WIDTH = {4: 32, 6: 128}
_from_bytes = int.from_bytes


def _cidr(value: object, width: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"a CIDR prefix must be an int, not {type(value).__name__}")
    if not 0 <= value <= width:
        raise TypeError(f"a CIDR prefix must be between 0 and {width}, not {value}")
    return int(value)


def make_netmask(cidr: int | None = None, klass: str | None = None) -> IPv4Address:
    """Return the IPv4 netmask of a CIDR prefix (0..32) or a network class "a", "b" or "c".

    ``cidr`` wins when both are given. A cidr out of range or a klass not
    "a"/"b"/"c": TypeError; neither given: ValueError.
    """
    if cidr is not None:
        return new_ipv4(prefix_mask(_cidr(cidr, 32), 32))
    if klass is not None:
        if not isinstance(klass, str) or klass not in _CLASS_PREFIX:
            raise TypeError(f"klass must be 'a', 'b' or 'c', not {klass!r}")
        return new_ipv4(prefix_mask(_CLASS_PREFIX[klass], 32))
    raise ValueError("make_netmask needs a cidr or a klass")


def ensure_netmask(thing: object) -> IPv4Address | IPv6Address:
    """Return the netmask ``thing`` designates: an address as is, "a"/"b"/"c", or a CIDR int.

    An int is an IPv4 prefix (0..32). Anything else: TypeError.
    """
    if isinstance(thing, (IPv4Address, IPv6Address)):
        return thing
    if isinstance(thing, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return ensure_address(thing)
    if isinstance(thing, str):
        return make_netmask(klass=thing)
    if isinstance(thing, int) and not isinstance(thing, bool):
        return make_netmask(cidr=thing)
    raise TypeError(f"not a netmask designator: {thing!r}")


def _mask(netmask: object, version: int) -> int:
    """Return the integer mask of a netmask designator for an address of ``version``."""
    if isinstance(netmask, int) and not isinstance(netmask, bool):
        width = _WIDTH[version]
        return prefix_mask(_cidr(netmask, width), width)
    mask = ensure_netmask(netmask)
    if mask.version != version:
        raise TypeError(f"netmask {mask} does not fit an IPv{version} address")
    return int(mask)


def _same(address: IPv4Address | IPv6Address, value: int) -> IPv4Address | IPv6Address:
    if isinstance(address, IPv4Address):
        return new_ipv4(value)
    return new_ipv6(value.to_bytes(16, "big"), address.scope_id)


def network_portion(address: object, netmask: object) -> IPv4Address | IPv6Address:
    """Return ``address`` with its host bits cleared by ``netmask``.

    Raises what ``ensure_address`` raises for a bad address, TypeError for a
    bad netmask or one of the other family.
    """
    inet = ensure_address(address)
    return _same(inet, int(inet) & _mask(netmask, inet.version))


def host_portion(address: object, netmask: object) -> IPv4Address | IPv6Address:
    """Return the host bits of ``address`` under ``netmask`` (network bits cleared).

    Raises as ``network_portion``.
    """
    inet = ensure_address(address)
    full = (1 << _WIDTH[inet.version]) - 1
    return _same(inet, int(inet) & (full ^ _mask(netmask, inet.version)))


def in_network(address: object, network: object, netmask: object = None) -> bool:
    """True if ``address`` lies in the network ``network`` / ``netmask``.

    ``network`` is an address (its host bits are ignored) with ``netmask``,
    or, with no netmask, a Network, an ``ipaddress`` network or "net/prefix"
    text. Raises what ``ensure_address`` raises for bad designators,
    TypeError when the families differ or the netmask is bad.
    """
    if (
        type(netmask) is IPv4Address
        and type(address) is IPv4Address
        and type(network) is IPv4Address
    ):
        mask = netmask._int
        return address._int & mask == network._int & mask
    if netmask is None:
        net = network if isinstance(network, Network) else Network(network, strict=False)
        inet = ensure_address(address)
        if inet.version != net.version:
            raise TypeError(f"{inet} and {net} are of different families")
        return inet in net
    inet = ensure_address(address)
    base = ensure_address(network)
    if inet.version != base.version:
        raise TypeError(f"{inet} and {base} are of different families")
    mask = _mask(netmask, inet.version)
    return int(inet) & mask == int(base) & mask


def in_same_network(
    address1: object, address2: object, network: object, netmask: object = None
) -> bool:
    """True if both addresses lie in the network ``network`` / ``netmask``; raises as in_network."""
    return in_network(address1, network, netmask) and in_network(address2, network, netmask)


def network_class(address: object) -> Literal["a", "b", "c", "d", "e"]:
    """Return the classful network class "a" .. "e" of an IPv4 address; TypeError for IPv6."""
    inet = ensure_address(address)
    if not isinstance(inet, IPv4Address):
        raise TypeError(f"network classes are IPv4 only: {inet}")
    first = int(inet) >> 24
    if first < 128:
        return "a"
    if first < 192:
        return "b"
    if first < 224:
        return "c"
    if first < 240:
        return "d"
    return "e"


def is_private(address: object) -> bool:
    """True for 10/8, 172.16/12, 192.168/16 and fc00::/7; False for a LocalAddress.

    Raises what ``ensure_address`` raises for a bad designator.
    """
    if isinstance(address, LocalAddress):
        return False
    return ensure_address(address).is_private
