"""Address designators: turning text, integers, vectors, bytes and stdlib objects into addresses.

``ensure_address`` is the one public edge where designators are coerced;
everything inside the library takes the address classes only.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Literal, overload

from iolib.address import _text
from iolib.address._errors import AddressDesignatorError, AddressParseError
from iolib.address._local import LocalAddress
from iolib.address._types import (
    Address,
    IPv4Address,
    IPv6Address,
    new_ipv4,
    new_ipv6,
    scope_from,
)
from iolib.address._vectors import (
    IPV4_LIMIT,
    IPV6_LIMIT,
    VECTOR_TYPES,
    octets_to_int,
    words_to_packed,
)

__all__ = [
    "Family",
    "address_equal",
    "address_equal_p",
    "address_to_string",
    "address_to_vector",
    "address_type_of",
    "copy_address",
    "ensure_address",
    "is_address",
    "make_address",
    "string_address_to_vector",
]

Family = Literal["internet", "local"]

_from_bytes = int.from_bytes
_parse_ipv4 = _text.parse_ipv4
_parse_ipv6 = _text.parse_ipv6
_parse_ipv6_with_scope = _text.parse_ipv6_with_scope


def make_address(name: object) -> IPv4Address | IPv6Address | LocalAddress:
    """Return the address a vector or a str names (IOLib make-address).

    A 4-vector of octets (or 4 bytes) makes an IPv4Address, an 8-vector of
    words (or 16 bytes) an IPv6Address, a str a LocalAddress. Anything else,
    or a vector element out of range: TypeError.
    """
    if isinstance(name, str):
        return LocalAddress(name)
    if isinstance(name, VECTOR_TYPES):
        is_bytes = isinstance(name, (bytes, bytearray))
        if len(name) == 4:
            return new_ipv4(octets_to_int(name))
        if len(name) == 16 and is_bytes:
            return new_ipv6(bytes(name))
        if len(name) == 8 and not is_bytes:
            return new_ipv6(words_to_packed(name))
        raise TypeError(f"not an address vector: length {len(name)}")
    raise TypeError(f"cannot make an address from {type(name).__name__}")


def _internet_from(address: object) -> IPv4Address | IPv6Address:
    """Return the internet address of a designator that is not a plain str or address."""
    if isinstance(address, str):
        if ":" in address:
            packed, scope = _parse_ipv6_with_scope(address)
            return new_ipv6(packed, scope)
        return new_ipv4(_from_bytes(_parse_ipv4(address), "big"))
    if isinstance(address, bool):
        raise AddressDesignatorError(f"a bool designates no address: {address!r}")
    if isinstance(address, int):
        value = int(address)
        if 0 <= value < IPV4_LIMIT:
            return new_ipv4(value)
        if IPV4_LIMIT <= value < IPV6_LIMIT:
            return new_ipv6(value.to_bytes(16, "big"))
        raise AddressParseError(f"integer out of the address range: {value}")
    if isinstance(address, (bytes, bytearray)):
        if len(address) == 4:
            return new_ipv4(_from_bytes(address, "big"))
        if len(address) == 16:
            return new_ipv6(bytes(address))
        raise AddressParseError(f"packed address must be 4 or 16 bytes, not {len(address)}")
    if isinstance(address, (tuple, list)):
        try:
            if len(address) == 4:
                return new_ipv4(octets_to_int(address))
            if len(address) == 8:
                return new_ipv6(words_to_packed(address))
        except TypeError as exc:
            raise AddressDesignatorError(f"not an address vector: {address!r}") from exc
        raise AddressParseError(f"address vector must have 4 or 8 elements, not {len(address)}")
    if isinstance(address, ipaddress.IPv4Address):
        return new_ipv4(int(address))
    if isinstance(address, ipaddress.IPv6Address):
        try:
            return new_ipv6(address.packed, scope_from(address.scope_id))
        except AddressParseError as exc:
            raise AddressParseError(f"unusable zone in {address!r}") from exc
    raise AddressDesignatorError(f"{type(address).__name__} designates no internet address")


def _ensure_internet(address: object, errorp: bool) -> IPv4Address | IPv6Address | None:
    if isinstance(address, Address):
        if isinstance(address, (IPv4Address, IPv6Address)):
            return address
        if errorp:
            raise TypeError(f"not an internet address: {address!r}")
        return None
    try:
        return _internet_from(address)
    except AddressParseError:
        if errorp:
            raise
        return None


def _ensure_local(address: object, errorp: bool, abstract: bool) -> LocalAddress | None:
    if isinstance(address, LocalAddress):
        return address
    if isinstance(address, (str, os.PathLike)):
        try:
            return LocalAddress(address, abstract)
        except (TypeError, AddressParseError):
            if errorp:
                raise
            return None
    if errorp:
        raise TypeError(f"not a local address designator: {type(address).__name__}")
    return None


@overload
def ensure_address(
    address: object,
    family: Literal["internet"] = ...,
    errorp: Literal[True] = ...,
    *,
    abstract: bool = ...,
) -> IPv4Address | IPv6Address: ...


@overload
def ensure_address(
    address: object,
    family: Literal["local"],
    errorp: Literal[True] = ...,
    *,
    abstract: bool = ...,
) -> LocalAddress: ...


@overload
def ensure_address(
    address: object,
    family: Literal["internet"] = ...,
    errorp: bool = ...,
    *,
    abstract: bool = ...,
) -> IPv4Address | IPv6Address | None: ...


@overload
def ensure_address(
    address: object,
    family: Literal["local"],
    errorp: bool = ...,
    *,
    abstract: bool = ...,
) -> LocalAddress | None: ...


@overload
def ensure_address(
    address: object,
    family: str = ...,
    errorp: bool = ...,
    *,
    abstract: bool = ...,
) -> Address | None: ...


def ensure_address(
    address: object,
    family: str = "internet",
    errorp: bool = True,
    *,
    abstract: bool = False,
) -> Address | None:
    """Return the address ``address`` designates (IOLib ensure-address).

    family "internet": dotted or colon text (with an optional ``%scope``),
    an int (up to 2**32-1 is IPv4, then IPv6), a 4- or 8-vector, 4 or 16
    bytes, an address or an ``ipaddress`` object. family "local": a path
    (``abstract`` for the abstract namespace) or a LocalAddress.

    A designator that names no address raises AddressParseError (for a
    value of a type that designates nothing, the error is also a
    TypeError); an Address of the other family raises TypeError. With
    ``errorp=False`` all of these return None instead. An unknown family
    raises TypeError.
    """
    if family == "internet":
        if type(address) is str:
            try:
                if ":" in address:
                    if "%" in address:
                        packed, scope = _parse_ipv6_with_scope(address)
                        return new_ipv6(packed, scope)
                    return new_ipv6(_parse_ipv6(address))
                return new_ipv4(_from_bytes(_parse_ipv4(address), "big"))
            except AddressParseError:
                if errorp:
                    raise
                return None
        if type(address) is IPv4Address or type(address) is IPv6Address:
            return address
        return _ensure_internet(address, errorp)
    if family == "local":
        return _ensure_local(address, errorp, abstract)
    raise TypeError(f"family must be 'internet' or 'local', not {family!r}")


def copy_address(address: Address) -> Address:
    """Return a new address equal to ``address``; TypeError if it is no Address."""
    if isinstance(address, IPv4Address):
        return new_ipv4(int(address))
    if isinstance(address, IPv6Address):
        return new_ipv6(address.packed, address.scope_id)
    if isinstance(address, LocalAddress):
        return LocalAddress(address.name, address.abstract)
    raise TypeError(f"not an address: {type(address).__name__}")


def address_to_string(address: object) -> str:
    """Return the canonical text of an address or internet address designator.

    Raises what ``ensure_address`` raises for a bad designator.
    """
    if isinstance(address, Address):
        return str(address)
    return str(ensure_address(address))


def address_to_vector(
    thing: object,
) -> tuple[tuple[int, ...], Literal["ipv4", "ipv6"]] | None:
    """Return ``(vector, "ipv4" | "ipv6")`` for an internet address designator, None if invalid."""
    address = ensure_address(thing, "internet", False)
    if address is None:
        return None
    if isinstance(address, IPv4Address):
        return (address.name, "ipv4")
    return (address.name, "ipv6")


def string_address_to_vector(text: str) -> tuple[int, ...] | None:
    """Return the vector of dotted or colon-separated ``text``, None if malformed.

    No ``%scope`` (a vector has no room for it). Raises TypeError for a non-str.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, not {type(text).__name__}")
    try:
        if ":" in text:
            return new_ipv6(_parse_ipv6(text)).name
        return new_ipv4(_from_bytes(_parse_ipv4(text), "big")).name
    except AddressParseError:
        return None


def is_address(thing: object) -> bool:
    """True if ``thing`` is an Address object (not another designator)."""
    return isinstance(thing, Address)


def address_equal(address1: Address, address2: Address) -> bool:
    """True if the two addresses are equal; TypeError unless both are Address objects."""
    if not isinstance(address1, Address) or not isinstance(address2, Address):
        raise TypeError("address_equal takes two Address objects")
    return address1 == address2


def address_equal_p(address1: object, address2: object, family: str = "internet") -> bool:
    """True if the two designators name the same address; raises as ``ensure_address``."""
    return ensure_address(address1, family) == ensure_address(address2, family)


def address_type_of(thing: object) -> Literal["ipv4", "ipv6", "local"] | None:
    """Return "ipv4", "ipv6" or "local" for an address object (stdlib ones too), else None."""
    if isinstance(thing, (IPv4Address, ipaddress.IPv4Address)):
        return "ipv4"
    if isinstance(thing, (IPv6Address, ipaddress.IPv6Address)):
        return "ipv6"
    if isinstance(thing, LocalAddress):
        return "local"
    return None
