"""The input side of a stream: raw bytes, decoded text and line-end translation, without I/O.

An :class:`InputBuffer` is fed bytes (``space()`` then ``commit()``, or
``feed()``) and hands them back as bytes or as characters. It never touches a
descriptor, so every buffer boundary can be tested by feeding one byte at a
time; the stream around it only moves bytes between the OS and here.

Text is decoded in whole chunks (one ``decode`` per refill, ``str.find`` and
``str.split`` on the result), which keeps line reading fast. Decoding never
runs ahead of what has been returned, though: each decoded chunk keeps the
bytes it came from, so ``sync()`` turns unread text back into the exact bytes
when a binary read or a new external format needs them.
"""

from __future__ import annotations

import codecs
import collections
import functools
import operator
import threading
from collections.abc import Callable, Iterator

from iolib.streams._format import ExternalFormat

__all__ = ["InputBuffer"]

DecoderState = tuple[bytes, int]

# the line iterator of a buffer with no cached lines
_NO_LINES: Iterator[str] = iter(())


class _Watch(threading.local):
    """The error handler _split_group watches, in the thread decoding."""

    handler: Callable[[UnicodeError], tuple[str | bytes, int]] | None = None


_WATCH = _Watch()


@functools.cache
def _watched_errors() -> str:
    """Register (once, on first use) the error handler name that calls _WATCH's handler."""

    def dispatch(exc: UnicodeError) -> tuple[str | bytes, int]:
        handler = _WATCH.handler
        if handler is None:
            raise exc
        return handler(exc)

    codecs.register_error("iolib.streams.watched", dispatch)
    return "iolib.streams.watched"


class _Segment:
    """One decoded chunk: its bytes, the decoder state before them, where its text starts."""

    __slots__ = ("data", "start", "state")

    def __init__(self, data: bytes, state: DecoderState, start: int) -> None:
        self.data = data
        self.state = state
        # index in InputBuffer.text of the first character these bytes produced
        # (negative once text before it has been dropped)
        self.start = start


def _make_decoder(fmt: ExternalFormat) -> codecs.IncrementalDecoder:
    return codecs.getincrementaldecoder(fmt.encoding)(fmt.errors)


class InputBuffer:
    """Buffered input of a stream: bytes not yet decoded, then decoded text not yet read.

    ``size`` is the number of bytes one OS read asks for; ``data[rstart:rend]``
    are the undecoded bytes and ``text[pos:]`` the unread text. While ``nl``
    > 0 the ``nl`` complete lines of ``text[lbase:]`` are cached in ``lines``
    (``tail`` characters follow them) and ``lineit`` iterates over the unread
    ones, so the stream's read_line is a bare ``next(lineit)``.
    """

    def __init__(self, size: int, fmt: ExternalFormat) -> None:
        self.size = size
        # allocated as needed: a huge size costs nothing until used
        self.data = bytearray(min(size, 65536))
        self.view = memoryview(self.data)
        self.rstart = 0
        self.rend = 0
        self.eof = False
        self.text = ""
        self.pos = 0
        self.segs: list[_Segment] = []
        self.lines: list[str] = []
        self.lineit = _NO_LINES
        self.lbase = 0
        self.nl = 0
        self.tail = 0
        self.fresh = False  # text is newly decoded: next_line may split all of it
        self.unread = 0
        self.fmt = fmt
        self.term = fmt.terminator
        self.tlen = len(self.term)
        self.decoder = _make_decoder(fmt)

    # -- format -------------------------------------------------------------

    def set_format(self, fmt: ExternalFormat) -> None:
        """Switch to ``fmt``; buffered input not yet read is decoded with it from now on."""
        self.sync()
        if fmt.codec_name != self.fmt.codec_name:
            self.decoder = _make_decoder(fmt)
        else:
            # same codec: keep its state (a UTF-16 byte order already seen)
            self.decoder.errors = fmt.errors
        self.fmt = fmt
        self.term = fmt.terminator
        self.tlen = len(self.term)

    # -- raw bytes ----------------------------------------------------------

    @property
    def raw_available(self) -> int:
        """The number of undecoded bytes buffered."""
        return self.rend - self.rstart

    def space(self, n: int) -> memoryview:
        """Return writable room for ``n`` more bytes after the buffered ones; see commit()."""
        if self.rstart == self.rend:
            self.rstart = self.rend = 0
        if len(self.data) - self.rend < n:
            held = self.rend - self.rstart
            if len(self.data) - held >= n and self.rstart >= held:
                # slide the held bytes to the front (no overlap: rstart >= held)
                self.data[0:held] = self.data[self.rstart : self.rend]
            else:
                grown = bytearray(max(held + n, self.size))
                grown[0:held] = self.data[self.rstart : self.rend]
                self.data = grown
                self.view = memoryview(grown)
            self.rstart, self.rend = 0, held
        return self.view[self.rend : self.rend + n]

    def commit(self, n: int) -> None:
        """Account for ``n`` bytes written into the last space(); 0 records end of file."""
        if n:
            self.rend += n
            self.eof = False
        else:
            self.eof = True

    def feed(self, data: bytes) -> None:
        """Append ``data`` to the undecoded bytes (an empty ``data`` records end of file)."""
        if data:
            self.space(len(data))[:] = data
        self.commit(len(data))

    def push_front(self, data: bytes | memoryview) -> None:
        """Put ``data`` back before every buffered byte, to be read again first."""
        n = len(data)
        if not n:
            return
        if self.rstart >= n:
            self.rstart -= n
            self.view[self.rstart : self.rstart + n] = data
            return
        held = bytes(self.view[self.rstart : self.rend])
        self.rstart = self.rend = 0
        self.space(n + len(held))
        self.view[0:n] = data
        self.view[n : n + len(held)] = held
        self.rend = n + len(held)

    def take(self, n: int) -> bytes:
        """Remove and return up to ``n`` undecoded bytes."""
        start = self.rstart
        end = min(self.rend, start + n)
        self.rstart = end
        return bytes(self.view[start:end])

    def take_into(self, out: memoryview) -> int:
        """Move up to ``len(out)`` undecoded bytes into ``out``; return how many."""
        start = self.rstart
        n = min(self.rend - start, len(out))
        out[:n] = self.view[start : start + n]
        self.rstart = start + n
        return n

    def take_byte(self) -> int | None:
        """Remove and return the next undecoded byte, or None when there is none."""
        if self.rstart < self.rend:
            value = self.data[self.rstart]
            self.rstart += 1
            return value
        return None

    # -- state --------------------------------------------------------------

    @property
    def text_pending(self) -> bool:
        """True when decoded characters are buffered and unread."""
        if self.nl:
            return self.tail > 0 or operator.length_hint(self.lineit) > 0
        return self.pos < len(self.text)

    @property
    def empty(self) -> bool:
        """True when no input at all is buffered: no bytes, no characters, no partial one."""
        if self.rstart < self.rend or self.text_pending:
            return False
        return not (self.segs and self.decoder.getstate()[0])

    @property
    def final(self) -> bool:
        """True when end of file was seen and nothing is left to decode."""
        return (
            self.eof and self.rstart == self.rend and not (self.segs and self.decoder.getstate()[0])
        )

    def clear(self) -> None:
        """Drop every buffered byte and character."""
        self.rstart = self.rend = 0
        self.text = ""
        self.pos = 0
        self.segs = []
        self._retire_lines()
        self.unread = 0
        self.decoder.reset()

    def drop_cache(self) -> None:
        """Fold the read_line cache back into ``pos`` (call before any other text access)."""
        if not self.nl:
            return
        read = self.nl - operator.length_hint(self.lineit)
        if read == self.nl:
            # every cached line read (the common case): only the tail is left
            self.pos = len(self.text) - self.tail
        else:
            self.pos = self.lbase + sum(map(len, self.lines[:read])) + read * self.tlen
        self.unread = self.tlen
        self._retire_lines()

    def _retire_lines(self) -> None:
        # exhaust the iterator: a reader still holding it must not see stale lines
        collections.deque(self.lineit, maxlen=0)
        self.lines = []
        self.lineit = _NO_LINES
        self.nl = 0

    # -- decoding -----------------------------------------------------------

    def decode(self, final: bool) -> int:
        """Decode every undecoded byte into text; return the number of new characters.

        Bytes that do not decode stay undecoded, after the characters before
        them. Raises UnicodeDecodeError only when no character at all could be
        decoded, so an error is met exactly where the bad bytes are.
        """
        if self.rstart == self.rend and not (final and self.segs):
            return 0
        self.drop_cache()
        data = bytes(self.view[self.rstart : self.rend])
        self.rstart = self.rend = 0
        decoder = self.decoder
        pending, flag = decoder.getstate()
        if pending:
            # the pending bytes move into this chunk, out of the one before
            data = pending + data
            if self.segs:
                last = self.segs[-1]
                last.data = last.data[: len(last.data) - len(pending)]
            decoder.setstate((b"", flag))
        state: DecoderState = (b"", flag)
        try:
            new, state = self._run_decoder(data, final, state)
        except UnicodeDecodeError as exc:
            good = max(0, min(exc.start, len(data)))
            new = ""
            if good:
                try:
                    new, state = self._run_decoder(data[:good], False, state)
                except UnicodeDecodeError:
                    good = 0
            self.push_front(data[good:])
            data = data[:good]
            if not new:
                decoder.setstate((b"", flag))
                raise
        if not data:
            return 0
        self._append_text(new, _Segment(data, state, 0))
        return len(new)

    def _run_decoder(
        self, data: bytes, final: bool, state: DecoderState
    ) -> tuple[str, DecoderState]:
        """Decode ``data`` from ``state``; return the text and the state it really started from.

        UTF-16/32 without a byte order mark is read in native order, as
        bytes.decode reads it; any other plain UnicodeError becomes a
        UnicodeDecodeError.
        """
        decoder = self.decoder
        decoder.setstate(state)
        try:
            return decoder.decode(data, final), state
        except UnicodeDecodeError:
            raise
        except UnicodeError as exc:
            native: DecoderState = (b"", 0)
            decoder.setstate(native)
            try:
                return decoder.decode(data, final), native
            except UnicodeError as again:
                decoder.setstate(state)
                if isinstance(again, UnicodeDecodeError):
                    raise
                raise UnicodeDecodeError(self.fmt.encoding, data, 0, len(data), str(again)) from exc

    def _append_text(self, new: str, seg: _Segment) -> None:
        text = self.text
        self.fresh = True
        # keep the last character read, so that it can still be unread
        cut = self.pos - self.unread
        if cut >= len(text):
            self.text = new
            self.segs = [seg]
            self.pos = 0
            return
        if cut:
            for old in self.segs:
                old.start -= cut
            text = text[cut:]
        seg.start = len(text)
        self.text = text + new
        self.pos -= cut
        segs = self.segs
        segs.append(seg)
        while len(segs) > 1 and segs[1].start <= 0:
            del segs[0]

    def sync(self) -> None:
        """Turn unread characters back into the bytes they came from, undecoded again."""
        if not self.segs:
            return
        self.drop_cache()
        text, pos = self.text, self.pos
        decoder = self.decoder
        pending, flag = decoder.getstate()
        if pos >= len(text) and self.fmt.errors == "strict":
            back = pending
        else:
            # (with an error handler, bytes after the last character may have
            # decoded to nothing, "ignore": they go back too)
            index = 0
            for i, seg in enumerate(self.segs):
                if seg.start <= pos:
                    index = i
            seg = self.segs[index]
            k, flag, shared = self._byte_offset(seg, pos - seg.start)
            # the pending bytes are the tail of the last segment's data
            back = seg.data[k:] + b"".join(s.data for s in self.segs[index + 1 :])
            if shared:
                # characters that share their bytes with ones already read (UTF-7
                # runs): no byte boundary exists, so they go back re-encoded
                back = shared + back
        decoder.setstate((b"", flag))
        self.text = ""
        self.pos = 0
        self.segs = []
        self.unread = 0
        self.push_front(back)

    def _byte_offset(self, seg: _Segment, chars: int) -> tuple[int, int, bytes]:
        """Return (k, flag, shared): where the bytes of ``seg``'s first ``chars`` characters end.

        ``flag`` is the decoder's state at ``k``. Usually ``seg.data[:k]`` gives
        exactly those characters and ``shared`` is empty. When the byte at
        ``k`` completed several characters at once and ``chars`` falls among
        them, see _split_group.
        """
        probe = _make_decoder(self.fmt)
        data = seg.data

        def count(k: int) -> int:
            probe.setstate(seg.state)
            return len(probe.decode(data[:k], False))

        # the smallest k with count(k) >= chars; len(data) if the characters past
        # that point were only flushed at end of file
        lo, hi = 0, len(data)
        while lo < hi:
            mid = (lo + hi) // 2
            if count(mid) >= chars:
                hi = mid
            else:
                lo = mid + 1
        probe.setstate(seg.state)
        got = len(probe.decode(data[:lo], False))
        pending, flag = probe.getstate()
        end = lo - len(pending)
        if got == chars:
            return end, flag, b""
        if got < chars:
            # some of the characters flushed at end of file from the pending bytes
            state: DecoderState = (b"", flag)
            probe.setstate(state)
            rest = data[end:]
            text = probe.decode(rest, True)
            if len(text) <= chars - got:
                return len(data), flag, b""
            return end + self._split_group(rest, len(rest), text, state, chars - got), flag, b""
        # data[:lo - 1] gave `before` characters and left its tail pending; byte
        # lo - 1 completed the group data[start:end] of several characters
        end_flag = flag
        probe.setstate(seg.state)
        before = len(probe.decode(data[: lo - 1], False))
        pending, flag = probe.getstate()
        start = lo - 1 - len(pending)
        state = (b"", flag)
        probe.setstate(state)
        text = probe.decode(data[start:lo], False)
        read = chars - before
        shared = self._shared_text(data[start:lo], state, text, read)
        if shared is not None:
            return end, end_flag, shared
        return start + self._split_group(data[start:lo], end - start, text, state, read), flag, b""

    def _shared_text(self, data: bytes, state: DecoderState, text: str, read: int) -> bytes | None:
        """``text[read:]`` re-encoded when the characters ``data`` decodes to share bytes.

        Only UTF-7 runs do: their characters share base64 bits and decode
        without an error handler, so they re-encode to the same text. None
        when an error handler made them (see _split_group).
        """
        fmt = self.fmt
        strict = codecs.getincrementaldecoder(fmt.encoding)("strict")
        try:
            strict.setstate(state)
            if strict.decode(data, False) != text:
                return None
            return codecs.encode(text[read:], fmt.encoding, "strict")
        except UnicodeError:
            return None

    def _split_group(
        self, group: bytes, end: int, text: str, state: DecoderState, read: int
    ) -> int:
        """Return where the bytes of the first ``read`` characters of ``text`` end in ``group``.

        Decoding ``group`` from ``state`` gave ``text`` at once, leaving
        ``group[end:]`` pending (none left: it was decoded at end of file).
        An error handler turned a bad sequence, perhaps with the character
        after it, into characters that are never
        re-encoded, since their bytes would not be the ones on the wire
        (U+FFFD) or would not encode at all (UnicodeEncodeError from a
        surrogateescape'd UTF-16 unit). Decoding again with the handler
        watched tells which bytes each replacement stands for: one byte per
        character when there are as many characters as bytes
        (surrogateescape), else the whole sequence, so a replacement partly
        read (backslashreplace) resumes after its bytes and none come twice.
        """
        calls: list[tuple[int, int, str]] = []
        handler = codecs.lookup_error(self.fmt.errors)

        def watch(exc: UnicodeError) -> tuple[str | bytes, int]:
            replacement, resume = handler(exc)
            if (
                isinstance(exc, UnicodeDecodeError)
                and isinstance(replacement, str)
                and bytes(exc.object) == group
            ):
                calls.append(
                    (exc.start, resume if resume >= 0 else len(group) + resume, replacement)
                )
                return replacement, resume
            calls.append((-1, -1, ""))  # not a decoding of group: positions unknown
            return replacement, resume

        probe = codecs.getincrementaldecoder(self.fmt.encoding)(_watched_errors())
        _WATCH.handler = watch
        try:
            probe.setstate(state)
            again = probe.decode(group, end == len(group))
        except UnicodeError:
            again = ""
        finally:
            _WATCH.handler = None
        if again != text:
            return end
        chars = done = 0
        for first, resume, replacement in [*calls, (end, end, "")]:
            if not 0 <= done <= first <= resume:
                return end
            run = self._run_length(group[done:first], state)
            if chars + run >= read:
                return done + self._run_offset(group[done:first], state, read - chars)
            chars += run
            if chars + len(replacement) >= read:
                if len(replacement) == resume - first:
                    return first + read - chars
                return resume
            chars += len(replacement)
            done = resume
        return end

    def _run_length(self, run: bytes, state: DecoderState) -> int:
        """The number of characters that ``run``, bytes with no decoding error, decode to."""
        probe = _make_decoder(self.fmt)
        probe.setstate(state)
        return len(probe.decode(run, True))

    def _run_offset(self, run: bytes, state: DecoderState, chars: int) -> int:
        """The fewest bytes of ``run`` (error-free) that decode to ``chars`` characters."""
        probe = _make_decoder(self.fmt)
        for k in range(len(run) + 1):
            probe.setstate(state)
            if len(probe.decode(run[:k], False)) >= chars:
                return k - len(probe.getstate()[0])
        return len(run)

    # -- text ---------------------------------------------------------------

    def next_line(self) -> str | None:
        """Remove and return the next complete line without its terminator; None if none yet."""
        self.drop_cache()
        text, pos, term = self.text, self.pos, self.term
        i = text.find(term, pos)
        if i < 0:
            return None
        if not self.fresh:
            # a plain find: splitting the rest again after every other read would be quadratic
            self.pos = i + self.tlen
            self.unread = self.tlen
            return text[pos:i]
        self.fresh = False
        skip = 0
        if pos == 0:
            lines = text.split(term)
        elif pos == self.tlen and text.startswith(term):
            # only the terminator kept for unread_char precedes: split without a copy
            lines = text.split(term)
            skip, pos = 1, 0
        else:
            lines = text[pos:].split(term)
        self.tail = len(lines.pop())
        self.lines = lines
        self.nl = len(lines)
        self.lbase = pos
        self.lineit = lineit = iter(lines)
        if skip:
            next(lineit)
        return next(lineit)

    def rest_line(self) -> str | None:
        """At end of file: remove and return the unterminated last line, or None if empty."""
        self.drop_cache()
        text, pos = self.text, self.pos
        if pos >= len(text):
            return None
        self.pos = len(text)
        self.unread = 1
        return text[pos:]

    def next_char(self, consume: bool) -> str | None:
        """Return the next character (removed when ``consume``); None when more input is needed.

        The eol terminator reads as "\\n". In crlf mode a final CR waits for
        the next byte unless end of file makes it final.
        """
        self.drop_cache()
        text, pos = self.text, self.pos
        if pos >= len(text):
            return None
        c = text[pos]
        width = 1
        if c == "\r":
            term = self.term
            if term == "\r":
                c = "\n"
            elif term == "\r\n":
                if pos + 1 < len(text):
                    if text[pos + 1] == "\n":
                        c, width = "\n", 2
                elif not self.final:
                    return None
        if consume:
            self.pos = pos + width
            self.unread = width
        return c

    def take_string(self) -> str:
        """Remove and return every buffered character (a crlf-mode final CR may wait)."""
        self.drop_cache()
        text, pos = self.text, self.pos
        end = len(text)
        if self.term == "\r\n" and end > pos and text[end - 1] == "\r" and not self.final:
            end -= 1
        if end <= pos:
            return ""
        chunk = text[pos:end]
        self.pos = end
        self.unread = 0
        term = self.term
        if term != "\n" and term in chunk:
            chunk = chunk.replace(term, "\n")
        return chunk

    def unread_char(self) -> bool:
        """Put the last character read back; False when there is none to put back."""
        self.drop_cache()
        width = self.unread
        if not width or self.pos < width:
            return False
        self.pos -= width
        self.unread = 0
        return True
