"""Host, port and filename designators: the one place names become addresses and ports.

Numeric forms go through :mod:`iolib.address`. Host names are looked up in the
hosts file and service names in the services file, both re-read when their
mtime changes. This is the single upward edge of the sockets layer: the dns
layer answers names through :func:`lookup_host_name` and :func:`lookup_port_name`,
so those two are where ``iolib.dns`` is reached, by a function-local import.
"""

from __future__ import annotations

import functools
import ipaddress
import os
from collections.abc import Callable
from typing import Literal, TypeVar

from iolib._errors import IolibError
from iolib.address import (
    AddressParseError,
    InetAddress,
    IPv4Address,
    IPv6Address,
    LocalAddress,
    ensure_address,
)

__all__ = [
    "HostDesignator",
    "Ipv6Preference",
    "PortDesignator",
    "UnknownHostError",
    "UnknownPortError",
    "ensure_filename",
    "lookup_host_name",
    "lookup_port_name",
    "parse_hosts",
    "parse_services",
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

_T = TypeVar("_T")


class UnknownHostError(IolibError, ValueError):
    """A host name that the hosts file does not list (until the dns layer answers names)."""

    def __init__(self, datum: object) -> None:
        super().__init__(f"unknown host {datum!r}")
        self.datum = datum


class UnknownPortError(IolibError, ValueError):
    """A service name that the services file does not list."""

    def __init__(self, datum: object) -> None:
        super().__init__(f"unknown service {datum!r}")
        self.datum = datum


def parse_hosts(text: str) -> list[tuple[InetAddress, list[str]]]:
    """Return ``(address, names)`` for each valid line of a hosts file; bad lines are skipped."""
    entries: list[tuple[InetAddress, list[str]]] = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2:
            continue
        address = ensure_address(fields[0], errorp=False)
        if isinstance(address, InetAddress):
            entries.append((address, [name.lower() for name in fields[1:]]))
    return entries


def parse_services(text: str) -> dict[tuple[str, str], int]:
    """Return ``{(name, protocol): port}`` for the names and aliases of a services file."""
    table: dict[tuple[str, str], int] = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2 or "/" not in fields[1]:
            continue
        number, _, protocol = fields[1].partition("/")
        if not number.isdigit() or not 0 <= int(number) <= 65535:
            continue
        for name in (fields[0], *fields[2:]):
            table.setdefault((name, protocol.lower()), int(number))
    return table


class _FileCache:
    """The parsed content of one file, re-parsed when its path or mtime changes."""

    def __init__(self) -> None:
        self._key: tuple[str, int] | None = None
        self._value: object = None

    def get(self, path: str, parse: Callable[[str], _T], empty: _T) -> _T:
        try:
            key = (path, os.stat(path).st_mtime_ns)
        except OSError:
            return empty
        if key != self._key:
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            except OSError:
                return empty
            self._value, self._key = parse(text), key
        return self._value  # type: ignore[return-value]  # set by parse() for this key


_hosts_cache = _FileCache()
_services_cache = _FileCache()

_LOCALHOST: dict[str, tuple[InetAddress, ...]] = {
    "localhost": (IPv4Address((127, 0, 0, 1)), IPv6Address((0, 0, 0, 0, 0, 0, 0, 1))),
}


def _order(addresses: list[InetAddress], ipv6: Ipv6Preference) -> list[InetAddress]:
    v4: list[InetAddress] = [a for a in addresses if isinstance(a, IPv4Address)]
    v6: list[InetAddress] = [a for a in addresses if isinstance(a, IPv6Address)]
    if ipv6 is False:
        return v4
    if ipv6 == "ipv6":
        return v6
    return v6 + v4 if ipv6 is True else v4 + v6


def lookup_host_name(name: str, ipv6: Ipv6Preference = None) -> list[InetAddress]:
    """Return the addresses of host ``name`` in preference order; UnknownHostError if none.

    ``ipv6``: False IPv4 only, "ipv6" IPv6 only, True IPv6 first, None IPv4
    first. Reads the hosts file (``IOLIB_HOSTS_FILE`` or /etc/hosts); "localhost"
    works even when the file does not list it.
    """
    path = os.environ.get("IOLIB_HOSTS_FILE", "/etc/hosts")
    wanted = name.lower().rstrip(".")
    entries: list[tuple[InetAddress, list[str]]] = _hosts_cache.get(path, parse_hosts, [])
    found = [address for address, names in entries if wanted in names]
    if not found:
        found = list(_LOCALHOST.get(wanted, ()))
    ordered = _order(found, ipv6)
    if not ordered:
        raise UnknownHostError(name)
    return ordered


@functools.lru_cache(maxsize=512)
def parse_text_address(text: str) -> InetAddress | None:
    """Return the address numeric ``text`` denotes, or None (then it is a host name)."""
    address = ensure_address(text, errorp=False)
    return address if isinstance(address, InetAddress) else None


def resolve_host(host: object, ipv6: Ipv6Preference = None) -> list[InetAddress]:
    """Return the addresses a host designator stands for, preferred first.

    An address designator (Address, text, int, vector, bytes, ipaddress
    object) gives one address without lookup; any other str is a host name.
    Raises TypeError for a non-designator or a LocalAddress, AddressParseError
    for a malformed numeric designator, UnknownHostError for an unknown name.
    """
    if isinstance(host, InetAddress):
        return [host]
    if isinstance(host, str):
        parsed = parse_text_address(host)
        if parsed is not None:
            return [parsed]
        if not host:
            raise AddressParseError(f"empty host designator {host!r}")
        return lookup_host_name(host, ipv6)
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
    """Return the port of service ``name``; UnknownPortError if the services file lacks it.

    Reads ``IOLIB_SERVICES_FILE`` or /etc/services; protocol "tcp", "udp" or
    "any" (tcp first).
    """
    path = os.environ.get("IOLIB_SERVICES_FILE", "/etc/services")
    table: dict[tuple[str, str], int] = _services_cache.get(path, parse_services, {})
    for proto in ("tcp", "udp") if protocol == "any" else (protocol,):
        port = table.get((name, proto))
        if port is not None:
            return port
    raise UnknownPortError(name)


def resolve_port(port: object, protocol: str = "tcp") -> int:
    """Return the port number for a port designator: an int 0..65535, "80", or "http".

    Raises TypeError for a non-int non-str or a number out of range,
    UnknownPortError for an unknown service name.
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
