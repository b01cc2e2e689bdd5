"""make_socket and friends: one table picks the class, one table the allowed keywords.

:data:`SOCKET_CLASSES` maps ``(family, type, connect)`` to the concrete class
and :data:`SOCKET_KEYWORDS` maps the same key to IOLib's keyword set for that
combination; validation, the TypeError naming a stray keyword, and the
documentation all read these two tables.
"""

from __future__ import annotations

import builtins
import functools
import socket
from collections.abc import Mapping
from typing import Literal

from iolib.sockets._active import ActiveSocket, connect_socket
from iolib.sockets._base import Socket
from iolib.sockets._classes import (
    SocketDatagramInternetActive,
    SocketDatagramLocalActive,
    SocketStreamInternetActive,
    SocketStreamInternetPassive,
    SocketStreamLocalActive,
    SocketStreamLocalPassive,
)
from iolib.sockets._designators import (
    Ipv6Preference,
    parse_text_address,
    resolve_host,
    resolve_port,
)
from iolib.sockets._errors import SocketError, socket_error_from
from iolib.sockets._options import encode_option, lookup_option
from iolib.sockets._passive import PassiveSocket, check_backlog
from iolib.sockets._sockaddr import inet_host_text

__all__ = [
    "SOCKET_CLASSES",
    "SOCKET_KEYWORDS",
    "make_internet_socket",
    "make_socket",
    "make_socket_from_fd",
    "make_socket_pair",
]

AddressFamily = Literal["internet", "ipv4", "ipv6", "local", "file"]
SocketType = Literal["stream", "datagram"]
Connect = Literal["active", "passive"]
_Key = tuple[str, str, str]

SOCKET_CLASSES: dict[_Key, type[ActiveSocket] | type[PassiveSocket]] = {
    ("internet", "stream", "active"): SocketStreamInternetActive,
    ("internet", "stream", "passive"): SocketStreamInternetPassive,
    ("local", "stream", "active"): SocketStreamLocalActive,
    ("local", "stream", "passive"): SocketStreamLocalPassive,
    ("internet", "datagram", "active"): SocketDatagramInternetActive,
    ("local", "datagram", "active"): SocketDatagramLocalActive,
}

# IOLib's make-socket keywords per combination (its manual, "make-socket").
SOCKET_KEYWORDS: dict[_Key, frozenset[str]] = {
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
        }
    ),
    ("internet", "stream", "passive"): frozenset(
        {"local_host", "local_port", "backlog", "reuse_address", "interface", "nodelay"}
    ),
    ("local", "stream", "active"): frozenset(
        {"local_filename", "remote_filename", "input_buffer_size", "output_buffer_size"}
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

_FAMILY_AXIS = {
    "internet": "internet",
    "ipv4": "internet",
    "ipv6": "internet",
    "local": "local",
    "file": "local",
}
_OS_TYPE = {"stream": socket.SOCK_STREAM, "datagram": socket.SOCK_DGRAM}
_IPV6_CHOICES = (None, True, False, "ipv6")
_AF_INET, _AF_INET6, _SOCK_STREAM = (
    int(socket.AF_INET),
    int(socket.AF_INET6),
    int(socket.SOCK_STREAM),
)
_IPPROTO_IPV6, _IPV6_V6ONLY = int(socket.IPPROTO_IPV6), int(socket.IPV6_V6ONLY)


def _choice(name: str, value: object, choices: Mapping[str, object] | tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {value!r}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, not {value!r}")
    return value


def _family_plan(address_family: str, ipv6: object) -> tuple[bool | None, bool]:
    """Return (AF_INET6?, IPV6_V6ONLY) for the family and ``ipv6``; None: infer from addresses."""
    if ipv6 not in _IPV6_CHOICES or (isinstance(ipv6, int) and not isinstance(ipv6, bool)):
        raise TypeError(f"ipv6 must be None, True, False or 'ipv6', not {ipv6!r}")
    if address_family == "ipv4":
        if ipv6 is True or ipv6 == "ipv6":
            raise ValueError("address_family 'ipv4' contradicts ipv6=" + repr(ipv6))
        return False, True
    if address_family == "ipv6" or ipv6 is True or ipv6 == "ipv6":
        return True, ipv6 is not True
    if ipv6 is False:
        return False, True
    return None, True


def _preference(is6: bool | None, v6only: bool) -> Ipv6Preference:
    if is6 is None:
        return None
    if not is6:
        return False
    return "ipv6" if v6only else True


class _Attempt:
    """One OS socket being set up by make_socket; ``step`` names the call in progress."""

    def __init__(self, is6: bool, kind: int) -> None:
        self.step = "socket"
        try:
            self.sock = socket.socket(socket.AF_INET6 if is6 else socket.AF_INET, kind)
        except OSError as exc:
            raise socket_error_from(exc, "socket") from exc

    def option(self, name: str, value: object) -> None:
        spec = lookup_option(name)
        self.step = f"setsockopt({name})"
        self.sock.setsockopt(spec.level, spec.option, encode_option(spec, value))


_Target = tuple[bool, tuple[str, int]]


def _targets(host: object, port: object, proto: str, pref: Ipv6Preference) -> list[_Target]:
    """Return ``(is IPv6, sockaddr)`` for each address of a host designator, in order."""
    number = resolve_port(0 if port is None else port, proto)
    result = []
    for address in resolve_host(host, pref):
        is6 = pref in (True, "ipv6") or (pref is None and address.version == 6)
        result.append((is6, (inet_host_text(address, is6), number)))
    return result


def _wrap(
    cls: type[ActiveSocket] | type[PassiveSocket],
    sock: socket.socket,
    *,
    is6: bool,
    external_format: object,
    options: Mapping[str, object],
    listening: bool = False,
) -> Socket:
    """Return the socket object for ``sock``; on failure ``sock`` is still the caller's."""
    if issubclass(cls, PassiveSocket):
        return cls(sock, ipv6=is6, external_format=external_format, listening=listening)
    return cls(
        sock,
        ipv6=is6,
        external_format=external_format,
        input_buffer_size=options.get("input_buffer_size"),  # type: ignore[arg-type]  # the stream checks it
        output_buffer_size=options.get("output_buffer_size"),  # type: ignore[arg-type]  # the stream checks it
    )


def make_internet_socket(
    key: _Key,
    address_family: str,
    *,
    ipv6: object,
    external_format: object,
    options: Mapping[str, object],
    connect_timeout: float | None = None,
) -> Socket:
    """Build an internet socket for make_socket (and socket_connect's bounded connect)."""
    _, kind, role = key
    cls = SOCKET_CLASSES[key]
    is6, v6only = _family_plan(address_family, ipv6)
    pref = _preference(is6, v6only)
    proto = "tcp" if kind == "stream" else "udp"
    passive = role == "passive"
    local_host, local_port = options.get("local_host"), options.get("local_port")
    remote_host, remote_port = options.get("remote_host"), options.get("remote_port")
    backlog = check_backlog(options.get("backlog")) if passive else 0
    reuse = options.get("reuse_address", kind == "stream")
    local: _Target | None = None
    if local_host is not None or local_port is not None:
        wildcard = local_host is None
        local = _targets(
            "::" if wildcard and is6 else local_host or "0.0.0.0", local_port, proto, pref
        )[0]
        if is6 is None and not wildcard:
            is6 = local[0]
            pref = _preference(is6, v6only)
            local = _targets(local_host, local_port, proto, pref)[0]
    remotes: list[_Target] = [(bool(is6), ("", 0))]
    if remote_host is not None:
        if remote_port is None:
            raise TypeError("remote_host needs remote_port")
        remotes = _targets(remote_host, remote_port, proto, pref)
        if local is not None:
            remotes = [r for r in remotes if r[0] == local[0]] or remotes
    elif remote_port is not None:
        raise TypeError("remote_port needs remote_host")
    first_error: SocketError | None = None
    for family6, remote in remotes:
        attempt = _Attempt(family6, _OS_TYPE[kind])
        sock = attempt.sock
        try:
            if family6:
                attempt.option("ipv6_only", v6only)
            for name in ("keepalive", "nodelay", "broadcast"):
                if options.get(name):
                    attempt.option(name, True)
            if options.get("interface") is not None:
                attempt.option("bind_to_device", options["interface"])
            if local is not None:
                if reuse:
                    attempt.option("reuse_address", True)
                attempt.step = f"bind({local[1][0]}:{local[1][1]})"
                sock.bind(local[1])
                if passive:
                    attempt.step = "listen"
                    sock.listen(backlog)
            if remote_host is not None:
                attempt.step = f"connect({remote[0]}:{remote[1]})"
                if connect_timeout is None:
                    sock.connect(remote)
                else:
                    sock.setblocking(False)
                    connect_socket(sock, remote, True, connect_timeout)
            if passive:
                attempt.step = "setblocking"
                sock.setblocking(False)
            return _wrap(
                cls,
                sock,
                is6=family6,
                external_format=external_format,
                options=options,
                listening=local is not None,
            )
        except OSError as exc:
            sock.close()
            error = socket_error_from(exc, attempt.step)
            if remote_host is None or not attempt.step.startswith("connect"):
                if error is exc:
                    raise
                raise error from exc
            if first_error is None:
                first_error = error
                if error is not exc:
                    error.__cause__ = exc
        except BaseException:
            sock.close()
            raise
    assert first_error is not None
    raise first_error


def _make_local(key: _Key, external_format: object, options: Mapping[str, object]) -> Socket:
    _, kind, role = key
    cls = SOCKET_CLASSES[key]
    backlog = check_backlog(options.get("backlog")) if role == "passive" else 0
    try:
        sock = socket.socket(socket.AF_UNIX, _OS_TYPE[kind])
    except OSError as exc:
        raise socket_error_from(exc, "socket") from exc
    try:
        if role == "passive":
            sock.setblocking(False)
        made = _wrap(cls, sock, is6=False, external_format=external_format, options=options)
    except BaseException:
        sock.close()
        raise
    try:
        local = options.get("local_filename")
        if local is not None:
            reuse = bool(options.get("reuse_address", True))
            made.bind_address(local, reuse_address=reuse)  # type: ignore[attr-defined]  # a LocalSocket
            if isinstance(made, PassiveSocket):
                made.listen_on(backlog)
        remote = options.get("remote_filename")
        if remote is not None and isinstance(made, ActiveSocket):
            made.connect(remote)
    except BaseException:
        made.close(abort=True)
        raise
    return made


_REMOTE_ONLY = frozenset({"remote_host", "remote_port"})


@functools.lru_cache(maxsize=256)
def _numeric_target(host: str, port: int) -> _Target | None:
    """``(is IPv6, sockaddr)`` for a numeric host text and a port, else None (a name)."""
    if parse_text_address(host) is None or not 0 <= port <= 65535:
        return None
    return _targets(host, port, "tcp", None)[0]


def _connect_numeric(target: _Target, external_format: object) -> Socket:
    """make_socket's common case: a TCP connection to a numeric address, nothing else set."""
    is6, sockaddr = target
    try:
        sock = socket.socket(_AF_INET6 if is6 else _AF_INET, _SOCK_STREAM)
    except OSError as exc:
        raise socket_error_from(exc, "socket") from exc
    try:
        if is6:
            sock.setsockopt(_IPPROTO_IPV6, _IPV6_V6ONLY, 1)
        sock.connect(sockaddr)
        return SocketStreamInternetActive(sock, ipv6=is6, external_format=external_format)
    except OSError as exc:
        sock.close()
        raise socket_error_from(exc, f"connect({sockaddr[0]}:{sockaddr[1]})") from exc
    except BaseException:
        sock.close()
        raise


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
    with ``local_host`` / ``local_port`` (or ``local_filename``) is bound and
    listening; without, unbound. ``reuse_address`` defaults to True for stream
    sockets and False for datagram ones. An active socket with
    ``remote_host`` connects, trying each address of a host name in turn and
    closing the losers. Raises SocketError subclasses for OS failures.
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
            target = _numeric_target(host, port)
            if target is not None:
                return _connect_numeric(target, external_format)
    family = _choice("address_family", address_family, _FAMILY_AXIS)
    kind = _choice("type", type, ("stream", "datagram"))
    role = _choice("connect", connect, ("active", "passive"))
    key = (_FAMILY_AXIS[family], kind, role)
    allowed = SOCKET_KEYWORDS.get(key)
    if allowed is None:
        raise ValueError(f"no {kind} {role} socket: datagram sockets are always active")
    stray = options.keys() - allowed
    if stray:
        name = sorted(stray)[0]
        raise TypeError(
            f"make_socket() got keyword {name!r}, not valid for a {key[0]} {kind} {role} socket"
        )
    if key[0] == "local":
        if ipv6 not in _IPV6_CHOICES:
            raise TypeError(f"ipv6 must be None, True, False or 'ipv6', not {ipv6!r}")
        return _make_local(key, external_format, options)
    return make_internet_socket(
        key, family, ipv6=ipv6, external_format=external_format, options=options
    )


_FD_FAMILIES = {socket.AF_INET: "internet", socket.AF_INET6: "internet", socket.AF_UNIX: "local"}
_FD_TYPES = {socket.SOCK_STREAM: "stream", socket.SOCK_DGRAM: "datagram"}


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
        made = _wrap(
            cls, sock, is6=is6, external_format=external_format, options=sizes, listening=listening
        )
        if role == "passive":
            sock.setblocking(False)
    except BaseException:
        sock.detach()
        raise
    return made


def make_socket_pair(
    type: SocketType = "stream",
    external_format: object = "utf-8",
    input_buffer_size: int | None = None,
    output_buffer_size: int | None = None,
) -> tuple[ActiveSocket, ActiveSocket]:
    """Return two connected local active sockets of ``type`` "stream" or "datagram"."""
    kind = _choice("type", type, ("stream", "datagram"))
    cls = SOCKET_CLASSES[("local", kind, "active")]
    assert issubclass(cls, ActiveSocket)
    try:
        pair = socket.socketpair(socket.AF_UNIX, _OS_TYPE[kind])
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
