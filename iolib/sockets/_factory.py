"""make_socket and friends: the public constructors of sockets.

make_socket picks the class and checks the keywords from the two tables of
``_tables.py``, then builds the socket (``_builders.py``); the common case, a
TCP connection to a numeric address, takes a short path of its own.
"""

from __future__ import annotations

import builtins
import socket
from collections.abc import Mapping
from typing import Literal, Unpack, overload

from iolib.sockets._active import ActiveSocket
from iolib.sockets._base import Socket
from iolib.sockets._builders import (
    connect_numeric,
    make_internet_socket,
    make_local_socket,
    numeric_target,
    wrap_socket,
)
from iolib.sockets._classes import (
    SocketDatagramInternetActive,
    SocketDatagramLocalActive,
    SocketStreamInternetActive,
    SocketStreamInternetPassive,
    SocketStreamLocalActive,
    SocketStreamLocalPassive,
)
from iolib.sockets._designators import Ipv6Preference
from iolib.sockets._errors import socket_error_from
from iolib.sockets._keywords import (
    InetDatagramKeywords,
    InetStreamActiveKeywords,
    InetStreamPassiveKeywords,
    LocalDatagramKeywords,
    LocalStreamActiveKeywords,
    LocalStreamPassiveKeywords,
)
from iolib.sockets._passive import PassiveSocket
from iolib.sockets._tables import (
    FAMILY_AXIS,
    IPV6_CHOICES,
    OS_TYPE,
    SOCKET_CLASSES,
    SOCKET_KEYWORDS,
    AddressFamily,
    Connect,
    SocketType,
)

__all__ = [
    "SOCKET_CLASSES",
    "SOCKET_KEYWORDS",
    "make_socket",
    "make_socket_from_fd",
    "make_socket_pair",
]

_AF_INET, _AF_INET6 = int(socket.AF_INET), int(socket.AF_INET6)
_SOCK_STREAM = int(socket.SOCK_STREAM)
_IPPROTO_IPV6, _IPV6_V6ONLY = int(socket.IPPROTO_IPV6), int(socket.IPV6_V6ONLY)


def _choice(name: str, value: object, choices: Mapping[str, object] | tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {value!r}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, not {value!r}")
    return value


_REMOTE_ONLY = frozenset({"remote_host", "remote_port"})

_ARTICLE = {"internet": "an", "local": "a"}

_InternetFamily = Literal["internet", "ipv4", "ipv6"]
_LocalFamily = Literal["local", "file"]


# The class follows (address_family, type, connect): one overload per row of
# SOCKET_CLASSES, each accepting only that combination's keywords
# (``_keywords.py``). A union of literals gets the union of the classes. There
# is deliberately no catch-all overload: it would accept every keyword for
# every combination, and a datagram passive socket, which make_socket refuses.
@overload
def make_socket(
    *,
    address_family: _InternetFamily = "internet",
    type: Literal["stream"] = "stream",
    connect: Literal["active"] = "active",
    ipv6: Ipv6Preference = None,
    external_format: object = "utf-8",
    **options: Unpack[InetStreamActiveKeywords],
) -> SocketStreamInternetActive: ...


@overload
def make_socket(
    *,
    address_family: _InternetFamily = "internet",
    type: Literal["stream"] = "stream",
    connect: Literal["passive"],
    ipv6: Ipv6Preference = None,
    external_format: object = "utf-8",
    **options: Unpack[InetStreamPassiveKeywords],
) -> SocketStreamInternetPassive: ...


@overload
def make_socket(
    *,
    address_family: _InternetFamily = "internet",
    type: Literal["datagram"],
    connect: Literal["active"] = "active",
    ipv6: Ipv6Preference = None,
    external_format: object = "utf-8",
    **options: Unpack[InetDatagramKeywords],
) -> SocketDatagramInternetActive: ...


@overload
def make_socket(
    *,
    address_family: _LocalFamily,
    type: Literal["stream"] = "stream",
    connect: Literal["active"] = "active",
    ipv6: Ipv6Preference = None,
    external_format: object = "utf-8",
    **options: Unpack[LocalStreamActiveKeywords],
) -> SocketStreamLocalActive: ...


@overload
def make_socket(
    *,
    address_family: _LocalFamily,
    type: Literal["stream"] = "stream",
    connect: Literal["passive"],
    ipv6: Ipv6Preference = None,
    external_format: object = "utf-8",
    **options: Unpack[LocalStreamPassiveKeywords],
) -> SocketStreamLocalPassive: ...


@overload
def make_socket(
    *,
    address_family: _LocalFamily,
    type: Literal["datagram"],
    connect: Literal["active"] = "active",
    ipv6: Ipv6Preference = None,
    external_format: object = "utf-8",
    **options: Unpack[LocalDatagramKeywords],
) -> SocketDatagramLocalActive: ...


def make_socket(
    *,
    address_family: AddressFamily = "internet",
    type: SocketType = "stream",
    connect: Connect = "active",
    ipv6: Ipv6Preference = None,
    external_format: object = "utf-8",
    **options: object,
) -> Socket:
    """Create a socket of the class that ``(address_family, type, connect)`` names.

    ``options`` are IOLib's keywords for that combination (see SOCKET_KEYWORDS);
    any other raises TypeError naming it. An internet socket is IPv4 unless
    ``address_family="ipv6"``, ``ipv6`` is True (dual-stack: IPV6_V6ONLY off,
    IPv4 peers appear as IPv4-mapped) or "ipv6" (IPv6 only), or, with ipv6
    None, the first local / remote address given is IPv6. A passive socket
    with ``local_host`` (or ``local_filename``) is bound and listening;
    without, unbound (as in IOLib, ``local_port`` alone binds nothing).
    ``reuse_address`` defaults to True for stream sockets and False for
    datagram ones. An active stream socket with a ``remote_host`` name of
    several addresses races them (Happy Eyeballs, ``happy_eyeballs_delay``)
    and closes the losers; a datagram one takes the first that connects.
    Host names resolve through :mod:`iolib.dns` (ResolverError when they do
    not). Raises SocketError subclasses for OS failures.
    """
    if (
        connect == "active"
        and type == "stream"
        and address_family == "internet"
        and ipv6 is None
        and options.keys() == _REMOTE_ONLY
    ):
        host, port = options["remote_host"], options["remote_port"]
        if builtins.type(host) is str and builtins.type(port) is int:
            target = numeric_target(host, port)
            if target is not None:
                return connect_numeric(target, SocketStreamInternetActive, external_format)
    family = _choice("address_family", address_family, FAMILY_AXIS)
    kind = _choice("type", type, ("stream", "datagram"))
    role = _choice("connect", connect, ("active", "passive"))
    key = (FAMILY_AXIS[family], kind, role)
    allowed = SOCKET_KEYWORDS.get(key)
    if allowed is None:
        raise ValueError(f"no {kind} {role} socket: datagram sockets are always active")
    stray = options.keys() - allowed
    if stray:
        name = sorted(stray)[0]
        combination = f"{_ARTICLE[key[0]]} {key[0]} {kind} {role} socket"
        raise TypeError(f"make_socket() got keyword {name!r}, not valid for {combination}")
    if key[0] == "local":
        if ipv6 not in IPV6_CHOICES:
            raise TypeError(f"ipv6 must be None, True, False or 'ipv6', not {ipv6!r}")
        return make_local_socket(key, external_format, options)
    return make_internet_socket(
        key, family, ipv6=ipv6, external_format=external_format, options=options
    )


_FD_FAMILIES = {socket.AF_INET: "internet", socket.AF_INET6: "internet", socket.AF_UNIX: "local"}
_FD_TYPES = {socket.SOCK_STREAM: "stream", socket.SOCK_DGRAM: "datagram"}


@overload
def make_socket_from_fd(
    fd: int,
    connect: Literal["passive"],
    external_format: object = "utf-8",
    input_buffer_size: int | None = None,
    output_buffer_size: int | None = None,
) -> PassiveSocket: ...


@overload
def make_socket_from_fd(
    fd: int,
    connect: Literal["active"] = "active",
    external_format: object = "utf-8",
    input_buffer_size: int | None = None,
    output_buffer_size: int | None = None,
) -> ActiveSocket: ...


def make_socket_from_fd(
    fd: int,
    connect: Connect = "active",
    external_format: object = "utf-8",
    input_buffer_size: int | None = None,
    output_buffer_size: int | None = None,
) -> Socket:
    """Wrap descriptor ``fd`` (family and type read from the OS) in a socket object.

    The socket owns ``fd`` from then on (and never unlinks a file it did not
    bind). On failure ``fd`` is left open and still the caller's. Raises
    TypeError / ValueError for a bad ``fd`` or combination, a SocketError
    subclass when ``fd`` is no socket (SocketNotASocketError) or is closed.
    """
    if isinstance(fd, bool) or not isinstance(fd, int):
        raise TypeError(f"fd must be an int, not {fd!r}")
    if fd < 0:
        raise ValueError(f"fd must be >= 0, not {fd}")
    role = _choice("connect", connect, ("active", "passive"))
    try:
        sock = socket.socket(fileno=fd)
    except OSError as exc:
        raise socket_error_from(exc, "make_socket_from_fd") from exc
    try:
        family = _FD_FAMILIES.get(sock.family)
        kind = _FD_TYPES.get(sock.type)
        if family is None or kind is None:
            raise ValueError(f"fd {fd} is a socket of family/type iolib does not handle")
        cls = SOCKET_CLASSES.get((family, kind, role))
        if cls is None:
            raise ValueError(f"fd {fd} is a datagram socket, which is never passive")
        is6 = sock.family == socket.AF_INET6
        listening = role == "passive" and bool(
            sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
        )
        sizes = {"input_buffer_size": input_buffer_size, "output_buffer_size": output_buffer_size}
        made = wrap_socket(
            cls, sock, is6=is6, external_format=external_format, options=sizes, listening=listening
        )
        if role == "passive":
            sock.setblocking(False)
    except BaseException:
        sock.detach()
        raise
    return made


@overload
def make_socket_pair(
    type: Literal["stream"] = "stream",
    external_format: object = "utf-8",
    input_buffer_size: int | None = None,
    output_buffer_size: int | None = None,
) -> tuple[SocketStreamLocalActive, SocketStreamLocalActive]: ...


@overload
def make_socket_pair(
    type: Literal["datagram"],
    external_format: object = "utf-8",
    input_buffer_size: int | None = None,
    output_buffer_size: int | None = None,
) -> tuple[SocketDatagramLocalActive, SocketDatagramLocalActive]: ...


@overload
def make_socket_pair(
    type: SocketType = "stream",
    external_format: object = "utf-8",
    input_buffer_size: int | None = None,
    output_buffer_size: int | None = None,
) -> (
    tuple[SocketStreamLocalActive, SocketStreamLocalActive]
    | tuple[SocketDatagramLocalActive, SocketDatagramLocalActive]
): ...


def make_socket_pair(
    type: SocketType = "stream",
    external_format: object = "utf-8",
    input_buffer_size: int | None = None,
    output_buffer_size: int | None = None,
) -> tuple[ActiveSocket, ActiveSocket]:
    """Return two connected local active sockets of ``type`` "stream" or "datagram"."""
    kind = _choice("type", type, ("stream", "datagram"))
    cls = SocketStreamLocalActive if kind == "stream" else SocketDatagramLocalActive
    try:
        pair = socket.socketpair(socket.AF_UNIX, OS_TYPE[kind])
    except OSError as exc:
        raise socket_error_from(exc, "socketpair") from exc
    made: list[ActiveSocket] = []
    try:
        for sock in pair:
            made.append(
                cls(
                    sock,
                    external_format=external_format,
                    input_buffer_size=input_buffer_size,
                    output_buffer_size=output_buffer_size,
                )
            )
    except BaseException:
        for sock in pair:
            sock.close()
        for obj in made:
            obj.close(abort=True)
        raise
    return made[0], made[1]
