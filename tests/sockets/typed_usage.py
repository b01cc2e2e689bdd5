"""Typical user code against iolib.sockets, written as a strict user would write it.

tests/sockets/test_typing.py runs ``mypy --strict`` on this file (every
``assert_type`` must hold, and no isinstance or cast may be needed) and then
runs the functions, so each static type claimed is also the class the code
really returns.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, assert_type

from iolib import (
    ActiveSocket,
    Address,
    Credentials,
    InetAddress,
    Linger,
    LocalAddress,
    PassiveSocket,
    Socket,
    SocketConnectionRefusedError,
    SocketDatagramInternetActive,
    SocketDatagramLocalActive,
    SocketError,
    SocketStreamInternetActive,
    SocketStreamInternetPassive,
    SocketStreamLocalActive,
    SocketStreamLocalPassive,
    make_socket,
    make_socket_from_fd,
    make_socket_pair,
    remote_host,
    remote_port,
    socket_connect,
    socket_listen,
    socket_state,
    wait_for_input,
)
from iolib.sockets import InetReceived, LocalReceived

State = Literal["read", "write", "read-write"] | None


def tcp_round_trip() -> str | None:
    """A TCP listener, a client by make_socket and one by socket_connect, a line each way."""
    with make_socket(connect="passive", local_host="127.0.0.1", local_port=0) as listener:
        assert_type(listener, SocketStreamInternetPassive)
        assert type(listener) is SocketStreamInternetPassive
        assert_type(listener.local_port, int)
        assert_type(listener.local_host, InetAddress)
        port = listener.local_port
        with make_socket(remote_host="127.0.0.1", remote_port=port) as client:
            assert_type(client, SocketStreamInternetActive)
            assert type(client) is SocketStreamInternetActive
            conn = listener.accept_connection()
            assert_type(conn, SocketStreamInternetActive)
            assert type(conn) is SocketStreamInternetActive
            with conn:
                assert_type(conn.remote_port, int)
                assert_type(conn.remote_host, InetAddress)
                client.write_line("hello")
                client.finish_output()
                line = conn.read_line()
                assert_type(line, str | None)
                assert line == "hello"
        with socket_connect("127.0.0.1", port, timeout=5, nodelay=True) as other:
            assert_type(other, SocketStreamInternetActive)
            assert type(other) is SocketStreamInternetActive
            maybe = listener.accept_connection(timeout=5)
            assert_type(maybe, SocketStreamInternetActive | None)
            assert maybe is not None
            with maybe:
                other.write_string("again\n")
                other.finish_output()
                return maybe.read_line()


def tcp_listener_helpers() -> int:
    """socket_listen, a non-blocking accept and the options of a listener."""
    with socket_listen("127.0.0.1", 0) as listener:
        assert_type(listener, SocketStreamInternetPassive)
        assert type(listener) is SocketStreamInternetPassive
        none = listener.accept_connection(wait=False)
        assert_type(none, SocketStreamInternetActive | None)
        assert none is None
        reuse = listener.get_option("reuse_address")
        assert_type(reuse, bool)
        assert reuse is True
        assert_type(listener.is_listening, bool)
        return listener.local_port


def udp_exchange() -> tuple[bytes, int | None]:
    """Two UDP sockets: send_to a destination, receive_from naming the sender."""
    with (
        make_socket(type="datagram", local_host="127.0.0.1", local_port=0) as server,
        socket_connect(None, None, protocol="datagram", local_host="127.0.0.1") as client,
    ):
        assert_type(server, SocketDatagramInternetActive)
        assert_type(client, SocketDatagramInternetActive)
        assert type(server) is type(client) is SocketDatagramInternetActive
        sent = client.send_to(b"ping", remote_host="127.0.0.1", remote_port=server.local_port)
        assert_type(sent, int)
        received = server.receive_from(size=16)
        assert_type(received, InetReceived)
        buffer, nbytes, host, port = received
        assert_type(host, InetAddress | None)
        assert_type(port, int | None)
        assert_type(received.host, InetAddress | None)
        assert host is not None
        assert_type(host, InetAddress)
        return bytes(buffer[:nbytes]), port


def local_stream(directory: Path) -> Credentials:
    """A Unix-domain listener and client: filenames and peer credentials."""
    path = directory / "s"
    with make_socket(address_family="local", connect="passive", local_filename=path) as listener:
        assert_type(listener, SocketStreamLocalPassive)
        assert type(listener) is SocketStreamLocalPassive
        assert_type(listener.local_filename, LocalAddress | None)
        with make_socket(address_family="file", remote_filename=str(path)) as client:
            assert_type(client, SocketStreamLocalActive)
            assert type(client) is SocketStreamLocalActive
            conn = listener.accept_connection()
            assert_type(conn, SocketStreamLocalActive)
            assert type(conn) is SocketStreamLocalActive
            with conn:
                assert_type(conn.remote_filename, LocalAddress | None)
                credentials = conn.peer_credentials
                assert_type(credentials, Credentials)
                assert_type(credentials.pid, int)
                return credentials


def local_datagrams(directory: Path) -> LocalAddress | None:
    """Unix-domain datagrams: receive_from names the sending file."""
    with (
        make_socket(
            address_family="local", type="datagram", local_filename=directory / "srv"
        ) as server,
        make_socket(
            address_family="local", type="datagram", local_filename=directory / "cli"
        ) as client,
    ):
        assert_type(server, SocketDatagramLocalActive)
        assert type(server) is SocketDatagramLocalActive
        client.send_to(b"x", remote_filename=directory / "srv")
        received = server.receive_from(size=4)
        assert_type(received, LocalReceived)
        _, nbytes, filename = received
        assert_type(nbytes, int)
        assert_type(filename, LocalAddress | None)
        return filename


def pairs_and_descriptors() -> int:
    """make_socket_pair of either type, fd passing, make_socket_from_fd."""
    a, b = make_socket_pair()
    assert_type(a, SocketStreamLocalActive)
    assert type(a) is type(b) is SocketStreamLocalActive
    d1, d2 = make_socket_pair("datagram")
    assert_type(d2, SocketDatagramLocalActive)
    assert type(d1) is type(d2) is SocketDatagramLocalActive
    with a, b, d1, d2:
        d1.send_to(b"dgram")
        got = d2.receive_from(size=8)
        assert_type(got, LocalReceived)
        read, write = os.pipe()
        try:
            a.send_file_descriptor(read)
            received = b.receive_file_descriptor()
            assert_type(received, int)
            os.close(received)
            a.send_file_descriptors([read, write], data=b"two")
            fds, data = b.receive_file_descriptors()
            assert_type(fds, list[int])
            assert_type(data, bytes)
            for fd in fds:
                os.close(fd)
        finally:
            os.close(read)
            os.close(write)
        duplicate = make_socket_from_fd(os.dup(a.fileno()))
        assert_type(duplicate, ActiveSocket)
        with duplicate:
            b.send_to(b"z")
            either = duplicate.receive_from(size=1)
            assert_type(either, InetReceived | LocalReceived)
            assert either.nbytes == 1
        return got.nbytes


def options_and_state() -> tuple[State, State]:
    """Typed options, and the wait_for_input state that is None from the start."""
    a, b = make_socket_pair()
    with a, b:
        before = a.state
        assert_type(before, State)
        assert_type(socket_state(a), State)
        a.set_option("linger", (True, 3))
        linger = a.get_option("linger")
        assert_type(linger, Linger)
        assert_type(linger.seconds, int)
        assert linger == Linger(on=True, seconds=3)
        assert_type(a.get_option("receive_buffer"), int)
        assert_type(a.get_option("receive_timeout"), float)
        assert_type(a.get_option("keepalive"), bool)
        assert_type(a.get_option("bind_to_device"), str)
        assert_type(a.get_option("pass_credentials"), bool)
        b.write_line("ready")
        b.finish_output()
        ready, remaining = wait_for_input([a, b], timeout=5, ready_only=True)
        assert_type(ready, list[Socket])
        assert_type(remaining, float | None)
        assert ready == [a]
        return before, a.state


def errors_and_designators() -> str:
    """An error's attributes, and the names a handler reads; passive / active bases."""
    with socket_listen("127.0.0.1", 0) as listener:
        port = listener.local_port
        as_base: PassiveSocket = listener
        assert_type(as_base.accept_connection(wait=False), ActiveSocket | None)
    assert_type(remote_host.get(None), Address | None)
    assert_type(remote_port.get(None), int | None)
    try:
        socket_connect("127.0.0.1", port, timeout=5).close()
    except SocketConnectionRefusedError as exc:
        assert_type(exc.identifier, str)
        assert_type(exc.situation, str | None)
        assert isinstance(exc, SocketError)
        return exc.identifier
    return "connected"
