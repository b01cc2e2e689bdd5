"""IOLib's structural predicates, address_type, unicast_type and multicast_type."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iolib.address import IPv4Address, IPv6Address, ensure_address

# address -> expected address_type
TYPES = [
    ("0.0.0.0", ("ipv4", "unspecified")),
    ("127.0.0.1", ("ipv4", "loopback")),
    ("127.255.0.9", ("ipv4", "loopback")),
    ("224.0.0.1", ("ipv4", "multicast")),
    ("239.255.255.255", ("ipv4", "multicast")),
    ("240.0.0.1", ("ipv4", "unicast")),
    ("10.0.0.1", ("ipv4", "unicast")),
    ("::", ("ipv6", "unspecified")),
    ("::1", ("ipv6", "loopback")),
    ("fe80::1", ("ipv6", "unicast", "link-local")),
    ("febf::1", ("ipv6", "unicast", "link-local")),
    ("fec0::1", ("ipv6", "unicast", "site-local")),
    ("feff::1", ("ipv6", "unicast", "site-local")),
    ("2001:db8::1", ("ipv6", "unicast", "global")),
    ("::ffff:1.2.3.4", ("ipv6", "unicast", "global")),
    ("fc00::1", ("ipv6", "unicast", "global")),
    ("ff01::1", ("ipv6", "multicast", "interface-local")),
    ("ff02::1", ("ipv6", "multicast", "link-local")),
    ("ff04::1", ("ipv6", "multicast", "admin-local")),
    ("ff05::2", ("ipv6", "multicast", "site-local")),
    ("ff08::1", ("ipv6", "multicast", "organization-local")),
    ("ff0e::1", ("ipv6", "multicast", "global")),
    ("ff00::1", ("ipv6", "multicast", "reserved")),
    ("ff03::1", ("ipv6", "multicast", "reserved")),
    ("ff0f::1", ("ipv6", "multicast", "reserved")),
    ("ff06::1", ("ipv6", "multicast", "unassigned")),
    ("ff07::1", ("ipv6", "multicast", "unassigned")),
    ("ff09::1", ("ipv6", "multicast", "unassigned")),
    ("ff0d::1", ("ipv6", "multicast", "unassigned")),
    ("ff12::1", ("ipv6", "multicast", "link-local")),
]


@pytest.mark.parametrize(("text", "expected"), TYPES)
def test_address_type(text: str, expected: tuple[str, ...]) -> None:
    address = ensure_address(text)
    assert address.address_type == expected
    kind = expected[1]
    assert address.is_unspecified is (kind == "unspecified")
    assert address.is_loopback is (kind == "loopback")
    assert address.is_multicast is (kind == "multicast")
    assert address.is_unicast is (kind == "unicast")
    subtype = expected[2] if len(expected) == 3 else None
    assert address.unicast_type == (subtype if kind == "unicast" else None)
    assert address.multicast_type == (subtype if kind == "multicast" else None)


SCOPE_PREDICATES = {
    "interface-local": "is_interface_local_multicast",
    "link-local": "is_link_local_multicast",
    "admin-local": "is_admin_local_multicast",
    "site-local": "is_site_local_multicast",
    "organization-local": "is_organization_local_multicast",
    "global": "is_global_multicast",
    "reserved": "is_reserved_multicast",
    "unassigned": "is_unassigned_multicast",
}
UNICAST_PREDICATES = {
    "link-local": "is_link_local_unicast",
    "site-local": "is_site_local_unicast",
    "global": "is_global_unicast",
}


@pytest.mark.parametrize(("text", "expected"), [t for t in TYPES if t[0][0] != "0" and ":" in t[0]])
def test_ipv6_scope_predicates(text: str, expected: tuple[str, ...]) -> None:
    address = IPv6Address(text)
    subtype = expected[2] if len(expected) == 3 else None
    for scope, name in SCOPE_PREDICATES.items():
        assert getattr(address, name) is (expected[1] == "multicast" and subtype == scope), name
    for kind, name in UNICAST_PREDICATES.items():
        assert getattr(address, name) is (expected[1] == "unicast" and subtype == kind), name


@pytest.mark.parametrize(
    ("text", "transient"),
    [
        ("ff12::1", True),
        ("ff32::1", True),
        ("ff02::1", False),
        ("ff22::1", False),
        ("fe80::", False),
    ],
)
def test_transient(text: str, transient: bool) -> None:
    assert IPv6Address(text).is_transient_multicast is transient


@pytest.mark.parametrize(
    ("text", "solicited"),
    [
        ("ff02::1:ff00:0", True),
        ("ff02::1:ffab:cdef", True),
        ("ff02::1:fe00:0", False),
        ("ff02::2:ff00:0", False),
        ("ff05::1:ff00:1", False),
        ("ff02:0:0:0:1:1:ff00:1", False),
    ],
)
def test_solicited_node(text: str, solicited: bool) -> None:
    assert IPv6Address(text).is_solicited_node_multicast is solicited


@pytest.mark.parametrize(
    ("text", "mapped"),
    [("::ffff:1.2.3.4", True), ("::ffff:0:0", True), ("::fffe:1.2.3.4", False),
     ("1::ffff:1.2.3.4", False), ("::1.2.3.4", False)],
)  # fmt: skip
def test_ipv4_mapped(text: str, mapped: bool) -> None:
    assert IPv6Address(text).is_ipv4_mapped is mapped


def test_ipv4_has_no_scoped_types() -> None:
    assert IPv4Address("224.0.0.1").multicast_type is None
    assert IPv4Address("10.0.0.1").unicast_type is None


@given(st.integers(0, 2**32 - 1))
def test_ipv4_agrees_with_ipaddress(value: int) -> None:
    ours, theirs = IPv4Address(value), ipaddress.IPv4Address(value)
    assert ours.is_unspecified == theirs.is_unspecified
    assert ours.is_loopback == theirs.is_loopback
    assert ours.is_multicast == theirs.is_multicast
    assert ours.is_private == any(theirs in net for net in _RFC1918)


_RFC1918 = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


@given(st.integers(0, 2**128 - 1) | st.integers(0, 2**16 - 1).map(lambda w: (w << 112) | 1))
def test_ipv6_agrees_with_ipaddress(value: int) -> None:
    ours, theirs = IPv6Address(value), ipaddress.IPv6Address(value)
    assert ours.is_unspecified == theirs.is_unspecified
    assert ours.is_loopback == theirs.is_loopback
    assert ours.is_multicast == theirs.is_multicast
    assert ours.is_link_local_unicast == theirs.is_link_local
    assert ours.is_site_local_unicast == theirs.is_site_local
    assert ours.is_ipv4_mapped == (theirs.ipv4_mapped is not None)
    assert ours.is_private == (theirs in ipaddress.ip_network("fc00::/7"))
