"""Waiting for one descriptor to become ready, with a bounded timeout."""

from __future__ import annotations

import math
import select
import time
from typing import Literal

from iolib.multiplex._errors import PollTimeout

__all__ = ["FdEvent", "wait_until_fd_ready"]

FdEvent = Literal["read", "write"]

_POLL_MASK: dict[str, int] = {
    "read": select.POLLIN | select.POLLPRI,
    "write": select.POLLOUT,
}
# Hang-up and error conditions wake a waiter of either kind: the next read or
# write then reports EOF or the error itself.
_ALERT = select.POLLERR | select.POLLHUP | select.POLLNVAL


def _poll_ms(remaining: float | None) -> int | None:
    """Milliseconds for poll(), rounded up so a wait never ends before its deadline."""
    if remaining is None:
        return None
    return max(0, math.ceil(remaining * 1000))


def wait_until_fd_ready(fd: int, event: FdEvent, timeout: float | None = None) -> set[FdEvent]:
    """Block until ``fd`` is ready for ``event`` ("read" or "write"); return the ready events.

    ``timeout`` is in seconds (None waits forever). A hang-up or error on the
    descriptor counts as ready for the event asked, so the caller's next
    system call sees it. Raises PollTimeout when nothing is ready in time,
    TypeError or ValueError for a bad fd, event or timeout.
    """
    if isinstance(fd, bool) or not isinstance(fd, int):
        raise TypeError(f"fd must be an int, not {type(fd).__name__}")
    if fd < 0:
        raise ValueError(f"fd must be >= 0, not {fd}")
    mask = _POLL_MASK.get(event) if isinstance(event, str) else None
    if mask is None:
        raise ValueError(f"event must be 'read' or 'write', not {event!r}")
    if timeout is not None:
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            raise TypeError(f"timeout must be a number of seconds or None, not {timeout!r}")
        if math.isnan(timeout) or timeout < 0:
            raise ValueError(f"timeout must be >= 0, not {timeout!r}")
    poller = select.poll()
    poller.register(fd, mask)
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        # poll() retries EINTR itself (PEP 475) with a recomputed timeout.
        ready = poller.poll(_poll_ms(remaining))
        for _, revents in ready:
            if revents & select.POLLNVAL:
                raise ValueError(f"fd {fd} is not an open descriptor")
            if revents & (mask | _ALERT):
                return {event}
        if deadline is not None and time.monotonic() >= deadline:
            raise PollTimeout(f"fd {fd} not ready for {event} within {timeout} s")
