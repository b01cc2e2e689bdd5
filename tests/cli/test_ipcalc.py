"""``iolib ipcalc``: in-process through main() and through the real executable."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from iolib._cli import main
from iolib._cli.cmd_ipcalc import describe, kind_of
from iolib.address import ensure_address

IPV4_TEXT = """\
address:    192.168.10.77
network:    192.168.8.0/22
prefixlen:  22
netmask:    255.255.252.0
host:       0.0.2.77
broadcast:  192.168.11.255
first_host: 192.168.8.1
last_host:  192.168.11.254
hosts:      1022
class:      c
kind:       private
"""


def test_ipv4_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ipcalc", "192.168.10.77/22"]) == 0
    assert capsys.readouterr().out == IPV4_TEXT


def test_ipv4_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ipcalc", "--json", "10.1.2.3/255.255.0.0"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "address": "10.1.2.3",
        "network": "10.1.0.0/16",
        "prefixlen": 16,
        "netmask": "255.255.0.0",
        "host": "0.0.2.3",
        "broadcast": "10.1.255.255",
        "first_host": "10.1.0.1",
        "last_host": "10.1.255.254",
        "hosts": 65534,
        "class": "a",
        "kind": "private",
    }


def test_ipv6_json_has_no_broadcast_or_class(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ipcalc", "fe80::1:2%eth0/64", "--json"]) == 0
    fields = json.loads(capsys.readouterr().out)
    assert fields == {
        "address": "fe80::1:2%eth0",
        "network": "fe80::/64",
        "prefixlen": 64,
        "netmask": "ffff:ffff:ffff:ffff::",
        "host": "::1:2",
        "first_host": "fe80::1",
        "last_host": "fe80::ffff:ffff:ffff:ffff",
        "hosts": 2**64 - 1,
        "kind": "link-local unicast",
    }


@pytest.mark.parametrize(
    ("text", "prefixlen", "hosts", "first", "last"),
    [
        ("10.0.0.1", 32, 1, "10.0.0.1", "10.0.0.1"),
        ("10.0.0.1/31", 31, 2, "10.0.0.0", "10.0.0.1"),
        ("2001:db8::1/127", 127, 2, "2001:db8::", "2001:db8::1"),
        ("2001:db8::1/126", 126, 3, "2001:db8::1", "2001:db8::3"),
        ("::1", 128, 1, "::1", "::1"),
    ],
)
def test_small_networks(text: str, prefixlen: int, hosts: int, first: str, last: str) -> None:
    fields = describe(text)
    assert fields["prefixlen"] == prefixlen
    assert fields["hosts"] == hosts
    assert (fields["first_host"], fields["last_host"]) == (first, last)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("0.0.0.0", "unspecified"),
        ("127.0.0.5", "loopback"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "link-local multicast"),
        ("172.16.0.1", "private"),
        ("fd00::1", "private"),
        ("::ffff:1.2.3.4", "ipv4-mapped"),
        ("fec0::1", "site-local unicast"),
        ("8.8.8.8", "global"),
        ("2001:db8::1", "global"),
        ("::", "unspecified"),
    ],
)
def test_kind(text: str, kind: str) -> None:
    assert kind_of(ensure_address(text)) == kind


@pytest.mark.parametrize(
    "argument", ["bogus", "1.2.3.4/33", "1.2.3.4/x", "::1/129", "1.2.3.4/255.0.255.0", ""]
)
def test_bad_address_one_line_exit_2(argument: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ipcalc", argument]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("iolib ipcalc: ")
    assert captured.err.count("\n") == 1


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iolib", "ipcalc", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_executable_text_and_json() -> None:
    done = _run("192.168.10.77/22")
    assert done.returncode == 0, done.stderr
    assert done.stdout == IPV4_TEXT
    done = _run("--json", "2001:db8::5/64")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["network"] == "2001:db8::/64"


def test_executable_bad_address() -> None:
    done = _run("300.1.1.1/8")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("iolib ipcalc: ")
