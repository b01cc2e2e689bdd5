"""Shared timing helpers for the benchmarks."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import NamedTuple


class Result(NamedTuple):
    """One ratio: how many times faster iolib is than the peer (higher is better)."""

    name: str
    ours: float  # seconds
    theirs: float  # seconds
    goal: float  # the ratio theirs/ours must reach

    @property
    def ratio(self) -> float:
        return self.theirs / self.ours if self.ours > 0 else float("inf")

    @property
    def ok(self) -> bool:
        return self.ratio >= self.goal

    def line(self) -> str:
        mark = "ok  " if self.ok else "MISS"
        return (
            f"{mark} {self.name}: {self.ratio:.2f}x (goal >= {self.goal:g}x; "
            f"iolib {self.ours * 1e3:.1f} ms, peer {self.theirs * 1e3:.1f} ms)"
        )


def best_time(fn: Callable[[], object], repeat: int = 5) -> float:
    """Return the best wall time in seconds of ``repeat`` calls of fn, GC paused."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
    return best


def compare(
    name: str,
    ours: Callable[[], object],
    theirs: Callable[[], object],
    goal: float,
    repeat: int = 5,
) -> Result:
    """Time both sides interleaved in this run and return the ratio."""
    o = t = float("inf")
    for _ in range(repeat):
        o = min(o, best_time(ours, 1))
        t = min(t, best_time(theirs, 1))
    return Result(name, o, t, goal)
