"""Timers on the monotonic clock, and the queue that orders them."""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable

__all__ = ["Scheduled", "Timer", "TimerQueue", "check_timeout"]


def check_timeout(timeout: object, name: str = "timeout") -> float:
    """Return ``timeout`` as seconds; raises TypeError for a non-number, ValueError if < 0."""
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(f"{name} must be a number of seconds, not {timeout!r}")
    if math.isnan(timeout) or timeout < 0 or math.isinf(timeout):
        raise ValueError(f"{name} must be a finite number >= 0, not {timeout!r}")
    return float(timeout)


class Scheduled:
    """Something with a deadline on time.monotonic() that a TimerQueue can hold."""

    __slots__ = ("active", "deadline", "queued")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.active = True
        self.queued = False


class Timer(Scheduled):
    """A timer made by ``EventBase.add_timer``: its ``callback`` runs once or every ``timeout`` s.

    ``deadline`` is the monotonic time it fires next; ``active`` turns False once
    a one-shot timer has fired or the timer is removed.
    """

    __slots__ = ("callback", "one_shot", "timeout")

    def __init__(
        self, callback: Callable[[], object], timeout: float, one_shot: bool, now: float
    ) -> None:
        super().__init__(now + timeout)
        self.callback = callback
        self.timeout = timeout
        self.one_shot = one_shot

    def reschedule(self, now: float) -> None:
        """Move a periodic timer's deadline to the next multiple of its period after ``now``.

        The period counts from the first deadline, never from when the callback
        ran, so the timer does not drift; periods missed while the loop was busy
        are skipped, not fired in a burst.
        """
        period = self.timeout
        if period <= 0:
            self.deadline = now
            return
        nxt = self.deadline + period
        if nxt <= now:
            nxt = self.deadline + (math.floor((now - self.deadline) / period) + 1) * period
            while nxt <= now:  # float rounding in the division above
                nxt += period
        self.deadline = nxt

    def __repr__(self) -> str:
        kind = "one-shot" if self.one_shot else "periodic"
        state = "active" if self.active else "inactive"
        return f"<Timer {kind} every {self.timeout:g} s, {state}, callback={self.callback!r}>"


class TimerQueue:
    """A heap of Scheduled items by deadline, with lazy removal.

    An item removed (``active`` False) stays in the heap until it reaches the
    top; an item whose deadline moved later is pushed again when its old
    deadline comes, so pushing back a deadline costs nothing.
    """

    __slots__ = ("_counter", "_dead", "_heap")

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Scheduled]] = []
        self._counter = itertools.count()
        self._dead = 0

    def __len__(self) -> int:
        """Return how many active items are queued."""
        return len(self._heap) - self._dead

    def push(self, item: Scheduled) -> None:
        """Schedule ``item`` at its deadline."""
        item.queued = True
        heapq.heappush(self._heap, (item.deadline, next(self._counter), item))

    def discard(self, item: Scheduled) -> None:
        """Deactivate ``item``; compacts the heap once it is mostly dead entries."""
        if not item.active:
            return
        item.active = False
        if item.queued:
            self._dead += 1
            if self._dead > 64 and self._dead * 2 > len(self._heap):
                for entry in self._heap:
                    if not entry[2].active:
                        entry[2].queued = False
                self._heap = [e for e in self._heap if e[2].active]
                heapq.heapify(self._heap)
                self._dead = 0

    def next_deadline(self) -> float | None:
        """Return the earliest deadline queued (possibly early, never late), or None."""
        heap = self._heap
        while heap and not heap[0][2].active:
            heapq.heappop(heap)[2].queued = False
            self._dead -= 1
        return heap[0][0] if heap else None

    def pop_due(self, now: float) -> list[Scheduled]:
        """Remove and return, earliest first, every active item whose deadline is <= ``now``."""
        heap = self._heap
        due: list[Scheduled] = []
        while heap and heap[0][0] <= now:
            _, _, item = heapq.heappop(heap)
            item.queued = False
            if not item.active:
                self._dead -= 1
            elif item.deadline > now:
                self.push(item)
            else:
                due.append(item)
        return due
