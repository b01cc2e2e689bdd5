"""Closing: idempotent, exactly once, on error paths too, and ResourceWarning when forgotten."""

from __future__ import annotations

import gc
import os
import socket
from pathlib import Path

import pytest

from iolib.sockets import (
    ActiveSocket,
    PassiveSocket,
    SocketAddressInUseError,
    make_socket,
    make_socket_pair,
)

from ..conftest import open_fds


def test_close_is_idempotent(tcp_listener: PassiveSocket) -> None:
    """Closing twice, or through the context manager after close, does nothing more."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    client = make_socket(remote_host="127.0.0.1", remote_port=port)
    fd = client.fileno()
    client.close()
    client.close()
    client.close(abort=True)
    assert client.os_fd is None
    assert not client.is_open
    assert client.closed
    with pytest.raises(OSError):
        os.fstat(fd)
    tcp_listener.close()
    tcp_listener.close()
    assert not tcp_listener.is_open


def test_stream_methods_after_close() -> None:
    """Stream use after close is the stream's ValueError, used or not before."""
    for used in (False, True):
        a, b = make_socket_pair()
        if used:
            a.write(b"x")
            a.finish_output()
        b.close()
        a.close()
        with pytest.raises(ValueError):
            a.write(b"more")
        with pytest.raises(ValueError):
            a.read_byte()
        with pytest.raises(ValueError):
            a.send_file_descriptor(0)  # type: ignore[attr-defined]


def test_close_flushes_pending_output_unless_aborted() -> None:
    """close() writes what is buffered; close(abort=True) drops it."""
    a, b = make_socket_pair()
    with b:
        a.write(b"flushed on close")
        a.close()
        assert b.read() == b"flushed on close"
    a, b = make_socket_pair()
    with b:
        a.write(b"dropped")
        a.close(abort=True)
        assert b.read() == b""


def test_timeouts_set_before_first_use_are_kept() -> None:
    """Stream attributes set before any I/O survive the stream's first use."""
    a, b = make_socket_pair()
    with a, b:
        a.read_timeout = 0.5
        a.write_timeout = 0.25
        a.external_format = ("latin-1", "crlf")
        b.write(b"\xe9\r\n")
        b.finish_output()
        assert a.read_line() == "\xe9"
        assert (a.read_timeout, a.write_timeout) == (0.5, 0.25)


def test_forgotten_sockets_warn_and_close() -> None:
    """A socket collected while open gives a ResourceWarning and closes its fd."""
    for kwargs in ({}, {"connect": "passive"}, {"type": "datagram"}):
        sock = make_socket(**kwargs)  # type: ignore[arg-type]
        fd = sock.fileno()
        with pytest.warns(ResourceWarning, match="unclosed socket"):
            del sock
            gc.collect()
        with pytest.raises(OSError):
            os.fstat(fd)


def test_constructor_errors_leak_nothing(short_dir: Path, tcp_listener: PassiveSocket) -> None:
    """Failures after the socket exists close it (the leak fixture checks too)."""
    before = open_fds()
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with pytest.raises(SocketAddressInUseError):
        make_socket(connect="passive", local_host="127.0.0.1", local_port=port)
    with pytest.raises(ValueError):
        make_socket(remote_host="127.0.0.1", remote_port=port, input_buffer_size=0)
    path = short_dir / "file"
    path.write_text("x")
    with pytest.raises(SocketAddressInUseError):
        make_socket(address_family="local", connect="passive", local_filename=path)
    with pytest.raises(OSError):
        make_socket(address_family="local", remote_filename=short_dir / "missing")
    with pytest.raises(ValueError):
        make_socket_pair(input_buffer_size=0)
    raw = socket.socket()
    with raw, pytest.raises(ValueError):
        ActiveSocket.__init__(object.__new__(ActiveSocket), raw, input_buffer_size=-5)
    assert open_fds() == before


def test_context_managers(short_dir: Path) -> None:
    """Every socket is a context manager that closes on exit."""
    with make_socket(
        address_family="local", connect="passive", local_filename=short_dir / "s"
    ) as s:
        assert s.is_open
    assert not s.is_open
    assert not (short_dir / "s").exists()


@pytest.mark.parametrize(
    ("value", "error"), [(-1, ValueError), ("1", TypeError), (True, TypeError)]
)
def test_bad_timeouts_before_and_after_first_use(value: object, error: type[Exception]) -> None:
    """Timeouts are checked the same way whether or not the stream has been used."""
    a, b = make_socket_pair()
    with a, b:
        with pytest.raises(error):
            a.read_timeout = value  # type: ignore[assignment]
        with pytest.raises(error):
            a.write_timeout = value  # type: ignore[assignment]
        a.write(b"x")
        a.finish_output()
        assert b.read(1) == b"x"
        with pytest.raises(error):
            a.read_timeout = value  # type: ignore[assignment]
        a.write_timeout = 2
        assert a.write_timeout == 2.0
