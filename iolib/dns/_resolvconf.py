"""resolv.conf (resolv.conf(5)): a pure parser of the settings the stub resolver honours."""

from __future__ import annotations

import attrs

from iolib.dns._addr import parse_ip
from iolib.dns._etcfile import tokenize

__all__ = ["Nameserver", "ResolvConf", "parse_nameserver", "parse_resolv_conf"]

# glibc's limits (resolv/resolv.h: RES_MAXNDOTS, RES_MAXRETRANS, RES_MAXRETRY).
MAX_NDOTS = 15
MAX_TIMEOUT = 30
MAX_ATTEMPTS = 5
DEFAULT_NAMESERVER = "127.0.0.1"  # glibc's choice when the file names none
MAX_PORT = 65535
Nameserver = str | tuple[str, int]  # an address as text, or (address, port)


@attrs.frozen
class ResolvConf:
    """The resolver settings of one resolv.conf file, defaults as glibc's."""

    nameservers: tuple[Nameserver, ...] = ()
    search: tuple[str, ...] = ()
    ndots: int = 1
    timeout: float = 5.0
    attempts: int = 2
    rotate: bool = False
    edns0: bool = False

    @property
    def servers(self) -> tuple[Nameserver, ...]:
        """Return the nameservers to ask: those listed, else 127.0.0.1."""
        return self.nameservers or (DEFAULT_NAMESERVER,)


def _bounded_int(text: str, low: int, high: int) -> int | None:
    """Return ``text`` as a decimal int clamped to ``high``, or None if it is not one."""
    if not (text.isascii() and text.isdigit()):
        return None
    return max(low, min(high, int(text)))


def parse_nameserver(text: str) -> Nameserver | None:
    """Return a ``nameserver`` argument as an address text or ``(address, port)``, or None.

    Besides a bare address (glibc), OpenBSD's ``[address]:port`` form names a
    nameserver on another port; glibc skips such lines, so a file that uses
    it stays harmless elsewhere.
    """
    if text.startswith("["):
        inside, bracket, port = text[1:].partition("]:")
        if not bracket or parse_ip(inside) is None or not (port.isascii() and port.isdigit()):
            return None
        number = int(port)
        return (inside, number) if 0 < number <= MAX_PORT else None
    return text if parse_ip(text) is not None else None


def parse_resolv_conf(text: str) -> ResolvConf:
    """Parse the text of resolv.conf.

    Honours ``nameserver`` (an address, or ``[address]:port``), ``search`` and
    ``domain`` (whichever comes last sets the search list) and ``options
    ndots:N timeout:N attempts:N rotate edns0``.
    Values out of range are clamped as glibc does; anything unknown or
    malformed is skipped.
    """
    nameservers: list[Nameserver] = []
    search: tuple[str, ...] = ()
    options: dict[str, int | bool] = {}
    for _, fields in tokenize(text, comments="#;"):
        keyword, args = fields[0], fields[1:]
        if keyword == "nameserver" and args:
            server = parse_nameserver(args[0])
            if server is not None:
                nameservers.append(server)
        elif keyword == "domain" and args:
            search = (args[0].rstrip("."),)
        elif keyword == "search":
            search = tuple(a.rstrip(".") for a in args if a.rstrip("."))
        elif keyword == "options":
            for option in args:
                name, _, value = option.partition(":")
                if name in ("rotate", "edns0") and not value:
                    options[name] = True
                elif name == "ndots":
                    _set(options, name, _bounded_int(value, 0, MAX_NDOTS))
                elif name == "timeout":
                    _set(options, name, _bounded_int(value, 1, MAX_TIMEOUT))
                elif name == "attempts":
                    _set(options, name, _bounded_int(value, 1, MAX_ATTEMPTS))
    return ResolvConf(
        nameservers=tuple(nameservers),
        search=search,
        ndots=int(options.get("ndots", 1)),
        timeout=float(options.get("timeout", 5)),
        attempts=int(options.get("attempts", 2)),
        rotate=bool(options.get("rotate", False)),
        edns0=bool(options.get("edns0", False)),
    )


def _set(options: dict[str, int | bool], name: str, value: int | None) -> None:
    if value is not None:
        options[name] = value
