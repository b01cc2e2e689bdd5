"""Passing descriptors over local sockets (SCM_RIGHTS), peer credentials, and AF_UNSPEC connect.

Descriptors always travel with at least one data byte (a message of only
control data can vanish on a stream socket). On receipt the control-message
flags, level and type are checked: a truncated message (MSG_CTRUNC) has every
descriptor that did arrive closed before SocketControlTruncatedError is
raised, and descriptors beyond the ones asked for are closed. Received
descriptors are close-on-exec (MSG_CMSG_CLOEXEC).
"""

from __future__ import annotations

import ctypes
import os
import socket
import struct
from collections.abc import Iterable
from typing import Literal

from iolib.multiplex import PollTimeout, wait_until_fd_ready
from iolib.sockets._errors import (
    SocketControlTruncatedError,
    SocketNoFileDescriptorError,
    socket_error_from,
)
from iolib.streams import StreamTimeoutError

__all__ = [
    "check_fds",
    "disconnect",
    "first_fd",
    "peer_credentials",
    "receive_fds",
    "receive_one_fd",
    "send_fds",
    "wait_ready",
]

# The kernel refuses more than SCM_MAX_FD descriptors in one message.
SCM_MAX_FD = 253
_SOL_SOCKET = int(socket.SOL_SOCKET)
_SCM_RIGHTS = int(socket.SCM_RIGHTS)
_SEND_FLAGS = int(socket.MSG_NOSIGNAL | socket.MSG_DONTWAIT)
_RECV_FLAGS = int(socket.MSG_CMSG_CLOEXEC | socket.MSG_DONTWAIT)
_CTRUNC = int(socket.MSG_CTRUNC)
_FD = struct.Struct("i")
_UCRED = struct.Struct("3i")
# receive_one_fd leaves room for a few descriptors so that extras sent by
# mistake arrive (and are closed) instead of being cut off by the kernel.
ONE_FD_ROOM = socket.CMSG_SPACE(8 * _FD.size)


def wait_ready(fd: int, event: Literal["read", "write"], timeout: float | None) -> None:
    """Wait until ``fd`` is ready for ``event``; StreamTimeoutError after ``timeout`` seconds."""
    try:
        wait_until_fd_ready(fd, event, timeout)
    except PollTimeout as exc:
        raise StreamTimeoutError(f"socket not ready to {event} within {timeout} s") from exc


def _check_fd(fd: object) -> int:
    if isinstance(fd, bool) or not isinstance(fd, int):
        raise TypeError(f"file descriptor must be an int, not {fd!r}")
    if fd < 0:
        raise ValueError(f"file descriptor must be >= 0, not {fd}")
    return fd


def check_fds(fds: object) -> list[int]:
    """Return ``fds`` as a list of descriptors; TypeError / ValueError for bad input."""
    if isinstance(fds, int | str | bytes) or not isinstance(fds, Iterable):
        raise TypeError(f"expected an iterable of file descriptors, not {fds!r}")
    checked = [_check_fd(fd) for fd in fds]
    if not checked or len(checked) > SCM_MAX_FD:
        raise ValueError(f"can pass 1 to {SCM_MAX_FD} descriptors at once, not {len(checked)}")
    return checked


def send_fds(sock: socket.socket, fds: list[int], data: object, timeout: float | None) -> None:
    """Send descriptors ``fds`` with ``data`` (a non-empty bytes-like) in one message."""
    try:
        payload = memoryview(data).cast("B")  # type: ignore[arg-type]  # checked just below
    except TypeError as exc:
        raise TypeError(f"data must be bytes-like, not {type(data).__name__}") from exc
    if not payload:
        raise ValueError("descriptors must travel with at least one data byte")
    ancillary = [(_SOL_SOCKET, _SCM_RIGHTS, struct.pack(f"{len(fds)}i", *fds))]
    while payload:
        try:
            sent = sock.sendmsg([payload], ancillary, _SEND_FLAGS)
        except BlockingIOError:
            wait_ready(sock.fileno(), "write", timeout)
            continue
        except InterruptedError:
            continue
        except OSError as exc:
            raise socket_error_from(exc, "sendmsg(SCM_RIGHTS)") from exc
        # The descriptors went with the first byte; the rest is plain data.
        payload, ancillary = payload[sent:], []


def _recvmsg(
    sock: socket.socket, size: int, room: int, timeout: float | None
) -> tuple[bytes, list[tuple[int, int, bytes]], int]:
    while True:
        try:
            data, ancillary, flags, _ = sock.recvmsg(size, room, _RECV_FLAGS)
            return data, ancillary, flags
        except BlockingIOError:
            wait_ready(sock.fileno(), "read", timeout)
        except InterruptedError:
            continue
        except OSError as exc:
            raise socket_error_from(exc, "recvmsg(SCM_RIGHTS)") from exc


def _collect(ancillary: list[tuple[int, int, bytes]]) -> list[int]:
    fds: list[int] = []
    for level, kind, payload in ancillary:
        if level == _SOL_SOCKET and kind == _SCM_RIGHTS:
            whole = len(payload) - len(payload) % _FD.size
            fds.extend(memoryview(payload[:whole]).cast("i").tolist())
    return fds


def _close_all(fds: list[int]) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            continue


def _checked(data: bytes, ancillary: list[tuple[int, int, bytes]], flags: int) -> list[int]:
    fds = _collect(ancillary)
    if flags & _CTRUNC:
        _close_all(fds)
        raise SocketControlTruncatedError(
            None, f"descriptors cut off (MSG_CTRUNC); closed {len(fds)} that arrived", "recvmsg"
        )
    if not fds:
        what = "the peer closed the connection" if not data else "the message carried none"
        raise SocketNoFileDescriptorError(None, f"no descriptor received: {what}", "recvmsg")
    return fds


def first_fd(data: bytes, ancillary: list[tuple[int, int, bytes]], flags: int) -> int:
    """Return the first descriptor of a received message, closing any others."""
    fds = _checked(data, ancillary, flags)
    _close_all(fds[1:])
    return fds[0]


def receive_one_fd(sock: socket.socket, timeout: float | None) -> int:
    """Receive one descriptor (and its data byte); extra descriptors are closed."""
    return first_fd(*_recvmsg(sock, 1, ONE_FD_ROOM, timeout))


def receive_fds(
    sock: socket.socket, max_fds: object, timeout: float | None, size: int = 4096
) -> tuple[list[int], bytes]:
    """Receive up to ``max_fds`` descriptors and the data bytes of their message."""
    if isinstance(max_fds, bool) or not isinstance(max_fds, int):
        raise TypeError(f"max_fds must be an int, not {max_fds!r}")
    if not 1 <= max_fds <= SCM_MAX_FD:
        raise ValueError(f"max_fds must be 1..{SCM_MAX_FD}, not {max_fds}")
    data, ancillary, flags = _recvmsg(sock, size, socket.CMSG_SPACE(max_fds * _FD.size), timeout)
    fds = _checked(data, ancillary, flags)
    if len(fds) > max_fds:
        _close_all(fds[max_fds:])
        fds = fds[:max_fds]
    return fds, data


def peer_credentials(sock: socket.socket) -> tuple[int, int, int]:
    """Return ``(pid, uid, gid)`` of a local socket's peer."""
    raw = sock.getsockopt(_SOL_SOCKET, socket.SO_PEERCRED, _UCRED.size)
    pid, uid, gid = _UCRED.unpack(raw)
    return pid, uid, gid


class _Sockaddr(ctypes.Structure):
    _fields_ = (("family", ctypes.c_ushort), ("data", ctypes.c_char * 14))


_libc: ctypes.CDLL | None = None


def disconnect(fd: int) -> None:
    """Connect ``fd`` to an AF_UNSPEC address, dissolving a datagram socket's peer."""
    # The socket module cannot pass AF_UNSPEC to connect(2), hence ctypes.
    global _libc  # noqa: PLW0603 - loaded once, on first use, not at import time
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    address = _Sockaddr(socket.AF_UNSPEC)
    if _libc.connect(fd, ctypes.byref(address), ctypes.sizeof(address)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
