"""The hosts file parser."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from iolib.address import ensure_address
from iolib.dns._hosts import HostEntry, parse_hosts

SAMPLE = """\
# comment line
127.0.0.1   localhost loopback
::1         localhost ip6-localhost   # trailing comment
192.0.2.5   Web.Example.   www
not-an-ip   ignored
192.0.2.6
fe80::1%lo  linklocal
192.0.2.5   second
"""


def test_entries_in_order() -> None:
    table = parse_hosts(SAMPLE)
    assert [e.name for e in table.entries] == [
        "localhost",
        "localhost",
        "Web.Example",
        "linklocal",
        "second",
    ]
    assert table.entries[0] == HostEntry(ensure_address("127.0.0.1"), "localhost", ("loopback",))


def test_find_name_is_case_insensitive_and_ignores_trailing_dot() -> None:
    table = parse_hosts(SAMPLE)
    assert [e.address.version for e in table.find_name("LOCALHOST")] == [4, 6]
    assert table.find_name("web.example")[0].name == "Web.Example"
    assert table.find_name("www.")[0].address == ensure_address("192.0.2.5")
    assert table.find_name("nowhere") == []


def test_find_address_returns_first_line() -> None:
    table = parse_hosts(SAMPLE)
    entry = table.find_address(ensure_address("192.0.2.5"))
    assert entry is not None
    assert entry.names == ("Web.Example", "www")
    assert table.find_address(ensure_address("192.0.2.200")) is None


def test_scoped_address_is_kept() -> None:
    table = parse_hosts(SAMPLE)
    assert str(table.find_name("linklocal")[0].address) == "fe80::1%lo"


def test_empty() -> None:
    assert parse_hosts("").entries == ()


@settings(deadline=None)  # a loaded machine must not fail a property
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    table = parse_hosts(text)
    assert all(e.name for e in table.entries)


def test_line_with_an_empty_name_is_skipped() -> None:
    assert parse_hosts("192.0.2.1 good .\n192.0.2.2 fine\n").find_name("good") == []
