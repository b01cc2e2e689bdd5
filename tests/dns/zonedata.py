"""The test zone, written once and served both by the test nameserver and by dnsmasq."""

from __future__ import annotations

from iolib.address import ensure_address
from iolib.dns._rdata import MX, SRV, RData
from tests.dns.nameserver import Zone

# (owner, type, data as text or a tuple of fields)
RECORDS: list[tuple[str, str, object]] = [
    ("host.test", "A", "192.0.2.1"),
    ("host.test", "A", "192.0.2.2"),
    ("dual.test", "A", "192.0.2.10"),
    ("dual.test", "AAAA", "2001:db8::10"),
    ("v6.test", "AAAA", "2001:db8::20"),
    ("www.corp.test", "A", "192.0.2.30"),
    ("www.lab.test", "A", "192.0.2.31"),
    ("alias.test", "CNAME", "host.test"),
    ("chain.test", "CNAME", "alias.test"),
    ("mx.test", "MX", (10, "mail.test")),
    ("txt.test", "TXT", ("hello", "world")),
    ("_sip._udp.srv.test", "SRV", (0, 5, 5060, "sip.test")),
    ("9.2.0.192.in-addr.arpa", "PTR", "ptr.test"),
    ("xn--bcher-kva.test", "A", "192.0.2.40"),  # bücher.test in IDNA A-labels
]
TTL = 300


def _rdata(rtype: str, data: object) -> RData:
    if rtype in ("A", "AAAA"):
        return ensure_address(str(data))
    if rtype == "MX":
        assert isinstance(data, tuple)
        return MX(*data)
    if rtype == "SRV":
        assert isinstance(data, tuple)
        return SRV(*data)
    if rtype == "TXT":
        assert isinstance(data, tuple)
        return tuple(s.encode() for s in data)
    return str(data)


def _reverse(address: str) -> str:
    return ensure_address(address).to_ipaddress().reverse_pointer


def make_zone() -> Zone:
    """Return the zone as the test nameserver serves it (PTRs for A/AAAA, as dnsmasq makes)."""
    zone = Zone(ttl=TTL)
    seen_ptr: set[str] = set()
    for owner, rtype, data in RECORDS:
        zone.add(owner, rtype, _rdata(rtype, data))
        if rtype in ("A", "AAAA"):
            ptr = _reverse(str(data))
            if ptr not in seen_ptr:
                seen_ptr.add(ptr)
                zone.add(ptr, "PTR", owner)
    return zone


def dnsmasq_options() -> list[str]:
    """Return the dnsmasq options that serve the same records."""
    options = []
    for owner, rtype, data in RECORDS:
        if rtype in ("A", "AAAA"):
            options.append(f"--host-record={owner},{data}")
        elif rtype == "CNAME":
            options.append(f"--cname={owner},{data}")
        elif rtype == "MX":
            assert isinstance(data, tuple)
            options.append(f"--mx-host={owner},{data[1]},{data[0]}")
        elif rtype == "TXT":
            assert isinstance(data, tuple)
            options.append(f"--txt-record={owner},{','.join(data)}")
        elif rtype == "SRV":
            assert isinstance(data, tuple)
            priority, weight, port, target = data
            options.append(f"--srv-host={owner},{target},{port},{priority},{weight}")
        elif rtype == "PTR":
            options.append(f"--ptr-record={owner},{data}")
    return options
