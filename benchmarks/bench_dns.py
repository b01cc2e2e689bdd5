"""iolib.dns against dnspython: 2,000 sequential lookups of distinct names from dnsmasq on loopback.

Both resolvers ask the same dnsmasq (started here with an --addn-hosts file of
2,000 names, no upstream, loopback only), with caching off, and must return the
same addresses. Goal: iolib's lookup_hostname at least 1.5x dnspython's
Resolver.resolve.
"""

from __future__ import annotations

import ipaddress
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks._harness import Result, compare
from tests.dns.dnsmasq import find_dnsmasq, free_port, identity_options

NAMES = 2000
GOAL = 1.5


def _names() -> list[tuple[str, str]]:
    return [
        (f"host{i}.bench.test", f"10.{i // 65536}.{i // 256 % 256}.{i % 256}") for i in range(NAMES)
    ]


@contextmanager
def _dnsmasq(executable: str, hosts: Path, workdir: Path) -> Iterator[int]:
    """Run dnsmasq on 127.0.0.1 serving ``hosts`` only; yield its port; always reap it."""
    port = free_port()
    command = [
        executable,
        "--keep-in-foreground",
        "--no-resolv",
        "--no-hosts",
        "--no-poll",
        "--conf-file=/dev/null",
        "--pid-file=",
        "--listen-address=127.0.0.1",
        "--bind-interfaces",
        f"--port={port}",
        *identity_options(),
        "--local=/test/",
        "--local-ttl=300",
        f"--addn-hosts={hosts}",
    ]
    with open(workdir / "dnsmasq.log", "wb") as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        try:
            _wait_ready(port, process)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    import iolib

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process.poll() is None:
        try:
            iolib.dns_query("host0.bench.test", ns=[("127.0.0.1", port)], timeout=0.2)
            return
        except iolib.ResolverError:
            continue
    raise RuntimeError("dnsmasq did not start")


def run() -> list[Result]:
    """Time both resolvers over the same 2,000 names and return the ratio."""
    executable = find_dnsmasq()
    if executable is None:
        print("dnsmasq not installed: the dns benchmark needs it")
        return [Result("lookup_hostname x2000 vs dnspython (no dnsmasq)", 1.0, 0.0, GOAL)]
    import dns.resolver

    import iolib
    import iolib.dns

    pairs = _names()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        hosts = workdir / "bench.hosts"
        hosts.write_text("".join(f"{address} {name}\n" for name, address in pairs))
        empty = workdir / "empty"
        empty.write_text("")
        saved = (iolib.dns.hosts_file, iolib.dns.resolv_conf_file)
        iolib.dns.hosts_file = iolib.dns.resolv_conf_file = str(empty)
        try:
            with _dnsmasq(executable, hosts, workdir) as port:
                ns = [("127.0.0.1", port)]
                resolver = dns.resolver.Resolver(configure=False)
                resolver.nameservers = ["127.0.0.1"]
                resolver.port = port
                resolver.cache = None
                resolver.lifetime = 5.0

                def ours() -> list[str]:
                    return [
                        str(iolib.lookup_hostname(n, ns=ns, timeout=5).address) for n, _ in pairs
                    ]

                def theirs() -> list[str]:
                    return [resolver.resolve(n, "A")[0].address for n, _ in pairs]

                expected = [str(ipaddress.ip_address(a)) for _, a in pairs]
                assert ours() == expected, "iolib's answers differ from the zone"
                assert theirs() == expected, "dnspython's answers differ from the zone"
                return [
                    compare(
                        f"lookup_hostname x{NAMES} vs dnspython Resolver",
                        ours,
                        theirs,
                        GOAL,
                        repeat=5,
                    )
                ]
        finally:
            iolib.dns.hosts_file, iolib.dns.resolv_conf_file = saved
