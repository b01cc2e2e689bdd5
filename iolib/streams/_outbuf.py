"""The output side of a stream: encoded bytes waiting to be written, without I/O."""

from __future__ import annotations

import codecs

from iolib.streams._format import ExternalFormat

__all__ = ["OutputBuffer"]


class OutputBuffer:
    """Bytes a stream has accepted and not yet written.

    ``data[start:]`` is pending. Text is translated ("\\n" to the eol
    terminator) and encoded at once by ``encode()``, so a character the
    encoding cannot write raises UnicodeEncodeError from the write call
    itself and nothing of that call is buffered.
    """

    def __init__(self, size: int, fmt: ExternalFormat) -> None:
        self.size = size
        self.data = bytearray()
        self.start = 0
        self.fmt = fmt
        self.term = fmt.terminator
        self.encoder = codecs.getincrementalencoder(fmt.encoding)(fmt.errors)

    def set_format(self, fmt: ExternalFormat) -> None:
        """Encode text written from now on with ``fmt``; bytes already buffered stay."""
        if fmt.codec_name != self.fmt.codec_name:
            self.encoder = codecs.getincrementalencoder(fmt.encoding)(fmt.errors)
        else:
            # same codec: keep its state (no second UTF-16 byte order mark)
            self.encoder.errors = fmt.errors
        self.fmt = fmt
        self.term = fmt.terminator

    def encode(self, text: str) -> bytes:
        """Return ``text`` translated and encoded; raises UnicodeEncodeError."""
        term = self.term
        if term != "\n" and "\n" in text:
            text = text.replace("\n", term)
        return self.encoder.encode(text)

    @property
    def pending(self) -> int:
        """The number of bytes waiting to be written."""
        return len(self.data) - self.start

    def add(self, data: bytes | bytearray | memoryview) -> None:
        """Append ``data`` to the pending bytes."""
        self.data += data

    def view(self) -> memoryview:
        """Return the pending bytes; drop the view before the next add() or consume()."""
        return memoryview(self.data)[self.start :]

    def consume(self, n: int) -> None:
        """Forget the first ``n`` pending bytes, written by the caller."""
        self.start += n
        if self.start >= len(self.data):
            # a fresh array: a view still held elsewhere cannot block a resize
            self.data = bytearray()
            self.start = 0

    def clear(self) -> None:
        """Drop every pending byte."""
        self.data = bytearray()
        self.start = 0
