"""send_file: zero copy on stream sockets, a buffered copy elsewhere."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest

from iolib.sockets import PassiveSocket, make_socket, make_socket_pair

DATA = bytes(range(256)) * 1024


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """A 256 KiB file of known content."""
    path = tmp_path / "data"
    path.write_bytes(DATA)
    return path


def test_send_a_whole_file_after_pending_output(data_file: Path) -> None:
    """Buffered bytes go first, then the whole file; the file position is untouched."""
    a, b = make_socket_pair()
    with a, b, open(data_file, "rb") as file:
        a.write(b"header:")
        got: list[bytes] = []
        reader = threading.Thread(target=lambda: got.append(b.read(7 + len(DATA))))
        reader.start()
        try:
            assert a.send_file(file) == len(DATA)
        finally:
            reader.join(timeout=30)
        assert got == [b"header:" + DATA]
        assert file.tell() == 0


def test_offset_and_count_by_descriptor(data_file: Path) -> None:
    """A descriptor, an offset and a count send exactly that slice."""
    a, b = make_socket_pair()
    fd = os.open(data_file, os.O_RDONLY)
    with a, b:
        try:
            assert a.send_file(fd, offset=1000, count=500) == 500
            assert b.read(500) == DATA[1000:1500]
            assert a.send_file(fd, offset=len(DATA) - 3) == 3
            assert b.read(3) == DATA[-3:]
        finally:
            os.close(fd)


def test_file_objects_without_descriptors_are_copied() -> None:
    """A BytesIO goes through the stream buffer, from the offset given."""
    a, b = make_socket_pair()
    with a, b:
        assert a.send_file(io.BytesIO(b"0123456789"), offset=4, count=3) == 3
        assert b.read(3) == b"456"


def test_datagram_sockets_use_the_copy(data_file: Path) -> None:
    """On a datagram socket the buffered copy runs (small counts, one datagram)."""
    with make_socket(type="datagram", local_host="127.0.0.1", local_port=0) as server:
        port = server.local_port  # type: ignore[attr-defined]
        with make_socket(type="datagram", remote_host="127.0.0.1", remote_port=port) as c:
            with open(data_file, "rb") as file:
                assert c.send_file(file, count=100) == 100  # type: ignore[attr-defined]
            got = server.receive_from(size=200)  # type: ignore[attr-defined]
            assert bytes(got.buffer[: got.nbytes]) == DATA[:100]


@pytest.mark.parametrize(
    ("file", "kwargs", "error"),
    [
        (object(), {}, TypeError),
        (io.BytesIO(b""), {"offset": -1}, ValueError),
        (io.BytesIO(b""), {"offset": "0"}, TypeError),
        (io.BytesIO(b""), {"count": -5}, ValueError),
        (io.BytesIO(b""), {"count": 1.5}, TypeError),
    ],
)
def test_bad_arguments(file: object, kwargs: dict[str, object], error: type[Exception]) -> None:
    """Bad files, offsets and counts raise TypeError / ValueError."""
    a, b = make_socket_pair()
    with a, b, pytest.raises(error):
        a.send_file(file, **kwargs)  # type: ignore[arg-type]


def test_over_tcp(data_file: Path, tcp_listener: PassiveSocket) -> None:
    """sendfile over a TCP connection delivers the file intact, within write_timeout."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with (
        make_socket(remote_host="127.0.0.1", remote_port=port) as client,
        tcp_listener.accept_connection(timeout=5) as server,  # type: ignore[union-attr]
    ):
        client.write_timeout = 30  # type: ignore[attr-defined]
        got: list[bytes] = []
        reader = threading.Thread(target=lambda: got.append(server.read(len(DATA))))
        reader.start()
        try:
            with open(data_file, "rb") as file:
                assert client.send_file(file) == len(DATA)  # type: ignore[attr-defined]
        finally:
            reader.join(timeout=30)
        assert got == [DATA]
