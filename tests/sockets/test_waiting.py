"""wait_for_input and socket_state: usocket's wait-for-input over iolib sockets."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iolib.sockets import make_socket_pair, socket_connect, socket_listen
from iolib.sockets._waiting import WaitResult, socket_state, wait_for_input

Pair = tuple[object, object]


@pytest.fixture
def pair() -> Iterator[tuple[object, object]]:
    """A connected local stream socket pair, closed afterwards."""
    a, b = make_socket_pair()
    with a, b:
        yield a, b


@pytest.fixture
def pair2() -> Iterator[tuple[object, object]]:
    """A second socket pair."""
    a, b = make_socket_pair()
    with a, b:
        yield a, b


def send(sock: object, data: bytes) -> None:
    """Write ``data`` on an iolib stream socket and push it out."""
    sock.write(data)  # type: ignore[attr-defined]
    sock.finish_output()  # type: ignore[attr-defined]


def test_idle_socket_times_out_with_state_none(pair: Pair) -> None:
    a, _ = pair
    start = time.monotonic()
    result = wait_for_input(a, timeout=0.05)
    assert time.monotonic() - start >= 0.05
    assert isinstance(result, WaitResult)
    assert result.ready_list == [a]
    assert result.remaining_seconds == 0.0
    assert socket_state(a) is None
    assert a.state is None  # type: ignore[attr-defined]


def test_ready_only_drops_sockets_that_are_not_ready(pair: Pair, pair2: Pair) -> None:
    a, b = pair
    c, _ = pair2
    send(b, b"x")
    ready, remaining = wait_for_input([c, a], timeout=5, ready_only=True)
    assert ready == [a]
    assert remaining is not None
    assert 0 < remaining <= 5
    assert socket_state(a) == "read"
    assert socket_state(c) is None


def test_without_ready_only_every_socket_comes_back_in_order(pair: Pair, pair2: Pair) -> None:
    a, b = pair
    c, _ = pair2
    send(b, b"x")
    ready, _ = wait_for_input((c, a), timeout=5)
    assert ready == [c, a]
    assert [socket_state(s) for s in ready] == [None, "read"]


def test_no_timeout_means_no_remaining_seconds(pair: Pair) -> None:
    a, b = pair
    send(b, b"x")
    ready, remaining = wait_for_input(a)
    assert ready == [a]
    assert remaining is None


def test_a_stream_socket_is_never_iterated(pair: Pair) -> None:
    a, b = pair
    send(b, b"line\n")
    result = wait_for_input(a, timeout=5, ready_only=True)
    assert result.ready_list == [a]


def test_buffered_input_counts_as_ready(pair: Pair) -> None:
    a, b = pair
    send(b, b"abc")
    assert a.read_byte() == ord("a")  # type: ignore[attr-defined]
    # "bc" now sits in a's input buffer; the fd itself has nothing more.
    start = time.monotonic()
    ready, _ = wait_for_input(a, timeout=5, ready_only=True)
    assert time.monotonic() - start < 1
    assert ready == [a]
    assert socket_state(a) == "read"


def test_hang_up_counts_as_ready(pair: Pair) -> None:
    a, b = pair
    b.close()  # type: ignore[attr-defined]
    ready, _ = wait_for_input(a, timeout=5, ready_only=True)
    assert ready == [a]


def test_passive_socket_is_ready_when_a_connection_is_pending() -> None:
    with socket_listen("127.0.0.1", 0) as listener:
        ready, _ = wait_for_input(listener, timeout=0, ready_only=True)
        assert ready == []
        assert socket_state(listener) is None
        with socket_connect("127.0.0.1", listener.local_port):
            ready, _ = wait_for_input(listener, timeout=5, ready_only=True)
            assert ready == [listener]
            assert socket_state(listener) == "read"
            conn = listener.accept_connection(wait=False)
            assert conn is not None
            conn.close()


def test_zero_timeout_just_looks(pair: Pair) -> None:
    a, _ = pair
    start = time.monotonic()
    ready, remaining = wait_for_input([a], timeout=0, ready_only=True)
    assert time.monotonic() - start < 1
    assert ready == []
    assert remaining == 0.0


def test_empty_iterable_returns_at_once() -> None:
    assert wait_for_input([], timeout=5) == ([], pytest.approx(5, abs=1))


def test_closed_socket_is_a_value_error() -> None:
    a, b = make_socket_pair()
    a.close()
    b.close()
    with pytest.raises(ValueError, match="closed"):
        wait_for_input(a, timeout=0)


@pytest.mark.parametrize(
    ("sockets", "timeout", "error"),
    [
        (3, None, TypeError),
        ([3], None, TypeError),
        ("abc", None, TypeError),
        (None, None, TypeError),
        ([], -1, ValueError),
        ([], "1", TypeError),
        ([], float("nan"), ValueError),
    ],
)
def test_bad_arguments(sockets: object, timeout: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        wait_for_input(sockets, timeout=timeout)  # type: ignore[arg-type]


def test_socket_state_wants_a_socket() -> None:
    with pytest.raises(TypeError):
        socket_state("socket")  # type: ignore[arg-type]


def test_state_is_none_before_any_wait(pair: Pair) -> None:
    a, _ = pair
    assert socket_state(a) is None


def test_passive_and_active_sockets_together(pair: Pair) -> None:
    a, b = pair
    with socket_listen("127.0.0.1", 0) as listener:
        send(b, b"x")
        ready, _ = wait_for_input([listener, a], timeout=5, ready_only=True)
        assert ready == [a]
        assert socket_state(listener) is None


@given(
    sockets=st.one_of(
        st.none(), st.integers(), st.text(max_size=3), st.lists(st.integers(), max_size=2)
    ),
    timeout=st.one_of(st.none(), st.floats(allow_nan=True), st.integers(-2, 0), st.text()),
)
def test_arbitrary_arguments_raise_only_documented_errors(sockets: object, timeout: object) -> None:
    try:
        result = wait_for_input(sockets, timeout=timeout)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return
    assert result.ready_list == []


def test_datagram_socket_is_ready_when_a_datagram_waits() -> None:
    with (
        socket_connect(None, None, protocol="datagram", local_host="127.0.0.1", local_port=0) as rx,
        socket_connect("127.0.0.1", rx.local_port, protocol="datagram") as tx,
    ):
        assert wait_for_input(rx, timeout=0, ready_only=True).ready_list == []
        tx.send_to(b"dgram")
        assert wait_for_input(rx, timeout=5, ready_only=True).ready_list == [rx]
        assert socket_state(rx) == "read"
