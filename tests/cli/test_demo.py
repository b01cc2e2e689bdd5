"""``iolib demo`` through the real executable: every step of the tour runs and exits 0."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def tour() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iolib", "demo"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_demo_exits_zero_without_stderr(tour: subprocess.CompletedProcess[str]) -> None:
    assert tour.returncode == 0, tour.stderr
    assert tour.stderr == ""


@pytest.mark.parametrize(
    "expected",
    [
        "== TCP echo over IPv4",
        "echoed: 'ping over ipv4'",
        "== TCP echo over IPv6",
        "server received InetReceived(buffer=bytearray(b'marco'), nbytes=5, host=IPv4Address",
        "client received InetReceived(buffer=bytearray(b'polo'), nbytes=4, host=IPv4Address",
        "reply: got 'Grüße, שלום, привет' and b'\\x00\\x01\\x02\\x03'",
        "socket file removed on close: True",
        "read from the pipe: hello from child process",
        "child exited with status 0",
        "localhost -> 127.0.0.1",
        "interfaces: lo (#1)",
        "network:    192.168.8.0/22",
    ],
)
def test_demo_shows_each_step(tour: subprocess.CompletedProcess[str], expected: str) -> None:
    assert expected in tour.stdout
