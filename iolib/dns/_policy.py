"""Resolution decisions, free of I/O: which server next, TCP after TC, EDNS fallback, giving up.

A :class:`QueryPlan` answers one question. The driver asks it for the next
:class:`Try`, performs it, and reports back what happened; the plan decides
whether the question is answered, whom to ask next, or that it is time to stop.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

from iolib.dns._message import EDNS_PAYLOAD, DNSResponse

__all__ = ["QueryPlan", "Server", "Try"]

Server = tuple[str, int]
MIN_TRY_TIMEOUT = 0.001
# Rcodes after which the next server may know better (glibc's res_send moves on too).
_ASK_ELSEWHERE = frozenset({"SERVFAIL", "REFUSED", "NOTIMP"})
_rotation = itertools.count()


@attrs.frozen
class Try:
    """One exchange to perform: ask ``server`` over UDP or TCP, with or without EDNS."""

    server: Server
    tcp: bool
    edns_payload: int | None
    timeout: float


@attrs.define
class QueryPlan:
    """The state of one question's resolution across servers and attempts.

    ``deadline`` (a time.monotonic() value or None) bounds the whole plan; each
    try gets ``try_timeout`` or its share of the time left, whichever is less.
    """

    servers: Sequence[Server]
    attempts: int = 2
    try_timeout: float = 5.0
    deadline: float | None = None
    rotate: bool = False
    tcp: bool = False
    edns: bool = True
    response: DNSResponse | None = None
    done: bool = False
    _order: list[Server] = attrs.field(factory=list)
    _retry: Try | None = None
    _fallback: DNSResponse | None = None

    def __attrs_post_init__(self) -> None:
        servers = list(self.servers)
        if self.rotate and servers:
            start = next(_rotation) % len(servers)
            servers = servers[start:] + servers[:start]
        self._order = servers * max(1, self.attempts)

    def _payload(self) -> int | None:
        return EDNS_PAYLOAD if self.edns else None

    def next_try(self, now: float) -> Try | None:
        """Return the next exchange to perform, or None when the plan is finished."""
        if self.done:
            return None
        remaining = None if self.deadline is None else self.deadline - now
        if remaining is not None and remaining <= 0:
            self._give_up()
            return None
        retry, self._retry = self._retry, None
        if retry is not None:
            left = len(self._order) + 1
            return attrs.evolve(retry, timeout=self._share(remaining, left))
        if not self._order:
            self._give_up()
            return None
        server = self._order.pop(0)
        timeout = self._share(remaining, len(self._order) + 1)
        return Try(server, self.tcp, self._payload(), timeout)

    def _share(self, remaining: float | None, tries_left: int) -> float:
        if remaining is None:
            return self.try_timeout
        return max(MIN_TRY_TIMEOUT, min(self.try_timeout, remaining / tries_left))

    def _give_up(self) -> None:
        self.done = True
        self.response = self._fallback

    def truncated(self, attempt: Try, partial: DNSResponse | None = None) -> None:
        """Report a UDP reply with TC set: the same server is asked again over TCP.

        ``partial`` is the truncated reply when it decoded; if nothing better
        comes, the plan ends with it rather than with no answer at all.
        """
        self._retry = attrs.evolve(attempt, tcp=True)
        if partial is not None and partial.rcode == "NOERROR":
            self._fallback = partial

    def answered(self, attempt: Try, response: DNSResponse) -> None:
        """Report a reply that matched the question."""
        if response.rcode == "FORMERR" and attempt.edns_payload is not None:
            # RFC 6891 section 7: a server that does not know EDNS answers FORMERR.
            self.edns = False
            self._retry = attrs.evolve(attempt, edns_payload=None)
            self._fallback = response
            return
        if response.rcode in _ASK_ELSEWHERE:
            self._order = [server for server in self._order if server != attempt.server]
            if self._order:
                self._fallback = response
                return
        self.done = True
        self.response = response

    def failed(self, attempt: Try) -> None:
        """Report that a try got no usable reply (timeout, refusal, broken connection)."""
        del attempt  # the next server is simply the next in order
