"""A tiny nameserver for the tests: UDP and TCP on one loopback port, served from a thread.

Built on iolib's own codec. By default it answers from a :class:`Zone`; a test
reshapes the replies by setting ``server.handler``, a function of the query
that returns what to send: a list of :class:`Send` (bytes, optionally from a
second socket on another port), or an empty list to stay silent.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from types import TracebackType

import attrs

from iolib.dns._message import DNSRecord, DNSResponse, Question, decode_message, encode_message
from iolib.dns._rdata import SOA, RData
from iolib.dns._wire import name_key

ZONE_SOA = SOA("ns.test", "admin.test", 1, 3600, 600, 86400, 30)


@attrs.define
class Zone:
    """Records by owner name; names under ``origin`` that hold nothing are NXDOMAIN."""

    records: dict[str, list[tuple[str, RData]]] = attrs.field(factory=dict)
    origin: str = "test"
    ttl: int = 300

    def add(self, name: str, rtype: str, data: RData) -> Zone:
        """Add one record and return the zone."""
        self.records.setdefault(name_key(name), []).append((rtype, data))
        return self

    def answer(self, query: DNSResponse) -> DNSResponse:
        """Return the authoritative answer to a query, CNAMEs followed inside the zone."""
        question = query.question[0]
        answer: list[DNSRecord] = []
        name = question.name
        for _ in range(10):
            owned = self.records.get(name_key(name))
            if owned is None:
                break
            matching = [d for t, d in owned if t == question.type]
            answer += [DNSRecord(name, question.type, self.ttl, d) for d in matching]
            cname = [d for t, d in owned if t == "CNAME"]
            if matching or not cname or question.type == "CNAME":
                break
            answer.append(DNSRecord(name, "CNAME", self.ttl, cname[0]))
            name = str(cname[0])
        exists = name_key(name) in self.records
        rcode = "NOERROR" if exists or answer else "NXDOMAIN"
        authority = [] if answer else [DNSRecord(self.origin, "SOA", self.ttl, ZONE_SOA)]
        return reply(query, rcode=rcode, answer=answer, authority=authority, flags={"AA"})


def reply(
    query: DNSResponse,
    *,
    rcode: str = "NOERROR",
    answer: list[DNSRecord] | None = None,
    authority: list[DNSRecord] | None = None,
    additional: list[DNSRecord] | None = None,
    flags: set[str] | None = None,
    ident: int | None = None,
    question: list[Question] | None = None,
) -> DNSResponse:
    """Return a response to ``query`` (same id and question unless overridden)."""
    return DNSResponse(
        id=query.id if ident is None else ident,
        flags=frozenset({"QR", "RA", *({"RD"} & query.flags), *(flags or ())}),
        rcode=rcode,
        question=list(query.question if question is None else question),
        answer=answer or [],
        authority=authority or [],
        additional=additional or [],
        edns_payload=1232 if query.edns_payload is not None else None,
    )


@attrs.define
class Send:
    """One datagram (or TCP message) to send back; ``wrong_port`` sends it from another socket."""

    data: bytes
    wrong_port: bool = False
    to: tuple[str, int] | None = None  # UDP only: another client than the one asking


@attrs.define
class Query:
    """What the server received: the decoded query and how it came."""

    message: DNSResponse
    transport: str  # "udp" or "tcp"
    source: tuple[str, int]


Handler = Callable[[Query], list[Send]]


def _bind_pair(host: str) -> tuple[socket.socket, socket.socket]:
    """Return a UDP socket and a listening TCP socket bound to the same port of ``host``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    while True:
        udp = socket.socket(family, socket.SOCK_DGRAM)
        try:
            udp.bind((host, 0))
        except OSError:
            udp.close()
            raise
        tcp = socket.socket(family, socket.SOCK_STREAM)
        try:
            tcp.bind((host, udp.getsockname()[1]))
        except OSError:
            udp.close()
            tcp.close()
            continue
        tcp.listen(8)
        return udp, tcp


class Nameserver:
    """The test nameserver; use as a context manager (binds before the thread starts)."""

    def __init__(self, zone: Zone | None = None, host: str = "127.0.0.1") -> None:
        self.zone = zone or Zone()
        self.handler: Handler = self.answer_from_zone
        self.queries: list[Query] = []
        self.host = host
        self.udp, self.tcp = _bind_pair(host)
        self.port: int = self.udp.getsockname()[1]
        self.other = socket.socket(self.udp.family, socket.SOCK_DGRAM)  # "wrong port" replies
        self.other.bind((host, 0))
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        """Return ``(host, port)``, the designator to pass as ns=."""
        return (self.host, self.port)

    def answer_from_zone(self, query: Query) -> list[Send]:
        """The default handler: the zone's answer."""
        return [Send(encode_message(self.zone.answer(query.message)))]

    def __enter__(self) -> Nameserver:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._wake_w.send(b"x")
        self._thread.join(timeout=10)
        for sock in (self.udp, self.tcp, self.other, self._wake_r, self._wake_w):
            sock.close()

    def _handle(self, data: bytes, transport: str, source: tuple[str, int]) -> Iterator[Send]:
        try:
            message = decode_message(data)
        except ValueError:
            return iter(())
        query = Query(message, transport, source)
        self.queries.append(query)
        return iter(self.handler(query))

    def _serve(self) -> None:
        while True:
            ready, _, _ = select.select([self.udp, self.tcp, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            if self.udp in ready:
                data, source = self.udp.recvfrom(65535)
                for out in self._handle(data, "udp", source):
                    sock = self.other if out.wrong_port else self.udp
                    sock.sendto(out.data, out.to or source)
            if self.tcp in ready:
                conn, source = self.tcp.accept()
                with conn:
                    self._serve_tcp(conn, source)

    def _serve_tcp(self, conn: socket.socket, source: tuple[str, int]) -> None:
        conn.settimeout(5)
        try:
            header = conn.recv(2, socket.MSG_WAITALL)
            if len(header) < 2:
                return
            (length,) = struct.unpack("!H", header)
            data = conn.recv(length, socket.MSG_WAITALL)
            for out in self._handle(data, "tcp", source):
                conn.sendall(struct.pack("!H", len(out.data)) + out.data)
        except OSError:
            return
