"""usocket's socket-server: a TCP or UDP server calling a handler per connection or datagram."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Literal

from iolib._errors import IolibError
from iolib.address import Address
from iolib.multiplex import EventBase
from iolib.multiplex._timers import check_timeout
from iolib.sockets._active import ActiveSocket
from iolib.sockets._base import InetReceived, Socket
from iolib.sockets._convenience import MAX_DATAGRAM_PACKET_SIZE, socket_connect, socket_listen
from iolib.sockets._errors import SocketError, SocketWouldBlockError
from iolib.sockets._family import InternetSocket
from iolib.sockets._passive import PassiveSocket

__all__ = ["ServerHandle", "ServerStopTimeout", "remote_host", "remote_port", "socket_server"]

_log = logging.getLogger("iolib.sockets.server")

remote_host: contextvars.ContextVar[Address | None] = contextvars.ContextVar(
    "remote_host", default=None
)
"""Inside a socket_server handler: the peer's address (usocket's ``*remote-host*``)."""

remote_port: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "remote_port", default=None
)
"""Inside a socket_server handler: the peer's port (usocket's ``*remote-port*``)."""

# usocket listens with 5; a burst of clients then overflows the backlog and
# their SYNs are dropped, to be retried only a second later.
_BACKLOG = 512
_JOIN_TIMEOUT = 10.0
# The pause after an accept or receive error (EMFILE, ENOBUFS ...): doubled per failure in a row.
_PAUSE_FIRST = 0.05
_PAUSE_MAX = 1.0


def _errnos(*names: str) -> frozenset[int]:
    return frozenset(getattr(errno, name) for name in names if hasattr(errno, name))


# accept(2) on Linux passes on a queued client's network error: that client is
# gone, the next one may be fine, so accept again at once.
_CLIENT_LEFT_BEFORE_ACCEPT = _errnos(
    "ECONNABORTED",
    "EPROTO",
    "EPERM",
    "ENETDOWN",
    "ENOPROTOOPT",
    "EHOSTDOWN",
    "ENONET",
    "EHOSTUNREACH",
    "EOPNOTSUPP",
    "ENETUNREACH",
)


class ServerStopTimeout(IolibError, TimeoutError):
    """``ServerHandle.stop`` gave up waiting for the server thread to finish."""


class _Server:
    """The serving loop shared by the TCP and UDP servers; runs in one thread."""

    def __init__(
        self,
        sock: Socket,
        handler: Callable[..., Any],
        args: tuple[Any, ...],
        *,
        stream: bool,
        multi_threading: bool,
        timeout: float | None,
        max_buffer_size: int,
    ) -> None:
        self.socket = sock
        self.handler = handler
        self.args = args
        self.stream = stream
        self.multi_threading = multi_threading
        self.timeout = timeout
        self.max_buffer_size = max_buffer_size
        self.base = EventBase()
        self.lock = threading.Lock()
        self.stopping = False
        self.connections: set[ActiveSocket] = set()
        self.workers: set[threading.Thread] = set()
        self._prune_at = 64
        # Consecutive accept or receive failures: the pause before the next try grows with it.
        self.failures = 0
        # One more byte than a datagram may have: a longer one shows as max_buffer_size + 1.
        self.buffer = bytearray(0 if stream else max_buffer_size + 1)

    # -- the loop ----------------------------------------------------------------

    def serve(self) -> None:
        """Dispatch until ``stop``; closes the socket, the event base and every connection."""
        try:
            self._watch()
            while not self.stopping:
                self.base.event_dispatch()
        finally:
            self._shut_down()

    def _watch(self) -> None:
        """(Re)start watching the socket for clients or datagrams."""
        if self.stopping or self.base.closed:
            return
        fd = self.socket.os_fd
        try:
            if fd is None:
                raise ValueError("the server's socket is closed")
            on_ready = self._on_connection if self.stream else self._on_datagram
            self.base.set_io_handler(fd, "read", on_ready)
        except ValueError:  # closed behind the server's back: nothing left to serve
            self.stopping = True
            self.base.exit_event_loop()

    def _pause(self, fd: int, what: str, error: OSError) -> None:
        """Stop watching ``fd`` for a while after ``error``, so that a lasting one does not spin.

        A listener out of descriptors (EMFILE) stays readable: retrying at
        once would loop at full speed and flood the log. The pause doubles
        with each failure in a row; only the first of a run is logged.
        """
        delay = min(_PAUSE_MAX, _PAUSE_FIRST * 2 ** min(self.failures, 8))
        level = logging.WARNING if self.failures == 0 else logging.DEBUG
        self.failures += 1
        _log.log(level, "socket_server could not %s (%s); retrying in %.2f s", what, error, delay)
        self.base.remove_fd_handlers(fd, read=True)
        self.base.add_timer(self._watch, delay)

    def stop(self) -> None:
        """Ask the loop to end and every connection to end; callable from any thread."""
        with self.lock:
            self.stopping = True
        self._hang_up()
        self.base.exit_event_loop()

    def _hang_up(self) -> None:
        """Shut every open connection down both ways, so that its handler returns.

        A handler blocked reading sees EOF, one blocked writing to a client
        that does not read gets an error. This is the OS-level shutdown, not
        ``conn.shutdown``, which would first flush the output buffer from this
        thread into that same client.
        """
        # Under the lock a connection in the set is not closed yet (handlers
        # leave the set before closing), so its descriptor is still its own.
        with self.lock:
            for conn in self.connections:
                with contextlib.suppress(OSError, ValueError):
                    conn._live().shutdown(socket.SHUT_RDWR)

    def _shut_down(self) -> None:
        with self.lock:
            self.stopping = True
        self.base.close()
        self.socket.close()
        self._hang_up()
        with self.lock:
            workers = list(self.workers)
        deadline = time.monotonic() + _JOIN_TIMEOUT
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))

    # -- TCP ---------------------------------------------------------------------

    def _on_connection(self, fd: int, event: str, error: str | None) -> None:
        listener = self.socket
        assert isinstance(listener, PassiveSocket)
        while not self.stopping:
            try:
                conn = listener.accept_connection(wait=False)
            except SocketError as exc:
                if exc.errno in _CLIENT_LEFT_BEFORE_ACCEPT:
                    _log.debug("socket_server: a client left before it was accepted (%s)", exc)
                    continue
                self._pause(fd, "accept a connection", exc)
                return
            self.failures = 0
            if conn is None:
                return
            self._start(conn)

    def _start(self, conn: ActiveSocket) -> None:
        """Serve ``conn`` here or in a new thread; a client already gone is dropped quietly."""
        host: Address | None = None
        port: int | None = None
        if isinstance(conn, InternetSocket):
            try:
                host, port = conn.remote_name
            except SocketError as exc:  # ENOTCONN: it connected and reset before accept
                _log.debug("socket_server: a client left before it was served (%s)", exc)
                conn.close(abort=True)
                return
        with self.lock:
            if self.stopping:
                conn.close(abort=True)
                return
            self.connections.add(conn)
        context = contextvars.copy_context()
        if not self.multi_threading:
            context.run(self._serve_connection, conn, host, port)
            return
        worker = threading.Thread(
            target=context.run,
            args=(self._serve_connection, conn, host, port),
            name=f"iolib socket_server client {conn.os_fd}",
            daemon=True,
        )
        with self.lock:
            self._add_worker(worker)
        try:
            worker.start()
        except RuntimeError:  # no thread left: this client is turned away, the server goes on
            _log.exception("socket_server could not start a thread for a client")
            with self.lock:
                self.workers.discard(worker)
                self.connections.discard(conn)
            conn.close(abort=True)

    def _add_worker(self, worker: threading.Thread) -> None:
        """Record a worker (lock held); ended ones are dropped now and then, amortized O(1)."""
        if len(self.workers) >= self._prune_at:
            self.workers = {w for w in self.workers if w.is_alive()}
            self._prune_at = 2 * len(self.workers) + 64
        self.workers.add(worker)

    def _serve_connection(self, conn: ActiveSocket, host: Address | None, port: int | None) -> None:
        """Run the handler on one client, then close it; errors are logged, never raised."""
        remote_host.set(host)
        remote_port.set(port)
        flushed = False
        try:
            try:
                self.handler(conn, *self.args)
            except Exception as exc:  # the per-connection boundary: one failure ends only it
                if self.stopping and isinstance(exc, OSError):
                    _log.debug("socket_server: stop ended a handler (%s)", exc)
                else:
                    _log.exception("socket_server handler failed for a client")
            # Flushed while still in the set, so that stop() can end a flush into
            # a client that does not read.
            flushed = self._flush(conn)
        finally:
            with self.lock:
                self.connections.discard(conn)
            conn.close(abort=not flushed)
        # The thread stays in ``workers`` until it has ended, so that stop()
        # joins it even in the moment between this line and its exit.

    @staticmethod
    def _flush(conn: ActiveSocket) -> bool:
        """Send what the handler left in the output buffer; False if the client is gone."""
        if not conn.is_open or not conn._output_pending():
            return True
        try:
            conn.finish_output()
        except OSError as exc:
            _log.debug("socket_server: the last output to a client was lost (%s)", exc)
            return False
        return True

    # -- UDP ---------------------------------------------------------------------

    def _on_datagram(self, fd: int, event: str, error: str | None) -> None:
        sock = self.socket
        assert isinstance(sock, ActiveSocket)
        buffer = self.buffer
        try:
            received = sock.receive_from(buffer, dont_wait=True)
        except SocketWouldBlockError:
            return  # another reader took it, or a spurious wake-up
        except SocketError as exc:
            self._pause(fd, "receive a datagram", exc)
            return
        self.failures = 0
        assert isinstance(received, InetReceived)
        _, nbytes, host, port = received
        if nbytes > self.max_buffer_size:
            _log.warning(
                "socket_server dropped a datagram from %s port %s: longer than "
                "max_buffer_size (%d bytes)",
                host,
                port,
                self.max_buffer_size,
            )
            return
        data = bytes(buffer[:nbytes])
        context = contextvars.copy_context()
        context.run(self._answer, data, host, port)

    def _answer(self, data: bytes, host: Address | None, port: int | None) -> None:
        """Call the handler on one datagram and send its reply (None: none) to the sender."""
        remote_host.set(host)
        remote_port.set(port)
        try:
            reply = self.handler(data, *self.args)
        except Exception:  # the per-datagram boundary: a bad datagram must not stop the server
            _log.exception("socket_server handler failed for a datagram")
            return
        sock = self.socket
        if reply is None or host is None or not isinstance(sock, ActiveSocket):
            return
        try:
            sock.send_to(reply, remote_host=host, remote_port=port)
        except (OSError, TypeError, ValueError):
            _log.exception("socket_server could not send a reply to %s port %s", host, port)


class ServerHandle:
    """A server running in its own thread (``socket_server(..., in_new_thread=True)``).

    ``thread`` serves, ``socket`` is the listening (or datagram) socket and
    ``port`` its local port (0 for a local socket). ``stop()`` closes the
    socket, shuts every client connection down (a handler blocked reading
    sees EOF, one blocked writing gets an error that is not logged as a
    failure) and joins the thread. A context manager that stops on exit.
    """

    def __init__(self, server: _Server, thread: threading.Thread) -> None:
        self._server = server
        self.thread = thread
        self.socket = server.socket
        sock = server.socket
        self.port: int = sock.local_port if isinstance(sock, InternetSocket) else 0

    def stop(self, timeout: float | None = _JOIN_TIMEOUT) -> None:
        """Stop serving and join the thread (idempotent); raises ServerStopTimeout if it hangs."""
        self._server.stop()
        if self.thread is not threading.current_thread():
            self.thread.join(timeout)
            if self.thread.is_alive():
                raise ServerStopTimeout(f"socket_server thread still running after {timeout} s")

    @property
    def running(self) -> bool:
        """True while the server thread is alive."""
        return self.thread.is_alive()

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<ServerHandle port={self.port} {state}>"


def socket_server(
    host: object,
    port: object,
    handler: Callable[..., Any],
    args: Sequence[Any] = (),
    *,
    protocol: Literal["stream", "datagram"] = "stream",
    in_new_thread: bool = False,
    multi_threading: bool = False,
    timeout: float | None = 1,
    max_buffer_size: int = MAX_DATAGRAM_PACKET_SIZE,
    reuse_address: bool = True,
) -> ServerHandle | None:
    """Serve TCP connections or UDP datagrams on ``host``:``port`` with ``handler``.

    TCP: ``handler(stream, *args)`` gets each connected socket (a stream),
    which is flushed and closed when the handler returns; one client at a
    time, or a thread per client with ``multi_threading``. A client gone
    before it could be served is skipped. UDP: ``handler(data, *args)`` gets
    each datagram's bytes and returns the reply: bytes (b"" sends an empty
    datagram), or None for no reply. A datagram longer than
    ``max_buffer_size`` is dropped with a warning, never passed on cut
    short. Inside a handler, ``remote_host.get()`` and ``remote_port.get()``
    name the peer. A handler's exception is logged once
    ("iolib.sockets.server") and ends only that client. An accept or receive
    error (EMFILE ...) pauses the server briefly instead of spinning. With
    ``in_new_thread`` returns a ServerHandle once the socket is listening;
    otherwise serves in this thread until interrupted (KeyboardInterrupt
    propagates, after the socket is closed). ``timeout`` is usocket's UDP
    receive timeout, accepted for compatibility: the loop wakes on readiness
    and on stop, never by polling. Raises TypeError or ValueError for bad
    arguments, SocketError if the address cannot be bound.
    """
    if protocol not in ("stream", "datagram"):
        raise ValueError(f"protocol must be 'stream' or 'datagram', not {protocol!r}")
    _check_handler(handler, args)
    if timeout is not None:
        timeout = check_timeout(timeout)
    if isinstance(max_buffer_size, bool) or not isinstance(max_buffer_size, int):
        raise TypeError(f"max_buffer_size must be an int, not {max_buffer_size!r}")
    if not 1 <= max_buffer_size <= 65535:
        raise ValueError(f"max_buffer_size must be within 1 .. 65535, not {max_buffer_size}")
    stream = protocol == "stream"
    if stream:
        sock: Socket = socket_listen(host, port, reuse_address=reuse_address, backlog=_BACKLOG)
    else:
        sock = socket_connect(None, None, protocol="datagram", local_host=host, local_port=port)
    return _run(
        sock,
        handler,
        tuple(args),
        stream=stream,
        in_new_thread=bool(in_new_thread),
        multi_threading=bool(multi_threading),
        timeout=timeout,
        max_buffer_size=max_buffer_size,
    )


def serve_listener(
    listener: PassiveSocket,
    handler: Callable[..., Any],
    args: Sequence[Any] = (),
    *,
    multi_threading: bool = False,
) -> ServerHandle:
    """Serve the clients of ``listener`` (any passive stream socket) in a new thread.

    socket_server's TCP serving for a listener made elsewhere, a local
    (Unix) one for instance; the server owns ``listener`` from here on and
    closes it when stopped. remote_host / remote_port are None for local
    clients. Not public API: for iolib's own command line.
    """
    if not isinstance(listener, PassiveSocket):
        raise TypeError(f"listener must be a PassiveSocket, not {listener!r}")
    _check_handler(handler, args)
    handle = _run(
        listener,
        handler,
        tuple(args),
        stream=True,
        in_new_thread=True,
        multi_threading=bool(multi_threading),
        timeout=None,
        max_buffer_size=MAX_DATAGRAM_PACKET_SIZE,
    )
    assert handle is not None
    return handle


def _check_handler(handler: object, args: object) -> None:
    if not callable(handler):
        raise TypeError(f"handler must be callable, not {handler!r}")
    if isinstance(args, str | bytes) or not isinstance(args, Sequence):
        raise TypeError(f"args must be a sequence of extra handler arguments, not {args!r}")


def _run(
    sock: Socket,
    handler: Callable[..., Any],
    args: tuple[Any, ...],
    *,
    stream: bool,
    in_new_thread: bool,
    multi_threading: bool,
    timeout: float | None,
    max_buffer_size: int,
) -> ServerHandle | None:
    """Serve on ``sock``, here or in a new thread; ``sock`` is closed on any failure."""
    try:
        server = _Server(
            sock,
            handler,
            args,
            stream=stream,
            multi_threading=multi_threading,
            timeout=timeout,
            max_buffer_size=max_buffer_size,
        )
    except BaseException:
        sock.close()
        raise
    if not in_new_thread:
        server.serve()
        return None
    name = f"iolib socket_server {'stream' if stream else 'datagram'}"
    thread = threading.Thread(target=server.serve, name=name, daemon=True)
    handle = ServerHandle(server, thread)
    try:
        thread.start()
    except BaseException:
        server.base.close()
        sock.close()
        raise
    return handle
