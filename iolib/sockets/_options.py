"""The socket option table: IOLib's option names, their level, number and value kind.

Each kind converts between a Python value and the option's bytes: "bool"
(True / False), "int", "linger" (``(on, seconds)``), "timeval" (seconds as a
float; 0.0 means no timeout) and "ifname" (an interface name, SO_BINDTODEVICE).
"""

from __future__ import annotations

import math
import socket
import struct
from typing import Literal, NamedTuple

__all__ = [
    "OPTIONS",
    "BoolOptionName",
    "IntOptionName",
    "Linger",
    "OptionSpec",
    "OptionValue",
    "TimevalOptionName",
    "buffer_size",
    "decode_option",
    "encode_option",
    "lookup_option",
]

OptionKind = Literal["bool", "int", "linger", "timeval", "ifname"]

_INT = struct.Struct("i")
_LINGER = struct.Struct("ii")
_TIMEVAL = struct.Struct("ll")
_IFNAMSIZ = 16


class Linger(NamedTuple):
    """The SO_LINGER setting: whether close lingers, and for how many seconds."""

    on: bool
    seconds: int


OptionValue = bool | int | float | str | Linger
"""Every value get_option may return."""

# The option names by the kind of value get_option returns, so a type checker
# knows that get_option("nodelay") is a bool (a test keeps these in step with
# OPTIONS and _ALIASES below). "linger" gives a Linger, "bind_to_device" a str.
BoolOptionName = Literal[
    "accept_connections",
    "broadcast",
    "debug",
    "dont_route",
    "keepalive",
    "oob_inline",
    "pass_credentials",
    "reuse_address",
    "reuse_port",
    "nodelay",
    "tcp_cork",
    "tcp_quickack",
    "ipv6_only",
    "keep_alive",
    "tcp_nodelay",
    "v6only",
    "ipv6_v6only",
]
IntOptionName = Literal[
    "error",
    "priority",
    "receive_buffer",
    "receive_low_water",
    "send_buffer",
    "send_low_water",
    "type",
    "tcp_defer_accept",
    "tcp_keepcnt",
    "tcp_keepidle",
    "tcp_keepintvl",
    "tcp_linger2",
    "tcp_maxseg",
    "tcp_syncnt",
    "tcp_user_timeout",
    "tcp_window_clamp",
    "ipv6_unicast_hops",
]
TimevalOptionName = Literal["receive_timeout", "send_timeout"]


class OptionSpec(NamedTuple):
    """One row of the option table."""

    name: str
    level: int
    option: int
    kind: OptionKind
    writable: bool


def _row(name: str, level: int, option: str, kind: OptionKind, writable: bool = True) -> OptionSpec:
    return OptionSpec(name, level, getattr(socket, option), kind, writable)


_SOL, _TCP, _V6 = socket.SOL_SOCKET, socket.IPPROTO_TCP, socket.IPPROTO_IPV6

OPTIONS: dict[str, OptionSpec] = {
    row.name: row
    for row in (
        _row("accept_connections", _SOL, "SO_ACCEPTCONN", "bool", writable=False),
        _row("bind_to_device", _SOL, "SO_BINDTODEVICE", "ifname"),
        _row("broadcast", _SOL, "SO_BROADCAST", "bool"),
        _row("debug", _SOL, "SO_DEBUG", "bool"),
        _row("dont_route", _SOL, "SO_DONTROUTE", "bool"),
        _row("error", _SOL, "SO_ERROR", "int", writable=False),
        _row("keepalive", _SOL, "SO_KEEPALIVE", "bool"),
        _row("linger", _SOL, "SO_LINGER", "linger"),
        _row("oob_inline", _SOL, "SO_OOBINLINE", "bool"),
        _row("pass_credentials", _SOL, "SO_PASSCRED", "bool"),
        _row("priority", _SOL, "SO_PRIORITY", "int"),
        _row("receive_buffer", _SOL, "SO_RCVBUF", "int"),
        _row("receive_low_water", _SOL, "SO_RCVLOWAT", "int"),
        _row("receive_timeout", _SOL, "SO_RCVTIMEO", "timeval"),
        _row("reuse_address", _SOL, "SO_REUSEADDR", "bool"),
        _row("reuse_port", _SOL, "SO_REUSEPORT", "bool"),
        _row("send_buffer", _SOL, "SO_SNDBUF", "int"),
        _row("send_low_water", _SOL, "SO_SNDLOWAT", "int"),
        _row("send_timeout", _SOL, "SO_SNDTIMEO", "timeval"),
        _row("type", _SOL, "SO_TYPE", "int", writable=False),
        _row("nodelay", _TCP, "TCP_NODELAY", "bool"),
        _row("tcp_cork", _TCP, "TCP_CORK", "bool"),
        _row("tcp_defer_accept", _TCP, "TCP_DEFER_ACCEPT", "int"),
        _row("tcp_keepcnt", _TCP, "TCP_KEEPCNT", "int"),
        _row("tcp_keepidle", _TCP, "TCP_KEEPIDLE", "int"),
        _row("tcp_keepintvl", _TCP, "TCP_KEEPINTVL", "int"),
        _row("tcp_linger2", _TCP, "TCP_LINGER2", "int"),
        _row("tcp_maxseg", _TCP, "TCP_MAXSEG", "int"),
        _row("tcp_quickack", _TCP, "TCP_QUICKACK", "bool"),
        _row("tcp_syncnt", _TCP, "TCP_SYNCNT", "int"),
        _row("tcp_user_timeout", _TCP, "TCP_USER_TIMEOUT", "int"),
        _row("tcp_window_clamp", _TCP, "TCP_WINDOW_CLAMP", "int"),
        _row("ipv6_only", _V6, "IPV6_V6ONLY", "bool"),
        _row("ipv6_unicast_hops", _V6, "IPV6_UNICAST_HOPS", "int"),
    )
}

# IOLib spells some names two ways; both are accepted.
_ALIASES: dict[str, str] = {
    "keep_alive": "keepalive",
    "tcp_nodelay": "nodelay",
    "v6only": "ipv6_only",
    "ipv6_v6only": "ipv6_only",
}


def lookup_option(name: object) -> OptionSpec:
    """Return the table row for option ``name``; TypeError if not a str, ValueError if unknown."""
    if not isinstance(name, str):
        raise TypeError(f"socket option name must be a str, not {type(name).__name__}")
    spec = OPTIONS.get(_ALIASES.get(name, name))
    if spec is None:
        raise ValueError(f"unknown socket option {name!r}")
    return spec


def _check_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"option {name!r} takes an int, not {value!r}")
    if not -(2**31) <= value < 2**31:
        raise ValueError(f"option {name!r} value {value} does not fit a C int")
    return value


def _check_seconds(name: str, value: object) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"option {name!r} takes seconds (a number or None), not {value!r}")
    if math.isnan(value) or value < 0 or value > 2**31:
        raise ValueError(f"option {name!r} takes seconds >= 0, not {value!r}")
    return float(value)


def encode_option(spec: OptionSpec, value: object) -> int | bytes:
    """Return the setsockopt argument for ``value``; TypeError / ValueError for a bad value.

    bool options take a bool (ints 0 and 1 too); linger takes ``(on, seconds)``,
    an int of seconds (on) or None / False (off); timeval takes seconds or None.
    """
    kind = spec.kind
    if kind == "bool":
        if value not in (True, False) or not isinstance(value, int):
            raise TypeError(f"option {spec.name!r} takes a bool, not {value!r}")
        return int(value)
    if kind == "int":
        return _check_int(spec.name, value)
    if kind == "linger":
        if value is None or value is False:
            return _LINGER.pack(0, 0)
        if isinstance(value, tuple) and len(value) == 2:
            on, seconds = value
            if not isinstance(on, bool | int):
                raise TypeError(f"option 'linger' takes (on, seconds), not {value!r}")
            return _LINGER.pack(1 if on else 0, _check_int(spec.name, seconds))
        return _LINGER.pack(1, _check_int(spec.name, value))
    if kind == "timeval":
        seconds = _check_seconds(spec.name, value)
        whole = math.floor(seconds)
        micro = min(999_999, math.ceil((seconds - whole) * 1_000_000))
        return _TIMEVAL.pack(whole, micro)
    if not isinstance(value, str):
        raise TypeError(f"option {spec.name!r} takes an interface name, not {value!r}")
    try:
        raw = value.encode("ascii")
    except UnicodeEncodeError as exc:
        raise ValueError(f"interface name {value!r} is not ASCII") from exc
    if len(raw) >= _IFNAMSIZ or b"\0" in raw:
        raise ValueError(f"interface name {value!r} is too long or holds a NUL")
    return raw


def buffer_size(spec: OptionSpec) -> int:
    """Return the getsockopt buffer length the option needs (0: a plain int)."""
    return {
        "linger": _LINGER.size,
        "timeval": _TIMEVAL.size,
        "ifname": _IFNAMSIZ,
    }.get(spec.kind, 0)


def decode_option(spec: OptionSpec, raw: int | bytes) -> OptionValue:
    """Turn getsockopt's result for ``spec`` into its Python value."""
    kind = spec.kind
    if isinstance(raw, int):
        return bool(raw) if kind == "bool" else raw
    if kind == "linger":
        on, seconds = _LINGER.unpack(raw.ljust(_LINGER.size, b"\0")[: _LINGER.size])
        return Linger(bool(on), int(seconds))
    if kind == "timeval":
        sec, usec = _TIMEVAL.unpack(raw.ljust(_TIMEVAL.size, b"\0")[: _TIMEVAL.size])
        return int(sec) + int(usec) / 1_000_000
    return raw.split(b"\0", 1)[0].decode("ascii", "replace")
