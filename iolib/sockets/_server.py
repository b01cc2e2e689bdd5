"""usocket's socket-server: a TCP or UDP server calling a handler per connection or datagram."""

from __future__ import annotations

import contextlib
import contextvars
import logging
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

    # -- the loop ----------------------------------------------------------------

    def serve(self) -> None:
        """Dispatch until ``stop``; closes the socket, the event base and every connection."""
        fd = self.socket.os_fd
        assert fd is not None
        try:
            on_ready = self._on_connection if self.stream else self._on_datagram
            self.base.set_io_handler(fd, "read", on_ready)
            while not self.stopping:
                self.base.event_dispatch()
        finally:
            self._shut_down()

    def stop(self) -> None:
        """Ask the loop to end and every connection to see EOF; callable from any thread."""
        self.stopping = True
        self._wake_handlers()
        self.base.exit_event_loop()

    def _wake_handlers(self) -> None:
        """Shut the read side of every open connection: a handler blocked reading gets EOF."""
        # Under the lock a connection in the set is not closed yet (handlers
        # leave the set before closing), so its descriptor is still its own.
        with self.lock:
            for conn in self.connections:
                with contextlib.suppress(OSError, ValueError):
                    conn.shutdown(read=True)

    def _shut_down(self) -> None:
        self.stopping = True
        self.base.close()
        self.socket.close()
        self._wake_handlers()
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
            except SocketError:
                # A client gone before accept, or no descriptors left: the
                # listener stays readable and the next round tries again.
                _log.warning("socket_server could not accept a connection", exc_info=True)
                return
            if conn is None:
                return
            with self.lock:
                self.connections.add(conn)
            context = contextvars.copy_context()
            if self.multi_threading:
                worker = threading.Thread(
                    target=context.run,
                    args=(self._serve_connection, conn),
                    name=f"iolib socket_server client {fd}",
                    daemon=True,
                )
                with self.lock:
                    self.workers.add(worker)
                worker.start()
            else:
                context.run(self._serve_connection, conn)

    def _serve_connection(self, conn: ActiveSocket) -> None:
        """Run the handler on one client, then close it; errors are logged, never raised."""
        try:
            if isinstance(conn, InternetSocket):
                remote_host.set(conn.remote_host)
                remote_port.set(conn.remote_port)
            self.handler(conn, *self.args)
        except Exception:  # the per-connection boundary: one client's failure ends only it
            _log.exception("socket_server handler failed for a client")
        finally:
            with self.lock:
                self.connections.discard(conn)
                self.workers.discard(threading.current_thread())
            try:
                conn.close()
            except OSError:
                conn.close(abort=True)

    # -- UDP ---------------------------------------------------------------------

    def _on_datagram(self, fd: int, event: str, error: str | None) -> None:
        sock = self.socket
        assert isinstance(sock, ActiveSocket)
        try:
            received = sock.receive_from(size=self.max_buffer_size, dont_wait=True)
        except SocketWouldBlockError:
            return  # another reader took it, or a spurious wake-up
        assert isinstance(received, InetReceived)
        buffer, nbytes, host, port = received
        data = bytes(buffer[:nbytes])
        context = contextvars.copy_context()
        context.run(self._answer, data, host, port)

    def _answer(self, data: bytes, host: Address | None, port: int | None) -> None:
        """Call the handler on one datagram and send its reply, if any, back to the sender."""
        try:
            remote_host.set(host)
            remote_port.set(port)
            reply = self.handler(data, *self.args)
            sock = self.socket
            if reply and host is not None and isinstance(sock, ActiveSocket):
                sock.send_to(reply, remote_host=host, remote_port=port)
        except Exception:  # the per-datagram boundary: a bad datagram must not stop the server
            _log.exception("socket_server handler failed for a datagram")


class ServerHandle:
    """A server running in its own thread (``socket_server(..., in_new_thread=True)``).

    ``thread`` serves, ``socket`` is the listening (or datagram) socket and
    ``port`` its local port. ``stop()`` closes the socket, lets running
    handlers see EOF, and joins the thread. A context manager that stops on exit.
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
    which is closed when the handler returns; one client at a time, or a
    thread per client with ``multi_threading``. UDP: ``handler(data, *args)``
    gets each datagram's bytes (at most ``max_buffer_size``) and returns the
    reply (bytes; None or empty sends nothing). Inside a handler,
    ``remote_host.get()`` and ``remote_port.get()`` name the peer. A
    handler's exception is logged ("iolib.sockets.server") and ends only
    that client. With ``in_new_thread`` returns a ServerHandle once the
    socket is listening; otherwise serves in this thread until interrupted
    (KeyboardInterrupt propagates, after the socket is closed). ``timeout`` is
    usocket's UDP receive timeout, accepted for compatibility: the loop wakes
    on readiness and on stop, never by polling. Raises TypeError or ValueError
    for bad arguments, SocketError if the address cannot be bound.
    """
    if protocol not in ("stream", "datagram"):
        raise ValueError(f"protocol must be 'stream' or 'datagram', not {protocol!r}")
    if not callable(handler):
        raise TypeError(f"handler must be callable, not {handler!r}")
    if isinstance(args, str | bytes) or not isinstance(args, Sequence):
        raise TypeError(f"args must be a sequence of extra handler arguments, not {args!r}")
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
    try:
        server = _Server(
            sock,
            handler,
            tuple(args),
            stream=stream,
            multi_threading=bool(multi_threading),
            timeout=timeout,
            max_buffer_size=max_buffer_size,
        )
    except BaseException:
        sock.close()
        raise
    if not in_new_thread:
        server.serve()
        return None
    thread = threading.Thread(
        target=server.serve, name=f"iolib socket_server {protocol}", daemon=True
    )
    handle = ServerHandle(server, thread)
    thread.start()
    return handle
