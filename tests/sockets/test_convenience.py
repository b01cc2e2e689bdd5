"""usocket-style helpers: socket_connect, socket_listen and the constants."""

from __future__ import annotations

import time

import pytest

from iolib.address import IPv4Address
from iolib.sockets import (
    AUTO_PORT,
    MAX_DATAGRAM_PACKET_SIZE,
    WILDCARD_HOST,
    PassiveSocket,
    SocketConnectionRefusedError,
    SocketDatagramInternetActive,
    SocketStreamInternetActive,
    SocketStreamInternetPassive,
    socket_connect,
    socket_listen,
)
from iolib.streams import StreamTimeoutError


def test_constants() -> None:
    """WILDCARD_HOST is an unspecified address, AUTO_PORT 0, the datagram limit 65507."""
    assert isinstance(WILDCARD_HOST, IPv4Address)
    assert WILDCARD_HOST.is_unspecified
    assert AUTO_PORT == 0
    assert MAX_DATAGRAM_PACKET_SIZE == 65507


def test_listen_on_the_wildcard_accepts_ipv4_clients() -> None:
    """socket_listen(WILDCARD_HOST, AUTO_PORT) serves 127.0.0.1 clients."""
    with socket_listen(WILDCARD_HOST, AUTO_PORT) as listener:
        assert type(listener) is SocketStreamInternetPassive
        assert listener.is_listening
        assert listener.local_host == WILDCARD_HOST  # type: ignore[attr-defined]
        port = listener.local_port  # type: ignore[attr-defined]
        with socket_connect("127.0.0.1", port, nodelay=True) as client:
            assert type(client) is SocketStreamInternetActive
            assert client.get_option("nodelay") is True
            with listener.accept_connection(timeout=5) as server:  # type: ignore[union-attr]
                client.write_line("usocket")
                client.finish_output()
                assert server.read_line() == "usocket"


def test_listen_options() -> None:
    """reuse_address and backlog reach the listener; None host means the wildcard."""
    with socket_listen(None, 0, reuse_address=False, backlog=2) as listener:
        assert isinstance(listener, PassiveSocket)
        assert listener.get_option("reuse_address") is False
        assert listener.local_host == WILDCARD_HOST  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        socket_listen("127.0.0.1", 0, backlog=0)


def test_timeout_bounds_the_connect_then_becomes_read_timeout(
    tcp_listener: PassiveSocket,
) -> None:
    """The socket's read_timeout is the timeout given."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with socket_connect("127.0.0.1", port, timeout=0.05) as client:
        assert client.read_timeout == 0.05
        with tcp_listener.accept_connection(timeout=5):
            start = time.monotonic()
            with pytest.raises(StreamTimeoutError):
                client.read_byte()
            assert time.monotonic() - start < 2


def test_refused_with_a_timeout() -> None:
    """A refused bounded connect is SocketConnectionRefusedError, leaking nothing."""
    with socket_listen("127.0.0.1", 0) as listener:
        port = listener.local_port  # type: ignore[attr-defined]
    with pytest.raises(SocketConnectionRefusedError):
        socket_connect("127.0.0.1", port, timeout=5)


def test_local_bind_for_a_client(tcp_listener: PassiveSocket) -> None:
    """local_host / local_port bind the client before it connects."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with socket_connect("127.0.0.1", port, local_host="127.0.0.1", local_port=0) as client:
        assert str(client.local_host) == "127.0.0.1"  # type: ignore[attr-defined]
        with tcp_listener.accept_connection(timeout=5) as server:  # type: ignore[union-attr]
            assert server.remote_port == client.local_port  # type: ignore[attr-defined]


def test_datagram_unconnected_and_connected() -> None:
    """With host and port None a datagram socket is bound, not connected."""
    with socket_connect(None, None, protocol="datagram", local_host="127.0.0.1") as server:
        assert type(server) is SocketDatagramInternetActive
        assert not server.is_connected
        port = server.local_port  # type: ignore[attr-defined]
        with socket_connect("127.0.0.1", port, protocol="datagram") as client:
            assert client.is_connected
            client.send_to(b"datagram")
            got = server.receive_from(size=MAX_DATAGRAM_PACKET_SIZE)
            assert bytes(got.buffer[: got.nbytes]) == b"datagram"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"protocol": "raw"}, ValueError),
        ({"timeout": -1}, ValueError),
        ({"timeout": "1"}, TypeError),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], error: type[Exception]) -> None:
    """Bad protocol or timeout values raise before any socket is made."""
    with pytest.raises(error):
        socket_connect("127.0.0.1", 1, **kwargs)  # type: ignore[arg-type]
