"""The interface every multiplexer backend implements, and the readiness flags it reports."""

from __future__ import annotations

import abc
import errno
import math
import os
import select
from typing import ClassVar

__all__ = ["ERROR", "READ", "WRITE", "Multiplexer", "check_open_fd", "timeout_ms"]

# Readiness flags a backend reports per descriptor. They take poll()'s values
# (identical to epoll's on Linux), so the poll and epoll backends hand the
# kernel's masks through without translating them.
READ: int = select.POLLIN | select.POLLPRI
WRITE: int = select.POLLOUT
# Hang-up, error and "not an open descriptor": every handler of the fd hears "error".
ERROR: int = select.POLLERR | select.POLLHUP | select.POLLNVAL


def timeout_ms(seconds: float | None) -> int:
    """Milliseconds to wait for ``seconds`` (-1 for None), rounded up, never down.

    Rounding down would wake the loop just before a deadline and make it spin
    (or fire a timer early); rounding up costs at most a millisecond.
    """
    if seconds is None:
        return -1
    if seconds <= 0:
        return 0
    return math.ceil(seconds * 1000)


def check_open_fd(fd: int) -> None:
    """Raise ValueError unless ``fd`` names an open descriptor."""
    try:
        os.fstat(fd)
    except OSError as exc:
        if exc.errno == errno.EBADF:
            raise ValueError(f"fd {fd} is not an open descriptor") from exc
        raise ValueError(f"fd {fd} cannot be monitored: {exc.strerror}") from exc


class Multiplexer(abc.ABC):
    """Four operations over the OS's readiness interface, as IOLib's multiplexers have.

    ``monitor`` starts watching an fd for reading and/or writing, ``update``
    changes what is watched, ``unmonitor`` stops (an fd that is not watched
    is ignored), and ``harvest`` waits and returns ``(fd, flags)`` pairs with
    flags made of READ, WRITE and ERROR.
    """

    name: ClassVar[str]
    # Whether hang-ups come as ERROR; select() reports them as plain readiness.
    reports_hangup: ClassVar[bool]
    # The first fd the backend cannot watch (None: no limit but the process's).
    fd_limit: ClassVar[int | None] = None

    @abc.abstractmethod
    def monitor(self, fd: int, read: bool, write: bool) -> None:
        """Start watching ``fd``; raises ValueError for an fd the backend cannot watch."""

    @abc.abstractmethod
    def update(self, fd: int, read: bool, write: bool) -> None:
        """Change what is watched on ``fd``, which must be monitored already."""

    @abc.abstractmethod
    def unmonitor(self, fd: int) -> None:
        """Stop watching ``fd``; an fd not watched (or closed meanwhile) is ignored."""

    @abc.abstractmethod
    def harvest(self, timeout: float | None) -> list[tuple[int, int]]:
        """Wait up to ``timeout`` seconds (None: forever) and return ready ``(fd, flags)``."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the backend's own descriptor, if it has one (idempotent)."""
