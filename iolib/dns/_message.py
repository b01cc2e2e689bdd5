"""DNS messages (RFC 1035 4.1, EDNS0 per RFC 6891): the sans-I/O codec.

:func:`decode_message` turns bytes into a :class:`DNSResponse` or raises
:class:`MessageDecodeError`; :func:`encode_query` and :func:`encode_message` go
the other way. The EDNS OPT pseudo-record is read into ``.edns_payload`` and the
extended rcode, never left in ``.additional``.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

import attrs

from iolib.dns._rdata import RData, decode_rdata, encode_rdata
from iolib.dns._wire import Reader, Writer, encode_name, name_key

__all__ = [
    "EDNS_PAYLOAD",
    "DNSRecord",
    "DNSResponse",
    "Peek",
    "Question",
    "class_code",
    "decode_message",
    "encode_message",
    "encode_query",
    "peek_message",
    "same_question",
    "type_code",
    "type_name",
]

EDNS_PAYLOAD = 1232  # the UDP payload size advertised (DNS flag day 2020)
OPT = 41
HEADER = struct.Struct("!HHHHHH")

TYPES: dict[str, int] = {
    "A": 1,
    "NS": 2,
    "CNAME": 5,
    "SOA": 6,
    "PTR": 12,
    "MX": 15,
    "TXT": 16,
    "AAAA": 28,
    "SRV": 33,
    "OPT": OPT,
    "ANY": 255,
}
_TYPE_NAMES = {code: name for name, code in TYPES.items()}
CLASSES: dict[str, int] = {"IN": 1, "CH": 3, "HS": 4, "ANY": 255}
_CLASS_NAMES = {code: name for name, code in CLASSES.items()}
RCODES: dict[int, str] = {
    0: "NOERROR",
    1: "FORMERR",
    2: "SERVFAIL",
    3: "NXDOMAIN",
    4: "NOTIMP",
    5: "REFUSED",
    6: "YXDOMAIN",
    7: "YXRRSET",
    8: "NXRRSET",
    9: "NOTAUTH",
    10: "NOTZONE",
    16: "BADVERS",
}
_RCODE_CODES = {name: code for code, name in RCODES.items()}
OPCODES: dict[int, str] = {0: "QUERY", 1: "IQUERY", 2: "STATUS", 4: "NOTIFY", 5: "UPDATE"}
_OPCODE_CODES = {name: code for code, name in OPCODES.items()}
# Header flag bits (RFC 1035 4.1.1, RFC 4035 3.2).
FLAGS: tuple[tuple[str, int], ...] = (
    ("QR", 0x8000),
    ("AA", 0x0400),
    ("TC", 0x0200),
    ("RD", 0x0100),
    ("RA", 0x0080),
    ("AD", 0x0020),
    ("CD", 0x0010),
)
QR, TC = 0x8000, 0x0200


def _numbered(text: str, prefix: str, table: dict[str, int], what: str) -> int:
    upper = text.upper()
    if upper in table:
        return table[upper]
    digits = upper[len(prefix) :]
    if upper.startswith(prefix) and digits.isascii() and digits.isdigit() and int(digits) < 65536:
        return int(digits)
    raise ValueError(f"unknown DNS {what} {text!r}")


def type_code(rtype: str | int) -> int:
    """Return the code of a record type given as a name ("MX", "TYPE65") or an int."""
    if isinstance(rtype, int) and not isinstance(rtype, bool):
        if not 0 <= rtype < 65536:
            raise ValueError(f"record type {rtype} out of range 0..65535")
        return rtype
    if not isinstance(rtype, str):
        raise TypeError(f"a record type must be a str or int, not {type(rtype).__name__}")
    return _numbered(rtype, "TYPE", TYPES, "record type")


def type_name(code: int) -> str:
    """Return the name of a record type code ("TYPE65" when unknown)."""
    return _TYPE_NAMES.get(code) or f"TYPE{code}"


def class_code(rclass: str) -> int:
    """Return the code of a class name ("IN", "CLASS3")."""
    return _numbered(rclass, "CLASS", CLASSES, "class")


def class_name(code: int) -> str:
    """Return the name of a class code ("CLASS7" when unknown)."""
    return _CLASS_NAMES.get(code) or f"CLASS{code}"


def rcode_name(code: int) -> str:
    """Return the name of an rcode ("RCODE12" when unknown)."""
    return RCODES.get(code) or f"RCODE{code}"


class Question(NamedTuple):
    """One entry of the question section: name (text, no trailing dot), type and class."""

    name: str
    type: str
    rclass: str


class DNSRecord(NamedTuple):
    """A resource record: owner name (no trailing dot), type name, TTL and typed data."""

    name: str
    type: str
    ttl: int
    data: RData


@attrs.frozen
class DNSResponse:
    """A decoded DNS message: header, question and the three record sections."""

    id: int
    flags: frozenset[str]
    rcode: str
    question: list[Question]
    answer: list[DNSRecord] = attrs.field(factory=list)
    authority: list[DNSRecord] = attrs.field(factory=list)
    additional: list[DNSRecord] = attrs.field(factory=list)
    opcode: str = "QUERY"
    edns_payload: int | None = None  # the peer's advertised UDP size, when it sent OPT


_FLAG_MASK = sum(bit for _, bit in FLAGS)
_flag_sets: dict[int, frozenset[str]] = {}


def _flag_set(word: int) -> frozenset[str]:
    """Return the names of the flags set in a header word (a handful of combinations recur)."""
    bits = word & _FLAG_MASK
    found = _flag_sets.get(bits)
    if found is None:
        found = _flag_sets[bits] = frozenset(name for name, bit in FLAGS if bits & bit)
    return found


def _read_records(reader: Reader, count: int, out: list[DNSRecord], opt: list[int]) -> None:
    for _ in range(count):
        name = reader.name()
        rtype, rclass, ttl, length = reader.rr_fixed()
        if rtype == OPT:
            if opt or name:
                raise reader.fail("a second OPT record, or one not owned by the root")
            reader.need(length)
            opt.extend((rclass, ttl))
            continue
        data = decode_rdata(reader, rtype, length)
        out.append(DNSRecord(name, type_name(rtype), ttl, data))


def decode_message(data: bytes) -> DNSResponse:
    """Decode a whole DNS message; MessageDecodeError if it is malformed or has trailing bytes."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"a DNS message is bytes, not {type(data).__name__}")
    reader = Reader(data if type(data) is bytes else bytes(data))
    ident, word, qd, an, ns, ar = HEADER.unpack_from(reader.data, reader.need(12))
    question = [_read_question(reader) for _ in range(qd)]
    answer: list[DNSRecord] = []
    authority: list[DNSRecord] = []
    additional: list[DNSRecord] = []
    opt: list[int] = []
    _read_records(reader, an, answer, opt)
    _read_records(reader, ns, authority, opt)
    _read_records(reader, ar, additional, opt)
    if reader.pos != reader.end:
        raise reader.fail(f"{reader.end - reader.pos} bytes after the last record")
    rcode = word & 0xF
    payload = None
    if opt:
        payload, ttl = opt
        rcode |= (ttl >> 24) << 4
    return DNSResponse(
        id=ident,
        flags=_flag_set(word),
        rcode=rcode_name(rcode),
        question=question,
        answer=answer,
        authority=authority,
        additional=additional,
        opcode=OPCODES.get((word >> 11) & 0xF) or f"OPCODE{(word >> 11) & 0xF}",
        edns_payload=payload,
    )


def _read_question(reader: Reader) -> Question:
    name = reader.name()
    qtype, qclass = reader.u16(), reader.u16()
    return Question(name, type_name(qtype), class_name(qclass))


class Peek(NamedTuple):
    """What a reply's header and question say, read without touching its records."""

    id: int
    word: int
    question: list[Question]

    @property
    def truncated(self) -> bool:
        """Return True if the TC bit is set."""
        return bool(self.word & TC)

    @property
    def is_response(self) -> bool:
        """Return True if the QR bit is set."""
        return bool(self.word & QR)


def peek_message(data: bytes) -> Peek:
    """Decode only the header and question of a message; raise MessageDecodeError if short."""
    reader = Reader(bytes(data))
    ident, word, qd, _, _, _ = HEADER.unpack_from(reader.data, reader.need(12))
    return Peek(ident, word, [_read_question(reader) for _ in range(qd)])


def same_question(asked: Question, got: list[Question]) -> bool:
    """Return True if ``got`` is exactly the one question asked (names compared in any case).

    Names are compared as the labels on the wire when their texts differ: the
    decoder writes a reply's name in its escaped form (``a\\032b``) and in
    IDNA A-labels, so the text asked (``a b``, ``bücher``) can differ from it.
    """
    if len(got) != 1 or got[0].type != asked.type or got[0].rclass != asked.rclass:
        return False
    if name_key(got[0].name) == name_key(asked.name):
        return True
    try:
        return _wire_key(got[0].name) == _wire_key(asked.name)
    except ValueError:
        return False


def _wire_key(name: str) -> tuple[bytes, ...]:
    """The labels of a name as sent, ASCII letters folded (RFC 4343)."""
    return tuple(label.lower() for label in encode_name(name))


_OPT_RR = struct.Struct("!BHHIH")  # root name, type, class = payload, ttl, rdlength


def encode_query(
    ident: int,
    name: str,
    rtype: int,
    *,
    recursion_desired: bool = True,
    edns_payload: int | None = EDNS_PAYLOAD,
) -> bytes:
    """Return the bytes of a one-question IN query, with OPT unless edns_payload is None.

    Raises ValueError for a malformed name.
    """
    labels = encode_name(name)
    qname = b"".join(bytes((len(label),)) + label for label in labels) + b"\0"
    flags = 0x0100 if recursion_desired else 0
    arcount = 0 if edns_payload is None else 1
    out = HEADER.pack(ident, flags, 1, 0, 0, arcount) + qname + struct.pack("!HH", rtype, 1)
    if edns_payload is not None:
        out += _OPT_RR.pack(0, OPT, edns_payload, 0, 0)
    return out


def _header_word(message: DNSResponse) -> int:
    word = 0
    for name, bit in FLAGS:
        if name in message.flags:
            word |= bit
    word |= _OPCODE_CODES.get(message.opcode, 0) << 11
    return word | (_RCODE_CODES.get(message.rcode, 0) & 0xF)


def encode_message(message: DNSResponse, *, compress: bool = True) -> bytes:
    """Return the wire bytes of a whole message (names compressed); OPT added for edns_payload.

    Raises TypeError or ValueError when a record's data does not fit its type.
    """
    writer = Writer()
    rcode = _RCODE_CODES.get(message.rcode, 0)
    arcount = len(message.additional) + (message.edns_payload is not None)
    counts = (len(message.question), len(message.answer), len(message.authority), arcount)
    writer.raw(HEADER.pack(message.id, _header_word(message), *counts))
    for question in message.question:
        writer.name(question.name, compress)
        writer.u16(type_code(question.type))
        writer.u16(class_code(question.rclass))
    for record in (*message.answer, *message.authority, *message.additional):
        writer.name(record.name, compress)
        rtype = type_code(record.type)
        writer.u16(rtype)
        writer.u16(1)
        writer.u32(record.ttl)
        encode_rdata(writer, rtype, record.data)
    if message.edns_payload is not None:
        writer.raw(_OPT_RR.pack(0, OPT, message.edns_payload, (rcode >> 4) << 24, 0))
    return bytes(writer.buf)
