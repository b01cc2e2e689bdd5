"""Passive sockets: listeners that accept connections into new active sockets."""

from __future__ import annotations

import os
import socket
import ssl
import time
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol, TypeVar, overload

from iolib.multiplex import PollTimeout, wait_until_fd_ready
from iolib.sockets._active import check_stream_args
from iolib.sockets._base import Socket
from iolib.sockets._errors import socket_error_from

if TYPE_CHECKING:
    from iolib.sockets._active import ActiveSocket

__all__ = ["DEFAULT_BACKLOG", "MAX_BACKLOG", "PassiveSocket", "check_backlog"]

# IOLib's *default-backlog-size* and +max-backlog-size+.
DEFAULT_BACKLOG = 5
MAX_BACKLOG = socket.SOMAXCONN


def check_backlog(backlog: object) -> int:
    """Return the backlog to use (None: the default); TypeError outside 1..SOMAXCONN."""
    if backlog is None:
        return DEFAULT_BACKLOG
    if isinstance(backlog, bool) or not isinstance(backlog, int):
        raise TypeError(f"backlog must be an int or None, not {backlog!r}")
    if not 1 <= backlog <= MAX_BACKLOG:
        raise TypeError(f"backlog must be in 1..{MAX_BACKLOG}, not {backlog}")
    return backlog


_A_co = TypeVar("_A_co", bound="ActiveSocket", covariant=True)


class _Accepting(Protocol[_A_co]):
    """A listener whose connections are ``_A_co`` (the self type of accept_connection)."""

    @property
    def _ACTIVE_CLASS(self) -> type[_A_co]: ...


class PassiveSocket(Socket):
    """Mixin class for passive (server) sockets: bind, listen, accept; not a stream."""

    _ACTIVE_CLASS: ClassVar[type[ActiveSocket]]
    external_format: object
    _listening: bool
    _family: int
    _kind: int

    def __init__(
        self,
        sock: socket.socket,
        *,
        ipv6: bool = False,
        external_format: object = "utf-8",
        listening: bool = False,
    ) -> None:
        check_stream_args(external_format, None, None)  # accepted sockets will use it
        super().__init__(sock, ipv6=ipv6)
        self.external_format = external_format
        self._listening = listening
        self._family = int(sock.family)
        self._kind = int(sock.type)

    def _unlinks_on_close(self) -> bool:
        return True

    @property
    def is_listening(self) -> bool:
        """True once listen_on has succeeded."""
        return self._listening and self._sock is not None

    def listen_on(self, backlog: int | None = None) -> None:
        """Start accepting connections, queueing up to ``backlog`` (default 5)."""
        size = check_backlog(backlog)
        try:
            self._live().listen(size)
        except OSError as exc:
            raise socket_error_from(exc, "listen") from exc
        self._listening = True

    # The class accepted is the listener's _ACTIVE_CLASS, and a wait without a
    # timeout always ends with a connection (or an error): overloads say both.
    @overload
    def accept_connection(
        self: _Accepting[_A_co],
        wait: Literal[True] = True,
        timeout: None = None,
        external_format: object = None,
        *,
        input_buffer_size: int | None = None,
        output_buffer_size: int | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> _A_co: ...
    @overload
    def accept_connection(
        self: _Accepting[_A_co],
        wait: bool = True,
        timeout: float | None = None,
        external_format: object = None,
        *,
        input_buffer_size: int | None = None,
        output_buffer_size: int | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> _A_co | None: ...

    def accept_connection(
        self,
        wait: bool = True,
        timeout: float | None = None,
        external_format: object = None,
        *,
        input_buffer_size: int | None = None,
        output_buffer_size: int | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> ActiveSocket | None:
        """Return the next pending connection as an active socket, or None.

        None when ``wait`` is false and nothing is pending, or when ``timeout``
        seconds pass first. ``external_format`` defaults to the listener's.
        With ``tls`` the server side of a TLS handshake runs on the new socket
        (bounded by ``timeout`` too); it is closed if the handshake fails.
        """
        sock = self._sock
        if sock is None:
            raise ValueError("operation on a closed socket")
        deadline: float | None = None
        while True:
            try:
                # _accept is accept4(2) without socket.accept's enum conversions.
                fd, _ = sock._accept()  # type: ignore[attr-defined]  # CPython's _socket.socket
                break
            except BlockingIOError:
                if not wait:
                    return None
                if timeout is not None:
                    now = time.monotonic()
                    if deadline is None:
                        deadline = now + timeout
                    elif now >= deadline:
                        return None
                try:
                    wait_until_fd_ready(
                        sock.fileno(), "read", None if deadline is None else deadline - now
                    )
                except PollTimeout:
                    return None
            except InterruptedError:
                continue
            except OSError as exc:
                raise socket_error_from(exc, "accept") from exc
        try:
            conn = socket.socket(self._family, self._kind, 0, fd)
        except BaseException:
            os.close(fd)
            raise
        try:
            made = self._ACTIVE_CLASS(
                conn,
                ipv6=self._is_ipv6,
                external_format=self.external_format
                if external_format is None
                else external_format,
                input_buffer_size=input_buffer_size,
                output_buffer_size=output_buffer_size,
            )
        except BaseException:
            conn.close()
            raise
        if tls is not None:
            try:
                made.start_tls(tls, server_side=True, timeout=timeout)
            except BaseException:
                made.close(abort=True)
                raise
        return made
