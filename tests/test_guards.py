"""The suite's own guards: loopback-only traffic and the fd-leak check."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NonLoopbackTrafficError, open_fds


class TestLoopbackGuard:
    """The autouse guard refuses any non-loopback destination before traffic leaves."""

    @pytest.mark.parametrize("host", ["192.0.2.1", "10.0.0.1", "8.8.8.8", "example.com"])
    def test_udp_sendto_non_loopback_is_refused(self, host: str) -> None:
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s,
            pytest.raises(NonLoopbackTrafficError),
        ):
            s.sendto(b"x", (host, 9))

    def test_tcp_connect_non_loopback_is_refused(self) -> None:
        with (
            socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s,
            pytest.raises(NonLoopbackTrafficError),
        ):
            s.connect(("2001:db8::1", 9))

    def test_loopback_udp_is_allowed(self) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx:
            rx.bind(("127.0.0.1", 0))
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
                tx.sendto(b"ping", rx.getsockname())
            assert rx.recv(16) == b"ping"

    def test_unix_sockets_are_unaffected(self) -> None:
        a, b = socket.socketpair()
        with a, b:
            a.sendall(b"hi")
            assert b.recv(2) == b"hi"


def test_open_fds_sees_a_new_descriptor() -> None:
    before = open_fds()
    s = socket.socket()
    try:
        assert s.fileno() in open_fds() - before
    finally:
        s.close()
    assert s.fileno() == -1
