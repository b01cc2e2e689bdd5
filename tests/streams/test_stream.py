"""DualChannelStream basics over every descriptor kind: bytes, text, EOF, closing."""

from __future__ import annotations

import gc
import os
import socket

import pytest

from iolib.multiplex import wait_until_fd_ready
from iolib.streams import DualChannelStream, ExternalFormat
from tests.streams.conftest import FdPair, PairFactory


def test_bytes_round_trip(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"hello ")
    w.write(bytearray(b"world"))
    w.write(memoryview(b"!!"))
    w.finish_output()
    assert r.read(13) == b"hello world!!"


def test_read_to_eof_after_peer_closes(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"abc" * 1000)
    w.close()
    assert r.read() == b"abc" * 1000
    assert r.read() == b""
    assert r.read(5) == b""
    assert r.read_byte() is None
    assert r.read_line() is None
    assert r.read_char() is None


def test_read_n_waits_for_all_n(pair: PairFactory) -> None:
    w, r = pair(input_buffer_size=3)
    w.write(b"0123456789")
    w.finish_output()
    assert r.read(4) == b"0123"
    assert r.read(6) == b"456789"


def test_read_into_with_bounds(pair: PairFactory) -> None:
    w, r = pair(input_buffer_size=2)
    w.write(b"abcdefgh")
    w.close()
    buf = bytearray(10)
    assert r.read_into(buf, 2, 6) == 4
    assert buf == b"\0\0abcd\0\0\0\0"
    assert r.read_into(buf) == 4
    assert buf[:4] == b"efgh"
    assert r.read_into(buf) == 0


def test_read_some_returns_what_is_there(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"xyz")
    w.finish_output()
    assert r.read_some(100) == b"xyz"
    w.write(b"12345")
    w.finish_output()
    assert r.read_some(2) == b"12"
    assert r.read_some(10) == b"345"
    w.close()
    assert r.read_some(10) == b""


def test_read_byte_and_write_byte(pair: PairFactory) -> None:
    w, r = pair(output_buffer_size=1)
    for b in (0, 1, 127, 128, 255):
        assert w.write_byte(b) == b
    w.close()
    assert [r.read_byte() for _ in range(6)] == [0, 1, 127, 128, 255, None]


def test_lines(pair: PairFactory) -> None:
    w, r = pair()
    w.write_line("one")
    w.write_string("two\n\nthree")
    w.close()
    assert r.read_line() == "one"
    assert r.read_line() == "two"
    assert r.read_line() == ""
    assert r.read_line() == "three"
    assert r.read_line() is None


def test_readline_keeps_newline_like_io(pair: PairFactory) -> None:
    w, r = pair()
    w.write_string("a\nb")
    w.close()
    assert r.readline() == "a\n"
    assert r.readline() == "b"
    assert r.readline() == ""


def test_iteration_yields_lines(pair: PairFactory) -> None:
    w, r = pair(("utf-8", "crlf"))
    w.write_string("x\ny\nz")
    w.close()
    assert list(r) == ["x\n", "y\n", "z"]


def test_chars(pair: PairFactory) -> None:
    w, r = pair()
    w.write_char("é")
    w.write_char("\n")
    w.write_string("ok")
    w.close()
    assert r.peek_char() == "é"
    assert r.read_char() == "é"
    assert r.read_char() == "\n"
    assert r.read_string() == "ok"
    assert r.read_string() is None


def test_mixed_binary_and_text_see_one_byte_sequence(pair: PairFactory) -> None:
    w, r = pair()
    w.write("line one\nщ".encode())
    w.write(b"\x00\x01")
    w.write(b"tail\n")
    w.close()
    assert r.read_line() == "line one"
    assert r.read_byte() == 0xD1
    assert r.read_byte() == 0x89
    assert r.read(2) == b"\x00\x01"
    assert r.read_char() == "t"
    assert r.read_some(100) == b"ail\n"


def test_close_flushes_pending_output(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"pending")
    assert not w.output_buffer_empty
    w.close()
    assert w.closed
    assert r.read() == b"pending"


def test_close_abort_drops_pending_output(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"dropped")
    w.close(abort=True)
    assert r.read() == b""


def test_close_is_idempotent_and_closes_fd(fd_pair: FdPair) -> None:
    w, r = fd_pair("pipe")
    stream = DualChannelStream(w)
    assert stream.fileno() == w
    stream.close()
    stream.close()
    with pytest.raises(OSError):
        os.fstat(w)
    os.close(r)


def test_context_manager_closes(fd_pair: FdPair) -> None:
    w, r = fd_pair("socketpair")
    with DualChannelStream(w) as a, DualChannelStream(r) as b:
        a.write(b"ctx")
        a.flush()
        assert b.read(3) == b"ctx"
    assert a.closed and b.closed


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.read(1),
        lambda s: s.read_into(bytearray(1)),
        lambda s: s.read_some(1),
        lambda s: s.read_byte(),
        lambda s: s.read_char(),
        lambda s: s.peek_char(),
        lambda s: s.read_line(),
        lambda s: s.readline(),
        lambda s: s.read_string(),
        lambda s: s.read_char_no_hang(),
        lambda s: s.unread_char(),
        lambda s: s.write(b"x"),
        lambda s: s.write_byte(1),
        lambda s: s.write_string("x"),
        lambda s: s.write_char("x"),
        lambda s: s.write_line("x"),
        lambda s: s.listen(),
        lambda s: s.finish_output(),
        lambda s: s.force_output(),
        lambda s: s.flush(),
        lambda s: s.clear_input(),
        lambda s: s.clear_output(),
        lambda s: s.fileno(),
    ],
)
def test_operations_on_a_closed_stream_raise_value_error(
    socketpair_streams: PairFactory, call: object
) -> None:
    w, _ = socketpair_streams()
    w.close()
    with pytest.raises(ValueError, match="closed"):
        call(w)  # type: ignore[operator]


def test_closed_stream_reports_at_eof(socketpair_streams: PairFactory) -> None:
    w, _ = socketpair_streams()
    w.close()
    assert w.at_eof


def test_unclosed_stream_warns_and_closes_its_fd(fd_pair: FdPair) -> None:
    w, r = fd_pair("pipe")
    stream = DualChannelStream(w)
    with pytest.warns(ResourceWarning, match="unclosed stream"):
        del stream
        gc.collect()
    with pytest.raises(OSError):
        os.fstat(w)
    os.close(r)


def test_closed_stream_does_not_warn(fd_pair: FdPair) -> None:
    w, r = fd_pair("pipe")
    stream = DualChannelStream(w)
    stream.close()
    del stream
    gc.collect()  # warnings are errors: a ResourceWarning would fail here
    os.close(r)


def test_buffer_sizes_are_reported_exactly(socketpair_streams: PairFactory) -> None:
    w, r = socketpair_streams(input_buffer_size=7, output_buffer_size=3)
    assert r.input_buffer_size == 7
    assert w.output_buffer_size == 3
    d, _ = socketpair_streams()
    assert d.input_buffer_size == d.output_buffer_size == 65536


def test_buffer_emptiness(duplex: PairFactory) -> None:
    a, b = duplex()
    assert a.input_buffer_empty and a.output_buffer_empty
    a.write(b"ab")
    assert not a.output_buffer_empty
    a.force_output()
    assert a.output_buffer_empty
    assert b.read_byte() == ord("a")
    assert not b.input_buffer_empty
    assert b.listen()
    b.clear_input()
    assert b.input_buffer_empty


def test_listen(duplex: PairFactory) -> None:
    a, b = duplex()
    assert not b.listen()
    a.write_string("é")
    a.flush()
    wait_until_fd_ready(b.fileno(), "read", 5)  # TCP may take a moment
    assert b.listen()
    assert b.read_char() == "é"
    assert not b.listen()
    a.close()
    wait_until_fd_ready(b.fileno(), "read", 5)
    assert not b.listen()
    assert b.at_eof


def test_clear_output_drops_unwritten_bytes(duplex: PairFactory) -> None:
    a, b = duplex()
    a.write(b"gone")
    a.clear_output()
    a.write(b"kept")
    a.close()
    assert b.read() == b"kept"


def test_at_eof(duplex: PairFactory) -> None:
    a, b = duplex()
    assert not b.at_eof
    a.write(b"z")
    a.flush()
    assert not b.at_eof
    a.close()
    assert not b.at_eof
    assert b.read_byte() == ord("z")
    wait_until_fd_ready(b.fileno(), "read", 5)  # the FIN, over TCP
    assert b.at_eof


def test_external_format_attribute(socketpair_streams: PairFactory) -> None:
    w, _ = socketpair_streams(("latin-1", "crlf"))
    assert w.external_format == ExternalFormat("latin-1", "crlf")
    w.external_format = "ascii"
    assert w.external_format == ExternalFormat("ascii")
    w.external_format = ExternalFormat("utf-16", "cr", "replace")
    assert w.external_format.errors == "replace"


def test_repr_names_fd_and_format(socketpair_streams: PairFactory) -> None:
    w, _ = socketpair_streams()
    assert f"fd={w.fileno()}" in repr(w)
    assert "utf-8 lf" in repr(w)
    w.close()
    assert "closed" in repr(w)


@pytest.mark.parametrize(
    ("kwargs", "exc"),
    [
        ({"fd": "3"}, TypeError),
        ({"fd": 3.0}, TypeError),
        ({"fd": True}, TypeError),
        ({"fd": -1}, ValueError),
        ({"external_format": 8}, TypeError),
        ({"external_format": "no-such-codec"}, ValueError),
        ({"external_format": ("utf-8", "dos")}, ValueError),
        ({"external_format": ("utf-8",)}, ValueError),
        ({"input_buffer_size": 0}, ValueError),
        ({"input_buffer_size": -5}, ValueError),
        ({"input_buffer_size": 1.5}, TypeError),
        ({"output_buffer_size": 0}, ValueError),
        ({"output_buffer_size": "big"}, TypeError),
    ],
)
def test_bad_constructor_arguments(kwargs: dict[str, object], exc: type[Exception]) -> None:
    args: dict[str, object] = {"fd": 0, **kwargs}
    with pytest.raises(exc):
        DualChannelStream(**args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "exc"),
    [
        (lambda s: s.write("text"), TypeError),
        (lambda s: s.write(5), TypeError),
        (lambda s: s.write_byte(256), ValueError),
        (lambda s: s.write_byte(-1), ValueError),
        (lambda s: s.write_byte(b"a"), TypeError),
        (lambda s: s.write_string(b"x"), TypeError),
        (lambda s: s.write_char("ab"), ValueError),
        (lambda s: s.write_char(""), ValueError),
        (lambda s: s.write_char(1), TypeError),
        (lambda s: s.write_line(None), TypeError),
        (lambda s: s.read("1"), TypeError),
        (lambda s: s.read_some(1.0), TypeError),
        (lambda s: s.read_into(b"immutable"), TypeError),
        (lambda s: s.read_into("str"), TypeError),
        (lambda s: s.read_into(bytearray(4), 3, 2), ValueError),
        (lambda s: s.read_into(bytearray(4), 0, 5), ValueError),
        (lambda s: s.read_into(bytearray(4), -1), ValueError),
        (lambda s: s.read_into(bytearray(4), "0"), TypeError),
        (lambda s: setattr(s, "read_timeout", -1), ValueError),
        (lambda s: setattr(s, "read_timeout", "1"), TypeError),
        (lambda s: setattr(s, "write_timeout", float("nan")), ValueError),
        (lambda s: setattr(s, "external_format", ("utf-8", "lf", "nope")), ValueError),
        (lambda s: s.unread_char(), ValueError),
    ],
)
def test_bad_call_arguments(
    socketpair_streams: PairFactory, call: object, exc: type[Exception]
) -> None:
    w, _ = socketpair_streams()
    with pytest.raises(exc):
        call(w)  # type: ignore[operator]


def test_write_of_big_data_bypasses_the_buffer(socketpair_streams: PairFactory) -> None:
    w, r = socketpair_streams(output_buffer_size=4)
    w.write(b"ab")
    w.write(b"0123456789")
    assert w.output_buffer_empty
    w.write(b"c")
    w.close()
    assert r.read() == b"ab0123456789c"


def test_stream_over_socket_fileno_is_the_fd() -> None:
    a, b = socket.socketpair()
    fd = a.detach()
    with DualChannelStream(fd) as s:
        assert s.fileno() == fd
    b.close()


# -- the C-level read_line reader --------------------------------------------------


def test_read_line_is_served_without_a_python_frame(socketpair_streams: PairFactory) -> None:
    w, r = socketpair_streams()
    assert "read_line" in vars(r)
    w.write_string("a\nb\nc\n")
    w.close()
    assert [r.read_line(), r.read_line(), r.read_line(), r.read_line()] == ["a", "b", "c", None]
    r.close()
    assert "read_line" not in vars(r)


def test_read_line_starts_over_after_end_of_file(tmp_path: os.PathLike[str]) -> None:
    path = os.path.join(tmp_path, "growing")
    with open(path, "wb") as f:
        f.write(b"one\n")
    with DualChannelStream(os.open(path, os.O_RDONLY)) as r:
        assert r.read_line() == "one"
        assert r.read_line() is None
        with open(path, "ab") as f:
            f.write(b"two\n")
        assert r.read_line() == "two"  # end of file is not sticky
        assert r.read_line() is None


def test_read_line_recovers_after_an_error() -> None:
    from tests.streams.conftest import ScriptedStream

    s = ScriptedStream([b"x\ny", OSError(5, "I/O error"), b"z\n"], input_buffer_size=3)
    assert s.read_line() == "x"
    with pytest.raises(OSError):
        s.read_line()
    assert s.read_line() == "yz"
    assert s.read_line() is None
    s.close()


def test_read_line_interleaved_with_other_reads() -> None:
    from tests.streams.conftest import ScriptedStream

    s = ScriptedStream([b"l1\nl2\nl3\nl4\nl5\n"])
    assert s.read_line() == "l1"
    assert s.read_char() == "l"
    assert s.read_line() == "2"
    assert s.readline() == "l3\n"
    assert s.read_byte() == ord("l")
    assert s.read_line() == "4"
    assert list(s) == ["l5\n"]
    s.close()


def test_a_subclass_read_line_is_respected() -> None:
    from tests.streams.conftest import ScriptedStream

    class Shouting(ScriptedStream):
        def read_line(self) -> str | None:
            line = super().read_line()
            return None if line is None else line.upper()

    s = Shouting([b"quiet\n"])
    assert "read_line" not in vars(s)
    assert s.read_line() == "QUIET"
    s.close()


def test_an_unclosed_stream_is_freed_without_the_cycle_collector(fd_pair: FdPair) -> None:
    w, r = fd_pair("pipe")
    stream = DualChannelStream(r)
    os.write(w, b"line\n")
    assert stream.read_line() == "line"
    gc.disable()
    try:
        with pytest.warns(ResourceWarning):
            del stream  # refcounting alone: the line reader holds the stream weakly
    finally:
        gc.enable()
    with pytest.raises(OSError):
        os.fstat(r)
    os.close(w)


# -- limits ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2**31, 2**62])
def test_huge_buffer_sizes_are_refused(size: int) -> None:
    with pytest.raises(ValueError):
        DualChannelStream(0, input_buffer_size=size)
    with pytest.raises(ValueError):
        DualChannelStream(0, output_buffer_size=size)


def test_huge_read_allocates_as_data_comes(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"small")
    w.close()
    assert r.read(2**62) == b"small"


def test_huge_read_some(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"small")
    w.close()
    assert r.read_some(2**62) == b"small"


def test_huge_timeout_waits_like_none(pair: PairFactory) -> None:
    w, r = pair()
    r.read_timeout = 1e300
    w.write(b"!")
    w.flush()
    assert r.read_byte() == ord("!")
    r.read_timeout = float("inf")
    w.write(b"?")
    w.flush()
    assert r.read_byte() == ord("?")


def test_finalizer_of_a_stream_whose_fd_is_gone(fd_pair: FdPair) -> None:
    w, r = fd_pair("pipe")
    stream = DualChannelStream(r)
    os.close(r)
    with pytest.warns(ResourceWarning, match="closing it failed"):
        del stream
        gc.collect()
    os.close(w)
