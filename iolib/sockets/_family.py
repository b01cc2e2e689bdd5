"""The family mixins: internet (IPv4 / IPv6) and local (Unix-domain) sockets.

Each owns every conversion between its address designators and the OS's
address tuples, its names (host and port, or filename), and, for local
sockets, descriptor passing and peer credentials.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import struct
from typing import TYPE_CHECKING, Literal

from iolib.address import InetAddress, LocalAddress
from iolib.sockets import _fdpass
from iolib.sockets._base import (
    Credentials,
    InetName,
    InetReceived,
    LocalReceived,
    ReceivedDescriptors,
    Socket,
    closed_error,
)
from iolib.sockets._designators import (
    Ipv6Preference,
    ensure_filename,
    resolve_host,
    resolve_port,
)
from iolib.sockets._errors import SocketAddressInUseError, socket_error_from
from iolib.sockets._sockaddr import (
    inet_from_sockaddr,
    inet_host_text,
    local_from_sockaddr,
    local_sockaddr,
)

if TYPE_CHECKING:
    from iolib.sockets._sockaddr import InetSockaddr, LocalSockaddr

__all__ = ["InternetSocket", "LocalSocket"]

# Plain ints: the socket module's flag enums make every "|" and "&" a Python call.
_SOL_SOCKET = int(socket.SOL_SOCKET)
_SCM_RIGHTS = int(socket.SCM_RIGHTS)
_FD_MARKER = [b"\0"]
_FD_SEND = int(socket.MSG_NOSIGNAL | socket.MSG_DONTWAIT)
_FD_RECEIVE = int(socket.MSG_CMSG_CLOEXEC | socket.MSG_DONTWAIT)
_CTRUNC = int(socket.MSG_CTRUNC)
_pack_fd = struct.Struct("i").pack
_unpack_fd = struct.Struct("i").unpack


class InternetSocket(Socket):
    """Mixin for sockets of domain AF_INET or AF_INET6."""

    @property
    def address_family(self) -> Literal["ipv4", "ipv6", "local"]:
        """ "ipv6" for an AF_INET6 socket, else "ipv4"."""
        return "ipv6" if self._is_ipv6 else "ipv4"

    @property
    def protocol(self) -> int:
        """IPPROTO_TCP for stream sockets, IPPROTO_UDP for datagram ones."""
        return socket.IPPROTO_TCP if self.socket_type == "stream" else socket.IPPROTO_UDP

    def _host_preference(self) -> Ipv6Preference:
        return self._is_ipv6

    def _sockaddr(self, host: object, port: object) -> InetSockaddr:
        """Return the OS address tuple for a host and port designator on this socket."""
        proto = "tcp" if self.socket_type == "stream" else "udp"
        number = resolve_port(port, proto)
        address = resolve_host(host, self._host_preference())[0]
        return (inet_host_text(address, self._is_ipv6), number)

    def _destination(
        self, remote_host: object, remote_port: object, remote_filename: object
    ) -> InetSockaddr | None:
        if remote_filename is not None:
            raise TypeError("remote_filename is for local sockets")
        if remote_host is None:
            if remote_port is not None:
                raise TypeError("remote_port needs remote_host")
            return None
        if remote_port is None:
            raise TypeError("remote_host needs remote_port")
        return self._sockaddr(remote_host, remote_port)

    def _received(
        self, buffer: bytearray | memoryview, nbytes: int, sockaddr: object
    ) -> InetReceived:
        if isinstance(sockaddr, tuple) and len(sockaddr) >= 2:
            host, port = inet_from_sockaddr(sockaddr)
            return InetReceived(buffer, nbytes, host, port)
        return InetReceived(buffer, nbytes, None, None)

    def bind_address(self, address: object, port: object = 0, reuse_address: bool = True) -> None:
        """Bind to host ``address`` and ``port``; SocketAddressInUseError if taken.

        ``reuse_address`` sets SO_REUSEADDR first.
        """
        sockaddr = self._sockaddr(address, port)
        self._bind_sockaddr(sockaddr, reuse_address, f"{sockaddr[0]}:{sockaddr[1]}")

    def _name(self, which: Literal["local", "remote"]) -> InetName:
        sock = self._live()
        try:
            raw = sock.getsockname() if which == "local" else sock.getpeername()
        except OSError as exc:
            raise socket_error_from(
                exc, f"get{'sock' if which == 'local' else 'peer'}name"
            ) from exc
        host, port = inet_from_sockaddr(raw)
        return InetName(host, port)

    @property
    def local_name(self) -> InetName:
        """``(host, port)`` the socket is bound to."""
        return self._name("local")

    @property
    def local_host(self) -> InetAddress:
        """The local address."""
        return self._name("local").host

    @property
    def local_port(self) -> int:
        """The local port."""
        return self._name("local").port

    @property
    def remote_name(self) -> InetName:
        """``(host, port)`` of the peer; SocketNotConnectedError when there is none."""
        return self._name("remote")

    @property
    def remote_host(self) -> InetAddress:
        """The peer's address; SocketNotConnectedError when there is none."""
        return self._name("remote").host

    @property
    def remote_port(self) -> int:
        """The peer's port; SocketNotConnectedError when there is none."""
        return self._name("remote").port


class LocalSocket(Socket):
    """Mixin for sockets of domain AF_LOCAL (Unix-domain paths and abstract names)."""

    @property
    def address_family(self) -> Literal["ipv4", "ipv6", "local"]:
        """Always "local"."""
        return "local"

    @property
    def protocol(self) -> int:
        """Always 0."""
        return 0

    def _sockaddr(self, filename: object, port: object = None) -> LocalSockaddr:
        """Return the OS address for a filename designator (the port is ignored)."""
        return local_sockaddr(ensure_filename(filename))

    def _destination(
        self, remote_host: object, remote_port: object, remote_filename: object
    ) -> LocalSockaddr | None:
        if remote_host is not None or remote_port is not None:
            raise TypeError("remote_host / remote_port are for internet sockets")
        return None if remote_filename is None else self._sockaddr(remote_filename)

    def _received(
        self, buffer: bytearray | memoryview, nbytes: int, sockaddr: object
    ) -> LocalReceived:
        return LocalReceived(buffer, nbytes, local_from_sockaddr(sockaddr))

    def bind_address(self, address: object, port: object = 0, reuse_address: bool = True) -> None:
        """Bind to the socket file or abstract name ``address``.

        A path that exists is never replaced unless it is a stale socket file
        (nothing accepts there) and ``reuse_address`` is true; otherwise
        SocketAddressInUseError. A passive socket remembers the inode it bound
        and unlinks it on close while it is still there.
        """
        target = ensure_filename(address)
        sockaddr = local_sockaddr(target)
        try:
            self._bind_sockaddr(sockaddr, False, repr(target.name))
        except SocketAddressInUseError:
            if target.abstract or not reuse_address or not _is_stale_socket(target.name):
                raise
            try:
                os.unlink(target.name)
            except OSError as exc:
                raise socket_error_from(exc, f"unlink({target.name!r})") from exc
            self._bind_sockaddr(sockaddr, False, repr(target.name))
        if not target.abstract and self._unlinks_on_close():
            try:
                info = os.stat(target.name)
            except OSError:
                return
            self._bound_file = (target.name, info.st_dev, info.st_ino)

    def _unlinks_on_close(self) -> bool:
        return False

    def _filename(self, which: Literal["local", "remote"]) -> LocalAddress | None:
        sock = self._live()
        try:
            raw = sock.getsockname() if which == "local" else sock.getpeername()
        except OSError as exc:
            raise socket_error_from(
                exc, f"get{'sock' if which == 'local' else 'peer'}name"
            ) from exc
        return local_from_sockaddr(raw)

    @property
    def local_name(self) -> LocalAddress | None:
        """The file or abstract name bound; None when unnamed."""
        return self._filename("local")

    @property
    def local_filename(self) -> LocalAddress | None:
        """The file or abstract name bound; None when unnamed."""
        return self._filename("local")

    @property
    def remote_name(self) -> LocalAddress | None:
        """The peer's file or abstract name; None for an unnamed peer."""
        return self._filename("remote")

    @property
    def remote_filename(self) -> LocalAddress | None:
        """The peer's file or abstract name; None for an unnamed peer."""
        return self._filename("remote")

    @property
    def peer_credentials(self) -> Credentials:
        """``Credentials(pid, uid, gid)`` of the connected peer (SO_PEERCRED)."""
        sock = self._live()
        try:
            pid, uid, gid = _fdpass.peer_credentials(sock)
        except OSError as exc:
            raise socket_error_from(exc, "getsockopt(SO_PEERCRED)") from exc
        return Credentials(pid, uid, gid)

    def send_file_descriptor(self, fd: int) -> None:
        """Send descriptor ``fd`` (with one data byte) to the peer; it stays open here."""
        sock = self._sock
        # The common case in one sendmsg; anything unusual takes the general path.
        if sock is not None and type(fd) is int and fd >= 0 and not self._output_pending():
            try:
                sock.sendmsg(_FD_MARKER, [(_SOL_SOCKET, _SCM_RIGHTS, _pack_fd(fd))], _FD_SEND)
                return
            except OSError:
                pass
        self.send_file_descriptors((fd,))

    def send_file_descriptors(self, fds: object, data: bytes = b"\0") -> None:
        """Send several descriptors in one message with ``data`` (at least one byte)."""
        checked = _fdpass.check_fds(fds)
        self._before_fd_passing()
        _fdpass.send_fds(self._live(), checked, data, self._io_timeout("write"))

    def receive_file_descriptor(self) -> int:
        """Receive one descriptor sent with send_file_descriptor; the caller owns it.

        Extra descriptors in the message are closed. Raises
        SocketControlTruncatedError (after closing what arrived) when the
        kernel cut the descriptors off, SocketNoFileDescriptorError when the
        message carried none or the peer closed.
        """
        sock = self._sock
        if sock is None:
            raise closed_error()
        try:
            data, ancillary, flags, _ = sock.recvmsg(1, _fdpass.ONE_FD_ROOM, _FD_RECEIVE)
        except OSError:
            return _fdpass.receive_one_fd(sock, self._io_timeout("read"))
        if not flags & _CTRUNC and len(ancillary) == 1:
            level, kind, payload = ancillary[0]
            if level == _SOL_SOCKET and kind == _SCM_RIGHTS and len(payload) == 4:
                return _unpack_fd(payload)[0]  # type: ignore[no-any-return]  # struct gives int
        return _fdpass.first_fd(data, ancillary, flags)

    def receive_file_descriptors(self, max_fds: int = 16) -> ReceivedDescriptors:
        """Receive up to ``max_fds`` descriptors and the data sent with them."""
        fds, data = _fdpass.receive_fds(self._live(), max_fds, self._io_timeout("read"))
        return ReceivedDescriptors(fds, data)


def _is_stale_socket(path: str) -> bool:
    """True when ``path`` is a socket file that nothing accepts connections on."""
    try:
        if not stat.S_ISSOCK(os.lstat(path).st_mode):
            return False
    except OSError:
        return False
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
    except OSError as exc:
        return exc.errno == errno.ECONNREFUSED
    finally:
        probe.close()
    return False
