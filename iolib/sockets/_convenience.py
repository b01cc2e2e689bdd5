"""usocket-style helpers: socket_connect, socket_listen and their constants."""

from __future__ import annotations

import math
import ssl
from typing import Literal, overload

from iolib.address import IPV4_UNSPECIFIED, InetAddress
from iolib.sockets._active import ActiveSocket
from iolib.sockets._builders import connect_numeric, make_internet_socket, numeric_target
from iolib.sockets._classes import (
    SocketDatagramInternetActive,
    SocketStreamInternetActive,
    SocketStreamInternetPassive,
)

__all__ = [
    "AUTO_PORT",
    "MAX_DATAGRAM_PACKET_SIZE",
    "WILDCARD_HOST",
    "socket_connect",
    "socket_listen",
]

WILDCARD_HOST: InetAddress = IPV4_UNSPECIFIED
"""The unspecified address: a listener bound to it accepts clients on every interface."""

AUTO_PORT = 0
"""Port 0: the OS picks a free port."""

MAX_DATAGRAM_PACKET_SIZE = 65507
"""The largest UDP payload over IPv4 (65535 - 8 byte UDP header - 20 byte IP header)."""


def _check_timeout(timeout: object) -> float | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(f"timeout must be seconds or None, not {timeout!r}")
    if math.isnan(timeout) or timeout < 0:
        raise ValueError(f"timeout must be >= 0, not {timeout!r}")
    return float(timeout)


@overload
def socket_connect(
    host: object,
    port: object,
    *,
    protocol: Literal["stream"] = "stream",
    timeout: float | None = None,
    nodelay: bool | None = None,
    local_host: object = None,
    local_port: object = None,
    external_format: object = "utf-8",
    happy_eyeballs_delay: float | None = 0.25,
    tls: ssl.SSLContext | None = None,
    server_hostname: str | None = None,
) -> SocketStreamInternetActive: ...


@overload
def socket_connect(
    host: object,
    port: object,
    *,
    protocol: Literal["datagram"],
    timeout: float | None = None,
    nodelay: bool | None = None,
    local_host: object = None,
    local_port: object = None,
    external_format: object = "utf-8",
    happy_eyeballs_delay: float | None = 0.25,
    tls: ssl.SSLContext | None = None,
    server_hostname: str | None = None,
) -> SocketDatagramInternetActive: ...


@overload
def socket_connect(
    host: object,
    port: object,
    *,
    protocol: Literal["stream", "datagram"] = "stream",
    timeout: float | None = None,
    nodelay: bool | None = None,
    local_host: object = None,
    local_port: object = None,
    external_format: object = "utf-8",
    happy_eyeballs_delay: float | None = 0.25,
    tls: ssl.SSLContext | None = None,
    server_hostname: str | None = None,
) -> SocketStreamInternetActive | SocketDatagramInternetActive: ...


def socket_connect(
    host: object,
    port: object,
    *,
    protocol: Literal["stream", "datagram"] = "stream",
    timeout: float | None = None,
    nodelay: bool | None = None,
    local_host: object = None,
    local_port: object = None,
    external_format: object = "utf-8",
    happy_eyeballs_delay: float | None = 0.25,
    tls: ssl.SSLContext | None = None,
    server_hostname: str | None = None,
) -> ActiveSocket:
    """Return a socket connected to ``host`` and ``port`` (usocket's socket-connect).

    ``timeout`` bounds the whole connect (SocketConnectionTimedOutError, a
    TimeoutError) and then becomes the socket's ``read_timeout``. A host
    name with several addresses is connected with Happy Eyeballs, an attempt
    starting every ``happy_eyeballs_delay`` seconds (None: one after another).
    With ``tls`` a TLS handshake follows (``server_hostname`` defaults to
    ``host``), within the same timeout. With
    ``protocol="datagram"`` and host and port both None, the socket is bound
    to ``local_host`` / ``local_port`` and left unconnected.
    """
    seconds = _check_timeout(timeout)
    if protocol not in ("stream", "datagram"):
        raise ValueError(f"protocol must be 'stream' or 'datagram', not {protocol!r}")
    if (
        type(host) is str
        and type(port) is int
        and local_host is None
        and local_port is None
        and not nodelay
        and tls is None
        and (seconds is None or protocol == "datagram")  # a UDP connect never waits
    ):
        target = numeric_target(host, port)
        if target is not None:
            cls = (
                SocketStreamInternetActive if protocol == "stream" else SocketDatagramInternetActive
            )
            fast = connect_numeric(target, cls, external_format)
            fast.read_timeout = seconds
            return fast
    options: dict[str, object] = {}
    if local_host is not None or local_port is not None:
        options["local_host"], options["local_port"] = local_host, local_port
    if protocol == "stream" or host is not None or port is not None:
        options["remote_host"], options["remote_port"] = host, port
    if nodelay and protocol == "stream":
        options["nodelay"] = True
    if protocol == "stream":
        options["happy_eyeballs_delay"] = happy_eyeballs_delay
        if tls is not None:
            options["tls"], options["server_hostname"] = tls, server_hostname
    made = make_internet_socket(
        ("internet", protocol, "active"),
        "internet",
        ipv6=None,
        external_format=external_format,
        options=options,
        connect_timeout=seconds,
        port_binds=True,
    )
    assert isinstance(made, ActiveSocket)
    made.read_timeout = seconds
    return made


def socket_listen(
    host: object, port: object, *, reuse_address: bool = True, backlog: int = 5
) -> SocketStreamInternetPassive:
    """Return a TCP listener bound to ``host`` / ``port`` (usocket's socket-listen).

    Pass WILDCARD_HOST (or None) for every interface and AUTO_PORT for a port
    chosen by the OS.
    """
    options: dict[str, object] = {
        "local_host": WILDCARD_HOST if host is None else host,
        "local_port": AUTO_PORT if port is None else port,
        "reuse_address": reuse_address,
        "backlog": backlog,
    }
    made = make_internet_socket(
        ("internet", "stream", "passive"),
        "internet",
        ipv6=None,
        external_format="utf-8",
        options=options,
    )
    assert isinstance(made, SocketStreamInternetPassive)
    return made
