"""The epoll(7) backend: Linux's scalable readiness interface."""

from __future__ import annotations

import errno
import select
from typing import ClassVar

from iolib.multiplex._backend import READ, WRITE, Multiplexer, timeout_ms

__all__ = ["EpollMultiplexer"]

# The EPOLL* bits equal the POLL* bits the flags are built from (EPOLLERR and
# EPOLLHUP make up ERROR), so harvest hands the kernel's masks through.
assert (select.EPOLLIN, select.EPOLLOUT, select.EPOLLERR, select.EPOLLHUP) == (
    select.POLLIN,
    select.POLLOUT,
    select.POLLERR,
    select.POLLHUP,
)


def _mask(read: bool, write: bool) -> int:
    return (READ if read else 0) | (WRITE if write else 0)


class EpollMultiplexer(Multiplexer):
    """Readiness through one epoll descriptor; no limit on fd numbers."""

    name: ClassVar[str] = "epoll"
    reports_hangup: ClassVar[bool] = True

    def __init__(self) -> None:
        self._epoll = select.epoll()

    def monitor(self, fd: int, read: bool, write: bool) -> None:
        """Start watching ``fd``; raises ValueError for a closed fd or one epoll refuses."""
        try:
            self._epoll.register(fd, _mask(read, write))
        except FileExistsError:
            self._epoll.modify(fd, _mask(read, write))
        except OSError as exc:
            if exc.errno == errno.EPERM:
                raise ValueError(
                    f"fd {fd} cannot be watched by epoll (a regular file or directory?)"
                ) from exc
            if exc.errno == errno.EBADF:
                raise ValueError(f"fd {fd} is not an open descriptor") from exc
            raise ValueError(f"fd {fd} cannot be watched by epoll: {exc.strerror}") from exc

    def update(self, fd: int, read: bool, write: bool) -> None:
        """Change what is watched on ``fd``."""
        try:
            self._epoll.modify(fd, _mask(read, write))
        except FileNotFoundError:
            # The fd was closed and reopened since: the kernel forgot it.
            self.monitor(fd, read, write)

    def unmonitor(self, fd: int) -> None:
        """Stop watching ``fd``; ignores an fd closed meanwhile (the kernel dropped it)."""
        try:
            self._epoll.unregister(fd)
        except (FileNotFoundError, ValueError):
            pass
        except OSError as exc:
            if exc.errno != errno.EBADF:
                raise

    def harvest(self, timeout: float | None) -> list[tuple[int, int]]:
        """Wait up to ``timeout`` seconds and return the ready ``(fd, flags)`` pairs."""
        ms = timeout_ms(timeout)
        return self._epoll.poll(-1 if ms < 0 else ms / 1000)

    def close(self) -> None:
        """Close the epoll descriptor."""
        self._epoll.close()
