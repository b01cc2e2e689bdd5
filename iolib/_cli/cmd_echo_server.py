"""``iolib echo-server``: an echo server over TCP, UDP or a local (Unix) stream socket.

The first line on standard output names the bound address (``listening on tcp
127.0.0.1:PORT``, ``listening on udp [::1]:PORT``, ``listening on local PATH``),
so a script can start the server on port 0 and read the port back. The server
echoes byte for byte until SIGINT or SIGTERM, then closes every socket (the
local socket file goes with its socket) and exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any, Protocol

from iolib._cli import UsageError
from iolib.multiplex import EventBase
from iolib.sockets import (
    ActiveSocket,
    InternetSocket,
    LocalSocket,
    PassiveSocket,
    make_socket,
    make_socket_from_fd,
    remote_host,
    remote_port,
    socket_server,
)

_CHUNK = 65536
# Larger than any UDP payload (65507 bytes over IPv4, 65527 over IPv6): nothing is cut off.
_DATAGRAM_SIZE = 65535
_BACKLOG = 128
_STOP_TIMEOUT = 5.0
_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})
_DEFAULT_HOST = "127.0.0.1"
# socket_server logs these when a client resets before its handler runs.
_CLIENT_GONE = frozenset({errno.ENOTCONN, errno.ECONNRESET, errno.ECONNABORTED, errno.EPIPE})


class _Server(Protocol):
    """A running echo server: what it listens on, and how to stop it."""

    description: str

    def stop(self) -> None:
        """Close every socket of the server and wait for its threads."""


def register(subparsers: Any) -> None:
    """Add the ``echo-server`` subcommand."""
    parser = subparsers.add_parser(
        "echo-server",
        usage="iolib echo-server [-h] [--host H] [--port P] [--udp | --local PATH]",
        help="an echo server over TCP, UDP or a local (Unix) stream socket",
        description="Echo back, byte for byte, what clients send: over TCP (the default), "
        "UDP (--udp: each datagram is sent back to its sender) or a local stream socket "
        "(--local PATH). The first line on stdout names the bound address, e.g. "
        "'listening on tcp 127.0.0.1:40123'. Serves until SIGINT or SIGTERM, then exits 0.",
    )
    parser.add_argument(
        "--host", metavar="H", help=f"address or host name to bind (default {_DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port",
        metavar="P",
        help="port number or service name (default 0: a free port, printed on stdout)",
    )
    parser.add_argument("--udp", action="store_true", help="serve UDP datagrams instead of TCP")
    parser.add_argument(
        "--local", metavar="PATH", help="serve on a local (Unix) stream socket at PATH"
    )
    parser.set_defaults(handler=run)


def _port(text: str | None) -> int | str:
    """Return the port designator of ``--port``; raises UsageError for a number out of range."""
    if text is None:
        return 0
    if text.lstrip("+-").isdigit():
        port = int(text)
        if not 0 <= port <= 65535:
            raise UsageError(f"port {text} is outside 0..65535")
        return port
    if not text:
        raise UsageError("the port must not be empty")
    return text  # a service name, looked up by the sockets layer


class _StreamClients:
    """The stream echo handler, and the registry of clients it is serving.

    ``hang_up`` shuts down both directions of every client being served, so a
    handler blocked reading sees EOF and one blocked writing to a client that
    does not read gets an error; either way it returns at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: set[ActiveSocket] = set()
        self._closing = False

    def echo(self, conn: ActiveSocket) -> None:
        """Send back each chunk ``conn`` sends until it stops sending (or ``hang_up``)."""
        with self._lock:
            if self._closing:
                return
            self._open.add(conn)
        try:
            while chunk := conn.read_some(_CHUNK):
                conn.write(chunk)
                conn.force_output()
        except OSError:
            pass  # the client reset or vanished mid-echo, or hang_up: that ends only this client
        finally:
            # Leaving the set before the caller closes ``conn``: whatever hang_up
            # finds there still owns its descriptor.
            with self._lock:
                self._open.discard(conn)

    def hang_up(self) -> None:
        """Refuse new clients and shut down every client being served; callable from any thread."""
        with self._lock:
            self._closing = True
            for conn in self._open:
                _shut_down_both_ways(conn)


def _shut_down_both_ways(conn: ActiveSocket) -> None:
    """Shut down the connection under ``conn`` at once, whatever thread is using ``conn``.

    ``conn.shutdown(write=True)`` would first flush ``conn``'s output buffer,
    from this thread, into a client that may never read; a twin socket over a
    duplicate descriptor has nothing buffered, and shutting it down shuts the
    connection.
    """
    fd = conn.os_fd
    if fd is None:
        return
    try:
        twin_fd = os.dup(fd)
    except OSError:
        return  # no descriptor left: the client is left to socket_server's own hang-up
    try:
        twin = make_socket_from_fd(twin_fd)
    except BaseException:
        os.close(twin_fd)
        raise
    with twin, contextlib.suppress(OSError):  # the client may be gone already
        assert isinstance(twin, ActiveSocket)
        twin.shutdown(read=True, write=True)


class _DatagramEcho:
    """The UDP echo handler: each datagram is its own reply.

    socket_server sends only non-empty replies, so an empty datagram is
    answered here, on the server's socket once ``attach`` has named it.
    """

    def __init__(self) -> None:
        self._socket: ActiveSocket | None = None
        self._attached = threading.Event()

    def attach(self, sock: object) -> None:
        """Name the server's socket, on which empty replies are sent."""
        assert isinstance(sock, ActiveSocket)
        self._socket = sock
        self._attached.set()

    def __call__(self, data: bytes) -> bytes | None:
        """Return ``data`` as the reply; send an empty datagram back directly."""
        if data:
            return data
        if self._attached.wait(_STOP_TIMEOUT) and self._socket is not None:
            self._socket.send_to(b"", remote_host=remote_host.get(), remote_port=remote_port.get())
        return None


def _inet_description(kind: str, sock: object) -> str:
    assert isinstance(sock, InternetSocket)
    host = str(sock.local_host)
    if sock.address_family == "ipv6":
        host = f"[{host}]"
    return f"listening on {kind} {host}:{sock.local_port}"


class _InternetServer:
    """A TCP or UDP echo server run by ``socket_server`` in its own thread."""

    def __init__(self, host: str, port: int | str, *, udp: bool) -> None:
        self._clients = _StreamClients()
        if udp:
            echo = _DatagramEcho()
            handle = socket_server(
                host,
                port,
                echo,
                protocol="datagram",
                in_new_thread=True,
                max_buffer_size=_DATAGRAM_SIZE,
            )
            assert handle is not None
            echo.attach(handle.socket)
        else:
            handle = socket_server(
                host, port, self._clients.echo, multi_threading=True, in_new_thread=True
            )
            assert handle is not None
        self._handle = handle
        self.description = _inet_description("udp" if udp else "tcp", handle.socket)

    def stop(self) -> None:
        """Close the listener and every connection; join the server thread."""
        self._clients.hang_up()
        self._handle.stop(_STOP_TIMEOUT)


class _LocalServer:
    """A local stream echo server: an event loop accepting, a thread per client."""

    def __init__(self, path: str) -> None:
        listener = make_socket(
            address_family="local", connect="passive", local_filename=path, backlog=_BACKLOG
        )
        assert isinstance(listener, PassiveSocket)
        assert isinstance(listener, LocalSocket)
        self._listener = listener
        self._clients = _StreamClients()
        self._lock = threading.Lock()
        self._stopping = False
        self._workers: set[threading.Thread] = set()
        try:
            self._base = EventBase()
            fd = listener.os_fd
            assert fd is not None
            self._base.set_io_handler(fd, "read", self._on_ready)
        except BaseException:
            listener.close()
            raise
        self.description = f"listening on local {listener.local_filename}"
        self._thread = threading.Thread(
            target=self._serve, name="iolib echo-server local", daemon=True
        )
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping:
            self._base.event_dispatch()

    def _on_ready(self, fd: int, event: str, error: str | None) -> None:
        while not self._stopping:
            try:
                conn = self._listener.accept_connection(wait=False)
            except OSError:
                return  # a client gone before accept, or no descriptor left: next round
            if conn is None:
                return
            worker = threading.Thread(
                target=self._serve_client, args=(conn,), name="iolib echo-server client"
            )
            worker.daemon = True
            with self._lock:
                self._workers.add(worker)
            worker.start()

    def _serve_client(self, conn: ActiveSocket) -> None:
        try:
            self._clients.echo(conn)
        finally:
            with self._lock:
                self._workers.discard(threading.current_thread())
            try:
                conn.close()
            except OSError:
                conn.close(abort=True)

    def stop(self) -> None:
        """End the loop, close the listener (removing its file), and hang up on every client."""
        self._stopping = True
        self._base.exit_event_loop()
        self._thread.join(_STOP_TIMEOUT)
        self._base.close()
        self._listener.close()
        self._clients.hang_up()
        with self._lock:
            workers = list(self._workers)
        deadline = time.monotonic() + _STOP_TIMEOUT
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))


class _OneLineHandler(logging.Handler):
    """Report the server's logged failures as one line each on stderr, no traceback."""

    def emit(self, record: logging.LogRecord) -> None:
        """Print ``record`` and its exception's message, if any, as one line on stderr.

        A client that vanished (reset, or gone before the server asked its
        address) is routine for a server and is not reported.
        """
        message = f"iolib echo-server: {record.getMessage()}"
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, OSError) and error.errno in _CLIENT_GONE:
            return
        if error is not None:
            message += f": {error}"
        print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Block SIGINT and SIGTERM (threads started inside inherit it) so ``sigwait`` gets them."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        while signal.sigtimedwait(_SIGNALS, 0) is not None:
            pass  # a second Ctrl-C while stopping is not an error
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def _server_log() -> Iterator[None]:
    logger = logging.getLogger("iolib")
    handler = _OneLineHandler(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _start(args: argparse.Namespace) -> _Server:
    if args.local is not None:
        if args.udp:
            raise UsageError("--udp and --local cannot be used together")
        if args.host is not None or args.port is not None:
            raise UsageError("--host and --port do not apply to --local")
        if not args.local:
            raise UsageError("the --local path must not be empty")
        return _LocalServer(args.local)
    host = _DEFAULT_HOST if args.host is None else args.host
    return _InternetServer(host, _port(args.port), udp=args.udp)


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT or SIGTERM and return 0; raises UsageError or SocketError."""
    with _signals_blocked(), _server_log():
        server = _start(args)
        try:
            print(server.description, flush=True)
            signal.sigwait(_SIGNALS)
        finally:
            server.stop()
    return 0
