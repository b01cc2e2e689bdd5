"""Building internet and local sockets for make_socket: options, bind, listen, connect, TLS."""

from __future__ import annotations

import functools
import socket
import time
from collections.abc import Mapping

from iolib.address import IPV4_UNSPECIFIED, InetAddress
from iolib.sockets._active import ActiveSocket, connect_socket
from iolib.sockets._base import Socket
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
from iolib.sockets._tables import IPV6_CHOICES, OS_TYPE, SOCKET_CLASSES, Key

__all__ = [
    "connect_numeric",
    "inet_targets",
    "make_internet_socket",
    "make_local_socket",
    "numeric_target",
    "wrap_socket",
]


def _family_plan(address_family: str, ipv6: object) -> tuple[bool | None, bool]:
    """Return (AF_INET6?, IPV6_V6ONLY) for the family and ``ipv6``; None: infer from addresses."""
    if ipv6 not in IPV6_CHOICES or (isinstance(ipv6, int) and not isinstance(ipv6, bool)):
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


def inet_targets(
    host: object, port: object, proto: str, pref: Ipv6Preference, timeout: float | None = None
) -> list[Target]:
    """Return a Target for each address of a host designator, in order.

    ``timeout`` bounds a name's lookup (ResolverAgainError when it runs out).
    """
    number = resolve_port(0 if port is None else port, proto)
    result = []
    for address in resolve_host(host, pref, timeout):
        is6 = pref in (True, "ipv6") or (pref is None and address.version == 6)
        result.append(Target(is6, (inet_host_text(address, is6), number), address))
    return result


def wrap_socket(
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
        self.kind = OS_TYPE[kind]
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
    """Connect to each target in turn (blocking, or all of them within ``timeout``)."""
    attempts: list[tuple[object, SocketError]] = []
    deadline = None if timeout is None else time.monotonic() + timeout
    for target in targets:
        if deadline is not None and attempts and time.monotonic() >= deadline:
            break  # the time is up: the attempts so far are the story
        sock = plan.prepare(target)
        try:
            if deadline is None:
                sock.connect(target.sockaddr)
            else:
                sock.setblocking(False)
                connect_socket(sock, target.sockaddr, True, max(0.0, deadline - time.monotonic()))
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
    key: Key,
    address_family: str,
    *,
    ipv6: object,
    external_format: object,
    options: Mapping[str, object],
    connect_timeout: float | None = None,
    port_binds: bool = False,
) -> Socket:
    """Build an internet socket for make_socket (and socket_connect's bounded connect).

    As in IOLib the socket is bound only when ``local_host`` is given, unless
    ``port_binds`` (usocket's rule): then ``local_port`` alone binds the wildcard.
    """
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
    if local_host is None and local_port is not None and not port_binds:
        resolve_port(local_port, proto)  # IOLib binds only with local_host; still checked
    elif local_host is not None or local_port is not None:
        wildcard = local_host is None
        local = inet_targets(
            "::" if wildcard and is6 else local_host or "0.0.0.0", local_port, proto, pref
        )[0]
        if is6 is None and not wildcard:
            is6 = local.is6
            pref = _preference(is6, v6only)
            local = inet_targets(local_host, local_port, proto, pref)[0]
    plan = _Plan(kind, v6only, options, local, backlog if local is not None else None)
    if remote_host is None:
        if remote_port is not None:
            raise TypeError("remote_port needs remote_host")
        family6 = bool(is6)
        sock = plan.prepare(Target(family6, ("", 0), IPV4_UNSPECIFIED))
    else:
        if remote_port is None:
            raise TypeError("remote_host needs remote_port")
        started = time.monotonic()
        remotes = inet_targets(remote_host, remote_port, proto, pref, connect_timeout)
        if connect_timeout is not None:  # the lookup spent part of the budget
            connect_timeout = max(0.0, connect_timeout - (time.monotonic() - started))
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
        made = wrap_socket(
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


def make_local_socket(key: Key, external_format: object, options: Mapping[str, object]) -> Socket:
    _, kind, role = key
    cls = SOCKET_CLASSES[key]
    backlog = check_backlog(options.get("backlog")) if role == "passive" else 0
    try:
        sock = socket.socket(socket.AF_UNIX, OS_TYPE[kind])
    except OSError as exc:
        raise socket_error_from(exc, "socket") from exc
    try:
        if role == "passive":
            sock.setblocking(False)
        made = wrap_socket(cls, sock, is6=False, external_format=external_format, options=options)
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


_AF_INET, _AF_INET6 = int(socket.AF_INET), int(socket.AF_INET6)
_IPPROTO_IPV6, _IPV6_V6ONLY = int(socket.IPPROTO_IPV6), int(socket.IPV6_V6ONLY)


@functools.lru_cache(maxsize=256)
def numeric_target(host: str, port: int) -> Target | None:
    """The Target for a numeric host text and a port number, else None (a host name)."""
    if parse_text_address(host) is None or not 0 <= port <= 65535:
        return None
    return inet_targets(host, port, "tcp", None)[0]


def connect_numeric(
    target: Target, cls: type[ActiveSocket], external_format: object
) -> ActiveSocket:
    """The common case: connect a new stream or datagram socket to a numeric address.

    No options, no bind, a plain connect(2): what make_socket(remote_host=,
    remote_port=) and socket_connect(host, port) mostly do.
    """
    is6, sockaddr, _ = target
    try:
        sock = socket.socket(_AF_INET6 if is6 else _AF_INET, OS_TYPE[cls.socket_type])
    except OSError as exc:
        raise socket_error_from(exc, "socket") from exc
    try:
        if is6:
            sock.setsockopt(_IPPROTO_IPV6, _IPV6_V6ONLY, 1)
        sock.connect(sockaddr)
        return cls(sock, ipv6=is6, external_format=external_format)
    except OSError as exc:
        sock.close()
        raise socket_error_from(exc, f"connect({sockaddr[0]}:{sockaddr[1]})") from exc
    except BaseException:
        sock.close()
        raise
