"""iolib.address against the stdlib ``ipaddress``, both timed side by side in this run.

- parsing: ``ensure_address`` versus ``ipaddress.ip_address`` on the same 100k
  mixed IPv4 / IPv6 strings;
- printing: ``str()`` of 100k IPv6 addresses. Each timed round gets objects
  that have never been printed, built beforehand from the same text by each
  library's own parser, so no text cached by an earlier round can help
  (iolib caches none, but the benchmark does not rely on that);
- membership: ``in_network(address, network, netmask)`` versus
  ``address in ipaddress.ip_network(...)`` on 100k IPv4 addresses.
"""

from __future__ import annotations

import ipaddress
import random
from collections.abc import Callable, Iterator

from benchmarks._harness import Result, compare
from iolib.address import IPv4Address, ensure_address, in_network, make_netmask

N = 100_000
REPEAT = 5


def _ipv4_texts(rng: random.Random, count: int) -> list[str]:
    return [str(ipaddress.IPv4Address(rng.getrandbits(32))) for _ in range(count)]


def _ipv6_texts(rng: random.Random, count: int) -> list[str]:
    """Realistic IPv6 text: global, documentation, link-local and IPv4-mapped addresses."""
    shapes: list[Callable[[], int]] = [
        lambda: rng.getrandbits(128),
        lambda: (0x2001_0DB8 << 96) | rng.getrandbits(16),
        lambda: (0xFE80 << 112) | rng.getrandbits(64),
        lambda: (0x2A00_1450 << 96) | (rng.getrandbits(16) << 64) | rng.getrandbits(16),
        lambda: (0xFFFF << 32) | rng.getrandbits(32),
    ]
    return [str(ipaddress.IPv6Address(shapes[i % len(shapes)]())) for i in range(count)]


def _fresh(build: Callable[[], list[object]], rounds: int) -> Callable[[], list[object]]:
    """Return a function that hands out a new, never-used list of objects per call."""
    batches: Iterator[list[object]] = iter([build() for _ in range(rounds)])
    return lambda: next(batches)


def bench_parse(rng: random.Random) -> Result:
    """ensure_address on 100k mixed strings versus ipaddress.ip_address."""
    texts = _ipv4_texts(rng, N // 2) + _ipv6_texts(rng, N // 2)
    rng.shuffle(texts)
    ip_address = ipaddress.ip_address
    return compare(
        "ensure_address, 100k mixed IPv4/IPv6 strings vs ipaddress.ip_address",
        lambda: [ensure_address(t) for t in texts],
        lambda: [ip_address(t) for t in texts],
        goal=4.0,
        repeat=REPEAT,
    )


def bench_str(rng: random.Random) -> Result:
    """str() of 100k fresh IPv6 addresses versus str() of ipaddress.IPv6Address."""
    texts = _ipv6_texts(rng, N)
    ours = _fresh(lambda: [ensure_address(t) for t in texts], REPEAT)
    theirs = _fresh(lambda: [ipaddress.IPv6Address(t) for t in texts], REPEAT)

    def run_ours() -> object:
        return [str(a) for a in ours()]

    def run_theirs() -> object:
        return [str(a) for a in theirs()]

    return compare(
        "str() of 100k fresh IPv6 addresses vs ipaddress",
        run_ours,
        run_theirs,
        goal=4.0,
        repeat=REPEAT,
    )


def bench_in_network(rng: random.Random) -> Result:
    """in_network on 100k IPv4 addresses versus ``in ipaddress.ip_network``."""
    values = [(10 << 24) | rng.getrandbits(24) if i % 2 else rng.getrandbits(32) for i in range(N)]
    ours = [IPv4Address(v) for v in values]
    theirs = [ipaddress.IPv4Address(v) for v in values]
    network, netmask = IPv4Address("10.0.0.0"), make_netmask(cidr=8)
    ip_network = ipaddress.ip_network("10.0.0.0/8")
    assert [in_network(a, network, netmask) for a in ours] == [a in ip_network for a in theirs]
    return compare(
        "in_network, 100k IPv4 addresses vs `in ipaddress.ip_network`",
        lambda: [in_network(a, network, netmask) for a in ours],
        lambda: [a in ip_network for a in theirs],
        goal=1.0,
        repeat=REPEAT,
    )


def run() -> list[Result]:
    """Measure the three address goals of issue 2."""
    rng = random.Random(20260)
    return [bench_parse(rng), bench_str(rng), bench_in_network(rng)]
