"""The writing half of a stream: bytes and text through the output buffer to the descriptor."""

from __future__ import annotations

from typing_extensions import Buffer

from iolib.streams._fdio import FdChannel

__all__ = ["Output", "byte_view"]


def byte_view(buffer: object, writable: bool) -> memoryview:
    """Return ``buffer`` as a flat memoryview of bytes; TypeError when it is not one."""
    if isinstance(buffer, str):
        raise TypeError("expected a bytes-like object, not str")
    try:
        view = memoryview(buffer)  # type: ignore[arg-type]  # checked at run time
    except TypeError as exc:
        raise TypeError(f"expected a bytes-like object, not {type(buffer).__name__}") from exc
    if writable and view.readonly:
        raise TypeError(f"{type(buffer).__name__} is read-only")
    if not view.c_contiguous:
        raise TypeError("expected a contiguous bytes-like object")
    if view.format != "B" or view.ndim != 1:
        view = view.cast("B")  # any C-contiguous view casts to flat bytes
    return view


class Output(FdChannel):
    """Stream methods that write: binary, text, flushing. Mixed into DualChannelStream."""

    def write(self, data: Buffer) -> int:
        """Buffer ``data`` (bytes-like) for writing; return its length. TypeError for str."""
        out = self._dcs_out
        kind = type(data)
        if kind is bytes or kind is bytearray:
            n = len(data)  # type: ignore[arg-type]  # bytes or bytearray, checked above
            if len(out.data) - out.start + n < out.size:
                out.data += data
                return n
            return self._write_slow(memoryview(data))
        return self._write_slow(byte_view(data, False))

    def write_byte(self, byte: int) -> int:
        """Buffer one byte (an int 0..255) for writing; return it."""
        if isinstance(byte, bool) or not isinstance(byte, int):
            raise TypeError(f"byte must be an int, not {type(byte).__name__}")
        if not 0 <= byte <= 255:
            raise ValueError(f"byte must be in 0..255, not {byte}")
        out = self._dcs_out
        if out.pending + 1 < out.size:
            out.data.append(byte)
        else:
            self._write_slow(memoryview(bytes((byte,))))
        return byte

    def write_string(self, string: str) -> str:
        """Buffer ``string`` encoded with the external format, "\\n" as its eol; return it.

        A character the encoding cannot write raises UnicodeEncodeError and
        nothing of ``string`` is buffered.
        """
        if not isinstance(string, str):
            raise TypeError(f"write_string needs a str, not {type(string).__name__}")
        out = self._dcs_out
        data = out.encode(string)
        if len(out.data) - out.start + len(data) < out.size:
            out.data += data
        else:
            self._write_slow(memoryview(data))
        return string

    def write_char(self, char: str) -> str:
        """Buffer one character for writing; return it. "\\n" writes the eol terminator."""
        if not isinstance(char, str):
            raise TypeError(f"write_char needs a str, not {type(char).__name__}")
        if len(char) != 1:
            raise ValueError(f"write_char needs one character, not {char!r}")
        return self.write_string(char)

    def write_line(self, string: str) -> str:
        """Buffer ``string`` followed by the eol terminator; return ``string``."""
        if not isinstance(string, str):
            raise TypeError(f"write_line needs a str, not {type(string).__name__}")
        self.write_string(string + "\n")
        return string

    def _write_slow(self, view: memoryview) -> int:
        """Write ``view`` through the buffer; on any error its unsent bytes stay buffered."""
        self._check_open()
        out = self._dcs_out
        total = len(view)
        if out.pending + total < out.size:
            out.add(view)
            return total
        rest = view
        try:
            if not out.pending and self._dcs_write_timeout is None:
                # the bulk path: straight from the caller's bytes to the descriptor
                while True:
                    try:
                        n = self._write_os(rest)
                    except InterruptedError:
                        continue
                    except BlockingIOError:
                        self._wait_ready("write", None)
                        continue
                    if n >= len(rest):
                        return total
                    rest = rest[n:]
            deadline = self._write_deadline()
            if out.pending:
                if total < out.size:
                    room = out.size - out.pending
                    out.add(rest[:room])
                    rest = rest[room:]
                self._flush(deadline)
            if len(rest) >= out.size:
                while rest:
                    n = self._os_write(rest, deadline)
                    if n == 0:
                        self._wait_ready("write", deadline)
                    rest = rest[n:]
            elif rest:
                out.add(rest)
                rest = rest[len(rest) :]
        except BaseException:
            if rest:
                out.add(rest)
            raise
        return total

    def _flush(self, deadline: float | None) -> None:
        out = self._dcs_out
        while out.pending:
            view = out.view()
            try:
                n = self._os_write(view, deadline)
            finally:
                view.release()
            if n == 0:
                self._wait_ready("write", deadline)
            out.consume(n)

    def finish_output(self) -> None:
        """Write all pending output, waiting for room within ``write_timeout``."""
        self._check_open()
        if self._dcs_out.pending:
            self._flush(self._write_deadline())

    def force_output(self) -> None:
        """Write all pending output now; for a descriptor, the same as finish_output()."""
        self.finish_output()

    def flush(self) -> None:
        """Write all pending output now (the ``io`` name of force_output)."""
        self.finish_output()

    def clear_output(self) -> None:
        """Drop output not yet written."""
        self._check_open()
        self._dcs_out.clear()
