"""Local sockets: filesystem paths, the abstract namespace, and the socket file's lifecycle."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from iolib.address import LocalAddress
from iolib.sockets import (
    PassiveSocket,
    SocketAddressInUseError,
    SocketConnectionRefusedError,
    SocketDatagramLocalActive,
    SocketFileNotFoundError,
    SocketStreamLocalActive,
    SocketStreamLocalPassive,
    make_socket,
    make_socket_from_fd,
)


def _listen(name: object, **kwargs: object) -> PassiveSocket:
    listener = make_socket(address_family="local", connect="passive", local_filename=name, **kwargs)  # type: ignore[arg-type]
    assert isinstance(listener, SocketStreamLocalPassive)
    return listener


def test_stream_over_a_path(short_dir: Path) -> None:
    """Connect, accept, talk; names are LocalAddress objects."""
    path = str(short_dir / "s")
    with _listen(path) as listener:
        assert listener.is_listening
        assert listener.local_filename == LocalAddress(path)  # type: ignore[attr-defined]
        with make_socket(address_family="local", remote_filename=path) as client:
            assert type(client) is SocketStreamLocalActive
            assert client.remote_filename == LocalAddress(path)  # type: ignore[attr-defined]
            assert client.local_filename is None  # type: ignore[attr-defined]
            with listener.accept_connection(timeout=5) as server:  # type: ignore[union-attr]
                assert server.local_name == LocalAddress(path)
                assert server.remote_name is None
                client.write_line("over unix")
                client.finish_output()
                assert server.read_line() == "over unix"
                creds = server.peer_credentials  # type: ignore[attr-defined]
                assert (creds.pid, creds.uid, creds.gid) == (os.getpid(), os.getuid(), os.getgid())
    assert not os.path.exists(path)


def test_stream_over_an_abstract_name(abstract_name: str) -> None:
    """Abstract names work and leave nothing in the filesystem."""
    name = LocalAddress(abstract_name, abstract=True)
    with _listen(name) as listener:
        assert listener.local_filename == name  # type: ignore[attr-defined]
        with make_socket(address_family="local", remote_filename=name) as client:
            with listener.accept_connection(timeout=5) as server:  # type: ignore[union-attr]
                client.write(b"abstract")
                client.finish_output()
                assert server.read(8) == b"abstract"
            assert client.remote_filename == name  # type: ignore[attr-defined]


def test_datagram_over_paths_names_the_sender(short_dir: Path) -> None:
    """receive_from on a local datagram socket gives the sender's filename."""
    a_path, b_path = str(short_dir / "a"), str(short_dir / "b")
    with make_socket(address_family="local", type="datagram", local_filename=a_path) as a:
        assert type(a) is SocketDatagramLocalActive
        with make_socket(
            address_family="local", type="datagram", local_filename=b_path, remote_filename=a_path
        ) as b:
            b.send_to(b"dgram")
            buffer, nbytes, sender = a.receive_from(size=32)  # type: ignore[attr-defined,misc]
            assert bytes(buffer[:nbytes]) == b"dgram"
            assert sender == LocalAddress(b_path)
            a.send_to(b"reply", remote_filename=b_path)  # type: ignore[attr-defined]
            assert b.read_some(16) == b"reply"
            with pytest.raises(TypeError):
                a.send_to(b"x", remote_host="127.0.0.1", remote_port=1)  # type: ignore[attr-defined]
        with make_socket(address_family="local", type="datagram") as anonymous:
            anonymous.send_to(b"who", remote_filename=Path(a_path))  # type: ignore[attr-defined]
            assert a.receive_from(size=8).filename is None  # type: ignore[attr-defined,union-attr]


def test_datagram_over_abstract_names(abstract_name: str) -> None:
    """Abstract datagram names are reported back as abstract LocalAddresses."""
    name = LocalAddress(abstract_name, abstract=True)
    peer = LocalAddress(abstract_name + "-peer", abstract=True)
    with (
        make_socket(address_family="local", type="datagram", local_filename=name) as a,
        make_socket(
            address_family="local", type="datagram", local_filename=peer, remote_filename=name
        ) as b,
    ):
        b.send_to(b"hi")
        assert a.receive_from(size=4).filename == peer  # type: ignore[attr-defined,union-attr]
        b.disconnect()  # type: ignore[attr-defined]
        assert not b.is_connected


def test_connect_to_a_missing_path(short_dir: Path) -> None:
    """No file there: SocketFileNotFoundError, a FileNotFoundError."""
    with pytest.raises(SocketFileNotFoundError) as info:
        make_socket(address_family="local", remote_filename=str(short_dir / "none"))
    assert isinstance(info.value, FileNotFoundError)
    assert info.value.identifier == "file-not-found"


def test_connect_to_a_stale_socket_file(short_dir: Path) -> None:
    """A socket file nobody listens on refuses: SocketConnectionRefusedError."""
    path = str(short_dir / "stale")
    raw = socket.socket(socket.AF_UNIX)
    raw.bind(path)
    raw.close()
    with pytest.raises(SocketConnectionRefusedError):
        make_socket(address_family="local", remote_filename=path)


def test_a_regular_file_is_never_replaced(short_dir: Path) -> None:
    """Binding over a regular file fails with SocketAddressInUseError; the file stays."""
    path = short_dir / "file"
    path.write_text("precious")
    with pytest.raises(SocketAddressInUseError):
        _listen(str(path))
    assert path.read_text() == "precious"


def test_a_live_server_is_not_replaced(short_dir: Path) -> None:
    """A socket file with a live listener is kept: SocketAddressInUseError."""
    path = str(short_dir / "live")
    with _listen(path) as first:
        with pytest.raises(SocketAddressInUseError):
            _listen(path)
        assert first.is_listening
        assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_stale_socket_file_is_replaced_when_reusing(short_dir: Path) -> None:
    """reuse_address (the default) replaces a socket file nobody listens on."""
    path = str(short_dir / "stale")
    raw = socket.socket(socket.AF_UNIX)
    raw.bind(path)
    raw.close()
    with pytest.raises(SocketAddressInUseError):
        _listen(path, reuse_address=False)
    with _listen(path) as listener:
        assert listener.is_listening
    assert not os.path.exists(path)


def test_close_unlinks_only_the_inode_it_bound(short_dir: Path) -> None:
    """If another server replaced the file, closing leaves the new one alone."""
    path = str(short_dir / "s")
    first = _listen(path)
    os.unlink(path)
    with _listen(path) as second:
        first.close()
        assert os.path.exists(path)
        assert second.is_listening
    assert not os.path.exists(path)


def test_close_after_the_file_was_removed(short_dir: Path) -> None:
    """A file removed behind the listener's back is no error on close."""
    path = str(short_dir / "s")
    listener = _listen(path)
    os.unlink(path)
    listener.close()
    listener.close()
    assert not listener.is_open


def test_a_socket_from_an_fd_unlinks_nothing(short_dir: Path) -> None:
    """make_socket_from_fd never removes a file it did not bind."""
    path = str(short_dir / "inherited")
    raw = socket.socket(socket.AF_UNIX)
    raw.bind(path)
    raw.listen(1)
    with make_socket_from_fd(raw.detach(), connect="passive") as adopted:
        assert adopted.local_filename == LocalAddress(path)  # type: ignore[attr-defined]
    assert os.path.exists(path)


def test_bind_address_on_an_unbound_passive_local_socket(short_dir: Path) -> None:
    """bind_address then listen_on; the bound file is removed on close."""
    path = short_dir / "late"
    with make_socket(address_family="local", connect="passive") as listener:
        assert isinstance(listener, PassiveSocket)
        assert not listener.is_listening
        listener.bind_address(path)  # type: ignore[attr-defined]
        listener.listen_on()
        assert listener.is_listening
        assert path.exists()
    assert not path.exists()


def test_active_local_sockets_keep_their_file(short_dir: Path) -> None:
    """Only passive sockets unlink: a bound datagram socket leaves its file."""
    path = short_dir / "dgram"
    with make_socket(address_family="local", type="datagram", local_filename=path):
        assert path.exists()
    assert path.exists()


def test_accept_without_waiting_on_a_local_listener(short_dir: Path) -> None:
    """wait=False with nothing pending gives None."""
    with _listen(str(short_dir / "s")) as listener:
        assert listener.accept_connection(wait=False) is None
