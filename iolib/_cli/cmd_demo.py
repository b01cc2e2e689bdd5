"""``iolib demo``: a self-contained tour of every layer, on loopback only.

Each step prints what it does and what came back. Nothing leaves the
machine: servers listen on 127.0.0.1 / ::1 or on Unix sockets in a temporary
directory, and name lookups read a hosts file with DNS pointed at loopback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import iolib
import iolib.dns

_S = TypeVar("_S")

EXAMPLE_NETWORK = "192.168.10.77/22"
_TIMEOUT = 10.0

# The child of the fd-passing step: it receives a descriptor over the Unix
# socket it inherited and writes a line through it.
_CHILD = """
import os, sys
import iolib
with iolib.make_socket_from_fd(int(sys.argv[1])) as channel:
    fd = channel.receive_file_descriptor()
os.write(fd, f"hello from child process {os.getpid()}\\n".encode())
os.close(fd)
"""


def register(subparsers: Any) -> None:
    """Add the ``demo`` subcommand."""
    parser = subparsers.add_parser(
        "demo",
        help="a self-contained tour on loopback",
        description="A self-contained tour of iolib on loopback: sockets, streams, "
        "fd passing, name lookups and address arithmetic.",
    )
    parser.set_defaults(handler=run)


def _step(title: str) -> None:
    print(f"\n== {title}")


def _endpoint(host: object, port: object) -> str:
    """``host:port``, with an IPv6 host in brackets."""
    text = str(host)
    return f"[{text}]:{port}" if ":" in text else f"{text}:{port}"


@contextmanager
def _serving(target: Callable[[], None]) -> Iterator[None]:
    """Run one server function in a thread for the block and join it after."""
    failure: list[BaseException] = []

    def body() -> None:
        try:
            target()
        except BaseException as exc:  # reported in the main thread below
            failure.append(exc)

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join(_TIMEOUT)
    if failure:
        raise failure[0]


def _typed(cls: type[_S], sock: object) -> _S:
    """Narrow a factory result to the concrete class this tour asked for."""
    if not isinstance(sock, cls):
        raise TypeError(f"expected a {cls.__name__}, got {type(sock).__name__}")
    return sock


def _echo_once(listener: iolib.PassiveSocket) -> None:
    """Accept one connection and echo its lines until the peer half-closes."""
    conn = listener.accept_connection(timeout=_TIMEOUT)
    if conn is None:  # only when not waiting; here it waits or raises
        return
    with conn:
        for line in conn:
            conn.write_string(line)
        conn.finish_output()


def tcp_echo(host: str) -> None:
    """A TCP echo round trip through a listener on ``host``."""
    listener = _typed(iolib.SocketStreamInternetPassive, iolib.socket_listen(host, 0))
    with listener, _serving(lambda: _echo_once(listener)):
        port = listener.local_port
        connected = iolib.socket_connect(host, port, timeout=_TIMEOUT)
        with _typed(iolib.SocketStreamInternetActive, connected) as client:
            client.write_line(f"ping over {client.address_family}")
            client.finish_output()
            client.shutdown(write=True)
            print(
                f"client {_endpoint(client.local_host, client.local_port)} -> "
                f"server {_endpoint(host, port)}"
            )
            print(f"echoed: {client.read_line()!r}")


def udp_exchange() -> None:
    """One datagram there and its reply back, with the peer addresses shown."""
    udp = iolib.SocketDatagramInternetActive
    server = _typed(udp, iolib.make_socket(type="datagram", local_host="127.0.0.1", local_port=0))
    client = _typed(udp, iolib.make_socket(type="datagram", local_host="127.0.0.1"))
    with server, client:
        client.send_to(b"marco", remote_host="127.0.0.1", remote_port=server.local_port)
        print(f"server received {server.receive_from(size=5)}")
        server.send_to(b"polo", remote_host=client.local_host, remote_port=client.local_port)
        print(f"client received {client.receive_from(size=4)}")


def local_stream(directory: Path) -> None:
    """A Unix stream socket: text with CRLF line ends, then raw bytes, on one stream."""
    path = directory / "demo.sock"
    crlf = iolib.ExternalFormat("utf-8", "crlf")
    listener = _typed(
        iolib.SocketStreamLocalPassive,
        iolib.make_socket(address_family="local", connect="passive", local_filename=str(path)),
    )
    with listener:

        def serve() -> None:
            conn = listener.accept_connection(timeout=_TIMEOUT, external_format=crlf)
            if conn is None:
                return
            with conn:
                line = conn.read_line()
                blob = conn.read(4)
                conn.write_line(f"got {line!r} and {blob!r}")
                conn.finish_output()

        connected = iolib.make_socket(
            address_family="local", remote_filename=str(path), external_format=crlf
        )
        with _serving(serve), _typed(iolib.SocketStreamLocalActive, connected) as client:
            client.write_line("Grüße, שלום, привет")
            client.write(b"\x00\x01\x02\x03")
            client.finish_output()
            print(f"socket file: {client.remote_filename}")
            print(f"reply: {client.read_line()}")
    print(f"socket file removed on close: {not path.exists()}")


def pass_descriptor() -> None:
    """Send the write end of a pipe to a child process, which writes through it."""
    pair = iolib.make_socket_pair()
    parent, child = (_typed(iolib.SocketStreamLocalActive, s) for s in pair)
    read_end, write_end = os.pipe()
    try:
        with parent, child:
            proc = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(child.os_fd)],
                pass_fds=[child.os_fd] if child.os_fd is not None else [],
            )
            parent.send_file_descriptor(write_end)
            os.close(write_end)
            write_end = -1
            status = proc.wait(_TIMEOUT)
        with os.fdopen(read_end, "rb") as pipe:
            read_end = -1
            print(f"read from the pipe: {pipe.readline().decode().rstrip()}")
        print(f"child exited with status {status}")
    finally:
        for fd in (read_end, write_end):
            if fd >= 0:
                os.close(fd)


def names(directory: Path) -> None:
    """Hosts-file, service and protocol lookups, and the interface list."""
    resolv = directory / "resolv.conf"
    resolv.write_text("nameserver 127.0.0.1\n")  # any DNS fallback stays on loopback
    saved = iolib.dns.resolv_conf_file
    iolib.dns.resolv_conf_file = str(resolv)
    try:
        found = iolib.lookup_hostname("localhost")
        print(f"localhost -> {found.address} (truename {found.truename})")
    finally:
        iolib.dns.resolv_conf_file = saved
    for service in ("http", "ssh", 53):
        try:
            print(f"service {service!r}: {iolib.lookup_service(service)}")
        except iolib.UnknownService:
            print(f"service {service!r}: not in {iolib.dns.services_file}")
    try:
        print(f"protocol 'udp': {iolib.lookup_protocol('udp')}")
    except iolib.UnknownProtocol:
        print(f"protocol 'udp': not in {iolib.dns.protocols_file}")
    listed = ", ".join(f"{i.name} (#{i.index})" for i in iolib.list_network_interfaces())
    print(f"interfaces: {listed}")


def _ipv6_loopback_works() -> bool:
    try:
        with iolib.make_socket(connect="passive", local_host="::1", local_port=0):
            return True
    except iolib.SocketError:
        return False


def run(args: argparse.Namespace) -> int:
    """Run the tour and return 0."""
    from iolib._cli import main

    print(f"iolib {iolib.__version__}: a tour on loopback")
    _step("TCP echo over IPv4")
    tcp_echo("127.0.0.1")
    _step("TCP echo over IPv6")
    if _ipv6_loopback_works():
        tcp_echo("::1")
    else:
        print("::1 cannot be bound on this machine; skipped")
    _step("UDP exchange")
    udp_exchange()
    with tempfile.TemporaryDirectory(prefix="iolib-demo-") as tmp:
        _step("Local stream socket: CRLF text and bytes on one stream")
        local_stream(Path(tmp))
        _step("A file descriptor passed to a child process")
        pass_descriptor()
        _step("Names: hosts file, services, protocols, interfaces")
        names(Path(tmp))
    _step(f"Address arithmetic: iolib ipcalc {EXAMPLE_NETWORK}")
    return main(["ipcalc", EXAMPLE_NETWORK])
