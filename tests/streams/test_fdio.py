"""The descriptor loop: half-close, dead peers, timeouts, EAGAIN, EINTR, partial writes."""

from __future__ import annotations

import errno
import os
import socket
import threading

import pytest

from iolib import IolibError
from iolib.streams import DualChannelStream, StreamTimeoutError
from iolib.streams._errors import (
    StreamBrokenPipeError,
    StreamConnectionResetError,
    StreamError,
)
from tests.streams.conftest import FdPair, PairFactory, ScriptedStream


def _shutdown_write(stream: DualChannelStream) -> None:
    sock = socket.socket(fileno=stream.fileno())
    try:
        sock.shutdown(socket.SHUT_WR)
    finally:
        sock.detach()


# -- half-close and dead peers -------------------------------------------------


def test_half_close_gives_eof_after_all_data(duplex: PairFactory) -> None:
    a, b = duplex()
    a.write_line("last words")
    a.write(b"\x00" * 1000)
    a.flush()
    _shutdown_write(a)
    assert b.read_line() == "last words"
    assert b.read() == b"\x00" * 1000
    assert b.read_line() is None
    assert b.at_eof
    # the other direction still works
    b.write_line("reply")
    b.flush()
    assert a.read_line() == "reply"


def test_write_to_a_closed_pipe_raises_broken_pipe(fd_pair: FdPair) -> None:
    w, r = fd_pair("pipe")
    os.close(r)
    with DualChannelStream(w) as s:
        s.write(b"into the void")
        with pytest.raises(StreamBrokenPipeError) as info:
            s.flush()
        assert isinstance(info.value, BrokenPipeError)
        assert isinstance(info.value, IolibError)
        assert info.value.errno == errno.EPIPE
        assert not s.output_buffer_empty  # unsent output stays buffered
        s.clear_output()


def test_write_to_a_closed_peer_raises_connection_error(duplex: PairFactory) -> None:
    a, b = duplex()
    b.close()
    a.write(b"x" * 100)
    with pytest.raises((StreamBrokenPipeError, StreamConnectionResetError)) as info:
        for _ in range(1000):  # TCP may accept a write or two before the reset
            a.write(b"y" * 65536)
            a.flush()
    assert isinstance(info.value, ConnectionError)
    assert isinstance(info.value, IolibError)
    a.close(abort=True)


def test_close_reports_a_failed_flush_and_still_closes(fd_pair: FdPair) -> None:
    w, r = fd_pair("pipe")
    os.close(r)
    s = DualChannelStream(w)
    s.write(b"lost")
    with pytest.raises(BrokenPipeError):
        s.close()
    assert s.closed
    with pytest.raises(OSError):
        os.fstat(w)


def test_read_error_is_a_stream_error(fd_pair: FdPair) -> None:
    w, r = fd_pair("pipe")
    with DualChannelStream(w) as s:  # the writing end of a pipe cannot be read
        with pytest.raises(StreamError) as info:
            s.read_byte()
        assert info.value.errno == errno.EBADF
        assert isinstance(info.value, OSError)
    os.close(r)


# -- timeouts -----------------------------------------------------------------


def test_read_line_timeout_loses_nothing(pair: PairFactory) -> None:
    w, r = pair()
    r.read_timeout = 0.05
    assert r.read_timeout == 0.05
    w.write_string("abc")
    w.flush()
    with pytest.raises(StreamTimeoutError) as info:
        r.read_line()
    assert isinstance(info.value, TimeoutError)
    assert isinstance(info.value, IolibError)
    w.write_string("def\n")
    w.flush()
    assert r.read_line() == "abcdef"


def test_read_timeout_loses_no_bytes(pair: PairFactory) -> None:
    w, r = pair(input_buffer_size=2)
    r.read_timeout = 0.02
    w.write(b"12345")
    w.flush()
    with pytest.raises(StreamTimeoutError):
        r.read(10)
    buf = bytearray(10)
    with pytest.raises(StreamTimeoutError):
        r.read_into(buf)
    with pytest.raises(StreamTimeoutError):
        r.read(-1)
    w.write(b"67890")
    w.close()
    assert r.read(10) == b"1234567890"


def test_read_char_timeout_keeps_a_partial_character(pair: PairFactory) -> None:
    w, r = pair(input_buffer_size=1)
    r.read_timeout = 0.02
    w.write("Ж".encode()[:1])
    w.flush()
    with pytest.raises(StreamTimeoutError):
        r.read_char()
    w.write("Ж".encode()[1:])
    w.flush()
    assert r.read_char() == "Ж"


def test_zero_read_timeout_polls(pair: PairFactory) -> None:
    w, r = pair()
    r.read_timeout = 0
    with pytest.raises(StreamTimeoutError):
        r.read_byte()
    w.write(b"!")
    w.flush()
    assert r.read_byte() == ord("!")


@pytest.mark.parametrize("blocking", [True, False])
def test_write_timeout_keeps_unsent_output(duplex: PairFactory, blocking: bool) -> None:
    a, b = duplex(output_buffer_size=4096)
    os.set_blocking(a.fileno(), blocking)
    a.write_timeout = 0.05
    payload = bytes(range(256)) * 4096 * 8  # 8 MiB: more than any socket buffer
    with pytest.raises(StreamTimeoutError):
        a.write(payload)
    assert not a.output_buffer_empty
    received = bytearray()
    reader = threading.Thread(target=lambda: received.extend(b.read()))
    reader.start()
    a.write_timeout = None
    a.close()
    reader.join(30)
    assert bytes(received) == payload


# -- non-blocking descriptors -----------------------------------------------------


class _CountingStream(DualChannelStream):
    """Counts the EAGAINs its OS calls met and signals the first one."""

    def __init__(self, fd: int, **kwargs: object) -> None:
        super().__init__(fd, **kwargs)  # type: ignore[arg-type]
        self.eagain = 0
        self.blocked = threading.Event()

    def _read_os(self, buffer: memoryview) -> int:
        try:
            return super()._read_os(buffer)
        except BlockingIOError:
            self.eagain += 1
            self.blocked.set()
            raise

    def _write_os(self, data: memoryview) -> int:
        try:
            return super()._write_os(data)
        except BlockingIOError:
            self.eagain += 1
            self.blocked.set()
            raise


@pytest.mark.parametrize("kind", ["socketpair", "pipe", "tcp"])
def test_nonblocking_read_waits_on_eagain(fd_pair: FdPair, kind: str) -> None:
    w, r = fd_pair(kind)
    os.set_blocking(r, False)
    with DualChannelStream(w) as writer, _CountingStream(r) as reader:

        def write_when_blocked() -> None:
            reader.blocked.wait(10)
            writer.write_line("arrived")
            writer.flush()

        t = threading.Thread(target=write_when_blocked)
        t.start()
        assert reader.read_line() == "arrived"
        t.join(10)
        assert reader.eagain >= 1


@pytest.mark.parametrize("kind", ["socketpair", "pipe", "tcp"])
def test_nonblocking_write_waits_on_eagain(fd_pair: FdPair, kind: str) -> None:
    w, r = fd_pair(kind)
    os.set_blocking(w, False)
    payload = os.urandom(1 << 20) * 4
    with _CountingStream(w) as writer, DualChannelStream(r) as reader:
        received = bytearray()

        def read_when_blocked() -> None:
            writer.blocked.wait(10)
            received.extend(reader.read(len(payload)))

        t = threading.Thread(target=read_when_blocked)
        t.start()
        writer.write(payload)
        writer.finish_output()
        t.join(30)
        assert writer.eagain >= 1
        assert bytes(received) == payload


def test_nonblocking_read_with_timeout(fd_pair: FdPair) -> None:
    w, r = fd_pair("socketpair")
    os.set_blocking(r, False)
    with DualChannelStream(w) as writer, DualChannelStream(r) as reader:
        reader.read_timeout = 0.02
        with pytest.raises(StreamTimeoutError):
            reader.read_line()
        writer.write_line("late")
        writer.flush()
        assert reader.read_line() == "late"


# -- injected short reads, partial writes, EINTR, errors ------------------------


def test_partial_writes_are_completed() -> None:
    s = ScriptedStream([], output_buffer_size=5, max_write=2)
    s.write(b"abc")
    s.write_string("defgh\n")
    s.write(b"0123456789" * 3)
    s.finish_output()
    assert bytes(s.written) == b"abcdefgh\n" + b"0123456789" * 3
    assert s.writes >= 20
    s.close()


class _FlakyWriter(ScriptedStream):
    """Fails some writes with the exceptions queued in ``failures``."""

    failures: list[BaseException]

    def _write_os(self, data: memoryview) -> int:
        if self.failures:
            raise self.failures.pop(0)
        return super()._write_os(data)


def test_eintr_on_write_is_retried() -> None:
    s = _FlakyWriter([], max_write=3)
    s.failures = [InterruptedError(), InterruptedError()]
    s.write(b"x" * 10)
    s.flush()
    assert bytes(s.written) == b"x" * 10
    s.close()


def test_write_error_keeps_output_buffered() -> None:
    s = _FlakyWriter([], output_buffer_size=4, max_write=3)
    s.failures = [OSError(errno.EIO, "I/O error")]
    s.write(b"ab")
    with pytest.raises(OSError) as info:
        s.write(b"cdefghij")
    assert info.value.errno == errno.EIO
    assert not s.output_buffer_empty
    s.flush()
    assert bytes(s.written) == b"abcdefghij"
    s.close()


def test_eintr_on_read_is_retried() -> None:
    s = ScriptedStream([InterruptedError(), b"he", InterruptedError(), b"llo\n"])
    assert s.read_line() == "hello"
    s.close()


def test_read_error_propagates_and_keeps_input() -> None:
    s = ScriptedStream([b"abc", OSError(errno.EIO, "I/O error"), b"def\n"], input_buffer_size=3)
    with pytest.raises(OSError):
        s.read_line()
    assert s.read_line() == "abcdef"
    s.close()


def test_short_reads_fill_read_into() -> None:
    s = ScriptedStream([b"a", b"bc", b"d", InterruptedError(), b"efgh"], input_buffer_size=64)
    buf = bytearray(100)
    assert s.read_into(buf, 0, 8) == 8
    assert buf[:8] == b"abcdefgh"
    s.close()


def test_close_os_is_called_exactly_once() -> None:
    s = ScriptedStream([])
    s.close()
    s.close()
    assert s.closes == 1


def test_abort_close_never_writes() -> None:
    s = ScriptedStream([])
    s.write(b"pending")
    s.close(abort=True)
    assert s.writes == 0
    assert s.closes == 1


def test_normal_close_flushes_through_the_hook() -> None:
    s = ScriptedStream([], max_write=1)
    s.write_line("bye")
    s.close()
    assert bytes(s.written) == b"bye\n"


# -- regular files ----------------------------------------------------------------


def test_stream_over_a_regular_file(tmp_path: os.PathLike[str]) -> None:
    path = os.path.join(tmp_path, "f.txt")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    with DualChannelStream(fd, ("utf-8", "crlf"), input_buffer_size=3) as s:
        s.write_line("first")
        s.write_line("second")
        s.flush()
        os.lseek(fd, 0, os.SEEK_SET)
        assert s.read_line() == "first"
        assert s.read_line() == "second"
        assert s.read_line() is None
        assert s.at_eof
    with open(path, "rb") as f:
        assert f.read() == b"first\r\nsecond\r\n"
