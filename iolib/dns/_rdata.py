"""Record data: typed values for A, AAAA, CNAME, PTR, NS, MX, TXT, SRV, SOA; raw bytes otherwise.

Decoders and encoders live in one table keyed by record type code. A decoder
reads exactly the record's RDATA from a :class:`Reader` and the caller checks
that it consumed all of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from iolib.dns._addr import InetAddress, from_packed
from iolib.dns._wire import Reader, Writer

__all__ = [
    "MX",
    "SOA",
    "SRV",
    "RData",
    "decode_rdata",
    "encode_rdata",
]


class MX(NamedTuple):
    """Mail exchange data (RFC 1035 3.3.9)."""

    preference: int
    exchange: str


class SRV(NamedTuple):
    """Service location data (RFC 2782)."""

    priority: int
    weight: int
    port: int
    target: str


class SOA(NamedTuple):
    """Start of authority data (RFC 1035 3.3.13)."""

    mname: str
    rname: str
    serial: int
    refresh: int
    retry: int
    expire: int
    minimum: int


RData = InetAddress | str | MX | SRV | SOA | tuple[bytes, ...] | bytes

# Type codes (RFC 1035 3.2.2, RFC 3596, RFC 2782, RFC 6891).
A, NS, CNAME, SOA_TYPE, PTR, MX_TYPE, TXT, AAAA, SRV_TYPE = 1, 2, 5, 6, 12, 15, 16, 28, 33


def _address(size: int) -> Callable[[Reader, int], RData]:
    def decode(reader: Reader, length: int) -> RData:
        if length != size:
            raise reader.fail(f"address record of {length} bytes, expected {size}")
        return from_packed(reader.take(size))

    return decode


def _name(reader: Reader, length: int) -> RData:
    return reader.name()


def _mx(reader: Reader, length: int) -> RData:
    return MX(reader.u16(), reader.name())


def _srv(reader: Reader, length: int) -> RData:
    return SRV(reader.u16(), reader.u16(), reader.u16(), reader.name())


def _soa(reader: Reader, length: int) -> RData:
    mname, rname = reader.name(), reader.name()
    return SOA(mname, rname, reader.u32(), reader.u32(), reader.u32(), reader.u32(), reader.u32())


def _txt(reader: Reader, length: int) -> RData:
    stop = reader.pos + length
    strings: list[bytes] = []
    while reader.pos < stop:
        size = reader.u8()
        if reader.pos + size > stop:
            raise reader.fail("TXT string runs past its record")
        strings.append(reader.take(size))
    return tuple(strings)


_DECODERS: dict[int, Callable[[Reader, int], RData]] = {
    A: _address(4),
    AAAA: _address(16),
    NS: _name,
    CNAME: _name,
    PTR: _name,
    MX_TYPE: _mx,
    TXT: _txt,
    SRV_TYPE: _srv,
    SOA_TYPE: _soa,
}


def decode_rdata(reader: Reader, rtype: int, length: int) -> RData:
    """Decode ``length`` bytes of RDATA of type ``rtype``; raise MessageDecodeError if malformed."""
    start = reader.pos
    if start + length > reader.end:
        raise reader.fail("record data runs past the end")
    decoder = _DECODERS.get(rtype)
    if decoder is None:
        return reader.take(length)
    data = decoder(reader, length)
    if reader.pos != start + length:
        raise reader.fail(f"record data of type {rtype} is not {length} bytes long", start)
    return data


def _put_address(size: int) -> Callable[[Writer, RData], None]:
    def encode(writer: Writer, data: RData) -> None:
        packed = getattr(data, "packed", None)
        if not isinstance(packed, bytes) or len(packed) != size:
            raise TypeError(f"record data must be a {size * 8}-bit address, not {data!r}")
        writer.raw(packed)

    return encode


def _put_name(writer: Writer, data: RData) -> None:
    if not isinstance(data, str):
        raise TypeError(f"record data must be a name, not {data!r}")
    writer.name(data)


def _put_mx(writer: Writer, data: RData) -> None:
    if not isinstance(data, MX):
        raise TypeError(f"MX data must be an MX, not {data!r}")
    writer.u16(data.preference)
    writer.name(data.exchange)


def _put_srv(writer: Writer, data: RData) -> None:
    if not isinstance(data, SRV):
        raise TypeError(f"SRV data must be an SRV, not {data!r}")
    writer.u16(data.priority)
    writer.u16(data.weight)
    writer.u16(data.port)
    writer.name(data.target, compress=False)  # RFC 2782: the target is never compressed


def _put_soa(writer: Writer, data: RData) -> None:
    if not isinstance(data, SOA):
        raise TypeError(f"SOA data must be an SOA, not {data!r}")
    writer.name(data.mname)
    writer.name(data.rname)
    for value in data[2:]:
        writer.u32(value)


def _put_txt(writer: Writer, data: RData) -> None:
    if not isinstance(data, tuple):
        raise TypeError(f"TXT data must be a tuple of bytes, not {data!r}")
    for string in data:
        if not isinstance(string, bytes):
            raise TypeError(f"TXT data must be a tuple of bytes, not {data!r}")
        if len(string) > 255:
            raise ValueError("a TXT string holds at most 255 bytes")
        writer.u8(len(string))
        writer.raw(string)


_ENCODERS: dict[int, Callable[[Writer, RData], None]] = {
    A: _put_address(4),
    AAAA: _put_address(16),
    NS: _put_name,
    CNAME: _put_name,
    PTR: _put_name,
    MX_TYPE: _put_mx,
    TXT: _put_txt,
    SRV_TYPE: _put_srv,
    SOA_TYPE: _put_soa,
}


def encode_rdata(writer: Writer, rtype: int, data: RData) -> None:
    """Append the RDATA of a record, its 16-bit length first; TypeError if data does not fit."""
    length_at = len(writer.buf)
    writer.u16(0)
    encoder = _ENCODERS.get(rtype)
    if encoder is not None:
        encoder(writer, data)
    elif isinstance(data, bytes):
        writer.raw(data)
    else:
        raise TypeError(f"data of record type {rtype} must be bytes, not {data!r}")
    length = len(writer.buf) - length_at - 2
    if length > 0xFFFF:
        raise ValueError("record data longer than 65535 bytes")
    writer.buf[length_at : length_at + 2] = length.to_bytes(2, "big")
