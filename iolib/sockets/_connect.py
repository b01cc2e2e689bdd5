"""Connecting to one of several addresses: in turn, or racing them (Happy Eyeballs, RFC 8305).

:func:`race` starts a connection attempt to each target in turn, IPv6 and
IPv4 interleaved (RFC 8305 section 4, a First Address Family Count of 1); the
next attempt starts ``delay`` seconds after the previous one (section 5, the
Connection Attempt Delay; 0.25 s by default) or at once when an attempt fails.
The first attempt that connects wins and every other is closed. With ``delay``
None the attempts run one after another.
"""

from __future__ import annotations

import errno
import math
import os
import select
import socket
import time
from collections.abc import Callable
from typing import NamedTuple

from iolib.address import InetAddress
from iolib.sockets._errors import (
    SocketConnectionTimedOutError,
    SocketError,
    socket_error_from,
)

__all__ = ["DEFAULT_HAPPY_EYEBALLS_DELAY", "Target", "check_delay", "interleave", "race"]

# RFC 8305 section 8: the recommended Connection Attempt Delay.
DEFAULT_HAPPY_EYEBALLS_DELAY = 0.25

_PENDING = frozenset({errno.EINPROGRESS, errno.EALREADY, errno.EAGAIN})
_POLLOUT = select.POLLOUT | select.POLLERR | select.POLLHUP


class Target(NamedTuple):
    """One address to connect to: the socket family, the OS address tuple, the address."""

    is6: bool
    sockaddr: tuple[str, int]
    address: InetAddress


def check_delay(delay: object) -> float | None:
    """Return the Happy Eyeballs delay in seconds (None: one attempt after another)."""
    if delay is None:
        return None
    if isinstance(delay, bool) or not isinstance(delay, int | float):
        raise TypeError(f"happy_eyeballs_delay must be seconds or None, not {delay!r}")
    if math.isnan(delay) or delay < 0:
        raise ValueError(f"happy_eyeballs_delay must be >= 0, not {delay!r}")
    return float(delay)


def interleave(targets: list[Target]) -> list[Target]:
    """Order targets IPv6 first, alternating families, each family keeping its order."""
    v6 = [t for t in targets if t.address.version == 6]
    v4 = [t for t in targets if t.address.version == 4]
    ordered: list[Target] = []
    for index in range(max(len(v6), len(v4))):
        ordered.extend(family[index] for family in (v6, v4) if index < len(family))
    return ordered


def _failed(code: int, target: Target) -> SocketError:
    where = f"connect({target.sockaddr[0]}:{target.sockaddr[1]})"
    return socket_error_from(OSError(code, os.strerror(code)), where)


def _give_up(attempts: list[tuple[object, SocketError]]) -> SocketError:
    first = attempts[0][1]
    first.attempts = attempts
    return first


def race(
    targets: list[Target],
    prepare: Callable[[Target], socket.socket],
    delay: float | None,
    timeout: float | None,
) -> tuple[socket.socket, Target]:
    """Connect to the first target that answers; return its socket (non-blocking) and target.

    ``prepare`` makes a configured, bound socket for a target (its errors
    propagate after the attempts in flight are closed). When every attempt
    fails, the first failure is raised with ``.attempts``, a list of
    ``(address, error)``; when ``timeout`` passes first, a
    SocketConnectionTimedOutError with the attempts so far.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    pending: dict[int, tuple[socket.socket, Target]] = {}
    attempts: list[tuple[object, SocketError]] = []
    poller = select.poll()
    queue = list(targets)
    next_start = time.monotonic()
    try:
        while True:
            now = time.monotonic()
            if queue and (not pending or (delay is not None and now >= next_start)):
                target = queue.pop(0)
                sock = prepare(target)
                sock.setblocking(False)
                code = sock.connect_ex(target.sockaddr)
                if code == 0:
                    return sock, target
                if code in _PENDING:
                    pending[sock.fileno()] = (sock, target)
                    poller.register(sock.fileno(), _POLLOUT)
                    next_start = now + (delay or 0.0)
                else:
                    sock.close()
                    attempts.append((target.address, _failed(code, target)))
                continue
            if not pending:
                raise _give_up(attempts)
            if deadline is not None and now >= deadline:
                for _, target in pending.values():
                    error = SocketConnectionTimedOutError(
                        errno.ETIMEDOUT, f"no connection within {timeout} s", "connect"
                    )
                    attempts.append((target.address, error))
                raise _give_up(attempts)
            wake = deadline
            if queue and delay is not None:
                wake = next_start if wake is None else min(wake, next_start)
            wait_ms = None if wake is None else max(0, math.ceil((wake - now) * 1000))
            for fd, _ in poller.poll(wait_ms):
                poller.unregister(fd)
                sock, target = pending.pop(fd)
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code == 0:
                    return sock, target
                sock.close()
                attempts.append((target.address, _failed(code, target)))
                next_start = time.monotonic()  # a failure starts the next attempt at once
    finally:
        for sock, _ in pending.values():
            sock.close()
