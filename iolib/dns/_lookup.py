"""lookup_hostname, ensure_hostname and dns_query: the hosts file first, then our own DNS client."""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from typing import Literal, NamedTuple

import attrs

from iolib.dns._addr import (
    LOOPBACK,
    InetAddress,
    designator_to_address,
    ensure_inet,
    map_to_ipv6,
    parse_ip,
    unmap_ipv4,
)
from iolib.dns._cache import Cache
from iolib.dns._errors import (
    ResolverAgainError,
    ResolverError,
    ResolverFailError,
    ResolverNoNameError,
    ResolverUnknownError,
)
from iolib.dns._files import current_default_ipv6, hosts_table, resolv_conf
from iolib.dns._message import DNSResponse, Question, type_code, type_name
from iolib.dns._names import (
    MAX_CNAME_HOPS,
    error_for,
    follow_chain,
    search_candidates,
    special_use,
)
from iolib.dns._policy import QueryPlan, Server
from iolib.dns._query import Job, run_jobs
from iolib.dns._resolvconf import ResolvConf
from iolib.dns._reverse import reverse_name
from iolib.dns._wire import canonical_name, encode_name

__all__ = ["HostLookup", "clear_cache", "dns_query", "ensure_hostname", "lookup_hostname"]

DNS_PORT = 53
Ipv6Mode = Literal[False, True, "ipv6"]
CACHE = Cache()
# When several families fail, the most telling error wins.
_ERROR_RANK: tuple[type[ResolverError], ...] = (
    ResolverFailError,
    ResolverAgainError,
    ResolverUnknownError,
    ResolverNoNameError,
)


class HostLookup(NamedTuple):
    """The result of lookup_hostname, as IOLib's four values.

    ``address`` is the primary address, ``addresses`` the other ones (IOLib's
    "additional addresses"), ``truename`` the canonical name and ``aliases``
    a list of ``(name, address)`` pairs for every name found.
    """

    address: InetAddress
    addresses: list[InetAddress]
    truename: str
    aliases: list[tuple[str, InetAddress]]


def clear_cache() -> None:
    """Forget every cached DNS answer."""
    CACHE.clear()


def _server(designator: object) -> Server:
    """Return ``(host, port)`` for a nameserver designator: address, text, or (host, port)."""
    try:
        hash(designator)
    except TypeError:
        return _parse_server(designator)
    return _cached_server(designator)


@functools.lru_cache(maxsize=64)
def _cached_server(designator: object) -> Server:
    """_parse_server for a designator that can be a cache key (the same few come every call)."""
    return _parse_server(designator)


def _parse_server(designator: object) -> Server:
    """Return ``(host, port)`` for a nameserver designator; TypeError or ValueError if bad."""
    port: object = DNS_PORT
    host: object = designator
    if (
        isinstance(designator, tuple)
        and len(designator) == 2
        and not isinstance(designator[1], str)
    ):
        host, port = designator
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port <= 0xFFFF:
        raise TypeError(f"nameserver port must be an int in 1..65535, not {port!r}")
    address = designator_to_address(host)
    if address is None:
        raise ValueError(f"nameserver {host!r} is not an address")
    return (str(address), port)


def _is_one_server(ns: object) -> bool:
    """Return True if ``ns`` is a single designator rather than a list of them."""
    if isinstance(ns, str) or not isinstance(ns, list | tuple):
        return True
    return len(ns) == 2 and isinstance(ns[1], int) and not isinstance(ns[0], tuple | list)


def _servers(ns: object, conf: ResolvConf) -> tuple[Server, ...]:
    """Return the servers to ask: ``ns`` (one designator or a list) if given, else resolv.conf's."""
    if ns is None:
        return tuple(_server(text) for text in conf.servers)
    items = [ns] if _is_one_server(ns) else list(ns)  # type: ignore[call-overload]  # a list or tuple
    if not items:
        raise TypeError("ns must name at least one nameserver")
    return tuple(_server(item) for item in items)


def _ipv6_mode(ipv6: object) -> Ipv6Mode:
    if ipv6 is None:
        ipv6 = current_default_ipv6()
    if ipv6 is True or ipv6 is False:
        return ipv6
    if ipv6 == "ipv6":
        return "ipv6"
    raise TypeError(f"ipv6 must be False, True, 'ipv6' or None, not {ipv6!r}")


def _deadline(timeout: object) -> float | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(f"timeout must be a number of seconds or None, not {timeout!r}")
    if not timeout >= 0:
        raise ValueError(f"timeout must be >= 0, not {timeout!r}")
    return time.monotonic() + timeout


@attrs.define
class _Context:
    """What one public call needs to ask questions: settings, servers, deadline, cache use."""

    conf: ResolvConf
    servers: tuple[Server, ...]
    deadline: float | None
    cache: bool = False
    tcp: bool = False

    def ask(self, questions: Sequence[tuple[str, str]]) -> list[DNSResponse | None]:
        """Return the response to each (name, type) question, None where no server answered."""
        results: list[DNSResponse | None] = [None] * len(questions)
        jobs: list[tuple[int, Job]] = []
        for i, (name, rtype) in enumerate(questions):
            if self.cache:
                hit = CACHE.get(Cache.key(name, rtype, self.servers))
                if hit is not None:
                    results[i] = hit
                    continue
            plan = QueryPlan(
                self.servers,
                attempts=self.conf.attempts,
                try_timeout=self.conf.timeout,
                deadline=self.deadline,
                rotate=self.conf.rotate,
                tcp=self.tcp,
            )
            jobs.append((i, Job(Question(name, rtype, "IN"), plan)))
        run_jobs([job for _, job in jobs])
        for i, job in jobs:
            response = results[i] = job.plan.response
            if self.cache and response is not None:
                name, rtype = questions[i]
                CACHE.put(Cache.key(name, rtype, self.servers), response, name, rtype)
        return results


_Found = tuple[list[str], list[object]]  # the names of the chain, the data of the records


def _resolve(
    ctx: _Context, name: str, rtypes: Sequence[str]
) -> dict[str, _Found | type[ResolverError]]:
    """Ask ``name`` for each type at once, following CNAMEs; return records or an error per type."""
    outcome: dict[str, _Found | type[ResolverError]] = {}
    chains: dict[str, list[str]] = {rtype: [name] for rtype in rtypes}
    pending = {rtype: name for rtype in rtypes}
    # Each round adds at least one name to every chain still pending, so this ends.
    while pending:
        asked = list(pending.items())
        pending = {}
        for (rtype, qname), response in zip(
            asked, ctx.ask([(q, t) for t, q in asked]), strict=True
        ):
            error = error_for(response)
            if error is not None or response is None:
                outcome[rtype] = error or ResolverAgainError
                continue
            chain = follow_chain(response, qname, rtype)
            chains[rtype].extend(chain.names[1:])
            if chain.records:
                outcome[rtype] = (chains[rtype], [r.data for r in chain.records])
            elif chain.next_name is not None and len(chains[rtype]) <= MAX_CNAME_HOPS:
                pending[rtype] = chain.next_name
            else:
                outcome[rtype] = ResolverNoNameError  # no data, a CNAME loop, or too many hops
    return outcome


def _worst(errors: Sequence[type[ResolverError]]) -> type[ResolverError]:
    return min(errors, key=_ERROR_RANK.index)


_TYPES_OF_MODE: dict[Ipv6Mode, tuple[str, ...]] = {
    False: ("A",),
    "ipv6": ("AAAA",),
    True: ("AAAA", "A"),
}
_VERSIONS_OF_MODE: dict[Ipv6Mode, tuple[int, ...]] = {False: (4,), "ipv6": (6,), True: (6, 4)}


def _special(host: str, mode: Ipv6Mode) -> HostLookup | None:
    """Answer an RFC 6761 special-use name without DNS: localhost is loopback, .invalid absent."""
    kind = special_use(host)
    if kind == "localhost":
        found = [LOOPBACK[version] for version in _VERSIONS_OF_MODE[mode]]
        name = host.lower().rstrip(".")
        return HostLookup(found[0], found[1:], name, [(name, a) for a in found])
    if kind == "invalid":
        raise ResolverNoNameError(host, _message(ResolverNoNameError, host))
    return None


def _by_name(ctx: _Context, host: str, mode: Ipv6Mode) -> HostLookup:
    rtypes = _TYPES_OF_MODE[mode]
    entries = hosts_table().find_name(host)
    wanted = _VERSIONS_OF_MODE[mode]
    hosts = [e for version in wanted for e in entries if e.address.version == version]
    if hosts:
        found = [e.address for e in hosts]
        aliases = [(n, e.address) for e in hosts for n in e.names]
        return HostLookup(found[0], found[1:], hosts[0].name, aliases)
    special = _special(host, mode)
    if special is not None:
        return special
    try:
        if not host.strip("."):
            raise ValueError("the name is empty")
        encode_name(host)
    except ValueError as exc:
        raise ResolverNoNameError(host, f"{host!r} is not a valid host name: {exc}") from exc
    last_error: type[ResolverError] = ResolverNoNameError
    for candidate in search_candidates(host, ctx.conf.search, ctx.conf.ndots):
        try:
            qname = canonical_name(candidate)
        except ValueError:
            continue  # the name under a long search domain is too long to ask
        outcome = _resolve(ctx, qname, rtypes)
        # In the order asked (IPv6 first), whichever question needed more CNAME hops.
        found_types = [(t, o) for t in rtypes if not isinstance(o := outcome[t], type)]
        if found_types:
            addresses: list[InetAddress] = []
            aliases = []
            for _, (names, data) in found_types:
                addrs = [d for d in data if isinstance(d, InetAddress)]
                addresses.extend(addrs)
                aliases.extend((n, a) for n in names for a in addrs)
            truename = found_types[0][1][0][-1]
            return HostLookup(addresses[0], addresses[1:], truename, aliases)
        last_error = _worst([o for o in outcome.values() if isinstance(o, type)])
        if last_error is not ResolverNoNameError:
            break
    raise last_error(host, _message(last_error, host))


def _message(error: type[ResolverError], host: object) -> str:
    what = {
        ResolverNoNameError: "no such host",
        ResolverAgainError: "temporary failure (no usable answer from any nameserver)",
        ResolverFailError: "the nameserver refused or failed the query",
        ResolverUnknownError: "unexpected answer from the nameserver",
    }.get(error, "lookup failed")
    return f"cannot resolve {host!r}: {what}"


def _by_address(ctx: _Context, address: InetAddress, mode: Ipv6Mode, datum: object) -> HostLookup:
    address = map_to_ipv6(address) if mode == "ipv6" else unmap_ipv4(address)
    entry = hosts_table().find_address(address)
    if entry is not None:
        return HostLookup(address, [], entry.name, [(n, address) for n in entry.names])
    outcome = _resolve(ctx, reverse_name(address), ["PTR"])["PTR"]
    if isinstance(outcome, type):
        raise outcome(datum, _message(outcome, datum))
    names = [d for d in outcome[1] if isinstance(d, str)]
    return HostLookup(address, [], names[0], [(n, address) for n in names])


def _context(ns: object, timeout: object, cache: bool = False, tcp: bool = False) -> _Context:
    conf = resolv_conf()
    return _Context(conf, _servers(ns, conf), _deadline(timeout), cache=cache, tcp=tcp)


def lookup_hostname(
    host: object,
    ipv6: object = None,
    ns: object = None,
    timeout: float | None = None,
    cache: bool = False,
) -> HostLookup:
    """Look a host name up (hosts file, then DNS) or an address up (hosts file, then PTR).

    ``ipv6``: False (A only), True (AAAA and A at once, IPv6 first), "ipv6"
    (AAAA only; an IPv4 address is looked up as its IPv4-mapped form), None
    (``iolib.dns.default_ipv6``). ``ns``: nameserver designators overriding
    resolv.conf. ``timeout`` bounds the whole lookup in seconds. ``cache``
    uses and fills the answer cache. Raises ResolverNoNameError,
    ResolverAgainError, ResolverFailError or ResolverUnknownError (``.datum``
    = host); TypeError for a bad argument; ValueError for a non-str that is
    no address.
    """
    mode = _ipv6_mode(ipv6)
    if isinstance(host, str):
        address = parse_ip(host)
        if address is None:
            return _by_name(_context(ns, timeout, cache), host, mode)
    else:
        address = ensure_inet(host)
    return _by_address(_context(ns, timeout, cache), address, mode, host)


def ensure_hostname(
    host: object,
    ipv6: object = None,
    ns: object = None,
    timeout: float | None = None,
    errorp: bool = True,
) -> InetAddress | None:
    """Return ``host`` as an address: address designators as they are, names looked up.

    With errorp False a failed lookup returns None instead of raising a ResolverError.
    A non-str that is no address raises ValueError whatever errorp says.
    """
    address = designator_to_address(host)
    if address is not None:
        return address
    try:
        return lookup_hostname(host, ipv6=ipv6, ns=ns, timeout=timeout).address
    except ResolverError:
        if errorp:
            raise
        return None


def dns_query(
    name: object,
    type: str | int = "A",  # the contract's argument name
    *,
    ns: object = None,
    timeout: float | None = None,
    tcp: bool = False,
) -> DNSResponse:
    """Send one query (no search list, no hosts file) and return the response whatever its rcode.

    For "PTR" an address designator becomes its in-addr.arpa / ip6.arpa name.
    A truncated UDP reply is retried over TCP; ``tcp=True`` asks over TCP at
    once. Raises ResolverAgainError (``.datum`` = name) when no server gives a
    usable reply; ValueError or TypeError for a bad name or type.
    """
    rtype = type_name(type_code(type))
    qname = name
    if rtype == "PTR":
        address = designator_to_address(name)
        if address is not None:
            qname = reverse_name(address)
    if not isinstance(qname, str):
        raise TypeError(f"name must be a str, not {name!r}")
    encode_name(qname)
    ctx = _context(ns, timeout, tcp=bool(tcp))
    (response,) = ctx.ask([(qname.rstrip(".") or ".", rtype)])
    if response is None:
        raise ResolverAgainError(name, _message(ResolverAgainError, name))
    return response
