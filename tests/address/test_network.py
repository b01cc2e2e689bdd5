"""The Network prefix type."""

from __future__ import annotations

import copy
import ipaddress
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iolib.address import AddressParseError, IPv4Address, IPv6Address, Network


def test_from_text() -> None:
    net = Network("10.0.0.0/8")
    assert net.address == IPv4Address("10.0.0.0")
    assert net.prefixlen == 8 and net.version == 4
    assert net.netmask == IPv4Address("255.0.0.0")
    assert net.hostmask == IPv4Address("0.255.255.255")
    assert net.broadcast == IPv4Address("10.255.255.255")
    assert net.last_address == IPv4Address("10.255.255.255")
    assert net.num_addresses == 2**24
    assert str(net) == "10.0.0.0/8"
    assert repr(net) == "Network('10.0.0.0/8')"
    assert net.to_ipaddress() == ipaddress.ip_network("10.0.0.0/8")


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (("10.0.0.0", 8), {}, "10.0.0.0/8"),
        ((IPv4Address("10.0.0.0"), 8), {}, "10.0.0.0/8"),
        (("10.1.2.3/8",), {"strict": False}, "10.0.0.0/8"),
        (("10.1.2.3", 8), {"strict": False}, "10.0.0.0/8"),
        (("10.0.0.0/255.0.0.0",), {}, "10.0.0.0/8"),
        (("10.0.0.1",), {}, "10.0.0.1/32"),
        (("2001:db8::/32",), {}, "2001:db8::/32"),
        (("fe80::1%eth0/64",), {"strict": False}, "fe80::/64"),
        (("::1",), {}, "::1/128"),
        ((ipaddress.ip_network("192.168.0.0/16"),), {}, "192.168.0.0/16"),
        ((Network("192.168.0.0/16"),), {}, "192.168.0.0/16"),
        ((IPv6Address("2001:db8::"), 32), {}, "2001:db8::/32"),
    ],
)
def test_constructors(args: tuple[object, ...], kwargs: dict[str, bool], expected: str) -> None:
    assert str(Network(*args, **kwargs)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("10.0.0.1/8",), AddressParseError),
        (("10.0.0.0", 8 + 25), TypeError),
        (("10.0.0.0", "8"), TypeError),
        (("10.0.0.0/8", 8), TypeError),
        (("10.0.0.0/33",), AddressParseError),
        (("10.0.0.0/",), AddressParseError),
        (("10.0.0.0/08a",), AddressParseError),
        (("10.0.0.0/255.0.255.0",), AddressParseError),
        (("10.0.0.0/255.0.0",), AddressParseError),
        (("::/ffff::",), AddressParseError),
        (("::/129",), AddressParseError),
        (("bad/8",), AddressParseError),
        ((None,), AddressParseError),
        ((1.5, 8), TypeError),
    ],
)
def test_bad_constructors(args: tuple[object, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        Network(*args)  # type: ignore[arg-type]


def test_ipv6_has_no_broadcast() -> None:
    net = Network("2001:db8::/126")
    assert net.broadcast is None
    assert net.netmask == IPv6Address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffc")
    assert list(net.hosts()) == [IPv6Address(f"2001:db8::{i}") for i in (1, 2, 3)]
    assert net.first_host == IPv6Address("2001:db8::1")
    assert net.last_host == IPv6Address("2001:db8::3")


def test_contains() -> None:
    net = Network("10.0.0.0/8")
    assert IPv4Address("10.1.2.3") in net
    assert IPv4Address("11.1.2.3") not in net
    assert "10.1.2.3" in net
    assert IPv6Address("::ffff:10.1.2.3") not in net
    assert Network("10.1.0.0/16") in net
    assert Network("10.0.0.0/7", strict=False) not in net
    assert Network("::/0") not in net
    assert "2001:db8::1" in Network("2001:db8::/32")
    assert IPv4Address("10.0.0.1") not in Network("::/0")
    with pytest.raises(AddressParseError):
        _ = "bad" in net


def test_hosts() -> None:
    assert list(Network("10.0.0.0/30").hosts()) == [
        IPv4Address("10.0.0.1"),
        IPv4Address("10.0.0.2"),
    ]
    assert list(Network("10.0.0.0/31").hosts()) == [
        IPv4Address("10.0.0.0"),
        IPv4Address("10.0.0.1"),
    ]
    assert list(Network("10.0.0.7/32").hosts()) == [IPv4Address("10.0.0.7")]
    big = Network("10.0.0.0/8").hosts()
    assert next(big) == IPv4Address("10.0.0.1")


def test_subnets_and_supernet() -> None:
    net = Network("10.0.0.0/8")
    assert list(net.subnets())[1] == Network("10.128.0.0/9")
    assert [str(n) for n in Network("10.0.0.0/24").subnets(26)] == [
        "10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26",
    ]  # fmt: skip
    assert list(net.subnets(8)) == [net]
    assert net.supernet() == Network("10.0.0.0/7", strict=False)
    assert net.supernet(0) == Network("0.0.0.0/0")
    assert Network("2001:db8::/32").supernet(16) == Network("2001::/16")
    for bad in (7, 33):
        with pytest.raises(ValueError):
            net.subnets(bad)
    with pytest.raises(ValueError):
        net.supernet(9)
    with pytest.raises(ValueError):
        Network("0.0.0.0/0").supernet()
    with pytest.raises(TypeError):
        net.subnets("9")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        net.supernet(7.0)  # type: ignore[arg-type]


def test_overlaps() -> None:
    net = Network("10.0.0.0/8")
    assert net.overlaps(Network("10.1.0.0/16"))
    assert net.overlaps("0.0.0.0/0")
    assert not net.overlaps("11.0.0.0/8")
    assert not net.overlaps("::/0")


def test_equality_order_hash() -> None:
    a, b, c = Network("10.0.0.0/8"), Network("10.0.0.0/16"), Network("11.0.0.0/8")
    assert a == Network("10.0.0.0", 8)
    assert a != b
    assert a != "10.0.0.0/8"
    assert a < b < c and a <= b <= c and c > b > a and c >= b >= a
    assert len({a, b, c, Network("10.0.0.0/8")}) == 3
    v6 = Network("::/0")
    for op in ("__lt__", "__le__", "__gt__", "__ge__"):
        assert getattr(a, op)(v6) is NotImplemented
    with pytest.raises(TypeError):
        _ = a < v6


def test_immutable_pickle_copy() -> None:
    net = Network("2001:db8::/32")
    with pytest.raises(AttributeError):
        net.prefixlen = 3  # type: ignore[misc]  # read-only on purpose
    with pytest.raises(AttributeError):
        del net.prefixlen  # type: ignore[misc]  # read-only on purpose
    assert pickle.loads(pickle.dumps(net)) == net
    assert copy.copy(net) is net and copy.deepcopy(net) is net


@given(st.integers(0, 2**32 - 1), st.integers(0, 32))
def test_ipv4_agrees_with_ipaddress(value: int, prefixlen: int) -> None:
    ours = Network(IPv4Address(value), prefixlen, strict=False)
    theirs = ipaddress.IPv4Network((value, prefixlen), strict=False)
    assert str(ours) == str(theirs)
    assert str(ours.netmask) == str(theirs.netmask)
    assert str(ours.broadcast) == str(theirs.broadcast_address)
    assert ours.num_addresses == theirs.num_addresses
    assert str(ours.first_host) == str(next(iter(theirs.hosts())))
    if prefixlen >= 24:
        assert [str(h) for h in ours.hosts()] == [str(h) for h in theirs.hosts()]
        assert str(ours.last_host) == str(list(theirs.hosts())[-1])
    probe = IPv4Address(value ^ 0x00010000)
    assert (probe in ours) == (probe.to_ipaddress() in theirs)


@given(st.integers(0, 2**128 - 1), st.integers(0, 128))
def test_ipv6_agrees_with_ipaddress(value: int, prefixlen: int) -> None:
    ours = Network(IPv6Address(value), prefixlen, strict=False)
    theirs = ipaddress.IPv6Network((value, prefixlen), strict=False)
    assert ours.to_ipaddress() == theirs
    assert int(ours.netmask) == int(theirs.netmask)
    if prefixlen >= 120:
        assert [int(h) for h in ours.hosts()] == [int(h) for h in theirs.hosts()]
    assert ours.num_addresses == theirs.num_addresses
    assert int(ours.first_host) == int(next(iter(theirs.hosts())))
    if prefixlen >= 2:
        sub = Network(IPv6Address(value), prefixlen - 2, strict=False)
        assert ours.overlaps(sub) == theirs.overlaps(sub.to_ipaddress())
        assert sub.supernet(0).to_ipaddress() == theirs.supernet(new_prefix=0)
