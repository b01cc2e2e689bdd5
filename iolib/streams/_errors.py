"""Errors of the streams layer.

Each error derives from :class:`iolib.IolibError` and from the matching
builtin, so ``except TimeoutError`` or ``except BrokenPipeError`` keep working.
The sockets layer translates its own OS errors; these cover plain descriptors.
"""

from __future__ import annotations

import errno as _errno

from iolib._errors import IolibError

__all__ = [
    "StreamBrokenPipeError",
    "StreamConnectionResetError",
    "StreamError",
    "StreamTimeoutError",
    "translate_os_error",
]


class StreamTimeoutError(IolibError, TimeoutError):
    """A stream read or write did not complete within its timeout; no data was lost."""


class StreamError(IolibError, OSError):
    """The operating system refused a read, write or close on a stream's descriptor."""


class StreamBrokenPipeError(StreamError, BrokenPipeError):
    """The stream's peer is gone: writing to a closed pipe or socket (EPIPE)."""


class StreamConnectionResetError(StreamError, ConnectionResetError):
    """The stream's peer reset the connection (ECONNRESET)."""


_BY_ERRNO: dict[int, type[StreamError]] = {
    _errno.EPIPE: StreamBrokenPipeError,
    _errno.ESHUTDOWN: StreamBrokenPipeError,
    _errno.ECONNRESET: StreamConnectionResetError,
}


def translate_os_error(exc: OSError) -> StreamError:
    """Return the StreamError subclass matching ``exc.errno``, carrying its errno and text."""
    if isinstance(exc, StreamError):
        return exc
    cls = _BY_ERRNO.get(exc.errno or 0, StreamError)
    if exc.errno is None:
        return cls(str(exc))
    return cls(exc.errno, exc.strerror or _errno.errorcode.get(exc.errno, "unknown error"))
