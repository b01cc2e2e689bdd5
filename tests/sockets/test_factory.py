"""make_socket's tables: every combination, every keyword, and the error for a stray one."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from iolib.address import LocalAddress
from iolib.sockets import (
    ActiveSocket,
    PassiveSocket,
    SocketDatagramInternetActive,
    SocketDatagramLocalActive,
    SocketNotASocketError,
    SocketStreamInternetActive,
    SocketStreamInternetPassive,
    SocketStreamLocalActive,
    SocketStreamLocalPassive,
    make_socket,
    make_socket_from_fd,
    make_socket_pair,
)
from iolib.sockets._factory import SOCKET_CLASSES, SOCKET_KEYWORDS

ALL_KEYWORDS = {
    "local_host",
    "local_port",
    "remote_host",
    "remote_port",
    "local_filename",
    "remote_filename",
    "backlog",
    "reuse_address",
    "keepalive",
    "nodelay",
    "interface",
    "broadcast",
    "input_buffer_size",
    "output_buffer_size",
    "happy_eyeballs_delay",
    "tls",
    "server_hostname",
}
COMBINATIONS = sorted(SOCKET_KEYWORDS)


def _family(key: tuple[str, str, str]) -> str:
    return key[0]


def test_tables_cover_the_same_combinations() -> None:
    """Both tables have the six combinations, and only IOLib's keywords."""
    assert set(SOCKET_CLASSES) == set(SOCKET_KEYWORDS)
    assert len(SOCKET_CLASSES) == 6
    for allowed in SOCKET_KEYWORDS.values():
        assert allowed <= ALL_KEYWORDS


@pytest.mark.parametrize("key", COMBINATIONS, ids="-".join)
@pytest.mark.parametrize("keyword", sorted(ALL_KEYWORDS))
def test_a_keyword_not_valid_for_the_combination_is_a_type_error(
    key: tuple[str, str, str], keyword: str
) -> None:
    """Each keyword outside a combination's set raises TypeError naming it."""
    if keyword in SOCKET_KEYWORDS[key]:
        return
    family, kind, connect = key
    with pytest.raises(TypeError, match=repr(keyword)):
        make_socket(address_family=family, type=kind, connect=connect, **{keyword: None})  # type: ignore[arg-type]


def _valid_value(keyword: str, key: tuple[str, str, str], tmp: Path) -> object:
    values: dict[str, object] = {
        "local_host": "127.0.0.1",
        "local_port": 0,
        "backlog": 3,
        "reuse_address": True,
        "keepalive": True,
        "nodelay": True,
        "broadcast": True,
        "input_buffer_size": 1024,
        "output_buffer_size": 512,
        "local_filename": str(tmp / f"{keyword}-{'-'.join(key)}"),
    }
    return values.get(keyword)


@pytest.mark.parametrize("key", COMBINATIONS, ids="-".join)
def test_every_valid_keyword_is_accepted(key: tuple[str, str, str], short_dir: Path) -> None:
    """Each keyword of a combination's set is accepted on its own."""
    family, kind, connect = key
    for keyword in sorted(SOCKET_KEYWORDS[key]):
        if keyword in ("remote_host", "remote_port", "remote_filename", "interface", "tls"):
            continue  # need a peer / privileges: covered by the connection tests
        value = _valid_value(keyword, key, short_dir)
        with make_socket(
            address_family=family,  # type: ignore[arg-type]
            type=kind,  # type: ignore[arg-type]
            connect=connect,  # type: ignore[arg-type]
            **{keyword: value},
        ) as sock:
            assert type(sock) is SOCKET_CLASSES[key]
            if keyword == "input_buffer_size":
                assert isinstance(sock, ActiveSocket)
                assert sock.input_buffer_size == 1024
            if keyword == "output_buffer_size":
                assert isinstance(sock, ActiveSocket)
                assert sock.output_buffer_size == 512
            if keyword in ("keepalive", "nodelay", "broadcast"):
                assert sock.get_option(keyword) is True


def test_options_combined_on_a_tcp_client(tcp_listener: PassiveSocket) -> None:
    """Several keywords at once: bound locally, connected, options set."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with make_socket(
        local_host="127.0.0.1",
        local_port=0,
        remote_host="127.0.0.1",
        remote_port=port,
        keepalive=True,
        nodelay=True,
        reuse_address=True,
        input_buffer_size=7,
        output_buffer_size=9,
    ) as client:
        assert isinstance(client, SocketStreamInternetActive)
        assert client.is_connected
        assert client.get_option("keepalive") is True
        assert client.get_option("nodelay") is True
        assert client.get_option("reuse_address") is True
        assert (client.input_buffer_size, client.output_buffer_size) == (7, 9)
        with tcp_listener.accept_connection(timeout=5) as server:  # type: ignore[attr-defined,union-attr]
            assert server.remote_port == client.local_port


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"address_family": "inet"}, ValueError),
        ({"address_family": 4}, TypeError),
        ({"type": "raw"}, ValueError),
        ({"type": None}, TypeError),
        ({"connect": "listen"}, ValueError),
        ({"type": "datagram", "connect": "passive"}, ValueError),
        ({"ipv6": "yes"}, TypeError),
        ({"ipv6": 1}, TypeError),
        ({"address_family": "ipv4", "ipv6": True}, ValueError),
        ({"external_format": "no-such-codec"}, ValueError),
        ({"external_format": 3}, TypeError),
        ({"connect": "passive", "external_format": "no-such-codec"}, ValueError),
        ({"address_family": "local", "connect": "passive", "external_format": 3}, TypeError),
        ({"external_format": ("utf-8",)}, ValueError),
        ({"input_buffer_size": 0}, ValueError),
        ({"input_buffer_size": "big"}, TypeError),
        ({"output_buffer_size": -1}, ValueError),
        ({"remote_host": "127.0.0.1"}, TypeError),
        ({"remote_port": 80}, TypeError),
        ({"connect": "passive", "backlog": 0}, TypeError),
        ({"connect": "passive", "backlog": "5"}, TypeError),
        ({"connect": "passive", "backlog": 10**9}, TypeError),
        ({"connect": "passive", "local_host": "127.0.0.1", "local_port": 70000}, TypeError),
        ({"connect": "passive", "local_host": (1, 2, 3)}, ValueError),
        ({"remote_host": 1.5, "remote_port": 1}, TypeError),
        ({"address_family": "ipv4", "remote_host": "::1", "remote_port": 1}, ValueError),
        ({"address_family": "local", "local_filename": 3}, TypeError),
        ({"address_family": "local", "ipv6": "x"}, TypeError),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], error: type[Exception]) -> None:
    """Bad values raise TypeError or ValueError, and leak nothing (fixture)."""
    with pytest.raises(error):
        make_socket(**kwargs)  # type: ignore[arg-type]


def _stdlib(family: int, kind: int) -> socket.socket:
    return socket.socket(family, kind)


@pytest.mark.parametrize(
    ("family", "kind", "connect", "cls"),
    [
        (socket.AF_INET, socket.SOCK_STREAM, "active", SocketStreamInternetActive),
        (socket.AF_INET6, socket.SOCK_STREAM, "active", SocketStreamInternetActive),
        (socket.AF_INET, socket.SOCK_STREAM, "passive", SocketStreamInternetPassive),
        (socket.AF_INET, socket.SOCK_DGRAM, "active", SocketDatagramInternetActive),
        (socket.AF_UNIX, socket.SOCK_STREAM, "active", SocketStreamLocalActive),
        (socket.AF_UNIX, socket.SOCK_STREAM, "passive", SocketStreamLocalPassive),
        (socket.AF_UNIX, socket.SOCK_DGRAM, "active", SocketDatagramLocalActive),
    ],
)
def test_make_socket_from_fd_reads_family_and_type(
    family: int, kind: int, connect: str, cls: type
) -> None:
    """The class follows the fd's family and type; the socket owns the fd."""
    raw = _stdlib(family, kind)
    fd = raw.detach()
    sock = make_socket_from_fd(fd, connect=connect)  # type: ignore[arg-type]
    try:
        assert type(sock) is cls
        assert sock.os_fd == fd
        assert sock.ipv6 is (family == socket.AF_INET6)
    finally:
        sock.close()
    with pytest.raises(OSError):
        os.fstat(fd)


def test_make_socket_from_fd_of_a_listener_knows_it_listens(tcp_listener: PassiveSocket) -> None:
    """A listening fd becomes a passive socket that accepts."""
    dup = os.dup(tcp_listener.fileno())
    with make_socket_from_fd(dup, connect="passive") as listener:
        assert isinstance(listener, SocketStreamInternetPassive)
        assert listener.is_listening
        assert listener.accept_connection(wait=False) is None


def test_make_socket_from_fd_failures_leave_the_fd_open(tmp_path: Path) -> None:
    """A non-socket or a bad combination raises; the fd stays the caller's."""
    fd = os.open(tmp_path / "file", os.O_CREAT | os.O_RDWR)
    try:
        with pytest.raises(SocketNotASocketError):
            make_socket_from_fd(fd)
        os.fstat(fd)
    finally:
        os.close(fd)
    raw = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        with pytest.raises(ValueError):
            make_socket_from_fd(raw.fileno(), connect="passive")
        with pytest.raises(ValueError):
            make_socket_from_fd(raw.fileno(), input_buffer_size=0)
        assert raw.fileno() >= 0
        os.fstat(raw.fileno())
    finally:
        raw.close()


@pytest.mark.parametrize(("fd", "error"), [(-1, ValueError), ("3", TypeError), (True, TypeError)])
def test_make_socket_from_fd_bad_fd(fd: object, error: type[Exception]) -> None:
    """A negative or non-int fd is rejected."""
    with pytest.raises(error):
        make_socket_from_fd(fd)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "cls"), [("stream", SocketStreamLocalActive), ("datagram", SocketDatagramLocalActive)]
)
def test_make_socket_pair(kind: str, cls: type) -> None:
    """A pair of connected local sockets of either type."""
    a, b = make_socket_pair(kind, input_buffer_size=64)  # type: ignore[arg-type]
    with a, b:
        assert type(a) is type(b) is cls
        assert a.is_connected and b.is_connected
        assert a.input_buffer_size == 64
        a.write(b"ping")
        a.finish_output()
        assert b.read_some(10) == b"ping"
        assert a.remote_filename is None


def test_make_socket_pair_bad_arguments() -> None:
    """Bad type or stream arguments raise, leaking nothing."""
    with pytest.raises(ValueError):
        make_socket_pair("raw")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        make_socket_pair(output_buffer_size=0)


def test_local_filename_designators(short_dir: Path) -> None:
    """local_filename takes a str, a PathLike or a LocalAddress."""
    for name in (str(short_dir / "a"), short_dir / "b", LocalAddress(str(short_dir / "c"))):
        with make_socket(address_family="local", connect="passive", local_filename=name) as s:
            assert isinstance(s.local_filename, LocalAddress)  # type: ignore[attr-defined]
            expected = name.name if isinstance(name, LocalAddress) else os.fspath(name)
            assert s.local_filename.name == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("kwargs", [{"connect": "passive"}, {"type": "datagram"}])
def test_interface_binds_to_a_device(kwargs: dict[str, str]) -> None:
    """interface="lo" sets SO_BINDTODEVICE (skipped where that is not permitted)."""
    from iolib.sockets import SocketError

    try:
        sock = make_socket(interface="lo", **kwargs)  # type: ignore[arg-type]
    except SocketError as exc:
        pytest.skip(f"SO_BINDTODEVICE refused here: {exc}")
    with sock:
        assert sock.get_option("bind_to_device") == "lo"


def test_local_port_binds_only_with_local_host() -> None:
    """As in IOLib, a passive socket with local_port but no local_host is unbound."""
    with make_socket(connect="passive", local_port=0) as listener:
        assert not listener.is_listening
        assert listener.local_port == 0  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        make_socket(connect="passive", local_port=70000)
