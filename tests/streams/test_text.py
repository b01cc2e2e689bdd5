"""Text reading at every buffer boundary: split characters, split CRLF, unread, no-hang, EOF."""

from __future__ import annotations

import socket

import pytest

from iolib.multiplex import wait_until_fd_ready
from iolib.streams import DualChannelStream, ExternalFormat
from tests.streams.conftest import PairFactory, ScriptedStream


def _chars(stream: DualChannelStream) -> list[str]:
    out = []
    while (c := stream.read_char()) is not None:
        out.append(c)
    return out


def _lines(stream: DualChannelStream) -> list[str]:
    out = []
    while (line := stream.read_line()) is not None:
        out.append(line)
    return out


# -- a multi-byte character split across two OS reads ------------------------


@pytest.mark.parametrize(
    ("encoding", "char"),
    [("utf-8", "Ж"), ("utf-8", "€"), ("utf-8", "🙂"), ("utf-16", "ש"), ("gb18030", "🙂")],
)
def test_character_split_across_two_reads(encoding: str, char: str) -> None:
    data = ("a" + char + "b").encode(encoding)
    for cut in range(1, len(data)):
        s = ScriptedStream([data[:cut], data[cut:]], encoding)
        assert _chars(s) == ["a", char, "b"], cut
        s.close()


def test_every_character_split_over_a_real_fd(pair: PairFactory) -> None:
    text = "Grüße שלום мир 🙂\n"
    w, r = pair(input_buffer_size=1)
    w.write_string(text)
    w.close()
    assert "".join(_chars(r)) == text


# -- CR and LF in different reads (crlf mode) --------------------------------


def test_cr_at_end_of_one_read_lf_at_start_of_next() -> None:
    s = ScriptedStream([b"ab\r", b"\ncd\r\n"], ("utf-8", "crlf"))
    assert _lines(s) == ["ab", "cd"]
    s.close()


def test_crlf_mode_one_byte_at_a_time(pair: PairFactory) -> None:
    data = "a\r\nb\r\n\r\nc\rd\ne\r\n\r"
    w, r = pair(("utf-8", "crlf"), input_buffer_size=1)
    w.write(data.encode())
    w.close()
    assert _lines(r) == ["a", "b", "", "c\rd\ne", "\r"]


def test_crlf_mode_chars_one_byte_at_a_time(pair: PairFactory) -> None:
    w, r = pair(("utf-8", "crlf"), input_buffer_size=1)
    w.write(b"a\r\nb\rc\r")
    w.close()
    assert _chars(r) == ["a", "\n", "b", "\r", "c", "\r"]


def test_crlf_split_never_yields_a_spurious_empty_line() -> None:
    s = ScriptedStream([b"x\r", b"\n", b"\r", b"\n", b"y"], ("utf-8", "crlf"), 1)
    assert _lines(s) == ["x", "", "y"]
    s.close()


def test_cr_mode_translates_cr() -> None:
    s = ScriptedStream([b"a\rb\nc\r"], ("utf-8", "cr"))
    assert s.read_line() == "a"
    assert s.read_char() == "b"
    assert s.read_char() == "\n"  # a raw LF reads as itself
    assert s.read_line() == "c"
    assert s.read_line() is None
    s.close()


def test_read_string_translates_and_holds_back_a_final_cr() -> None:
    s = ScriptedStream([b"a\r\nb\r", b"\nc"], ("utf-8", "crlf"))
    assert s.read_string() == "a\nb"
    assert s.read_string() == "\nc"
    assert s.read_string() is None
    s.close()


# -- unread_char -------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 3, 64, None])
def test_unread_char_after_a_line_read(size: int | None) -> None:
    s = ScriptedStream([b"ab\r\ncd\r\nef"], ("utf-8", "crlf"), size)
    assert s.read_line() == "ab"
    s.unread_char()
    assert s.read_char() == "\n"
    assert s.read_line() == "cd"
    s.unread_char()
    assert s.read_byte() == ord("\r")  # the terminator's bytes are back, whole
    assert s.read_byte() == ord("\n")
    assert s.read_line() == "ef"
    s.unread_char()  # an unterminated last line: its last character
    assert s.read_char() == "f"
    assert s.read_char() is None
    s.close()


def test_unread_char_after_read_char_and_peek(pair: PairFactory) -> None:
    w, r = pair(input_buffer_size=1)
    w.write_string("жz")
    w.close()
    assert r.read_char() == "ж"
    assert r.peek_char() == "z"
    r.unread_char("ж")
    assert r.read_char() == "ж"
    assert r.read_char() == "z"
    r.unread_char()
    with pytest.raises(ValueError, match="no character"):
        r.unread_char()
    assert r.read_char() == "z"


def test_unread_char_with_the_wrong_character_raises() -> None:
    s = ScriptedStream([b"pq"])
    assert s.read_char() == "p"
    with pytest.raises(ValueError, match="not the last"):
        s.unread_char("x")
    assert s.read_char() == "q"
    s.close()


def test_unread_char_after_a_binary_read_raises() -> None:
    s = ScriptedStream([b"pq"])
    assert s.read_char() == "p"
    assert s.read_byte() == ord("q")
    with pytest.raises(ValueError):
        s.unread_char()
    s.close()


# -- read_char_no_hang ---------------------------------------------------------


def test_read_char_no_hang_with_a_partial_sequence_pending(duplex: PairFactory) -> None:
    a, b = duplex()
    euro = "€".encode()
    assert b.read_char_no_hang() is None
    a.write(b"x" + euro[:2])
    a.flush()
    wait_until_fd_ready(b.fileno(), "read", 5)
    assert b.read_char_no_hang() == "x"
    assert b.read_char_no_hang() is None
    assert not b.input_buffer_empty  # the two bytes wait for their third
    a.write(euro[2:])
    a.flush()
    wait_until_fd_ready(b.fileno(), "read", 5)
    assert b.read_char_no_hang() == "€"
    assert b.read_char_no_hang() is None
    a.close()
    wait_until_fd_ready(b.fileno(), "read", 5)  # the FIN, over TCP
    assert b.read_char_no_hang() is None
    assert b.at_eof


def test_read_char_no_hang_in_crlf_mode_waits_for_the_byte_after_cr(
    duplex: PairFactory,
) -> None:
    a, b = duplex(("utf-8", "crlf"))
    a.write(b"\r")
    a.flush()
    wait_until_fd_ready(b.fileno(), "read", 5)
    assert b.read_char_no_hang() is None
    a.write(b"\n")
    a.flush()
    wait_until_fd_ready(b.fileno(), "read", 5)
    assert b.read_char_no_hang() == "\n"


# -- end of file in the middle of a character ---------------------------------


def test_eof_mid_sequence_strict_raises_after_the_good_characters() -> None:
    s = ScriptedStream([b"ok\xe2\x82"])
    assert s.read_char() == "o"
    assert s.read_char() == "k"
    with pytest.raises(UnicodeDecodeError):
        s.read_char()
    with pytest.raises(UnicodeDecodeError):
        s.read_char()  # the bad bytes stay where they are
    assert s.read(5) == b"\xe2\x82"
    assert s.read_char() is None
    s.close()


def test_eof_mid_sequence_read_line_loses_nothing(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"ok\xe2\x82")
    w.close()
    with pytest.raises(UnicodeDecodeError):
        r.read_line()
    r.external_format = ExternalFormat("utf-8", "lf", "replace")
    assert r.read_line() == "ok\ufffd"
    assert r.read_line() is None


def test_eof_mid_sequence_replace(pair: PairFactory) -> None:
    w, r = pair(("utf-8", "lf", "replace"), input_buffer_size=1)
    w.write(b"ok\xf0\x9f\x99")
    w.close()
    assert _chars(r) == ["o", "k", "\ufffd"]


def test_invalid_byte_mid_stream(pair: PairFactory) -> None:
    w, r = pair()
    w.write(b"a\xffb\n")
    w.close()
    assert r.read_char() == "a"
    with pytest.raises(UnicodeDecodeError):
        r.read_char()
    assert r.read_byte() == 0xFF
    assert r.read_line() == "b"


def test_invalid_byte_replaced() -> None:
    s = ScriptedStream([b"a\xffb\n"], ("utf-8", "lf", "replace"))
    assert s.read_line() == "a\ufffdb"
    s.close()


# -- external_format set mid-stream -------------------------------------------


def test_new_format_applies_to_already_buffered_input(pair: PairFactory) -> None:
    w, r = pair("latin-1")
    w.write(b"caf\xe9\n" + "café\n".encode() + b"x\r\ny\r\n")
    w.close()
    assert r.read_line() == "café"
    assert not r.input_buffer_empty
    r.external_format = "utf-8"
    assert r.read_line() == "café"
    r.external_format = ("utf-8", "crlf")
    assert r.read_line() == "x"
    assert r.read_char() == "y"
    assert r.read_char() == "\n"
    assert r.read_char() is None


def test_format_change_after_read_char_mid_chunk() -> None:
    s = ScriptedStream([b"ab" + "ж".encode("cp1251") + "ж".encode()], "utf-8")
    assert s.read_char() == "a"
    s.external_format = "latin-1"
    assert s.read_char() == "b"
    s.external_format = "cp1251"
    assert s.read_char() == "ж"
    s.external_format = "utf-8"
    assert s.read_char() == "ж"
    assert s.read_char() is None
    s.close()


def test_utf16_byte_order_survives_an_eol_change() -> None:
    data = "a\nb\r\nc".encode("utf-16-be")
    s = ScriptedStream([b"\xfe\xff" + data], "utf-16", input_buffer_size=3)
    assert s.read_line() == "a"
    s.external_format = ("utf-16", "crlf")
    assert s.read_line() == "b"
    assert s.read_line() == "c"
    s.close()


def test_encode_error_raises_from_the_write_and_buffers_nothing(
    socketpair_streams: PairFactory,
) -> None:
    w, r = socketpair_streams("ascii")
    w.write_string("ok ")
    with pytest.raises(UnicodeEncodeError):
        w.write_string("naïve")
    w.write_string("done")
    w.close()
    assert r.read() == b"ok done"


def test_replace_on_output() -> None:
    s = ScriptedStream([], ("ascii", "crlf", "replace"))
    s.write_line("naïve")
    s.finish_output()
    assert bytes(s.written) == b"na?ve\r\n"
    s.close()


def test_text_over_tcp_stream_socket_made_by_socket_module() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        client = socket.create_connection(listener.getsockname(), timeout=5)
        server, _ = listener.accept()
    with DualChannelStream(client.detach()) as c, DualChannelStream(server.detach()) as s:
        c.write_line("hello")
        c.flush()
        assert s.read_line() == "hello"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("iso2022_jp", "aこんにちはb\n"), ("utf-7", "a€ü+b\n"), ("shift_jis", "aこんb\n")],
)
def test_stateful_codecs_survive_a_sync_at_every_character(encoding: str, text: str) -> None:
    data = text.encode(encoding)
    for k in range(len(text)):
        s = ScriptedStream([data], encoding)
        assert "".join(s.read_char() or "" for _ in range(k)) == text[:k]
        s.external_format = (encoding, "crlf")  # back to bytes, decoded again
        assert _chars(s) == list(text[k:])
        s.close()


def test_utf7_characters_sharing_bytes_are_not_lost_by_a_binary_read() -> None:
    s = ScriptedStream(["a€ü+b\n".encode("utf-7")], "utf-7")
    assert s.read_char() == "a"
    assert s.read_char() == "€"
    # "ü" and "+" share base64 bits with "€": they come back re-encoded
    assert s.read().decode("utf-7") == "ü+b\n"
    s.close()
