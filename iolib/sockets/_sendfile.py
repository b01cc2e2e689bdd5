"""Zero-copy file sending for active stream sockets: os.sendfile, with a buffered fallback."""

from __future__ import annotations

import errno
import os
import time
from typing import TYPE_CHECKING, Protocol

from iolib.sockets._errors import socket_error_from
from iolib.sockets._fdpass import wait_ready

if TYPE_CHECKING:
    from iolib.sockets._active import ActiveSocket

__all__ = ["send_file"]

_CHUNK = 65536
# sendfile(2) refusals that mean "copy it yourself" rather than a failure.
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ESPIPE})


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _check_count(name: str, value: object, allow_none: bool) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int{' or None' if allow_none else ''}, not {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, not {value}")
    return value


def _file_fd(file: object) -> int | None:
    if isinstance(file, int) and not isinstance(file, bool):
        return file
    fileno = getattr(file, "fileno", None)
    if fileno is None:
        return None
    try:
        fd = fileno()
    except (OSError, ValueError):  # io.BytesIO and friends have no descriptor
        return None
    return fd if isinstance(fd, int) else None


def _copy(sock: ActiveSocket, file: object, fd: int | None, offset: int, count: int | None) -> int:
    """Send through the stream buffer: for file objects without a descriptor, or no sendfile."""
    sent = 0
    if fd is None:
        seek = getattr(file, "seek", None)
        if seek is not None:
            seek(offset)
        elif offset:
            raise ValueError("offset needs a seekable file")
    while count is None or sent < count:
        want = _CHUNK if count is None else min(_CHUNK, count - sent)
        if fd is not None:
            chunk = os.pread(fd, want, offset + sent)
        else:
            reader: _Readable = file  # type: ignore[assignment]  # checked by the caller
            chunk = reader.read(want)
        if not chunk:
            break
        sock.write(chunk)
        sent += len(chunk)
    sock.finish_output()
    return sent


def send_file(sock: ActiveSocket, file: object, offset: object = 0, count: object = None) -> int:
    """Send ``count`` bytes (None: to EOF) of ``file`` from ``offset``; return the count sent.

    ``file`` is a descriptor, or an object with ``fileno()`` or ``read()``.
    Pending stream output goes first. The file's own position is not used
    nor moved when it has a descriptor. Waits are bounded by write_timeout.
    """
    start = _check_count("offset", offset, allow_none=False)
    wanted = _check_count("count", count, allow_none=True)
    assert start is not None
    fd = _file_fd(file)
    if fd is None and not callable(getattr(file, "read", None)):
        raise TypeError(f"send_file needs a descriptor or a file object, not {file!r}")
    if sock._output_pending():
        sock.finish_output()
    if fd is None or sock.socket_type != "stream" or sock.tls_active:
        return _copy(sock, file, fd, start, wanted)
    out = sock.fileno()
    timeout = sock.write_timeout
    deadline = None if timeout is None else time.monotonic() + timeout
    # sendfile(2) has no MSG_DONTWAIT: make the fd non-blocking for the duration.
    blocking = os.get_blocking(out)
    if blocking:
        os.set_blocking(out, False)
    sent = 0
    try:
        while wanted is None or sent < wanted:
            want = _CHUNK * 16 if wanted is None else wanted - sent
            try:
                n = os.sendfile(out, fd, start + sent, want)
            except BlockingIOError:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                wait_ready(out, "write", left)
                continue
            except InterruptedError:
                continue
            except OSError as exc:
                if exc.errno in _UNSUPPORTED and sent == 0:
                    return _copy(sock, file, fd, start, wanted)
                raise socket_error_from(exc, "sendfile") from exc
            if n == 0:
                break
            sent += n
    finally:
        if blocking and sock.is_open:
            os.set_blocking(out, True)
    return sent
