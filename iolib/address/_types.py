"""The address classes: Address, InetAddress, IPv4Address, IPv6Address (LocalAddress in _local).

Values are immutable, hashable and ordered within a family. They are
hand-written ``__slots__`` classes rather than attrs classes because parsing
and printing addresses sits on every hot path of the layers above: an IPv4
address holds its 32-bit integer, an IPv6 address its 16 packed bytes (what
``inet_pton`` returns and ``inet_ntop`` takes) and its zone.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TypeAlias

from iolib.address import _text
from iolib.address._predicates import InetPredicates, IPv6Predicates
from iolib.address._vectors import (
    IPV4_LIMIT,
    IPV6_LIMIT,
    VECTOR_TYPES,
    check_uint,
    int_to_octets,
    octets_to_int,
    packed_to_words,
    words_to_packed,
)

if TYPE_CHECKING:
    from typing import Self

__all__ = [
    "Address",
    "IPv4Address",
    "IPv4Designator",
    "IPv6Address",
    "IPv6Designator",
    "InetAddress",
    "new_ipv4",
    "new_ipv6",
    "scope_from",
    "slot_setter",
]

IPv4Designator: TypeAlias = (
    "int | str | bytes | bytearray | Sequence[int] | IPv4Address | ipaddress.IPv4Address"
)
IPv6Designator: TypeAlias = (
    "int | str | bytes | bytearray | Sequence[int] | IPv6Address | ipaddress.IPv6Address"
)

_object_new = object.__new__
_from_bytes = int.from_bytes


class Address:
    """Base class of every socket address; immutable, hashable, ordered within a family."""

    __slots__ = ()

    if TYPE_CHECKING:

        @property
        def name(self) -> tuple[int, ...] | str: ...

    def __new__(cls, *args: object, **kwargs: object) -> Self:
        """Refuse to build an abstract address: TypeError."""
        raise TypeError(f"{cls.__name__} is abstract; build an IPv4, IPv6 or local address")

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: object) -> Self:
        return self


class InetAddress(InetPredicates, Address):
    """Base class of IPv4 and IPv6 addresses, with IOLib's predicates as properties."""

    __slots__ = ()

    if TYPE_CHECKING:

        @property
        def name(self) -> tuple[int, ...]: ...

        @property
        def packed(self) -> bytes: ...

        def __int__(self) -> int: ...

        def to_ipaddress(self) -> ipaddress.IPv4Address | ipaddress.IPv6Address: ...


def slot_setter(cls: type, slot: str) -> Callable[[Any, Any], None]:
    """Return the raw setter of a slot, which bypasses the immutable ``__setattr__``."""
    setter: Callable[[Any, Any], None] = cls.__dict__[slot].__set__
    return setter


def _ipv4_value(name: object) -> int:
    if type(name) is str:
        return _from_bytes(_text.parse_ipv4(name), "big")
    if isinstance(name, int):
        return check_uint(name, IPV4_LIMIT, "an IPv4 address integer")
    if isinstance(name, IPv4Address):
        return name._int
    if isinstance(name, ipaddress.IPv4Address):
        return int(name)
    if isinstance(name, str):
        return _from_bytes(_text.parse_ipv4(name), "big")
    if isinstance(name, VECTOR_TYPES):
        return octets_to_int(name)
    raise TypeError(f"cannot make an IPv4 address from {type(name).__name__}")


class IPv4Address(InetAddress):
    """An IPv4 address, from a 4-tuple of octets, 4 bytes, an int or dotted text.

    ``.name`` is the 4-tuple of octets. Out-of-range numbers raise TypeError,
    malformed text AddressParseError.
    """

    __slots__ = ("_int",)
    _int: int
    version: ClassVar[int] = 4

    def __new__(cls, name: IPv4Designator) -> Self:
        """Build the address; TypeError for a bad type or range, AddressParseError for bad text."""
        value = _ipv4_value(name)
        self = _object_new(cls)
        _set_ipv4_int(self, value)
        return self

    @property
    def name(self) -> tuple[int, int, int, int]:
        """The 4-tuple of octets."""
        return int_to_octets(self._int)

    @property
    def packed(self) -> bytes:
        """The 4 bytes in network order."""
        return self._int.to_bytes(4, "big")

    def __int__(self) -> int:
        return self._int

    def to_ipaddress(self) -> ipaddress.IPv4Address:
        """Return the equal ``ipaddress.IPv4Address``."""
        return ipaddress.IPv4Address(self._int)

    def __str__(self) -> str:
        v = self._int
        return f"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}"

    def __repr__(self) -> str:
        return f"IPv4Address('{self}')"

    def __hash__(self) -> int:
        return hash((4, self._int))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IPv4Address):
            return self._int == other._int
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, IPv4Address):
            return self._int < other._int
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, IPv4Address):
            return self._int <= other._int
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, IPv4Address):
            return self._int > other._int
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, IPv4Address):
            return self._int >= other._int
        return NotImplemented

    def __reduce__(self) -> tuple[type[IPv4Address], tuple[int]]:
        return (type(self), (self._int,))


_set_ipv4_int = slot_setter(IPv4Address, "_int")


def new_ipv4(value: int) -> IPv4Address:
    """Return an IPv4Address of a 32-bit int that the caller has already checked."""
    self: IPv4Address = _object_new(IPv4Address)
    _set_ipv4_int(self, value)
    return self


def scope_from(scope_id: object) -> str | None:
    """Return the zone text of a scope designator: str, int index (0 is none) or None.

    Raises TypeError for other types or a negative index, AddressParseError for a bad name.
    """
    if scope_id is None:
        return None
    if isinstance(scope_id, str):
        return _text.validate_scope(scope_id)
    if isinstance(scope_id, int) and not isinstance(scope_id, bool):
        index = check_uint(scope_id, 1 << 32, "an IPv6 scope index")
        return str(index) if index else None
    raise TypeError(f"an IPv6 scope id must be a str or int, not {type(scope_id).__name__}")


def _ipv6_parts(name: object) -> tuple[bytes, str | None]:
    if isinstance(name, IPv6Address):
        return name._packed, name._scope
    if isinstance(name, str):
        return _text.parse_ipv6_with_scope(name)
    if isinstance(name, (bytes, bytearray)) and len(name) == 16:
        return bytes(name), None
    if isinstance(name, int):
        value = check_uint(name, IPV6_LIMIT, "an IPv6 address integer")
        return value.to_bytes(16, "big"), None
    if isinstance(name, ipaddress.IPv6Address):
        return name.packed, scope_from(name.scope_id)
    if isinstance(name, VECTOR_TYPES):
        return words_to_packed(name), None
    raise TypeError(f"cannot make an IPv6 address from {type(name).__name__}")


class IPv6Address(IPv6Predicates, InetAddress):
    """An IPv6 address, from an 8-tuple of words, 16 bytes, an int or colon-separated text.

    ``.name`` is the 8-tuple of 16-bit words; ``.scope_id`` the zone (an
    interface name or index as text) or None. Text may carry ``%scope``; a
    ``scope_id`` argument (an int index 0 means none) replaces it.
    Out-of-range numbers raise TypeError, malformed text AddressParseError.
    """

    __slots__ = ("_packed", "_scope")
    _packed: bytes
    _scope: str | None
    version: ClassVar[int] = 6

    def __new__(cls, name: IPv6Designator, scope_id: str | int | None = None) -> Self:
        """Build the address; TypeError for a bad type or range, AddressParseError for bad text."""
        packed, scope = _ipv6_parts(name)
        if scope_id is not None:
            # The argument wins over a zone in the text: the socket module
            # reports ("fe80::1%eth0", port, flowinfo, 2), name and index at once.
            scope = scope_from(scope_id) or scope
        self = _object_new(cls)
        _set_ipv6_packed(self, packed)
        _set_ipv6_scope(self, scope)
        return self

    @property
    def name(self) -> tuple[int, ...]:
        """The 8-tuple of 16-bit words."""
        return packed_to_words(self._packed)

    @property
    def packed(self) -> bytes:
        """The 16 bytes in network order (without the zone)."""
        return self._packed

    @property
    def scope_id(self) -> str | None:
        """The zone (RFC 4007 section 11) as text, or None."""
        return self._scope

    def __int__(self) -> int:
        return _from_bytes(self._packed, "big")

    def to_ipaddress(self) -> ipaddress.IPv6Address:
        """Return the equal ``ipaddress.IPv6Address`` (zone included)."""
        if self._scope is None:
            return ipaddress.IPv6Address(self._packed)
        return ipaddress.IPv6Address(str(self))

    def __str__(self) -> str:
        if self._scope is None:
            return _text.format_ipv6_packed(self._packed)
        return _text.format_ipv6_packed(self._packed) + "%" + self._scope

    def __repr__(self) -> str:
        return f"IPv6Address('{self}')"

    def _key(self) -> tuple[bytes, str]:
        return (self._packed, self._scope or "")

    def __hash__(self) -> int:
        return hash((self._packed, self._scope))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IPv6Address):
            return self._packed == other._packed and self._scope == other._scope
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, IPv6Address):
            return self._key() < other._key()
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, IPv6Address):
            return self._key() <= other._key()
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, IPv6Address):
            return self._key() > other._key()
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, IPv6Address):
            return self._key() >= other._key()
        return NotImplemented

    def __reduce__(self) -> tuple[type[IPv6Address], tuple[bytes, str | None]]:
        return (type(self), (self._packed, self._scope))


_set_ipv6_packed = slot_setter(IPv6Address, "_packed")
_set_ipv6_scope = slot_setter(IPv6Address, "_scope")


def new_ipv6(packed: bytes, scope: str | None = None) -> IPv6Address:
    """Return an IPv6Address of 16 bytes and a zone that the caller has already checked."""
    self: IPv6Address = _object_new(IPv6Address)
    _set_ipv6_packed(self, packed)
    _set_ipv6_scope(self, scope)
    return self
