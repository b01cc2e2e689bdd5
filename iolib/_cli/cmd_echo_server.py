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
import logging
import signal
import sys
from collections.abc import Iterator
from typing import Any

from iolib._cli import UsageError
from iolib.sockets import (
    ActiveSocket,
    InternetSocket,
    LocalSocket,
    PassiveSocket,
    ServerHandle,
    make_socket,
    socket_server,
)

# socket_server's serving, on a local listener (socket_server itself binds only host/port).
from iolib.sockets._server import serve_listener

_CHUNK = 65536
# Larger than any UDP payload (65507 bytes over IPv4, 65527 over IPv6): none is dropped as too long.
_DATAGRAM_SIZE = 65535
_BACKLOG = 128
_STOP_TIMEOUT = 5.0
_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})
_DEFAULT_HOST = "127.0.0.1"


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


def _echo(conn: ActiveSocket) -> None:
    """Send back each chunk ``conn`` sends until it stops sending."""
    try:
        while chunk := conn.read_some(_CHUNK):
            conn.write(chunk)
            conn.force_output()
    except OSError:
        pass  # the client reset or vanished mid-echo: routine, and it ends only this client


def _echo_datagram(data: bytes) -> bytes:
    """Each datagram is its own reply (an empty one too)."""
    return data


class _Server:
    """A running echo server: what it listens on, and how to stop it."""

    def __init__(self, handle: ServerHandle, description: str) -> None:
        self._handle = handle
        self.description = description

    def stop(self) -> None:
        """Close the socket and every connection (a local socket file goes with it); join."""
        self._handle.stop(_STOP_TIMEOUT)


def _inet_description(kind: str, sock: object) -> str:
    assert isinstance(sock, InternetSocket)
    host = str(sock.local_host)
    if sock.address_family == "ipv6":
        host = f"[{host}]"
    return f"listening on {kind} {host}:{sock.local_port}"


def _internet_server(host: str, port: int | str, *, udp: bool) -> _Server:
    """A TCP (a thread per client) or UDP echo server run by ``socket_server``."""
    if udp:
        handle = socket_server(
            host,
            port,
            _echo_datagram,
            protocol="datagram",
            in_new_thread=True,
            max_buffer_size=_DATAGRAM_SIZE,
        )
    else:
        handle = socket_server(host, port, _echo, multi_threading=True, in_new_thread=True)
    assert handle is not None
    return _Server(handle, _inet_description("udp" if udp else "tcp", handle.socket))


def _local_server(path: str) -> _Server:
    """A local stream echo server: socket_server's serving on a listener at ``path``."""
    listener = make_socket(
        address_family="local", connect="passive", local_filename=path, backlog=_BACKLOG
    )
    assert isinstance(listener, PassiveSocket)
    assert isinstance(listener, LocalSocket)
    description = f"listening on local {listener.local_filename}"
    return _Server(serve_listener(listener, _echo, multi_threading=True), description)


class _OneLineHandler(logging.Handler):
    """Report the server's logged failures as one line each on stderr, no traceback."""

    def emit(self, record: logging.LogRecord) -> None:
        """Print ``record`` and its exception's message, if any, as one line on stderr."""
        message = f"iolib echo-server: {record.getMessage()}"
        error = record.exc_info[1] if record.exc_info else None
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
        return _local_server(args.local)
    host = _DEFAULT_HOST if args.host is None else args.host
    return _internet_server(host, _port(args.port), udp=args.udp)


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
