"""The resolver's transport: the only module of iolib.dns that touches sockets.

Its interface is small on purpose: :class:`UdpExchange` (one datagram query on
a fresh socket), :func:`tcp_exchange` and :func:`wait_readable`. Every OS
failure leaves as :class:`TransportError`, which the driver treats as "no
usable reply from this server".
"""

from __future__ import annotations

import select
import socket
import struct
import time
from collections.abc import Sequence

__all__ = ["TransportError", "UdpExchange", "tcp_exchange", "wait_readable"]

MAX_UDP_REPLY = 65535
_LENGTH = struct.Struct("!H")


class TransportError(Exception):
    """An exchange with a nameserver failed at the socket level (internal to the resolver)."""


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


class UdpExchange:
    """One UDP query in flight: a new socket bound to a fresh random port, connected to the server.

    Connecting makes the kernel drop datagrams from any other address or port,
    and turns an ICMP port-unreachable into an error on receive.
    """

    __slots__ = ("_sock", "server")

    def __init__(self, server: tuple[str, int], wire: bytes) -> None:
        self.server = server
        family = _family(server[0])
        try:
            sock = socket.socket(family, socket.SOCK_DGRAM)
        except OSError as exc:
            raise TransportError(f"cannot open a UDP socket: {exc}") from exc
        try:
            sock.setblocking(False)
            sock.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", 0))
            sock.connect(server)
            sock.send(wire)
        except OSError as exc:
            sock.close()
            raise TransportError(f"cannot send to {server}: {exc}") from exc
        except BaseException:
            sock.close()
            raise
        self._sock = sock

    def fileno(self) -> int:
        """Return the socket's descriptor, to wait on."""
        return self._sock.fileno()

    def receive(self) -> list[bytes]:
        """Return the datagrams waiting (possibly none); TransportError on a refusal."""
        out: list[bytes] = []
        while True:
            try:
                out.append(self._sock.recv(MAX_UDP_REPLY))
            except (BlockingIOError, InterruptedError):
                return out
            except OSError as exc:
                if out:
                    return out
                raise TransportError(f"receiving from {self.server}: {exc}") from exc

    def close(self) -> None:
        """Close the socket (idempotent)."""
        self._sock.close()


def wait_readable(fds: Sequence[int], timeout: float) -> set[int]:
    """Wait up to ``timeout`` seconds until some of ``fds`` are readable; return those."""
    poller = select.poll()
    for fd in fds:
        poller.register(fd, select.POLLIN)
    # poll takes milliseconds; round up so the wait never ends before its deadline
    ready = poller.poll(max(0, int(timeout * 1000 + 0.999)))
    return {fd for fd, _ in ready}


def _recv_exactly(sock: socket.socket, count: int, deadline: float) -> bytes:
    chunks = bytearray()
    while len(chunks) < count:
        # Past the deadline the socket turns non-blocking: whatever is not there yet fails.
        sock.settimeout(max(0.0, deadline - time.monotonic()))
        chunk = sock.recv(count - len(chunks))
        if not chunk:
            raise TransportError("the server closed the TCP connection early")
        chunks += chunk
    return bytes(chunks)


def tcp_exchange(server: tuple[str, int], wire: bytes, timeout: float) -> bytes:
    """Send one query over TCP (RFC 1035 4.2.2) and return the reply; TransportError on failure."""
    deadline = time.monotonic() + timeout
    try:
        with socket.socket(_family(server[0]), socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(server)
            sock.sendall(_LENGTH.pack(len(wire)) + wire)
            (length,) = _LENGTH.unpack(_recv_exactly(sock, 2, deadline))
            return _recv_exactly(sock, length, deadline)
    except OSError as exc:
        raise TransportError(f"TCP exchange with {server} failed: {exc}") from exc
