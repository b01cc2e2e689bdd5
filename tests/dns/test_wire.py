"""The bounds-checked reader and the compressing writer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iolib.dns._errors import MessageDecodeError, ResolverError
from iolib.dns._wire import Reader, Writer, canonical_name, encode_name, name_key


def h(text: str) -> bytes:
    """Bytes from hex grouped with spaces."""
    return bytes.fromhex(text.replace(" ", ""))


class TestReadName:
    """Names, compression pointers and their hostile forms."""

    @pytest.mark.parametrize(
        ("data", "start", "name", "end"),
        [
            (h("00"), 0, "", 1),
            (h("03 777777 07 6578616d706c65 00"), 0, "www.example", 13),
            (h("01 61 00 03 777777 c000"), 3, "www.a", 9),
            (h("01 41 00"), 0, "A", 3),  # case is kept
            (h("03 612e62 00"), 0, "a\\.b", 5),  # a dot inside a label is escaped
            (h("02 00ff 00"), 0, "\\000\\255", 4),
            (h("02 5c20 00"), 0, "\\\\\\032", 4),
        ],
    )
    def test_good(self, data: bytes, start: int, name: str, end: int) -> None:
        reader = Reader(data, start)
        assert reader.name() == name
        assert reader.pos == end

    @pytest.mark.parametrize(
        ("data", "start"),
        [
            (b"", 0),
            (h("03 6161"), 0),  # label runs past the end
            (h("03 616161"), 0),  # no root label
            (h("c0"), 0),  # half a pointer
            (h("c000"), 0),  # points at itself
            (h("00 c002"), 1),  # points forward
            (h("01 61 c000"), 0),  # points into its own start
            (h("01 61 c002 c000"), 4),  # pointer to a pointer to itself: a loop
            (h("40 00"), 0),  # label type 01 (extended)
            (h("80 00"), 0),  # label type 10 (reserved)
        ],
    )
    def test_bad(self, data: bytes, start: int) -> None:
        with pytest.raises(MessageDecodeError):
            Reader(data, start).name()

    def test_name_over_255_octets_is_refused(self) -> None:
        label = b"\x3f" + b"a" * 63
        with pytest.raises(MessageDecodeError):
            Reader(label * 4 + b"\0").name()  # 4 * 64 + 1 = 257 octets

    def test_name_of_exactly_255_octets(self) -> None:
        data = (b"\x3f" + b"a" * 63) * 3 + b"\x3d" + b"b" * 61 + b"\0"
        assert len(data) == 255
        assert len(Reader(data).name()) == 253

    def test_pointer_chain_through_long_names_is_bounded(self) -> None:
        # Each name points to the previous one: a legal but deep chain must stop at 255 octets.
        data = bytearray(b"\x3f" + b"a" * 63 + b"\0")
        starts = [0]
        for _ in range(10):
            starts.append(len(data))
            data += b"\x3f" + b"a" * 63 + bytes((0xC0 | starts[-2] >> 8, starts[-2] & 0xFF))
        with pytest.raises(MessageDecodeError):
            Reader(bytes(data), starts[-1]).name()


class TestReaderBounds:
    """Short reads raise the decode error, never IndexError or struct.error."""

    @pytest.mark.parametrize("method", ["u8", "u16", "u32", "rr_fixed"])
    def test_short(self, method: str) -> None:
        with pytest.raises(MessageDecodeError) as info:
            getattr(Reader(b""), method)()
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, ResolverError)
        assert info.value.datum == 0

    def test_take(self) -> None:
        reader = Reader(b"abc")
        assert reader.take(2) == b"ab"
        with pytest.raises(MessageDecodeError):
            reader.take(2)
        with pytest.raises(MessageDecodeError):
            reader.take(-1)


class TestEncodeName:
    """Text to labels."""

    @pytest.mark.parametrize(
        ("text", "labels"),
        [
            ("", ()),
            (".", ()),
            ("a.b", (b"a", b"b")),
            ("a.b.", (b"a", b"b")),
            ("a\\.b.c", (b"a.b", b"c")),
            ("\\065\\\\", (b"A\\",)),
            ("bücher.test", (b"xn--bcher-kva", b"test")),
        ],
    )
    def test_good(self, text: str, labels: tuple[bytes, ...]) -> None:
        assert encode_name(text) == labels

    @pytest.mark.parametrize("text", ["a..b", ".a", "a" * 64, ".".join(["a" * 63] * 4), "a\\"])
    def test_bad(self, text: str) -> None:
        with pytest.raises(ValueError):
            encode_name(text)

    def test_not_a_str(self) -> None:
        with pytest.raises(TypeError):
            encode_name(b"a.b")  # type: ignore[arg-type]

    def test_name_key(self) -> None:
        assert name_key("WWW.Example.") == "www.example"


class TestWriter:
    """Compression on output."""

    def test_suffixes_are_compressed(self) -> None:
        writer = Writer()
        writer.name("www.example.test")
        writer.name("mail.EXAMPLE.test")
        writer.name("example.test")
        assert bytes(writer.buf) == h(
            "03 777777 07 6578616d706c65 04 74657374 00"  # www.example.test at 0
            "04 6d61696c c004"  # mail + pointer to example.test at 4
            "c004"  # example.test
        )

    def test_no_compression_when_asked(self) -> None:
        writer = Writer()
        writer.name("a.test")
        writer.name("a.test", compress=False)
        assert bytes(writer.buf) == h("01 61 04 74657374 00") * 2

    @settings(deadline=None)  # a loaded machine must not fail a property
    @given(
        st.lists(
            st.from_regex(r"[a-z0-9-]{1,10}(\.[a-z0-9-]{1,10}){0,3}", fullmatch=True), max_size=8
        )
    )
    def test_round_trip(self, names: list[str]) -> None:
        writer = Writer()
        for name in names:
            writer.name(name)
        reader = Reader(bytes(writer.buf))
        assert [reader.name() for _ in names] == names
        assert reader.pos == len(writer.buf)


def test_no_pointer_to_offsets_beyond_14_bits() -> None:
    writer = Writer()
    writer.raw(b"\0" * 0x4000)
    writer.name("far.test")
    writer.name("far.test")
    assert bytes(writer.buf[0x4000:]) == (b"\x03far\x04test\x00") * 2


class TestNamesReadOnce:
    """A name read before is reused when a pointer comes back to it, within the same bounds."""

    def test_pointer_to_the_root_read_before(self) -> None:
        reader = Reader(h("00 c000"))
        assert reader.name() == ""
        assert reader.name() == ""
        assert reader.pos == 3

    def test_pointer_to_a_name_read_before(self) -> None:
        reader = Reader(h("01 61 04 74657374 00  03 777777 c000"))
        assert reader.name() == "a.test"
        assert reader.name() == "www.a.test"

    def test_length_bound_holds_through_a_name_read_before(self) -> None:
        first = (b"\x3d" + b"a" * 61) * 4 + b"\0"  # 249 octets
        reader = Reader(first + b"\x0a" + b"b" * 10 + b"\xc0\x00")
        assert len(reader.name()) == 4 * 61 + 3
        with pytest.raises(MessageDecodeError):
            reader.name()


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("host.test", "host.test"),
        ("Host.Test.", "Host.Test"),
        ("a b.test", "a\\032b.test"),
        ("bücher.test", "xn--bcher-kva.test"),
        ("a\\.b.test", "a\\.b.test"),
        ("tab\there", "tab\\009here"),
    ],
)
def test_canonical_name_is_the_decoders_text(name: str, canonical: str) -> None:
    """The text asked is the text a reply's decoded name has, and it round-trips."""
    assert canonical_name(name) == canonical
    assert encode_name(canonical) == encode_name(name)


@pytest.mark.parametrize("name", ["a..b", "x" * 64, ".".join(["x" * 60] * 5)])
def test_canonical_name_rejects_what_cannot_be_sent(name: str) -> None:
    with pytest.raises(ValueError):
        canonical_name(name)
