"""Suite-wide guards: loopback-only traffic, no leaked file descriptors, a loopback resolver."""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

import iolib.dns

_GUARDED = ("connect", "connect_ex", "sendto", "sendmsg")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NonLoopbackTrafficError(AssertionError):
    """A test tried to reach an address outside 127.0.0.0/8 and ::1."""


def _is_loopback_host(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host in _LOOPBACK_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def _check_destination(sock: socket.socket, address: object) -> None:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return  # Unix sockets, netlink ... are local by nature
    if not isinstance(address, tuple) or not address:
        return
    if not _is_loopback_host(address[0]):
        raise NonLoopbackTrafficError(
            f"test tried to reach non-loopback address {address!r}; "
            "tests may talk only to 127.0.0.0/8, ::1 or Unix sockets"
        )


def _guard(name: str, original: Any) -> Any:
    if name in ("connect", "connect_ex"):

        def guarded_connect(self: socket.socket, address: Any) -> Any:
            _check_destination(self, address)
            return original(self, address)

        return guarded_connect
    if name == "sendto":

        def guarded_sendto(self: socket.socket, data: Any, *args: Any) -> Any:
            if args:
                _check_destination(self, args[-1])
            return original(self, data, *args)

        return guarded_sendto

    def guarded_sendmsg(self: socket.socket, *args: Any) -> Any:
        if len(args) >= 4:
            _check_destination(self, args[3])
        return original(self, *args)

    return guarded_sendmsg


def guard_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every connect or send to a non-loopback IP address raise NonLoopbackTrafficError."""
    for name in _GUARDED:
        monkeypatch.setattr(socket.socket, name, _guard(name, getattr(socket.socket, name)))


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that connects or sends to a non-loopback IP address."""
    guard_loopback(monkeypatch)


def write_loopback_resolv_conf(directory: str) -> str:
    """Write a resolv.conf naming only 127.0.0.1 (short tries) into ``directory``; its path."""
    path = os.path.join(directory, "resolv.conf")
    with open(path, "w", encoding="ascii") as handle:
        handle.write("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")
    return path


@pytest.fixture(autouse=True, scope="session")
def _loopback_resolver() -> Iterator[None]:
    """Point every resolver of the run, children included, at a resolv.conf naming 127.0.0.1.

    A name that misses the hosts file then goes to loopback (where nothing
    answers, or a test's own server does), never to the machine's nameserver.
    Tests that need their own settings still assign ``iolib.dns.resolv_conf_file``.
    """
    with (
        tempfile.TemporaryDirectory(prefix="iolib-resolv-") as directory,
        pytest.MonkeyPatch.context() as patch,
    ):
        path = write_loopback_resolv_conf(directory)
        patch.setattr(iolib.dns, "resolv_conf_file", path)
        patch.setenv("IOLIB_RESOLV_CONF", path)
        yield


def open_fds() -> set[int]:
    """Return the set of this process's open file descriptors."""
    listed = {int(n) for n in os.listdir("/proc/self/fd")}
    # listdir held one descriptor of its own for the directory; it is closed now
    return {fd for fd in listed if os.path.lexists(f"/proc/self/fd/{fd}")}


def _describe(fds: set[int]) -> str:
    out = []
    for fd in sorted(fds):
        try:
            out.append(f"{fd} -> {os.readlink(f'/proc/self/fd/{fd}')}")
        except OSError:
            out.append(f"{fd} -> ?")
    return ", ".join(out)


@pytest.fixture(autouse=True)
def _no_fd_leaks(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves file descriptors open behind it."""
    if request.node.get_closest_marker("allow_fd_leak"):
        yield
        return
    before = open_fds()
    yield
    leaked = open_fds() - before
    if leaked:
        pytest.fail(f"test leaked file descriptors: {_describe(leaked)}", pytrace=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "allow_fd_leak: the test hands descriptors to a fixture on purpose"
    )
