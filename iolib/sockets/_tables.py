"""The two tables behind make_socket: which class, and which keywords, per combination.

:data:`SOCKET_CLASSES` maps ``(family, type, connect)`` to the concrete class
and :data:`SOCKET_KEYWORDS` maps the same key to IOLib's keyword set for that
combination; validation, the TypeError naming a stray keyword, and the
documentation all read these two tables.
"""

from __future__ import annotations

import socket
from typing import Literal

from iolib.sockets._active import ActiveSocket
from iolib.sockets._classes import (
    SocketDatagramInternetActive,
    SocketDatagramLocalActive,
    SocketStreamInternetActive,
    SocketStreamInternetPassive,
    SocketStreamLocalActive,
    SocketStreamLocalPassive,
)
from iolib.sockets._passive import PassiveSocket

__all__ = [
    "FAMILY_AXIS",
    "IPV6_CHOICES",
    "OS_TYPE",
    "SOCKET_CLASSES",
    "SOCKET_KEYWORDS",
    "AddressFamily",
    "Connect",
    "Key",
    "SocketType",
]

AddressFamily = Literal["internet", "ipv4", "ipv6", "local", "file"]
SocketType = Literal["stream", "datagram"]
Connect = Literal["active", "passive"]
Key = tuple[str, str, str]

SOCKET_CLASSES: dict[Key, type[ActiveSocket] | type[PassiveSocket]] = {
    ("internet", "stream", "active"): SocketStreamInternetActive,
    ("internet", "stream", "passive"): SocketStreamInternetPassive,
    ("local", "stream", "active"): SocketStreamLocalActive,
    ("local", "stream", "passive"): SocketStreamLocalPassive,
    ("internet", "datagram", "active"): SocketDatagramInternetActive,
    ("local", "datagram", "active"): SocketDatagramLocalActive,
}

# IOLib's make-socket keywords per combination (its manual, "make-socket").
SOCKET_KEYWORDS: dict[Key, frozenset[str]] = {
    ("internet", "stream", "active"): frozenset(
        {
            "local_host",
            "local_port",
            "remote_host",
            "remote_port",
            "reuse_address",
            "keepalive",
            "nodelay",
            "input_buffer_size",
            "output_buffer_size",
            # Beyond IOLib: Happy Eyeballs for names with several addresses, and TLS.
            "happy_eyeballs_delay",
            "tls",
            "server_hostname",
        }
    ),
    ("internet", "stream", "passive"): frozenset(
        {"local_host", "local_port", "backlog", "reuse_address", "interface", "nodelay"}
    ),
    ("local", "stream", "active"): frozenset(
        {
            "local_filename",
            "remote_filename",
            "input_buffer_size",
            "output_buffer_size",
            # Beyond IOLib: TLS on the stream.
            "tls",
            "server_hostname",
        }
    ),
    ("local", "stream", "passive"): frozenset(
        {"local_filename", "remote_filename", "backlog", "reuse_address"}
    ),
    ("internet", "datagram", "active"): frozenset(
        {
            "local_host",
            "local_port",
            "remote_host",
            "remote_port",
            "reuse_address",
            "interface",
            "broadcast",
        }
    ),
    ("local", "datagram", "active"): frozenset({"local_filename", "remote_filename"}),
}

FAMILY_AXIS = {
    "internet": "internet",
    "ipv4": "internet",
    "ipv6": "internet",
    "local": "local",
    "file": "local",
}
OS_TYPE = {"stream": socket.SOCK_STREAM, "datagram": socket.SOCK_DGRAM}
IPV6_CHOICES = (None, True, False, "ipv6")
