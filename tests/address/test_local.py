"""LocalAddress: Unix-domain paths and abstract names."""

from __future__ import annotations

import pathlib

import pytest

from iolib.address import AddressParseError, LocalAddress


class TestLocalAddress:
    def test_path(self) -> None:
        address = LocalAddress("/tmp/sock")
        assert address.name == "/tmp/sock" and address.abstract is False
        assert str(address) == "/tmp/sock"
        assert repr(address) == "LocalAddress('/tmp/sock')"
        assert LocalAddress(pathlib.Path("/tmp/sock")) == address

    def test_abstract(self) -> None:
        address = LocalAddress("name", abstract=True)
        assert address.name == "name" and address.abstract is True
        assert str(address) == "@name"
        assert repr(address) == "LocalAddress('name', abstract=True)"
        assert LocalAddress("\0name") == address
        assert address != LocalAddress("name")

    @pytest.mark.parametrize(
        ("name", "abstract", "error"),
        [
            (b"/tmp/x", False, TypeError),
            (None, False, TypeError),
            ("/tmp/x", 1, TypeError),
            ("", False, AddressParseError),
            ("/tmp/\0x", False, AddressParseError),
        ],
    )
    def test_bad(self, name: object, abstract: object, error: type[Exception]) -> None:
        with pytest.raises(error):
            LocalAddress(name, abstract)  # type: ignore[arg-type]  # deliberately wrong

    def test_order_and_hash(self) -> None:
        a, b, c = LocalAddress("/a"), LocalAddress("/b"), LocalAddress("/a", abstract=True)
        assert a < b < c and a <= b <= c and c > b > a and c >= b >= a
        assert not (b < a) and not (b <= a) and not (a > b) and not (a >= b)
        assert len({a, b, c, LocalAddress("/a")}) == 3
