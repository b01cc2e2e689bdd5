"""The protocols file (protocols(5)): a pure parser and the table it builds."""

from __future__ import annotations

from typing import NamedTuple

import attrs

from iolib.dns._etcfile import tokenize

__all__ = ["Protocol", "ProtocolsTable", "parse_protocols"]

MAX_PROTOCOL = 65535  # IOLib's inet-protocol is (unsigned-byte 16)


class Protocol(NamedTuple):
    """The result of lookup_protocol: number, official name and aliases."""

    number: int
    name: str
    aliases: list[str]


@attrs.frozen
class ProtocolsTable:
    """The lines of a protocols file, indexed by name or alias and by number."""

    entries: tuple[Protocol, ...] = ()
    _by_name: dict[str, Protocol] = attrs.field(factory=dict, eq=False, repr=False)
    _by_number: dict[int, Protocol] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def build(cls, entries: tuple[Protocol, ...]) -> ProtocolsTable:
        """Return the table of ``entries``; the first line for a name or number wins."""
        by_name: dict[str, Protocol] = {}
        by_number: dict[int, Protocol] = {}
        for entry in entries:
            for name in (entry.name, *entry.aliases):
                by_name.setdefault(name, entry)
            by_number.setdefault(entry.number, entry)
        return cls(entries, by_name, by_number)

    def find(self, key: str | int) -> Protocol | None:
        """Return the line for a name, alias (case-sensitive) or number, or None."""
        entry = self._by_number.get(key) if isinstance(key, int) else self._by_name.get(key)
        return None if entry is None else entry._replace(aliases=list(entry.aliases))


def parse_protocols(text: str) -> ProtocolsTable:
    """Parse the text of a protocols file; malformed lines are skipped."""
    entries: list[Protocol] = []
    for _, fields in tokenize(text):
        if len(fields) < 2 or not (fields[1].isascii() and fields[1].isdigit()):
            continue
        number = int(fields[1])
        if number > MAX_PROTOCOL:
            continue
        entries.append(Protocol(number, fields[0], fields[2:]))
    return ProtocolsTable.build(tuple(entries))
