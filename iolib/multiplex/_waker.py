"""A descriptor another thread can make readable to wake a waiting event loop."""

from __future__ import annotations

import os

__all__ = ["Waker"]


class Waker:
    """One eventfd (or a pipe where there is none): ``wake`` from any thread, ``drain`` to reset."""

    __slots__ = ("_write_fd", "fd")

    def __init__(self) -> None:
        if hasattr(os, "eventfd"):
            self.fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
            self._write_fd = self.fd
        else:  # pragma: no cover - non-Linux
            self.fd, self._write_fd = os.pipe()
            os.set_blocking(self.fd, False)
            os.set_blocking(self._write_fd, False)

    def wake(self) -> None:
        """Make ``fd`` readable; harmless if it already is or the waker is closed."""
        try:
            if self._write_fd == self.fd:
                os.eventfd_write(self.fd, 1)
            else:  # pragma: no cover - non-Linux
                os.write(self._write_fd, b"\0")
        except (BlockingIOError, OSError):
            pass

    def drain(self) -> None:
        """Consume every pending wake-up."""
        try:
            if self._write_fd == self.fd:
                os.eventfd_read(self.fd)
            else:  # pragma: no cover - non-Linux
                while os.read(self.fd, 4096):
                    pass
        except (BlockingIOError, OSError):
            pass

    def close(self) -> None:
        """Close the descriptors (idempotent)."""
        if self.fd >= 0:
            os.close(self.fd)
            if self._write_fd != self.fd:  # pragma: no cover - non-Linux
                os.close(self._write_fd)
            self.fd = self._write_fd = -1
