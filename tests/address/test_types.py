"""The address classes: construction, accessors, equality, order, immutability."""

from __future__ import annotations

import copy
import ipaddress
import pickle

import pytest

from iolib.address import (
    Address,
    AddressParseError,
    InetAddress,
    IPv4Address,
    IPv6Address,
    LocalAddress,
)


class TestIPv4Address:
    @pytest.mark.parametrize(
        "name",
        [
            (192, 168, 1, 2),
            [192, 168, 1, 2],
            b"\xc0\xa8\x01\x02",
            bytearray(b"\xc0\xa8\x01\x02"),
            0xC0A80102,
            "192.168.1.2",
            ipaddress.IPv4Address("192.168.1.2"),
            IPv4Address("192.168.1.2"),
        ],
    )
    def test_designators(self, name: object) -> None:
        address = IPv4Address(name)  # type: ignore[arg-type]  # every designator kind
        assert address.name == (192, 168, 1, 2)
        assert address.packed == b"\xc0\xa8\x01\x02"
        assert int(address) == 0xC0A80102
        assert address.version == 4
        assert str(address) == "192.168.1.2"
        assert repr(address) == "IPv4Address('192.168.1.2')"
        assert address.to_ipaddress() == ipaddress.IPv4Address("192.168.1.2")

    @pytest.mark.parametrize(
        "name",
        [
            -1,
            2**32,
            (256, 0, 0, 0),
            (1, 2, 3),
            (1, 2, 3, 4, 5),
            (1, 2, 3, -1),
            (1.0, 2, 3, 4),
            b"\1\2\3",
            None,
            1.5,
            True,
            (True, 0, 0, 0),
            object(),
            ipaddress.IPv6Address("::1"),
        ],
    )
    def test_bad_types_and_ranges(self, name: object) -> None:
        with pytest.raises(TypeError):
            IPv4Address(name)  # type: ignore[arg-type]  # deliberately wrong

    @pytest.mark.parametrize("text", ["1.2.3", "::1", "01.2.3.4", ""])
    def test_bad_text(self, text: str) -> None:
        with pytest.raises(AddressParseError):
            IPv4Address(text)

    def test_order_and_hash(self) -> None:
        low, high = IPv4Address("1.2.3.4"), IPv4Address("10.0.0.1")
        assert low < high and low <= high and high > low and high >= low
        assert not (low > high) and not (low >= high)
        assert sorted([high, low]) == [low, high]
        assert hash(IPv4Address("1.2.3.4")) == hash(low)
        assert len({low, IPv4Address((1, 2, 3, 4)), high}) == 2


class TestIPv6Address:
    @pytest.mark.parametrize(
        "name",
        [
            (0x2001, 0xDB8, 0, 0, 0, 0, 0, 1),
            [0x2001, 0xDB8, 0, 0, 0, 0, 0, 1],
            bytes.fromhex("20010db8000000000000000000000001"),
            0x20010DB8000000000000000000000001,
            "2001:db8::1",
            "2001:0DB8:0:0::1",
            ipaddress.IPv6Address("2001:db8::1"),
            IPv6Address("2001:db8::1"),
        ],
    )
    def test_designators(self, name: object) -> None:
        address = IPv6Address(name)  # type: ignore[arg-type]  # every designator kind
        assert address.name == (0x2001, 0xDB8, 0, 0, 0, 0, 0, 1)
        assert address.packed == bytes.fromhex("20010db8000000000000000000000001")
        assert int(address) == 0x20010DB8000000000000000000000001
        assert address.version == 6
        assert address.scope_id is None
        assert str(address) == "2001:db8::1"
        assert repr(address) == "IPv6Address('2001:db8::1')"
        assert address.to_ipaddress() == ipaddress.IPv6Address("2001:db8::1")

    def test_scope_from_text_and_argument(self) -> None:
        assert IPv6Address("fe80::1%eth0").scope_id == "eth0"
        assert IPv6Address("fe80::1", "eth0") == IPv6Address("fe80::1%eth0")
        assert IPv6Address("fe80::1%eth0", scope_id="eth0").scope_id == "eth0"
        assert IPv6Address("fe80::1", 3).scope_id == "3"
        assert IPv6Address("fe80::1", 0).scope_id is None
        assert IPv6Address(ipaddress.IPv6Address("fe80::1%lo")).scope_id == "lo"
        scoped = IPv6Address("fe80::1%eth0")
        assert str(scoped) == "fe80::1%eth0"
        assert scoped.to_ipaddress() == ipaddress.IPv6Address("fe80::1%eth0")
        assert scoped != IPv6Address("fe80::1")
        assert IPv6Address(scoped).scope_id == "eth0"
        assert IPv6Address("fe80::1%eth0", 2).scope_id == "2"
        assert IPv6Address("fe80::1%eth0", 0).scope_id == "eth0"

    @pytest.mark.parametrize(
        ("name", "scope", "error"),
        [
            ("fe80::1", "", AddressParseError),
            ("fe80::1", "a%b", AddressParseError),
            ("fe80::1", -1, TypeError),
            ("fe80::1", 2**32, TypeError),
            ("fe80::1", 1.0, TypeError),
            ("fe80::1", True, TypeError),
        ],
    )
    def test_bad_scope(self, name: str, scope: object, error: type[Exception]) -> None:
        with pytest.raises(error):
            IPv6Address(name, scope)  # type: ignore[arg-type]  # deliberately wrong

    @pytest.mark.parametrize(
        "name",
        [
            -1,
            2**128,
            (1, 2, 3, 4, 5, 6, 7),
            (0x10000, 0, 0, 0, 0, 0, 0, 0),
            b"\0" * 15,
            None,
            1.5,
            (0, 0, 0, 0, 0, 0, 0, "1"),
            ipaddress.IPv4Address("1.2.3.4"),
        ],
    )
    def test_bad_types_and_ranges(self, name: object) -> None:
        with pytest.raises(TypeError):
            IPv6Address(name)  # type: ignore[arg-type]  # deliberately wrong

    @pytest.mark.parametrize("text", ["1.2.3.4", ":::", "fe80::1%", "1::2::3"])
    def test_bad_text(self, text: str) -> None:
        with pytest.raises(AddressParseError):
            IPv6Address(text)

    def test_order_and_hash(self) -> None:
        a, b, c = IPv6Address("::1"), IPv6Address("::1%lo"), IPv6Address("::2")
        assert a < b < c and a <= b <= c and c > b > a and c >= b >= a
        assert not (c < a) and not (c <= a) and not (a > c) and not (a >= c)
        assert len({a, b, c, IPv6Address(1)}) == 3


@pytest.mark.parametrize("cls", [Address, InetAddress])
def test_abstract_classes_refuse_instances(cls: type) -> None:
    with pytest.raises(TypeError):
        cls()


ALL = [
    IPv4Address("1.2.3.4"),
    IPv6Address("fe80::1%eth0"),
    IPv6Address("::1"),
    LocalAddress("/tmp/s"),
    LocalAddress("x", abstract=True),
]


@pytest.mark.parametrize("address", ALL, ids=str)
def test_immutable(address: Address) -> None:
    with pytest.raises(AttributeError):
        address.name = "x"  # type: ignore[misc]  # read-only on purpose
    with pytest.raises(AttributeError):
        address.other = 1  # type: ignore[attr-defined]  # no such attribute
    with pytest.raises(AttributeError):
        del address.name  # type: ignore[misc]  # read-only on purpose
    with pytest.raises(AttributeError):
        object.__getattribute__(address, "__dict__")


@pytest.mark.parametrize("address", ALL, ids=str)
def test_pickle_and_copy(address: Address) -> None:
    assert pickle.loads(pickle.dumps(address)) == address
    assert copy.copy(address) is address
    assert copy.deepcopy(address) is address


def test_families_never_equal_and_not_ordered() -> None:
    v4, v6, local = IPv4Address(1), IPv6Address(1), LocalAddress("/x")
    assert v4 != v6
    assert v6 != local
    assert local != v4
    for other in (1, "0.0.0.1", ipaddress.IPv4Address(1)):
        assert v4 != other
    for left, right in [(v4, v6), (v6, local), (local, v4)]:
        with pytest.raises(TypeError):
            _ = left < right  # type: ignore[operator]  # cross-family on purpose
        with pytest.raises(TypeError):
            _ = left <= right  # type: ignore[operator]  # cross-family on purpose
        with pytest.raises(TypeError):
            _ = left > right  # type: ignore[operator]  # cross-family on purpose
        with pytest.raises(TypeError):
            _ = left >= right  # type: ignore[operator]  # cross-family on purpose


def test_format_specs_apply_to_the_text() -> None:
    assert f"{IPv4Address('1.2.3.4'):>9}|{IPv6Address('::1'):<4}|" == "  1.2.3.4|::1 |"
    assert f"{LocalAddress('/x')}" == "/x"
