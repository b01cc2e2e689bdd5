"""``iolib connect`` through the real executable, against loopback servers."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

RUN_TIMEOUT = 30


def _iolib(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "iolib", *args],
        input=stdin,
        capture_output=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )


@pytest.fixture
def echo_port() -> Iterator[int]:
    """A one-connection echo server on 127.0.0.1 that closes after the client's EOF."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(RUN_TIMEOUT)

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            while data := conn.recv(65536):
                conn.sendall(data)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        thread.join(RUN_TIMEOUT)
        listener.close()


def test_copies_stdin_to_the_peer_and_the_peer_to_stdout(echo_port: int) -> None:
    payload = bytes(range(256)) * 1000 + b"\r\nno newline at the end"
    done = _iolib("connect", "127.0.0.1", str(echo_port), stdin=payload)
    assert done.returncode == 0, done.stderr
    assert done.stdout == payload
    assert b"connected to 127.0.0.1" in done.stderr


def test_quiet_prints_nothing_on_stderr(echo_port: int) -> None:
    done = _iolib("connect", "-q", "127.0.0.1", str(echo_port), stdin=b"hi\n")
    assert (done.returncode, done.stdout, done.stderr) == (0, b"hi\n", b"")


def test_peer_closing_first_ends_the_client() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(RUN_TIMEOUT)

    def greet_and_close() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"220 hello\r\n")

    thread = threading.Thread(target=greet_and_close)
    thread.start()
    with listener:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "iolib",
                "connect",
                "-q",
                "127.0.0.1",
                str(listener.getsockname()[1]),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            out, err = proc.communicate(timeout=RUN_TIMEOUT)  # stdin left open until exit
        finally:
            thread.join(RUN_TIMEOUT)
    assert (proc.returncode, out) == (0, b"220 hello\r\n"), err


def test_refused_connection_is_one_line_on_stderr() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, not listening: connections are refused
        done = _iolib("connect", "127.0.0.1", str(port))
    assert done.returncode != 0
    assert done.stdout == b""
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "refused" in lines[0], done.stderr


def test_cafile_without_tls_is_a_usage_error() -> None:
    done = _iolib("connect", "127.0.0.1", "9", "--cafile", "/nonexistent")
    assert done.returncode == 2
    assert b"--cafile needs --tls" in done.stderr
    assert b"Traceback" not in done.stderr
