"""The timer queue and periodic rescheduling, without a loop."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iolib.multiplex._backend import timeout_ms
from iolib.multiplex._timers import Scheduled, Timer, TimerQueue, check_timeout


def test_queue_pops_due_items_in_deadline_order() -> None:
    queue = TimerQueue()
    items = [Scheduled(d) for d in (3.0, 1.0, 2.0, 10.0)]
    for item in items:
        queue.push(item)
    assert len(queue) == 4
    assert queue.next_deadline() == 1.0
    assert [i.deadline for i in queue.pop_due(5.0)] == [1.0, 2.0, 3.0]
    assert len(queue) == 1
    assert queue.next_deadline() == 10.0


def test_discarded_items_never_come_due() -> None:
    queue = TimerQueue()
    a, b = Scheduled(1.0), Scheduled(2.0)
    queue.push(a)
    queue.push(b)
    queue.discard(a)
    queue.discard(a)
    assert len(queue) == 1
    assert queue.next_deadline() == 2.0
    assert queue.pop_due(5.0) == [b]
    assert len(queue) == 0
    assert queue.next_deadline() is None


def test_item_whose_deadline_moved_later_is_requeued() -> None:
    queue = TimerQueue()
    item = Scheduled(1.0)
    queue.push(item)
    item.deadline = 4.0
    assert queue.pop_due(2.0) == []
    assert len(queue) == 1
    assert queue.pop_due(4.0) == [item]


def test_mostly_dead_heap_is_compacted() -> None:
    queue = TimerQueue()
    items = [Scheduled(float(i)) for i in range(200)]
    for item in items:
        queue.push(item)
    for item in items[:150]:
        queue.discard(item)
    assert len(queue) == 50
    assert len(queue._heap) < 200
    assert queue.next_deadline() == 150.0


@given(
    period=st.floats(min_value=1e-4, max_value=100),
    late=st.floats(min_value=0, max_value=1e4),
)
def test_reschedule_keeps_phase_and_lands_after_now(period: float, late: float) -> None:
    timer = Timer(lambda: None, period, one_shot=False, now=1000.0)
    first = timer.deadline
    now = first + late
    timer.reschedule(now)
    assert timer.deadline > now
    periods = (timer.deadline - first) / period
    assert math.isclose(periods, round(periods), abs_tol=1e-6 * max(1.0, periods))
    # The deadline is the first multiple after now, never one further on.
    assert timer.deadline - period <= now + 1e-9 * max(1.0, now)


def test_zero_period_timer_is_due_every_round() -> None:
    timer = Timer(lambda: None, 0.0, one_shot=False, now=5.0)
    timer.reschedule(7.0)
    assert timer.deadline == 7.0


def test_timer_repr_names_its_kind() -> None:
    assert "periodic" in repr(Timer(lambda: None, 1.0, one_shot=False, now=0.0))
    assert "one-shot" in repr(Timer(lambda: None, 1.0, one_shot=True, now=0.0))


@pytest.mark.parametrize(
    ("seconds", "ms"),
    [(None, -1), (0, 0), (-1, 0), (0.0001, 1), (0.001, 1), (0.0010001, 2), (1.5, 1500)],
)
def test_timeout_ms_rounds_up(seconds: float | None, ms: int) -> None:
    assert timeout_ms(seconds) == ms


@given(st.floats(min_value=0, max_value=1e6))
def test_timeout_ms_is_never_short(seconds: float) -> None:
    assert timeout_ms(seconds) / 1000 >= seconds


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("1", TypeError),
        (None, TypeError),
        (True, TypeError),
        (-0.1, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
    ],
)
def test_check_timeout_rejects(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        check_timeout(value)
