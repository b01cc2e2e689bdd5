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
from typing import Literal, overload

from iolib.address import IPV4_UNSPECIFIED, InetAddress
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
from iolib.sockets._connect import (
    DEFAULT_HAPPY_EYEBALLS_DELAY,
    Target,
    check_delay,
    interleave,
    race,
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


def _targets(host: object, port: object, proto: str, pref: Ipv6Preference) -> list[Target]:
    """Return a Target for each address of a host designator, in order."""
    number = resolve_port(0 if port is None else port, proto)
    result = []
    for address in resolve_host(host, pref):
        is6 = pref in (True, "ipv6") or (pref is None and address.version == 6)
        result.append(Target(is6, (inet_host_text(address, is6), number), address))
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


class _Plan:
    """What make_socket does to each OS socket before connecting: options, bind, listen."""

    def __init__(
        self,
        kind: str,
        v6only: bool,
        options: Mapping[str, object],
        local: Target | None,
        backlog: int | None,
    ) -> None:
        self.kind = _OS_TYPE[kind]
        self.v6only = v6only
        self.options = options
        self.local = local
        self.backlog = backlog
        self.reuse = options.get("reuse_address", kind == "stream")

    def prepare(self, target: Target) -> socket.socket:
        """Return a new socket for ``target``'s family, set up; closed and raised on failure."""
        attempt = _Attempt(target.is6, self.kind)
        sock, options = attempt.sock, self.options
        try:
            if target.is6:
                attempt.option("ipv6_only", self.v6only)
            for name in ("keepalive", "nodelay", "broadcast"):
                if options.get(name):
                    attempt.option(name, True)
            if options.get("interface") is not None:
                attempt.option("bind_to_device", options["interface"])
            local = self.local
            if local is not None:
                if self.reuse:
                    attempt.option("reuse_address", True)
                attempt.step = f"bind({local.sockaddr[0]}:{local.sockaddr[1]})"
                sock.bind(local.sockaddr)
                if self.backlog is not None:
                    attempt.step = "listen"
                    sock.listen(self.backlog)
        except OSError as exc:
            sock.close()
            raise socket_error_from(exc, attempt.step) from exc
        except BaseException:
            sock.close()
            raise
        return sock


def _connect_in_turn(
    plan: _Plan, targets: list[Target], timeout: float | None
) -> tuple[socket.socket, Target]:
    """Connect to each target in turn (blocking, or bounded by ``timeout`` each)."""
    attempts: list[tuple[object, SocketError]] = []
    for target in targets:
        sock = plan.prepare(target)
        try:
            if timeout is None:
                sock.connect(target.sockaddr)
            else:
                sock.setblocking(False)
                connect_socket(sock, target.sockaddr, True, timeout)
            return sock, target
        except OSError as exc:
            sock.close()
            where = f"connect({target.sockaddr[0]}:{target.sockaddr[1]})"
            error = socket_error_from(exc, where)
            if error is not exc:
                error.__cause__ = exc
            attempts.append((target.address, error))
        except BaseException:
            sock.close()
            raise
    first = attempts[0][1]
    if len(attempts) > 1:
        first.attempts = attempts
    raise first


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
    delay = check_delay(options.get("happy_eyeballs_delay", DEFAULT_HAPPY_EYEBALLS_DELAY))
    local_host, local_port = options.get("local_host"), options.get("local_port")
    remote_host, remote_port = options.get("remote_host"), options.get("remote_port")
    backlog = check_backlog(options.get("backlog")) if passive else None
    local: Target | None = None
    if local_host is not None or local_port is not None:
        wildcard = local_host is None
        local = _targets(
            "::" if wildcard and is6 else local_host or "0.0.0.0", local_port, proto, pref
        )[0]
        if is6 is None and not wildcard:
            is6 = local.is6
            pref = _preference(is6, v6only)
            local = _targets(local_host, local_port, proto, pref)[0]
    plan = _Plan(kind, v6only, options, local, backlog if local is not None else None)
    if remote_host is None:
        if remote_port is not None:
            raise TypeError("remote_port needs remote_host")
        family6 = bool(is6)
        sock = plan.prepare(Target(family6, ("", 0), IPV4_UNSPECIFIED))
    else:
        if remote_port is None:
            raise TypeError("remote_host needs remote_port")
        remotes = _targets(remote_host, remote_port, proto, pref)
        if local is not None:
            remotes = [r for r in remotes if r.is6 == local.is6] or remotes
        if len(remotes) > 1 and kind == "stream":
            sock, chosen = race(interleave(remotes), plan.prepare, delay, connect_timeout)
        else:
            sock, chosen = _connect_in_turn(plan, remotes, connect_timeout)
        family6 = chosen.is6
    try:
        if passive:
            sock.setblocking(False)
        made = _wrap(
            cls,
            sock,
            is6=family6,
            external_format=external_format,
            options=options,
            listening=local is not None,
        )
    except OSError as exc:
        sock.close()
        raise socket_error_from(exc, "setblocking") from exc
    except BaseException:
        sock.close()
        raise
    _start_tls(made, options, remote_host, connect_timeout)
    return made


def _start_tls(
    made: Socket, options: Mapping[str, object], host: object, timeout: float | None
) -> None:
    """Run the ``tls=`` keyword's handshake on a new active socket; close it on failure."""
    context = options.get("tls")
    if context is None or not isinstance(made, ActiveSocket):
        return
    name = options.get("server_hostname")
    if name is None and isinstance(host, str | InetAddress):
        name = str(host)
    if name is not None and not isinstance(name, str):
        made.close(abort=True)
        raise TypeError(f"server_hostname must be a str or None, not {name!r}")
    try:
        made.start_tls(context, server_hostname=name, timeout=timeout)  # type: ignore[arg-type]  # start_tls checks it
    except BaseException:
        made.close(abort=True)
        raise


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
    _start_tls(made, options, None, None)
    return made


_REMOTE_ONLY = frozenset({"remote_host", "remote_port"})


@functools.lru_cache(maxsize=256)
def _numeric_target(host: str, port: int) -> Target | None:
    """``(is IPv6, sockaddr)`` for a numeric host text and a port, else None (a name)."""
    if parse_text_address(host) is None or not 0 <= port <= 65535:
        return None
    return _targets(host, port, "tcp", None)[0]


def _connect_numeric(target: Target, external_format: object) -> Socket:
    """make_socket's common case: a TCP connection to a numeric address, nothing else set."""
    is6, sockaddr, _ = target
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


@overload
def make_socket(
    *,
    address_family: AddressFamily = "internet",
    type: SocketType = "stream",
    connect: Literal["passive"],
    ipv6: Ipv6Preference = None,
    external_format: object = "utf-8",
    **options: object,
) -> PassiveSocket: ...


@overload
def make_socket(
    *,
    address_family: AddressFamily = "internet",
    type: SocketType = "stream",
    connect: Literal["active"] = "active",
    ipv6: Ipv6Preference = None,
    external_format: object = "utf-8",
    **options: object,
) -> ActiveSocket: ...


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
