"""lookup_service and lookup_protocol over the services and protocols files."""

from __future__ import annotations

from pathlib import Path

import pytest

import iolib
from iolib.dns import (
    Protocol,
    Service,
    UnknownProtocol,
    UnknownService,
    lookup_protocol,
    lookup_service,
)
from iolib.dns._protocols import parse_protocols
from iolib.dns._services import parse_services

SERVICES = """\
# a services file
ssh      22/tcp               # SSH
ssh      22/udp
domain   53/udp   nameserver
domain   53/tcp   nameserver
http     80/tcp   www www-http
udponly  9999/udp
ddp-only 4242/ddp
bad      notaport/tcp
lonely
huge     70000/tcp
"""

PROTOCOLS = """\
ip      0   IP      # internet protocol
icmp    1   ICMP
tcp     6   TCP
udp     17  UDP
big     65535 BIG
bad     x   X
toobig  65536 TOOBIG
"""


@pytest.fixture(autouse=True)
def files(name_files: dict[str, Path]) -> None:
    name_files["services_file"].write_text(SERVICES)
    name_files["protocols_file"].write_text(PROTOCOLS)


class TestLookupService:
    """Names, aliases, numbers and the protocol argument."""

    @pytest.mark.parametrize(
        ("service", "protocol", "expected"),
        [
            ("ssh", "tcp", Service(22, "ssh", "tcp")),
            ("ssh", "udp", Service(22, "ssh", "udp")),
            (22, "tcp", Service(22, "ssh", "tcp")),
            ("22", "tcp", Service(22, "ssh", "tcp")),
            ("www", "tcp", Service(80, "http", "tcp")),
            ("www-http", "any", Service(80, "http", "tcp")),
            ("nameserver", "any", Service(53, "domain", "udp")),
            (53, "any", Service(53, "domain", "udp")),
            ("udponly", "any", Service(9999, "udponly", "udp")),
            (9999, "udp", Service(9999, "udponly", "udp")),
        ],
    )
    def test_found(self, service: int | str, protocol: str, expected: Service) -> None:
        assert lookup_service(service, protocol) == expected

    def test_default_protocol_is_tcp(self) -> None:
        assert lookup_service("domain").protocol == "tcp"

    def test_result_unpacks(self) -> None:
        port, name, protocol = lookup_service("http")
        assert (port, name, protocol) == (80, "http", "tcp")

    @pytest.mark.parametrize(
        ("service", "protocol"),
        [
            ("nope", "tcp"),
            ("SSH", "tcp"),
            ("udponly", "tcp"),
            (1024, "tcp"),
            ("ddp-only", "any"),
            ("-1", "tcp"),
        ],
    )
    def test_unknown_keeps_datum_as_given(self, service: int | str, protocol: str) -> None:
        with pytest.raises(UnknownService) as info:
            lookup_service(service, protocol)
        assert info.value.datum == service
        assert type(info.value.datum) is type(service)

    @pytest.mark.parametrize(
        ("service", "protocol"),
        [
            (-1, "tcp"),
            (65536, "tcp"),
            ("65536", "tcp"),
            (2**70, "tcp"),
            (True, "tcp"),
            (2.5, "tcp"),
            (None, "tcp"),
            ("ssh", "sctp"),
            ("ssh", "TCP"),
            ("ssh", None),
        ],
    )
    def test_type_errors(self, service: object, protocol: object) -> None:
        with pytest.raises(TypeError):
            lookup_service(service, protocol)  # type: ignore[arg-type]

    def test_file_is_reread_when_it_changes(self, name_files: dict[str, Path]) -> None:
        assert lookup_service("ssh").port == 22
        name_files["services_file"].write_text("ssh 2222/tcp\n")
        assert lookup_service("ssh").port == 2222

    def test_assigning_the_path_takes_effect(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        other = tmp_path / "services2"
        other.write_text("gopher 70/tcp\n")
        monkeypatch.setattr(iolib.dns, "services_file", str(other))
        assert lookup_service("gopher") == Service(70, "gopher", "tcp")

    def test_missing_file_means_unknown(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(iolib.dns, "services_file", str(tmp_path / "absent"))
        with pytest.raises(UnknownService):
            lookup_service("ssh")


class TestLookupProtocol:
    """Names, aliases and numbers."""

    @pytest.mark.parametrize(
        ("protocol", "expected"),
        [
            ("tcp", Protocol(6, "tcp", ["TCP"])),
            ("TCP", Protocol(6, "tcp", ["TCP"])),
            (17, Protocol(17, "udp", ["UDP"])),
            ("17", Protocol(17, "udp", ["UDP"])),
            (0, Protocol(0, "ip", ["IP"])),
            (65535, Protocol(65535, "big", ["BIG"])),
        ],
    )
    def test_found(self, protocol: int | str, expected: Protocol) -> None:
        assert lookup_protocol(protocol) == expected

    def test_result_unpacks(self) -> None:
        number, name, aliases = lookup_protocol("icmp")
        assert (number, name, aliases) == (1, "icmp", ["ICMP"])

    @pytest.mark.parametrize("protocol", ["nope", "Tcp", 99, "99", "x"])
    def test_unknown(self, protocol: int | str) -> None:
        with pytest.raises(UnknownProtocol) as info:
            lookup_protocol(protocol)
        assert info.value.datum == protocol

    @pytest.mark.parametrize("protocol", [-1, 65536, 2**64, True, None, 6.0, b"tcp"])
    def test_type_errors(self, protocol: object) -> None:
        with pytest.raises(TypeError):
            lookup_protocol(protocol)  # type: ignore[arg-type]

    def test_aliases_are_a_fresh_list(self) -> None:
        lookup_protocol("tcp").aliases.append("mutated")
        assert lookup_protocol("tcp").aliases == ["TCP"]


def test_parsers_skip_malformed_lines() -> None:
    assert [e.name for e in parse_services(SERVICES).entries] == [
        "ssh",
        "ssh",
        "domain",
        "domain",
        "http",
        "udponly",
        "ddp-only",
    ]
    assert [e.name for e in parse_protocols(PROTOCOLS).entries] == [
        "ip",
        "icmp",
        "tcp",
        "udp",
        "big",
    ]


def test_errors_are_iolib_errors() -> None:
    assert issubclass(UnknownService, iolib.IolibError)
    assert issubclass(UnknownProtocol, LookupError)
