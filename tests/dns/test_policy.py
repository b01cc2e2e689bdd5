"""QueryPlan's decisions, driven by hand with no I/O."""

from __future__ import annotations

from iolib.dns._message import DNSResponse, Question
from iolib.dns._policy import QueryPlan

S1, S2 = ("127.0.0.1", 53), ("127.0.0.2", 53)


def response(rcode: str) -> DNSResponse:
    return DNSResponse(
        id=1, flags=frozenset({"QR"}), rcode=rcode, question=[Question("a.test", "A", "IN")]
    )


def test_servers_in_order_for_each_attempt() -> None:
    plan = QueryPlan([S1, S2], attempts=2, try_timeout=1.0)
    order = []
    while (attempt := plan.next_try(0.0)) is not None:
        order.append(attempt.server)
        plan.failed(attempt)
    assert order == [S1, S2, S1, S2]
    assert plan.done
    assert plan.response is None


def test_answer_ends_the_plan() -> None:
    plan = QueryPlan([S1, S2])
    attempt = plan.next_try(0.0)
    assert attempt is not None
    assert attempt.edns_payload == 1232
    assert not attempt.tcp
    plan.answered(attempt, response("NXDOMAIN"))
    assert plan.done
    assert plan.response is not None and plan.response.rcode == "NXDOMAIN"
    assert plan.next_try(0.0) is None


def test_truncated_retries_same_server_over_tcp() -> None:
    plan = QueryPlan([S1, S2])
    first = plan.next_try(0.0)
    assert first is not None
    plan.truncated(first)
    second = plan.next_try(0.0)
    assert second is not None
    assert (second.server, second.tcp) == (S1, True)


def test_formerr_to_edns_retries_without_it() -> None:
    plan = QueryPlan([S1])
    first = plan.next_try(0.0)
    assert first is not None
    plan.answered(first, response("FORMERR"))
    retry = plan.next_try(0.0)
    assert retry is not None
    assert (retry.server, retry.edns_payload) == (S1, None)
    plan.answered(retry, response("FORMERR"))
    assert plan.done
    assert plan.response is not None and plan.response.rcode == "FORMERR"


def test_servfail_asks_the_next_server_then_keeps_the_failure() -> None:
    plan = QueryPlan([S1, S2], attempts=2)
    first = plan.next_try(0.0)
    assert first is not None
    plan.answered(first, response("SERVFAIL"))
    second = plan.next_try(0.0)
    assert second is not None and second.server == S2  # S1 is not asked again
    plan.answered(second, response("REFUSED"))
    assert plan.done
    assert plan.response is not None and plan.response.rcode == "REFUSED"


def test_silence_after_a_failure_returns_the_failure() -> None:
    plan = QueryPlan([S1, S2], attempts=1)
    first = plan.next_try(0.0)
    assert first is not None
    plan.answered(first, response("SERVFAIL"))
    second = plan.next_try(0.0)
    assert second is not None
    plan.failed(second)
    assert plan.next_try(0.0) is None
    assert plan.response is not None and plan.response.rcode == "SERVFAIL"


def test_deadline_shares_time_between_tries() -> None:
    plan = QueryPlan([S1, S2], attempts=2, try_timeout=5.0, deadline=10.0)
    attempt = plan.next_try(8.0)
    assert attempt is not None
    assert attempt.timeout == 0.5  # 2 s left over 4 tries


def test_deadline_passed_gives_up() -> None:
    plan = QueryPlan([S1], deadline=1.0)
    assert plan.next_try(1.0) is None
    assert plan.done


def test_rotate_changes_the_first_server() -> None:
    firsts = set()
    for _ in range(4):
        attempt = QueryPlan([S1, S2], rotate=True).next_try(0.0)
        assert attempt is not None
        firsts.add(attempt.server)
    assert firsts == {S1, S2}


def test_tcp_plan_starts_over_tcp() -> None:
    attempt = QueryPlan([S1], tcp=True).next_try(0.0)
    assert attempt is not None and attempt.tcp
