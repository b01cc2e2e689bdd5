"""usocket's wait-for-input: wait until any of several sockets has input (or a connection)."""

from __future__ import annotations

import select
import time
from collections.abc import Iterable
from typing import Literal, NamedTuple

from iolib.multiplex._backend import timeout_ms
from iolib.multiplex._timers import check_timeout
from iolib.sockets._base import Socket

__all__ = ["SocketState", "WaitResult", "socket_state", "wait_for_input"]

# usocket's socket-state values; wait_for_input sets only "read" and None, as
# usocket does ("read-write" and "write" are reserved there too).
SocketState = Literal["read", "write", "read-write"] | None

# Input, a pending connection, a hang-up or an error all make the next read or
# accept return at once, so each counts as ready.
_READY = select.POLLIN | select.POLLPRI | select.POLLHUP | select.POLLERR | select.POLLNVAL


class WaitResult(NamedTuple):
    """What ``wait_for_input`` returns: the sockets, and the seconds left of the timeout."""

    ready_list: list[Socket]
    remaining_seconds: float | None


def socket_state(sock: Socket) -> SocketState:
    """Return the state the last ``wait_for_input`` left on ``sock`` (None: not ready)."""
    if not isinstance(sock, Socket):
        raise TypeError(f"socket_state needs an iolib socket, not {type(sock).__name__}")
    state: SocketState = getattr(sock, "state", None)
    return state


def _as_list(sockets: Socket | Iterable[Socket]) -> list[Socket]:
    """One socket, or an iterable of them, as a list; a stream socket is never iterated."""
    given: object = sockets  # checked as the arbitrary object a caller may pass
    if isinstance(given, Socket):
        return [given]
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise TypeError(
            f"wait_for_input needs a socket or an iterable of sockets, not {type(given).__name__}"
        )
    items: list[object] = list(given)
    checked: list[Socket] = []
    for item in items:
        if not isinstance(item, Socket):
            raise TypeError(f"wait_for_input got a {type(item).__name__}, not an iolib socket")
        checked.append(item)
    return checked


def _has_buffered_input(sock: Socket) -> bool:
    """True if input waits above the fd: in the stream buffer, or decrypted inside TLS.

    poll() cannot see either, so a socket holding such input counts as ready
    without waiting (passive sockets hold none).
    """
    if getattr(sock, "input_buffer_empty", True) is False:
        return True
    pending = getattr(sock, "_input_pending_os", None)
    return pending is not None and bool(pending())


def wait_for_input(
    sockets: Socket | Iterable[Socket],
    timeout: float | None = None,
    ready_only: bool = False,
) -> WaitResult:
    """Wait until one of ``sockets`` is ready to read (a passive one: to accept).

    A socket is ready when its input buffer holds data or its fd is readable
    (hang-ups and errors included: the next read reports them). ``timeout``
    is in seconds (None: wait as long as it takes; 0: just look). Returns
    ``(ready_list, remaining_seconds)``: ``ready_list`` holds every socket
    given, or only the ready ones with ``ready_only``; ``remaining_seconds``
    is what is left of ``timeout`` (None without one). Each socket's state
    (``socket_state(sock)``, also ``sock.state``) becomes "read" or None.
    Raises TypeError for a non-socket, ValueError for a closed socket or a
    bad timeout.
    """
    items = _as_list(sockets)
    if timeout is not None:
        timeout = check_timeout(timeout)
    deadline = None if timeout is None else time.monotonic() + timeout
    fds: dict[int, list[Socket]] = {}
    for sock in items:
        fd = sock.os_fd
        if fd is None:
            raise ValueError(f"wait_for_input got a closed socket: {sock!r}")
        fds.setdefault(fd, []).append(sock)
    ready_fds: set[int] = set()
    if fds:
        buffered = any(_has_buffered_input(sock) for sock in items)
        poller = select.poll()
        for fd in fds:
            poller.register(fd, select.POLLIN | select.POLLPRI)
        while True:
            if buffered:
                wait: float | None = 0.0
            else:
                wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ms = timeout_ms(wait)
            # poll() retries EINTR itself (PEP 475) with the timeout recomputed.
            events = poller.poll(None if ms < 0 else ms)
            ready_fds = {fd for fd, revents in events if revents & _READY}
            if ready_fds or buffered or deadline is None or time.monotonic() >= deadline:
                break
    ready: list[Socket] = []
    for sock in items:
        is_ready = sock.os_fd in ready_fds or _has_buffered_input(sock)
        # usocket's state slot, as a plain attribute; socket_state reads it back.
        setattr(sock, "state", "read" if is_ready else None)  # noqa: B010
        if is_ready:
            ready.append(sock)
    remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
    return WaitResult(ready if ready_only else items, remaining)
