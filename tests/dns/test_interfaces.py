"""Network interfaces: listing, lookup by name or index, and the errors."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from iolib.address import ensure_address
from iolib.dns import (
    Interface,
    UnknownInterface,
    list_network_interfaces,
    lookup_interface,
    make_interface,
)


def loopback() -> Interface:
    found = [i for i in list_network_interfaces() if "loopback" in i.flags]
    if not found:
        pytest.skip("no loopback interface reported")
    return found[0]


def test_list_matches_the_os() -> None:
    listed = list_network_interfaces()
    assert {(i.index, i.name) for i in listed} == set(socket.if_nameindex())
    assert [i.index for i in listed] == sorted(i.index for i in listed)


def test_interface_unpacks_as_name_and_index() -> None:
    name, index = make_interface("lo", 1)
    assert (name, index) == ("lo", 1)


def test_lookup_by_name_index_and_decimal_text() -> None:
    lo = loopback()
    assert lookup_interface(lo.name) == lo
    assert lookup_interface(lo.index) == lo
    assert lookup_interface(str(lo.index)) == lo


def test_loopback_addresses_and_flags() -> None:
    lo = loopback()
    assert ensure_address("127.0.0.1") in lo.addresses
    assert {"up", "loopback"} <= lo.flags


def test_unknown_name_has_no_addresses_or_flags() -> None:
    ghost = make_interface("nosuchif0", 999)
    assert ghost.addresses == []
    assert ghost.flags == frozenset()


@pytest.mark.parametrize(
    "bad", ["", "no-such-interface", "a\0b", 2**31 - 1, 2**70, "x" * 40, "99999999"]
)
def test_unknown_interface(bad: int | str) -> None:
    with pytest.raises(UnknownInterface) as info:
        lookup_interface(bad)
    assert info.value.datum == bad


@pytest.mark.parametrize("bad", [-1, True, None, 1.0, b"lo", ["lo"]])
def test_type_errors(bad: object) -> None:
    with pytest.raises(TypeError):
        lookup_interface(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "index"), [(1, 1), ("lo", -1), ("lo", "1"), ("lo", False)])
def test_make_interface_type_errors(name: object, index: object) -> None:
    with pytest.raises(TypeError):
        make_interface(name, index)  # type: ignore[arg-type]


def test_name_too_long_for_ifreq_has_no_flags() -> None:
    assert make_interface("x" * 20, 5).flags == frozenset()


def test_os_refusing_the_list_gives_an_empty_list(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> list[tuple[int, str]]:
        raise OSError("no interfaces here")

    monkeypatch.setattr(socket, "if_nameindex", refuse)
    assert list_network_interfaces() == []


def test_malformed_if_inet6_lines_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import iolib.dns._interfaces as interfaces

    table = tmp_path / "if_inet6"
    table.write_text(
        "zz000000000000000000000000000001 01 80 10 80 lo\n"
        "short 01 80 10 80 lo\n"
        "00000000000000000000000000000001 01 80 10 80 lo\n"
    )
    monkeypatch.setattr(interfaces, "IF_INET6", str(table))
    assert interfaces._ipv6_addresses("lo") == [ensure_address("::1")]
