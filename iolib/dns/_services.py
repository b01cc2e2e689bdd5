"""The services file (services(5)): a pure parser and IOLib's lookup rules over it."""

from __future__ import annotations

from typing import Literal, NamedTuple

import attrs

from iolib.dns._etcfile import tokenize

__all__ = ["Service", "ServiceEntry", "ServicesTable", "parse_services"]

ServiceProtocol = Literal["tcp", "udp", "any"]
MAX_PORT = 65535


class Service(NamedTuple):
    """The result of lookup_service: a port, the service's name and "tcp" or "udp"."""

    port: int
    name: str
    protocol: str


@attrs.frozen
class ServiceEntry:
    """One line of a services file."""

    name: str
    port: int
    protocol: str
    aliases: tuple[str, ...]


@attrs.frozen
class ServicesTable:
    """The lines of a services file, indexed by name or alias and by port (case-sensitive)."""

    entries: tuple[ServiceEntry, ...] = ()
    _by_name: dict[str, list[ServiceEntry]] = attrs.field(factory=dict, eq=False, repr=False)
    _by_port: dict[int, list[ServiceEntry]] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def build(cls, entries: tuple[ServiceEntry, ...]) -> ServicesTable:
        """Return the table of ``entries`` with its indexes filled in."""
        by_name: dict[str, list[ServiceEntry]] = {}
        by_port: dict[int, list[ServiceEntry]] = {}
        for entry in entries:
            for name in dict.fromkeys((entry.name, *entry.aliases)):
                by_name.setdefault(name, []).append(entry)
            by_port.setdefault(entry.port, []).append(entry)
        return cls(entries, by_name, by_port)

    def find(self, key: str | int, protocol: ServiceProtocol) -> ServiceEntry | None:
        """Return the first line for a name or port whose protocol fits, or None.

        With protocol "any" only tcp and udp lines count, so the result's
        protocol is one of those two.
        """
        candidates = self._by_port.get(key) if isinstance(key, int) else self._by_name.get(key)
        for entry in candidates or ():
            if entry.protocol == protocol or (
                protocol == "any" and entry.protocol in ("tcp", "udp")
            ):
                return entry
        return None


def parse_services(text: str) -> ServicesTable:
    """Parse the text of a services file; malformed lines are skipped."""
    entries: list[ServiceEntry] = []
    for _, fields in tokenize(text):
        if len(fields) < 2:
            continue
        port_text, slash, protocol = fields[1].partition("/")
        if not slash or not protocol or not (port_text.isascii() and port_text.isdigit()):
            continue
        port = int(port_text)
        if port > MAX_PORT:
            continue
        entries.append(ServiceEntry(fields[0], port, protocol.lower(), tuple(fields[2:])))
    return ServicesTable.build(tuple(entries))
