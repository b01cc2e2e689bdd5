"""Conversions between iolib addresses and the stdlib socket module's address tuples."""

from __future__ import annotations

import functools

from iolib.address import (
    InetAddress,
    IPv4Address,
    IPv6Address,
    LocalAddress,
    ensure_address,
    map_ipv6_address_to_ipv4,
)

__all__ = [
    "InetSockaddr",
    "LocalSockaddr",
    "inet_from_sockaddr",
    "inet_host_text",
    "local_from_sockaddr",
    "local_sockaddr",
]

InetSockaddr = tuple[str, int] | tuple[str, int, int, int]
LocalSockaddr = str | bytes


@functools.lru_cache(maxsize=1024)
def inet_host_text(address: InetAddress, ipv6: bool) -> str:
    """Return the host text for ``address`` on an IPv6 (``ipv6``) or IPv4 socket.

    An IPv4 address on an IPv6 socket becomes its IPv4-mapped form; an
    IPv4-mapped address on an IPv4 socket becomes plain IPv4. Raises
    ValueError for any other IPv6 address on an IPv4 socket.
    """
    if ipv6:
        if isinstance(address, IPv4Address):
            return f"::ffff:{address}"
        return str(address)
    if isinstance(address, IPv6Address):
        if address.is_ipv4_mapped:
            return str(map_ipv6_address_to_ipv4(address))
        raise ValueError(f"{address} is an IPv6 address and the socket is IPv4")
    return str(address)


@functools.lru_cache(maxsize=1024)
def _parse_host(text: str) -> InetAddress:
    address = ensure_address(text)
    if not isinstance(address, InetAddress):  # pragma: no cover - the OS gives inet text
        raise TypeError(f"not an internet address: {text!r}")
    return address


def inet_from_sockaddr(sockaddr: tuple[object, ...]) -> tuple[InetAddress, int]:
    """Return ``(address, port)`` for an AF_INET / AF_INET6 address tuple from the OS."""
    host, port = sockaddr[0], sockaddr[1]
    if not isinstance(host, str) or not isinstance(port, int):
        raise TypeError(f"not an internet socket address: {sockaddr!r}")
    if len(sockaddr) == 4 and sockaddr[3] and "%" not in host:
        host = f"{host}%{sockaddr[3]}"
    return _parse_host(host), port


def local_sockaddr(address: LocalAddress) -> LocalSockaddr:
    """Return the address the OS takes for a LocalAddress: a path, or NUL + name if abstract."""
    if address.abstract:
        return b"\0" + address.name.encode("utf-8", "surrogateescape")
    return address.name


def local_from_sockaddr(sockaddr: object) -> LocalAddress | None:
    """Return the LocalAddress for an AF_UNIX address from the OS; None when unnamed."""
    if isinstance(sockaddr, bytes):
        if sockaddr.startswith(b"\0"):
            return LocalAddress(sockaddr[1:].decode("utf-8", "surrogateescape"), abstract=True)
        sockaddr = sockaddr.decode("utf-8", "surrogateescape")
    if not isinstance(sockaddr, str) or not sockaddr:
        return None
    if sockaddr.startswith("\0"):
        return LocalAddress(sockaddr[1:], abstract=True)
    return LocalAddress(sockaddr)
