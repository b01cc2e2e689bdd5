"""DNS wire primitives (RFC 1035 3, 4.1.4): a bounds-checked reader and a compressing writer.

Every read goes through :class:`Reader`, whose methods check the bounds first and
raise :class:`MessageDecodeError` (and nothing else) on a short or hostile
message. Compression pointers are followed only strictly backwards, so no
message can make a name loop, and a name longer than 255 octets is refused.
"""

from __future__ import annotations

import functools
import struct

from iolib.dns._errors import MessageDecodeError

__all__ = ["MAX_NAME_LENGTH", "Reader", "Writer", "canonical_name", "encode_name", "name_key"]

MAX_NAME_LENGTH = 255  # octets on the wire, root label included (RFC 1035 2.3.4)
MAX_LABEL_LENGTH = 63
_POINTER = 0xC0
_MAX_POINTER_TARGET = 0x3FFF

_U16 = struct.Struct("!H")
_U32 = struct.Struct("!I")
_RR_FIXED = struct.Struct("!HHIH")  # type, class, ttl, rdlength (RFC 1035 4.1.3)

# Bytes that appear in a label's text form unescaped: printable ASCII but "." and "\".
_PLAIN = bytes(b for b in range(0x21, 0x7F) if b not in b".\\")


def _label_text(label: bytes) -> str:
    """Return the text form of one label, escaping "." "\\" and non-printable bytes."""
    if not label.translate(None, _PLAIN):
        return label.decode("ascii")
    out = []
    for byte in label:
        if byte in b".\\":
            out.append("\\" + chr(byte))
        elif 0x21 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03d}")
    return "".join(out)


class Reader:
    """A cursor over one DNS message; every read checks bounds and raises MessageDecodeError."""

    __slots__ = ("_seen", "data", "end", "pos")

    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos
        self.end = len(data)
        # Names already read, by offset: (text, octets). Compression points back at
        # them again and again (every answer owner at the question), so read each once.
        self._seen: dict[int, tuple[str, int]] = {}

    def fail(self, what: str, at: int | None = None) -> MessageDecodeError:
        """Return the decode error for ``what`` at offset ``at`` (default: the cursor)."""
        offset = self.pos if at is None else at
        return MessageDecodeError(offset, f"malformed DNS message at offset {offset}: {what}")

    def need(self, count: int) -> int:
        """Return the cursor and advance it by ``count``; raise if fewer bytes remain."""
        pos = self.pos
        if count < 0 or pos + count > self.end:
            raise self.fail(f"{count} more bytes needed, {self.end - pos} left")
        self.pos = pos + count
        return pos

    def u8(self) -> int:
        """Read one octet."""
        return self.data[self.need(1)]

    def u16(self) -> int:
        """Read a 16-bit big-endian integer."""
        return int(_U16.unpack_from(self.data, self.need(2))[0])

    def u32(self) -> int:
        """Read a 32-bit big-endian integer."""
        return int(_U32.unpack_from(self.data, self.need(4))[0])

    def take(self, count: int) -> bytes:
        """Read ``count`` raw bytes."""
        pos = self.need(count)
        return self.data[pos : pos + count]

    def rr_fixed(self) -> tuple[int, int, int, int]:
        """Read the fixed part of a resource record: type, class, ttl, rdlength."""
        fields: tuple[int, int, int, int] = _RR_FIXED.unpack_from(self.data, self.need(10))
        return fields

    def name(self) -> str:
        """Read a possibly compressed domain name and return its text form (no trailing dot)."""
        data = self.data
        end = self.end
        start = pos = self.pos
        limit = pos  # a pointer must aim strictly before this
        length_total = 1  # the root label
        labels: list[str] = []
        jumped = False
        while True:
            if pos >= end:
                raise self.fail("name runs past the end", pos)
            length = data[pos]
            if length == 0:
                pos += 1
                break
            if length >= _POINTER:
                if length & _POINTER != _POINTER or pos + 1 >= end:
                    raise self.fail("bad compression pointer", pos)
                target = ((length & 0x3F) << 8) | data[pos + 1]
                if target >= limit:
                    raise self.fail("compression pointer does not point backwards", pos)
                if not jumped:
                    self.pos = pos + 2
                    jumped = True
                seen = self._seen.get(target)
                if seen is not None:
                    text, octets = seen
                    length_total += octets - 1
                    if length_total > MAX_NAME_LENGTH:
                        raise self.fail("name longer than 255 octets", pos)
                    if text:
                        labels.append(text)
                    break
                limit = target
                pos = target
                continue
            if length > MAX_LABEL_LENGTH:
                raise self.fail(f"label type 0x{length & _POINTER:02x} unsupported", pos)
            stop = pos + 1 + length
            if stop > end:
                raise self.fail("label runs past the end", pos)
            length_total += length + 1
            if length_total > MAX_NAME_LENGTH:
                raise self.fail("name longer than 255 octets", pos)
            labels.append(_label_text(data[pos + 1 : stop]))
            pos = stop
        if not jumped:
            self.pos = pos
        name = ".".join(labels)
        self._seen[start] = (name, length_total)
        return name


def _unescape(label: str) -> bytes:
    """Return the bytes of one label's text form, undoing ``\\.`` and ``\\DDD`` escapes."""
    out = bytearray()
    i = 0
    while i < len(label):
        char = label[i]
        if char != "\\":
            out += char.encode("utf-8")
            i += 1
            continue
        digits = label[i + 1 : i + 4]
        if len(digits) == 3 and digits.isdigit() and int(digits) <= 255:
            out.append(int(digits))
            i += 4
        elif i + 1 < len(label):
            out += label[i + 1].encode("utf-8")
            i += 2
        else:
            raise ValueError(f"dangling escape in label {label!r}")
    return bytes(out)


def _split_labels(name: str) -> list[str]:
    """Split a name's text on unescaped dots."""
    if "\\" not in name:
        return name.split(".")
    labels, current, i = [], [], 0
    while i < len(name):
        if name[i] == "\\" and i + 1 < len(name):
            current.append(name[i : i + 2])
            i += 2
        elif name[i] == ".":
            labels.append("".join(current))
            current = []
            i += 1
        else:
            current.append(name[i])
            i += 1
    labels.append("".join(current))
    return labels


@functools.lru_cache(maxsize=1024)
def encode_name(name: str) -> tuple[bytes, ...]:
    """Return the labels of a name's text form (trailing dot optional; "" or "." is the root).

    Non-ASCII labels are IDNA-encoded. Raises ValueError for an empty label, a label
    over 63 octets or a name over 255 octets, TypeError if ``name`` is not a str.
    """
    if not isinstance(name, str):
        raise TypeError(f"a domain name must be a str, not {type(name).__name__}")
    if name in ("", "."):
        return ()
    text = name[:-1] if name.endswith(".") and not name.endswith("\\.") else name
    labels: list[bytes] = []
    total = 1
    for label_text in _split_labels(text):
        if label_text.isascii():
            label = _unescape(label_text) if "\\" in label_text else label_text.encode("ascii")
        else:
            try:
                label = label_text.encode("idna")
            except UnicodeError as exc:
                raise ValueError(f"label {label_text!r} of {name!r} is not valid IDNA") from exc
        if not label:
            raise ValueError(f"empty label in domain name {name!r}")
        if len(label) > MAX_LABEL_LENGTH:
            raise ValueError(f"label longer than 63 octets in {name!r}")
        total += len(label) + 1
        labels.append(label)
    if total > MAX_NAME_LENGTH:
        raise ValueError(f"domain name longer than 255 octets: {name!r}")
    return tuple(labels)


def canonical_name(name: str) -> str:
    """Return a name as the decoder writes it: IDNA A-labels, escapes, no trailing dot.

    Asking in this form lets the question, the CNAME chain and the truename of
    a reply be compared with what was asked as plain text. ValueError as
    :func:`encode_name`.
    """
    return ".".join(_label_text(label) for label in encode_name(name))


def name_key(name: str) -> str:
    """Return the form of a name used to compare names: lowercase, no trailing dot."""
    return name.rstrip(".").lower()


class Writer:
    """Build a DNS message; names written with compression reuse earlier suffixes."""

    __slots__ = ("_suffixes", "buf")

    def __init__(self) -> None:
        self.buf = bytearray()
        self._suffixes: dict[tuple[bytes, ...], int] = {}

    def u8(self, value: int) -> None:
        """Append one octet."""
        self.buf.append(value)

    def u16(self, value: int) -> None:
        """Append a 16-bit big-endian integer."""
        self.buf += _U16.pack(value)

    def u32(self, value: int) -> None:
        """Append a 32-bit big-endian integer."""
        self.buf += _U32.pack(value)

    def raw(self, data: bytes) -> None:
        """Append raw bytes."""
        self.buf += data

    def name(self, name: str, compress: bool = True) -> None:
        """Append a domain name, pointing at an earlier copy of any suffix when compressing."""
        labels = encode_name(name)
        for i in range(len(labels)):
            suffix = labels[i:]
            key = tuple(label.lower() for label in suffix)
            if compress and key in self._suffixes:
                self.u16(0xC000 | self._suffixes[key])
                return
            if len(self.buf) <= _MAX_POINTER_TARGET:
                self._suffixes.setdefault(key, len(self.buf))
            self.buf.append(len(labels[i]))
            self.buf += labels[i]
        self.buf.append(0)
