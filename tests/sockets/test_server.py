"""socket_server: TCP and UDP servers with real clients on loopback."""

from __future__ import annotations

import logging
import selectors
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from iolib import IolibError
from iolib.address import Address
from iolib.sockets import WILDCARD_HOST, SocketError, socket_connect
from iolib.sockets import _server as server_module
from iolib.sockets._server import ServerHandle, remote_host, remote_port, socket_server

LOOPBACK = "127.0.0.1"


def echo_line(stream: object) -> None:
    """TCP handler: answer each line with the line upper-cased, until EOF."""
    while True:
        line = stream.read_line()  # type: ignore[attr-defined]
        if line is None:
            return
        stream.write_line(line.upper())  # type: ignore[attr-defined]
        stream.finish_output()  # type: ignore[attr-defined]


@pytest.fixture
def echo_server() -> Iterator[ServerHandle]:
    """A single-threaded line server in its own thread, stopped afterwards."""
    handle = serve(echo_line)
    try:
        yield handle
    finally:
        handle.stop()


def serve(handler: Any, *args: Any, **kwargs: Any) -> ServerHandle:
    """socket_server in a new thread on loopback, port chosen by the system."""
    handle = socket_server(LOOPBACK, 0, handler, *args, in_new_thread=True, **kwargs)
    assert handle is not None
    return handle


def serve_on(host: object, handler: Any, **kwargs: Any) -> ServerHandle:
    """socket_server in a new thread on ``host``, port chosen by the system."""
    handle = socket_server(host, 0, handler, in_new_thread=True, **kwargs)
    assert handle is not None
    return handle


def client(port: int, timeout: float = 10) -> socket.socket:
    """A blocking stdlib client connected to ``port`` on loopback."""
    return socket.create_connection((LOOPBACK, port), timeout=timeout)


def test_handle_describes_the_running_server(echo_server: ServerHandle) -> None:
    assert echo_server.port > 0
    assert echo_server.socket.local_port == echo_server.port  # type: ignore[attr-defined]
    assert echo_server.thread.is_alive()
    assert echo_server.running
    assert str(echo_server.port) in repr(echo_server)


def test_tcp_handler_gets_the_connected_stream(echo_server: ServerHandle) -> None:
    with socket_connect(LOOPBACK, echo_server.port, timeout=10) as conn:
        conn.write_line("hello")
        conn.finish_output()
        assert conn.read_line() == "HELLO"
        conn.write_line("again")
        conn.finish_output()
        assert conn.read_line() == "AGAIN"


def test_server_closes_the_stream_when_the_handler_returns() -> None:
    def greet(stream: object) -> None:
        stream.write_line("bye")  # type: ignore[attr-defined]

    with serve(greet) as handle, client(handle.port) as c, c.makefile("rb") as f:
        assert f.read() == b"bye\n"  # EOF after the line: the server closed it


def test_extra_args_reach_the_handler() -> None:
    def greet(stream: object, word: str, count: int) -> None:
        stream.write_line(word * count)  # type: ignore[attr-defined]

    with serve(greet, ("ab", 3)) as handle, client(handle.port) as c, c.makefile("rb") as f:
        assert f.read() == b"ababab\n"


def test_remote_host_and_port_name_the_peer() -> None:
    seen: list[tuple[object, object]] = []

    def record(stream: object) -> None:
        seen.append((remote_host.get(), remote_port.get()))

    with serve(record) as handle, client(handle.port) as c:
        local_port = c.getsockname()[1]
        assert c.recv(1) == b""
    assert len(seen) == 1
    host, port = seen[0]
    assert str(host) == LOOPBACK
    assert port == local_port
    assert remote_host.get() is None
    assert remote_port.get() is None


@pytest.mark.parametrize("multi_threading", [False, True])
def test_two_hundred_concurrent_clients_lose_nothing(multi_threading: bool) -> None:
    count = 200
    handle = serve(echo_line, multi_threading=multi_threading)
    clients: list[socket.socket] = []
    try:
        # Each client says its piece at once: a single-threaded server serves them
        # one after another while the rest wait, connected or in the backlog.
        for i in range(count):
            c = client(handle.port)
            clients.append(c)
            c.sendall(f"client {i} says hello\n".encode())
            c.shutdown(socket.SHUT_WR)
        answers = _read_all(clients)
    finally:
        for c in clients:
            c.close()
        handle.stop()
    assert answers == [f"CLIENT {i} SAYS HELLO\n".encode() for i in range(count)]


def _read_all(clients: list[socket.socket], timeout: float = 30) -> list[bytes]:
    """Read every client to EOF at once, with one selector; the bytes in client order."""
    got = [b""] * len(clients)
    with selectors.DefaultSelector() as sel:
        for i, c in enumerate(clients):
            c.setblocking(False)
            sel.register(c, selectors.EVENT_READ, i)
        deadline = time.monotonic() + timeout
        while sel.get_map():
            events = sel.select(max(0.0, deadline - time.monotonic()))
            assert events, "clients got no answer in time"
            for key, _ in events:
                data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                if data:
                    got[key.data] += data
                else:
                    sel.unregister(key.fileobj)
    return got


def test_multi_threading_serves_clients_side_by_side() -> None:
    with (
        serve(echo_line, multi_threading=True) as handle,
        client(handle.port) as idle,
        client(handle.port) as busy,
    ):
        # The first client says nothing; the second is served anyway.
        busy.sendall(b"ping\n")
        assert busy.recv(100) == b"PING\n"
        idle.sendall(b"late\n")
        assert idle.recv(100) == b"LATE\n"


def test_single_threaded_server_serves_one_client_at_a_time() -> None:
    with (
        serve(echo_line) as handle,
        client(handle.port) as first,
        client(handle.port) as second,
    ):
        second.sendall(b"second\n")
        first.sendall(b"first\n")
        assert first.recv(100) == b"FIRST\n"
        first.shutdown(socket.SHUT_WR)
        assert first.recv(100) == b""
        assert second.recv(100) == b"SECOND\n"


def test_stop_with_a_client_still_connected(echo_server: ServerHandle) -> None:
    with client(echo_server.port) as c:
        c.sendall(b"x\n")
        assert c.recv(10) == b"X\n"
        # The handler is now blocked reading the idle client.
        start = time.monotonic()
        echo_server.stop()
        assert time.monotonic() - start < 5
        assert not echo_server.thread.is_alive()
        assert c.recv(10) == b""


def test_stop_is_idempotent_and_closes_the_listener(echo_server: ServerHandle) -> None:
    port = echo_server.port
    echo_server.stop()
    echo_server.stop()
    assert not echo_server.running
    assert echo_server.socket.os_fd is None
    with pytest.raises(ConnectionRefusedError):
        client(port).close()


def test_multi_threaded_stop_joins_blocked_handlers() -> None:
    started = threading.Event()

    def slow(stream: object) -> None:
        started.set()
        echo_line(stream)

    handle = serve(slow, multi_threading=True)
    with client(handle.port) as c:
        assert started.wait(10)
        handle.stop()
        assert not handle.thread.is_alive()
        assert c.recv(10) == b""
    assert [t for t in threading.enumerate() if t.name.startswith("iolib socket_server")] == []


def test_handler_error_is_logged_and_the_server_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[int] = []

    def flaky(stream: object) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("handler broke")
        stream.write_line("fine")  # type: ignore[attr-defined]

    with caplog.at_level(logging.ERROR, logger="iolib.sockets.server"), serve(flaky) as handle:
        with client(handle.port) as c:
            assert c.recv(10) == b""
        with client(handle.port) as c, c.makefile("rb") as f:
            assert f.read() == b"fine\n"
    assert "handler broke" in caplog.text


def test_serving_in_this_thread_ends_with_keyboard_interrupt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listening = threading.Event()
    ports: list[int] = []
    real_listen = server_module.socket_listen

    def listen_and_tell(*args: Any, **kwargs: Any) -> Any:
        listener = real_listen(*args, **kwargs)
        ports.append(listener.local_port)
        listening.set()
        return listener

    monkeypatch.setattr(server_module, "socket_listen", listen_and_tell)

    def stop_here(stream: object) -> None:
        raise KeyboardInterrupt

    def poke() -> None:
        if listening.wait(10):
            client(ports[0]).close()

    poker = threading.Thread(target=poke)
    poker.start()
    with pytest.raises(KeyboardInterrupt):
        socket_server(LOOPBACK, 0, stop_here)
    poker.join(10)
    with pytest.raises(ConnectionRefusedError):
        client(ports[0]).close()


# -- UDP ------------------------------------------------------------------------


def test_udp_handler_gets_bytes_and_returns_the_reply() -> None:
    seen: list[tuple[bytes, object, object]] = []

    def answer(data: bytes) -> bytes:
        seen.append((data, remote_host.get(), remote_port.get()))
        return data[::-1]

    with (
        serve(answer, protocol="datagram") as handle,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c,
    ):
        c.settimeout(10)
        c.sendto(b"hello", (LOOPBACK, handle.port))
        reply, sender = c.recvfrom(100)
        assert reply == b"olleh"
        assert sender[1] == handle.port
        my_port = c.getsockname()[1]
    assert len(seen) == 1
    data, host, port = seen[0]
    assert data == b"hello"
    assert isinstance(data, bytes)
    assert str(host) == LOOPBACK
    assert port == my_port


def test_udp_handler_returning_none_sends_nothing() -> None:
    got = threading.Event()

    def swallow(data: bytes) -> None:
        got.set()

    with (
        serve(swallow, protocol="datagram") as handle,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c,
    ):
        c.sendto(b"x", (LOOPBACK, handle.port))
        assert got.wait(10)
        c.settimeout(0.1)
        with pytest.raises(TimeoutError):
            c.recvfrom(100)


def test_udp_many_datagrams_are_all_answered() -> None:
    with (
        serve(lambda d: d + b"!", protocol="datagram") as handle,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c,
    ):
        c.settimeout(10)
        for i in range(50):
            c.sendto(b"%d" % i, (LOOPBACK, handle.port))
            assert c.recvfrom(100)[0] == b"%d!" % i


def test_udp_max_buffer_size_truncates() -> None:
    with (
        serve(lambda d: d, protocol="datagram", max_buffer_size=4) as handle,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c,
    ):
        c.settimeout(10)
        c.sendto(b"abcdefgh", (LOOPBACK, handle.port))
        assert c.recvfrom(100)[0] == b"abcd"


# -- bad input and bind failures ------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"handler": None}, TypeError),
        ({"protocol": "raw"}, ValueError),
        ({"args": "abc"}, TypeError),
        ({"args": 3}, TypeError),
        ({"timeout": -1}, ValueError),
        ({"max_buffer_size": 0}, ValueError),
        ({"max_buffer_size": 70000}, ValueError),
        ({"max_buffer_size": "big"}, TypeError),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], error: type[Exception]) -> None:
    arguments: dict[str, object] = {"host": LOOPBACK, "port": 0, "handler": echo_line}
    arguments.update(kwargs)
    with pytest.raises(error):
        socket_server(in_new_thread=True, **arguments)  # type: ignore[arg-type]


def test_port_in_use_raises_socket_error(echo_server: ServerHandle) -> None:
    with pytest.raises(SocketError) as info:
        socket_server(LOOPBACK, echo_server.port, echo_line, in_new_thread=True)
    assert isinstance(info.value, OSError)
    assert isinstance(info.value, IolibError)
    assert info.value.identifier == "address-in-use"


def test_wildcard_host_accepts_ipv4_clients() -> None:
    with serve_on(WILDCARD_HOST, echo_line) as handle, client(handle.port) as c:
        c.sendall(b"any\n")
        assert c.recv(10) == b"ANY\n"


def test_remote_host_is_an_address() -> None:
    hosts: list[object] = []

    def record(stream: object) -> None:
        hosts.append(remote_host.get())

    with serve(record) as handle, client(handle.port) as c:
        assert c.recv(1) == b""
    assert isinstance(hosts[0], Address)


def test_udp_handler_error_is_logged_and_the_server_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def picky(data: bytes) -> bytes:
        if data == b"bad":
            raise ValueError("bad datagram")
        return b"ok"

    with (
        caplog.at_level(logging.ERROR, logger="iolib.sockets.server"),
        serve(picky, protocol="datagram") as handle,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c,
    ):
        c.settimeout(10)
        c.sendto(b"bad", (LOOPBACK, handle.port))
        c.sendto(b"good", (LOOPBACK, handle.port))
        assert c.recvfrom(100)[0] == b"ok"
    assert "bad datagram" in caplog.text


def test_ipv6_loopback_server() -> None:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("::1 cannot be bound here")
    with (
        serve_on("::1", echo_line) as handle,
        socket.create_connection(("::1", handle.port), timeout=10) as c,
    ):
        c.sendall(b"six\n")
        assert c.recv(10) == b"SIX\n"
