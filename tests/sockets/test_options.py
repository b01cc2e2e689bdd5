"""Socket options by IOLib name: kinds, conversions, errors and the stream timeouts."""

from __future__ import annotations

import socket
import struct

import pytest

from iolib.sockets import (
    ActiveSocket,
    SocketError,
    SocketOptionNotSupportedError,
    make_socket,
    make_socket_pair,
)
from iolib.sockets._options import (
    OPTIONS,
    Linger,
    decode_option,
    encode_option,
    lookup_option,
)

API_NAMES = [
    "reuse_address",
    "keepalive",
    "nodelay",
    "receive_buffer",
    "send_buffer",
    "receive_timeout",
    "send_timeout",
    "linger",
    "broadcast",
    "bind_to_device",
    "reuse_port",
    "priority",
    "tcp_maxseg",
    "tcp_cork",
    "tcp_keepidle",
]


@pytest.mark.parametrize("name", API_NAMES)
def test_api_option_names_are_in_the_table(name: str) -> None:
    """Every option name the API lists is known."""
    assert lookup_option(name).name == name


@pytest.mark.parametrize(
    ("alias", "name"), [("keep_alive", "keepalive"), ("tcp_nodelay", "nodelay")]
)
def test_aliases(alias: str, name: str) -> None:
    """IOLib's alternative spellings map to the same option."""
    assert lookup_option(alias) is OPTIONS[name]


@pytest.mark.parametrize(
    ("name", "error"), [("no_such_option", ValueError), (3, TypeError), (None, TypeError)]
)
def test_bad_option_names(name: object, error: type[Exception]) -> None:
    """An unknown name is a ValueError, a non-str a TypeError."""
    with pytest.raises(error):
        lookup_option(name)


@pytest.mark.parametrize(
    ("name", "value", "raw"),
    [
        ("keepalive", True, 1),
        ("keepalive", False, 0),
        ("receive_buffer", 4096, 4096),
        ("linger", (True, 5), struct.pack("ii", 1, 5)),
        ("linger", 7, struct.pack("ii", 1, 7)),
        ("linger", None, struct.pack("ii", 0, 0)),
        ("linger", False, struct.pack("ii", 0, 0)),
        ("receive_timeout", 1.5, struct.pack("ll", 1, 500_000)),
        ("receive_timeout", None, struct.pack("ll", 0, 0)),
        ("receive_timeout", 0, struct.pack("ll", 0, 0)),
        ("bind_to_device", "lo", b"lo"),
    ],
)
def test_encode(name: str, value: object, raw: object) -> None:
    """Values become the bytes or int setsockopt takes."""
    assert encode_option(OPTIONS[name], value) == raw


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("keepalive", "yes", TypeError),
        ("keepalive", 2, TypeError),
        ("keepalive", None, TypeError),
        ("receive_buffer", 1.5, TypeError),
        ("receive_buffer", True, TypeError),
        ("receive_buffer", 2**40, ValueError),
        ("linger", "x", TypeError),
        ("linger", ("on", 1), TypeError),
        ("receive_timeout", "1", TypeError),
        ("receive_timeout", -1, ValueError),
        ("receive_timeout", float("nan"), ValueError),
        ("bind_to_device", 3, TypeError),
        ("bind_to_device", "x" * 16, ValueError),
        ("bind_to_device", "é", ValueError),
        ("bind_to_device", "a\0b", ValueError),
    ],
)
def test_encode_rejects_bad_values(name: str, value: object, error: type[Exception]) -> None:
    """A value of the wrong kind is a TypeError, out of range a ValueError."""
    with pytest.raises(error):
        encode_option(OPTIONS[name], value)


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("keepalive", 1, True),
        ("keepalive", 0, False),
        ("receive_buffer", 8192, 8192),
        ("linger", struct.pack("ii", 1, 3), Linger(True, 3)),
        ("receive_timeout", struct.pack("ll", 2, 250_000), 2.25),
        ("bind_to_device", b"lo\0\0\0", "lo"),
        ("bind_to_device", b"", ""),
    ],
)
def test_decode(name: str, raw: int | bytes, value: object) -> None:
    """getsockopt results become Python values."""
    assert decode_option(OPTIONS[name], raw) == value


def test_round_trip_on_a_tcp_socket() -> None:
    """get_option returns what set_option set, for each kind."""
    with make_socket(type="stream") as sock:
        sock.set_option("keepalive", True)
        assert sock.get_option("keepalive") is True
        sock.set_option("nodelay", True)
        assert sock.get_option("nodelay") is True
        sock.set_option("linger", (True, 4))
        assert sock.get_option("linger") == (True, 4)
        sock.set_option("send_timeout", 0.25)
        assert sock.get_option("send_timeout") == pytest.approx(0.25, abs=0.02)  # kernel ticks
        sock.set_option("tcp_keepidle", 30)
        assert sock.get_option("tcp_keepidle") == 30
        assert sock.get_option("type") == socket.SOCK_STREAM
        assert sock.get_option("error") == 0
        assert isinstance(sock.get_option("receive_buffer"), int)


def test_timeouts_also_set_the_stream_timeouts() -> None:
    """receive_timeout / send_timeout become read_timeout / write_timeout."""
    a, b = make_socket_pair()
    with a, b:
        a.set_option("receive_timeout", 2.5)
        a.set_option("send_timeout", 1)
        assert a.read_timeout == 2.5
        assert a.write_timeout == 1.0
        a.set_option("receive_timeout", None)
        a.set_option("send_timeout", 0)
        assert a.read_timeout is None
        assert a.write_timeout is None


def test_read_only_options_cannot_be_set() -> None:
    """Setting error, type or accept_connections is a ValueError."""
    with make_socket() as sock:
        for name in ("error", "type", "accept_connections"):
            with pytest.raises(ValueError, match="read-only"):
                sock.set_option(name, 1)


def test_option_the_socket_lacks_is_a_socket_error() -> None:
    """A TCP option on a Unix socket is refused by the OS with a SocketError."""
    a, b = make_socket_pair()
    with a, b, pytest.raises(SocketError) as info:
        a.get_option("tcp_maxseg")
    assert isinstance(info.value, SocketOptionNotSupportedError | SocketError)
    assert info.value.errno is not None


def test_raw_getsockopt_and_setsockopt() -> None:
    """The raw calls take levels and numbers, ints or bytes."""
    with make_socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 2))
        raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)
        assert isinstance(raw, bytes)
        assert struct.unpack("ii", raw) == (1, 2)
        with pytest.raises(SocketError):
            sock.getsockopt(socket.SOL_SOCKET, 9999)
        with pytest.raises(SocketError):
            sock.setsockopt(socket.SOL_SOCKET, 9999, 1)


def test_options_on_a_closed_socket() -> None:
    """Option calls on a closed socket are ValueErrors, as for closed files."""
    sock = make_socket()
    sock.close()
    with pytest.raises(ValueError, match="closed"):
        sock.get_option("keepalive")
    with pytest.raises(ValueError, match="closed"):
        sock.set_option("keepalive", True)
    with pytest.raises(ValueError, match="closed"):
        sock.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)


def test_bind_to_device_reads_back() -> None:
    """bind_to_device reads as the interface name ("" when unbound)."""
    with make_socket(type="datagram") as sock:
        assert sock.get_option("bind_to_device") == ""
        try:
            sock.set_option("bind_to_device", "lo")
        except SocketError as exc:
            pytest.skip(f"SO_BINDTODEVICE refused here: {exc}")
        assert sock.get_option("bind_to_device") == "lo"


def test_active_sockets_are_streams_with_options() -> None:
    """Options work the same on the stream side of an active socket."""
    with make_socket() as sock:
        assert isinstance(sock, ActiveSocket)
        sock.set_option("reuse_address", True)
        assert sock.get_option("reuse_address") is True
