"""The answer cache: TTLs, RFC 2308 negative caching, the size bound."""

from __future__ import annotations

from iolib.address import ensure_address
from iolib.dns._cache import Cache, cache_ttl
from iolib.dns._message import DNSRecord, DNSResponse, Question
from iolib.dns._rdata import SOA

A = ensure_address("192.0.2.1")
SERVERS = (("127.0.0.1", 53),)


def make(
    rcode: str = "NOERROR",
    answer: list[DNSRecord] | None = None,
    soa: tuple[int, int] | None = None,
) -> DNSResponse:
    authority = []
    if soa is not None:
        ttl, minimum = soa
        authority = [DNSRecord("test", "SOA", ttl, SOA("ns.test", "h.test", 1, 2, 3, 4, minimum))]
    return DNSResponse(
        id=1,
        flags=frozenset({"QR"}),
        rcode=rcode,
        question=[Question("a.test", "A", "IN")],
        answer=answer or [],
        authority=authority,
    )


class Clock:
    """A settable clock."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_positive_ttl_is_the_smallest() -> None:
    response = make(answer=[DNSRecord("a.test", "A", 30, A), DNSRecord("a.test", "A", 10, A)])
    assert cache_ttl(response, "a.test", "A") == 10


def test_negative_ttl_is_min_of_soa_ttl_and_minimum() -> None:
    assert cache_ttl(make("NXDOMAIN", soa=(300, 60)), "a.test", "A") == 60
    assert cache_ttl(make("NXDOMAIN", soa=(20, 60)), "a.test", "A") == 20
    assert cache_ttl(make("NOERROR", soa=(300, 45)), "a.test", "A") == 45


def test_not_cached_without_soa_or_on_failure() -> None:
    assert cache_ttl(make("NXDOMAIN"), "a.test", "A") == 0
    assert cache_ttl(make("SERVFAIL", soa=(300, 60)), "a.test", "A") == 0


def test_entries_expire() -> None:
    clock = Clock()
    cache = Cache(clock=clock)
    key = Cache.key("A.test.", "A", SERVERS)
    response = make(answer=[DNSRecord("a.test", "A", 10, A)])
    cache.put(key, response, "a.test", "A")
    assert cache.get(Cache.key("a.test", "A", SERVERS)) is response
    clock.now += 10
    assert cache.get(key) is None
    assert len(cache) == 0


def test_negative_entries_expire_at_soa_minimum() -> None:
    clock = Clock()
    cache = Cache(clock=clock)
    key = Cache.key("a.test", "A", SERVERS)
    cache.put(key, make("NXDOMAIN", soa=(300, 5)), "a.test", "A")
    clock.now += 4.9
    assert cache.get(key) is not None
    clock.now += 0.2
    assert cache.get(key) is None


def test_size_is_bounded_least_recent_out() -> None:
    cache = Cache(max_entries=2, clock=Clock())
    response = make(answer=[DNSRecord("a.test", "A", 10, A)])
    for name in ("a", "b"):
        cache.put(Cache.key(name, "A", SERVERS), response, name, "A")
    assert cache.get(Cache.key("a", "A", SERVERS)) is response  # a is now the most recent
    cache.put(Cache.key("c", "A", SERVERS), response, "c", "A")
    assert len(cache) == 2
    assert cache.get(Cache.key("b", "A", SERVERS)) is None
    assert cache.get(Cache.key("a", "A", SERVERS)) is response


def test_servers_are_part_of_the_key() -> None:
    cache = Cache(clock=Clock())
    cache.put(Cache.key("a", "A", SERVERS), make(answer=[DNSRecord("a", "A", 10, A)]), "a", "A")
    assert cache.get(Cache.key("a", "A", (("127.0.0.2", 53),))) is None


def test_clear() -> None:
    cache = Cache(clock=Clock())
    cache.put(Cache.key("a", "A", SERVERS), make(answer=[DNSRecord("a", "A", 10, A)]), "a", "A")
    cache.clear()
    assert len(cache) == 0


def test_authority_without_soa_is_not_cached() -> None:
    response = make("NXDOMAIN")
    response.authority.append(DNSRecord("test", "NS", 60, "ns.test"))
    assert cache_ttl(response, "a.test", "A") == 0


def test_zero_size_cache_keeps_nothing() -> None:
    cache = Cache(max_entries=0, clock=Clock())
    key = Cache.key("a", "A", SERVERS)
    cache.put(key, make(answer=[DNSRecord("a", "A", 10, A)]), "a", "A")
    assert cache.get(key) is None
