"""Socket benchmarks: fd passing and loopback connection setup against plain stdlib sockets.

- 20,000 descriptor send/receive pairs over a local socket pair:
  ``send_file_descriptor`` / ``receive_file_descriptor`` against
  ``socket.send_fds`` / ``socket.recv_fds`` (goal >= 0.9x).
- 5,000 loopback TCP connect / accept / close cycles: ``make_socket`` +
  ``accept_connection`` against ``socket.socket().connect`` + ``accept``
  (goal >= 0.8x). The accepted side closes first so TIME_WAIT lands on the
  server's port and the client's ephemeral ports are not used up.
"""

from __future__ import annotations

import os
import socket

from benchmarks._harness import Result, compare
from iolib.sockets import make_socket, make_socket_pair

FD_PAIRS = 20_000
CYCLES = 5_000


def _fd_passing() -> Result:
    ours_a, ours_b = make_socket_pair()
    std_a, std_b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    payload = os.open(os.devnull, os.O_RDONLY)

    def ours() -> None:
        send, receive, close = ours_a.send_file_descriptor, ours_b.receive_file_descriptor, os.close
        for _ in range(FD_PAIRS):
            send(payload)
            close(receive())

    def theirs() -> None:
        send_fds, recv_fds, close = socket.send_fds, socket.recv_fds, os.close
        marker = [b"\0"]
        for _ in range(FD_PAIRS):
            send_fds(std_a, marker, [payload])
            close(recv_fds(std_b, 1, 1)[1][0])

    try:
        return compare(
            f"fd passing, {FD_PAIRS} send/receive pairs vs socket.send_fds/recv_fds",
            ours,
            theirs,
            0.9,
            repeat=3,
        )
    finally:
        for closable in (ours_a, ours_b, std_a, std_b):
            closable.close()
        os.close(payload)


def _connection_setup() -> Result:
    listener = make_socket(connect="passive", local_host="127.0.0.1", local_port=0, backlog=128)
    std_listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    std_listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    std_listener.bind(("127.0.0.1", 0))
    std_listener.listen(128)
    port = listener.local_port  # type: ignore[attr-defined]  # an internet listener
    std_address = std_listener.getsockname()

    def ours() -> None:
        accept = listener.accept_connection  # type: ignore[attr-defined]  # a passive socket
        for _ in range(CYCLES):
            client = make_socket(remote_host="127.0.0.1", remote_port=port)
            server = accept()
            server.close()
            client.close()

    def theirs() -> None:
        new, accept = socket.socket, std_listener.accept
        for _ in range(CYCLES):
            client = new(socket.AF_INET, socket.SOCK_STREAM)
            client.connect(std_address)
            server, _ = accept()
            server.close()
            client.close()

    try:
        return compare(
            f"connection setup, {CYCLES} loopback connect/accept/close vs stdlib sockets",
            ours,
            theirs,
            0.8,
            repeat=3,
        )
    finally:
        listener.close()
        std_listener.close()


def run() -> list[Result]:
    """Measure both ratios."""
    return [_fd_passing(), _connection_setup()]
