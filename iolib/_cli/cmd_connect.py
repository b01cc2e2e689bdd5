"""``iolib connect HOST PORT``: a netcat-like client.

Standard input goes to the socket and the socket to standard output, byte for
byte; status text goes to stderr only. At EOF on standard input the client
shuts down its write side and exits 0 once the peer closes.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from typing import Any

from iolib._cli import UsageError

_CHUNK = 65536


def register(subparsers: Any) -> None:
    """Add the ``connect`` subcommand."""
    parser = subparsers.add_parser(
        "connect",
        help="a netcat-like TCP client: stdin to the socket, the socket to stdout",
        description="Connect to HOST PORT over TCP; copy stdin to the socket and the "
        "socket to stdout. At EOF on stdin the write side is shut down; the command "
        "exits 0 once the peer closes.",
    )
    parser.add_argument("host", help="host name or address")
    parser.add_argument("port", help="port number or service name")
    parser.add_argument("--timeout", type=float, default=10.0, help="connect timeout (s)")
    parser.add_argument("--tls", action="store_true", help="speak TLS over the connection")
    parser.add_argument("--cafile", help="CA certificates to verify the server with (PEM)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no status text on stderr")
    parser.set_defaults(handler=run)


def _port(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def _tls_context(cafile: str | None) -> Any:
    import ssl

    context = ssl.create_default_context(cafile=cafile)
    return context


def _pump_stdin(sock: Any, failure: list[BaseException]) -> None:
    """Copy stdin to the socket; at EOF shut down the write side."""
    try:
        while chunk := os.read(sys.stdin.fileno(), _CHUNK):
            sock.write(chunk)
            sock.force_output()
        sock.finish_output()
        sock.shutdown(write=True)
    except BaseException as exc:  # reported by the main thread
        failure.append(exc)


def run(args: argparse.Namespace) -> int:
    """Connect, copy both ways, and return 0 once the peer closes."""
    from iolib.sockets import socket_connect

    if args.cafile and not args.tls:
        raise UsageError("--cafile needs --tls")
    options: dict[str, Any] = {}
    if args.tls:
        options["tls"] = _tls_context(args.cafile)
    sock = socket_connect(args.host, _port(args.port), timeout=args.timeout, **options)
    with sock:
        sock.read_timeout = None  # the connect timeout bounds only the connect here
        if not args.quiet:
            print(f"connected to {args.host} port {args.port}", file=sys.stderr)
        failure: list[BaseException] = []
        pump = threading.Thread(target=_pump_stdin, args=(sock, failure), daemon=True)
        pump.start()
        out = sys.stdout.buffer
        while chunk := sock.read_some(_CHUNK):
            out.write(chunk)
            out.flush()
        if failure and not isinstance(failure[0], OSError):
            raise failure[0]
    return 0
