"""socket_server: TCP and UDP servers with real clients on loopback."""

from __future__ import annotations

import errno
import itertools
import logging
import selectors
import socket
import struct
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from iolib import IolibError
from iolib.address import Address
from iolib.sockets import (
    WILDCARD_HOST,
    ActiveSocket,
    PassiveSocket,
    SocketError,
    make_socket,
    socket_connect,
)
from iolib.sockets import _server as server_module
from iolib.sockets._errors import socket_error_from
from iolib.sockets._server import (
    ServerHandle,
    remote_host,
    remote_port,
    serve_listener,
    socket_server,
)

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


def test_udp_handler_returning_empty_bytes_sends_an_empty_datagram() -> None:
    with (
        serve(lambda d: b"" if d == b"x" else d, protocol="datagram") as handle,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c,
    ):
        c.settimeout(10)
        c.sendto(b"x", (LOOPBACK, handle.port))
        assert c.recvfrom(100) == (b"", (LOOPBACK, handle.port))
        c.sendto(b"", (LOOPBACK, handle.port))  # an empty datagram, echoed as one
        assert c.recvfrom(100) == (b"", (LOOPBACK, handle.port))
        c.sendto(b"yz", (LOOPBACK, handle.port))
        assert c.recvfrom(100)[0] == b"yz"


def test_udp_datagram_longer_than_max_buffer_size_is_dropped_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[bytes] = []

    def echo(data: bytes) -> bytes:
        seen.append(data)
        return data

    with (
        caplog.at_level(logging.WARNING, logger="iolib.sockets.server"),
        serve(echo, protocol="datagram", max_buffer_size=4) as handle,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c,
    ):
        c.settimeout(10)
        for datagram in (b"abcdefgh", b"abcde", b"abcd"):
            c.sendto(datagram, (LOOPBACK, handle.port))
        # Loopback keeps the order: the first answer is to the last datagram.
        assert c.recvfrom(100)[0] == b"abcd"
    assert seen == [b"abcd"]
    dropped = [r for r in caplog.records if "dropped a datagram" in r.getMessage()]
    assert [r.levelno for r in dropped] == [logging.WARNING] * 2
    assert "max_buffer_size" in dropped[0].getMessage()


def test_udp_largest_datagram_fits_the_default_buffer() -> None:
    datagram = bytes(range(256)) * 255 + b"\0" * 227  # 65507 bytes, the IPv4 maximum
    with (
        serve(lambda d: d[:10] + b"%d" % len(d), protocol="datagram") as handle,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c,
    ):
        c.settimeout(10)
        c.sendto(datagram, (LOOPBACK, handle.port))
        assert c.recvfrom(100)[0] == datagram[:10] + b"65507"


def test_udp_receive_error_pauses_and_the_server_goes_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real_receive = ActiveSocket.receive_from
    failures = [socket_error_from(OSError(errno.ENOBUFS, "No buffer space"), "recvfrom")]

    def flaky_receive(self: ActiveSocket, *args: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return real_receive(self, *args, **kwargs)

    monkeypatch.setattr(ActiveSocket, "receive_from", flaky_receive)
    with (
        caplog.at_level(logging.WARNING, logger="iolib.sockets.server"),
        serve(lambda d: d + b"!", protocol="datagram") as handle,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c,
    ):
        c.settimeout(10)
        c.sendto(b"hi", (LOOPBACK, handle.port))
        assert c.recvfrom(100)[0] == b"hi!"
        assert handle.running
    assert failures == []
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "receive a datagram" in caplog.records[0].getMessage()


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


# -- clients that leave early, or never read ---------------------------------------------


def _reset(c: socket.socket) -> None:
    """Close ``c`` with a reset (SO_LINGER 0), as a client that vanishes does."""
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def _server_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("iolib socket_server")]


def test_client_gone_before_it_is_served_is_skipped_quietly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    started = threading.Event()
    release = threading.Event()
    served: list[object] = []

    def hold_the_first(stream: object) -> None:
        served.append(remote_port.get())
        if len(served) == 1:
            started.set()
            assert release.wait(10)
        stream.write_line("ok")  # type: ignore[attr-defined]

    # A single-threaded server busy with one client accepts the next only
    # after it: by then that one has connected and reset (getpeername: ENOTCONN).
    with (
        caplog.at_level(logging.DEBUG, logger="iolib.sockets.server"),
        serve(hold_the_first) as handle,
        client(handle.port) as first,
    ):
        assert started.wait(10)
        first_port = first.getsockname()[1]
        gone = client(handle.port)
        gone_port = gone.getsockname()[1]
        _reset(gone)
        release.set()
        assert first.recv(10) == b"ok\n"
        with client(handle.port) as third, third.makefile("rb") as f:
            assert f.read() == b"ok\n"
            third_port = third.getsockname()[1]
    assert served == [first_port, third_port]
    assert gone_port not in served
    assert [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info] == []
    assert any("left before it was served" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("multi_threading", [False, True])
def test_stop_ends_a_handler_blocked_writing_to_a_client_that_does_not_read(
    caplog: pytest.LogCaptureFixture, multi_threading: bool
) -> None:
    writing = threading.Event()
    ended: list[BaseException] = []

    def flood(stream: Any) -> None:
        chunk = b"x" * 65536
        try:
            while True:
                stream.write(chunk)
                stream.force_output()
                writing.set()
        except BaseException as exc:
            ended.append(exc)
            raise

    handle = serve(flood, multi_threading=multi_threading)
    with caplog.at_level(logging.DEBUG, logger="iolib.sockets.server"), client(handle.port) as c:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        assert writing.wait(10)
        start = time.monotonic()
        handle.stop(timeout=5)
        assert time.monotonic() - start < 5
        assert not handle.running
        assert _server_threads() == []
    assert len(ended) == 1
    assert isinstance(ended[0], OSError)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info] == []


def test_stop_ends_the_final_flush_into_a_client_that_does_not_read(
    caplog: pytest.LogCaptureFixture,
) -> None:
    full = threading.Event()

    def fill_then_leave_output(stream: Any) -> None:
        # Fill the kernel's buffers without blocking, then leave bytes in the
        # stream's own buffer: closing must flush them, and that blocks.
        chunk = b"y" * 65536
        while True:
            try:
                stream.send_to(chunk, dont_wait=True)
            except SocketError:
                break
        stream.write(b"tail")
        full.set()

    handle = serve(fill_then_leave_output, multi_threading=True)
    with caplog.at_level(logging.WARNING, logger="iolib.sockets.server"), client(handle.port):
        assert full.wait(10)
        start = time.monotonic()
        handle.stop(timeout=5)
        assert time.monotonic() - start < 5
        assert _server_threads() == []
    assert caplog.records == []


# -- accept errors ---------------------------------------------------------------------


def _failing_accept(monkeypatch: pytest.MonkeyPatch, failures: list[int]) -> list[float]:
    """Make accept_connection fail with each errno of ``failures`` in turn; return call times."""
    real_accept = PassiveSocket.accept_connection
    calls: list[float] = []

    def accept(self: PassiveSocket, *args: Any, **kwargs: Any) -> Any:
        calls.append(time.monotonic())
        if failures:
            code = failures.pop(0)
            raise socket_error_from(OSError(code, "injected"), "accept")
        return real_accept(self, *args, **kwargs)

    monkeypatch.setattr(PassiveSocket, "accept_connection", accept)
    return calls


def test_accept_out_of_descriptors_pauses_instead_of_spinning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    failures = [errno.EMFILE, errno.EMFILE, errno.ENFILE]
    calls = _failing_accept(monkeypatch, failures)
    with (
        caplog.at_level(logging.WARNING, logger="iolib.sockets.server"),
        serve(echo_line) as handle,
        client(handle.port) as c,
    ):
        c.sendall(b"patient\n")
        assert c.recv(100) == b"PATIENT\n"
    assert failures == []
    # After each failure the listener is left alone for a while, longer each time.
    gaps = [later - earlier for earlier, later in itertools.pairwise(calls[:4])]
    assert len(gaps) == 3
    assert gaps[0] >= 0.04
    assert gaps[1] >= 0.09
    assert gaps[2] >= 0.19
    # One warning for the whole run of failures, with no traceback.
    assert len(caplog.records) == 1
    assert caplog.records[0].levelno == logging.WARNING
    assert caplog.records[0].exc_info is None
    assert "accept" in caplog.records[0].getMessage()


def test_accept_error_of_a_client_gone_is_retried_at_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    failures = [errno.ECONNABORTED]
    _failing_accept(monkeypatch, failures)
    with (
        caplog.at_level(logging.WARNING, logger="iolib.sockets.server"),
        serve(echo_line) as handle,
        client(handle.port) as c,
    ):
        c.sendall(b"next\n")
        assert c.recv(100) == b"NEXT\n"
    assert failures == []
    assert caplog.records == []


# -- serve_listener: the same server on a listener made elsewhere -------------------------


def test_serve_listener_on_a_local_socket(tmp_path: Any) -> None:
    path = tmp_path / "s.sock"
    seen: list[object] = []

    def record(stream: Any) -> None:
        seen.append(remote_host.get())
        echo_line(stream)

    listener = make_socket(address_family="local", connect="passive", local_filename=str(path))
    assert isinstance(listener, PassiveSocket)
    with serve_listener(listener, record, multi_threading=True) as handle:
        assert handle.port == 0
        with socket.socket(socket.AF_UNIX) as c:
            c.settimeout(10)
            c.connect(str(path))
            c.sendall(b"local\n")
            assert c.recv(100) == b"LOCAL\n"
    assert seen == [None]
    assert listener.os_fd is None
    assert not path.exists()


def test_serve_listener_checks_its_arguments() -> None:
    with pytest.raises(TypeError):
        serve_listener("not a socket", echo_line)  # type: ignore[arg-type]


def test_socket_closed_behind_the_servers_back_does_not_break_stop() -> None:
    handle = serve(echo_line)
    handle.socket.close()
    handle.stop(timeout=5)
    assert not handle.running
