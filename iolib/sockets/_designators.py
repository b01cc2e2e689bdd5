"""Host, port and filename designators: the one place names become addresses and ports.

Numeric forms go through :mod:`iolib.address`; host and service names go to
:mod:`iolib.dns` (hosts file, then DNS; the services file). This is the single
upward edge of the sockets layer: :func:`lookup_host_name` and
:func:`lookup_port_name` reach ``iolib.dns`` by a function-local import, so the
sockets layer still imports alone.
"""

from __future__ import annotations

import functools
import ipaddress
import os
from typing import Literal

from iolib.address import (
    AddressParseError,
    InetAddress,
    LocalAddress,
    ensure_address,
)

__all__ = [
    "HostDesignator",
    "Ipv6Preference",
    "PortDesignator",
    "ensure_filename",
    "lookup_host_name",
    "lookup_port_name",
    "parse_text_address",
    "resolve_host",
    "resolve_port",
]

HostDesignator = (
    InetAddress
    | str
    | int
    | bytes
    | tuple[int, ...]
    | ipaddress.IPv4Address
    | ipaddress.IPv6Address
)
PortDesignator = int | str
Ipv6Preference = bool | Literal["ipv6"] | None


def lookup_host_name(
    name: str, ipv6: Ipv6Preference = None, timeout: float | None = None
) -> list[InetAddress]:
    """Return the addresses of host ``name`` in preference order, looked up by :mod:`iolib.dns`.

    ``ipv6``: False IPv4 only, "ipv6" IPv6 only, True IPv6 first, None both
    families asked at once, IPv4 first (Happy Eyeballs reorders them). The
    hosts file is read first, then DNS; "localhost" is always loopback.
    ``timeout`` bounds the lookup (None: resolv.conf's tries and attempts).
    Raises the ResolverError subclass of the failure (``.datum`` = name).
    """
    from iolib import dns  # function-local: dns is the layer above sockets

    found = dns.lookup_hostname(name, ipv6=True if ipv6 is None else ipv6, timeout=timeout)
    addresses: list[InetAddress] = [found.address, *found.addresses]
    if ipv6 is None:
        addresses.sort(key=lambda address: address.version)  # stable: IPv4 first
    return addresses


@functools.lru_cache(maxsize=512)
def parse_text_address(text: str) -> InetAddress | None:
    """Return the address numeric ``text`` denotes, or None (then it is a host name)."""
    address = ensure_address(text, errorp=False)
    return address if isinstance(address, InetAddress) else None


def resolve_host(
    host: object, ipv6: Ipv6Preference = None, timeout: float | None = None
) -> list[InetAddress]:
    """Return the addresses a host designator stands for, preferred first.

    An address designator (Address, text, int, vector, bytes, ipaddress
    object) gives one address without lookup; any other str is a host name.
    Raises TypeError for a non-designator or a LocalAddress, AddressParseError
    for a malformed numeric designator, a ResolverError for a name that does not resolve.
    """
    if isinstance(host, InetAddress):
        return [host]
    if isinstance(host, str):
        parsed = parse_text_address(host)
        if parsed is not None:
            return [parsed]
        if not host:
            raise AddressParseError(f"empty host designator {host!r}")
        return lookup_host_name(host, ipv6, timeout)
    if isinstance(host, LocalAddress):
        raise TypeError(f"{host!r} is a local address, not an internet host")
    if isinstance(host, bool) or not isinstance(
        host, int | bytes | tuple | list | ipaddress.IPv4Address | ipaddress.IPv6Address
    ):
        raise TypeError(f"not a host designator: {host!r}")
    address = ensure_address(host)
    if not isinstance(address, InetAddress):
        raise TypeError(f"not an internet host designator: {host!r}")
    return [address]


def lookup_port_name(name: str, protocol: str = "tcp") -> int:
    """Return the port of service ``name`` by :func:`iolib.dns.lookup_service`.

    protocol "tcp", "udp" or "any"; UnknownService if the services file lacks it.
    """
    from iolib import dns  # function-local: dns is the layer above sockets

    return dns.lookup_service(name, protocol).port


def resolve_port(port: object, protocol: str = "tcp") -> int:
    """Return the port number for a port designator: an int 0..65535, "80", or "http".

    Raises TypeError for a non-int non-str or a number out of range,
    UnknownService for an unknown service name.
    """
    if isinstance(port, int) and not isinstance(port, bool):
        if not 0 <= port <= 65535:
            raise TypeError(f"port {port} is outside 0..65535")
        return port
    if not isinstance(port, str):
        raise TypeError(f"not a port designator: {port!r}")
    if port.isdigit() and port.isascii():
        return resolve_port(int(port), protocol)
    return lookup_port_name(port, protocol)


def ensure_filename(name: object) -> LocalAddress:
    """Return the LocalAddress for a str, an os.PathLike or a LocalAddress; TypeError otherwise."""
    if isinstance(name, LocalAddress):
        return name
    if isinstance(name, str):
        return LocalAddress(name)
    if isinstance(name, os.PathLike):
        path = os.fspath(name)
        if isinstance(path, str):
            return LocalAddress(path)
    raise TypeError(f"not a local filename designator: {name!r}")
