"""Pure resolution rules: search-list candidates, CNAME chains, rcodes to errors."""

from __future__ import annotations

from typing import Literal, NamedTuple

from iolib.dns._errors import (
    ResolverAgainError,
    ResolverError,
    ResolverFailError,
    ResolverNoNameError,
    ResolverUnknownError,
)
from iolib.dns._message import DNSRecord, DNSResponse
from iolib.dns._wire import name_key

__all__ = ["Chain", "error_for", "follow_chain", "search_candidates", "special_use"]

MAX_CNAME_HOPS = 8


def special_use(name: str) -> Literal["localhost", "invalid"] | None:
    """Return which special-use domain of RFC 6761 ``name`` is in, if it is one we answer.

    Section 6.3: "localhost" and names under it are loopback, answered without
    asking a nameserver; section 6.4: names under "invalid" do not exist.
    """
    labels = name.lower().rstrip(".").rsplit(".", 1)
    if labels[-1] == "localhost":
        return "localhost"
    if labels[-1] == "invalid":
        return "invalid"
    return None


def search_candidates(name: str, search: tuple[str, ...], ndots: int) -> list[str]:
    """Return the names to ask, in order, for ``name`` under a search list and ndots.

    A name with a trailing dot is absolute and asked alone. A name with at least
    ``ndots`` dots is asked as is first, then under each search domain; a
    shorter one under the search domains first and as is last (resolv.conf(5)).
    """
    if name.endswith("."):
        return [name[:-1]]
    under = [f"{name}.{domain}" for domain in search if domain]
    if name.count(".") >= ndots:
        return [name, *under]
    return [*under, name]


class Chain(NamedTuple):
    """What one answer says about a name: the CNAME path, the records found, where to go next."""

    names: list[str]  # the name asked, then each CNAME target in order
    records: list[DNSRecord]  # records of the type asked, owned by the last name
    next_name: str | None  # a CNAME target the answer did not resolve, to ask next


def follow_chain(response: DNSResponse, qname: str, rtype: str) -> Chain:
    """Follow CNAMEs from ``qname`` inside an answer section (at most MAX_CNAME_HOPS of them)."""
    by_owner: dict[str, list[DNSRecord]] = {}
    for record in response.answer:
        by_owner.setdefault(name_key(record.name), []).append(record)
    names = [qname]
    current = qname
    for _ in range(MAX_CNAME_HOPS + 1):
        owned = by_owner.get(name_key(current), [])
        records = [r for r in owned if r.type == rtype]
        if records:
            return Chain(names, records, None)
        target = next((r.data for r in owned if r.type == "CNAME"), None)
        if not isinstance(target, str):
            # A CNAME whose target the answer leaves out: that target is asked next.
            return Chain(names, [], current if len(names) > 1 else None)
        if name_key(target) in map(name_key, names):
            return Chain(names, [], None)  # a CNAME loop
        names.append(target)
        current = target
    return Chain(names, [], None)


# Rcodes and the error each maps to (iolib's mapping, as API.md states it).
_RCODE_ERRORS: dict[str, type[ResolverError]] = {
    "NXDOMAIN": ResolverNoNameError,
    "SERVFAIL": ResolverAgainError,
    "REFUSED": ResolverFailError,
    "FORMERR": ResolverFailError,
    "NOTIMP": ResolverFailError,
}


def error_for(response: DNSResponse | None) -> type[ResolverError] | None:
    """Return the error class a response calls for (None: NOERROR, look at its records)."""
    if response is None:
        return ResolverAgainError
    if response.rcode == "NOERROR":
        return None
    return _RCODE_ERRORS.get(response.rcode, ResolverUnknownError)
