"""``iolib echo-server``: the real executable over TCP, UDP and local sockets, on loopback only."""

from __future__ import annotations

import errno
import logging
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from iolib._cli.cmd_echo_server import _OneLineHandler

TIMEOUT = 10.0
LISTENING = re.compile(r"listening on (tcp|udp) (?:\[(?P<v6>[^\]]+)\]|(?P<v4>[^:\s]+)):(\d+)\n")
BINARY = bytes(range(256)) + b"\r\n\0\r\r\n\n\0\0" + "é€\U0001f600".encode()


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


needs_ipv6 = pytest.mark.skipif(not _has_ipv6_loopback(), reason="no IPv6 loopback")


class Server:
    """A running ``iolib echo-server`` process and the first line it printed."""

    def __init__(self, proc: subprocess.Popen[bytes], line: str) -> None:
        self.proc = proc
        self.line = line

    @property
    def address(self) -> tuple[str, int]:
        """The (host, port) named by an internet server's "listening on" line."""
        match = LISTENING.fullmatch(self.line)
        assert match is not None, self.line
        return (match["v6"] or match["v4"], int(match[4]))

    def stop(self, signum: int = signal.SIGINT) -> tuple[int, bytes, bytes]:
        """Send ``signum`` and return (exit status, rest of stdout, stderr)."""
        self.proc.send_signal(signum)
        out, err = self.proc.communicate(timeout=TIMEOUT)
        return self.proc.returncode, out, err


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "iolib", "echo-server", *args]


def _read_line(proc: subprocess.Popen[bytes]) -> str:
    """Return the first line of ``proc``'s stdout, waiting at most TIMEOUT for it."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + TIMEOUT
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(0.0, remaining))
        if not ready:
            pytest.fail(f"no 'listening on' line within {TIMEOUT} s (got {data!r})")
        chunk = os.read(fd, 1)
        if not chunk:
            assert proc.stderr is not None
            pytest.fail(f"server exited before listening: {data!r} {proc.stderr.read()!r}")
        data += chunk
    return data.decode()


@contextmanager
def echo_server(*args: str) -> Iterator[Server]:
    """Start the real executable; always kill and reap it on the way out."""
    with subprocess.Popen(
        _command(*args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        try:
            yield Server(proc, _read_line(proc))
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate(timeout=TIMEOUT)


def _tcp_client(address: tuple[str, int]) -> socket.socket:
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    client = socket.socket(family, socket.SOCK_STREAM)
    client.settimeout(TIMEOUT)
    try:
        client.connect(address)
    except BaseException:
        client.close()
        raise
    return client


def _receive_exactly(client: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = client.recv(size - len(data))
        assert chunk, f"EOF after {len(data)} of {size} bytes"
        data += chunk
    return data


def _receive_to_eof(client: socket.socket) -> bytes:
    parts = []
    while chunk := client.recv(65536):
        parts.append(chunk)
    return b"".join(parts)


def _round_trip_half_close(client: socket.socket, payload: bytes) -> bytes:
    """Send ``payload`` from a thread, shut down writing, and return all that comes back."""
    failure: list[BaseException] = []

    def send() -> None:
        try:
            client.sendall(payload)
            client.shutdown(socket.SHUT_WR)
        except BaseException as exc:  # reported by the caller
            failure.append(exc)

    sender = threading.Thread(target=send)
    sender.start()
    try:
        received = _receive_to_eof(client)
    finally:
        sender.join(TIMEOUT)
    assert not failure, failure
    return received


def _assert_clean_exit(status: int, out: bytes, err: bytes) -> None:
    assert (status, out, err) == (0, b"", b"")


# -- TCP ---------------------------------------------------------------------------------


def test_tcp_default_is_ipv4_loopback_on_a_free_port() -> None:
    with echo_server() as server:
        host, port = server.address
        assert server.line.startswith("listening on tcp 127.0.0.1:")
        assert (host, port > 0) == ("127.0.0.1", True)
        with _tcp_client(server.address) as client:
            client.sendall(b"hello\r\n")
            assert _receive_exactly(client, 7) == b"hello\r\n"
        _assert_clean_exit(*server.stop())


def test_tcp_binary_echo_with_half_close() -> None:
    payload = BINARY * 2000  # about 0.5 MB: larger than any socket buffer
    with echo_server("--port", "0") as server:
        with _tcp_client(server.address) as client:
            assert _round_trip_half_close(client, payload) == payload
        _assert_clean_exit(*server.stop())


def test_tcp_echoes_each_chunk_at_once() -> None:
    with echo_server() as server, _tcp_client(server.address) as client:
        for piece in (b"\0", b"\r", b"\n", b"a\r\nb", BINARY):
            client.sendall(piece)
            assert _receive_exactly(client, len(piece)) == piece
        _assert_clean_exit(*server.stop())


def test_tcp_serves_clients_concurrently() -> None:
    with echo_server() as server:
        clients = [_tcp_client(server.address) for _ in range(8)]
        try:
            # Each client is answered while every other one is still connected and idle.
            for index, client in enumerate(reversed(clients)):
                message = f"client {index}\r\n".encode() + BINARY
                client.sendall(message)
                assert _receive_exactly(client, len(message)) == message
            payloads = [bytes([i]) * 50_000 + BINARY for i in range(len(clients))]
            results: list[bytes | None] = [None] * len(clients)

            def run(i: int) -> None:
                results[i] = _round_trip_half_close(clients[i], payloads[i])

            threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(TIMEOUT)
            assert results == payloads
        finally:
            for client in clients:
                client.close()
        _assert_clean_exit(*server.stop())


@needs_ipv6
def test_tcp_on_ipv6_loopback() -> None:
    with echo_server("--host", "::1") as server:
        assert server.line.startswith("listening on tcp [::1]:")
        assert server.address[0] == "::1"
        with _tcp_client(server.address) as client:
            assert _round_trip_half_close(client, BINARY) == BINARY
        _assert_clean_exit(*server.stop())


def test_tcp_client_reset_leaves_server_serving_quietly() -> None:
    with echo_server() as server:
        with _tcp_client(server.address) as rude:
            rude.sendall(BINARY * 100)
            rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with _tcp_client(server.address) as client:
            assert _round_trip_half_close(client, b"still here") == b"still here"
        _assert_clean_exit(*server.stop())


def test_tcp_clients_gone_at_once_leave_server_serving_quietly() -> None:
    with echo_server() as server:
        for _ in range(20):
            # Connect and reset at once: gone before the server asks who it is.
            with _tcp_client(server.address) as gone:
                gone.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with _tcp_client(server.address) as client:
            assert _round_trip_half_close(client, b"still here") == b"still here"
        _assert_clean_exit(*server.stop())


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_tcp_stop_with_a_client_connected(signum: int) -> None:
    with echo_server() as server, _tcp_client(server.address) as client:
        client.sendall(b"ping")
        assert _receive_exactly(client, 4) == b"ping"
        _assert_clean_exit(*server.stop(signum))
        assert client.recv(10) == b""  # the server closed the connection on its way out


def _fill_until_blocked(client: socket.socket) -> None:
    """Send without reading until the server, blocked writing its echo back, stops reading."""
    client.setblocking(False)
    chunk = b"\0\r\n" * 20_000
    for _ in range(2_000):  # at most about 120 MB: far beyond any socket buffers
        _, writable, _ = select.select([], [client], [], 0.5)
        if not writable:
            return
        try:
            client.send(chunk)
        except BlockingIOError:
            continue
    pytest.fail("the server kept reading although its echo was never read")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_tcp_stop_while_blocked_writing_to_a_client_that_does_not_read(signum: int) -> None:
    with echo_server() as server, _tcp_client(server.address) as client:
        _fill_until_blocked(client)
        _assert_clean_exit(*server.stop(signum))


# -- UDP ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "family"),
    [
        ("127.0.0.1", socket.AF_INET),
        pytest.param("::1", socket.AF_INET6, marks=needs_ipv6),
    ],
)
def test_udp_datagrams_are_echoed(host: str, family: int) -> None:
    with echo_server("--udp", "--host", host) as server:
        assert server.line.startswith("listening on udp ")
        assert server.address[0] == host
        datagrams = [b"one", b"", b"\0\r\n\0", BINARY, b"x" * 60_000, b""]
        with (
            socket.socket(family, socket.SOCK_DGRAM) as a,
            socket.socket(family, socket.SOCK_DGRAM) as b,
        ):
            for client in (a, b):
                client.settimeout(TIMEOUT)
                client.bind((host, 0))
            for datagram in datagrams:
                for client in (a, b):
                    client.sendto(datagram, server.address)
                    reply, sender = client.recvfrom(65536)
                    assert (reply, sender[1]) == (datagram, server.address[1])
        _assert_clean_exit(*server.stop())


@pytest.mark.parametrize(
    ("host", "family", "largest"),
    [
        ("127.0.0.1", socket.AF_INET, 65507),
        pytest.param("::1", socket.AF_INET6, 65527, marks=needs_ipv6),
    ],
)
def test_udp_largest_datagram_is_echoed_whole(host: str, family: int, largest: int) -> None:
    datagram = (BINARY * 300)[:largest]
    with echo_server("--udp", "--host", host) as server:
        with socket.socket(family, socket.SOCK_DGRAM) as client:
            client.settimeout(TIMEOUT)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            client.sendto(datagram, server.address)
            reply = client.recv(1 << 17)
        assert (len(reply), reply == datagram) == (largest, True)
        _assert_clean_exit(*server.stop())


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_udp_stops_cleanly(signum: int) -> None:
    with echo_server("--udp") as server:
        host, port = server.address
        _assert_clean_exit(*server.stop(signum))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind((host, port))  # the port is free again: the server closed its socket


# -- local -------------------------------------------------------------------------------


def _local_client(path: Path) -> socket.socket:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(TIMEOUT)
    try:
        client.connect(str(path))
    except BaseException:
        client.close()
        raise
    return client


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_local_echo_and_socket_file_removed(tmp_path: Path, signum: int) -> None:
    path = tmp_path / "echo.sock"
    with echo_server("--local", str(path)) as server:
        assert server.line == f"listening on local {path}\n"
        assert path.is_socket()
        with _local_client(path) as first, _local_client(path) as second:
            second.sendall(b"second\0")
            assert _receive_exactly(second, 7) == b"second\0"
            assert _round_trip_half_close(first, BINARY * 500) == BINARY * 500
        _assert_clean_exit(*server.stop(signum))
    assert not path.exists()


def test_local_stop_with_a_client_connected(tmp_path: Path) -> None:
    path = tmp_path / "echo.sock"
    with echo_server("--local", str(path)) as server, _local_client(path) as client:
        client.sendall(b"\r\n")
        assert _receive_exactly(client, 2) == b"\r\n"
        _assert_clean_exit(*server.stop(signal.SIGTERM))
        assert client.recv(10) == b""
    assert not path.exists()


def test_local_stop_while_blocked_writing_to_a_client_that_does_not_read(tmp_path: Path) -> None:
    path = tmp_path / "echo.sock"
    with echo_server("--local", str(path)) as server, _local_client(path) as client:
        _fill_until_blocked(client)
        _assert_clean_exit(*server.stop(signal.SIGINT))
    assert not path.exists()


def test_local_reuses_a_stale_socket_file(tmp_path: Path) -> None:
    path = tmp_path / "stale.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(path))  # closed without unlinking: a crashed server's leftover
    with echo_server("--local", str(path)) as server:
        with _local_client(path) as client:
            assert _round_trip_half_close(client, b"ok") == b"ok"
        _assert_clean_exit(*server.stop())
    assert not path.exists()


# -- help and user mistakes --------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        _command(*args),
        check=False,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=TIMEOUT,
    )


def test_help() -> None:
    done = _run("--help")
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"--udp | --local PATH" in done.stdout
    assert b"listening on" in done.stdout


def _assert_one_line_error(done: subprocess.CompletedProcess[bytes], fragment: str) -> None:
    assert done.returncode != 0
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("iolib echo-server: ")
    assert fragment in lines[0]
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--port", "70000"], "70000"),
        (["--port", "-1"], "-1"),
        (["--port", ""], "port"),
        (["--port", "no-such-service-iolib"], "no-such-service-iolib"),
        (["--udp", "--local", "x.sock"], "--udp"),
        (["--local", "x.sock", "--port", "7"], "--local"),
        (["--local", "x.sock", "--host", "127.0.0.1"], "--local"),
        (["--local", ""], "--local"),
    ],
)
def test_usage_mistakes(args: list[str], fragment: str) -> None:
    _assert_one_line_error(_run(*args), fragment)


def test_local_directory_missing(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "echo.sock"
    _assert_one_line_error(_run("--local", str(path)), "No such file")
    assert not path.parent.exists()


def test_local_path_is_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "precious.txt"
    path.write_bytes(b"keep me")
    _assert_one_line_error(_run("--local", str(path)), "in use")
    assert path.read_bytes() == b"keep me"


@pytest.mark.parametrize(
    ("kind", "extra"), [(socket.SOCK_STREAM, []), (socket.SOCK_DGRAM, ["--udp"])]
)
def test_address_in_use(kind: int, extra: list[str]) -> None:
    with socket.socket(socket.AF_INET, kind) as taken:
        taken.bind(("127.0.0.1", 0))
        if kind == socket.SOCK_STREAM:
            taken.listen()
        port = str(taken.getsockname()[1])
        _assert_one_line_error(_run(*extra, "--port", port), "in use")


# -- the server's log, in process --------------------------------------------------------


def _log_record(error: BaseException | None) -> logging.LogRecord:
    exc_info = None if error is None else (type(error), error, None)
    return logging.LogRecord(
        "iolib.sockets.server", logging.ERROR, __file__, 1, "%s failed", ("x",), exc_info
    )


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (None, "iolib echo-server: x failed\n"),
        (ValueError("bad"), "iolib echo-server: x failed: bad\n"),
        (
            OSError(errno.EMFILE, "Too many open files"),
            "iolib echo-server: x failed: [Errno 24] Too many open files\n",
        ),
    ],
)
def test_logged_failures_are_one_line_without_traceback(
    capsys: pytest.CaptureFixture[str], error: BaseException | None, expected: str
) -> None:
    _OneLineHandler().handle(_log_record(error))
    assert capsys.readouterr() == ("", expected)
