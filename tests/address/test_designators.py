"""Designators: make_address, ensure_address and the functions built on them."""

from __future__ import annotations

import ipaddress
import pathlib

import pytest

from iolib.address import (
    AddressParseError,
    IPv4Address,
    IPv6Address,
    LocalAddress,
    address_equal,
    address_equal_p,
    address_to_string,
    address_to_vector,
    address_type_of,
    copy_address,
    ensure_address,
    is_address,
    make_address,
    string_address_to_vector,
)


class TestMakeAddress:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ((127, 0, 0, 1), IPv4Address("127.0.0.1")),
            ([127, 0, 0, 1], IPv4Address("127.0.0.1")),
            (b"\x7f\0\0\1", IPv4Address("127.0.0.1")),
            ((0, 0, 0, 0, 0, 0, 0, 1), IPv6Address("::1")),
            (b"\0" * 15 + b"\1", IPv6Address("::1")),
            ("/tmp/sock", LocalAddress("/tmp/sock")),
        ],
    )
    def test_good(self, name: object, expected: object) -> None:
        assert make_address(name) == expected

    @pytest.mark.parametrize(
        "name",
        [
            1,
            None,
            1.5,
            (1, 2, 3),
            (256, 0, 0, 0),
            (0,) * 16,
            b"\0" * 8,
            IPv4Address(1),
            ipaddress.IPv4Address(1),
            (0, 0, 0, 0, 0, 0, 0, 65536),
        ],
    )
    def test_bad(self, name: object) -> None:
        with pytest.raises(TypeError):
            make_address(name)


class TestEnsureAddress:
    @pytest.mark.parametrize(
        ("designator", "expected"),
        [
            ("10.1.2.3", IPv4Address("10.1.2.3")),
            ("::1", IPv6Address("::1")),
            ("fe80::1%eth0", IPv6Address("fe80::1", "eth0")),
            ("::ffff:1.2.3.4", IPv6Address((0, 0, 0, 0, 0, 0xFFFF, 0x102, 0x304))),
            (0, IPv4Address("0.0.0.0")),
            (2**32 - 1, IPv4Address("255.255.255.255")),
            (2**32, IPv6Address("::1:0:0")),
            (2**128 - 1, IPv6Address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")),
            ((1, 2, 3, 4), IPv4Address("1.2.3.4")),
            ([0, 0, 0, 0, 0, 0, 0, 1], IPv6Address("::1")),
            (b"\1\2\3\4", IPv4Address("1.2.3.4")),
            (bytearray(16), IPv6Address("::")),
            (ipaddress.IPv4Address("1.2.3.4"), IPv4Address("1.2.3.4")),
            (ipaddress.IPv6Address("fe80::1%lo"), IPv6Address("fe80::1%lo")),
            (ipaddress.IPv4Interface("1.2.3.4/8"), IPv4Address("1.2.3.4")),
        ],
    )
    def test_internet(self, designator: object, expected: object) -> None:
        assert ensure_address(designator) == expected
        assert ensure_address(designator, "internet", errorp=False) == expected

    def test_str_subclass(self) -> None:
        class Text(str):
            pass

        assert ensure_address(Text("1.2.3.4")) == IPv4Address("1.2.3.4")
        assert ensure_address(Text("::1%lo")) == IPv6Address("::1%lo")

    def test_address_returned_unchanged(self) -> None:
        for address in (IPv4Address(1), IPv6Address(1)):
            assert ensure_address(address) is address
        local = LocalAddress("/x")
        assert ensure_address(local, "local") is local

    @pytest.mark.parametrize(
        "designator",
        [
            "",
            "1.2.3",
            "::1::",
            "localhost",
            "fe80::1%",
            -1,
            2**128,
            2**200,
            b"\1\2\3",
            b"",
            (1, 2, 3),
            (256, 0, 0, 0),
            (1, 2, 3, "4"),
            None,
            1.5,
            True,
            object(),
            {"a": 1},
            ipaddress.IPv4Network("10.0.0.0/8"),
        ],
    )
    def test_bad_internet(self, designator: object) -> None:
        with pytest.raises(AddressParseError):
            ensure_address(designator)
        assert ensure_address(designator, errorp=False) is None

    @pytest.mark.parametrize("designator", [None, 1.5, True, object(), (1.0, 2, 3, 4)])
    def test_wrong_types_are_also_type_errors(self, designator: object) -> None:
        with pytest.raises(TypeError):
            ensure_address(designator)

    def test_wrong_family(self) -> None:
        with pytest.raises(TypeError):
            ensure_address(LocalAddress("/x"))
        with pytest.raises(TypeError):
            ensure_address(IPv4Address(1), "local")
        assert ensure_address(LocalAddress("/x"), errorp=False) is None
        assert ensure_address(IPv4Address(1), "local", errorp=False) is None

    def test_local(self) -> None:
        assert ensure_address("/tmp/s", "local") == LocalAddress("/tmp/s")
        assert ensure_address(pathlib.Path("/tmp/s"), "local") == LocalAddress("/tmp/s")
        assert ensure_address("n", "local", abstract=True) == LocalAddress("n", abstract=True)
        with pytest.raises(AddressParseError):
            ensure_address("", "local")
        with pytest.raises(TypeError):
            ensure_address(5, "local")
        assert ensure_address("", "local", errorp=False) is None
        assert ensure_address(5, "local", errorp=False) is None

    def test_unknown_family(self) -> None:
        with pytest.raises(TypeError):
            ensure_address("1.2.3.4", "inet6")


def test_copy_address() -> None:
    for address in (IPv4Address(1), IPv6Address("fe80::1%2"), LocalAddress("x", abstract=True)):
        copied = copy_address(address)
        assert copied == address and copied is not address
    with pytest.raises(TypeError):
        copy_address("1.2.3.4")  # type: ignore[arg-type]  # not an Address


def test_address_to_string() -> None:
    assert address_to_string(IPv6Address("2001:DB8::1")) == "2001:db8::1"
    assert address_to_string("::0:1") == "::1"
    assert address_to_string(LocalAddress("/x")) == "/x"
    with pytest.raises(AddressParseError):
        address_to_string("nope")


@pytest.mark.parametrize(
    ("thing", "expected"),
    [
        ("1.2.3.4", ((1, 2, 3, 4), "ipv4")),
        (0x01020304, ((1, 2, 3, 4), "ipv4")),
        ("::1", ((0, 0, 0, 0, 0, 0, 0, 1), "ipv6")),
        (IPv6Address("fe80::1%lo"), ((0xFE80, 0, 0, 0, 0, 0, 0, 1), "ipv6")),
        ("nope", None),
        (None, None),
        (LocalAddress("/x"), None),
        (-1, None),
    ],
)
def test_address_to_vector(thing: object, expected: object) -> None:
    assert address_to_vector(thing) == expected


def test_string_address_to_vector() -> None:
    assert string_address_to_vector("1.2.3.4") == (1, 2, 3, 4)
    assert string_address_to_vector("::1") == (0, 0, 0, 0, 0, 0, 0, 1)
    assert string_address_to_vector("1.2.3") is None
    assert string_address_to_vector(":ff::ff:") is None
    assert string_address_to_vector("fe80::1%eth0") is None
    with pytest.raises(TypeError):
        string_address_to_vector(16909060)  # type: ignore[arg-type]  # not a str


def test_is_address() -> None:
    assert is_address(IPv4Address(1)) and is_address(LocalAddress("/x"))
    assert not is_address("1.2.3.4") and not is_address(ipaddress.IPv4Address(1))


def test_address_equal() -> None:
    assert address_equal(IPv4Address("1.2.3.4"), IPv4Address((1, 2, 3, 4)))
    assert not address_equal(IPv4Address(1), IPv6Address(1))
    with pytest.raises(TypeError):
        address_equal("1.2.3.4", IPv4Address(1))  # type: ignore[arg-type]  # not an Address
    with pytest.raises(TypeError):
        address_equal(IPv4Address(1), 1)  # type: ignore[arg-type]  # not an Address


def test_address_equal_p() -> None:
    assert address_equal_p("1.2.3.4", (1, 2, 3, 4))
    assert address_equal_p("::1", 1) is False
    assert address_equal_p("::1", IPv6Address(1))
    assert address_equal_p("/x", LocalAddress("/x"), "local")
    with pytest.raises(AddressParseError):
        address_equal_p("bad", "1.2.3.4")


@pytest.mark.parametrize(
    ("thing", "expected"),
    [
        (IPv4Address(1), "ipv4"),
        (IPv6Address(1), "ipv6"),
        (LocalAddress("/x"), "local"),
        (ipaddress.IPv4Address(1), "ipv4"),
        (ipaddress.IPv6Address(1), "ipv6"),
        ("1.2.3.4", None),
        (None, None),
    ],
)
def test_address_type_of(thing: object, expected: str | None) -> None:
    assert address_type_of(thing) == expected


def test_subclasses_and_odd_designators() -> None:
    class Mine(IPv4Address):
        __slots__ = ()

    mine = Mine("1.2.3.4")
    assert ensure_address(mine) is mine
    assert mine == IPv4Address("1.2.3.4")

    class Text(str):
        pass

    assert IPv4Address(Text("1.2.3.4")) == IPv4Address("1.2.3.4")


def test_stdlib_zone_we_cannot_use() -> None:
    with pytest.raises(AddressParseError):
        ensure_address(ipaddress.IPv6Address("fe80::1%\t"))
    assert ensure_address(ipaddress.IPv6Address("fe80::1%a b"), errorp=False) is None
