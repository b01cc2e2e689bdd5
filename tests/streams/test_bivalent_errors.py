"""Bytes read after text that an error handler made: exact positions, never an encode error.

Lone surrogates in UTF-16 and bad units in UTF-32 decode, under an error
handler, to characters that do not re-encode to their bytes (or do not
encode at all). A binary read after some of them must resume at the byte
right after the characters read; these tests build the wire from atoms
(characters with the bytes they came from) and check every character count,
every two-read split and every eol style against that model.
"""

from __future__ import annotations

import codecs
import itertools

import pytest

from iolib.streams import ExternalFormat
from tests.streams.conftest import ScriptedStream

TERMS = {"lf": "\n", "cr": "\r", "crlf": "\r\n"}

#: (stream encoding, the byte order it has without a mark, its byte order mark)
ENCODINGS = [
    ("utf-16-le", "utf-16-le", b""),
    ("utf-16-be", "utf-16-be", b""),
    ("utf-16", "utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-32-le", "utf-32-le", b""),
    ("utf-32-be", "utf-32-be", b""),
    ("utf-32", "utf-32-le", codecs.BOM_UTF32_LE),
]
HANDLERS = ["replace", "surrogateescape", "surrogatepass", "backslashreplace", "ignore"]

Atom = tuple[str, bytes]


def _bad_units(plain: str, errors: str) -> tuple[bytes, bytes]:
    """Two bad code units whose decoding under ``errors`` does not depend on their neighbours."""
    if plain.startswith("utf-16"):
        # a high and a low surrogate; symmetric bytes, all >= 0x80, in either order
        return b"\xd8\xd8", b"\xdc\xdc"
    if errors == "surrogatepass":
        return "\ud8d8".encode(plain, "surrogatepass"), "\udcdc".encode(plain, "surrogatepass")
    # out of range (every byte >= 0x80, so surrogateescape takes the whole unit)
    return b"\x80\x80\x80\x80", b"\x90\x91\x92\x93"


def _bad_atoms(unit: bytes, plain: str, errors: str) -> list[Atom]:
    if errors == "surrogateescape":
        return [(chr(0xDC00 + b), bytes([b])) for b in unit]
    return [(unit.decode(plain, errors), unit)]


def _wire(encoding: str, plain: str, bom: bytes, errors: str, eol: str) -> list[Atom]:
    high, low = _bad_units(plain, errors)

    def good(text: str) -> list[Atom]:
        return [(c, (TERMS[eol] if c == "\n" else c).encode(plain)) for c in text]

    def bad(unit: bytes) -> list[Atom]:
        return _bad_atoms(unit, plain, errors)

    atoms: list[Atom] = [("", bom)] if bom else []
    for piece in ("a", high, "b", low, "\n", high, high, "😀é", "\n", low, high):
        atoms += good(piece) if isinstance(piece, str) else bad(piece)
    return atoms


def _expected_rest(atoms: list[Atom], n: int) -> tuple[str, bytes]:
    """The first ``n`` characters, and the bytes after every atom they touch."""
    chars = 0
    for i, (text, _) in enumerate(atoms):
        if chars >= n:
            return "".join(t for t, _ in atoms)[:n], b"".join(b for _, b in atoms[i:])
        chars += len(text)
    return "".join(t for t, _ in atoms)[:n], b""


def _check(atoms: list[Atom], fmt: ExternalFormat, script: list[bytes], size: int | None) -> None:
    # every atom boundary, and one character into each of several (backslashreplace)
    starts = list(itertools.accumulate((len(t) for t, _ in atoms), initial=0))
    inside = {c + 1 for c, (t, _) in zip(starts, atoms, strict=False) if len(t) > 1}
    for n in sorted(set(starts) | inside):
        want_text, want_rest = _expected_rest(atoms, n)
        s = ScriptedStream([c for c in script if c], fmt, input_buffer_size=size)
        assert "".join(s.read_char() or "" for _ in range(n)) == want_text
        assert s.read() == want_rest, (n, script)
        s.close()


@pytest.mark.parametrize("eol", list(TERMS))
@pytest.mark.parametrize("errors", HANDLERS)
@pytest.mark.parametrize(("encoding", "plain", "bom"), ENCODINGS)
def test_bytes_after_error_characters_resume_at_the_exact_byte(
    encoding: str, plain: str, bom: bytes, errors: str, eol: str
) -> None:
    atoms = _wire(encoding, plain, bom, errors, eol)
    wire = b"".join(b for _, b in atoms)
    # the model agrees with a one-shot decode of the whole wire
    text = "".join(t for t, _ in atoms)
    assert wire.decode(encoding, errors).replace(TERMS[eol], "\n") == text
    fmt = ExternalFormat(encoding, eol, errors)  # type: ignore[arg-type]  # eol is a valid style
    _check(atoms, fmt, [wire], 1)
    for cut in range(len(wire) + 1):
        _check(atoms, fmt, [wire[:cut], wire[cut:]], None)


def test_utf32_surrogateescape_counterexample() -> None:
    # found by test_arbitrary_bytes_raise_only_decode_errors: re-encoding the
    # unread "\udc80" to push it back raised UnicodeEncodeError
    s = ScriptedStream([b"\x00\x80\x80\x00\x01"], ("utf-32", "lf", "surrogateescape"), 1)
    with pytest.raises(UnicodeDecodeError):
        s.read_line()  # "\x00\x80\x80\x00" is no code point, and 0x00 cannot be escaped
    assert s.read_byte() == 0
    assert s.read_char() == "\udc80"
    assert s.read_byte() == 0x80  # the second escaped byte, not a re-encoding of it
    assert s.read() == b"\x00\x01"
    s.close()


def test_utf16_replacement_then_a_character_splits_between_them() -> None:
    # a lone high surrogate is only known to be lone when "A" arrives: both
    # characters come from one decode step, but the bytes of "A" are its own
    s = ScriptedStream([b"\x00\xd8A\x00B\x00"], ("utf-16-le", "lf", "replace"))
    assert s.read_char() == "\ufffd"
    assert s.read() == b"A\x00B\x00"
    s.close()


def test_a_new_format_after_error_characters_decodes_the_exact_bytes() -> None:
    s = ScriptedStream([b"\xd8\xd8A\x00\n\x00"], ("utf-16-le", "lf", "surrogateescape"))
    assert s.read_char() == "\udcd8"
    s.external_format = ("utf-16-le", "lf", "replace")
    # the second escaped byte and "A" now form one code unit
    assert s.read_char() == "\u41d8"
    assert s.read() == b"\x00\n\x00"
    s.close()


def test_backslashreplace_partly_read_resumes_after_the_unit() -> None:
    s = ScriptedStream([b"\x00\xd8A\x00"], ("utf-16-le", "lf", "backslashreplace"))
    assert s.read_char() == "\\"
    assert s.read() == b"A\x00"
    s.close()
