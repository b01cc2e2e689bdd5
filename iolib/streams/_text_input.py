"""The text-reading half of a stream: characters and lines decoded from the input buffer."""

from __future__ import annotations

import functools
import itertools
import operator
import weakref
from collections.abc import Callable, Iterable, Iterator

from iolib.streams._fdio import FdChannel

__all__ = ["TextInput"]


class TextInput(FdChannel):
    """Stream methods that read characters and lines. Mixed into DualChannelStream."""

    def _fill_text(self, deadline: float | None) -> bool:
        """Decode more characters, reading as needed; False at end of file with none new."""
        b = self._dcs_in
        while True:
            if b.rstart < b.rend and b.decode(b.eof):
                return True
            if self._read_raw(deadline) == 0:
                return b.decode(True) > 0

    def _install_line_reader(self) -> None:
        # read_line is the stream's hottest call. While lines are cached it is
        # served by C code alone: partial(next, chain, None) walks the cached
        # lines, and the chain asks _line_batches (Python) only once per refill.
        # The instance attribute shadows the method below, which has the same
        # behaviour and serves subclasses that override read_line.
        batches = itertools.chain.from_iterable(_line_batches(weakref.ref(self)))
        reader: Callable[[], str | None] = functools.partial(next, batches, None)
        vars(self)["read_line"] = reader

    def read_line(self) -> str | None:
        """Return the next line without its terminator, or None at end of file."""
        try:
            return next(self._dcs_in.lineit)
        except StopIteration:
            return self._read_line_slow()

    def _read_line_slow(self) -> str | None:
        self._check_open()
        b = self._dcs_in
        deadline = self._read_deadline()
        while True:
            line = b.next_line()
            if line is not None:
                return line
            if not self._fill_text(deadline):
                return b.rest_line()

    def readline(self) -> str:
        """Return the next line with a final "\\n" when it had a terminator ("" at EOF), as io."""
        b = self._dcs_in
        try:
            return next(b.lineit) + "\n"
        except StopIteration:
            pass
        self._check_open()
        deadline = self._read_deadline()
        while True:
            line = b.next_line()
            if line is not None:
                return line + "\n"
            if not self._fill_text(deadline):
                return b.rest_line() or ""

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def read_char(self) -> str | None:
        """Return the next character, or None at end of file."""
        c = self._dcs_in.next_char(True)
        if c is not None:
            return c
        return self._read_char_slow(True)

    def peek_char(self) -> str | None:
        """Return the next character without consuming it, or None at end of file."""
        c = self._dcs_in.next_char(False)
        if c is not None:
            return c
        return self._read_char_slow(False)

    def _read_char_slow(self, consume: bool) -> str | None:
        self._check_open()
        b = self._dcs_in
        deadline = self._read_deadline()
        while True:
            c = b.next_char(consume)
            if c is not None:
                return c
            if not self._fill_text(deadline):
                return b.next_char(consume)

    def unread_char(self, char: str | None = None) -> None:
        """Put back the last character read (by read_char, or a line's terminator).

        ValueError when nothing can be put back, or when ``char`` is given and
        is not that character.
        """
        self._check_open()
        b = self._dcs_in
        if not b.unread_char():
            raise ValueError("unread_char: no character read to put back")
        if char is not None and b.next_char(False) != char:
            b.next_char(True)
            raise ValueError(f"unread_char: {char!r} is not the last character read")

    def read_char_no_hang(self) -> str | None:
        """Return the next character if a whole one is available now, else None."""
        b = self._dcs_in
        c = b.next_char(True)
        if c is not None:
            return c
        self._check_open()
        if b.rstart < b.rend and b.decode(b.eof):
            c = b.next_char(True)
            if c is not None:
                return c
        space = b.space(b.size)
        try:
            n = self._os_read_now(space)
        finally:
            space.release()
        if n is None:
            return None
        b.commit(n)
        b.decode(n == 0)
        return b.next_char(True)

    def read_string(self) -> str | None:
        """Return every character already buffered, reading once if there is none; None at EOF."""
        self._check_open()
        b = self._dcs_in
        if b.rstart < b.rend:
            b.decode(b.eof)
        text = b.take_string()
        if text:
            return text
        if self._read_raw(self._read_deadline()) == 0:
            b.decode(True)
            return b.take_string() or None
        b.decode(False)
        return b.take_string()


def _line_batches(ref: weakref.ref[TextInput]) -> Iterator[Iterable[str]]:
    """Yield the stream's cached lines batch by batch, refilling between batches.

    Ends (so the reader returns None) at end of file; an error ends it too.
    Either way a fresh reader is installed first, so the next read_line
    starts over. Holds the stream weakly: the reader must not keep it alive.
    """
    while True:
        stream = ref()
        if stream is None:
            return
        b = stream._dcs_in
        if operator.length_hint(b.lineit) == 0:
            try:
                line = stream._read_line_slow()
            except BaseException:
                if not stream._dcs_closed:
                    stream._install_line_reader()
                raise
            if line is None:
                stream._install_line_reader()
                return
            rest = b.lineit
            del stream
            yield (line,)
            yield rest
        else:
            rest = b.lineit
            del stream
            yield rest
