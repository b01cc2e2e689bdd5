"""The six concrete socket classes: each is its mixins plus class data, nothing more."""

from __future__ import annotations

from typing import ClassVar

from iolib.sockets._active import ActiveSocket
from iolib.sockets._base import DatagramSocket, StreamSocket
from iolib.sockets._family import InternetSocket, LocalSocket
from iolib.sockets._passive import PassiveSocket

__all__ = [
    "SocketDatagramInternetActive",
    "SocketDatagramLocalActive",
    "SocketStreamInternetActive",
    "SocketStreamInternetPassive",
    "SocketStreamLocalActive",
    "SocketStreamLocalPassive",
]


class SocketStreamInternetActive(ActiveSocket, StreamSocket, InternetSocket):
    """An active SOCK_STREAM socket of domain AF_INET or AF_INET6 (a TCP connection)."""


class SocketStreamInternetPassive(PassiveSocket, StreamSocket, InternetSocket):
    """A passive SOCK_STREAM socket of domain AF_INET or AF_INET6 (a TCP listener)."""

    _ACTIVE_CLASS: ClassVar[type[SocketStreamInternetActive]] = SocketStreamInternetActive


class SocketStreamLocalActive(ActiveSocket, StreamSocket, LocalSocket):
    """An active SOCK_STREAM socket of domain AF_LOCAL."""


class SocketStreamLocalPassive(PassiveSocket, StreamSocket, LocalSocket):
    """A passive SOCK_STREAM socket of domain AF_LOCAL (a Unix-domain listener)."""

    _ACTIVE_CLASS: ClassVar[type[SocketStreamLocalActive]] = SocketStreamLocalActive


class SocketDatagramInternetActive(ActiveSocket, DatagramSocket, InternetSocket):
    """An active SOCK_DGRAM socket of domain AF_INET or AF_INET6 (UDP)."""


class SocketDatagramLocalActive(ActiveSocket, DatagramSocket, LocalSocket):
    """An active SOCK_DGRAM socket of domain AF_LOCAL."""
