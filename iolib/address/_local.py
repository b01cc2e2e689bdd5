"""LocalAddress: a Unix-domain socket address (a path or a Linux abstract name)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from iolib.address._errors import AddressParseError
from iolib.address._types import Address, slot_setter

if TYPE_CHECKING:
    from typing import Self

__all__ = ["LocalAddress"]

_object_new = object.__new__


class LocalAddress(Address):
    """A Unix-domain socket address: a path, or a name in Linux's abstract namespace.

    ``.name`` is the text without the leading NUL of abstract names;
    ``.abstract`` tells which. A name starting with NUL is taken as abstract.
    Raises TypeError for a non-str name or a non-bool ``abstract``,
    AddressParseError for an empty path or one holding NUL.
    """

    __slots__ = ("_abstract", "_name")
    _name: str
    _abstract: bool

    def __new__(cls, name: str | os.PathLike[str], abstract: bool = False) -> Self:
        """Build the address; see the class docstring for the errors."""
        if isinstance(name, os.PathLike):
            name = os.fspath(name)
        if not isinstance(name, str):
            raise TypeError(f"a local address name must be a str, not {type(name).__name__}")
        if not isinstance(abstract, bool):
            raise TypeError(f"abstract must be a bool, not {type(abstract).__name__}")
        if name.startswith("\0"):
            name, abstract = name[1:], True
        if not abstract and (not name or "\0" in name):
            raise AddressParseError(f"not a Unix socket path: {name!r}")
        self = _object_new(cls)
        _set_local_name(self, name)
        _set_local_abstract(self, abstract)
        return self

    @property
    def name(self) -> str:
        """The path, or the abstract name without its leading NUL."""
        return self._name

    @property
    def abstract(self) -> bool:
        """True for a name in the abstract namespace."""
        return self._abstract

    def __str__(self) -> str:
        return "@" + self._name if self._abstract else self._name

    def __repr__(self) -> str:
        if self._abstract:
            return f"LocalAddress({self._name!r}, abstract=True)"
        return f"LocalAddress({self._name!r})"

    def _key(self) -> tuple[bool, str]:
        return (self._abstract, self._name)

    def __hash__(self) -> int:
        return hash(self._key())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LocalAddress):
            return self._key() == other._key()
        return NotImplemented

    def __lt__(self, other: object) -> bool:
        if isinstance(other, LocalAddress):
            return self._key() < other._key()
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, LocalAddress):
            return self._key() <= other._key()
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, LocalAddress):
            return self._key() > other._key()
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, LocalAddress):
            return self._key() >= other._key()
        return NotImplemented

    def __reduce__(self) -> tuple[type[LocalAddress], tuple[str, bool]]:
        return (type(self), (self._name, self._abstract))


_set_local_name = slot_setter(LocalAddress, "_name")
_set_local_abstract = slot_setter(LocalAddress, "_abstract")
