"""The driver: runs query plans through the transport, several questions at once.

It owns the anti-spoofing rules: each try has a fresh id from ``secrets`` and a
fresh socket; a datagram counts only if it comes from the server asked (the
connected socket sees to that), carries the id sent, has QR set, repeats the
question, and decodes with no trailing bytes. Anything else is ignored and the
wait goes on until the try's own timeout.
"""

from __future__ import annotations

import secrets
import struct
import time
from collections.abc import Sequence
from typing import NamedTuple

import attrs

from iolib.dns._errors import MessageDecodeError
from iolib.dns._message import (
    QR,
    TC,
    DNSResponse,
    Question,
    decode_message,
    encode_query,
    peek_message,
    same_question,
    type_code,
)
from iolib.dns._policy import QueryPlan, Try
from iolib.dns._transport import TransportError, UdpExchange, tcp_exchange, wait_readable

__all__ = ["Job", "run_jobs"]

_ID_FLAGS = struct.Struct("!HH")


@attrs.define
class Job:
    """One question and the plan that answers it; ``plan.response`` holds the outcome."""

    question: Question
    plan: QueryPlan
    _code: int = 0

    def __attrs_post_init__(self) -> None:
        self._code = type_code(self.question.type)

    def wire(self, ident: int, attempt: Try) -> bytes:
        """Return the query bytes for one try."""
        return encode_query(
            ident, self.question.name, self._code, edns_payload=attempt.edns_payload
        )


class _Truncated(NamedTuple):
    """A reply with TC set to the query asked; ``partial`` is its content if that decoded."""

    partial: DNSResponse | None


def _accept(
    data: bytes, ident: int, question: Question, tcp: bool = False
) -> DNSResponse | _Truncated | None:
    """Return what a reply says about the query, or None when it is to be ignored.

    A UDP reply with TC set is checked on its header and question alone, since
    the rest may be cut anywhere; its records are kept only if they decode.
    Over TCP a TC bit means the answer did not fit even there: the reply is
    taken as it is.
    """
    if len(data) < 12:
        return None
    got_id, word = _ID_FLAGS.unpack_from(data)
    if got_id != ident or not word & QR:
        return None
    try:
        if word & TC and not tcp:
            if not same_question(question, peek_message(data).question):
                return None
            try:
                return _Truncated(decode_message(data))
            except MessageDecodeError:
                return _Truncated(None)
        response = decode_message(data)
    except MessageDecodeError:
        return None
    return response if same_question(question, response.question) else None


@attrs.define
class _InFlight:
    job: Job
    exchange: UdpExchange
    attempt: Try
    ident: int
    deadline: float


def _tcp_try(job: Job, attempt: Try) -> None:
    ident = secrets.randbits(16)
    try:
        data = tcp_exchange(attempt.server, job.wire(ident, attempt), attempt.timeout)
    except TransportError:
        job.plan.failed(attempt)
        return
    verdict = _accept(data, ident, job.question, tcp=True)
    if isinstance(verdict, DNSResponse):
        job.plan.answered(attempt, verdict)
    else:
        job.plan.failed(attempt)


def _start(job: Job, inflight: dict[int, _InFlight]) -> None:
    """Launch the job's next UDP try, doing any TCP tries it asks for first."""
    while True:
        now = time.monotonic()
        attempt = job.plan.next_try(now)
        if attempt is None:
            return
        if attempt.tcp:
            _tcp_try(job, attempt)
            continue
        ident = secrets.randbits(16)
        try:
            exchange = UdpExchange(attempt.server, job.wire(ident, attempt))
        except TransportError:
            job.plan.failed(attempt)
            continue
        inflight[exchange.fileno()] = _InFlight(
            job, exchange, attempt, ident, now + attempt.timeout
        )
        return


def _on_readable(flight: _InFlight) -> bool:
    """Handle what arrived for one try; return True when the try is over."""
    try:
        datagrams = flight.exchange.receive()
    except TransportError:
        flight.job.plan.failed(flight.attempt)
        return True
    for data in datagrams:
        verdict = _accept(data, flight.ident, flight.job.question)
        if verdict is None:
            continue
        if isinstance(verdict, _Truncated):
            flight.job.plan.truncated(flight.attempt, verdict.partial)
        else:
            flight.job.plan.answered(flight.attempt, verdict)
        return True
    return False


def run_jobs(jobs: Sequence[Job]) -> None:
    """Run every job's plan to its end, all questions in flight together; never raises OS errors."""
    inflight: dict[int, _InFlight] = {}
    try:
        for job in jobs:
            _start(job, inflight)
        while inflight:
            soonest = min(flight.deadline for flight in inflight.values())
            ready = wait_readable(list(inflight), max(0.0, soonest - time.monotonic()))
            now = time.monotonic()
            for fd, flight in list(inflight.items()):
                over = _on_readable(flight) if fd in ready else False
                if not over and flight.deadline <= now:
                    flight.job.plan.failed(flight.attempt)
                    over = True
                if over:
                    del inflight[fd]
                    flight.exchange.close()
                    _start(flight.job, inflight)
    finally:
        for flight in inflight.values():
            flight.exchange.close()
