"""The poll(2) backend: no fd-number limit, one system call per wait."""

from __future__ import annotations

import contextlib
import select
from typing import ClassVar

from iolib.multiplex._backend import READ, WRITE, Multiplexer, check_open_fd, timeout_ms

__all__ = ["PollMultiplexer"]


class PollMultiplexer(Multiplexer):
    """Readiness through poll(); a closed fd left registered reports ERROR (POLLNVAL)."""

    name: ClassVar[str] = "poll"
    reports_hangup: ClassVar[bool] = True

    def __init__(self) -> None:
        self._poll = select.poll()

    def monitor(self, fd: int, read: bool, write: bool) -> None:
        """Start watching ``fd``; raises ValueError for a closed fd."""
        check_open_fd(fd)
        self._poll.register(fd, (READ if read else 0) | (WRITE if write else 0))

    def update(self, fd: int, read: bool, write: bool) -> None:
        """Change what is watched on ``fd``."""
        self._poll.register(fd, (READ if read else 0) | (WRITE if write else 0))

    def unmonitor(self, fd: int) -> None:
        """Stop watching ``fd``; an fd not watched is ignored."""
        with contextlib.suppress(KeyError):
            self._poll.unregister(fd)

    def harvest(self, timeout: float | None) -> list[tuple[int, int]]:
        """Wait up to ``timeout`` seconds and return the ready ``(fd, flags)`` pairs."""
        ms = timeout_ms(timeout)
        return self._poll.poll(None if ms < 0 else ms)

    def close(self) -> None:
        """Nothing to release: poll() keeps no descriptor of its own."""
