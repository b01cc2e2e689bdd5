"""DualChannelStream: a buffered, bivalent, bidirectional stream over a file descriptor."""

from __future__ import annotations

import warnings
from types import TracebackType
from typing import Self

from typing_extensions import Buffer

from iolib.streams._fdio import check_timeout
from iolib.streams._format import (
    ExternalFormat,
    ExternalFormatDesignator,
    ensure_external_format,
)
from iolib.streams._inbuf import InputBuffer
from iolib.streams._outbuf import OutputBuffer
from iolib.streams._output import Output, byte_view
from iolib.streams._text_input import TextInput

__all__ = ["DEFAULT_BUFFER_SIZE", "MAX_BUFFER_SIZE", "DualChannelStream"]

#: The buffer size used when None is given: large enough that one system
#: call moves a useful amount of data, small enough to stay in cache.
DEFAULT_BUFFER_SIZE = 65536
#: The largest buffer size: Linux moves at most about 2 GiB per system call.
MAX_BUFFER_SIZE = 2**31 - 1
# read(n) allocates n bytes up front only up to this; beyond, it grows as data comes
_PREALLOCATE = 16 << 20


def _check_size(value: object, name: str) -> int:
    if value is None:
        return DEFAULT_BUFFER_SIZE
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int or None, not {type(value).__name__}")
    if not 1 <= value <= MAX_BUFFER_SIZE:
        raise ValueError(f"{name} must be in 1..{MAX_BUFFER_SIZE}, not {value}")
    return value


class DualChannelStream(TextInput, Output):
    """A buffered stream of bytes and characters over a file descriptor it owns.

    ``fd`` is a socket, pipe or file descriptor, blocking or not; the stream
    does not dup it and ``close()`` closes it. ``external_format`` is an
    ExternalFormat, an encoding name or ``(encoding, eol_style)``. Buffer
    sizes are ints >= 1 (None: the default); one OS read asks for
    ``input_buffer_size`` bytes and output is written when
    ``output_buffer_size`` bytes are pending. Binary and text reads may be
    mixed: they see the same byte sequence.

    Subclasses substitute the system calls by overriding ``_read_os``,
    ``_write_os`` and ``_close_os``. Closing with unread input on a socket
    may make the kernel send a reset (RST) to the peer.
    """

    def __init__(
        self,
        fd: int,
        external_format: ExternalFormatDesignator = "utf-8",
        input_buffer_size: int | None = None,
        output_buffer_size: int | None = None,
    ) -> None:
        self._dcs_closed = True  # until fully built: __del__ must not touch the fd
        if isinstance(fd, bool) or not isinstance(fd, int):
            raise TypeError(f"fd must be an int, not {type(fd).__name__}")
        if fd < 0:
            raise ValueError(f"fd must be >= 0, not {fd}")
        fmt = ensure_external_format(external_format)
        isize = _check_size(input_buffer_size, "input_buffer_size")
        osize = _check_size(output_buffer_size, "output_buffer_size")
        self._dcs_fd = fd
        self._dcs_format = fmt
        self._dcs_in = InputBuffer(isize, fmt)
        self._dcs_out = OutputBuffer(osize, fmt)
        self._dcs_osize = osize
        self._dcs_read_timeout: float | None = None
        self._dcs_write_timeout: float | None = None
        self._dcs_closed = False
        if type(self).read_line is TextInput.read_line:
            self._install_line_reader()
        super().__init__()

    # -- attributes ---------------------------------------------------------

    @property
    def external_format(self) -> ExternalFormat:
        """The ExternalFormat in force; settable with any designator, mid-stream."""
        return self._dcs_format

    @external_format.setter
    def external_format(self, value: ExternalFormatDesignator) -> None:
        fmt = ensure_external_format(value)
        self._dcs_in.set_format(fmt)
        self._dcs_out.set_format(fmt)
        self._dcs_format = fmt

    @property
    def read_timeout(self) -> float | None:
        """Seconds a read may wait for input (None: forever); then StreamTimeoutError."""
        return self._dcs_read_timeout

    @read_timeout.setter
    def read_timeout(self, value: float | None) -> None:
        self._dcs_read_timeout = check_timeout(value, "read_timeout")

    @property
    def write_timeout(self) -> float | None:
        """Seconds a write may wait for room (None: forever); then StreamTimeoutError."""
        return self._dcs_write_timeout

    @write_timeout.setter
    def write_timeout(self, value: float | None) -> None:
        self._dcs_write_timeout = check_timeout(value, "write_timeout")

    @property
    def input_buffer_size(self) -> int:
        """The number of bytes one OS read asks for."""
        return self._dcs_in.size

    @property
    def output_buffer_size(self) -> int:
        """The number of pending output bytes that triggers a write."""
        return self._dcs_osize

    @property
    def input_buffer_empty(self) -> bool:
        """True when no input (byte, character or partial character) is buffered."""
        return self._dcs_in.empty

    @property
    def output_buffer_empty(self) -> bool:
        """True when no output waits to be written."""
        return self._dcs_out.pending == 0

    @property
    def closed(self) -> bool:
        """True once the stream is closed."""
        return self._dcs_closed

    @property
    def at_eof(self) -> bool:
        """True when no input is buffered and the descriptor reports end of file now."""
        if self._dcs_closed:
            return True
        b = self._dcs_in
        if not b.empty:
            return False
        space = b.space(b.size)
        try:
            n = self._os_read_now(space)
        finally:
            space.release()
        if n is None:
            return False
        b.commit(n)
        return n == 0

    def __repr__(self) -> str:
        fmt = getattr(self, "_dcs_format", None)
        state = " closed" if getattr(self, "_dcs_closed", True) else ""
        fd = getattr(self, "_dcs_fd", -1)
        where = f"{fmt.encoding} {fmt.eol_style}" if fmt else "?"
        return f"<{type(self).__name__} fd={fd} {where}{state}>"

    # -- closing ------------------------------------------------------------

    def close(self, abort: bool = False) -> None:
        """Close the stream and its descriptor; pending output is written first unless ``abort``.

        Closing twice does nothing. An error writing the pending output is
        raised after the descriptor is closed.
        """
        if self._dcs_closed:
            return
        try:
            if not abort and self._dcs_out.pending:
                self.finish_output()
        finally:
            self._dcs_closed = True
            vars(self).pop("read_line", None)
            self._dcs_in.clear()
            self._dcs_out.clear()
            # no write fits in a zero-size buffer: every write takes the checked path
            self._dcs_out.size = 0
            self._close_os()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_dcs_closed", True):
            return
        message = f"unclosed stream {self!r}"
        try:
            self.close(abort=True)
        except OSError:
            # nobody to tell from a finalizer: the warning below is the report
            message += " (closing it failed)"
        finally:
            warnings.warn(message, ResourceWarning, stacklevel=2, source=self)

    # -- binary input -------------------------------------------------------

    def read_byte(self) -> int | None:
        """Return the next byte as an int, or None at end of file."""
        b = self._dcs_in
        if b.rstart < b.rend and not b.segs:
            value = b.data[b.rstart]
            b.rstart += 1
            return value
        self._check_open()
        b.sync()
        value_or_none = b.take_byte()
        if value_or_none is not None:
            return value_or_none
        if self._read_raw(self._read_deadline()) == 0:
            return None
        return b.take_byte()

    def read(self, n: int | None = -1) -> bytes:
        """Return ``n`` bytes, fewer only at end of file (b"" there); -1 or None: to EOF."""
        if n is None:
            n = -1
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, not {type(n).__name__}")
        self._check_open()
        b = self._dcs_in
        b.sync()
        if 0 <= n <= b.raw_available:
            return b.take(n)
        if 0 <= n <= _PREALLOCATE:
            buf = bytearray(n)
            got = self.read_into(buf)
            del buf[got:]
            return bytes(buf)
        # to EOF, or more than is sensible to allocate before it arrives
        limit = None if n < 0 else n
        chunks = [b.take(b.raw_available)]
        total = len(chunks[0])
        deadline = self._read_deadline()
        try:
            while (limit is None or total < limit) and self._read_raw(deadline):
                chunk = b.take(b.raw_available if limit is None else limit - total)
                chunks.append(chunk)
                total += len(chunk)
        except BaseException:
            b.push_front(b"".join(chunks))
            raise
        return b"".join(chunks)

    def read_into(self, buffer: Buffer, start: int = 0, end: int | None = None) -> int:
        """Fill ``buffer[start:end]`` with input, fewer bytes only at end of file; return the count.

        Requests of at least input_buffer_size bytes are read straight into
        ``buffer``. On a timeout or error, the bytes already moved go back
        into the stream's buffer, so nothing is lost.
        """
        view = memoryview(buffer) if type(buffer) is bytearray else byte_view(buffer, True)
        if start or end is not None:
            view = self._bounded(view, start, end)
        if self._dcs_closed:
            self._check_open()
        b = self._dcs_in
        if b.segs:
            b.sync()
        want = len(view)
        got = 0
        if b.rstart < b.rend:
            got = b.take_into(view)
            if got == want:
                return got
        elif want >= b.size and self._dcs_read_timeout is None:
            return self._read_into_direct(view, 0)
        return self._read_into_slow(view, got)

    def _read_into_direct(self, target: memoryview, got: int) -> int:
        """Fill ``target[got:]`` straight from the descriptor (no timeout); return the count."""
        read_os = self._read_os
        want = len(target)
        try:
            while got < want:
                try:
                    n = read_os(target[got:])
                except InterruptedError:
                    continue
                except BlockingIOError:
                    self._wait_ready("read", None)
                    continue
                if not n:
                    self._dcs_in.commit(0)
                    break
                got += n
        except BaseException:
            self._dcs_in.push_front(target[:got])
            raise
        return got

    def _read_into_slow(self, target: memoryview, got: int) -> int:
        b = self._dcs_in
        want = len(target)
        if got and self._dcs_read_timeout is None:
            return self._read_into_direct(target, got)
        deadline = self._read_deadline()
        try:
            while got < want:
                if got or want >= b.size:
                    # the rest of a bulk request, or of what the buffer held: no copy
                    n = self._os_read(target[got:], deadline)
                    if n == 0:
                        b.commit(0)
                        break
                    got += n
                else:
                    if self._read_raw(deadline) == 0:
                        break
                    got += b.take_into(target[got:])
        except BaseException:
            b.push_front(target[:got])
            raise
        return got

    @staticmethod
    def _bounded(view: memoryview, start: object, end: object) -> memoryview:
        size = len(view)
        if isinstance(start, bool) or not isinstance(start, int):
            raise TypeError(f"start must be an int, not {type(start).__name__}")
        if end is None:
            end = size
        elif isinstance(end, bool) or not isinstance(end, int):
            raise TypeError(f"end must be an int or None, not {type(end).__name__}")
        if not 0 <= start <= end <= size:
            raise ValueError(f"need 0 <= start <= end <= {size}, not start={start} end={end}")
        return view[start:end]

    def read_some(self, n: int = -1) -> bytes:
        """Return up to ``n`` bytes: what is buffered, or else one OS read (b"" at EOF).

        ``n`` < 0 means up to input_buffer_size.
        """
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, not {type(n).__name__}")
        self._check_open()
        b = self._dcs_in
        if n < 0:
            n = b.size
        if n == 0:
            return b""
        b.sync()
        if b.raw_available:
            return b.take(n)
        deadline = self._read_deadline()
        if n > b.size:
            buf = bytearray(min(n, _PREALLOCATE))
            got = self._os_read(memoryview(buf), deadline)
            if got == 0:
                b.commit(0)
            del buf[got:]
            return bytes(buf)
        self._read_raw(deadline)
        return b.take(n)

    def clear_input(self) -> None:
        """Drop all buffered input, bytes and characters."""
        self._check_open()
        self._dcs_in.clear()

    def listen(self) -> bool:
        """True when input can be read now without blocking (a byte, at least)."""
        b = self._dcs_in
        if not b.empty:
            return True
        self._check_open()
        space = b.space(b.size)
        try:
            n = self._os_read_now(space)
        finally:
            space.release()
        if n is None:
            return False
        b.commit(n)
        return n > 0
