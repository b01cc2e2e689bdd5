"""Properties: any text survives any chunking; mixed reads agree with a byte model."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from hypothesis import example, given, settings
from hypothesis import strategies as st

from iolib.streams import ExternalFormat
from tests.streams.conftest import ScriptedStream

TERMS = {"lf": "\n", "cr": "\r", "crlf": "\r\n"}
SIZES = st.sampled_from([1, 2, 3, 5, 64, None])


def _chunks(data: bytes, cuts: list[int]) -> list[bytes | BaseException]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points) if b > a]


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
    encoding=st.sampled_from(["utf-8", "utf-16", "gb18030", "utf-32"]),
    eol=st.sampled_from(list(TERMS)),
    cuts=st.lists(st.integers(min_value=0), max_size=12),
    size=SIZES,
)
def test_any_text_any_chunking_reads_back(
    text: str, encoding: str, eol: str, cuts: list[int], size: int | None
) -> None:
    if eol == "cr":
        text = text.replace("\r", "")  # cr mode cannot tell a CR from a newline
    wire = text.replace("\n", TERMS[eol]).encode(encoding)
    s = ScriptedStream(_chunks(wire, cuts), (encoding, eol), input_buffer_size=size)
    got = []
    while line := s.readline():
        got.append(line)
    assert "".join(got) == text
    s.close()


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    eol=st.sampled_from(list(TERMS)),
    size=SIZES,
    osize=SIZES,
)
def test_writers_produce_the_encoding_byte_for_byte(
    text: str, eol: str, size: int | None, osize: int | None
) -> None:
    s = ScriptedStream([], ("utf-8", eol), output_buffer_size=osize)
    half = len(text) // 2
    s.write_string(text[:half])
    for c in text[half:]:
        s.write_char(c)
    s.finish_output()
    assert bytes(s.written) == text.replace("\n", TERMS[eol]).encode()
    s.close()


@dataclass
class _Model:
    """What a stream must return: the unread input as text, as it is on the wire."""

    rest: str
    encoding: str
    term: str
    last: str = ""

    def take(self, n: int) -> str:
        piece, self.rest = self.rest[:n], self.rest[n:]
        return piece

    def line(self) -> str | None:
        if not self.rest:
            return None
        i = self.rest.find(self.term)
        if i < 0:
            line = self.take(len(self.rest))
            self.last = line[-1]
            return line
        line = self.take(i)
        self.last = self.take(len(self.term))
        return line

    def char(self, consume: bool) -> str | None:
        if not self.rest:
            return None
        piece = self.term if self.rest.startswith(self.term) else self.rest[0]
        if consume:
            self.take(len(piece))
            self.last = piece
        return "\n" if piece == self.term else piece

    def unread(self) -> None:
        self.rest = self.last + self.rest
        self.last = ""


OPS = st.lists(
    st.one_of(
        st.just(("line",)),
        st.just(("char",)),
        st.just(("peek",)),
        st.just(("unread",)),
        st.just(("byte",)),
        st.tuples(st.just("chars_as_bytes"), st.integers(0, 6)),
        st.tuples(st.just("eol"), st.sampled_from(list(TERMS))),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.sampled_from("ab\r\nжш€🙂ü "), max_size=40),
    encoding=st.sampled_from(["utf-8", "gb18030", "latin-1"]),
    eol=st.sampled_from(list(TERMS)),
    cuts=st.lists(st.integers(min_value=0), max_size=8),
    size=SIZES,
    ops=OPS,
)
def test_mixed_binary_and_text_reads_agree_with_the_bytes(
    *,
    text: str,
    encoding: str,
    eol: str,
    cuts: list[int],
    size: int | None,
    ops: list[tuple[object, ...]],
) -> None:
    if encoding == "latin-1":
        text = text.encode("latin-1", "replace").decode("latin-1")
    model = _Model(text, encoding, TERMS[eol])
    s = ScriptedStream(_chunks(text.encode(encoding), cuts), (encoding, eol), size)
    for op in ops:
        kind = op[0]
        if kind == "line":
            assert s.read_line() == model.line()
        elif kind == "char":
            assert s.read_char() == model.char(True)
        elif kind == "peek":
            assert s.peek_char() == model.char(False)
        elif kind == "unread":
            if model.last:
                s.unread_char()
                model.unread()
        elif kind == "byte":
            if model.rest and ord(model.rest[0]) < 0x80:
                assert s.read_byte() == ord(model.take(1))
            model.last = ""
        elif kind == "chars_as_bytes":
            n = op[1]
            assert isinstance(n, int)
            assert s.read(len(model.rest[:n].encode(encoding))) == model.take(n).encode(encoding)
            model.last = ""
        else:
            term = op[1]
            assert isinstance(term, str)
            s.external_format = ExternalFormat(encoding, term)
            model.term = TERMS[term]
            model.last = ""
    assert s.read() == model.rest.encode(encoding)
    s.close()


@settings(max_examples=200, deadline=None)
@given(
    data=st.binary(max_size=40),
    encoding=st.sampled_from(
        ["utf-8", "utf-16", "utf-16-be", "utf-32", "ascii", "gb18030", "latin-1"]
    ),
    errors=st.sampled_from(
        ["strict", "replace", "ignore", "surrogateescape", "surrogatepass", "backslashreplace"]
    ),
    eol=st.sampled_from(list(TERMS)),
    cuts=st.lists(st.integers(min_value=0), max_size=6),
    size=SIZES,
    ops=st.lists(st.sampled_from(["line", "char", "peek", "string", "byte", "some"]), max_size=20),
)
# once raised UnicodeEncodeError: the unread half of a surrogateescape'd unit was re-encoded
@example(
    data=b"\x00\x80\x80\x00\x01",
    encoding="utf-32",
    errors="surrogateescape",
    eol="lf",
    cuts=[],
    size=1,
    ops=["line", "char", "byte"],
)
def test_arbitrary_bytes_raise_only_decode_errors(
    *,
    data: bytes,
    encoding: str,
    errors: str,
    eol: str,
    cuts: list[int],
    size: int | None,
    ops: list[str],
) -> None:
    s = ScriptedStream(_chunks(data, cuts), (encoding, eol, errors), size)
    calls = {
        "line": s.read_line,
        "char": s.read_char,
        "peek": s.peek_char,
        "string": s.read_string,
        "byte": s.read_byte,
        "some": lambda: s.read_some(3),
    }
    for op in ops:
        try:
            calls[op]()
        except UnicodeDecodeError:
            s.read_byte()  # step over the bad byte
    assert isinstance(s.read(), bytes)  # back to bytes after any text, without an error
    s.close()
