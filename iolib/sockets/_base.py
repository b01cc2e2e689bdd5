"""The socket protocol: the Socket base class, its type mixins and its result tuples.

:class:`Socket` owns one stdlib socket object (so one descriptor) and closes it
exactly once; it declares the hooks the family mixins (``_family.py``) and the
role mixins (``_active.py``, ``_passive.py``) implement. :class:`StreamSocket`
and :class:`DatagramSocket` add the type axis, as IOLib's mixins do.
"""

from __future__ import annotations

import os
import socket
import stat
import warnings
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, Literal, NamedTuple, Self, overload

from iolib.address import InetAddress, LocalAddress
from iolib.sockets import _fdpass
from iolib.sockets._errors import (
    socket_error_from,
)
from iolib.sockets._options import (
    BoolOptionName,
    IntOptionName,
    Linger,
    OptionValue,
    TimevalOptionName,
    buffer_size,
    decode_option,
    encode_option,
    lookup_option,
)

if TYPE_CHECKING:
    from iolib.sockets._sockaddr import InetSockaddr, LocalSockaddr

__all__ = [
    "Credentials",
    "DatagramSocket",
    "InetName",
    "InetReceived",
    "LocalReceived",
    "ReceivedDescriptors",
    "Socket",
    "SocketState",
    "StreamSocket",
    "closed_error",
]

SocketState = Literal["read", "write", "read-write"] | None
"""usocket's socket-state: what the last wait_for_input found (None: not ready)."""


class InetName(NamedTuple):
    """An internet socket's name: its host address and port."""

    host: InetAddress
    port: int


class Credentials(NamedTuple):
    """The process credentials of a local socket's peer (SO_PEERCRED)."""

    pid: int
    uid: int
    gid: int


class InetReceived(NamedTuple):
    """What receive_from returns on an internet socket (host and port None on a stream)."""

    buffer: bytearray | memoryview
    nbytes: int
    host: InetAddress | None
    port: int | None


class LocalReceived(NamedTuple):
    """What receive_from returns on a local socket (filename None for an unnamed sender)."""

    buffer: bytearray | memoryview
    nbytes: int
    filename: LocalAddress | None


class ReceivedDescriptors(NamedTuple):
    """Descriptors received in one message, and the message's data bytes."""

    fds: list[int]
    data: bytes


def closed_error() -> ValueError:
    """The error for an operation on a closed socket (a ValueError, as for closed files)."""
    return ValueError("operation on a closed socket")


class Socket:
    """Base class of every iolib socket: one OS descriptor, closed exactly once.

    Instances come from :func:`make_socket`, :func:`make_socket_from_fd`,
    :func:`make_socket_pair` and ``accept_connection``. Every socket is a
    context manager; ``close()`` is idempotent.
    """

    socket_type: ClassVar[Literal["stream", "datagram"]]
    # Class-level defaults: an instance sets only what differs (cheaper to build).
    _sock: socket.socket | None = None
    _socket_fd: int | None = None
    _is_ipv6: bool = False
    _bound_file: tuple[str, int, int] | None = None
    state: SocketState = None
    """What the last ``wait_for_input`` found: "read", or None (also before any wait)."""

    def __init__(self, sock: socket.socket, *, ipv6: bool = False) -> None:
        self._sock = sock
        self._socket_fd = sock.fileno()
        if ipv6:
            self._is_ipv6 = True

    # -- descriptor ownership -------------------------------------------------

    def _live(self) -> socket.socket:
        sock = self._sock
        if sock is None:
            raise closed_error()
        return sock

    def _release(self) -> None:
        """Unlink the socket file this socket bound (if still ours), then close the fd."""
        sock = self._sock
        if sock is None:
            return
        self._sock = None
        self._socket_fd = None
        bound = self._bound_file
        if bound is None:
            sock.close()
            return
        self._bound_file = None
        try:
            _unlink_if_same(*bound)
        finally:
            sock.close()

    def close(self, abort: bool = False) -> None:
        """Close the socket (idempotent); a passive local socket also unlinks its file."""
        self._release()

    @property
    def closed(self) -> bool:
        """True once the socket is closed."""
        return self._sock is None

    def fileno(self) -> int:
        """Return the descriptor; ValueError once closed."""
        fd = self._socket_fd
        if fd is None:
            raise closed_error()
        return fd

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(abort=exc is not None)

    def __del__(self) -> None:
        if self._sock is not None:
            warnings.warn(f"unclosed socket {self!r}", ResourceWarning, stacklevel=2)
            self._release()

    def __repr__(self) -> str:
        state = f"fd={self._socket_fd}" if self._sock is not None else "closed"
        return f"<{type(self).__name__} {state}>"

    # -- accessors ------------------------------------------------------------

    @property
    def os_fd(self) -> int | None:
        """The OS descriptor, or None once closed."""
        return self._socket_fd

    @property
    def is_open(self) -> bool:
        """True until the socket is closed."""
        return self._sock is not None

    @property
    def ipv6(self) -> bool:
        """True for an AF_INET6 socket (False on local sockets)."""
        return self._is_ipv6

    @property
    def address_family(self) -> Literal["ipv4", "ipv6", "local"]:
        """The socket's family: "ipv4", "ipv6" or "local"."""
        raise NotImplementedError

    @property
    def protocol(self) -> int:
        """The protocol number (IPPROTO_TCP, IPPROTO_UDP, or 0 for local sockets)."""
        raise NotImplementedError

    @property
    def is_connected(self) -> bool:
        """True when the OS reports a peer (asked each time; False once closed)."""
        sock = self._sock
        if sock is None:
            return False
        try:
            sock.getpeername()
        except OSError:
            return False
        return True

    # -- options --------------------------------------------------------------

    @overload
    def get_option(self, name: BoolOptionName) -> bool: ...
    @overload
    def get_option(self, name: IntOptionName) -> int: ...
    @overload
    def get_option(self, name: TimevalOptionName) -> float: ...
    @overload
    def get_option(self, name: Literal["linger"]) -> Linger: ...
    @overload
    def get_option(self, name: Literal["bind_to_device"]) -> str: ...
    @overload
    def get_option(self, name: str) -> OptionValue: ...

    def get_option(self, name: str) -> OptionValue:
        """Return option ``name`` (an IOLib option name in snake_case) as a Python value.

        Raises TypeError / ValueError for a bad or unknown name, a SocketError
        subclass when the OS refuses (SocketOptionNotSupportedError ...).
        """
        spec = lookup_option(name)
        sock = self._live()
        try:
            raw = sock.getsockopt(spec.level, spec.option, buffer_size(spec))
        except OSError as exc:
            raise socket_error_from(exc, f"getsockopt({name})") from exc
        return decode_option(spec, raw)

    def set_option(self, name: str, value: object) -> None:
        """Set option ``name`` to ``value``; TypeError / ValueError for a bad name or value."""
        spec = lookup_option(name)
        if not spec.writable:
            raise ValueError(f"socket option {name!r} is read-only")
        encoded = encode_option(spec, value)
        sock = self._live()
        try:
            sock.setsockopt(spec.level, spec.option, encoded)
        except OSError as exc:
            raise socket_error_from(exc, f"setsockopt({name})") from exc
        self._option_set(spec.name, value)

    def _option_set(self, name: str, value: object) -> None:
        """Hook for options that also change iolib state (the stream timeouts)."""

    def _io_timeout(self, event: Literal["read", "write"]) -> float | None:
        """Seconds a blocking operation may wait for ``event`` (the stream's timeouts)."""
        return None

    def _before_fd_passing(self) -> None:
        """Hook: an active socket flushes its output buffer first."""

    def _output_pending(self) -> bool:
        """Hook: True when an active socket's output buffer holds unsent bytes."""
        return False

    def _sockaddr(self, address: object, port: object) -> InetSockaddr | LocalSockaddr:
        """Return the OS address for a designator (the family mixins implement it)."""
        raise NotImplementedError

    def _destination(
        self, remote_host: object, remote_port: object, remote_filename: object
    ) -> InetSockaddr | LocalSockaddr | None:
        """Return send_to's destination, or None for the connected peer."""
        raise NotImplementedError

    def _received(
        self, buffer: bytearray | memoryview, nbytes: int, sockaddr: object
    ) -> InetReceived | LocalReceived:
        """Build receive_from's result from the OS's sender address."""
        raise NotImplementedError

    def getsockopt(self, level: int, option: int, buflen: int = 0) -> int | bytes:
        """Return the raw option: an int when ``buflen`` is 0, else up to ``buflen`` bytes."""
        sock = self._live()
        try:
            return (
                sock.getsockopt(level, option, buflen) if buflen else sock.getsockopt(level, option)
            )
        except OSError as exc:
            raise socket_error_from(exc, "getsockopt") from exc

    def setsockopt(self, level: int, option: int, value: int | bytes) -> None:
        """Set a raw option from an int or bytes."""
        sock = self._live()
        try:
            sock.setsockopt(level, option, value)
        except OSError as exc:
            raise socket_error_from(exc, "setsockopt") from exc

    # -- binding (family mixins supply the address conversion) ---------------

    def _bind_sockaddr(
        self, sockaddr: InetSockaddr | LocalSockaddr, reuse_address: bool, what: str
    ) -> None:
        sock = self._live()
        try:
            if reuse_address:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(sockaddr)
        except OSError as exc:
            raise socket_error_from(exc, f"bind({what})") from exc


def _unlink_if_same(path: str, dev: int, ino: int) -> None:
    """Remove socket file ``path`` only while it is still the inode this process bound."""
    try:
        info = os.lstat(path)
        if stat.S_ISSOCK(info.st_mode) and (info.st_dev, info.st_ino) == (dev, ino):
            os.unlink(path)
    except OSError:
        return


class StreamSocket(Socket):
    """Mixin for sockets of type SOCK_STREAM."""

    socket_type: ClassVar[Literal["stream", "datagram"]] = "stream"


class DatagramSocket(Socket):
    """Mixin for sockets of type SOCK_DGRAM."""

    socket_type: ClassVar[Literal["stream", "datagram"]] = "datagram"

    def disconnect(self) -> None:
        """Dissolve the default peer of a datagram socket (connect to AF_UNSPEC)."""
        sock = self._live()
        try:
            _fdpass.disconnect(sock.fileno())
        except OSError as exc:
            raise socket_error_from(exc, "disconnect") from exc
