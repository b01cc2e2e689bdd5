"""Socket errors: one class per identifier, an errno table, and the one OSError translator.

Every class derives from :class:`SocketError` (an :class:`~iolib.IolibError` and
an :class:`OSError`) and from the builtin that Python itself would raise for the
same errno, so ``except ConnectionRefusedError`` keeps working. The classes are
written out literally, for type checkers; :data:`ERRNO_TO_ERROR` maps each errno
to its class, as IOLib's ``conditions.lisp`` keeps one table.
"""

from __future__ import annotations

import errno as _errno
import os
import ssl

from iolib._errors import IolibError
from iolib.multiplex import PollTimeout

__all__ = [
    "ERRNO_TO_ERROR",
    "SocketAccessDeniedError",
    "SocketAddressBusyError",
    "SocketAddressFamilyNotSupportedError",
    "SocketAddressInUseError",
    "SocketAddressNotAvailableError",
    "SocketAlreadyConnectedError",
    "SocketBrokenPipeError",
    "SocketConnectionAbortedError",
    "SocketConnectionInProgressError",
    "SocketConnectionRefusedError",
    "SocketConnectionResetError",
    "SocketConnectionTimedOutError",
    "SocketControlTruncatedError",
    "SocketEndpointShutdownError",
    "SocketError",
    "SocketFileNotFoundError",
    "SocketHostDownError",
    "SocketHostUnreachableError",
    "SocketInvalidArgumentError",
    "SocketMessageTooLongError",
    "SocketNetworkDownError",
    "SocketNetworkResetError",
    "SocketNetworkUnreachableError",
    "SocketNoBufferSpaceError",
    "SocketNoFileDescriptorError",
    "SocketNoNetworkError",
    "SocketNotASocketError",
    "SocketNotConnectedError",
    "SocketOperationNotSupportedError",
    "SocketOptionNotSupportedError",
    "SocketProtocolNotSupportedError",
    "SocketTypeNotSupportedError",
    "SocketWouldBlockError",
    "TLSCertificateError",
    "TLSError",
    "socket_error_from",
]


class SocketError(IolibError, OSError):
    """A socket operation failed; ``.identifier`` names the failure, ``.situation`` the call.

    ``.errno`` is the OS error number (None for failures the OS did not
    report, such as a truncated control message); ``.attempts`` lists
    ``(address, error)`` for every address a connect tried, when it tried
    several. The base class itself stands for errnos without a class of
    their own; its identifier is then "unknown".
    """

    identifier: str = "unknown"
    situation: str | None
    attempts: list[tuple[object, SocketError]]

    def __init__(self, errno: int | None, message: str, situation: str | None = None) -> None:
        super().__init__(errno, message)
        self.situation = situation
        # Filled when a connect tried several addresses: (address, error) for each.
        self.attempts = []

    def __str__(self) -> str:
        where = f"{self.situation}: " if self.situation else ""
        code = f"[Errno {self.errno}] " if self.errno is not None else ""
        return f"{code}{where}{self.strerror}"

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.errno, self.strerror, self.situation))


class SocketAccessDeniedError(SocketError, PermissionError):
    """EACCES / EPERM: the operation is not permitted (a privileged port, a file mode)."""

    identifier = "access-denied"


class SocketAddressBusyError(SocketError):
    """EBUSY: the address or device is busy."""

    identifier = "address-busy"


class SocketAddressFamilyNotSupportedError(SocketError):
    """EAFNOSUPPORT: the address family is not supported here."""

    identifier = "address-family-not-supported"


class SocketAddressInUseError(SocketError):
    """EADDRINUSE: the local address (or socket file path) is already taken."""

    identifier = "address-in-use"


class SocketAddressNotAvailableError(SocketError):
    """EADDRNOTAVAIL: the address is not one of this host's, or no port is free."""

    identifier = "address-not-available"


class SocketAlreadyConnectedError(SocketError):
    """EISCONN: the socket is already connected."""

    identifier = "already-connected"


class SocketBrokenPipeError(SocketError, BrokenPipeError):
    """EPIPE: the peer is gone or the write side was shut down."""

    identifier = "broken-pipe"


class SocketConnectionAbortedError(SocketError, ConnectionAbortedError):
    """ECONNABORTED: the connection was aborted before it was accepted."""

    identifier = "connection-aborted"


class SocketConnectionInProgressError(SocketError, BlockingIOError):
    """EINPROGRESS / EALREADY: a non-blocking connect has not completed yet."""

    identifier = "connection-in-progress"


class SocketConnectionRefusedError(SocketError, ConnectionRefusedError):
    """ECONNREFUSED: nothing listens at the remote address."""

    identifier = "connection-refused"


class SocketConnectionResetError(SocketError, ConnectionResetError):
    """ECONNRESET: the peer reset the connection."""

    identifier = "connection-reset"


class SocketConnectionTimedOutError(SocketError, PollTimeout):
    """ETIMEDOUT, or a bounded connect that did not complete in time.

    It is also a :class:`~iolib.PollTimeout` (so a :class:`TimeoutError`), as
    IOLib signals ``poll-timeout`` from a connect whose wait expires.
    """

    identifier = "connection-timed-out"


class SocketControlTruncatedError(SocketError):
    """A message's control data was cut off (MSG_CTRUNC): passed descriptors were lost."""

    identifier = "control-truncated"


class SocketEndpointShutdownError(SocketError, BrokenPipeError):
    """ESHUTDOWN: the endpoint was shut down for sending."""

    identifier = "shutdown"


class SocketFileNotFoundError(SocketError, FileNotFoundError):
    """ENOENT: no socket file exists at the local path given."""

    identifier = "file-not-found"


class SocketHostDownError(SocketError):
    """EHOSTDOWN: the remote host is down."""

    identifier = "host-down"


class SocketHostUnreachableError(SocketError):
    """EHOSTUNREACH: no route to the remote host."""

    identifier = "host-unreachable"


class SocketInvalidArgumentError(SocketError):
    """EINVAL: the OS refused an argument (e.g. listening on a connected socket)."""

    identifier = "invalid-argument"


class SocketMessageTooLongError(SocketError):
    """EMSGSIZE: the datagram is larger than the transport allows."""

    identifier = "message-too-long"


class SocketNetworkDownError(SocketError):
    """ENETDOWN: the network is down."""

    identifier = "network-down"


class SocketNetworkResetError(SocketError):
    """ENETRESET: the network dropped the connection."""

    identifier = "network-reset"


class SocketNetworkUnreachableError(SocketError):
    """ENETUNREACH: no route to the network."""

    identifier = "network-unreachable"


class SocketNoBufferSpaceError(SocketError):
    """ENOBUFS: the kernel ran out of buffer space."""

    identifier = "no-buffer-space"


class SocketNoFileDescriptorError(SocketError):
    """A message expected to carry a descriptor carried none (or the peer closed)."""

    identifier = "no-file-descriptor"


class SocketNoNetworkError(SocketError):
    """ENONET: the machine is not on the network."""

    identifier = "no-network"


class SocketNotASocketError(SocketError):
    """ENOTSOCK: the descriptor is not a socket."""

    identifier = "not-a-socket"


class SocketNotConnectedError(SocketError):
    """ENOTCONN: the socket is not connected."""

    identifier = "not-connected"


class SocketOperationNotSupportedError(SocketError):
    """EOPNOTSUPP: the operation does not apply to this kind of socket."""

    identifier = "operation-not-supported"


class SocketOptionNotSupportedError(SocketError):
    """ENOPROTOOPT: the option does not exist at that level for this socket."""

    identifier = "option-not-supported"


class SocketProtocolNotSupportedError(SocketError):
    """EPROTONOSUPPORT: the protocol is not supported."""

    identifier = "protocol-not-supported"


class SocketTypeNotSupportedError(SocketError):
    """ESOCKTNOSUPPORT / EPROTOTYPE: the socket type is not supported."""

    identifier = "type-not-supported"


class SocketWouldBlockError(SocketError, BlockingIOError):
    """EAGAIN: a ``dont_wait`` call found nothing to do at once."""

    identifier = "would-block"


class TLSError(SocketError, ssl.SSLError):
    """A TLS handshake, record or shutdown failed (also an ``ssl.SSLError``)."""

    identifier = "tls-error"


class TLSCertificateError(TLSError, ssl.SSLCertVerificationError):
    """The peer's certificate failed verification (also an ``ssl.SSLCertVerificationError``)."""

    identifier = "tls-certificate"


ERRNO_TO_ERROR: dict[int, type[SocketError]] = {
    _errno.EACCES: SocketAccessDeniedError,
    _errno.EPERM: SocketAccessDeniedError,
    _errno.EBUSY: SocketAddressBusyError,
    _errno.EAFNOSUPPORT: SocketAddressFamilyNotSupportedError,
    _errno.EADDRINUSE: SocketAddressInUseError,
    _errno.EADDRNOTAVAIL: SocketAddressNotAvailableError,
    _errno.EISCONN: SocketAlreadyConnectedError,
    _errno.EPIPE: SocketBrokenPipeError,
    _errno.ECONNABORTED: SocketConnectionAbortedError,
    _errno.EINPROGRESS: SocketConnectionInProgressError,
    _errno.EALREADY: SocketConnectionInProgressError,
    _errno.ECONNREFUSED: SocketConnectionRefusedError,
    _errno.ECONNRESET: SocketConnectionResetError,
    _errno.ETIMEDOUT: SocketConnectionTimedOutError,
    _errno.ESHUTDOWN: SocketEndpointShutdownError,
    _errno.ENOENT: SocketFileNotFoundError,
    _errno.EHOSTDOWN: SocketHostDownError,
    _errno.EHOSTUNREACH: SocketHostUnreachableError,
    _errno.EINVAL: SocketInvalidArgumentError,
    _errno.EMSGSIZE: SocketMessageTooLongError,
    _errno.ENETDOWN: SocketNetworkDownError,
    _errno.ENETRESET: SocketNetworkResetError,
    _errno.ENETUNREACH: SocketNetworkUnreachableError,
    _errno.ENOBUFS: SocketNoBufferSpaceError,
    _errno.ENONET: SocketNoNetworkError,
    _errno.ENOTSOCK: SocketNotASocketError,
    _errno.ENOTCONN: SocketNotConnectedError,
    _errno.EOPNOTSUPP: SocketOperationNotSupportedError,
    _errno.ENOPROTOOPT: SocketOptionNotSupportedError,
    _errno.EPROTONOSUPPORT: SocketProtocolNotSupportedError,
    _errno.ESOCKTNOSUPPORT: SocketTypeNotSupportedError,
    _errno.EPROTOTYPE: SocketTypeNotSupportedError,
    _errno.EAGAIN: SocketWouldBlockError,
}


def socket_error_from(exc: OSError, situation: str) -> SocketError:
    """Return the SocketError subclass for ``exc``'s errno; the caller raises it ``from exc``.

    A SocketError is returned unchanged; an errno without a class gives a plain
    SocketError (identifier "unknown").
    """
    if isinstance(exc, SocketError):
        return exc
    code = exc.errno
    cls = ERRNO_TO_ERROR.get(code, SocketError) if code is not None else SocketError
    message = exc.strerror or (os.strerror(code) if code is not None else str(exc))
    return cls(code, message, situation)
