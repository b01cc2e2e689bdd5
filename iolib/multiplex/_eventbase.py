"""The event base: fd handlers and timers dispatched from one multiplexer."""

from __future__ import annotations

import select
import threading
import time
import warnings
from collections.abc import Callable
from types import TracebackType
from typing import Literal

from iolib.multiplex._backend import ERROR, READ, WRITE, Multiplexer
from iolib.multiplex._timers import Scheduled, Timer, TimerQueue, check_timeout
from iolib.multiplex._waker import Waker

__all__ = ["AVAILABLE_MULTIPLEXERS", "EventBase", "IoHandler"]

FdEvent = Literal["read", "write"]
HandlerError = Literal["error", "timeout"]
IoCallback = Callable[[int, FdEvent, HandlerError | None], object]

# Best first; each name is a backend module this platform's select module supports.
AVAILABLE_MULTIPLEXERS: tuple[str, ...] = tuple(
    name for name in ("epoll", "poll", "select") if hasattr(select, name)
)


def _backend_class(mux: object) -> type[Multiplexer]:
    """Return the backend class named ``mux`` (None: the best available).

    Raises TypeError for a non-string, ValueError for an unknown or unavailable name.
    """
    if mux is None:
        mux = AVAILABLE_MULTIPLEXERS[0]
    if not isinstance(mux, str):
        raise TypeError(f"mux must be a multiplexer name or None, not {mux!r}")
    if mux not in AVAILABLE_MULTIPLEXERS:
        raise ValueError(
            f"mux {mux!r} is not available here; choose one of {AVAILABLE_MULTIPLEXERS}"
        )
    if mux == "epoll":
        from iolib.multiplex._epoll import EpollMultiplexer

        return EpollMultiplexer
    if mux == "poll":
        from iolib.multiplex._poll import PollMultiplexer

        return PollMultiplexer
    from iolib.multiplex._select import SelectMultiplexer

    return SelectMultiplexer


class IoHandler(Scheduled):
    """A handler set by ``EventBase.set_io_handler``; ``deadline`` is its timeout's next expiry."""

    __slots__ = ("callback", "event", "fd", "one_shot", "round", "timeout")

    def __init__(
        self,
        fd: int,
        event: FdEvent,
        callback: IoCallback,
        *,
        one_shot: bool,
        timeout: float | None,
        now: float,
        round_: int,
    ) -> None:
        super().__init__(now + timeout if timeout is not None else float("inf"))
        self.fd = fd
        self.event: FdEvent = event
        self.callback = callback
        self.one_shot = one_shot
        self.timeout = timeout
        self.round = round_

    def __repr__(self) -> str:
        state = "active" if self.active else "removed"
        return f"<IoHandler fd={self.fd} {self.event} {state}, callback={self.callback!r}>"


class _FdEntry:
    """The read and write handlers of one fd."""

    __slots__ = ("read", "write")

    def __init__(self) -> None:
        self.read: IoHandler | None = None
        self.write: IoHandler | None = None


def _check_fd(fd: object) -> int:
    if isinstance(fd, bool) or not isinstance(fd, int):
        raise TypeError(f"fd must be an int, not {type(fd).__name__}")
    if fd < 0:
        raise ValueError(f"fd must be >= 0, not {fd}")
    return fd


class EventBase:
    """An event loop over one multiplexer (``mux``: "epoll", "poll", "select"; None: the best).

    Handlers are level-triggered: a handler is called in every round its fd is
    ready. Handlers and timers may be added and removed from inside callbacks;
    a handler removed (or replaced) during a round is not called in the rest of
    it, and one added during a round waits for the next. Everything but
    ``exit_event_loop`` must be called from one thread. A context manager;
    ``close`` releases the multiplexer's descriptor. Raises TypeError or
    ValueError for a bad ``mux``.
    """

    def __init__(self, mux: str | None = None) -> None:
        self._closed = True
        backend = _backend_class(mux)
        self._mux: Multiplexer = backend()
        self._fds: dict[int, _FdEntry] = {}
        self._timers = TimerQueue()
        self._fd_timers = TimerQueue()
        self._exit_timers: list[Timer] = []
        self._round = 0
        self._exit = False
        self._dispatching: int | None = None
        self._lock = threading.Lock()
        self._pending_exits: list[float] = []
        try:
            self._waker = Waker()
        except BaseException:
            self._mux.close()
            raise
        try:
            self._mux.monitor(self._waker.fd, True, False)
        except BaseException:
            self._waker.close()
            self._mux.close()
            raise
        self._closed = False

    @property
    def mux(self) -> str:
        """The name of the multiplexer in use ("epoll", "poll" or "select")."""
        return self._mux.name

    @property
    def closed(self) -> bool:
        """True once ``close`` has run."""
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("the event base is closed")

    # -- fd handlers ------------------------------------------------------------

    def set_io_handler(
        self,
        fd: int,
        event: FdEvent,
        callback: IoCallback,
        one_shot: bool = False,
        timeout: float | None = None,
    ) -> IoHandler:
        """Call ``callback(fd, event, error)`` whenever ``fd`` is ready for ``event``.

        ``event`` is "read" or "write"; ``error`` is None, "error" (hang-up or
        error condition on the fd) or "timeout" (nothing for ``timeout``
        seconds since the handler was set or last called). A ``one_shot``
        handler is removed before its first call. A new handler replaces the
        fd's handler for the same event. Returns the handler. Raises TypeError
        or ValueError for bad arguments, a closed fd or one the multiplexer
        cannot watch (FdSetSizeError, a ValueError, for select and fd >= 1024).
        """
        self._check_open()
        fd = _check_fd(fd)
        if event not in ("read", "write"):  # a tuple: unhashable events fail cleanly
            raise ValueError(f"event must be 'read' or 'write', not {event!r}")
        if not callable(callback):
            raise TypeError(f"callback must be callable, not {callback!r}")
        if timeout is not None:
            timeout = check_timeout(timeout)
        if fd == self._waker.fd:
            raise ValueError(f"fd {fd} is the event base's own wake-up descriptor")
        entry = self._fds.get(fd)
        if entry is None:
            self._mux.monitor(fd, event == "read", event == "write")
            entry = self._fds[fd] = _FdEntry()
        else:
            self._drop_handler(getattr(entry, event))
            reading = entry.read is not None or event == "read"
            writing = entry.write is not None or event == "write"
            self._mux.update(fd, reading, writing)
        handler = IoHandler(
            fd,
            event,
            callback,
            one_shot=bool(one_shot),
            timeout=timeout,
            now=time.monotonic(),
            round_=self._round,
        )
        setattr(entry, event, handler)
        if timeout is not None:
            self._fd_timers.push(handler)
        return handler

    def _drop_handler(self, handler: IoHandler | None) -> None:
        if handler is None:
            return
        if handler.queued:
            self._fd_timers.discard(handler)
        handler.active = False

    def remove_fd_handlers(self, fd: int, read: bool = False, write: bool = False) -> None:
        """Remove ``fd``'s read and/or write handler (neither flag: both).

        An fd without handlers, or a closed event base, is no error. Raises
        TypeError or ValueError for a bad fd.
        """
        fd = _check_fd(fd)
        if not read and not write:
            read = write = True
        entry = self._fds.get(fd)
        if entry is None:
            return
        if read and entry.read is not None:
            self._drop_handler(entry.read)
            entry.read = None
        if write and entry.write is not None:
            self._drop_handler(entry.write)
            entry.write = None
        if entry.read is None and entry.write is None:
            del self._fds[fd]
            self._mux.unmonitor(fd)
        else:
            self._mux.update(fd, entry.read is not None, entry.write is not None)

    def _remove_handler(self, handler: IoHandler) -> None:
        entry = self._fds.get(handler.fd)
        if entry is not None and getattr(entry, handler.event) is handler:
            self.remove_fd_handlers(
                handler.fd, read=handler.event == "read", write=handler.event == "write"
            )
        handler.active = False

    # -- timers -----------------------------------------------------------------

    def add_timer(
        self, callback: Callable[[], object], timeout: float, one_shot: bool = True
    ) -> Timer:
        """Call ``callback()`` after ``timeout`` seconds, and every ``timeout`` s unless one-shot.

        Periodic timers keep to their first deadline's phase on
        time.monotonic() (no drift). Returns the timer, for ``remove_timer``.
        Raises TypeError or ValueError for a bad callback or timeout.
        """
        self._check_open()
        if not callable(callback):
            raise TypeError(f"callback must be callable, not {callback!r}")
        timer = Timer(callback, check_timeout(timeout), bool(one_shot), time.monotonic())
        self._timers.push(timer)
        return timer

    def remove_timer(self, timer: Timer) -> None:
        """Cancel ``timer``; one already fired or removed is no error. Raises TypeError."""
        if not isinstance(timer, Timer):
            raise TypeError(f"timer must be a Timer from add_timer, not {timer!r}")
        self._timers.discard(timer)

    # -- the loop -----------------------------------------------------------------

    def exit_event_loop(self, delay: float = 0) -> None:
        """Make ``event_dispatch`` return after ``delay`` seconds; callable from any thread.

        From inside the dispatching thread, the round in progress finishes
        first. From another thread (or before dispatch starts) the request
        wakes the loop and ends its next, or current, dispatch. Raises
        TypeError or ValueError for a bad delay.
        """
        delay = check_timeout(delay, "delay")
        if self._dispatching == threading.get_ident():
            self._exit_after(delay)
            return
        with self._lock:
            if self._closed:
                return
            self._pending_exits.append(delay)
            self._waker.wake()

    def _exit_after(self, delay: float) -> None:
        if delay == 0:
            self._exit = True
        else:
            timer = Timer(self._set_exit, delay, True, time.monotonic())
            self._exit_timers.append(timer)
            self._timers.push(timer)

    def _set_exit(self) -> None:
        self._exit = True

    def _wake_up(self) -> None:
        with self._lock:
            self._waker.drain()
            delays, self._pending_exits = self._pending_exits, []
        for delay in delays:
            self._exit_after(delay)

    def event_dispatch(self, timeout: float | None = None, one_shot: bool = False) -> None:
        """Dispatch fd events and timers until ``exit_event_loop``, or ``timeout`` seconds pass.

        With ``one_shot``, return after the first round that called anything.
        Returns at once when there is nothing to wait for: no handlers, no
        timers and no timeout. ``timeout=0`` runs one round without blocking.
        Exceptions from callbacks propagate (the loop stays usable). Raises
        RuntimeError if already dispatching, ValueError once closed.
        """
        self._check_open()
        if timeout is not None:
            timeout = check_timeout(timeout)
        if self._dispatching is not None:
            raise RuntimeError("event_dispatch is already running")
        self._dispatching = threading.get_ident()
        self._exit = False
        deadline = None if timeout is None else time.monotonic() + timeout
        harvest = self._mux.harvest
        try:
            while not self._exit:
                wait = self._wait_time(deadline)
                if wait is None and not self._fds and not self._pending_exits:
                    return
                events = harvest(wait)
                self._round += 1
                now = time.monotonic()
                got = self._dispatch_fds(events) if events else False
                if self._fd_timers and self._dispatch_fd_timeouts(now):
                    got = True
                if self._timers and self._dispatch_timers(now):
                    got = True
                if (one_shot and got) or (deadline is not None and now >= deadline):
                    return
        finally:
            self._dispatching = None
            for timer in self._exit_timers:
                self._timers.discard(timer)
            self._exit_timers.clear()

    def _wait_time(self, deadline: float | None) -> float | None:
        """Seconds until the next deadline of any kind (None: none at all)."""
        soonest = deadline
        for queue in (self._timers, self._fd_timers):
            nxt = queue.next_deadline()
            if nxt is not None and (soonest is None or nxt < soonest):
                soonest = nxt
        if soonest is None:
            return None
        return max(0.0, soonest - time.monotonic())

    def _dispatch_fds(self, events: list[tuple[int, int]]) -> bool:
        """Call the handlers of the ready fds; True if any was called."""
        fds = self._fds
        rnd = self._round
        got = False
        for fd, flags in events:
            entry = fds.get(fd)
            if entry is None:
                if fd == self._waker.fd:
                    self._wake_up()
                continue
            error: HandlerError | None = "error" if flags & ERROR else None
            if flags & (READ | ERROR):
                handler = entry.read
                # A handler set during this round (round == rnd) waits for the next.
                if handler is not None and handler.round < rnd:
                    got = True
                    if handler.one_shot:
                        self._remove_handler(handler)
                    elif handler.timeout is not None:
                        handler.deadline = time.monotonic() + handler.timeout
                    handler.callback(fd, "read", error)
            if flags & (WRITE | ERROR):
                handler = entry.write
                if handler is not None and handler.round < rnd:
                    got = True
                    if handler.one_shot:
                        self._remove_handler(handler)
                    elif handler.timeout is not None:
                        handler.deadline = time.monotonic() + handler.timeout
                    handler.callback(fd, "write", error)
        return got

    def _dispatch_fd_timeouts(self, now: float) -> bool:
        """Call with "timeout" every handler idle past its timeout; True if any was."""
        due = self._fd_timers.pop_due(now)
        for index, item in enumerate(due):
            if not isinstance(item, IoHandler) or not item.active:
                continue
            try:
                if item.one_shot:
                    self._remove_handler(item)
                else:
                    assert item.timeout is not None
                    item.deadline = now + item.timeout
                    self._fd_timers.push(item)
                item.callback(item.fd, item.event, "timeout")
            except BaseException:
                self._requeue(self._fd_timers, due[index + 1 :])
                raise
        return bool(due)

    def _dispatch_timers(self, now: float) -> bool:
        """Call every timer due by ``now``; True if any was."""
        due = self._timers.pop_due(now)
        for index, item in enumerate(due):
            if not isinstance(item, Timer) or not item.active:
                continue
            try:
                if item.one_shot:
                    item.active = False
                else:
                    item.reschedule(now)
                    self._timers.push(item)
                item.callback()
            except BaseException:
                self._requeue(self._timers, due[index + 1 :])
                raise
        return bool(due)

    @staticmethod
    def _requeue(queue: TimerQueue, items: list[Scheduled]) -> None:
        """Put back the due items a raising callback kept from running."""
        for item in items:
            if item.active:
                queue.push(item)

    # -- lifetime -----------------------------------------------------------------

    def close(self) -> None:
        """Forget every handler and timer and close the multiplexer (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for entry in self._fds.values():
                self._drop_handler(entry.read)
                self._drop_handler(entry.write)
            self._fds.clear()
            self._timers = TimerQueue()
            self._fd_timers = TimerQueue()
            self._mux.close()
            self._waker.close()

    def __enter__(self) -> EventBase:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            warnings.warn(f"unclosed {self!r}", ResourceWarning, stacklevel=2, source=self)
            self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{len(self._fds)} fds, {len(self._timers)} timers"
        return f"<EventBase {self.mux}: {state}>"
