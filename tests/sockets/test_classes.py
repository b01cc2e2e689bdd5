"""The class hierarchy: IOLib's precedence lists and the per-class accessors."""

from __future__ import annotations

import socket

import pytest

from iolib.sockets import (
    ActiveSocket,
    DatagramSocket,
    InternetSocket,
    LocalSocket,
    PassiveSocket,
    Socket,
    SocketDatagramInternetActive,
    SocketDatagramLocalActive,
    SocketStreamInternetActive,
    SocketStreamInternetPassive,
    SocketStreamLocalActive,
    SocketStreamLocalPassive,
    StreamSocket,
    make_socket,
)
from iolib.sockets._active import ActiveSocket as _Active
from iolib.streams import DualChannelStream

MRO = [
    (
        SocketStreamInternetActive,
        [ActiveSocket, StreamSocket, InternetSocket, Socket, DualChannelStream],
    ),
    (SocketStreamInternetPassive, [PassiveSocket, StreamSocket, InternetSocket, Socket]),
    (SocketStreamLocalActive, [ActiveSocket, StreamSocket, LocalSocket, Socket, DualChannelStream]),
    (SocketStreamLocalPassive, [PassiveSocket, StreamSocket, LocalSocket, Socket]),
    (
        SocketDatagramInternetActive,
        [ActiveSocket, DatagramSocket, InternetSocket, Socket, DualChannelStream],
    ),
    (
        SocketDatagramLocalActive,
        [ActiveSocket, DatagramSocket, LocalSocket, Socket, DualChannelStream],
    ),
]


@pytest.mark.parametrize(("cls", "precedence"), MRO, ids=[c.__name__ for c, _ in MRO])
def test_method_resolution_order_is_iolibs(cls: type, precedence: list[type]) -> None:
    """The MRO lists IOLib's class precedence list, in order."""
    mro = [c for c in cls.__mro__ if c is not object]
    assert mro[0] is cls
    assert mro[1 : 1 + len(precedence)] == precedence


def test_mixins_are_distinct_axes() -> None:
    """Active sockets are streams, passive ones are not."""
    assert issubclass(ActiveSocket, DualChannelStream)
    assert not issubclass(PassiveSocket, DualChannelStream)
    assert _Active is ActiveSocket


@pytest.mark.parametrize(
    ("kwargs", "cls", "family", "kind", "protocol"),
    [
        ({}, SocketStreamInternetActive, "ipv4", "stream", socket.IPPROTO_TCP),
        ({"connect": "passive"}, SocketStreamInternetPassive, "ipv4", "stream", socket.IPPROTO_TCP),
        (
            {"type": "datagram"},
            SocketDatagramInternetActive,
            "ipv4",
            "datagram",
            socket.IPPROTO_UDP,
        ),
        ({"address_family": "local"}, SocketStreamLocalActive, "local", "stream", 0),
        (
            {"address_family": "file", "connect": "passive"},
            SocketStreamLocalPassive,
            "local",
            "stream",
            0,
        ),
        (
            {"address_family": "local", "type": "datagram"},
            SocketDatagramLocalActive,
            "local",
            "datagram",
            0,
        ),
        (
            {"address_family": "ipv6"},
            SocketStreamInternetActive,
            "ipv6",
            "stream",
            socket.IPPROTO_TCP,
        ),
        (
            {"address_family": "ipv4", "type": "datagram"},
            SocketDatagramInternetActive,
            "ipv4",
            "datagram",
            socket.IPPROTO_UDP,
        ),
    ],
)
def test_accessors_per_class(
    kwargs: dict[str, str], cls: type, family: str, kind: str, protocol: int
) -> None:
    """Each combination gives its class, family, type, protocol and predicates."""
    with make_socket(**kwargs) as sock:  # type: ignore[arg-type]
        assert type(sock) is cls
        assert sock.address_family == family
        assert sock.socket_type == kind
        assert sock.protocol == protocol
        assert sock.ipv6 is (family == "ipv6")
        assert sock.is_open is True
        assert sock.is_connected is False
        assert isinstance(sock.os_fd, int)
        assert sock.fileno() == sock.os_fd
        assert repr(sock).startswith(f"<{cls.__name__} fd=")
    assert sock.is_open is False
    assert sock.os_fd is None
    assert sock.is_connected is False
    assert "closed" in repr(sock)
    with pytest.raises(ValueError):
        sock.fileno()


def test_internet_names_are_namedtuples(tcp_listener: PassiveSocket) -> None:
    """local_name / remote_name unpack as (host, port) and have fields."""
    assert isinstance(tcp_listener, InternetSocket)
    host, port = tcp_listener.local_name
    assert str(host) == "127.0.0.1"
    assert port == tcp_listener.local_port > 0
    assert tcp_listener.local_host == host
