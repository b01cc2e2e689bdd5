"""The hosts file (hosts(5)): a pure parser and the table it builds."""

from __future__ import annotations

import attrs

from iolib.dns._addr import InetAddress, parse_ip
from iolib.dns._etcfile import tokenize

__all__ = ["HostEntry", "HostsTable", "parse_hosts"]


@attrs.frozen
class HostEntry:
    """One line of a hosts file: an address, its canonical name and its aliases."""

    address: InetAddress
    name: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Return the canonical name followed by the aliases."""
        return (self.name, *self.aliases)


@attrs.frozen
class HostsTable:
    """The lines of a hosts file in order, indexed by name (case-insensitive) and address."""

    entries: tuple[HostEntry, ...] = ()
    _by_name: dict[str, list[HostEntry]] = attrs.field(factory=dict, eq=False, repr=False)
    _by_address: dict[InetAddress, HostEntry] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def build(cls, entries: tuple[HostEntry, ...]) -> HostsTable:
        """Return the table of ``entries`` with its indexes filled in."""
        by_name: dict[str, list[HostEntry]] = {}
        by_address: dict[InetAddress, HostEntry] = {}
        for entry in entries:
            for name in dict.fromkeys(n.lower() for n in entry.names):
                by_name.setdefault(name, []).append(entry)
            by_address.setdefault(entry.address, entry)
        return cls(entries, by_name, by_address)

    def find_name(self, name: str) -> list[HostEntry]:
        """Return every entry that lists ``name`` (any case, trailing dot ignored), in order."""
        return list(self._by_name.get(name.rstrip(".").lower(), ()))

    def find_address(self, address: InetAddress) -> HostEntry | None:
        """Return the first entry for ``address``, or None."""
        return self._by_address.get(address)


def parse_hosts(text: str) -> HostsTable:
    """Parse the text of a hosts file (trailing dots dropped from names); bad lines are skipped."""
    entries: list[HostEntry] = []
    for _, fields in tokenize(text):
        if len(fields) < 2:
            continue
        address = parse_ip(fields[0])
        if address is None:
            continue
        names = [name.rstrip(".") for name in fields[1:]]
        if all(names):
            entries.append(HostEntry(address, names[0], tuple(names[1:])))
    return HostsTable.build(tuple(entries))
