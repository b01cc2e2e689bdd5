"""Round trips: every encoding x eol style x buffer size x descriptor kind, byte for byte."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from iolib.streams import DualChannelStream, ExternalFormat

# look-alike letters are the point here
MULTILINGUAL = "Grüße aus Köln\nשלום עולם\nПривет, мир\n🙂 emoji 🚀\n\nlast line без конца"  # noqa: RUF001

#: each encoding with a text it can represent (all of the test's languages where it can)
TEXTS = {
    "utf-8": MULTILINGUAL,
    "utf-16": MULTILINGUAL,
    "gb18030": MULTILINGUAL,  # a four-byte-sequence codec that covers all of Unicode
    "latin-1": "Grüße aus Köln\nÇa va très bien, ÿ\n\nß ende",
    "ascii": "plain old text\nsecond line\n\nno newline at the end",
}
EOLS = {"lf": "\n", "cr": "\r", "crlf": "\r\n"}
SIZES = [1, 2, 3, 7, 64, None]
KINDS = ["socketpair", "pipe", "file"]


def _write_mixed(stream: DualChannelStream, text: str) -> None:
    """Write ``text`` with every text writer: write_line, write_char, write_string."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        if i % 3 == 0 and not last:
            stream.write_line(line)
        elif i % 3 == 1:
            for c in line + ("" if last else "\n"):
                stream.write_char(c)
        else:
            stream.write_string(line if last else line + "\n")


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _endpoints(kind: str, path: Path) -> tuple[int, int]:
    """Return (write_fd, read_fd) of ``kind``; a file kind uses ``path``."""
    if kind == "file":
        w = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        return w, os.open(path, os.O_RDONLY)
    if kind == "pipe":
        r, w = os.pipe()
        return w, r
    a, b = socket.socketpair()
    return a.detach(), b.detach()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("eol", list(EOLS))
@pytest.mark.parametrize("encoding", list(TEXTS))
def test_round_trip(encoding: str, eol: str, size: int | None, kind: str, tmp_path: Path) -> None:
    text = TEXTS[encoding]
    expected = text.replace("\n", EOLS[eol]).encode(encoding)
    fmt = ExternalFormat(encoding, eol)
    # writing: the bytes on the wire, byte for byte
    w, r = _endpoints(kind, tmp_path / "written")
    with DualChannelStream(w, fmt, output_buffer_size=size) as writer:
        _write_mixed(writer, text)
    wire = _read_all(r)
    os.close(r)
    assert wire == expected
    # reading: those bytes back into the text
    w, r = _endpoints(kind, tmp_path / "read")
    os.write(w, expected)
    os.close(w)
    with DualChannelStream(r, fmt, input_buffer_size=size) as reader:
        got = []
        while line := reader.readline():
            got.append(line)
        assert "".join(got) == text


@pytest.mark.parametrize("size", [1, 3, None])
@pytest.mark.parametrize("eol", list(EOLS))
@pytest.mark.parametrize("encoding", list(TEXTS))
def test_round_trip_by_characters(encoding: str, eol: str, size: int | None) -> None:
    text = TEXTS[encoding]
    r, w = os.pipe()
    fmt = ExternalFormat(encoding, eol)
    with DualChannelStream(w, fmt, output_buffer_size=size) as writer:
        writer.write_string(text)
    with DualChannelStream(r, fmt, input_buffer_size=size) as reader:
        chars = []
        while (c := reader.read_char()) is not None:
            chars.append(c)
        assert "".join(chars) == text
