"""Connecting to names with several addresses: Happy Eyeballs (RFC 8305) and in-turn attempts."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import iolib.dns
from iolib.address import IPv4Address, IPv6Address, ensure_address
from iolib.multiplex import PollTimeout, wait_until_fd_ready
from iolib.sockets import (
    PassiveSocket,
    SocketConnectionRefusedError,
    SocketConnectionTimedOutError,
    make_socket,
    socket_connect,
)
from iolib.sockets._connect import Target, check_delay, interleave

from .conftest import needs_ipv6


def _target(text: str) -> Target:
    address = ensure_address(text)
    assert isinstance(address, IPv4Address | IPv6Address)
    return Target(address.version == 6, (text, 1), address)


def test_interleave_puts_ipv6_first_and_alternates() -> None:
    """RFC 8305 section 4: v6, v4, v6, v4 ..., each family in its own order."""
    given = [_target(t) for t in ("127.0.0.1", "127.0.0.2", "::1", "::2", "::3")]
    assert [str(t.address) for t in interleave(given)] == [
        "::1",
        "127.0.0.1",
        "::2",
        "127.0.0.2",
        "::3",
    ]


@pytest.mark.parametrize(
    ("delay", "error"), [("1", TypeError), (True, TypeError), (-1, ValueError)]
)
def test_bad_delays(delay: object, error: type[Exception]) -> None:
    """The delay is seconds >= 0 or None."""
    with pytest.raises(error):
        check_delay(delay)
    with pytest.raises(error):
        make_socket(remote_host="localhost", remote_port=1, happy_eyeballs_delay=delay)


def _refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def hosts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A hosts file the test fills in, pointed at by iolib.dns.hosts_file."""
    path = tmp_path / "hosts"
    path.write_text("")
    monkeypatch.setattr(iolib.dns, "hosts_file", str(path))
    yield path


@needs_ipv6
def test_a_refused_ipv6_attempt_falls_back_to_ipv4_at_once(
    hosts: Path, tcp_listener: PassiveSocket
) -> None:
    """::1 refuses, so 127.0.0.1 is tried without waiting out the delay."""
    hosts.write_text("127.0.0.1 both.test\n::1 both.test\n")
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    start = time.monotonic()
    with make_socket(remote_host="both.test", remote_port=port, happy_eyeballs_delay=30) as c:
        assert time.monotonic() - start < 10
        assert c.remote_host == IPv4Address((127, 0, 0, 1))  # type: ignore[attr-defined]
        assert not c.ipv6
        with tcp_listener.accept_connection(timeout=5):
            pass


def test_every_attempt_failing_raises_the_first_with_all_attempts(hosts: Path) -> None:
    """The first failure's class, with .attempts naming every address tried."""
    hosts.write_text("127.0.0.2 dead.test\n127.0.0.3 dead.test\n")
    port = _refused_port()
    with pytest.raises(SocketConnectionRefusedError) as info:
        make_socket(remote_host="dead.test", remote_port=port)
    attempts = info.value.attempts
    assert [str(address) for address, _ in attempts] == ["127.0.0.2", "127.0.0.3"]
    assert all(isinstance(error, SocketConnectionRefusedError) for _, error in attempts)
    with pytest.raises(SocketConnectionRefusedError) as info:
        make_socket(remote_host="dead.test", remote_port=port, happy_eyeballs_delay=None)
    assert len(info.value.attempts) == 2


def _hanging_listener(port: int) -> tuple[socket.socket, list[socket.socket]]:
    """A listener on 127.0.0.2:port whose queue is full, so one more connect hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.2", port))
    listener.listen(1)
    fillers = []
    for _ in range(8):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.2", port))
        fillers.append(filler)
        try:
            wait_until_fd_ready(filler.fileno(), "write", 0.2)
        except PollTimeout:
            return listener, fillers
    listener.close()
    for filler in fillers:
        filler.close()
    pytest.skip("this kernel accepts past the backlog: cannot make a connect hang")


def test_a_hanging_attempt_is_overtaken_after_the_delay(
    hosts: Path, tcp_listener: PassiveSocket
) -> None:
    """127.0.0.2 hangs; 127.0.0.1 starts after the delay, wins, and the loser is closed."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    listener, fillers = _hanging_listener(port)
    try:
        hosts.write_text("127.0.0.2 race.test\n127.0.0.1 race.test\n")
        start = time.monotonic()
        with socket_connect("race.test", port, happy_eyeballs_delay=0.05, timeout=10) as client:
            elapsed = time.monotonic() - start
            assert 0.04 <= elapsed < 5
            assert client.remote_host == IPv4Address((127, 0, 0, 1))  # type: ignore[attr-defined]
            with tcp_listener.accept_connection(timeout=5):
                pass
    finally:
        listener.close()
        for filler in fillers:
            filler.close()


def test_the_timeout_bounds_the_whole_connect(hosts: Path, tcp_listener: PassiveSocket) -> None:
    """One attempt after another (delay None): the hanging first one uses up the timeout."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    listener, fillers = _hanging_listener(port)
    try:
        hosts.write_text("127.0.0.2 race.test\n127.0.0.1 race.test\n")
        start = time.monotonic()
        with pytest.raises(SocketConnectionTimedOutError) as info:
            socket_connect("race.test", port, happy_eyeballs_delay=None, timeout=0.1)
        assert time.monotonic() - start < 5
        assert [str(a) for a, _ in info.value.attempts] == ["127.0.0.2"]
    finally:
        listener.close()
        for filler in fillers:
            filler.close()
