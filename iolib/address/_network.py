"""``Network``: an IPv4 or IPv6 prefix (address plus prefix length) as an immutable value."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn

from iolib.address import _text
from iolib.address._designators import ensure_address
from iolib.address._errors import AddressParseError
from iolib.address._types import IPv4Address, IPv6Address, new_ipv4, new_ipv6
from iolib.address._vectors import check_uint

if TYPE_CHECKING:
    from typing import Self

__all__ = ["Network", "prefix_mask", "prefix_of_mask"]

_WIDTH = {4: 32, 6: 128}


def prefix_mask(prefixlen: int, width: int) -> int:
    """Return the integer netmask of ``prefixlen`` leading one bits in ``width`` bits."""
    return ((1 << width) - 1) ^ ((1 << (width - prefixlen)) - 1)


def prefix_of_mask(mask: int, width: int) -> int | None:
    """Return the prefix length of a contiguous integer netmask, None if it is not contiguous."""
    inverted = ((1 << width) - 1) ^ mask
    if inverted & (inverted + 1):
        return None
    return width - inverted.bit_length()


def _make(version: int, value: int) -> IPv4Address | IPv6Address:
    if version == 4:
        return new_ipv4(value)
    return new_ipv6(value.to_bytes(16, "big"))


def _parse_prefix(text: str, version: int, whole: str) -> int:
    width = _WIDTH[version]
    if text.isascii() and text.isdigit() and len(text) <= 3:
        prefixlen = int(text)
        if prefixlen <= width:
            return prefixlen
    elif version == 4 and "." in text:
        try:
            mask = int.from_bytes(_text.parse_ipv4(text), "big")
        except AddressParseError as exc:
            raise AddressParseError(f"bad netmask in network {whole!r}") from exc
        prefixlen_or_none = prefix_of_mask(mask, 32)
        if prefixlen_or_none is not None:
            return prefixlen_or_none
    raise AddressParseError(f"bad prefix length in network {whole!r}")


class Network:
    """An IPv4 or IPv6 network: ``Network("10.0.0.0/8")`` or ``Network(address, prefixlen)``.

    Text takes a prefix length or, for IPv4, a contiguous dotted netmask
    after the slash; with no slash the prefix is the whole address. Host bits
    raise AddressParseError unless ``strict=False``, which clears them. A
    zone on an IPv6 address is dropped. Bad text: AddressParseError; a
    prefix length out of range or of the wrong type: TypeError.
    """

    __slots__ = ("_address", "_mask", "_prefixlen", "_value", "_version")
    _address: IPv4Address | IPv6Address
    _mask: int
    _prefixlen: int
    _value: int
    _version: int

    def __new__(cls, address: object, prefixlen: int | None = None, *, strict: bool = True) -> Self:
        """Build the network; see the class docstring for the errors."""
        if isinstance(address, Network) and prefixlen is None:
            return cls._build(address._version, address._value, address._prefixlen)
        if (
            isinstance(address, (ipaddress.IPv4Network, ipaddress.IPv6Network))
            and prefixlen is None
        ):
            version = address.version
            return cls._build(version, int(address.network_address), address.prefixlen)
        if isinstance(address, str) and "/" in address:
            if prefixlen is not None:
                raise TypeError(f"prefix given twice: {address!r} and {prefixlen!r}")
            text, _, prefix_text = address.partition("/")
            base = ensure_address(text)
            length = _parse_prefix(prefix_text, base.version, address)
        else:
            base = ensure_address(address)
            width = _WIDTH[base.version]
            length = width if prefixlen is None else check_uint(prefixlen, width + 1, "prefixlen")
        mask = prefix_mask(length, _WIDTH[base.version])
        value = int(base)
        if value & ~mask and strict:
            raise AddressParseError(f"host bits set in {base}/{length} (use strict=False)")
        return cls._build(base.version, value & mask, length)

    @classmethod
    def _build(cls, version: int, value: int, prefixlen: int) -> Self:
        self = object.__new__(cls)
        setters = _SETTERS
        setters["_version"](self, version)
        setters["_value"](self, value)
        setters["_prefixlen"](self, prefixlen)
        setters["_mask"](self, prefix_mask(prefixlen, _WIDTH[version]))
        setters["_address"](self, _make(version, value))
        return self

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("Network is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("Network is immutable")

    @property
    def address(self) -> IPv4Address | IPv6Address:
        """The network address (no host bits)."""
        return self._address

    @property
    def prefixlen(self) -> int:
        """The prefix length."""
        return self._prefixlen

    @property
    def version(self) -> int:
        """4 or 6."""
        return self._version

    @property
    def netmask(self) -> IPv4Address | IPv6Address:
        """The netmask as an address (255.255.0.0, ffff:ffff::)."""
        return _make(self._version, self._mask)

    @property
    def hostmask(self) -> IPv4Address | IPv6Address:
        """The host bits as an address (0.0.255.255)."""
        return _make(self._version, self._mask ^ ((1 << _WIDTH[self._version]) - 1))

    @property
    def broadcast(self) -> IPv4Address | None:
        """The IPv4 broadcast address (all host bits set); None for IPv6, which has none."""
        if self._version != 4:
            return None
        return new_ipv4(self._value | (self._mask ^ 0xFFFFFFFF))

    @property
    def num_addresses(self) -> int:
        """How many addresses the network holds (2 ** host bits)."""
        return 1 << (_WIDTH[self._version] - self._prefixlen)

    @property
    def last_address(self) -> IPv4Address | IPv6Address:
        """The highest address of the network (the broadcast address for IPv4)."""
        return _make(self._version, self._value + self.num_addresses - 1)

    def _host_range(self) -> tuple[int, int]:
        first, last = self._value, self._value + self.num_addresses - 1
        host_bits = _WIDTH[self._version] - self._prefixlen
        if host_bits > 1:
            # IPv4 reserves the network and broadcast addresses; IPv6 the
            # Subnet-Router anycast address only (RFC 4291 section 2.6.1).
            first += 1
            if self._version == 4:
                last -= 1
        return first, last

    def hosts(self) -> Iterator[IPv4Address | IPv6Address]:
        """Iterate lazily over the usable host addresses, as ``ipaddress`` counts them."""
        first, last = self._host_range()
        version = self._version
        for value in range(first, last + 1):
            yield _make(version, value)

    @property
    def first_host(self) -> IPv4Address | IPv6Address:
        """The first usable host address."""
        return _make(self._version, self._host_range()[0])

    @property
    def last_host(self) -> IPv4Address | IPv6Address:
        """The last usable host address."""
        return _make(self._version, self._host_range()[1])

    def subnets(self, new_prefix: int | None = None) -> Iterator[Network]:
        """Iterate over the subnets of prefix ``new_prefix`` (default: one bit longer).

        Raises ValueError unless ``prefixlen <= new_prefix <= width``; TypeError for a non-int.
        """
        width = _WIDTH[self._version]
        target = self._prefixlen + 1 if new_prefix is None else new_prefix
        target = check_uint(target, 1 << 16, "new_prefix")
        if not self._prefixlen <= target <= width:
            raise ValueError(f"new prefix {target} not in {self._prefixlen}..{width}")
        return self._iter_subnets(target)

    def _iter_subnets(self, target: int) -> Iterator[Network]:
        step = 1 << (_WIDTH[self._version] - target)
        for value in range(self._value, self._value + self.num_addresses, step):
            yield Network._build(self._version, value, target)

    def supernet(self, new_prefix: int | None = None) -> Network:
        """Return the enclosing network of prefix ``new_prefix`` (default: one bit shorter).

        Raises ValueError unless ``0 <= new_prefix <= prefixlen``; TypeError for a non-int.
        """
        target = self._prefixlen - 1 if new_prefix is None else new_prefix
        if isinstance(target, bool) or not isinstance(target, int):
            raise TypeError(f"new_prefix must be an int, not {type(target).__name__}")
        if not 0 <= target <= self._prefixlen:
            raise ValueError(f"new prefix {target} not in 0..{self._prefixlen}")
        mask = prefix_mask(target, _WIDTH[self._version])
        return Network._build(self._version, self._value & mask, target)

    def overlaps(self, other: object) -> bool:
        """True if the two networks share an address (False across families)."""
        net = other if isinstance(other, Network) else Network(other, strict=False)
        if net._version != self._version:
            return False
        return net._value & self._mask == self._value or self._value & net._mask == net._value

    def __contains__(self, item: object) -> bool:
        if type(item) is IPv4Address:
            return self._version == 4 and int(item) & self._mask == self._value
        if isinstance(item, Network):
            return (
                item._version == self._version
                and item._prefixlen >= self._prefixlen
                and item._value & self._mask == self._value
            )
        address = ensure_address(item)
        return address.version == self._version and int(address) & self._mask == self._value

    def to_ipaddress(self) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
        """Return the equal ``ipaddress`` network."""
        return ipaddress.ip_network(str(self))

    def __str__(self) -> str:
        return f"{self._address}/{self._prefixlen}"

    def __repr__(self) -> str:
        return f"Network('{self}')"

    def _key(self) -> tuple[int, int, int]:
        return (self._version, self._value, self._prefixlen)

    def __hash__(self) -> int:
        return hash(self._key())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Network):
            return self._key() == other._key()
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, Network) and other._version == self._version:
            return self._key() < other._key()
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Network) and other._version == self._version:
            return self._key() <= other._key()
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Network) and other._version == self._version:
            return self._key() > other._key()
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Network) and other._version == self._version:
            return self._key() >= other._key()
        return NotImplemented

    def __reduce__(self) -> tuple[type[Network], tuple[str]]:
        return (type(self), (str(self),))

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: object) -> Self:
        return self


_SETTERS = {slot: Network.__dict__[slot].__set__ for slot in Network.__slots__}
