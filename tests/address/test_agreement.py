"""Agreement with the stdlib ``ipaddress`` on every valid input, and parse/print round trips."""

from __future__ import annotations

import ipaddress
import socket

from hypothesis import example, given
from hypothesis import strategies as st

from iolib.address import (
    AddressParseError,
    IPv4Address,
    IPv6Address,
    address_to_string,
    ensure_address,
    string_address_to_vector,
)

from .strategies import address_like_text


def _expected_text(theirs: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """ipaddress's text, except that IPv4-mapped addresses get the dotted tail (RFC 5952)."""
    if isinstance(theirs, ipaddress.IPv6Address) and theirs.ipv4_mapped is not None:
        return f"::ffff:{theirs.ipv4_mapped}"
    return str(theirs)


@given(st.ip_addresses())
def test_every_address_agrees(theirs: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    from_text = ensure_address(str(theirs))
    from_exploded = ensure_address(theirs.exploded)
    from_packed = ensure_address(theirs.packed)
    from_object = ensure_address(theirs)
    assert from_text == from_exploded == from_packed == from_object
    assert from_text.version == theirs.version
    assert int(from_text) == int(theirs)
    assert from_text.packed == theirs.packed
    assert str(from_text) == _expected_text(theirs)
    assert from_text.to_ipaddress() == theirs
    assert ensure_address(str(from_text)) == from_text
    cls = IPv4Address if theirs.version == 4 else IPv6Address
    assert cls(int(theirs)) == from_text  # type: ignore[operator]  # both constructors take an int


@given(st.integers(0, 2**128 - 1))
def test_int_designators_agree(value: int) -> None:
    ours = ensure_address(value)
    theirs = ipaddress.ip_address(value)
    assert int(ours) == value
    assert ours.version == theirs.version


@given(st.ip_addresses(v=6), st.from_regex(r"[a-z][a-z0-9]{0,7}|[1-9][0-9]{0,3}", fullmatch=True))
def test_scoped_addresses_agree(theirs: ipaddress.IPv6Address, scope: str) -> None:
    text = f"{theirs}%{scope}"
    ours = ensure_address(text)
    assert isinstance(ours, IPv6Address)
    assert ours.scope_id == scope
    assert ours.to_ipaddress() == ipaddress.IPv6Address(text)
    assert str(ours) == f"{_expected_text(theirs)}%{scope}"
    assert ensure_address(str(ours)) == ours


@given(address_like_text)
@example("::1.2.3.4")
@example("1.2.3.04")
@example(":ff::ff:")
def test_what_we_accept_ipaddress_accepts_alike(text: str) -> None:
    try:
        ours = ensure_address(text)
    except AddressParseError:
        return
    theirs = ipaddress.ip_address(text)
    assert int(ours) == int(theirs)
    assert ours.version == theirs.version
    if isinstance(ours, IPv6Address):
        assert ours.scope_id == theirs.scope_id  # type: ignore[union-attr]


@given(address_like_text)
def test_strictness_is_inet_pton(text: str) -> None:
    address = text.partition("%")[0]
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        expected: bytes | None = socket.inet_pton(family, address)
    except OSError:
        expected = None
    try:
        ours = ensure_address(text)
    except AddressParseError:
        ours = None
    if expected is None:
        assert ours is None
    elif "%" not in text:
        assert ours is not None and ours.packed == expected
        assert string_address_to_vector(text) == ours.name


@given(st.ip_addresses())
def test_print_then_parse_is_identity(
    theirs: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    ours = ensure_address(theirs)
    assert ensure_address(address_to_string(ours)) == ours
    assert address_to_string(ours) == str(ours)
