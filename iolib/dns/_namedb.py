"""lookup_service and lookup_protocol: IOLib's rules over the services and protocols files."""

from __future__ import annotations

from iolib.dns._errors import UnknownProtocol, UnknownService
from iolib.dns._files import protocols_table, services_table
from iolib.dns._protocols import MAX_PROTOCOL, Protocol
from iolib.dns._services import MAX_PORT, Service, ServiceProtocol

__all__ = ["lookup_protocol", "lookup_service"]

_SERVICE_PROTOCOLS: dict[str, ServiceProtocol] = {"tcp": "tcp", "udp": "udp", "any": "any"}


def _number_or_name(thing: object, high: int, what: str) -> int | str:
    """Return an int for an int or decimal string, else the name; TypeError if out of range."""
    if isinstance(thing, bool) or not isinstance(thing, int | str):
        raise TypeError(f"{what} must be an int or a str, not {type(thing).__name__}")
    if isinstance(thing, str):
        if not (thing.isascii() and thing.isdigit()):
            return thing
        number = int(thing)
    else:
        number = thing
    if not 0 <= number <= high:
        raise TypeError(f"{what} {thing!r} is outside 0..{high}")
    return number


def lookup_service(service: int | str, protocol: str = "tcp") -> Service:
    """Return the Service(port, name, protocol) for a port or a service name or alias.

    ``service`` is an int, a decimal string or a name (case-sensitive, as in the
    file); ``protocol`` is "tcp", "udp" or "any" (the first matching tcp or udp
    line). Raises TypeError for a port outside 0..65535 or a bad protocol,
    UnknownService (``.datum`` = service as given) when no line matches.
    """
    key = _number_or_name(service, MAX_PORT, "service")
    checked = _SERVICE_PROTOCOLS.get(protocol) if isinstance(protocol, str) else None
    if checked is None:
        raise TypeError(f"protocol must be 'tcp', 'udp' or 'any', not {protocol!r}")
    entry = services_table().find(key, checked)
    if entry is None:
        raise UnknownService(service)
    return Service(entry.port, entry.name, entry.protocol)


def lookup_protocol(protocol: int | str) -> Protocol:
    """Return the Protocol(number, name, aliases) for a protocol number, name or alias.

    Raises TypeError for a negative number or one over 65535, UnknownProtocol
    (``.datum`` = protocol as given) when no line matches.
    """
    key = _number_or_name(protocol, MAX_PROTOCOL, "protocol")
    entry = protocols_table().find(key)
    if entry is None:
        raise UnknownProtocol(protocol)
    return entry
