"""Edge paths of the descriptor loop and the stream: EINTR, EAGAIN, dead fds, odd buffers."""

from __future__ import annotations

import array
import errno
import os

import pytest

from iolib.streams import DualChannelStream
from iolib.streams._errors import StreamBrokenPipeError, StreamError, translate_os_error
from tests.streams.conftest import FdPair, PairFactory, ScriptedStream


class _Again(ScriptedStream):
    """Raises EAGAIN/EINTR from the OS calls as queued, over a real readable descriptor."""

    def __init__(self, script: list[bytes | BaseException], fd: int, **kwargs: object) -> None:
        super().__init__(script, **kwargs)  # type: ignore[arg-type]
        self._dcs_fd = fd
        self.write_failures: list[BaseException] = []

    def _write_os(self, data: memoryview) -> int:
        if self.write_failures:
            raise self.write_failures.pop(0)
        return super()._write_os(data)


def test_translate_os_error() -> None:
    already = StreamBrokenPipeError(errno.EPIPE, "Broken pipe")
    assert translate_os_error(already) is already
    plain = translate_os_error(OSError("no errno"))
    assert type(plain) is StreamError
    assert plain.errno is None
    reset = translate_os_error(ConnectionResetError(errno.ECONNRESET, "reset"))
    assert isinstance(reset, ConnectionResetError)


def test_bulk_read_retries_eintr_and_waits_on_eagain(fd_pair: FdPair) -> None:
    w, r = fd_pair("socketpair")
    os.write(w, b"!")  # the descriptor polls readable
    s = _Again([InterruptedError(), BlockingIOError(), b"abcd", b"efgh"], r, input_buffer_size=4)
    buf = bytearray(8)
    assert s.read_into(buf) == 8
    assert buf == b"abcdefgh"
    assert s.read_into(buf) == 0  # end of the script
    s.close()
    os.close(r)
    os.close(w)


def test_bulk_read_error_puts_bytes_back() -> None:
    s = ScriptedStream([b"abcd", OSError(errno.EIO, "I/O error"), b"efgh"], input_buffer_size=4)
    buf = bytearray(8)
    with pytest.raises(OSError):
        s.read_into(buf)
    assert s.read(8) == b"abcdefgh"
    s.close()


def test_bulk_write_retries_eintr_and_waits_on_eagain(fd_pair: FdPair) -> None:
    w, r = fd_pair("socketpair")
    s = _Again([], w, output_buffer_size=4, max_write=3)
    s.write_failures = [InterruptedError(), BlockingIOError()]
    s.write(b"0123456789")
    assert bytes(s.written) == b"0123456789"
    s.close()
    os.close(w)
    os.close(r)


def test_zero_byte_writes_wait_for_room(fd_pair: FdPair) -> None:
    w, r = fd_pair("socketpair")

    class Stingy(_Again):
        calls = 0

        def _write_os(self, data: memoryview) -> int:
            self.calls += 1
            if self.calls % 2:
                return 0
            return super()._write_os(data)

    s = Stingy([], w, output_buffer_size=4)
    s.write_timeout = 5
    s.write(b"ab")
    s.flush()
    s.write(b"0123456789")
    assert bytes(s.written) == b"ab0123456789"
    s.close()
    os.close(w)
    os.close(r)


def test_read_char_no_hang_retries_eintr_and_stops_on_eagain() -> None:
    s = ScriptedStream([InterruptedError(), b"x", BlockingIOError(), b"y"])
    assert s.read_char_no_hang() == "x"
    assert s.read_char_no_hang() is None
    assert s.read_char_no_hang() == "y"
    assert s.read_char_no_hang() is None  # end of file
    s.close()


def test_read_char_no_hang_decodes_bytes_left_by_a_binary_read() -> None:
    s = ScriptedStream([b"ab"])
    assert s.read_byte() == ord("a")
    assert s.read_char_no_hang() == "b"
    s.close()


def test_a_descriptor_closed_behind_the_streams_back(fd_pair: FdPair) -> None:
    w, r = fd_pair("pipe")
    s = DualChannelStream(r)
    os.close(r)
    s.read_timeout = 1
    with pytest.raises(StreamError) as info:
        s.read_byte()
    assert info.value.errno == errno.EBADF
    with pytest.raises(StreamError) as info:
        s.close()
    assert info.value.errno == errno.EBADF
    assert s.closed
    os.close(w)


def test_waiting_on_a_dead_descriptor_is_a_stream_error() -> None:
    class Dead(ScriptedStream):
        def _input_pending_os(self) -> bool:
            return False

    s = Dead([BlockingIOError(), b"never"])
    s._dcs_fd = os.open(os.devnull, os.O_RDONLY)
    os.close(s._dcs_fd)  # poll reports POLLNVAL for it
    with pytest.raises(StreamError) as info:
        s.read_byte()
    assert info.value.errno == errno.EBADF
    s.close()


@pytest.mark.parametrize(
    "make", [lambda: array.array("i", [0, 0]), lambda: memoryview(bytearray(8)).cast("I")]
)
def test_read_into_any_writable_buffer(pair: PairFactory, make: object) -> None:
    w, r = pair()
    w.write(array.array("i", [7, 9]))
    w.close()
    buf = make()  # type: ignore[operator]
    assert r.read_into(buf) == 8
    assert list(buf) == [7, 9]


def test_read_into_after_text_reads(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"x\nabcdef")
    w.close()
    assert r.read_line() == "x"
    buf = bytearray(3)
    assert r.read_into(buf) == 3
    assert buf == b"abc"
    assert r.read_into(buf, 1) == 2
    assert buf == b"ade"
    assert r.read_into(buf, 0, 3) == 1
    assert buf[:1] == b"f"


def test_read_into_a_non_contiguous_view_is_refused(pair: PairFactory) -> None:
    _, r = pair()
    with pytest.raises(TypeError):
        r.read_into(memoryview(bytearray(8))[::2])
    with pytest.raises(TypeError):
        r.read_into(bytearray(4), 0, "4")  # type: ignore[arg-type]


def test_read_none_and_read_some_defaults(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"rest")
    w.close()
    assert r.read_some(0) == b""
    assert r.read_some() == b"rest"
    assert r.read(None) == b""


def test_write_byte_flushes_when_full(socketpair_streams: PairFactory) -> None:
    w, r = socketpair_streams(output_buffer_size=2)
    w.write_byte(1)
    assert not w.output_buffer_empty
    w.write_byte(2)
    assert w.output_buffer_empty
    w.close()
    assert r.read() == b"\x01\x02"


def test_timeout_attributes_read_back(socketpair_streams: PairFactory) -> None:
    w, _ = socketpair_streams()
    assert w.read_timeout is None and w.write_timeout is None
    w.write_timeout = 2
    assert w.write_timeout == 2.0
    w.write_timeout = None
    assert w.write_timeout is None


def test_readline_after_a_cached_line_then_read_line() -> None:
    s = ScriptedStream([b"a\nb\nc\nd\n"])
    assert s.readline() == "a\n"  # builds the line cache
    assert s.read_line() == "b"  # served from it by the C-level reader
    assert s.readline() == "c\n"
    assert s.read_line() == "d"
    assert s.read_line() is None
    s.close()


class _SlowInterrupts(DualChannelStream):
    """Each OS call takes ``step`` seconds of a fake clock and is interrupted, ``eintrs`` times."""

    def __init__(self, fd: int, clock: list[float], eintrs: int, step: float) -> None:
        super().__init__(fd)
        self.clock, self.eintrs, self.step = clock, eintrs, step

    def _interrupted(self) -> None:
        self.clock[0] += self.step
        if self.eintrs:
            self.eintrs -= 1
            raise InterruptedError
        raise BlockingIOError

    def _read_os(self, buffer: memoryview) -> int:
        self._interrupted()
        return 0  # pragma: no cover  # _interrupted always raises

    def _write_os(self, data: memoryview) -> int:
        self._interrupted()
        return 0  # pragma: no cover


@pytest.mark.parametrize("direction", ["read", "write"])
@pytest.mark.parametrize(("eintrs", "left"), [(2, 0.1), (3, 0.0), (0, 0.9)])
def test_eintr_retries_keep_the_remaining_timeout_not_the_full_one(
    monkeypatch: pytest.MonkeyPatch, fd_pair: FdPair, direction: str, eintrs: int, left: float
) -> None:
    import iolib.streams._fdio as fdio
    from iolib.multiplex import PollTimeout

    clock = [1000.0]
    waits: list[float | None] = []

    def wait(fd: int, event: str, timeout: float | None) -> None:
        waits.append(timeout)
        raise PollTimeout("not ready")

    monkeypatch.setattr(fdio.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(fdio, "wait_until_fd_ready", wait)
    w, r = fd_pair("socketpair")
    os.set_blocking(r, False)  # no poll before the first OS call
    os.set_blocking(w, False)
    s = _SlowInterrupts(r if direction == "read" else w, clock, eintrs, 0.3 if eintrs else 0.1)
    s.read_timeout = s.write_timeout = 1.0
    try:
        with pytest.raises(TimeoutError):
            if direction == "read":
                s.read(1)
            else:
                s.write(b"x")
                s.finish_output()
    finally:
        s.close(abort=True)
        os.close(w if direction == "read" else r)
    # the interrupted calls (0.3 s each) and the EAGAIN spent the one timeout
    assert waits == [pytest.approx(left)]


class _Recording(ScriptedStream):
    """Records which object each OS read wrote into."""

    def __init__(self, script: list[bytes | BaseException], **kwargs: object) -> None:
        super().__init__(script, **kwargs)  # type: ignore[arg-type]
        self.targets: list[object] = []

    def _read_os(self, buffer: memoryview) -> int:
        self.targets.append(buffer.obj)
        return super()._read_os(buffer)


@pytest.mark.parametrize("timeout", [None, 5.0])
def test_bulk_read_into_goes_straight_into_the_callers_buffer(timeout: float | None) -> None:
    # the bench's bulk comparison rests on this: one OS read per batch the
    # kernel has, into the caller's memory, and no copy through the stream's buffer
    s = _Recording([b"a" * 40, b"b" * 30, b"c" * 58], input_buffer_size=64)
    s.read_timeout = timeout
    buf = bytearray(128)
    assert s.read_into(buf) == 128
    assert buf == b"a" * 40 + b"b" * 30 + b"c" * 58
    assert s.targets == [buf, buf, buf]
    assert s.input_buffer_empty
    assert s.read_into(buf) == 0
    s.close()
