"""InputBuffer without any descriptor: raw bytes, decoding, sync back to bytes."""

from __future__ import annotations

import pytest

from iolib.streams import ExternalFormat
from iolib.streams._inbuf import InputBuffer


def _buffer(fmt: object = "utf-8", size: int = 8) -> InputBuffer:
    from iolib.streams._format import ensure_external_format

    return InputBuffer(size, ensure_external_format(fmt))


def test_feed_take_and_eof() -> None:
    b = _buffer()
    assert b.empty
    b.feed(b"abc")
    assert b.raw_available == 3 and not b.empty
    assert b.take(2) == b"ab"
    assert b.take_byte() == ord("c")
    assert b.take_byte() is None
    assert not b.eof
    b.feed(b"")
    assert b.eof and b.final


def test_space_slides_then_grows() -> None:
    b = _buffer(size=8)
    b.feed(b"0123456789abcdef")
    assert b.take(12) == b"0123456789ab"
    view = b.space(8)  # 4 held bytes slide to the front to make room
    view[:3] = b"xyz"
    b.commit(3)
    assert b.take(100) == b"cdefxyz"
    b.feed(b"k" * 40)  # grows past the buffer size
    assert b.take(100) == b"k" * 40


def test_push_front_before_and_after_consumed_room() -> None:
    b = _buffer()
    b.feed(b"world")
    b.push_front(b"")
    b.push_front(b"hello ")  # no room before: rebuilt
    assert b.take(3) == b"hel"
    b.push_front(b"HE")  # room before the held bytes
    assert b.take(100) == b"HElo world"


def test_decode_and_lines() -> None:
    b = _buffer(("utf-8", "crlf"))
    b.feed("a\r\nж\r\nc".encode())
    assert b.decode(False) == 7
    assert b.next_line() == "a"
    assert next(b.lineit) == "ж"
    assert b.next_line() is None  # "c" waits for its terminator
    b.feed(b"")
    assert b.rest_line() == "c"
    assert b.rest_line() is None


def test_sync_returns_unread_text_to_its_exact_bytes() -> None:
    data = "xжy€z🙂".encode()
    for read in range(7):
        expected = "xжy€z🙂"[read:].encode()
        b2 = _buffer()
        b2.feed(data)
        b2.decode(False)
        for _ in range(read):
            b2.next_char(True)
        b2.sync()
        assert b2.take(100) == expected


def test_sync_keeps_a_pending_partial_character() -> None:
    b = _buffer()
    b.feed(b"ok" + "€".encode()[:2])
    assert b.decode(False) == 2
    assert not b.empty
    assert b.next_char(True) == "o"
    b.sync()
    assert b.take(100) == b"k" + "€".encode()[:2]


def test_sync_across_segments() -> None:
    b = _buffer()
    for piece in ("ab", "жж", "cd"):
        b.feed(piece.encode())
        b.decode(False)
    assert b.next_char(True) == "a"
    assert b.next_line() is None  # no terminator: text grows, nothing consumed
    b.sync()
    assert b.take(100) == "bжжcd".encode()


def test_decode_error_keeps_the_bad_bytes() -> None:
    b = _buffer()
    b.feed(b"ab\xffcd")
    assert b.decode(False) == 2
    with pytest.raises(UnicodeDecodeError):
        b.decode(False)
    assert b.take(1) == b"\xff"
    assert b.decode(False) == 2


def test_utf16_without_bom_reads_native_order() -> None:
    b = _buffer("utf-16")
    b.feed("hi".encode("utf-16-le"))
    assert b.decode(False) == 2
    assert b.next_char(True) == "h"


def test_utf16_without_bom_truncated_at_eof() -> None:
    b = _buffer("utf-16")
    b.feed(b"h\x00i")
    b.feed(b"")
    assert b.decode(True) == 1
    with pytest.raises(UnicodeDecodeError):
        b.decode(True)


def test_a_codec_failing_with_a_plain_unicode_error() -> None:
    b = _buffer("punycode")
    b.feed(b"abc-\x7f")  # not a punycode digit: a UnicodeError, not a UnicodeDecodeError
    with pytest.raises(UnicodeDecodeError):
        b.decode(True)


def test_set_format_same_codec_keeps_state() -> None:
    b = _buffer("utf-16")
    b.feed("\ufeffa\nb".encode("utf-16-be"))
    b.decode(False)
    assert b.next_line() == "a"
    b.set_format(ExternalFormat("utf-16", "crlf", "replace"))
    assert b.decoder.errors == "replace"
    b.decode(False)
    assert b.next_char(True) == "b"


def test_clear() -> None:
    b = _buffer()
    b.feed("abc\nd€".encode()[:-1])
    b.decode(False)
    b.clear()
    assert b.empty
    assert b.text_pending is False


def test_unread_char_needs_a_char_read() -> None:
    b = _buffer()
    b.feed(b"xy")
    b.decode(False)
    assert not b.unread_char()
    assert b.next_char(True) == "x"
    assert b.unread_char()
    assert not b.unread_char()


def test_take_string_in_crlf_mode() -> None:
    b = _buffer(("utf-8", "crlf"))
    b.feed(b"a\r\nb\r")
    b.decode(False)
    assert b.take_string() == "a\nb"
    assert b.take_string() == ""
    b.feed(b"")
    assert b.take_string() == "\r"


# -- _split_group: where the bytes of error-handler characters end ------------


def test_split_group_counts_a_run_after_a_replacement() -> None:
    b = _buffer(("utf-16-le", "lf", "replace"))
    group = b"\x00\xd8A\x00B\x00"
    # after U+FFFD (two bytes) and "A" (two more)
    assert b._split_group(group, len(group), "\ufffdAB", (b"", 0), 2) == 4


def test_split_group_steps_over_several_replacements() -> None:
    b = _buffer(("utf-16-le", "lf", "surrogateescape"))
    group = b"\xdc\xdc\xd8\xd8"  # a lone low surrogate, then a high one at end of file
    text = "\udcdc\udcdc\udcd8\udcd8"
    assert [b._split_group(group, 4, text, (b"", 0), n) for n in (1, 2, 3)] == [1, 2, 3]


def test_split_group_takes_the_whole_group_when_decoding_again_differs() -> None:
    b = _buffer(("utf-16-le", "lf", "replace"))
    assert b._split_group(b"\x00\xd8A\x00", 4, "not it", (b"", 0), 1) == 4
    strict = _buffer(("utf-16-le", "lf", "strict"))
    # the strict handler raises while decoding again: no positions to go by
    assert strict._split_group(b"\x00\xd8A\x00", 4, "\ufffdA", (b"", 0), 1) == 4


def test_the_watched_error_handler_is_strict_outside_split_group() -> None:
    from iolib.streams._inbuf import _watched_errors

    with pytest.raises(UnicodeDecodeError):
        b"\xff".decode("utf-8", _watched_errors())
