"""The descriptor loop under a stream: one OS read or write, waiting and retrying as needed.

Every system call a stream makes goes through three methods a subclass may
override: ``_read_os``, ``_write_os`` and ``_close_os``. They may raise
BlockingIOError (the loop waits for readiness on ``fileno()`` until the
operation's deadline), InterruptedError (retried), or any other OSError
(propagated). Plain descriptors get EPIPE instead of SIGPIPE because Python
ignores SIGPIPE at start-up; the sockets layer passes MSG_NOSIGNAL itself.

Two more hooks tune the waiting: ``_blocking_fd()`` (True: a read or write
with a timeout polls first, and a write then moves at most PIPE_BUF bytes,
so that a blocking call cannot outlast the deadline; hooks that never block
return False) and ``_input_pending_os()`` (True when ``_read_os`` has input
without the descriptor being readable, as TLS has decrypted records).
"""

from __future__ import annotations

import errno
import math
import os
import select
import time
from typing import TYPE_CHECKING, Literal

from iolib.multiplex import PollTimeout, wait_until_fd_ready
from iolib.streams._errors import StreamError, StreamTimeoutError, translate_os_error

if TYPE_CHECKING:
    from iolib.streams._inbuf import InputBuffer
    from iolib.streams._outbuf import OutputBuffer

__all__ = ["FdChannel", "check_timeout"]

Event = Literal["read", "write"]

# a day, in seconds: far below poll()'s limit of 2**31 - 1 milliseconds
_LONGEST_POLL = 86400.0


def check_timeout(value: object, name: str) -> float | None:
    """Return ``value`` as a timeout in seconds (None: wait forever); TypeError, ValueError."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds or None, not {value!r}")
    if math.isnan(value) or value < 0:
        raise ValueError(f"{name} must be >= 0, not {value!r}")
    return float(value)


class FdChannel:
    """OS reads and writes on one descriptor, with readiness waits bounded by a deadline."""

    _dcs_fd: int
    _dcs_closed: bool
    _dcs_in: InputBuffer
    _dcs_out: OutputBuffer
    _dcs_read_timeout: float | None
    _dcs_write_timeout: float | None

    # -- hooks --------------------------------------------------------------

    def _read_os(self, buffer: memoryview) -> int:
        """Read into ``buffer`` once; return the count, 0 at end of file."""
        try:
            return os.readv(self._dcs_fd, (buffer,))
        except (BlockingIOError, InterruptedError):
            raise
        except OSError as exc:
            raise translate_os_error(exc) from exc

    def _write_os(self, data: memoryview) -> int:
        """Write from ``data`` once; return the count written (maybe fewer than asked)."""
        try:
            return os.write(self._dcs_fd, data)
        except (BlockingIOError, InterruptedError):
            raise
        except OSError as exc:
            raise translate_os_error(exc) from exc

    def _close_os(self) -> None:
        """Close the descriptor; called exactly once."""
        try:
            os.close(self._dcs_fd)
        except OSError as exc:
            raise translate_os_error(exc) from exc

    def _input_pending_os(self) -> bool:
        """True when _read_os can return data without the descriptor being readable."""
        return False

    # -- waiting ------------------------------------------------------------

    def fileno(self) -> int:
        """Return the descriptor; ValueError once the stream is closed."""
        if self._dcs_closed:
            raise ValueError("I/O operation on closed stream")
        return self._dcs_fd

    def _check_open(self) -> None:
        if self._dcs_closed:
            raise ValueError("I/O operation on closed stream")

    def _read_deadline(self) -> float | None:
        timeout = self._dcs_read_timeout
        return None if timeout is None else time.monotonic() + timeout

    def _write_deadline(self) -> float | None:
        timeout = self._dcs_write_timeout
        return None if timeout is None else time.monotonic() + timeout

    def _wait_ready(self, event: Event, deadline: float | None) -> None:
        """Wait until fileno() is ready for "read" or "write"; StreamTimeoutError at deadline."""
        fd = self.fileno()
        while True:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            # poll() takes an int of milliseconds: wait very long timeouts in slices
            wait = None if remaining is None else min(remaining, _LONGEST_POLL)
            try:
                wait_until_fd_ready(fd, event, wait)
            except PollTimeout as exc:
                if remaining is not None and remaining <= _LONGEST_POLL:
                    kind = "input" if event == "read" else "output"
                    raise StreamTimeoutError(
                        f"fd {fd}: no {kind} progress within the timeout"
                    ) from exc
                continue
            except ValueError as exc:
                raise StreamError(errno.EBADF, f"fd {fd} is not an open descriptor") from exc
            return

    def _ready_now(self, event: Event) -> bool:
        """True when the descriptor is ready for ``event`` right now (poll with no wait)."""
        if event == "read" and self._input_pending_os():
            return True
        try:
            self._wait_ready(event, 0.0)
        except StreamTimeoutError:
            return False
        return True

    def _blocking_fd(self) -> bool:
        """True when the OS calls may block: the descriptor lacks O_NONBLOCK."""
        try:
            return os.get_blocking(self.fileno())
        except OSError as exc:
            raise translate_os_error(exc) from exc

    # -- one operation ------------------------------------------------------

    def _os_read(self, buffer: memoryview, deadline: float | None) -> int:
        """Read into ``buffer`` once, waiting for input until ``deadline``; 0 at end of file."""
        if deadline is not None and not self._input_pending_os() and self._blocking_fd():
            # a blocking read would ignore the deadline: wait for readiness first
            self._wait_ready("read", deadline)
        while True:
            try:
                return self._read_os(buffer)
            except InterruptedError:
                continue
            except BlockingIOError:
                self._wait_ready("read", deadline)

    def _os_read_now(self, buffer: memoryview) -> int | None:
        """Read into ``buffer`` once if that needs no wait; None when it would block."""
        if not self._ready_now("read"):
            return None
        while True:
            try:
                return self._read_os(buffer)
            except InterruptedError:
                continue
            except BlockingIOError:
                return None

    def _os_write(self, data: memoryview, deadline: float | None) -> int:
        """Write from ``data`` once, waiting for room until ``deadline``; return the count."""
        if deadline is not None and self._blocking_fd():
            # a blocking write waits until all of it fits, past any deadline; after
            # POLLOUT, PIPE_BUF bytes fit at once (pipes promise it; sockets have more)
            self._wait_ready("write", deadline)
            data = data[: select.PIPE_BUF]
        while True:
            try:
                return self._write_os(data)
            except InterruptedError:
                continue
            except BlockingIOError:
                self._wait_ready("write", deadline)

    def _read_raw(self, deadline: float | None) -> int:
        """One OS read of input_buffer_size bytes into the buffer; 0 at end of file."""
        b = self._dcs_in
        space = b.space(b.size)
        try:
            n = self._os_read(space, deadline)
        finally:
            space.release()
        b.commit(n)
        return n
