"""The resolver's transport: the only module of iolib.dns that touches sockets (iolib's own).

Its interface is small on purpose: :class:`UdpExchange` (one datagram query on
a fresh socket), :func:`tcp_exchange` and :func:`wait_readable`. Every socket
failure leaves as :class:`TransportError`, which the driver treats as "no
usable reply from this server".
"""

from __future__ import annotations

import select
import struct
import threading
import time
from collections.abc import Sequence

from iolib._errors import IolibError
from iolib.sockets import ActiveSocket, SocketWouldBlockError, socket_connect

__all__ = ["TransportError", "UdpExchange", "tcp_exchange", "wait_readable"]

MAX_UDP_REPLY = 65535
_LENGTH = struct.Struct("!H")
# What a socket operation may raise: SocketError (an OSError), the multiplexer's
# PollTimeout (a TimeoutError), or another iolib error.
_SOCKET_FAILURES = (OSError, IolibError)
_buffers = threading.local()


class TransportError(Exception):
    """An exchange with a nameserver failed at the socket level (internal to the resolver)."""


def _buffer() -> bytearray:
    """Return this thread's receive buffer (one 64 KiB allocation per thread, not per reply)."""
    buffer: bytearray | None = getattr(_buffers, "buffer", None)
    if buffer is None:
        buffer = _buffers.buffer = bytearray(MAX_UDP_REPLY)
    return buffer


class UdpExchange:
    """One UDP query in flight: a new socket on a fresh random port, connected to the server.

    Connecting makes the kernel drop datagrams from any other address or port,
    and turns an ICMP port-unreachable into an error on receive. The connect
    binds the socket to an ephemeral port the kernel picks at random (Linux
    randomizes the start of its search, as for an explicit bind to port 0), so
    no separate bind is needed.
    """

    __slots__ = ("_fd", "_sock", "server")

    def __init__(self, server: tuple[str, int], wire: bytes) -> None:
        self.server = server
        host, port = server
        try:
            sock = socket_connect(host, port, protocol="datagram")
        except _SOCKET_FAILURES as exc:
            raise TransportError(f"cannot open a UDP socket to {server}: {exc}") from exc
        try:
            sock.send_to(wire, dont_wait=True)
        except _SOCKET_FAILURES as exc:
            sock.close(abort=True)
            raise TransportError(f"cannot send to {server}: {exc}") from exc
        except BaseException:
            sock.close(abort=True)
            raise
        self._sock = sock
        self._fd: int = sock.os_fd  # type: ignore[assignment]  # an open socket has an fd

    def fileno(self) -> int:
        """Return the socket's descriptor, to wait on."""
        return self._fd

    def receive(self) -> list[bytes]:
        """Return the datagram waiting, if any; TransportError on a refusal.

        One datagram per call: a socket that stays readable is reported ready
        again by the next wait.
        """
        buffer = _buffer()
        try:
            count = self._sock.receive_from(buffer, dont_wait=True)[1]
        except SocketWouldBlockError:
            return []
        except _SOCKET_FAILURES as exc:
            raise TransportError(f"receiving from {self.server}: {exc}") from exc
        return [bytes(buffer[:count])]

    def close(self) -> None:
        """Close the socket (idempotent)."""
        self._sock.close(abort=True)


def wait_readable(fds: Sequence[int], timeout: float) -> set[int]:
    """Wait up to ``timeout`` seconds until some of ``fds`` are readable; return those."""
    poller = select.poll()
    for fd in fds:
        poller.register(fd, select.POLLIN)
    # poll takes milliseconds; round up so the wait never ends before its deadline
    ready = poller.poll(max(0, int(timeout * 1000 + 0.999)))
    return {fd for fd, _ in ready}


def _receive_exactly(conn: ActiveSocket, count: int, deadline: float) -> bytes:
    conn.read_timeout = max(0.001, deadline - time.monotonic())
    buffer, got = conn.receive_from(size=count, wait_all=True)[:2]
    if got < count:
        raise TransportError("the server closed the TCP connection early")
    return bytes(buffer[:count])


def tcp_exchange(server: tuple[str, int], wire: bytes, timeout: float) -> bytes:
    """Send one query over TCP (RFC 1035 4.2.2) and return the reply; TransportError on failure."""
    deadline = time.monotonic() + timeout
    data = _LENGTH.pack(len(wire)) + wire
    try:
        with socket_connect(server[0], server[1], timeout=timeout) as conn:
            sent = 0
            while sent < len(data):
                sent += conn.send_to(data, start=sent)
            (length,) = _LENGTH.unpack(_receive_exactly(conn, 2, deadline))
            return _receive_exactly(conn, length, deadline)
    except _SOCKET_FAILURES as exc:
        raise TransportError(f"TCP exchange with {server} failed: {exc}") from exc
