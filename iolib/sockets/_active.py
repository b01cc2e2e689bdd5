"""Active sockets: connected (or connectable) sockets that are DualChannelStreams.

The stream's OS hooks are overridden here: reads use ``recv_into``, writes
``send`` with MSG_NOSIGNAL (a reset peer raises, never SIGPIPE), and any OS
failure other than EAGAIN / EINTR becomes a SocketError subclass. The
descriptor's O_NONBLOCK flag is left alone (toggling it would cost a system
call per connection): a call that must not block, because a timeout is set or
the call is a non-blocking one by nature, passes MSG_DONTWAIT instead, and the
stream waits for readiness itself.
"""

from __future__ import annotations

import errno
import inspect
import math
import os
import socket
import ssl
from typing import TYPE_CHECKING, Literal, NoReturn, Protocol, overload

from iolib.multiplex import PollTimeout, wait_until_fd_ready
from iolib.sockets._base import InetReceived, LocalReceived, Socket
from iolib.sockets._errors import (
    SocketConnectionTimedOutError,
    SocketWouldBlockError,
    socket_error_from,
)
from iolib.sockets._fdpass import wait_ready
from iolib.sockets._options import OPTIONS, buffer_size, encode_option
from iolib.sockets._sendfile import send_file as _send_file
from iolib.sockets._tls import TLSState
from iolib.streams import DualChannelStream, ExternalFormat

__all__ = ["ActiveSocket", "check_stream_args", "check_timeout", "connect_socket"]

# Plain ints: the socket module's flag enums make every "|" a Python call.
_DONTWAIT = int(socket.MSG_DONTWAIT)
_NOSIGNAL = int(socket.MSG_NOSIGNAL)
_SEND_FLAGS = _NOSIGNAL | _DONTWAIT
_SHUT = {
    (True, False): socket.SHUT_RD,
    (False, True): socket.SHUT_WR,
    (True, True): socket.SHUT_RDWR,
}
_CONNECT_PENDING = frozenset({errno.EINPROGRESS, errno.EALREADY, errno.EAGAIN})


def _bounds(length: int, start: object, end: object) -> tuple[int, int]:
    if isinstance(start, bool) or not isinstance(start, int):
        raise TypeError(f"start must be an int, not {start!r}")
    if end is None:
        end = length
    elif isinstance(end, bool) or not isinstance(end, int):
        raise TypeError(f"end must be an int or None, not {end!r}")
    if not 0 <= start <= end <= length:
        raise ValueError(f"bounds start={start} end={end} do not fit a buffer of {length}")
    return start, end


def _byte_view(buffer: object, writable: bool) -> memoryview:
    if isinstance(buffer, str):
        raise TypeError("buffer must be bytes-like, not str")
    try:
        view = memoryview(buffer)  # type: ignore[arg-type]  # any buffer object; checked here
    except TypeError as exc:
        raise TypeError(f"buffer must be bytes-like, not {type(buffer).__name__}") from exc
    if writable and view.readonly:
        raise TypeError("receive_from needs a writable buffer (bytearray, memoryview)")
    return view.cast("B") if view.format != "B" or view.ndim != 1 else view


def _raise_errno(code: int, situation: str) -> NoReturn:
    raise socket_error_from(OSError(code, os.strerror(code)), situation)


def connect_socket(
    sock: socket.socket, sockaddr: object, wait: bool = True, timeout: float | None = None
) -> None:
    """Connect non-blocking ``sock`` to ``sockaddr``, waiting up to ``timeout`` when ``wait``.

    Raises SocketConnectionTimedOutError when the wait expires, the
    SocketError subclass of the failure otherwise.
    """
    code = sock.connect_ex(sockaddr)  # type: ignore[arg-type]  # built by a family mixin
    if code == 0:
        return
    if code not in _CONNECT_PENDING:
        _raise_errno(code, "connect")
    if not wait:
        return
    if code == errno.EAGAIN:
        _connect_full_local(sock, sockaddr, timeout)
        return
    try:
        wait_until_fd_ready(sock.fileno(), "write", timeout)
    except PollTimeout as exc:
        raise _timed_out(timeout) from exc
    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if code:
        _raise_errno(code, "connect")


def _connect_full_local(sock: socket.socket, sockaddr: object, timeout: float | None) -> None:
    """Connect to a local listener whose backlog is full, waiting up to ``timeout``.

    poll() cannot tell when such a listener has room, so a blocking connect(2)
    waits in the kernel instead, bounded by SO_SNDTIMEO (which it honours).
    """
    if timeout is not None and timeout <= 0:
        raise _timed_out(timeout)
    spec = OPTIONS["send_timeout"]
    before = sock.getsockopt(spec.level, spec.option, buffer_size(spec))
    sock.setblocking(True)
    try:
        sock.setsockopt(spec.level, spec.option, encode_option(spec, timeout))
        sock.connect(sockaddr)  # type: ignore[arg-type]  # built by a family mixin
    except BlockingIOError as exc:
        raise _timed_out(timeout) from exc
    except OSError as exc:
        raise socket_error_from(exc, "connect") from exc
    finally:
        sock.setsockopt(spec.level, spec.option, before)
        sock.setblocking(False)


def _timed_out(timeout: float | None) -> SocketConnectionTimedOutError:
    return SocketConnectionTimedOutError(
        errno.ETIMEDOUT, f"no connection within {timeout} s", "connect"
    )


_StreamArgs = tuple[ExternalFormat, int | None, int | None]
_STREAM_READ_TIMEOUT: property = inspect.getattr_static(DualChannelStream, "read_timeout")
_STREAM_WRITE_TIMEOUT: property = inspect.getattr_static(DualChannelStream, "write_timeout")


def check_timeout(value: object, name: str) -> float | None:
    """Return ``value`` as seconds (None: forever); TypeError / ValueError when bad."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds or None, not {value!r}")
    if math.isnan(value) or value < 0:
        raise ValueError(f"{name} must be >= 0, not {value!r}")
    return float(value)


_FORMATS: dict[object, ExternalFormat] = {}
# The checked arguments for an encoding name with default buffer sizes, the common case.
_DEFAULT_ARGS: dict[str, _StreamArgs] = {}


def _check_size(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int or None, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, not {value}")
    return value


def check_stream_args(
    external_format: object, input_buffer_size: object, output_buffer_size: object
) -> _StreamArgs:
    """Validate the stream arguments of an active socket; TypeError / ValueError when bad."""
    fmt = _FORMATS.get(external_format) if isinstance(external_format, str | tuple) else None
    if fmt is None:
        if isinstance(external_format, ExternalFormat):
            fmt = external_format
        elif isinstance(external_format, str):
            fmt = _FORMATS[external_format] = ExternalFormat(external_format)
        elif isinstance(external_format, tuple) and len(external_format) in (2, 3):
            fmt = ExternalFormat(*external_format)
            if len(_FORMATS) < 64:
                _FORMATS[external_format] = fmt
        elif isinstance(external_format, tuple):
            raise ValueError(
                "an external format tuple is (encoding, eol_style[, errors]), "
                f"not {external_format!r}"
            )
        else:
            raise TypeError(
                "external_format must be an ExternalFormat, an encoding name or an "
                f"(encoding, eol_style) tuple, not {type(external_format).__name__}"
            )
    args = (
        fmt,
        _check_size(input_buffer_size, "input_buffer_size"),
        _check_size(output_buffer_size, "output_buffer_size"),
    )
    if (
        isinstance(external_format, str)
        and input_buffer_size is None
        and output_buffer_size is None
        and len(_DEFAULT_ARGS) < 64
    ):
        _DEFAULT_ARGS[external_format] = args
    return args


class _Leftover:
    """Plain bytes that followed the peer's close_notify, read before the socket again."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read_into(self, sock: socket.socket, buffer: memoryview) -> int:
        if not self.data:
            try:
                return sock.recv_into(buffer, 0, _DONTWAIT)
            except (BlockingIOError, InterruptedError):
                raise
            except OSError as exc:
                raise socket_error_from(exc, "recv") from exc
        count = min(len(buffer), len(self.data))
        buffer[:count] = self.data[:count]
        self.data = self.data[count:]
        return count

    def write_from(self, sock: socket.socket, data: memoryview, timeout: float | None) -> int:
        try:
            return sock.send(data, _SEND_FLAGS)
        except (BlockingIOError, InterruptedError):
            raise
        except OSError as exc:
            raise socket_error_from(exc, "send") from exc

    def input_pending(self) -> bool:
        return bool(self.data)


class _InetReceiving(Protocol):
    """A socket whose family mixin is InternetSocket (the self type of receive_from)."""

    def _received(
        self, buffer: bytearray | memoryview, nbytes: int, sockaddr: object
    ) -> InetReceived: ...


class _LocalReceiving(Protocol):
    """A socket whose family mixin is LocalSocket (the self type of receive_from)."""

    def _received(
        self, buffer: bytearray | memoryview, nbytes: int, sockaddr: object
    ) -> LocalReceived: ...


class ActiveSocket(Socket, DualChannelStream):
    """Mixin class for active (client or accepted) sockets: a buffered bivalent stream.

    The stream side (its buffers and codecs) is built on first use, so a
    connection that is opened and closed without stream I/O costs no buffer
    allocation; its arguments are checked at once all the same.
    """

    _stream_args: _StreamArgs
    _tls: TLSState | None = None

    def __init__(
        self,
        sock: socket.socket,
        *,
        ipv6: bool = False,
        external_format: object = "utf-8",
        input_buffer_size: int | None = None,
        output_buffer_size: int | None = None,
    ) -> None:
        # Checked before the socket is adopted: on error the caller still owns ``sock``.
        if (
            input_buffer_size is None
            and output_buffer_size is None
            and external_format.__class__ is str
            and external_format in _DEFAULT_ARGS
        ):
            args = _DEFAULT_ARGS[external_format]
        else:
            args = check_stream_args(external_format, input_buffer_size, output_buffer_size)
        # Socket.__init__, inlined: this runs for every connection made or accepted.
        self._sock = sock
        self._socket_fd = sock.fileno()
        if ipv6:
            self._is_ipv6 = True
        self._stream_args = args

    def _start_stream(self) -> None:
        """Build the stream side now; attributes set on it before (timeouts) are kept."""
        state = self.__dict__
        args = state.pop("_stream_args", None)
        if args is None:
            return
        # A socket closed before first use gets a closed stream; 0 only fills the slot.
        fd = 0 if self._socket_fd is None else self._socket_fd
        kept = dict(state)
        DualChannelStream.__init__(self, fd, *args)
        state.update(kept)
        _STREAM_READ_TIMEOUT.__set__(self, self._early_read_timeout)
        _STREAM_WRITE_TIMEOUT.__set__(self, self._early_write_timeout)
        if self._sock is None:  # closed before the stream was ever used
            DualChannelStream.close(self, abort=True)

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> object:
            # Only reached for attributes not set yet: the stream's, before first use.
            if "_stream_args" in self.__dict__:
                self._start_stream()
                return getattr(self, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # -- the stream's OS hooks -------------------------------------------------

    def _read_os(self, buffer: memoryview) -> int:
        tls = self._tls
        if tls is not None:
            return tls.read_into(self._live(), buffer)
        # With no timeout a read may block in the kernel, as on a plain socket
        # (cheaper than a poll per empty read); with one, MSG_DONTWAIT and the
        # stream polls until its deadline.
        flags = 0 if self.read_timeout is None else _DONTWAIT
        try:
            return self._live().recv_into(buffer, 0, flags)
        except (BlockingIOError, InterruptedError):
            raise
        except OSError as exc:
            raise socket_error_from(exc, "recv") from exc

    def _write_os(self, data: memoryview) -> int:
        tls = self._tls
        if tls is not None:
            return tls.write_from(self._live(), data, self.write_timeout)
        flags = _NOSIGNAL if self.write_timeout is None else _SEND_FLAGS
        try:
            return self._live().send(data, flags)
        except (BlockingIOError, InterruptedError):
            raise
        except OSError as exc:
            raise socket_error_from(exc, "send") from exc

    def _close_os(self) -> None:
        self._release()

    def _input_pending_os(self) -> bool:
        tls = self._tls
        return tls is not None and tls.input_pending()

    def _blocking_fd(self) -> bool:
        # The stream asks only when a deadline is set, and then every call here
        # passes MSG_DONTWAIT: it need not poll before each read, nor cut writes
        # to PIPE_BUF, whatever the fd's O_NONBLOCK flag.
        return False

    def close(self, abort: bool = False) -> None:
        """Flush pending output (unless ``abort``) and close; idempotent.

        Closing with unread input may make the OS send a reset to the peer.
        """
        sock = self._sock
        if sock is None:
            return
        if "_stream_args" in self.__dict__:
            # The stream was never used: nothing to flush. (Active sockets bind no
            # file to unlink, so this is all of _release.)
            self._sock = self._socket_fd = None
            sock.close()
            return
        try:
            tls = self._tls
            if isinstance(tls, TLSState) and not abort:
                try:
                    self.finish_output()
                finally:
                    tls.close_notify(sock)
            DualChannelStream.close(self, abort=abort)
        finally:
            self._release()

    # -- TLS ------------------------------------------------------------------

    def start_tls(
        self,
        context: ssl.SSLContext,
        *,
        server_side: bool = False,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> None:
        """Upgrade this connected stream socket to TLS in place (STARTTLS included).

        Pending output is flushed first and input already buffered is handed
        to TLS. Afterwards every stream operation goes through TLS. Raises
        TLSCertificateError when verification fails, TLSError for other TLS
        failures, StreamTimeoutError when the handshake outlasts ``timeout``.
        """
        if not isinstance(context, ssl.SSLContext):
            raise TypeError(f"context must be an ssl.SSLContext, not {context!r}")
        if self._tls is not None:
            raise ValueError("TLS is already running on this socket")
        if self.socket_type != "stream":
            raise ValueError("TLS runs on stream sockets only")
        sock = self._live()
        self.finish_output()
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        while not self.input_buffer_empty:
            incoming.write(self.read_some())
        obj = context.wrap_bio(
            incoming, outgoing, server_side=server_side, server_hostname=server_hostname
        )
        state = TLSState(obj, incoming, outgoing)
        state.handshake(sock, timeout)
        self._tls = state

    def unwrap_tls(self, timeout: float | None = None) -> None:
        """Send close_notify, wait for the peer's, and carry on in plain text."""
        tls = self._tls
        if tls is None:
            raise ValueError("TLS is not running on this socket")
        self.finish_output()
        leftover = tls.unwrap(self._live(), timeout)
        self._tls = None
        if leftover:
            self._tls = _Leftover(leftover)  # type: ignore[assignment]  # same three methods

    @property
    def tls_active(self) -> bool:
        """True while the stream runs through TLS."""
        return isinstance(self._tls, TLSState)

    @property
    def tls_version(self) -> str | None:
        """The negotiated TLS version ("TLSv1.3"), or None without TLS."""
        tls = self._tls
        return tls.info("version") if isinstance(tls, TLSState) else None  # type: ignore[return-value]  # a str

    @property
    def cipher(self) -> tuple[str, str, int] | None:
        """The negotiated ``(name, protocol, bits)``, or None without TLS."""
        tls = self._tls
        return tls.info("cipher") if isinstance(tls, TLSState) else None  # type: ignore[return-value]  # ssl's tuple

    @property
    def peer_certificate(self) -> dict[str, object] | None:
        """The peer's certificate as ``ssl.SSLSocket.getpeercert()`` gives it, or None."""
        tls = self._tls
        return tls.info("cert") if isinstance(tls, TLSState) else None  # type: ignore[return-value]  # ssl's dict

    def _option_set(self, name: str, value: object) -> None:
        if name == "receive_timeout":
            self.read_timeout = value or None  # type: ignore[assignment]  # checked by the option kind
        elif name == "send_timeout":
            self.write_timeout = value or None  # type: ignore[assignment]  # checked by the option kind

    def _io_timeout(self, event: Literal["read", "write"]) -> float | None:
        return self.read_timeout if event == "read" else self.write_timeout

    def _output_pending(self) -> bool:
        return "_stream_args" not in self.__dict__ and not self.output_buffer_empty

    def _before_fd_passing(self) -> None:
        if self._output_pending():
            self.finish_output()

    # The stream's timeouts, readable and settable before its first use without
    # building it (a datagram exchange may never use the stream at all).
    _early_read_timeout: float | None = None
    _early_write_timeout: float | None = None

    @property
    def read_timeout(self) -> float | None:
        """Seconds a read may wait for input (None: forever); then StreamTimeoutError."""
        if "_stream_args" in self.__dict__:
            return self._early_read_timeout
        return _STREAM_READ_TIMEOUT.__get__(self)  # type: ignore[no-any-return]  # the stream's property

    @read_timeout.setter
    def read_timeout(self, value: float | None) -> None:
        if "_stream_args" in self.__dict__:
            self._early_read_timeout = check_timeout(value, "read_timeout")
        else:
            _STREAM_READ_TIMEOUT.__set__(self, value)

    @property
    def write_timeout(self) -> float | None:
        """Seconds a write may wait for room (None: forever); then StreamTimeoutError."""
        if "_stream_args" in self.__dict__:
            return self._early_write_timeout
        return _STREAM_WRITE_TIMEOUT.__get__(self)  # type: ignore[no-any-return]  # the stream's property

    @write_timeout.setter
    def write_timeout(self, value: float | None) -> None:
        if "_stream_args" in self.__dict__:
            self._early_write_timeout = check_timeout(value, "write_timeout")
        else:
            _STREAM_WRITE_TIMEOUT.__set__(self, value)

    # -- connection ---------------------------------------------------------

    def connect(
        self, address: object, port: object = 0, wait: bool = True, timeout: float | None = None
    ) -> None:
        """Connect to ``address`` (and ``port`` for internet sockets).

        With ``wait`` false the connect is started and this returns at once
        (``is_connected`` turns True when it completes). With ``wait`` and a
        ``timeout``, SocketConnectionTimedOutError (a PollTimeout) when the
        connection is not established in time; the socket stays open.
        """
        sockaddr = self._sockaddr(address, port)
        sock = self._live()
        sock.setblocking(False)
        connect_socket(sock, sockaddr, wait, timeout)

    def shutdown(self, read: bool = False, write: bool = False) -> None:
        """Shut down reading and/or writing (pending output is flushed first).

        ValueError when neither ``read`` nor ``write`` is true.
        """
        how = _SHUT.get((bool(read), bool(write)))
        if how is None:
            raise ValueError("shutdown needs read=True and/or write=True")
        if write and self._output_pending():
            self.finish_output()
        try:
            self._live().shutdown(how)
        except OSError as exc:
            raise socket_error_from(exc, "shutdown") from exc

    def send_file(self, file: object, offset: int = 0, count: int | None = None) -> int:
        """Send ``count`` bytes of ``file`` from ``offset`` (None: to its end); return the count.

        Pending output is flushed first; then os.sendfile copies in the kernel
        on stream sockets, or a buffered copy runs where sendfile is refused or
        ``file`` (a descriptor, or an object with fileno() or read()) has no
        descriptor. Waits are bounded by write_timeout.
        """
        return _send_file(self, file, offset, count)

    # -- messages -------------------------------------------------------------

    def send_to(  # noqa: PLR0917 - the API fixes IOLib's argument order
        self,
        buffer: object,
        start: int = 0,
        end: int | None = None,
        remote_host: object = None,
        remote_port: object = None,
        remote_filename: object = None,
        out_of_band: bool = False,
        dont_wait: bool = False,
        dont_route: bool = False,
        confirm: bool = False,
        more: bool = False,
    ) -> int:
        """Send ``buffer[start:end]`` in one call; return the count sent.

        The destination (remote_host / remote_port, or remote_filename) is for
        unconnected datagram sockets. Flags: out_of_band (MSG_OOB), dont_wait
        (MSG_DONTWAIT: SocketWouldBlockError instead of waiting), dont_route,
        confirm (Linux, datagram), more (Linux). Pending stream output is
        flushed first so the order of bytes is kept.
        """
        view = _byte_view(buffer, writable=False)
        lo, hi = _bounds(len(view), start, end)
        target = self._destination(remote_host, remote_port, remote_filename)
        flags = _SEND_FLAGS
        if out_of_band:
            flags |= int(socket.MSG_OOB)
        if dont_route:
            flags |= int(socket.MSG_DONTROUTE)
        if confirm:
            flags |= int(socket.MSG_CONFIRM)
        if more:
            flags |= int(socket.MSG_MORE)
        if self._output_pending():
            self.finish_output()
        sock = self._live()
        data = view[lo:hi]
        while True:
            try:
                if target is None:
                    return sock.send(data, flags)
                return sock.sendto(data, flags, target)
            except BlockingIOError as exc:
                if dont_wait:
                    raise SocketWouldBlockError(exc.errno, "send would block", "sendto") from exc
                wait_ready(sock.fileno(), "write", self.write_timeout)
            except InterruptedError:
                continue
            except OSError as exc:
                raise socket_error_from(exc, "sendto") from exc

    # The result's shape follows the family mixin: these overloads let a type
    # checker read it off the socket's class, so callers need no isinstance.
    @overload
    def receive_from(
        self: _InetReceiving,
        buffer: bytearray | memoryview | None = None,
        size: int | None = None,
        start: int = 0,
        end: int | None = None,
        out_of_band: bool = False,
        peek: bool = False,
        wait_all: bool = False,
        dont_wait: bool = False,
    ) -> InetReceived: ...
    @overload
    def receive_from(
        self: _LocalReceiving,
        buffer: bytearray | memoryview | None = None,
        size: int | None = None,
        start: int = 0,
        end: int | None = None,
        out_of_band: bool = False,
        peek: bool = False,
        wait_all: bool = False,
        dont_wait: bool = False,
    ) -> LocalReceived: ...
    @overload
    def receive_from(
        self,
        buffer: bytearray | memoryview | None = None,
        size: int | None = None,
        start: int = 0,
        end: int | None = None,
        out_of_band: bool = False,
        peek: bool = False,
        wait_all: bool = False,
        dont_wait: bool = False,
    ) -> InetReceived | LocalReceived: ...

    def receive_from(  # noqa: PLR0917 - the API fixes IOLib's argument order
        self,
        buffer: bytearray | memoryview | None = None,
        size: int | None = None,
        start: int = 0,
        end: int | None = None,
        out_of_band: bool = False,
        peek: bool = False,
        wait_all: bool = False,
        dont_wait: bool = False,
    ) -> InetReceived | LocalReceived:
        """Receive into ``buffer[start:end]`` (or a new bytearray of ``size``).

        Returns ``(buffer, nbytes, host, port)`` on internet sockets and
        ``(buffer, nbytes, filename)`` on local ones, naming the sender.
        Flags: out_of_band, peek, wait_all (a stream socket keeps reading
        until the range is full or EOF), dont_wait (SocketWouldBlockError
        when nothing is there). Bytes already in the stream's input buffer
        are not seen here.
        """
        if buffer is None:
            if size is None:
                size = 65507
            if isinstance(size, bool) or not isinstance(size, int):
                raise TypeError(f"size must be an int, not {size!r}")
            if size < 0:
                raise ValueError(f"size must be >= 0, not {size}")
            buffer = bytearray(size)
        elif size is not None:
            raise TypeError("give buffer or size, not both")
        view = _byte_view(buffer, writable=True)
        lo, hi = _bounds(len(view), start, end)
        flags = _DONTWAIT
        if out_of_band:
            flags |= int(socket.MSG_OOB)
        if peek:
            flags |= int(socket.MSG_PEEK)
        sock = self._live()
        total, sockaddr = 0, None
        while True:
            try:
                count, sockaddr = sock.recvfrom_into(view[lo + total : hi], 0, flags)
            except BlockingIOError as exc:
                if dont_wait:
                    raise SocketWouldBlockError(
                        exc.errno, "nothing to receive", "recvfrom"
                    ) from exc
                wait_ready(sock.fileno(), "read", self.read_timeout)
                continue
            except InterruptedError:
                continue
            except OSError as exc:
                raise socket_error_from(exc, "recvfrom") from exc
            total += count
            if not wait_all or count == 0 or lo + total >= hi or self.socket_type != "stream":
                return self._received(buffer, total, sockaddr)
