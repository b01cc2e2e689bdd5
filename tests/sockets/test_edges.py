"""Edge paths: full buffers and backlogs, host names with several addresses, failing calls."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

import iolib.dns
from iolib.address import IPv4Address
from iolib.sockets import (
    PassiveSocket,
    SocketConnectionRefusedError,
    SocketConnectionTimedOutError,
    SocketError,
    SocketInvalidArgumentError,
    make_socket,
    make_socket_pair,
)
from iolib.sockets._sockaddr import inet_from_sockaddr, inet_host_text, local_from_sockaddr
from iolib.streams import StreamTimeoutError


@pytest.fixture
def hosts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hosts file where multi.test has two loopback addresses, the first refusing."""
    path = tmp_path / "hosts"
    path.write_text("127.0.0.2 multi.test\n127.0.0.1 multi.test\n127.0.0.3 dead.test\n")
    monkeypatch.setattr(iolib.dns, "hosts_file", str(path))
    return path


def test_a_name_with_several_addresses_tries_each(hosts: Path, tcp_listener: PassiveSocket) -> None:
    """The refused first address is closed and the second one connects."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with make_socket(remote_host="multi.test", remote_port=port) as client:
        assert client.remote_host == IPv4Address((127, 0, 0, 1))  # type: ignore[attr-defined]
        with tcp_listener.accept_connection(timeout=5):
            pass


def test_when_every_address_fails_the_first_error_is_raised(hosts: Path) -> None:
    """All refused: the first failure's class and situation."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SocketConnectionRefusedError) as info:
        make_socket(remote_host="multi.test", remote_port=port)
    assert info.value.situation == f"connect(127.0.0.2:{port})"


def test_service_names_as_ports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A service name is a port designator for make_socket."""
    services = tmp_path / "services"
    with make_socket(type="datagram", local_host="127.0.0.1", local_port=0) as server:
        services.write_text(f"iolibtest {server.local_port}/udp\n")  # type: ignore[attr-defined]
        monkeypatch.setattr(iolib.dns, "services_file", str(services))
        with make_socket(type="datagram", remote_host="127.0.0.1", remote_port="iolibtest") as c:
            assert c.remote_port == server.local_port  # type: ignore[attr-defined]


def test_descriptor_send_waits_for_room_within_write_timeout() -> None:
    """A full socket buffer makes sending wait, bounded by write_timeout."""
    a, b = make_socket_pair()
    with a, b:
        a.write_timeout = 0.05
        r, w = os.pipe()
        try:
            with pytest.raises(StreamTimeoutError):
                for _ in range(100_000):
                    a.send_file_descriptor(r)
        finally:
            os.close(r)
            os.close(w)


def test_send_to_waits_for_room_within_write_timeout() -> None:
    """send_to on a full stream waits, bounded by write_timeout; dont_wait does not wait."""
    a, b = make_socket_pair()
    with a, b:
        a.write_timeout = 0.05
        chunk = b"x" * 65536
        with pytest.raises(StreamTimeoutError):
            for _ in range(10_000):
                a.send_to(chunk)
        with pytest.raises(SocketError) as info:
            a.send_to(chunk, dont_wait=True)
        assert info.value.identifier == "would-block"


def _full_local_listener(path: str) -> tuple[PassiveSocket, list[socket.socket]]:
    listener = make_socket(
        address_family="local", connect="passive", local_filename=path, backlog=1
    )
    assert isinstance(listener, PassiveSocket)
    fillers = []
    for _ in range(64):
        filler = socket.socket(socket.AF_UNIX)
        filler.setblocking(False)
        fillers.append(filler)
        if filler.connect_ex(path) != 0:
            return listener, fillers
    listener.close()
    for filler in fillers:
        filler.close()
    pytest.skip("this kernel never reports a full local backlog")


def test_connect_to_a_full_local_listener_is_bounded(short_dir: Path) -> None:
    """A full Unix listener: connect waits up to its timeout, then times out."""
    path = str(short_dir / "full")
    listener, fillers = _full_local_listener(path)
    try:
        with make_socket(address_family="local") as client:
            start = time.monotonic()
            with pytest.raises(SocketConnectionTimedOutError):
                client.connect(path, timeout=0.1)  # type: ignore[attr-defined]
            assert time.monotonic() - start < 2
            with pytest.raises(SocketConnectionTimedOutError):
                client.connect(path, timeout=0)  # type: ignore[attr-defined]
            client.connect(path, wait=False)  # type: ignore[attr-defined]
            assert not client.is_connected
    finally:
        listener.close()
        for filler in fillers:
            filler.close()


def test_a_full_local_listener_admits_once_it_accepts(short_dir: Path) -> None:
    """Once the listener accepts, the waiting connect completes."""
    path = str(short_dir / "full")
    listener, fillers = _full_local_listener(path)
    try:
        conn = listener.accept_connection(timeout=5)
        assert conn is not None
        conn.close()
        with make_socket(address_family="local") as client:
            client.connect(path, timeout=5)  # type: ignore[attr-defined]
            assert client.is_connected
    finally:
        listener.close()
        for filler in fillers:
            filler.close()


def test_listen_on_an_unbound_local_socket_is_refused() -> None:
    """The OS refuses to listen without an address: a SocketError with the call named."""
    with make_socket(address_family="local", connect="passive") as listener:
        with pytest.raises(SocketInvalidArgumentError) as info:
            listener.listen_on()  # type: ignore[attr-defined]
        assert info.value.situation == "listen"
        assert not listener.is_listening  # type: ignore[attr-defined]


def test_accept_on_a_closed_listener(tcp_listener: PassiveSocket) -> None:
    """A closed listener refuses to accept with ValueError."""
    tcp_listener.close()
    with pytest.raises(ValueError):
        tcp_listener.accept_connection()
    with pytest.raises(ValueError):
        tcp_listener.listen_on()


def test_scoped_ipv6_addresses_keep_their_zone() -> None:
    """A link-local address keeps its scope between the OS tuple and text."""
    address, port = inet_from_sockaddr(("fe80::1", 80, 0, 1))
    assert (str(address), port) == ("fe80::1%1", 80)
    assert inet_host_text(address, True) == "fe80::1%1"
    with pytest.raises(ValueError):
        inet_host_text(address, False)
    mapped, _ = inet_from_sockaddr(("::ffff:127.0.0.1", 1, 0, 0))
    assert inet_host_text(mapped, False) == "127.0.0.1"
    with pytest.raises(TypeError):
        inet_from_sockaddr((1, 2))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", None),
        (b"", None),
        ("/tmp/x", "/tmp/x"),
        (b"/tmp/y", "/tmp/y"),
        (b"\0abs", "@abs"),
        ("\0abs", "@abs"),
        (None, None),
    ],
)
def test_local_names_from_the_os(raw: object, expected: str | None) -> None:
    """The OS's Unix addresses become LocalAddress objects (None when unnamed)."""
    got = local_from_sockaddr(raw)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert str(got) == expected
