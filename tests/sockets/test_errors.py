"""The error hierarchy: identifiers, builtins, the errno table and the one translator."""

from __future__ import annotations

import errno
import pickle

import pytest

import iolib
from iolib.multiplex import PollTimeout
from iolib.sockets import _errors
from iolib.sockets._errors import ERRNO_TO_ERROR, SocketError, socket_error_from

CASES = [
    (errno.EADDRINUSE, "SocketAddressInUseError", "address-in-use", OSError),
    (
        errno.ECONNREFUSED,
        "SocketConnectionRefusedError",
        "connection-refused",
        ConnectionRefusedError,
    ),
    (errno.ECONNRESET, "SocketConnectionResetError", "connection-reset", ConnectionResetError),
    (
        errno.ECONNABORTED,
        "SocketConnectionAbortedError",
        "connection-aborted",
        ConnectionAbortedError,
    ),
    (errno.ETIMEDOUT, "SocketConnectionTimedOutError", "connection-timed-out", TimeoutError),
    (errno.EHOSTUNREACH, "SocketHostUnreachableError", "host-unreachable", OSError),
    (errno.ENETUNREACH, "SocketNetworkUnreachableError", "network-unreachable", OSError),
    (errno.ENETDOWN, "SocketNetworkDownError", "network-down", OSError),
    (errno.EADDRNOTAVAIL, "SocketAddressNotAvailableError", "address-not-available", OSError),
    (errno.EACCES, "SocketAccessDeniedError", "access-denied", PermissionError),
    (errno.EPERM, "SocketAccessDeniedError", "access-denied", PermissionError),
    (errno.EPIPE, "SocketBrokenPipeError", "broken-pipe", BrokenPipeError),
    (errno.ESHUTDOWN, "SocketEndpointShutdownError", "shutdown", BrokenPipeError),
    (errno.ENOENT, "SocketFileNotFoundError", "file-not-found", FileNotFoundError),
    (
        errno.EINPROGRESS,
        "SocketConnectionInProgressError",
        "connection-in-progress",
        BlockingIOError,
    ),
    (errno.EAGAIN, "SocketWouldBlockError", "would-block", BlockingIOError),
    (errno.ENOTCONN, "SocketNotConnectedError", "not-connected", OSError),
    (errno.EISCONN, "SocketAlreadyConnectedError", "already-connected", OSError),
    (errno.ENOBUFS, "SocketNoBufferSpaceError", "no-buffer-space", OSError),
    (errno.ENOPROTOOPT, "SocketOptionNotSupportedError", "option-not-supported", OSError),
    (errno.EOPNOTSUPP, "SocketOperationNotSupportedError", "operation-not-supported", OSError),
    (errno.ENOTSOCK, "SocketNotASocketError", "not-a-socket", OSError),
    (errno.EINVAL, "SocketInvalidArgumentError", "invalid-argument", OSError),
    (errno.EMSGSIZE, "SocketMessageTooLongError", "message-too-long", OSError),
]


@pytest.mark.parametrize(("code", "name", "identifier", "builtin"), CASES)
def test_errno_maps_to_its_class(code: int, name: str, identifier: str, builtin: type) -> None:
    """Each errno becomes its class, with identifier, errno and situation set."""
    error = socket_error_from(OSError(code, "boom"), "connect")
    assert type(error).__name__ == name
    assert type(error) is getattr(iolib, name) is getattr(iolib.sockets, name)
    assert error.identifier == identifier
    assert error.errno == code
    assert error.situation == "connect"
    assert isinstance(error, SocketError)
    assert isinstance(error, iolib.IolibError)
    assert isinstance(error, builtin)
    assert isinstance(error, OSError)


def test_every_class_has_a_distinct_identifier() -> None:
    """One class per identifier: no two classes share one."""
    classes = [
        obj
        for obj in vars(_errors).values()
        if isinstance(obj, type) and issubclass(obj, SocketError) and obj is not SocketError
    ]
    identifiers = [cls.identifier for cls in classes]
    assert len(identifiers) == len(set(identifiers))
    assert "unknown" not in identifiers
    assert set(ERRNO_TO_ERROR.values()) <= set(classes)


def test_unknown_errno_gives_the_base_class() -> None:
    """An errno without a class of its own is a plain SocketError named "unknown"."""
    error = socket_error_from(OSError(errno.ENOMEM, "no memory"), "socket")
    assert type(error) is SocketError
    assert error.identifier == "unknown"
    assert error.errno == errno.ENOMEM


def test_a_socket_error_passes_through_unchanged() -> None:
    """Translating an already translated error returns it as it is."""
    error = _errors.SocketConnectionRefusedError(errno.ECONNREFUSED, "refused", "connect")
    assert socket_error_from(error, "other") is error


def test_timed_out_is_also_a_poll_timeout() -> None:
    """A connect timeout can be caught as IOLib's poll-timeout too."""
    assert issubclass(_errors.SocketConnectionTimedOutError, PollTimeout)
    assert issubclass(_errors.SocketConnectionTimedOutError, TimeoutError)


def test_text_names_the_call_and_the_errno() -> None:
    """str() shows the errno, the situation and the OS message."""
    error = socket_error_from(OSError(errno.ECONNREFUSED, "Connection refused"), "connect(x:1)")
    assert str(error) == "[Errno 111] connect(x:1): Connection refused"
    assert str(_errors.SocketControlTruncatedError(None, "cut", None)) == "cut"


def test_errors_pickle_round_trip() -> None:
    """Errors survive pickling (for multiprocessing) with their attributes."""
    error = socket_error_from(OSError(errno.EADDRINUSE, "in use"), "bind")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (copy.errno, copy.strerror, copy.situation) == (error.errno, "in use", "bind")


def test_oserror_without_errno_is_translated() -> None:
    """An OSError without an errno still becomes a SocketError with the text kept."""
    error = socket_error_from(OSError("odd"), "recv")
    assert type(error) is SocketError
    assert error.errno is None
    assert "odd" in str(error)
