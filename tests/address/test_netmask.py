"""Netmask arithmetic: make_netmask, ensure_netmask, portions, membership, classes."""

from __future__ import annotations

import ipaddress

import pytest

from iolib.address import (
    AddressParseError,
    IPv4Address,
    IPv6Address,
    LocalAddress,
    Network,
    ensure_netmask,
    host_portion,
    in_network,
    in_same_network,
    is_private,
    make_netmask,
    network_class,
    network_portion,
)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"cidr": 0}, "0.0.0.0"),
        ({"cidr": 1}, "128.0.0.0"),
        ({"cidr": 22}, "255.255.252.0"),
        ({"cidr": 32}, "255.255.255.255"),
        ({"klass": "a"}, "255.0.0.0"),
        ({"klass": "b"}, "255.255.0.0"),
        ({"klass": "c"}, "255.255.255.0"),
        ({"cidr": 8, "klass": "c"}, "255.0.0.0"),
    ],
)
def test_make_netmask(kwargs: dict[str, object], expected: str) -> None:
    assert make_netmask(**kwargs) == IPv4Address(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"cidr": 33}, TypeError),
        ({"cidr": -1}, TypeError),
        ({"cidr": "8"}, TypeError),
        ({"cidr": True}, TypeError),
        ({"cidr": 8.0}, TypeError),
        ({"klass": "d"}, TypeError),
        ({"klass": "A"}, TypeError),
        ({"klass": 1}, TypeError),
        ({}, ValueError),
    ],
)
def test_make_netmask_bad(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        make_netmask(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("thing", "expected"),
    [
        (IPv4Address("255.255.0.0"), IPv4Address("255.255.0.0")),
        (IPv6Address("ffff::"), IPv6Address("ffff::")),
        (ipaddress.IPv4Address("255.0.0.0"), IPv4Address("255.0.0.0")),
        ("b", IPv4Address("255.255.0.0")),
        (24, IPv4Address("255.255.255.0")),
    ],
)
def test_ensure_netmask(thing: object, expected: object) -> None:
    assert ensure_netmask(thing) == expected


@pytest.mark.parametrize("thing", ["x", "255.0.0.0", 33, -1, None, 1.5, True, LocalAddress("/x")])
def test_ensure_netmask_bad(thing: object) -> None:
    with pytest.raises(TypeError):
        ensure_netmask(thing)


@pytest.mark.parametrize(
    ("address", "netmask", "network", "host"),
    [
        ("192.168.10.77", 22, "192.168.8.0", "0.0.2.77"),
        ("192.168.10.77", "c", "192.168.10.0", "0.0.0.77"),
        ("192.168.10.77", make_netmask(cidr=16), "192.168.0.0", "0.0.10.77"),
        ("10.1.2.3", 0, "0.0.0.0", "10.1.2.3"),
        ("10.1.2.3", 32, "10.1.2.3", "0.0.0.0"),
        ("2001:db8::1:2", 64, "2001:db8::", "::1:2"),
        ("2001:db8::1:2", IPv6Address("ffff:ffff::"), "2001:db8::", "::1:2"),
        ("fe80::1%eth0", 10, "fe80::%eth0", "::1%eth0"),
    ],
)
def test_portions(address: str, netmask: object, network: str, host: str) -> None:
    assert str(network_portion(address, netmask)) == network
    assert str(host_portion(address, netmask)) == host


@pytest.mark.parametrize(
    ("address", "netmask", "error"),
    [
        ("10.0.0.1", IPv6Address("ffff::"), TypeError),
        ("::1", IPv4Address("255.0.0.0"), TypeError),
        ("::1", "a", TypeError),
        ("::1", 129, TypeError),
        ("10.0.0.1", 33, TypeError),
        ("10.0.0.1", None, TypeError),
        ("bad", 8, AddressParseError),
    ],
)
def test_portions_bad(address: str, netmask: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        network_portion(address, netmask)
    with pytest.raises(error):
        host_portion(address, netmask)


def test_in_network() -> None:
    net, mask = IPv4Address("10.0.0.0"), make_netmask(cidr=8)
    assert in_network(IPv4Address("10.200.1.1"), net, mask)
    assert not in_network(IPv4Address("11.0.0.1"), net, mask)
    assert in_network("10.200.1.1", "10.9.9.9", 8)
    assert in_network("10.200.1.1", "10.0.0.0", "a")
    assert not in_network("10.200.1.1", "10.0.0.0", 16)
    assert in_network("2001:db8::5", "2001:db8::", 32)
    assert not in_network("2001:db9::5", "2001:db8::", 32)
    assert in_network("10.1.1.1", Network("10.0.0.0/8"))
    assert in_network("10.1.1.1", "10.0.0.0/8")
    assert in_network("10.1.1.1", ipaddress.ip_network("10.0.0.0/8"))
    assert not in_network("11.1.1.1", "10.0.0.0/8")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("::1", "10.0.0.0", 8), TypeError),
        (("::1", "10.0.0.0/8"), TypeError),
        (("10.0.0.1", "10.0.0.0", IPv6Address("ffff::")), TypeError),
        (("bad", "10.0.0.0", 8), AddressParseError),
        (("10.0.0.1", "bad", 8), AddressParseError),
        (("10.0.0.1", "10.0.0.0/40"), AddressParseError),
    ],
)
def test_in_network_bad(args: tuple[object, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        in_network(*args)


def test_in_same_network() -> None:
    assert in_same_network("10.1.1.1", "10.2.2.2", "10.0.0.0", 8)
    assert not in_same_network("10.1.1.1", "11.2.2.2", "10.0.0.0", 8)
    assert not in_same_network("11.1.1.1", "10.2.2.2", "10.0.0.0", 8)
    assert in_same_network("10.1.1.1", "10.2.2.2", "10.0.0.0/8")


@pytest.mark.parametrize(
    ("address", "klass"),
    [
        ("0.0.0.0", "a"),
        ("127.255.255.255", "a"),
        ("128.0.0.0", "b"),
        ("191.255.255.255", "b"),
        ("192.0.0.0", "c"),
        ("223.255.255.255", "c"),
        ("224.0.0.0", "d"),
        ("239.255.255.255", "d"),
        ("240.0.0.0", "e"),
        ("255.255.255.255", "e"),
    ],
)
def test_network_class(address: str, klass: str) -> None:
    assert network_class(address) == klass


def test_network_class_ipv6() -> None:
    with pytest.raises(TypeError):
        network_class("::1")


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("10.0.0.0", True),
        ("10.255.255.255", True),
        ("11.0.0.0", False),
        ("172.16.0.0", True),
        ("172.31.255.255", True),
        ("172.15.255.255", False),
        ("172.32.0.0", False),
        ("192.168.0.1", True),
        ("192.169.0.1", False),
        ("127.0.0.1", False),
        ("fc00::", True),
        ("fdff:ffff::1", True),
        ("fe00::", False),
        ("fbff::", False),
        ("::1", False),
    ],
)
def test_is_private(address: str, private: bool) -> None:
    assert is_private(address) is private
    assert is_private(IPv4Address(address) if "." in address else IPv6Address(address)) is private


def test_is_private_local_and_bad() -> None:
    assert is_private(LocalAddress("/x")) is False
    with pytest.raises(AddressParseError):
        is_private("bad")
