"""Network interfaces: IOLib's name/index pairs, plus the addresses and flags the OS reports."""

from __future__ import annotations

import contextlib
import socket
import struct
from typing import NamedTuple

from iolib.dns._addr import InetAddress, from_packed, scoped
from iolib.dns._errors import UnknownInterface

__all__ = ["Interface", "list_network_interfaces", "lookup_interface", "make_interface"]

# Linux ioctls and flags (include/uapi/linux/sockios.h, include/uapi/linux/if.h).
SIOCGIFFLAGS = 0x8913
SIOCGIFADDR = 0x8915
IF_FLAGS: tuple[tuple[str, int], ...] = (
    ("up", 0x1),
    ("broadcast", 0x2),
    ("debug", 0x4),
    ("loopback", 0x8),
    ("point-to-point", 0x10),
    ("notrailers", 0x20),
    ("running", 0x40),
    ("noarp", 0x80),
    ("promisc", 0x100),
    ("allmulti", 0x200),
    ("master", 0x400),
    ("slave", 0x800),
    ("multicast", 0x1000),
    ("portsel", 0x2000),
    ("automedia", 0x4000),
    ("dynamic", 0x8000),
)
IF_INET6 = "/proc/net/if_inet6"
_IFREQ = struct.Struct("16s16s")


def _ioctl(name: str, request: int) -> bytes | None:
    """Return the ifreq the kernel fills in for ``request`` on interface ``name``, or None."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover  # not a Unix: the OS tells nothing this way
        return None
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) >= 16:
        return None
    try:
        # An unbound datagram socket: it only carries the ioctl and never sends anything.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            return fcntl.ioctl(sock.fileno(), request, _IFREQ.pack(encoded, b""))
    except OSError:
        return None


def _ipv6_addresses(name: str) -> list[InetAddress]:
    found: list[InetAddress] = []
    with contextlib.suppress(OSError), open(IF_INET6, encoding="ascii") as file:
        for line in file:
            fields = line.split()
            if len(fields) != 6 or fields[5] != name or len(fields[0]) != 32:
                continue
            try:
                address = from_packed(bytes.fromhex(fields[0]))
            except ValueError:
                continue
            if address.packed[:2] == b"\xfe\x80":  # link-local: keep the zone
                address = scoped(address, name)
            found.append(address)
    return found


class Interface(NamedTuple):
    """A network interface: its name and index (``name, index = iface`` works).

    ``addresses`` and ``flags`` ask the OS each time they are read.
    """

    name: str
    index: int  # type: ignore[assignment]  # the contract's field name shadows tuple.index

    @property
    def addresses(self) -> list[InetAddress]:
        """Return the interface's addresses where the OS tells: its IPv4 address, then IPv6 ones."""
        found: list[InetAddress] = []
        reply = _ioctl(self.name, SIOCGIFADDR)
        if reply is not None and len(reply) >= 24:
            found.append(from_packed(reply[20:24]))  # sockaddr_in.sin_addr inside ifr_addr
        return found + _ipv6_addresses(self.name)

    @property
    def flags(self) -> frozenset[str]:
        """Return the interface's flags ("up", "loopback", "multicast", ...), empty if unknown."""
        reply = _ioctl(self.name, SIOCGIFFLAGS)
        if reply is None:
            return frozenset()
        (word,) = struct.unpack_from("=H", reply, 16)
        return frozenset(name for name, bit in IF_FLAGS if word & bit)


def list_network_interfaces() -> list[Interface]:
    """Return every network interface the OS knows, ordered by index."""
    try:
        pairs = socket.if_nameindex()
    except OSError:
        return []
    return sorted((Interface(name, index) for index, name in pairs), key=lambda i: i.index)


def make_interface(name: str, index: int) -> Interface:
    """Return an Interface of this name and index; TypeError unless a str and an int >= 0."""
    if not isinstance(name, str):
        raise TypeError(f"interface name must be a str, not {name!r}")
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise TypeError(f"interface index must be an int >= 0, not {index!r}")
    return Interface(name, index)


def lookup_interface(interface: int | str) -> Interface:
    """Return the Interface for a name or an index (an int or a decimal string).

    Raises TypeError for anything but a str or an int >= 0, UnknownInterface
    (``.datum`` = the argument as given) when the OS knows no such interface.
    """
    if isinstance(interface, bool) or not isinstance(interface, int | str):
        raise TypeError(f"interface must be a name or an index, not {interface!r}")
    if isinstance(interface, int) and interface < 0:
        raise TypeError(f"interface index must be >= 0, not {interface}")
    try:
        if isinstance(interface, int) or (interface.isascii() and interface.isdigit()):
            index = int(interface)
            return Interface(socket.if_indextoname(index), index)
        return Interface(interface, socket.if_nametoindex(interface))
    except (OSError, ValueError, OverflowError) as exc:
        raise UnknownInterface(interface) from exc
