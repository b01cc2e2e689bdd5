"""wait_until_fd_ready: readiness, hang-up, timeouts and bad arguments."""

from __future__ import annotations

import os
import socket
import time

import pytest

from iolib import IolibError
from iolib.multiplex import PollTimeout, wait_until_fd_ready


def test_readable_after_peer_writes() -> None:
    a, b = socket.socketpair()
    with a, b:
        b.send(b"x")
        assert wait_until_fd_ready(a.fileno(), "read", timeout=5) == {"read"}


def test_fresh_socket_is_writable() -> None:
    a, b = socket.socketpair()
    with a, b:
        assert wait_until_fd_ready(a.fileno(), "write", timeout=0) == {"write"}


def test_hang_up_counts_as_readable() -> None:
    r, w = os.pipe()
    os.close(w)
    try:
        assert wait_until_fd_ready(r, "read", timeout=5) == {"read"}
    finally:
        os.close(r)


def test_timeout_raises_poll_timeout_after_the_deadline() -> None:
    a, b = socket.socketpair()
    with a, b:
        start = time.monotonic()
        with pytest.raises(PollTimeout) as info:
            wait_until_fd_ready(a.fileno(), "read", timeout=0.05)
        assert time.monotonic() - start >= 0.05
    assert isinstance(info.value, TimeoutError)
    assert isinstance(info.value, IolibError)


def test_zero_timeout_does_not_block() -> None:
    a, b = socket.socketpair()
    with a, b, pytest.raises(PollTimeout):
        wait_until_fd_ready(a.fileno(), "read", timeout=0)


@pytest.mark.parametrize(
    ("fd", "event", "timeout", "error"),
    [
        ("3", "read", None, TypeError),
        (True, "read", None, TypeError),
        (-1, "read", None, ValueError),
        (0, "readwrite", None, ValueError),
        (0, "read", -1, ValueError),
        (0, "read", "1", TypeError),
    ],
)
def test_bad_arguments(fd: object, event: object, timeout: object, error: type) -> None:
    with pytest.raises(error):
        wait_until_fd_ready(fd, event, timeout)  # type: ignore[arg-type]


def test_closed_descriptor_is_a_value_error() -> None:
    r, w = os.pipe()
    os.close(r)
    os.close(w)
    with pytest.raises(ValueError, match="not an open descriptor"):
        wait_until_fd_ready(r, "read", timeout=1)
