"""The answer cache: positive answers for their TTL, negative ones per RFC 2308, bounded in size."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from iolib.dns._message import DNSResponse
from iolib.dns._rdata import SOA
from iolib.dns._wire import name_key

__all__ = ["Cache", "cache_ttl"]

DEFAULT_MAX_ENTRIES = 4096
MAX_TTL = 7 * 24 * 3600  # RFC 8767 suggests capping TTLs at 7 days


def cache_ttl(response: DNSResponse, qname: str, qtype: str) -> int:
    """Return how many seconds a response may be cached (0: not at all).

    An answer with records of the type asked lives as long as the smallest TTL
    of its answer records. NXDOMAIN, or NOERROR without such a record, lives
    for the smaller of the SOA record's TTL and its minimum field (RFC 2308
    section 5); without an SOA in the authority section it is not cached.
    Any other rcode is not cached.
    """
    if response.rcode == "NOERROR" and any(r.type == qtype for r in response.answer):
        return min(MAX_TTL, *(r.ttl for r in response.answer))
    if response.rcode not in ("NOERROR", "NXDOMAIN"):
        return 0
    for record in response.authority:
        if isinstance(record.data, SOA):
            return min(MAX_TTL, record.ttl, record.data.minimum)
    return 0


class Cache:
    """A bounded, thread-safe map of questions to responses that forgets each at its expiry."""

    def __init__(
        self, max_entries: int = DEFAULT_MAX_ENTRIES, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, DNSResponse]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(qname: str, qtype: str, servers: tuple[tuple[str, int], ...]) -> Hashable:
        """Return the cache key of a question asked of a list of servers."""
        return (name_key(qname), qtype, servers)

    def get(self, key: Hashable) -> DNSResponse | None:
        """Return the live response stored under ``key``, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= self._clock():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, response: DNSResponse, qname: str, qtype: str) -> None:
        """Store a response for its cache lifetime (nothing if that is 0), evicting the oldest."""
        ttl = cache_ttl(response, qname, qtype)
        if ttl <= 0 or self.max_entries <= 0:
            return
        with self._lock:
            self._entries[key] = (self._clock() + ttl, response)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
