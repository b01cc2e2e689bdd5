"""The transport: fresh UDP sockets, TCP exchanges, and OS errors turned into TransportError."""

from __future__ import annotations

import itertools
import socket
import struct
import threading
import time
from collections.abc import Iterator

import pytest

from iolib.dns._transport import TransportError, UdpExchange, tcp_exchange, wait_readable


@pytest.fixture
def udp_peer() -> Iterator[socket.socket]:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(5)
        yield sock


def _closed_port(kind: socket.SocketKind) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_udp_exchange_round_trip(udp_peer: socket.socket) -> None:
    exchange = UdpExchange(udp_peer.getsockname(), b"question")
    try:
        data, source = udp_peer.recvfrom(100)
        assert data == b"question"
        udp_peer.sendto(b"answer", source)
        assert wait_readable([exchange.fileno()], 5) == {exchange.fileno()}
        assert exchange.receive() == [b"answer"]
        assert exchange.receive() == []
    finally:
        exchange.close()


def test_source_ports_are_not_sequential(udp_peer: socket.socket) -> None:
    """The kernel's connect-time bind picks ports at random, not one after another."""
    exchanges = [UdpExchange(udp_peer.getsockname(), b"q") for _ in range(20)]
    try:
        ports = [udp_peer.recvfrom(10)[1][1] for _ in exchanges]
        steps = {b - a for a, b in itertools.pairwise(ports)}
        assert len(set(ports)) == 20
        assert len(steps) > 10  # sequential allocation would give a single step
    finally:
        for exchange in exchanges:
            exchange.close()


def test_each_exchange_has_its_own_port(udp_peer: socket.socket) -> None:
    exchanges = [UdpExchange(udp_peer.getsockname(), b"q") for _ in range(5)]
    try:
        ports = {udp_peer.recvfrom(10)[1][1] for _ in exchanges}
        assert len(ports) == 5
    finally:
        for exchange in exchanges:
            exchange.close()


def test_datagrams_from_elsewhere_never_arrive(udp_peer: socket.socket) -> None:
    exchange = UdpExchange(udp_peer.getsockname(), b"q")
    try:
        _, source = udp_peer.recvfrom(10)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as intruder:
            intruder.sendto(b"spoof", source)
        udp_peer.sendto(b"real", source)
        assert wait_readable([exchange.fileno()], 5)
        assert exchange.receive() == [b"real"]
    finally:
        exchange.close()


def test_refused_udp_is_transport_error() -> None:
    exchange = UdpExchange(("127.0.0.1", _closed_port(socket.SOCK_DGRAM)), b"q")
    try:
        assert wait_readable([exchange.fileno()], 5)
        with pytest.raises(TransportError):
            exchange.receive()
    finally:
        exchange.close()


def test_wait_readable_times_out() -> None:
    a, b = socket.socketpair()
    with a, b:
        start = time.monotonic()
        assert wait_readable([a.fileno()], 0.05) == set()
        assert time.monotonic() - start >= 0.05


def test_tcp_refused_is_transport_error() -> None:
    with pytest.raises(TransportError):
        tcp_exchange(("127.0.0.1", _closed_port(socket.SOCK_STREAM)), b"q", 2)


def _tcp_server(reply: bytes) -> tuple[socket.socket, threading.Thread]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            length = struct.unpack("!H", conn.recv(2, socket.MSG_WAITALL))[0]
            conn.recv(length, socket.MSG_WAITALL)
            conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener, thread


@pytest.mark.parametrize(
    ("reply", "expected"),
    [(b"\x00\x05hello", b"hello"), (b"\x00\x05hel", None), (b"\x00", None), (b"", None)],
)
def test_tcp_exchange(reply: bytes, expected: bytes | None) -> None:
    listener, thread = _tcp_server(reply)
    with listener:
        if expected is None:
            with pytest.raises(TransportError):
                tcp_exchange(listener.getsockname(), b"query", 2)
        else:
            assert tcp_exchange(listener.getsockname(), b"query", 2) == expected
        thread.join(5)


def test_tcp_timeout_is_transport_error() -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts into the backlog, never answers
    with listener:
        start = time.monotonic()
        with pytest.raises(TransportError):
            tcp_exchange(listener.getsockname(), b"query", 0.2)
        assert time.monotonic() - start < 2


class _FakeSocket:
    """Stands in for an iolib socket whose send fails with ``error``."""

    def __init__(self, error: BaseException) -> None:
        self.error, self.closed = error, False

    def send_to(self, data: bytes, dont_wait: bool = False) -> int:
        raise self.error

    def close(self, abort: bool = False) -> None:
        self.closed = True


@pytest.mark.parametrize(
    ("error", "raised"),
    [(OSError("no route"), TransportError), (KeyboardInterrupt(), KeyboardInterrupt)],
)
def test_send_failures_close_the_socket(
    monkeypatch: pytest.MonkeyPatch, error: BaseException, raised: type[BaseException]
) -> None:
    import iolib.dns._transport as transport

    fake = _FakeSocket(error)
    monkeypatch.setattr(transport, "socket_connect", lambda *args, **kwargs: fake)
    with pytest.raises(raised):
        UdpExchange(("127.0.0.1", 53), b"q")
    assert fake.closed


def test_socket_creation_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import iolib.dns._transport as transport
    from iolib.sockets import SocketError

    def refuse(*args: object, **kwargs: object) -> None:
        raise SocketError(24, "out of descriptors", "socket")

    monkeypatch.setattr(transport, "socket_connect", refuse)
    with pytest.raises(TransportError):
        UdpExchange(("127.0.0.1", 53), b"q")


def test_oversized_query_is_transport_error(udp_peer: socket.socket) -> None:
    with pytest.raises(TransportError):
        UdpExchange(udp_peer.getsockname(), b"x" * 70000)


def test_one_datagram_per_receive(udp_peer: socket.socket) -> None:
    exchange = UdpExchange(udp_peer.getsockname(), b"q")
    try:
        _, source = udp_peer.recvfrom(10)
        udp_peer.sendto(b"one", source)
        udp_peer.sendto(b"two", source)
        assert wait_readable([exchange.fileno()], 5)
        assert exchange.receive() == [b"one"]
        assert wait_readable([exchange.fileno()], 5)
        assert exchange.receive() == [b"two"]
        assert exchange.receive() == []
    finally:
        exchange.close()
