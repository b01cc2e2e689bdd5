"""EventBase behaviour, run against every available multiplexer."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from iolib.multiplex import EventBase

Pair = tuple[socket.socket, socket.socket]
Calls = list[tuple[int, str, str | None]]


def recorder(calls: Calls) -> object:
    """Return an io callback that appends (fd, event, error) to ``calls``."""

    def callback(fd: int, event: str, error: str | None) -> None:
        calls.append((fd, event, error))

    return callback


# -- IOLib's timeout cases ------------------------------------------------------


def test_dispatch_with_zero_timeout_returns_at_once(base: EventBase, pair: Pair) -> None:
    calls: Calls = []
    base.set_io_handler(pair[0].fileno(), "read", recorder(calls))  # type: ignore[arg-type]
    start = time.monotonic()
    base.event_dispatch(timeout=0)
    assert time.monotonic() - start < 0.5
    assert calls == []


def test_thirty_second_timer_does_not_fire_in_zero_second_dispatch(base: EventBase) -> None:
    fired: list[bool] = []
    base.add_timer(lambda: fired.append(True), 30)
    start = time.monotonic()
    base.event_dispatch(timeout=0)
    assert fired == []
    assert time.monotonic() - start < 0.5


def test_zero_second_timer_fires_in_one_shot_dispatch(base: EventBase) -> None:
    fired: list[bool] = []
    timer = base.add_timer(lambda: fired.append(True), 0)
    base.event_dispatch(one_shot=True)
    assert fired == [True]
    assert not timer.active


def test_one_and_a_half_second_timer_fires_within_two_second_dispatch(base: EventBase) -> None:
    fired: list[float] = []
    start = time.monotonic()
    base.add_timer(lambda: fired.append(time.monotonic()), 1.5)
    base.event_dispatch(timeout=2, one_shot=True)
    assert len(fired) == 1
    assert 1.5 <= fired[0] - start < 2.0


# -- readiness ----------------------------------------------------------------


def test_read_handler_waits_for_data(base: EventBase, pair: Pair) -> None:
    a, b = pair
    calls: Calls = []
    base.set_io_handler(a.fileno(), "read", recorder(calls))  # type: ignore[arg-type]
    base.event_dispatch(timeout=0)
    assert calls == []
    b.send(b"ping")
    base.event_dispatch(timeout=5, one_shot=True)
    assert calls == [(a.fileno(), "read", None)]
    assert a.recv(10) == b"ping"


def test_write_handler_on_fresh_socket(base: EventBase, pair: Pair) -> None:
    a, _ = pair
    calls: Calls = []
    base.set_io_handler(a.fileno(), "write", recorder(calls))  # type: ignore[arg-type]
    base.event_dispatch(timeout=5, one_shot=True)
    assert calls == [(a.fileno(), "write", None)]


def test_write_handler_waits_while_the_buffer_is_full(base: EventBase, pair: Pair) -> None:
    a, b = pair
    try:
        while True:
            a.send(b"x" * 65536)
    except BlockingIOError:
        pass
    calls: Calls = []
    base.set_io_handler(a.fileno(), "write", recorder(calls))  # type: ignore[arg-type]
    base.event_dispatch(timeout=0)
    assert calls == []
    try:
        while True:
            b.recv(1 << 20)
    except BlockingIOError:
        pass
    base.event_dispatch(timeout=5, one_shot=True)
    assert calls == [(a.fileno(), "write", None)]


def test_level_triggered_handler_is_called_every_round(base: EventBase, pair: Pair) -> None:
    a, b = pair
    calls: Calls = []
    base.set_io_handler(a.fileno(), "read", recorder(calls))  # type: ignore[arg-type]
    b.send(b"x")
    for _ in range(3):
        base.event_dispatch(timeout=5, one_shot=True)
    assert len(calls) == 3


def test_read_and_write_handlers_on_one_fd(base: EventBase, pair: Pair) -> None:
    a, b = pair
    calls: Calls = []
    base.set_io_handler(a.fileno(), "read", recorder(calls))  # type: ignore[arg-type]
    base.set_io_handler(a.fileno(), "write", recorder(calls))  # type: ignore[arg-type]
    b.send(b"x")
    base.event_dispatch(timeout=5, one_shot=True)
    assert sorted(calls) == [(a.fileno(), "read", None), (a.fileno(), "write", None)]
    base.remove_fd_handlers(a.fileno(), write=True)
    calls.clear()
    base.event_dispatch(timeout=5, one_shot=True)
    assert calls == [(a.fileno(), "read", None)]


def test_hang_up_is_reported(base: EventBase, pair: Pair) -> None:
    a, b = pair
    calls: Calls = []
    base.set_io_handler(a.fileno(), "read", recorder(calls))  # type: ignore[arg-type]
    b.close()
    base.event_dispatch(timeout=5, one_shot=True)
    # select() cannot tell a hang-up from readiness: the next read says EOF.
    expected = "error" if base._mux.reports_hangup else None
    assert calls == [(a.fileno(), "read", expected)]
    assert a.recv(10) == b""


def test_hang_up_reaches_a_write_handler(base: EventBase, pair: Pair) -> None:
    a, b = pair
    calls: Calls = []
    base.set_io_handler(a.fileno(), "write", recorder(calls))  # type: ignore[arg-type]
    b.close()
    base.event_dispatch(timeout=5, one_shot=True)
    assert len(calls) == 1
    assert calls[0][:2] == (a.fileno(), "write")
    if base._mux.reports_hangup:
        assert calls[0][2] == "error"


def test_closed_fd_can_still_be_removed(base: EventBase) -> None:
    a, b = socket.socketpair()
    fd = a.fileno()
    base.set_io_handler(fd, "read", recorder([]))  # type: ignore[arg-type]
    a.close()
    b.close()
    base.remove_fd_handlers(fd)
    base.event_dispatch(timeout=0)
    assert "0 fds" in repr(base)


# -- changing the loop while it dispatches ------------------------------------------


def test_handler_removed_by_another_in_the_same_round_is_not_called(
    base: EventBase, pair: Pair, pair2: Pair
) -> None:
    called: list[int] = []
    fds = [pair[0].fileno(), pair2[0].fileno()]

    def handler(fd: int, event: str, error: str | None) -> None:
        called.append(fd)
        other = fds[1] if fd == fds[0] else fds[0]
        base.remove_fd_handlers(other)

    for fd in fds:
        base.set_io_handler(fd, "read", handler)
    pair[1].send(b"x")
    pair2[1].send(b"x")
    # Both fds are ready in one harvest; whichever runs first removes the other.
    assert base.event_dispatch(timeout=5, one_shot=True) is None
    assert len(called) == 1
    base.event_dispatch(timeout=0)
    assert len(called) == 2


def test_handler_replaced_during_a_round_waits_for_the_next(
    base: EventBase, pair: Pair, pair2: Pair
) -> None:
    calls: Calls = []
    fds = [pair[0].fileno(), pair2[0].fileno()]

    def handler(fd: int, event: str, error: str | None) -> None:
        calls.append((fd, "old", error))
        if len(calls) == 1:
            other = fds[1] if fd == fds[0] else fds[0]
            base.set_io_handler(other, "read", recorder(calls))  # type: ignore[arg-type]

    for fd in fds:
        base.set_io_handler(fd, "read", handler)
    pair[1].send(b"x")
    pair2[1].send(b"x")
    base.event_dispatch(timeout=5, one_shot=True)
    assert [c[1] for c in calls] == ["old"]
    base.event_dispatch(timeout=5, one_shot=True)
    assert len(calls) == 3
    assert sorted(c[1] for c in calls[1:]) == ["old", "read"]


def test_handler_may_remove_itself_and_add_a_timer(base: EventBase, pair: Pair) -> None:
    a, b = pair
    fired: list[str] = []

    def handler(fd: int, event: str, error: str | None) -> None:
        base.remove_fd_handlers(fd)
        base.add_timer(lambda: fired.append("timer"), 0)

    base.set_io_handler(a.fileno(), "read", handler)
    b.send(b"x")
    base.event_dispatch(timeout=5, one_shot=True)
    assert fired == []
    base.event_dispatch(timeout=5, one_shot=True)
    assert fired == ["timer"]


def test_timer_removed_by_another_in_the_same_round_is_not_called(base: EventBase) -> None:
    called: list[int] = []
    timers = []

    def make(index: int) -> object:
        def fire() -> None:
            called.append(index)
            base.remove_timer(timers[1 - index])

        return fire

    timers.append(base.add_timer(make(0), 0))  # type: ignore[arg-type]
    timers.append(base.add_timer(make(1), 0))  # type: ignore[arg-type]
    base.event_dispatch(one_shot=True)
    assert called == [0]
    base.event_dispatch(timeout=0)
    assert called == [0]


def test_one_shot_handler_runs_once(base: EventBase, pair: Pair) -> None:
    a, b = pair
    calls: Calls = []
    handler = base.set_io_handler(a.fileno(), "read", recorder(calls), one_shot=True)  # type: ignore[arg-type]
    b.send(b"x")
    base.event_dispatch(timeout=5, one_shot=True)
    base.event_dispatch(timeout=0)
    assert calls == [(a.fileno(), "read", None)]
    assert not handler.active


# -- handler timeouts -----------------------------------------------------------


def test_handler_timeout_reports_timeout(base: EventBase, pair: Pair) -> None:
    a, _ = pair
    calls: Calls = []
    start = time.monotonic()
    base.set_io_handler(a.fileno(), "read", recorder(calls), timeout=0.05)  # type: ignore[arg-type]
    base.event_dispatch(timeout=5, one_shot=True)
    assert calls == [(a.fileno(), "read", "timeout")]
    assert time.monotonic() - start >= 0.05


def test_periodic_handler_timeout_rearms(base: EventBase, pair: Pair) -> None:
    a, _ = pair
    calls: Calls = []
    base.set_io_handler(a.fileno(), "read", recorder(calls), timeout=0.02)  # type: ignore[arg-type]
    base.event_dispatch(timeout=5, one_shot=True)
    base.event_dispatch(timeout=5, one_shot=True)
    assert calls == [(a.fileno(), "read", "timeout")] * 2


def test_one_shot_handler_timeout_removes_the_handler(base: EventBase, pair: Pair) -> None:
    a, b = pair
    calls: Calls = []
    base.set_io_handler(a.fileno(), "read", recorder(calls), one_shot=True, timeout=0.01)  # type: ignore[arg-type]
    base.event_dispatch(timeout=5, one_shot=True)
    b.send(b"x")
    base.event_dispatch(timeout=0.05)
    assert calls == [(a.fileno(), "read", "timeout")]


def test_activity_postpones_the_handler_timeout(base: EventBase, pair: Pair) -> None:
    a, b = pair
    calls: Calls = []
    base.set_io_handler(a.fileno(), "read", recorder(calls), timeout=30)  # type: ignore[arg-type]
    b.send(b"x")
    base.event_dispatch(timeout=5, one_shot=True)
    assert calls == [(a.fileno(), "read", None)]


# -- timers -------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.0005, 0.001, 0.0015, 0.004, 0.0101])
def test_timer_never_fires_before_its_time(base: EventBase, delay: float) -> None:
    fired: list[float] = []
    start = time.monotonic()
    base.add_timer(lambda: fired.append(time.monotonic()), delay)
    base.event_dispatch(timeout=5, one_shot=True)
    assert len(fired) == 1
    assert fired[0] >= start + delay


def test_periodic_timer_keeps_its_phase(base: EventBase) -> None:
    period = 0.01
    deadlines: list[float] = []
    fired: list[float] = []
    timer = base.add_timer(lambda: None, period, one_shot=False)
    first = timer.deadline

    def record() -> None:
        fired.append(time.monotonic())
        deadlines.append(timer.deadline)
        if len(fired) == 5:
            base.exit_event_loop()

    timer.callback = record
    base.event_dispatch(timeout=5)
    assert len(fired) == 5
    for k, (when, nxt) in enumerate(zip(fired, deadlines, strict=True)):
        assert when >= first + k * period - 1e-9
        # The next deadline is a whole number of periods from the first one.
        periods = (nxt - first) / period
        assert abs(periods - round(periods)) < 1e-6
        assert nxt > when


def test_removed_timer_does_not_fire(base: EventBase) -> None:
    fired: list[bool] = []
    timer = base.add_timer(lambda: fired.append(True), 0)
    base.remove_timer(timer)
    base.remove_timer(timer)
    base.event_dispatch(timeout=0.01)
    assert fired == []
    assert not timer.active


def test_periodic_timer_stops_when_removed_from_its_callback(base: EventBase) -> None:
    fired: list[int] = []
    timers = []

    def tick() -> None:
        fired.append(1)
        if len(fired) == 3:
            base.remove_timer(timers[0])

    timers.append(base.add_timer(tick, 0.001, one_shot=False))
    base.event_dispatch(timeout=0.1)
    assert len(fired) == 3


def test_callback_error_propagates_and_keeps_other_timers(base: EventBase) -> None:
    fired: list[str] = []

    def boom() -> None:
        raise RuntimeError("boom")

    base.add_timer(boom, 0)
    base.add_timer(lambda: fired.append("second"), 0)
    with pytest.raises(RuntimeError, match="boom"):
        base.event_dispatch(timeout=1)
    base.event_dispatch(timeout=1, one_shot=True)
    assert fired == ["second"]


# -- exiting ----------------------------------------------------------------------


def test_exit_event_loop_from_a_handler(base: EventBase, pair: Pair) -> None:
    a, _ = pair
    calls: Calls = []

    def handler(fd: int, event: str, error: str | None) -> None:
        calls.append((fd, event, error))
        base.exit_event_loop()

    base.set_io_handler(a.fileno(), "write", handler)
    base.event_dispatch(timeout=5)
    assert len(calls) == 1


def test_exit_event_loop_with_delay(base: EventBase) -> None:
    ticks: list[float] = []
    base.add_timer(lambda: ticks.append(time.monotonic()), 0.005, one_shot=False)
    start = time.monotonic()
    base.add_timer(lambda: base.exit_event_loop(delay=0.03), 0)
    base.event_dispatch(timeout=5)
    assert time.monotonic() - start >= 0.03
    assert ticks


def test_exit_event_loop_from_another_thread(base: EventBase, pair: Pair) -> None:
    base.set_io_handler(pair[0].fileno(), "read", recorder([]))  # type: ignore[arg-type]
    started = threading.Event()
    base.add_timer(started.set, 0)
    stopper = threading.Thread(
        target=lambda: started.wait(5) and base.exit_event_loop(), daemon=True
    )
    stopper.start()
    start = time.monotonic()
    base.event_dispatch(timeout=10)
    stopper.join(5)
    assert time.monotonic() - start < 5


def test_exit_requested_before_dispatch_ends_it_at_once(base: EventBase, pair: Pair) -> None:
    base.set_io_handler(pair[0].fileno(), "read", recorder([]))  # type: ignore[arg-type]
    base.exit_event_loop()
    start = time.monotonic()
    base.event_dispatch(timeout=10)
    assert time.monotonic() - start < 5


def test_dispatch_with_nothing_to_wait_for_returns(base: EventBase) -> None:
    start = time.monotonic()
    base.event_dispatch()
    assert time.monotonic() - start < 1


def test_dispatch_is_not_reentrant(base: EventBase) -> None:
    errors: list[BaseException] = []

    def nested() -> None:
        try:
            base.event_dispatch(timeout=0)
        except RuntimeError as exc:
            errors.append(exc)

    base.add_timer(nested, 0)
    base.event_dispatch(one_shot=True)
    assert len(errors) == 1


def test_fd_closed_while_watched(base: EventBase) -> None:
    a, b = socket.socketpair()
    fd = a.fileno()
    calls: Calls = []
    base.set_io_handler(fd, "read", recorder(calls))  # type: ignore[arg-type]
    a.close()
    b.close()
    base.event_dispatch(timeout=0)
    if base.mux == "epoll":
        # The kernel drops a closed descriptor from the epoll set by itself.
        assert calls == []
    else:
        # poll reports POLLNVAL, select fails with EBADF: the handler hears "error".
        assert calls == [(fd, "read", "error")]
    base.remove_fd_handlers(fd)


def test_fd_number_reused_after_close(base: EventBase) -> None:
    a, b = socket.socketpair()
    fd = a.fileno()
    base.set_io_handler(fd, "read", recorder([]))  # type: ignore[arg-type]
    a.close()
    b.close()
    c, d = socket.socketpair()
    with c, d:
        reused = c if c.fileno() == fd else d
        assert reused.fileno() == fd
        calls: Calls = []
        base.set_io_handler(fd, "write", recorder(calls))  # type: ignore[arg-type]
        base.remove_fd_handlers(fd, read=True)
        base.event_dispatch(timeout=5, one_shot=True)
        assert calls == [(fd, "write", None)]
        base.remove_fd_handlers(fd)
