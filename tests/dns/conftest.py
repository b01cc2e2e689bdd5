"""DNS fixtures: the test nameserver, dnsmasq, and name files kept inside tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import iolib.dns
from tests.dns.dnsmasq import Dnsmasq, find_dnsmasq
from tests.dns.nameserver import Nameserver
from tests.dns.zonedata import dnsmasq_options, make_zone


@pytest.fixture(autouse=True)
def name_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    """Point every name file at an empty file in tmp_path; drop cached answers afterwards."""
    files = {}
    for attribute in ("hosts_file", "resolv_conf_file", "services_file", "protocols_file"):
        path = tmp_path / f"{attribute}.txt"
        path.write_text("")
        monkeypatch.setattr(iolib.dns, attribute, str(path))
        files[attribute] = path
    yield files
    iolib.dns.clear_cache()


@pytest.fixture
def nameserver() -> Iterator[Nameserver]:
    """A test nameserver on 127.0.0.1 serving the test zone."""
    with Nameserver(make_zone()) as server:
        yield server


def dnsmasq_executable() -> str:
    """Return dnsmasq's path; skip the test without it, or fail when IOLIB_REQUIRE_DNSMASQ=1."""
    path = find_dnsmasq()
    if path is None:
        if os.environ.get("IOLIB_REQUIRE_DNSMASQ") == "1":
            pytest.fail("dnsmasq is required (IOLIB_REQUIRE_DNSMASQ=1) but not installed")
        pytest.skip("dnsmasq is not installed")
    return path


@pytest.fixture
def dnsmasq() -> Iterator[Dnsmasq]:
    """dnsmasq on 127.0.0.1 serving the test zone."""
    with Dnsmasq(dnsmasq_executable(), dnsmasq_options()) as server:
        yield server


@pytest.fixture(params=["iolib", "dnsmasq"])
def dns_server(request: pytest.FixtureRequest) -> tuple[str, int]:
    """The address of a server of the test zone: the test nameserver, then dnsmasq."""
    server = request.getfixturevalue("nameserver" if request.param == "iolib" else "dnsmasq")
    address: tuple[str, int] = server.address
    return address


@pytest.fixture
def dnsmasq_executable_path() -> str:
    """The path of dnsmasq (skips or fails as dnsmasq_executable says)."""
    return dnsmasq_executable()
