"""The select(2) backend: portable, limited to descriptors below FD_SETSIZE."""

from __future__ import annotations

import errno
import os
import select
from typing import ClassVar

from iolib.multiplex._backend import ERROR, READ, WRITE, Multiplexer, check_open_fd, timeout_ms
from iolib.multiplex._errors import FdSetSizeError

__all__ = ["FD_SETSIZE", "SelectMultiplexer"]

# glibc's fd_set holds descriptors 0 .. 1023; select() on a larger one would
# write past the set, and CPython refuses it with a bare ValueError.
FD_SETSIZE = 1024


class SelectMultiplexer(Multiplexer):
    """Readiness through select(); hang-ups arrive as readiness, not as ERROR."""

    name: ClassVar[str] = "select"
    reports_hangup: ClassVar[bool] = False
    fd_limit: ClassVar[int | None] = FD_SETSIZE

    def __init__(self) -> None:
        self._readers: set[int] = set()
        self._writers: set[int] = set()
        self._lists: tuple[list[int], list[int]] | None = None

    def monitor(self, fd: int, read: bool, write: bool) -> None:
        """Start watching ``fd``; raises FdSetSizeError at or above FD_SETSIZE."""
        if fd >= FD_SETSIZE:
            raise FdSetSizeError(
                f"fd {fd} is at or above FD_SETSIZE ({FD_SETSIZE}): the select "
                "multiplexer cannot watch it; use 'epoll' or 'poll'"
            )
        check_open_fd(fd)
        self.update(fd, read, write)

    def update(self, fd: int, read: bool, write: bool) -> None:
        """Change what is watched on ``fd``."""
        for watched, wanted in ((self._readers, read), (self._writers, write)):
            if wanted:
                watched.add(fd)
            else:
                watched.discard(fd)
        self._lists = None

    def unmonitor(self, fd: int) -> None:
        """Stop watching ``fd``; an fd not watched is ignored."""
        self.update(fd, False, False)

    def harvest(self, timeout: float | None) -> list[tuple[int, int]]:
        """Wait up to ``timeout`` seconds and return the ready ``(fd, flags)`` pairs."""
        if self._lists is None:
            self._lists = (sorted(self._readers), sorted(self._writers))
        readers, writers = self._lists
        ms = timeout_ms(timeout)
        try:
            r, w, _ = select.select(readers, writers, [], None if ms < 0 else ms / 1000)
        except OSError as exc:
            if exc.errno != errno.EBADF:
                raise
            return self._closed_fds()
        ready: dict[int, int] = dict.fromkeys(r, READ)
        for fd in w:
            ready[fd] = ready.get(fd, 0) | WRITE
        return list(ready.items())

    def _closed_fds(self) -> list[tuple[int, int]]:
        """Find the watched fds closed behind our back, reported as ERROR."""
        bad = []
        for fd in self._readers | self._writers:
            try:
                os.fstat(fd)
            except OSError:
                bad.append((fd, ERROR))
        return bad

    def close(self) -> None:
        """Forget every fd: select() keeps no descriptor of its own."""
        self._readers.clear()
        self._writers.clear()
        self._lists = None
