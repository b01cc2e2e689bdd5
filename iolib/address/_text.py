"""Address text: strict parsing (what ``inet_pton`` accepts) and RFC 5952 output.

The grammar is written out here in Python (``strict_ipv4_packed``,
``strict_ipv6_packed``, ``format_ipv6_packed``) and is the reference. The
platform's ``inet_pton`` / ``inet_ntop`` are C and several times faster, so
they are used as the fast path, but only after a check at import (pure
computation, no I/O) that they agree with the reference on the inputs where C
libraries are known to differ; otherwise the reference is used.
"""

from __future__ import annotations

import socket
import struct

from iolib.address._errors import AddressParseError

__all__ = [
    "format_ipv4_packed",
    "format_ipv6_packed",
    "parse_ipv4",
    "parse_ipv6",
    "parse_ipv6_with_scope",
    "split_scope",
    "strict_ipv4_packed",
    "strict_ipv6_packed",
    "validate_scope",
]

_AF_INET = socket.AF_INET
_AF_INET6 = socket.AF_INET6
_pton = socket.inet_pton
_ntop = socket.inet_ntop
_unpack_words = struct.Struct("!8H").unpack
_pack_words = struct.Struct("!8H").pack

_DIGITS = "0123456789"
_HEXDIGITS = "0123456789abcdefABCDEF"
# RFC 4291 section 2.5.5.2: ::ffff:0:0/96 holds IPv4-mapped addresses, the only
# ones RFC 5952 section 5 writes with a dotted tail.
_MAPPED_PREFIX = b"\0" * 10 + b"\xff\xff"
_ZERO12 = b"\0" * 12
# Characters an interface name (the %scope of RFC 4007 section 11) may not hold.
_SCOPE_FORBIDDEN = frozenset(" \t\n\r\v\f%/\0")


def _bad(kind: str, text: str) -> AddressParseError:
    return AddressParseError(f"not an {kind} address: {text!r}")


def strict_ipv4_packed(text: str) -> bytes:
    """Return the 4 bytes of dotted-quad ``text`` (the reference grammar).

    Exactly four decimal octets 0..255 without leading zeros, as ``inet_pton``.
    Raises AddressParseError otherwise.
    """
    parts = text.split(".")
    if len(parts) != 4 or not text.isascii():
        raise _bad("IPv4", text)
    octets = []
    for part in parts:
        if not part or len(part) > 3 or part.strip(_DIGITS) or (part[0] == "0" and len(part) > 1):
            raise _bad("IPv4", text)
        value = int(part)
        if value > 255:
            raise _bad("IPv4", text)
        octets.append(value)
    return bytes(octets)


def _hex_groups(groups: list[str], text: str) -> list[int]:
    words = []
    for group in groups:
        if not group or len(group) > 4 or group.strip(_HEXDIGITS):
            raise _bad("IPv6", text)
        words.append(int(group, 16))
    return words


def strict_ipv6_packed(text: str) -> bytes:
    """Return the 16 bytes of colon-separated ``text`` (the reference grammar).

    RFC 4291 section 2.2: eight groups of 1-4 hex digits, one ``::`` standing
    for one or more zero groups, an optional dotted-quad tail in the last 32
    bits; no scope. Raises AddressParseError otherwise.
    """
    if not text.isascii():
        raise _bad("IPv6", text)
    body = text
    tail: list[int] = []
    if "." in text:
        cut = text.rfind(":")
        if cut < 0:
            raise _bad("IPv6", text)
        try:
            quad = strict_ipv4_packed(text[cut + 1 :])
        except AddressParseError as exc:
            raise _bad("IPv6", text) from exc
        tail = [quad[0] << 8 | quad[1], quad[2] << 8 | quad[3]]
        body = text[: cut + 1]
        if not body.endswith("::"):
            body = body[:-1]  # the colon before the tail separates, it is no group
    if "::" in body:
        left, right = body.split("::", 1)
        head = _hex_groups(left.split(":"), text) if left else []
        rest = _hex_groups(right.split(":"), text) if right else []
        rest += tail
        if len(head) + len(rest) > 7:
            raise _bad("IPv6", text)
        words = head + [0] * (8 - len(head) - len(rest)) + rest
    else:
        words = _hex_groups(body.split(":"), text) + tail
        if len(words) != 8:
            raise _bad("IPv6", text)
    return _pack_words(*words)


def validate_scope(scope: str, text: str = "") -> str:
    """Return ``scope`` if it can be an IPv6 zone (interface name or index).

    Raises AddressParseError for an empty zone or one holding ``%``, ``/``,
    whitespace, NUL or non-printable characters.
    """
    if not scope or not scope.isprintable() or not _SCOPE_FORBIDDEN.isdisjoint(scope):
        raise AddressParseError(f"not an IPv6 zone: {scope!r} in {text or scope!r}")
    return scope


def split_scope(text: str) -> tuple[str, str | None]:
    """Split ``addr%scope`` into the address text and the validated scope (or None)."""
    address, sep, scope = text.partition("%")
    if not sep:
        return text, None
    return address, validate_scope(scope, text)


def _parse_ipv4_fast(text: str) -> bytes:
    """Return the 4 bytes of dotted-quad ``text`` via ``inet_pton``; AddressParseError if bad."""
    try:
        return _pton(_AF_INET, text)
    except (OSError, ValueError) as exc:
        raise _bad("IPv4", text) from exc


def _parse_ipv6_fast(text: str) -> bytes:
    """Return the 16 bytes of colon-separated ``text`` via ``inet_pton``; AddressParseError."""
    try:
        return _pton(_AF_INET6, text)
    except (OSError, ValueError) as exc:
        raise _bad("IPv6", text) from exc


def format_ipv4_packed(packed: bytes) -> str:
    """Return the dotted-quad text of 4 packed bytes."""
    return f"{packed[0]}.{packed[1]}.{packed[2]}.{packed[3]}"


def _format_ipv6_reference(packed: bytes) -> str:
    if packed[:12] == _MAPPED_PREFIX:
        return "::ffff:" + format_ipv4_packed(packed[12:])
    words = _unpack_words(packed)
    # RFC 5952 section 4.2: compress the longest run of two or more zero
    # groups, the first one when runs tie.
    best_start, best_len, run_start = -1, 1, -1
    for index, word in enumerate(words):
        if word == 0:
            if run_start < 0:
                run_start = index
            if index - run_start + 1 > best_len:
                best_start, best_len = run_start, index - run_start + 1
        else:
            run_start = -1
    if best_start < 0:
        return ":".join(f"{w:x}" for w in words)
    left = ":".join(f"{w:x}" for w in words[:best_start])
    right = ":".join(f"{w:x}" for w in words[best_start + best_len :])
    return f"{left}::{right}"


def _format_ipv6_fast(packed: bytes) -> str:
    # inet_ntop writes ::/96 addresses other than :: and ::1 with a dotted tail
    # (the deprecated IPv4-compatible form); RFC 5952 wants hex there.
    if packed[:12] == _ZERO12:
        return _format_ipv6_reference(packed)
    return _ntop(_AF_INET6, packed)


def format_ipv6_packed(packed: bytes, upcase: bool = False) -> str:
    """Return the RFC 5952 text of 16 packed bytes (``upcase`` for capital hex digits)."""
    if upcase:
        return _format_ipv6(packed).upper()
    return _format_ipv6(packed)


# Inputs on which C libraries are known to differ from one another.
_PTON_PROBES = (
    "1.2.3.4",
    "01.2.3.4",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "0x1.2.3.4",
    " 1.2.3.4",
    "1.2.3.4 ",
    "::",
    "::1",
    "1::",
    ":1::",
    "1:",
    ":::",
    "1::2::3",
    "12345::",
    "0000::",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7::",
    "::1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
    "::1.2.3.4",
    "::ffff:1.2.3.4",
    "1:2:3:4:5:6:1.2.3.4",
    "1:2:3:4:5:6:7:1.2.3.4",
    "::1.2.3.04",
    "::1.2.3",
    "1.2.3.4::",
    "::1.2.3.4:5",
    "ABCD::ef",
)
_NTOP_PROBES = (
    "1:0:2:3:4:5:6:7",
    "1:0:0:2:0:0:3:4",
    "1:0:0:2:0:0:0:3",
    "1::",
    "::ffff:1.2.3.4",
    "::ffff:0.0.0.0",
    "::fffe:1.2.3.4",
    "0:0:0:0:0:1:ffff:1",
    "abcd:ef01:2345:6789:abcd:ef01:2345:6789",
    "fe80::1",
)


def _reference_accepts(family: int, text: str) -> bytes | None:
    try:
        if family == _AF_INET:
            return strict_ipv4_packed(text)
        return strict_ipv6_packed(text)
    except AddressParseError:
        return None


def _c_accepts(family: int, text: str) -> bytes | None:
    try:
        return _pton(family, text)
    except (OSError, ValueError):
        return None


def _c_library_agrees() -> tuple[bool, bool]:
    pton_ok = all(
        _reference_accepts(family, text) == _c_accepts(family, text)
        for family in (_AF_INET, _AF_INET6)
        for text in _PTON_PROBES
    )
    ntop_ok = all(
        _format_ipv6_fast(packed) == _format_ipv6_reference(packed)
        for packed in map(strict_ipv6_packed, _NTOP_PROBES)
    )
    return pton_ok, ntop_ok


PTON_AGREES, NTOP_AGREES = _c_library_agrees()
parse_ipv4 = _parse_ipv4_fast if PTON_AGREES else strict_ipv4_packed
parse_ipv6 = _parse_ipv6_fast if PTON_AGREES else strict_ipv6_packed
_format_ipv6 = _format_ipv6_fast if NTOP_AGREES else _format_ipv6_reference


def parse_ipv6_with_scope(text: str) -> tuple[bytes, str | None]:
    """Return the 16 bytes and the zone (or None) of ``addr[%scope]`` text.

    Raises AddressParseError for malformed text or zone.
    """
    if "%" in text:
        address, scope = split_scope(text)
        return parse_ipv6(address), scope
    return parse_ipv6(text), None
