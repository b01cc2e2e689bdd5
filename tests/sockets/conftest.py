"""Fixtures of the socket tests: short Unix paths, IPv6 availability, loopback listeners."""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import iolib.dns
from iolib.sockets import PassiveSocket, make_socket


def _can_bind_ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


HAVE_IPV6 = _can_bind_ipv6()
needs_ipv6 = pytest.mark.skipif(not HAVE_IPV6, reason="::1 cannot be bound here")


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A fresh directory with a short path (sun_path holds 108 bytes), removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="iol", dir="/tmp"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def tcp_listener() -> Iterator[PassiveSocket]:
    """A TCP listener on 127.0.0.1 and a free port, closed afterwards."""
    with make_socket(connect="passive", local_host="127.0.0.1", local_port=0) as listener:
        assert isinstance(listener, PassiveSocket)
        yield listener


@pytest.fixture
def abstract_name(request: pytest.FixtureRequest) -> str:
    """An abstract socket name unique to this test."""
    return f"iolib-test-{request.node.name}-{id(request)}"


def use_nameserver(
    port: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: str = "timeout:2 attempts:1",
) -> None:
    """Point resolv.conf at the test nameserver on 127.0.0.1:``port`` only; empty hosts file."""
    # A new file each call: a rewrite within one mtime tick could go unseen.
    resolv = tmp_path / f"resolv{len(list(tmp_path.glob('resolv*')))}.conf"
    resolv.write_text(f"nameserver [127.0.0.1]:{port}\noptions {options}\n")
    hosts = tmp_path / "hosts"
    if not hosts.exists():
        hosts.write_text("")
    monkeypatch.setattr(iolib.dns, "resolv_conf_file", str(resolv))
    monkeypatch.setattr(iolib.dns, "hosts_file", str(hosts))
