"""The "Coming from ..." pages name only things iolib really has.

The pages are tables: a left column (IOLib, usocket, Clozure CL or stdlib
spelling), the ``iolib`` column and a notes column. The convention the pages
follow, and this module checks:

- ``iolib.NAME`` / ``iolib.LAYER.NAME.ATTR`` in backticks anywhere in a page
  (prose, any column, and ``iolib.`` attribute chains in the fenced python
  examples): the chain of attributes resolves on the ``iolib`` module.
- In the iolib column every backticked span is read as Python tokens
  (string literals skipped):
  - a name of ``iolib.__all__`` (``make_socket(...)``, ``SocketError``) is
    one; a call head such as ``fileno()`` or ``read_char()`` that is no
    top-level name is a method of a public class, and a bare lowercase
    name at the top level of a span (``read_timeout``) is an attribute of
    one. A capitalized name at any depth (``isinstance(x, ActiveSocket)``)
    is a top-level name or a builtin.
  - ``RECEIVER.attr`` with a receiver from ``RECEIVERS`` (``sock.os_fd``,
    ``addr.is_loopback``, ``err.datum``, ``handle.socket.local_name``):
    every link exists on a real instance of the receiver's classes.
  - ``keyword=`` inside a call is a parameter of that callable (for
    ``make_socket``: of IOLib's keyword table); a ``keyword=`` standing on
    its own (``remote_host=``) is a parameter of some public callable.
  - ``get_option("name")`` / ``set_option("name", ...)`` name an option of
    the option table, as do the quoted names in rows whose left column is a
    C option constant (``SO_...``, ``TCP_...``, ``IPV6_...``).
- In the notes column: ``RECEIVER.attr`` chains and capitalized names
  (classes and errors) are checked the same way; foreign ones are listed in
  ``FOREIGN``.

A thing iolib lacks is written in plain text ("not yet in iolib", "not
planned"), never in backticks in the iolib column. No code block holds
``>>>``: doctests run elsewhere, these pages' examples need servers.
"""

from __future__ import annotations

import ast
import builtins
import errno
import inspect
import io
import keyword
import os
import re
import tokenize
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import iolib
from iolib.sockets._factory import SOCKET_KEYWORDS
from iolib.sockets._options import OPTIONS

DOCS = Path(__file__).parent.parent / "docs"
PAGES = (
    "coming-from-iolib.md",
    "coming-from-usocket.md",
    "coming-from-clozure-cl.md",
    "coming-from-stdlib.md",
)

# Receiver variables the pages use, and the kind of object each one names.
RECEIVERS: dict[str, str] = {
    "sock": "socket",
    "s": "socket",
    "conn": "active",
    "client": "active",
    "listener": "passive",
    "server": "passive",
    "stream": "stream",
    "addr": "address",
    "net": "network",
    "base": "eventbase",
    "handle": "handle",
    "err": "error",
    "r": "hostlookup",
    "iface": "interface",
}
# Loop variables and the like, allowed as bare names in the iolib column.
PLACEHOLDERS = {"line"}
# Heads of dotted names that are not iolib's (the chain is not checked).
FOREIGN_MODULES = {"os", "socket", "ssl", "ipaddress", "random", "select", "typing"}
# Capitalized names in the notes column that belong to the stdlib or the OS.
FOREIGN = {
    "TCPServer",
    "PathLike",
}
MIN_NAMES_PER_PAGE = 150

# Every exported name of each system has a row: the first column of some table
# names it. IOLib: the export lists of its sockets, streams and multiplex packages
# (src/*/pkgdcl.lisp); usocket: its 0.8.3 API reference; Clozure CL: the exports of
# library/sockets.lisp, the make-socket / accept-connection / receive-from keywords and
# error identifiers of its manual, and the socket-class reference the CCL page also maps;
# the stdlib: the public functions and methods of Python 3.11's modules, frozen here.
FOREIGN_NAMES: dict[str, str] = {
    "coming-from-iolib.md": """
    socket-error socket-address-in-use-error socket-address-not-available-error
    socket-already-connected-error socket-connection-aborted-error
    socket-connection-refused-error socket-connection-reset-error
    socket-connection-timeout-error socket-endpoint-shutdown-error socket-host-down-error
    socket-host-unreachable-error socket-network-down-error socket-network-reset-error
    socket-network-unreachable-error socket-no-buffer-space-error socket-no-network-error
    socket-not-connected-error socket-operation-not-supported-error
    socket-option-not-supported-error resolver-error resolver-again-error
    resolver-fail-error resolver-no-name-error resolver-unknown-error unknown-interface
    unknown-protocol unknown-service ignore-syscall-error retry-syscall error-code
    error-identifier error-message resolver-error-datum unknown-protocol-datum
    unknown-service-datum unknown-interface-datum address inet-address ipv4-address
    ipv6-address local-address address-name address-type address-to-string address-to-vector
    copy-address ensure-address make-address +ipv4-loopback+ +ipv4-unspecified+
    +ipv6-interface-local-all-nodes+ +ipv6-interface-local-all-routers+
    +ipv6-link-local-all-nodes+ +ipv6-link-local-all-routers+ +ipv6-loopback+
    +ipv6-site-local-all-routers+ +ipv6-unspecified+ +max-ipv4-value+ +any-host+ +loopback+
    abstract-address-p address= address-equal-p addressp inet-address-loopback-p
    inet-address-multicast-p inet-address-p inet-address-type inet-address-unicast-p
    inet-address-unspecified-p ipv4-address-p ipv6-address-p ipv6-admin-local-multicast-p
    ipv6-global-multicast-p ipv6-global-unicast-p ipv6-interface-local-multicast-p
    ipv6-ipv4-mapped-p ipv6-link-local-multicast-p ipv6-link-local-unicast-p
    ipv6-multicast-type ipv6-organization-local-multicast-p ipv6-reserved-multicast-p
    ipv6-site-local-multicast-p ipv6-site-local-unicast-p ipv6-solicited-node-multicast-p
    ipv6-transient-multicast-p ipv6-unassigned-multicast-p ipv6-unicast-type local-address-p
    make-netmask ensure-netmask ipv4-network ipv4-network= inet-address-private-p
    inet-address-network-portion inet-address-host-portion inet-address-in-network-p
    inet-addresses-in-same-network-p inet-address-network-class colon-separated-to-vector
    dotted-to-integer dotted-to-vector integer-to-dotted integer-to-vector
    string-address-to-vector vector-to-colon-separated vector-to-dotted vector-to-integer
    map-ipv4-address-to-ipv6 map-ipv6-address-to-ipv4 ensure-hostname lookup-hostname
    lookup-host lookup-protocol lookup-service list-network-interfaces interface-index
    interface-name lookup-interface make-interface active-socket datagram-socket
    internet-socket local-socket passive-socket socket socket-datagram-internet-active
    socket-datagram-local-active socket-stream-internet-active
    socket-stream-internet-passive socket-stream-local-active socket-stream-local-passive
    stream-socket accept-connection bind-address connect disconnect listen-on local-filename
    local-host local-name local-port make-socket make-socket-from-fd make-socket-pair
    receive-file-descriptor receive-from remote-filename remote-host remote-name remote-port
    send-file-descriptor send-to shutdown socket-connected-p socket-address-family
    socket-ipv6-p ipv6-socket-p socket-open-p socket-option socket-os-fd socket-protocol
    socket-type with-open-socket with-accept-connection *default-backlog-size*
    *default-linger-seconds* *ipv6* *dns-nameservers* *dns-domain* *dns-search-domain* ip
    net dual-channel-fd-mixin dual-channel-gray-stream dual-channel-single-fd-mixin
    dual-channel-single-fd-gray-stream hangup no-characters-to-unread sb16 sb32 sb8 ub16
    ub16-sarray ub32 ub8 ub8-sarray ub8-vector external-format-of fd-non-blocking fd-of
    input-fd-non-blocking input-fd-of output-fd-non-blocking output-fd-of read-buffer-size
    read-buffer-empty-p write-buffer-size write-buffer-empty-p read-sequence*
    write-sequence* drain-input-buffer timer event-base multiplexer select-multiplexer
    poll-multiplexer kqueue-multiplexer epoll-multiplexer *available-multiplexers*
    *default-multiplexer* *default-event-loop-timeout* add-timer event-base-empty-p
    event-dispatch exit-event-loop remove-timer remove-fd-handlers set-error-handler
    set-io-handler with-event-base fd-readablep fd-ready-p fd-writablep poll-error
    poll-error-fd poll-error-identifier wait-until-fd-ready poll-timeout poll-timeout-fd
    poll-timeout-event-type
    """,
    "coming-from-usocket.md": """
    *auto-port* *backend* *default-event-base* *version* *wildcard-host*
    +max-datagram-packet-size+ add-waiter address-in-use-error address-not-available-error
    bad-file-descriptor-error connection-aborted-error connection-refused-error
    connection-reset-error datagram-usocket datagram-usocket-p deadline-timeout-error
    default-tcp-handler default-udp-handler dotted-quad-to-vector-quad echo-tcp-handler
    get-host-by-name get-hosts-by-name get-local-address get-local-name get-local-port
    get-peer-address get-peer-name get-peer-port get-random-host-by-name hbo-to-dotted-quad
    hbo-to-vector-quad host-byte-order host-down-error host-or-ip host-to-hostname
    host-unreachable-error insufficient-implementation integer-to-octet-buffer
    interrupted-condition invalid-argument-error invalid-socket-error
    invalid-socket-stream-error ip-from-octet-buffer ip-to-octet-buffer ip/= ip=
    ipv6-host-to-vector make-wait-list network-down-error network-reset-error
    network-unreachable-error no-buffers-error ns-condition ns-error ns-host-not-found-error
    ns-no-recovery-error ns-try-again-condition ns-unknown-condition ns-unknown-error
    octet-buffer-to-integer operation-not-permitted-error operation-not-supported-error
    port-from-octet-buffer port-to-octet-buffer protocol-not-supported-error
    remove-all-waiters remove-waiter shutdown-error socket socket-accept socket-close
    socket-condition socket-connect socket-error socket-listen socket-option socket-receive
    socket-send socket-server socket-shutdown socket-state socket-stream
    socket-type-not-supported-error socket-warning stream-server-usocket
    stream-server-usocket-p stream-usocket stream-usocket-p timeout-error unimplemented
    unknown-condition unknown-error unsupported usocket usocket-p vector-quad-to-dotted-quad
    vector-to-ipv6-host wait-for-input with-client-socket with-connected-socket
    with-mapped-conditions with-server-socket with-socket-listener
    """,
    "coming-from-clozure-cl.md": """
    make-socket accept-connection dotted-to-ipaddr ipaddr-to-dotted ipaddr-to-hostname
    lookup-hostname lookup-port receive-from send-to shutdown socket-os-fd remote-host
    remote-port remote-filename remote-socket-address local-host local-port local-filename
    local-socket-address socket-address-family socket-connect socket-format socket-type
    socket-error socket-error-code socket-error-identifier socket-error-situation
    socket-creation-error socket-creation-error-code socket-creation-error-identifier
    socket-creation-error-situation with-open-socket resolve-address socket-address-host
    socket-address-port socket-address-path close tcp-stream file-socket-stream
    listener-socket file-listener-socket udp-socket :address-family :type :connect :eol
    :format :remote-host :remote-port :remote-address :local-host :local-port :local-address
    :local-filename :remote-filename :keepalive :reuse-address :reuse-port :nodelay
    :broadcast :linger :backlog :class :out-of-band-inline :sharing :basic :external-format
    :auto-close :connect-timeout :input-timeout :output-timeout :deadline :fd :wait
    :stream-args :buffer :extract :offset :want-socket-address-p :errorp :values
    :ignore-cache :direction :abort :address-in-use :connection-aborted :no-buffer-space
    :connection-timed-out :connection-refused :host-unreachable :host-down :network-down
    :address-not-available :network-reset :connection-reset :shutdown :access-denied
    :unknown :try-again :no-recovery :host-not-found socket-accept socket-char-in-buffer
    socket-clear-input socket-constructor socket-destructor socket-eof socket-fread
    socket-fwrite socket-getsockopt socket-listen socket-read-char socket-read-line
    socket-read-string socket-recv socket-recv-from socket-send socket-send-to
    socket-setsockopt socket-showbin socket-unread-char socket-write-char socket-write-line
    socket-write-string *lastsocketerror* file-fileno select 'maxstring SO_RCVTIMEO
    SO_SNDTIMEO
    """,
    "coming-from-stdlib.md": """
    AddressValueError BaseRequestHandler BaseServer DatagramRequestHandler ForkingMixIn
    ForkingTCPServer ForkingUDPServer IPv4Address IPv4Interface IPv4Network IPv6Address
    IPv6Interface IPv6Network NetmaskValueError StreamRequestHandler TCPServer
    ThreadingMixIn ThreadingTCPServer ThreadingUDPServer ThreadingUnixDatagramServer
    ThreadingUnixStreamServer UDPServer UnixDatagramServer UnixStreamServer accept
    address_exclude bind broadcast_address cipher close collapse_addresses compare_networks
    compressed compression connect connect_ex context create_connection create_server detach
    do_handshake dup epoll error exploded family fileno fromfd get_channel_binding
    get_inheritable get_key get_map get_mixed_type_key getaddrinfo getblocking
    getdefaulttimeout getfqdn gethostbyaddr gethostbyname gethostbyname_ex gethostname
    getnameinfo getpeercert getpeername getprotobyname getservbyname getservbyport
    getsockname getsockopt gettimeout has_dualstack_ipv6 hostmask hosts htonl htons
    if_indextoname if_nameindex if_nametoindex inet_aton inet_ntoa inet_ntop inet_pton
    ip_address ip_interface ip_network ipv4_mapped is_global is_link_local is_loopback
    is_multicast is_private is_reserved is_site_local is_unspecified listen makefile
    max_prefixlen modify ntohl ntohs num_addresses overlaps packed pending poll prefixlen
    proto read recv recv_fds recv_into recvfrom recvfrom_into recvmsg recvmsg_into register
    reverse_pointer scope_id select selected_alpn_protocol selected_npn_protocol send
    send_fds sendall sendfile sendmsg sendmsg_afalg sendto session session_reused
    set_inheritable setblocking setdefaulttimeout sethostname setsockopt settimeout
    shared_ciphers shutdown sixtofour socketpair subnet_of subnets summarize_address_range
    supernet supernet_of teredo timeout type unregister unwrap v4_int_to_packed
    v6_int_to_packed verify_client_post_handshake version with_hostmask with_netmask
    with_prefixlen write
    """,
}

_SPAN = re.compile(r"`([^`\n]+)`")
_IOLIB_CHAIN = re.compile(r"\biolib(?:\.[A-Za-z_]\w*)+")
_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_OPTION_ROW = re.compile(r"`(?:SO|TCP|IPV6|IP)_[A-Z0-9_]+`")
_IDENTIFIER = re.compile(r"[a-z]+(?:-[a-z]+)*")
_IDENTIFIER_NOTE = re.compile(r'identifiers? ((?:`"[a-z-]+"`(?:, )?)+)')
# What splits a first-column span into the names it spells.
_NAME_PARTS = re.compile(r"[\s()',.=\[\]]+")


@dataclass
class Row:
    """One table row of a page: its cells and the line it is on."""

    line: int
    cells: list[str]
    section: str


@dataclass
class Checks:
    """What a page asks of the code, each with the line it comes from."""

    chains: list[tuple[int, str]] = field(default_factory=list)
    names: list[tuple[int, str]] = field(default_factory=list)
    methods: list[tuple[int, str]] = field(default_factory=list)
    attributes: list[tuple[int, str]] = field(default_factory=list)
    receivers: list[tuple[int, str, list[str]]] = field(default_factory=list)
    keywords: list[tuple[int, str | None, str]] = field(default_factory=list)
    options: list[tuple[int, str]] = field(default_factory=list)
    identifiers: list[tuple[int, str]] = field(default_factory=list)

    def count(self) -> int:
        """Return how many references the page makes."""
        return sum(
            len(group)
            for group in (
                self.chains,
                self.names,
                self.methods,
                self.attributes,
                self.receivers,
                self.keywords,
                self.options,
                self.identifiers,
            )
        )


def _split_cells(line: str) -> list[str]:
    """Split a table line on the ``|`` that lie outside backticks."""
    cells, current, quoted = [], [], False
    for char in line.strip().strip("|"):
        if char == "`":
            quoted = not quoted
        if char == "|" and not quoted:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    cells.append("".join(current).strip())
    return cells


def table_rows(text: str) -> Iterator[Row]:
    """Yield the body rows of every table whose second header cell is ``iolib``."""
    lines = text.splitlines()
    in_table = False
    section = ""
    for number, line in enumerate(lines, start=1):
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        if not line.startswith("|"):
            in_table = False
            continue
        cells = _split_cells(line)
        if set(line) <= set("|-: "):
            continue
        if not in_table:
            in_table = len(cells) >= 2 and cells[1] == "iolib"
            continue
        yield Row(number, cells, section)


def _tokens(span: str) -> list[tokenize.TokenInfo]:
    """Python tokens of a span; text that does not tokenize ends the list."""
    found: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(span).readline):
            if token.type in (tokenize.NAME, tokenize.OP, tokenize.STRING, tokenize.NUMBER):
                found.append(token)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found


@dataclass
class _Frame:
    head: str | None  # the callable a parenthesis belongs to, or None


def _read_span(span: str, line: int, checks: Checks, *, notes: bool) -> None:
    """Record what one backticked span of the iolib (or notes) column refers to."""
    tokens = _tokens(span)
    stack: list[_Frame] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        previous = tokens[index - 1].string if index else ""
        if token.type == tokenize.OP:
            if token.string in "([{":
                stack.append(_Frame(None))
            elif token.string in ")]}" and stack:
                stack.pop()
            index += 1
            continue
        if token.type == tokenize.STRING:
            index += 1
            continue
        if token.type != tokenize.NAME or previous == ".":
            index += 1
            continue
        # a dotted chain NAME(.NAME)*
        chain = [token.string]
        end = index + 1
        while (
            end + 1 < len(tokens)
            and tokens[end].string == "."
            and tokens[end + 1].type == tokenize.NAME
        ):
            chain.append(tokens[end + 1].string)
            end += 2
        following = tokens[end].string if end < len(tokens) else ""
        is_call = following == "("
        is_keyword = following == "=" and len(chain) == 1
        depth = len(stack)
        head = chain[0]
        dotted = ".".join(chain)
        if is_keyword:
            if not notes:
                owner = stack[-1].head if stack else None
                checks.keywords.append((line, owner, head))
        elif head == "iolib" and len(chain) > 1:
            checks.chains.append((line, dotted))
        elif head in RECEIVERS and len(chain) > 1:
            checks.receivers.append((line, head, chain[1:]))
        elif keyword.iskeyword(head) or head in FOREIGN_MODULES or head in PLACEHOLDERS:
            pass
        elif head in RECEIVERS:
            pass  # the receiver itself (`with sock:`)
        elif notes:
            capitalized = head[0].isupper() and not head.isupper()
            if capitalized and head not in FOREIGN and not hasattr(builtins, head):
                checks.names.append((line, head))
        elif hasattr(builtins, head) and head not in iolib.__all__:
            pass
        elif head in iolib.__all__:
            checks.names.append((line, head))
            if len(chain) > 1:
                checks.chains.append((line, f"iolib.{dotted}"))
        elif is_call:
            checks.methods.append((line, head))
        elif head[0].isupper():
            checks.names.append((line, head))
        elif depth == 0:
            checks.attributes.append((line, head))
        if is_call:
            callee = dotted
            if head in ("get_option", "set_option") or chain[-1] in ("get_option", "set_option"):
                literal = tokens[end + 1] if end + 1 < len(tokens) else None
                if literal is not None and literal.type == tokenize.STRING:
                    checks.options.append((line, ast.literal_eval(literal.string)))
            stack.append(_Frame(callee))
            index = end + 1
            continue
        index = end


def _strings(span: str) -> list[str]:
    """The string literals of a span."""
    return [
        ast.literal_eval(token.string)
        for token in _tokens(span)
        if token.type == tokenize.STRING and not token.string.startswith(("b", "f"))
    ]


@cache
def page_checks(page: str) -> Checks:
    """Parse one page into the references it makes."""
    text = (DOCS / page).read_text(encoding="utf-8")
    checks = Checks()
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        for span in _SPAN.findall(line):
            for chain in _IOLIB_CHAIN.findall(span):
                checks.chains.append((number, chain))
    for match in _FENCE.finditer(text):
        if match.group(1) == "python":
            start = text.count("\n", 0, match.start()) + 1
            for chain in _IOLIB_CHAIN.findall(match.group(2)):
                checks.chains.append((start, chain))
    for row in table_rows(text):
        iolib_cell = row.cells[1]
        for span in _SPAN.findall(iolib_cell):
            if "iolib." in span:
                continue  # recorded above as a chain
            _read_span(span, row.line, checks, notes=False)
        for cell in row.cells[2:]:
            for span in _SPAN.findall(cell):
                if "iolib." not in span:
                    _read_span(span, row.line, checks, notes=True)
        for cell in row.cells[1:]:
            for names in _IDENTIFIER_NOTE.findall(cell):
                checks.identifiers.extend((row.line, name) for name in _strings(names))
        if row.section in ("Errors", "Conditions"):
            for span in _SPAN.findall(iolib_cell):
                checks.identifiers.extend(
                    (row.line, name) for name in _strings(span) if _IDENTIFIER.fullmatch(name)
                )
        if _OPTION_ROW.search(row.cells[0]):
            for span in _SPAN.findall(iolib_cell):
                if span.startswith('"'):
                    checks.options.extend((row.line, name) for name in _strings(span))
    return checks


def first_column_names(text: str) -> set[str]:
    """Every name the first column of a page's tables spells: whole spans and their parts."""
    found: set[str] = set()
    for row in table_rows(text):
        for span in _SPAN.findall(row.cells[0]):
            found.add(span)
            found.update(_NAME_PARTS.split(span))
    return found


# ---------------------------------------------------------------- what exists


def _public_classes() -> list[type]:
    return [obj for name in iolib.__all__ if inspect.isclass(obj := getattr(iolib, name))]


def _has(obj: object, name: str) -> bool:
    """True if ``name`` is an attribute of ``obj`` (looked up without running properties)."""
    try:
        inspect.getattr_static(obj, name)
    except AttributeError:
        return False
    return True


def _class_attribute(name: str) -> Callable[..., Any] | None:
    """The first public class attribute called ``name``, or None."""
    for cls in _public_classes():
        if _has(cls, name):
            value: Any = inspect.getattr_static(cls, name)
            return value if callable(value) else None
    return None


def _is_class_attribute(name: str) -> bool:
    return any(_has(cls, name) for cls in _public_classes())


def _parameters(target: Callable[..., Any]) -> tuple[set[str], bool]:
    """Parameter names of ``target`` and whether it takes ``**kwargs``."""
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return set(), True
    names = {p.name for p in signature.parameters.values()}
    takes_any = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    return names, takes_any


@cache
def _socket_keywords() -> frozenset[str]:
    return frozenset(name for names in SOCKET_KEYWORDS.values() for name in names)


@cache
def all_keywords() -> frozenset[str]:
    """Every parameter name of a public function, class or method."""
    found: set[str] = set(_socket_keywords())
    for name in iolib.__all__:
        obj = getattr(iolib, name)
        if callable(obj):
            found |= _parameters(obj)[0]
        if inspect.isclass(obj):
            for _, member in inspect.getmembers(obj, callable):
                found |= _parameters(member)[0]
    return frozenset(found - {"self", "cls"})


@pytest.fixture
def instances() -> Iterator[dict[str, list[object]]]:
    """Real objects of each receiver kind, closed afterwards."""
    opened: list[Any] = []

    def keep(thing: Any) -> Any:
        opened.append(thing)
        return thing

    listener = keep(iolib.make_socket(connect="passive", local_host="127.0.0.1", local_port=0))
    client = keep(iolib.make_socket(remote_host="127.0.0.1", remote_port=listener.local_port))
    accepted = keep(listener.accept_connection(timeout=5))
    pair = [keep(sock) for sock in iolib.make_socket_pair()]
    local_name = iolib.LocalAddress(f"iolib-docs-names-{os.getpid()}", abstract=True)
    local_listener = keep(
        iolib.make_socket(address_family="local", connect="passive", local_filename=local_name)
    )
    udp = keep(iolib.make_socket(type="datagram", local_host="127.0.0.1", local_port=0))
    local_udp = keep(iolib.make_socket(address_family="local", type="datagram"))
    read_end, write_end = os.pipe()
    os.close(write_end)
    pipe_stream = keep(iolib.DualChannelStream(read_end))
    base = keep(iolib.EventBase())
    handle = iolib.socket_server(
        "127.0.0.1", 0, lambda stream: None, in_new_thread=True, reuse_address=True
    )
    assert handle is not None
    active = [client, accepted, *pair, udp, local_udp]
    passive = [listener, local_listener]
    iolib.wait_for_input([*active, *passive], timeout=0)  # sets each socket's state
    try:
        yield {
            "socket": active + passive,
            "active": active,
            "passive": passive,
            "stream": [pipe_stream, *active],
            "address": [
                iolib.ensure_address("192.0.2.1"),
                iolib.ensure_address("fe80::1%1"),
                local_name,
            ],
            "network": [iolib.Network("10.0.0.0/8"), iolib.Network("2001:db8::/32")],
            "eventbase": [base],
            "handle": [handle],
            "error": [
                iolib.SocketError(errno.ECONNREFUSED, "refused", "connect"),
                iolib.SocketConnectionRefusedError(errno.ECONNREFUSED, "refused", "connect"),
                iolib.ResolverNoNameError("example.invalid"),
                iolib.UnknownService("nosuch"),
            ],
            "hostlookup": [
                iolib.HostLookup(iolib.IPV4_LOOPBACK, [], "localhost", []),
            ],
            "interface": [iolib.make_interface("lo", 1)],
        }
    finally:
        handle.stop()
        for thing in reversed(opened):
            thing.close()


_MISSING = object()


def _resolve_chain(objects: list[object], chain: list[str]) -> object:
    """The attribute at the end of ``chain`` on the first object that has it, or _MISSING."""
    for obj in objects:
        value: Any = obj
        for name in chain[:-1]:
            if not _has(value, name):
                break
            value = getattr(value, name)
        else:
            if _has(value, chain[-1]):
                return inspect.getattr_static(value, chain[-1])
    return _MISSING


def _where(page: str, line: int) -> str:
    return f"docs/{page}:{line}"


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("page", PAGES)
def test_page_makes_many_checkable_references(page: str) -> None:
    checks = page_checks(page)
    assert checks.count() >= MIN_NAMES_PER_PAGE, checks.count()
    assert checks.names
    assert checks.receivers
    assert checks.keywords


@pytest.mark.parametrize("page", PAGES)
def test_every_foreign_name_has_a_row(page: str) -> None:
    names = first_column_names((DOCS / page).read_text(encoding="utf-8"))
    missing = [name for name in FOREIGN_NAMES[page].split() if name not in names]
    assert not missing, f"docs/{page} has no row for: {' '.join(missing)}"


def test_first_column_names_split_spans() -> None:
    text = (
        "| IOLib | iolib | notes |\n|---|---|---|\n"
        "| `socket.create_connection((host, port))`, `close` (`:abort`) | `x` | |\n"
    )
    names = first_column_names(text)
    assert {"create_connection", "close", ":abort", "socket"} <= names
    assert "x" not in names


def test_every_page_is_checked_in_total() -> None:
    assert sum(page_checks(page).count() for page in PAGES) >= 800


@pytest.mark.parametrize("page", PAGES)
def test_iolib_chains_resolve(page: str) -> None:
    missing = []
    for line, dotted in page_checks(page).chains:
        value: object = iolib
        for name in dotted.split(".")[1:]:
            if not hasattr(value, name):
                missing.append(f"{_where(page, line)}: {dotted}")
                break
            value = getattr(value, name)
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("page", PAGES)
def test_top_level_names_exist(page: str) -> None:
    missing = [
        f"{_where(page, line)}: {name}"
        for line, name in page_checks(page).names
        if name not in iolib.__all__
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("page", PAGES)
def test_methods_and_attributes_exist(page: str) -> None:
    checks = page_checks(page)
    missing = [
        f"{_where(page, line)}: {name}()"
        for line, name in checks.methods
        if _class_attribute(name) is None
    ]
    missing += [
        f"{_where(page, line)}: {name}"
        for line, name in checks.attributes
        if not _is_class_attribute(name)
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("page", PAGES)
def test_receiver_attributes_exist(page: str, instances: dict[str, list[object]]) -> None:
    missing = [
        f"{_where(page, line)}: {receiver}.{'.'.join(chain)}"
        for line, receiver, chain in page_checks(page).receivers
        if _resolve_chain(instances[RECEIVERS[receiver]], chain) is _MISSING
    ]
    assert not missing, "\n".join(missing)


def _callable_for(head: str, instances: dict[str, list[object]]) -> Callable[..., Any] | None:
    """The callable a call head names: a top-level name, a receiver's method or a method."""
    parts = head.split(".")
    if parts[0] in iolib.__all__ and len(parts) == 1:
        found: Any = getattr(iolib, parts[0])
        return found if callable(found) else None
    if parts[0] in RECEIVERS and len(parts) > 1:
        value = _resolve_chain(instances[RECEIVERS[parts[0]]], parts[1:])
        return value if callable(value) else None
    if len(parts) == 1:
        return _class_attribute(parts[0])
    return None


@pytest.mark.parametrize("page", PAGES)
def test_keywords_are_parameters(page: str, instances: dict[str, list[object]]) -> None:
    wrong = []
    for line, head, name in page_checks(page).keywords:
        target = None if head is None else _callable_for(head, instances)
        if target is None:
            ok = name in all_keywords()
        else:
            params, takes_any = _parameters(target)
            if target is iolib.make_socket:
                ok = name in params or name in _socket_keywords()
            else:
                ok = name in params or takes_any
        if not ok:
            wrong.append(f"{_where(page, line)}: {head or ''}({name}=)")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("page", PAGES)
def test_option_names_exist(page: str) -> None:
    wrong = [
        f"{_where(page, line)}: {name!r}"
        for line, name in page_checks(page).options
        if name not in OPTIONS
    ]
    assert not wrong, "\n".join(wrong)


def _identifiers() -> set[str]:
    found = set()
    for name in iolib.sockets.__all__:
        obj = getattr(iolib.sockets, name)
        if inspect.isclass(obj) and issubclass(obj, iolib.SocketError):
            found.add(obj.identifier)
    return found


@pytest.mark.parametrize("page", PAGES)
def test_error_identifiers_exist(page: str) -> None:
    known = _identifiers()
    wrong = [
        f"{_where(page, line)}: {name!r}"
        for line, name in page_checks(page).identifiers
        if name not in known
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("page", PAGES)
def test_code_blocks_parse_and_are_not_doctests(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = [code for lang, code in _FENCE.findall(text) if lang == "python"]
    assert blocks
    for code in blocks:
        assert ">>>" not in code
        ast.parse(code)


def test_the_parser_reads_the_convention() -> None:
    checks = Checks()
    _read_span(
        "sock.send_to(buffer, remote_host=None) or make_socket(nodelay=True)",
        1,
        checks,
        notes=False,
    )
    _read_span("read_char()", 2, checks, notes=False)
    _read_span("isinstance(x, ActiveSocket)", 3, checks, notes=False)
    _read_span('get_option("linger")', 4, checks, notes=False)
    _read_span("read_timeout", 5, checks, notes=False)
    _read_span("lookup_service(port).name", 6, checks, notes=False)
    assert checks.receivers == [(1, "sock", ["send_to"])]
    assert checks.keywords == [(1, "sock.send_to", "remote_host"), (1, "make_socket", "nodelay")]
    assert checks.names == [(1, "make_socket"), (3, "ActiveSocket"), (6, "lookup_service")]
    assert checks.methods == [(2, "read_char"), (4, "get_option")]
    assert checks.options == [(4, "linger")]
    assert checks.attributes == [(5, "read_timeout")]


def test_the_checks_catch_a_wrong_name(instances: dict[str, list[object]]) -> None:
    assert _resolve_chain(instances["socket"], ["os_fd"]) is not _MISSING
    assert _resolve_chain(instances["socket"], ["state"]) is None  # set by wait_for_input
    assert _resolve_chain(instances["socket"], ["os_fdx"]) is _MISSING
    assert _resolve_chain(instances["handle"], ["socket", "local_name"]) is not _MISSING
    assert _resolve_chain(instances["handle"], ["socket", "local_nam"]) is _MISSING
    assert _class_attribute("read_line") is not None
    assert _class_attribute("readln") is None
    assert "remote_host" in all_keywords()
    assert "remote_hots" not in all_keywords()
