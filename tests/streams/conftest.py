"""Stream fixtures: connected descriptor pairs of each kind, wrapped in streams."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from typing import Protocol

import pytest

from iolib.streams import DualChannelStream

#: descriptor kinds whose two ends can both read and write
BIDIRECTIONAL = ("socketpair", "tcp")
#: every kind: a pipe carries data from its writing end to its reading end only
ALL_KINDS = ("socketpair", "pipe", "tcp")


def _fd_pair(kind: str) -> tuple[int, int]:
    """Return (writer_fd, reader_fd) connected descriptors of ``kind``."""
    if kind == "socketpair":
        a, b = socket.socketpair()
        return a.detach(), b.detach()
    if kind == "pipe":
        r, w = os.pipe()
        return w, r
    if kind == "tcp":
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            client = socket.create_connection(listener.getsockname(), timeout=5)
            server, _ = listener.accept()
            client.settimeout(None)
            server.settimeout(None)
            return client.detach(), server.detach()
    raise ValueError(kind)


class PairFactory(Protocol):
    def __call__(
        self,
        external_format: object = ...,
        input_buffer_size: int | None = ...,
        output_buffer_size: int | None = ...,
        reader_format: object = ...,
    ) -> tuple[DualChannelStream, DualChannelStream]: ...


def _factory(kind: str, opened: list[DualChannelStream]) -> PairFactory:
    def make(
        external_format: object = "utf-8",
        input_buffer_size: int | None = None,
        output_buffer_size: int | None = None,
        reader_format: object = None,
    ) -> tuple[DualChannelStream, DualChannelStream]:
        w, r = _fd_pair(kind)
        writer = DualChannelStream(
            w,
            external_format,  # type: ignore[arg-type]  # tests pass bad designators too
            output_buffer_size=output_buffer_size,
        )
        reader = DualChannelStream(
            r,
            reader_format if reader_format is not None else external_format,  # type: ignore[arg-type]
            input_buffer_size=input_buffer_size,
        )
        opened.extend((writer, reader))
        return writer, reader

    return make


def _closing(kind: str) -> Iterator[PairFactory]:
    opened: list[DualChannelStream] = []
    yield _factory(kind, opened)
    for stream in opened:
        stream.close(abort=True)


@pytest.fixture(params=ALL_KINDS)
def pair(request: pytest.FixtureRequest) -> Iterator[PairFactory]:
    """A factory of (writer, reader) streams over a socket pair, a pipe or TCP loopback."""
    yield from _closing(request.param)


@pytest.fixture(params=BIDIRECTIONAL)
def duplex(request: pytest.FixtureRequest) -> Iterator[PairFactory]:
    """A factory of (a, b) streams whose ends both read and write."""
    yield from _closing(request.param)


@pytest.fixture
def socketpair_streams() -> Iterator[PairFactory]:
    """A factory of (writer, reader) streams over a Unix socket pair."""
    yield from _closing("socketpair")


FdPair = Callable[[str], tuple[int, int]]


@pytest.fixture(scope="package", autouse=True)
def _no_fd_leaked_by_the_stream_suite() -> Iterator[None]:
    """Compare /proc/self/fd around all of the streams tests, not only each one."""
    before = set(os.listdir("/proc/self/fd"))
    yield
    after = set(os.listdir("/proc/self/fd"))
    assert after <= before, f"the streams tests leaked fds: {sorted(after - before)}"


@pytest.fixture
def fd_pair() -> FdPair:
    """Return (writer_fd, reader_fd) of a kind; the test closes them."""
    return _fd_pair


class ScriptedStream(DualChannelStream):
    """A stream with no descriptor: reads come from a script, writes go to ``written``.

    Each script item is bytes (one OS read returns at most the buffer's
    length of it; the rest stays for the next read) or an exception
    instance to raise from that read. An empty script reads as end of file.
    ``max_write`` caps each OS write, to force partial writes.
    """

    def __init__(
        self,
        script: list[bytes | BaseException],
        external_format: object = "utf-8",
        input_buffer_size: int | None = None,
        output_buffer_size: int | None = None,
        max_write: int | None = None,
    ) -> None:
        super().__init__(
            0,
            external_format,  # type: ignore[arg-type]  # tests pass designators as given
            input_buffer_size=input_buffer_size,
            output_buffer_size=output_buffer_size,
        )
        self.script = list(script)
        self.written = bytearray()
        self.max_write = max_write
        self.reads = 0
        self.writes = 0
        self.closes = 0

    def _read_os(self, buffer: memoryview) -> int:
        self.reads += 1
        if not self.script:
            return 0
        item = self.script[0]
        if isinstance(item, BaseException):
            self.script.pop(0)
            raise item
        n = min(len(buffer), len(item))
        buffer[:n] = item[:n]
        if n == len(item):
            self.script.pop(0)
        else:
            self.script[0] = item[n:]
        return n

    def _write_os(self, data: memoryview) -> int:
        self.writes += 1
        n = len(data) if self.max_write is None else min(len(data), self.max_write)
        self.written += data[:n]
        return n

    def _close_os(self) -> None:
        self.closes += 1

    def _input_pending_os(self) -> bool:
        # the script is the "descriptor": readable while it has items
        return bool(self.script)
