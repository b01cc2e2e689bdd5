"""``iolib resolve``, ``service``, ``protocol``, ``interfaces``: in-process and as an executable."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import iolib.dns
from iolib._cli import UsageError, main
from iolib._cli.cmd_resolve import data_text, parse_ns
from iolib.dns import SOA, DNSRecord
from iolib.dns._message import encode_message
from tests.dns.nameserver import Nameserver, Send, reply
from tests.dns.zonedata import make_zone

SERVICES = "ssh 22/tcp\nssh 22/udp\ndomain 53/udp nameserver\nhttp 80/tcp www\n"
PROTOCOLS = "tcp 6 TCP\nudp 17 UDP\n"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Name files in tmp_path, set both in this process and in the environment of children."""
    contents = {
        "hosts_file": ("IOLIB_HOSTS_FILE", "192.0.2.50 fromhosts.test\n"),
        "resolv_conf_file": ("IOLIB_RESOLV_CONF", "options timeout:1 attempts:1\n"),
        "services_file": ("IOLIB_SERVICES_FILE", SERVICES),
        "protocols_file": ("IOLIB_PROTOCOLS_FILE", PROTOCOLS),
    }
    env = {}
    for attribute, (variable, text) in contents.items():
        path = tmp_path / attribute
        path.write_text(text)
        monkeypatch.setattr(iolib.dns, attribute, str(path))
        env[variable] = str(path)
    return env


@pytest.fixture
def server() -> Iterator[Nameserver]:
    with Nameserver(make_zone()) as ns:
        yield ns


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m iolib ARGS`` with the name files of ``env``."""
    return subprocess.run(
        [sys.executable, "-m", "iolib", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def ns_arg(server: Nameserver) -> str:
    return f"127.0.0.1:{server.port}"


@pytest.mark.usefixtures("files")
class TestResolve:
    """dig-like output, JSON, and errors."""

    def test_text_output(
        self, server: Nameserver, files: dict[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["resolve", "host.test", "--ns", ns_arg(server)]) == 0
        out = capsys.readouterr().out
        assert "status: NOERROR" in out
        assert ";; ANSWER SECTION:" in out
        assert "host.test.\t300\tIN\tA\t192.0.2.1" in out
        assert "host.test.\t300\tIN\tA\t192.0.2.2" in out

    @pytest.mark.parametrize(
        ("name", "rtype", "data"),
        [
            ("mx.test", "MX", "10 mail.test"),
            ("txt.test", "txt", '"hello" "world"'),
            ("_sip._udp.srv.test", "SRV", "0 5 5060 sip.test"),
            ("dual.test", "AAAA", "2001:db8::10"),
            ("alias.test", "CNAME", "host.test"),
        ],
    )
    def test_json_output(
        self,
        server: Nameserver,
        capsys: pytest.CaptureFixture[str],
        name: str,
        rtype: str,
        data: str,
    ) -> None:
        assert main(["resolve", name, "--type", rtype, "--ns", ns_arg(server), "--json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["rcode"] == "NOERROR"
        assert document["answer"] == [
            {"name": name, "type": rtype.upper(), "ttl": 300, "data": data}
        ]

    def test_address_asks_for_ptr(
        self, server: Nameserver, files: dict[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["resolve", "192.0.2.9", "--ns", ns_arg(server), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["answer"][0]["data"] == "ptr.test"

    def test_missing_name_is_an_error(
        self, server: Nameserver, files: dict[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["resolve", "missing.test", "--ns", ns_arg(server)]) != 0
        captured = capsys.readouterr()
        assert captured.out == ""
        assert len(captured.err.strip().splitlines()) == 1
        assert "NXDOMAIN" in captured.err

    def test_silent_server_is_an_error(
        self, server: Nameserver, files: dict[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        server.handler = lambda q: []
        assert main(["resolve", "host.test", "--ns", ns_arg(server), "--timeout", "0.3"]) != 0
        assert len(capsys.readouterr().err.strip().splitlines()) == 1

    def test_bad_type_is_an_error(
        self, server: Nameserver, files: dict[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["resolve", "host.test", "--type", "BOGUS", "--ns", ns_arg(server)]) == 2
        assert "BOGUS" in capsys.readouterr().err

    def test_real_executable(self, server: Nameserver, files: dict[str, str]) -> None:
        done = run_cli(files, "resolve", "chain.test", "--ns", ns_arg(server), "--json")
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        assert [r["type"] for r in document["answer"]][:2] == ["CNAME", "CNAME"]
        assert {r["data"] for r in document["answer"] if r["type"] == "A"} == {
            "192.0.2.1",
            "192.0.2.2",
        }

    def test_real_executable_missing_name(self, server: Nameserver, files: dict[str, str]) -> None:
        done = run_cli(files, "resolve", "missing.test", "--ns", ns_arg(server))
        assert done.returncode != 0
        assert done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1
        assert "Traceback" not in done.stderr

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("127.0.0.1", ("127.0.0.1", 53)),
            ("127.0.0.1:5353", ("127.0.0.1", 5353)),
            ("::1", ("::1", 53)),
            ("[::1]:5353", ("::1", 5353)),
            ("[::1]", ("::1", 53)),
        ],
    )
    def test_parse_ns(self, text: str, expected: tuple[str, int]) -> None:
        assert parse_ns(text) == expected

    @pytest.mark.parametrize(
        "text", ["127.0.0.1:x", "127.0.0.1:0", "host.test", "[::1]x", "1.2.3.4:99999"]
    )
    def test_parse_ns_bad(self, text: str) -> None:
        with pytest.raises(UsageError):
            parse_ns(text)


@pytest.mark.usefixtures("files")
class TestService:
    """Service lookups from the services file."""

    @pytest.mark.parametrize(
        ("args", "text", "document"),
        [
            (["ssh"], "ssh 22/tcp", {"port": 22, "name": "ssh", "protocol": "tcp"}),
            (
                ["22", "--protocol", "udp"],
                "ssh 22/udp",
                {"port": 22, "name": "ssh", "protocol": "udp"},
            ),
            (
                ["nameserver", "--protocol", "any"],
                "domain 53/udp",
                {"port": 53, "name": "domain", "protocol": "udp"},
            ),
            (["www"], "http 80/tcp", {"port": 80, "name": "http", "protocol": "tcp"}),
        ],
    )
    def test_found(
        self,
        files: dict[str, str],
        capsys: pytest.CaptureFixture[str],
        args: list[str],
        text: str,
        document: dict[str, object],
    ) -> None:
        assert main(["service", *args]) == 0
        assert capsys.readouterr().out.strip() == text
        assert main(["service", *args, "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == document

    @pytest.mark.parametrize("args", [["gopher"], ["99999"], ["ssh", "--protocol", "sctp"]])
    def test_errors(self, files: dict[str, str], args: list[str]) -> None:
        done = run_cli(files, "service", *args)
        assert done.returncode != 0
        assert done.stdout == ""
        assert "Traceback" not in done.stderr

    def test_real_executable(self, files: dict[str, str]) -> None:
        done = run_cli(files, "service", "ssh", "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {"port": 22, "name": "ssh", "protocol": "tcp"}


@pytest.mark.usefixtures("files")
class TestProtocol:
    """Protocol lookups from the protocols file."""

    def test_text_and_json(self, files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["protocol", "6"]) == 0
        assert capsys.readouterr().out.strip() == "tcp 6 TCP"
        assert main(["protocol", "UDP", "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {
            "number": 17,
            "name": "udp",
            "aliases": ["UDP"],
        }

    def test_unknown(self, files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["protocol", "nope"]) == 2
        assert "nope" in capsys.readouterr().err

    def test_real_executable(self, files: dict[str, str]) -> None:
        done = run_cli(files, "protocol", "tcp", "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["number"] == 6


@pytest.mark.usefixtures("files")
class TestInterfaces:
    """The interface list."""

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["interfaces", "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert {(r["index"], r["name"]) for r in rows} == set(socket.if_nameindex())
        assert all(set(r) >= {"name", "index", "addresses"} for r in rows)

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["interfaces"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == len(socket.if_nameindex())
        assert any("127.0.0.1" in line for line in lines) or not any(
            "lo" in n for _, n in socket.if_nameindex()
        )

    def test_real_executable(self, files: dict[str, str]) -> None:
        done = run_cli(files, "interfaces", "--json")
        assert done.returncode == 0, done.stderr
        assert isinstance(json.loads(done.stdout), list)


@pytest.mark.usefixtures("files")
class TestPresentation:
    """The text forms of record data."""

    @pytest.mark.parametrize(
        ("data", "text"),
        [
            ((b'say "hi"\\', b"\x00\xff"), '"say \\"hi\\"\\\\" "\\000\\255"'),
            (SOA("ns.test", "admin.test", 1, 2, 3, 4, 5), "ns.test admin.test 1 2 3 4 5"),
            (b"\x01\x02", "\\# 2 0102"),
            (b"", "\\# 0"),
        ],
    )
    def test_data_text(self, data: object, text: str) -> None:
        assert data_text(DNSRecord("x.test", "TXT", 1, data)) == text  # type: ignore[arg-type]

    def test_failing_rcode_is_an_error(
        self, server: Nameserver, capsys: pytest.CaptureFixture[str]
    ) -> None:
        server.handler = lambda q: [Send(encode_message(reply(q.message, rcode="SERVFAIL")))]
        assert main(["resolve", "host.test", "--ns", ns_arg(server)]) == 2
        assert "SERVFAIL" in capsys.readouterr().err
