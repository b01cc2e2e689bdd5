"""Static typing of iolib.sockets from a user's side: mypy --strict on user code.

typed_usage.py holds common user code with ``assert_type`` on every result;
mypy must accept it as is, and running it must produce those very classes.
The snippets below must be rejected, which shows the types are narrow (a
result typed Any or as a base class would let them through).
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from mypy import api as mypy_api

from iolib.sockets import SocketStreamInternetPassive, make_socket, make_socket_pair
from iolib.sockets._keywords import (
    InetDatagramKeywords,
    InetStreamActiveKeywords,
    InetStreamPassiveKeywords,
    LocalDatagramKeywords,
    LocalStreamActiveKeywords,
    LocalStreamPassiveKeywords,
)
from iolib.sockets._options import (
    _ALIASES,
    OPTIONS,
    BoolOptionName,
    IntOptionName,
    TimevalOptionName,
)
from iolib.sockets._tables import SOCKET_KEYWORDS
from tests.sockets import typed_usage

ROOT = Path(__file__).resolve().parents[2]
USAGE = Path(typed_usage.__file__)

# Each line must draw the mypy error code beside it.
REJECTED = [
    ("make_socket().peer_credentials", "attr-defined"),
    ('make_socket(address_family="local").remote_port', "attr-defined"),
    ('make_socket(connect="passive").send_to(b"x")', "attr-defined"),
    ('make_socket(type="datagram").accept_connection()', "attr-defined"),
    ('make_socket(address_family="local", type="datagram").receive_from()[3]', "misc"),
    ('socket_listen("127.0.0.1", 0).accept_connection().peer_credentials', "attr-defined"),
    ('socket_connect("127.0.0.1", 1).send_file_descriptor(0)', "attr-defined"),
    ("make_socket_pair()[0].local_port", "attr-defined"),
    ('make_socket(connect="passive").accept_connection(timeout=1).remote_port', "union-attr"),
    ('make_socket().get_option("linger").on + ""', "operator"),
    ('make_socket(address_family="unix")', "call-overload"),
    ("make_socket(remote_hots=1)", "call-overload"),
    ('make_socket(connect="passive", remote_host="127.0.0.1")', "call-overload"),
    ('make_socket(connect="passive", backlog="5")', "call-overload"),
    ('make_socket(type="datagram", nodelay=True)', "call-overload"),
    ('make_socket(address_family="local", local_host="x")', "call-overload"),
    ('make_socket(type="datagram", connect="passive")', "call-overload"),
]

# Literal arguments for which no runtime run exists in typed_usage.py.
STATIC_ONLY = """\
from typing import Literal, assert_type
from iolib.sockets import *
def check() -> None:
    assert_type(make_socket(address_family="ipv6", connect="passive"), SocketStreamInternetPassive)
    assert_type(make_socket(address_family="ipv4", type="datagram"), SocketDatagramInternetActive)
    assert_type(make_socket(address_family="file", connect="passive"), SocketStreamLocalPassive)
    assert_type(make_socket(address_family="internet").receive_from(), InetReceived)
    assert_type(socket_connect("::1", 7, protocol="datagram"), SocketDatagramInternetActive)
    assert_type(make_socket_from_fd(3, "passive"), PassiveSocket)
    assert_type(make_socket(type="stream").state, Literal["read", "write", "read-write"] | None)
"""


def _mypy(*paths: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Run mypy --strict with the project's settings from the repository root."""
    monkeypatch.chdir(ROOT)
    out, err, status = mypy_api.run(
        ["--strict", "--config-file", str(ROOT / "pyproject.toml"), *map(str, paths)]
    )
    return status, out + err


@pytest.mark.timeout(120)
def test_usage_file_passes_mypy_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every assert_type in typed_usage.py holds, with no isinstance or cast needed."""
    status, output = _mypy(USAGE, monkeypatch=monkeypatch)
    assert status == 0, output
    assert output.startswith("Success")


@pytest.mark.timeout(120)
def test_static_only_literals_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The families and forms typed_usage.py does not run still get their concrete class."""
    snippet = tmp_path / "static_only.py"
    snippet.write_text(STATIC_ONLY, encoding="utf-8")
    status, output = _mypy(snippet, monkeypatch=monkeypatch)
    assert status == 0, output


@pytest.mark.timeout(120)
def test_wrong_uses_are_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each REJECTED line draws its error: the results are narrow, never Any."""
    header = [
        "from iolib.sockets import make_socket, make_socket_pair, socket_connect, socket_listen",
        "def check() -> None:",
    ]
    snippet = tmp_path / "rejected.py"
    snippet.write_text(
        "\n".join([*header, *(f"    {code}" for code, _ in REJECTED)]) + "\n", encoding="utf-8"
    )
    status, output = _mypy(snippet, monkeypatch=monkeypatch)
    assert status == 1, output
    errors: dict[int, set[str]] = {}
    for line in output.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and parts[2].strip() == "error":
            errors.setdefault(int(parts[1]), set()).add(parts[3].rsplit("[", 1)[-1].rstrip("]"))
    for number, (code, expected) in enumerate(REJECTED, start=len(header) + 1):
        assert expected in errors.get(number, set()), (code, output)
    assert set(errors) == set(range(len(header) + 1, len(header) + 1 + len(REJECTED)))


class TestUsageRuns:
    """typed_usage.py at run time: the classes match what its assert_type calls claim."""

    def test_tcp_round_trip(self) -> None:
        assert typed_usage.tcp_round_trip() == "again"

    def test_tcp_listener_helpers(self) -> None:
        assert typed_usage.tcp_listener_helpers() > 0

    def test_udp_exchange(self) -> None:
        data, port = typed_usage.udp_exchange()
        assert data == b"ping"
        assert isinstance(port, int)
        assert port > 0

    def test_local_stream(self, short_dir: Path) -> None:
        credentials = typed_usage.local_stream(short_dir)
        assert credentials.pid > 0

    def test_local_datagrams(self, short_dir: Path) -> None:
        filename = typed_usage.local_datagrams(short_dir)
        assert filename is not None
        assert filename.name == str(short_dir / "cli")

    def test_pairs_and_descriptors(self) -> None:
        assert typed_usage.pairs_and_descriptors() == 5

    def test_options_and_state(self) -> None:
        assert typed_usage.options_and_state() == (None, "read")

    def test_errors_and_designators(self) -> None:
        assert typed_usage.errors_and_designators() == "connection-refused"


class TestState:
    """``sock.state`` is None until a wait_for_input sets it, on every kind of socket."""

    def test_active_socket_state_before_any_wait(self) -> None:
        a, b = make_socket_pair()
        with a, b:
            assert a.state is None
            assert "_stream_args" in a.__dict__  # reading it did not build the stream

    def test_passive_socket_state_before_any_wait(self) -> None:
        with make_socket(connect="passive", local_host="127.0.0.1", local_port=0) as listener:
            assert isinstance(listener, SocketStreamInternetPassive)
            assert listener.state is None


class TestOptionNames:
    """The Literal names behind get_option's overloads match the option table."""

    KINDS: typing.ClassVar[dict[str, object]] = {
        "bool": BoolOptionName,
        "int": IntOptionName,
        "timeval": TimevalOptionName,
    }

    @pytest.mark.parametrize("name", sorted({*OPTIONS, *_ALIASES}))
    def test_every_option_has_its_kinds_literal(self, name: str) -> None:
        kind = OPTIONS[_ALIASES.get(name, name)].kind
        if kind in self.KINDS:
            assert name in typing.get_args(self.KINDS[kind])
        else:
            assert name in {"linger", "bind_to_device"}

    def test_literals_name_only_options_of_their_kind(self) -> None:
        for kind, alias in self.KINDS.items():
            for name in typing.get_args(alias):
                assert OPTIONS[_ALIASES.get(name, name)].kind == kind


class TestKeywordTypes:
    """The TypedDicts behind make_socket's overloads name exactly SOCKET_KEYWORDS."""

    PER_COMBINATION: typing.ClassVar[dict[tuple[str, str, str], type]] = {
        ("internet", "stream", "active"): InetStreamActiveKeywords,
        ("internet", "stream", "passive"): InetStreamPassiveKeywords,
        ("local", "stream", "active"): LocalStreamActiveKeywords,
        ("local", "stream", "passive"): LocalStreamPassiveKeywords,
        ("internet", "datagram", "active"): InetDatagramKeywords,
        ("local", "datagram", "active"): LocalDatagramKeywords,
    }

    @pytest.mark.parametrize("key", sorted(SOCKET_KEYWORDS))
    def test_combination_keywords_match_the_table(self, key: tuple[str, str, str]) -> None:
        keywords = self.PER_COMBINATION[key]
        assert set(keywords.__optional_keys__) == SOCKET_KEYWORDS[key]
        assert not keywords.__required_keys__


@pytest.mark.timeout(120)
def test_star_import_of_iolib_is_seen_by_mypy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`from iolib import *` gives a type checker every public name, typed."""
    snippet = tmp_path / "star_usage.py"
    snippet.write_text(
        "from typing import assert_type\n"
        "from iolib import *\n"
        "assert_type(ensure_address('::1'), IPv4Address | IPv6Address)\n"
        "assert_type(make_socket_pair()[0], SocketStreamLocalActive)\n"
        "assert_type(lookup_service('http'), Service)\n"
        "assert_type(DualChannelStream, type[DualChannelStream])\n"
    )
    status, output = _mypy(snippet, monkeypatch=monkeypatch)
    assert status == 0, output
