"""Backend choice, fd limits, bad arguments and the event base's lifetime."""

from __future__ import annotations

import os
import resource
import socket
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iolib import IolibError
from iolib.multiplex import AVAILABLE_MULTIPLEXERS, EventBase
from iolib.multiplex._errors import FdSetSizeError
from tests.conftest import open_fds

MANY = 700  # socket pairs: 1400 descriptors, well past FD_SETSIZE


@pytest.fixture
def many_pairs() -> Iterator[list[tuple[socket.socket, socket.socket]]]:
    """MANY socket pairs with RLIMIT_NOFILE raised to hold them; all closed afterwards."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4096 if hard == resource.RLIM_INFINITY else min(hard, 4096)
    if wanted < 2 * MANY + 200:
        pytest.skip(f"RLIMIT_NOFILE hard limit {hard} is too low")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    pairs: list[tuple[socket.socket, socket.socket]] = []
    try:
        for _ in range(MANY):
            pairs.append(socket.socketpair())
        yield pairs
    finally:
        for a, b in pairs:
            a.close()
            b.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_available_multiplexers_best_first() -> None:
    assert AVAILABLE_MULTIPLEXERS
    assert set(AVAILABLE_MULTIPLEXERS) <= {"epoll", "poll", "select"}
    assert "select" in AVAILABLE_MULTIPLEXERS
    with EventBase() as base:
        assert base.mux == AVAILABLE_MULTIPLEXERS[0]


@pytest.mark.parametrize("mux", AVAILABLE_MULTIPLEXERS)
def test_named_multiplexer_is_used(mux: str) -> None:
    with EventBase(mux) as base:
        assert base.mux == mux
        assert mux in repr(base)


@pytest.mark.parametrize(
    ("mux", "error"), [("kqueue", ValueError), ("", ValueError), (3, TypeError)]
)
def test_bad_multiplexer_name(mux: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        EventBase(mux)  # type: ignore[arg-type]


@pytest.mark.parametrize("mux", [m for m in AVAILABLE_MULTIPLEXERS if m != "select"])
def test_fds_above_fd_setsize(
    mux: str, many_pairs: list[tuple[socket.socket, socket.socket]]
) -> None:
    high = [(a, b) for a, b in many_pairs if a.fileno() >= 1024]
    assert len(high) > 100
    seen: set[int] = set()
    with EventBase(mux) as base:
        for a, _ in many_pairs:
            base.set_io_handler(a.fileno(), "read", lambda fd, e, err: seen.add(fd))
        for _, b in high:
            b.send(b"x")
        while len(seen) < len(high):
            before = len(seen)
            base.event_dispatch(timeout=5, one_shot=True)
            assert len(seen) > before
    assert seen == {a.fileno() for a, _ in high}


@pytest.fixture
def select_base() -> Iterator[EventBase]:
    """A select event base made before the many fds, so its own fd stays low."""
    with EventBase("select") as base:
        yield base


def test_select_refuses_fds_at_fd_setsize(
    select_base: EventBase, many_pairs: list[tuple[socket.socket, socket.socket]]
) -> None:
    high = next(a for a, _ in many_pairs if a.fileno() >= 1024)
    low = many_pairs[0][0]
    with pytest.raises(FdSetSizeError, match="FD_SETSIZE") as info:
        select_base.set_io_handler(high.fileno(), "read", _noop)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, IolibError)
    assert "0 fds" in repr(select_base)
    select_base.set_io_handler(low.fileno(), "write", _noop)
    assert "1 fds" in repr(select_base)


def test_select_base_cannot_start_with_its_own_fd_too_high(
    many_pairs: list[tuple[socket.socket, socket.socket]],
) -> None:
    before = open_fds()
    with pytest.raises(FdSetSizeError):
        EventBase("select")
    assert open_fds() == before


@pytest.mark.parametrize("mux", AVAILABLE_MULTIPLEXERS)
def test_closed_fd_is_refused(mux: str) -> None:
    with EventBase(mux) as base:
        r, w = os.pipe()
        os.close(r)
        os.close(w)
        with pytest.raises(ValueError, match="not an open descriptor"):
            base.set_io_handler(r, "read", _noop)


def test_epoll_refuses_regular_files_with_value_error() -> None:
    if "epoll" not in AVAILABLE_MULTIPLEXERS:
        pytest.skip("no epoll here")
    with (
        tempfile.TemporaryFile() as f,
        EventBase("epoll") as base,
        pytest.raises(ValueError, match="epoll"),
    ):
        base.set_io_handler(f.fileno(), "read", lambda fd, e, err: None)


def _noop(fd: int, event: str, error: str | None) -> None:
    """An io callback that does nothing."""


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("3", "read", _noop), {}, TypeError),
        ((True, "read", _noop), {}, TypeError),
        ((-1, "read", _noop), {}, ValueError),
        ((0, "readwrite", _noop), {}, ValueError),
        ((0, b"read", _noop), {}, ValueError),
        ((0, "read", None), {}, TypeError),
        ((0, "read", _noop), {"timeout": -1}, ValueError),
        ((0, "read", _noop), {"timeout": float("nan")}, ValueError),
        ((0, "read", _noop), {"timeout": "1"}, TypeError),
    ],
)
def test_set_io_handler_bad_arguments(
    args: tuple[object, ...], kwargs: dict[str, object], error: type[Exception]
) -> None:
    with EventBase() as base:
        with pytest.raises(error):
            base.set_io_handler(*args, **kwargs)  # type: ignore[arg-type]
        assert "0 fds" in repr(base)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda b: b.add_timer(None, 1), TypeError),
        (lambda b: b.add_timer(lambda: None, -1), ValueError),
        (lambda b: b.add_timer(lambda: None, float("inf")), ValueError),
        (lambda b: b.add_timer(lambda: None, "1"), TypeError),
        (lambda b: b.remove_timer("timer"), TypeError),
        (lambda b: b.remove_fd_handlers("3"), TypeError),
        (lambda b: b.remove_fd_handlers(-3), ValueError),
        (lambda b: b.event_dispatch(timeout=-1), ValueError),
        (lambda b: b.event_dispatch(timeout="0"), TypeError),
        (lambda b: b.exit_event_loop(delay=-1), ValueError),
        (lambda b: b.exit_event_loop(delay=None), TypeError),
    ],
)
def test_bad_arguments(call: object, error: type[Exception]) -> None:
    with EventBase() as base, pytest.raises(error):
        call(base)  # type: ignore[operator]


def test_removing_handlers_of_an_unknown_fd_is_no_error() -> None:
    with EventBase() as base:
        base.remove_fd_handlers(12345)
        base.remove_fd_handlers(12345, read=True)
        assert "0 fds" in repr(base)


@given(
    fd=st.one_of(st.integers(-5, 5), st.text(max_size=3), st.none(), st.floats()),
    event=st.one_of(st.sampled_from(["read", "write", "error", ""]), st.integers()),
    timeout=st.one_of(
        st.none(), st.floats(allow_nan=True), st.integers(-2, 2), st.text(max_size=2)
    ),
)
def test_arbitrary_arguments_raise_only_documented_errors(
    fd: object, event: object, timeout: object
) -> None:
    with EventBase("poll") as base:
        try:
            base.set_io_handler(fd, event, _noop, timeout=timeout)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            pass
        else:
            assert isinstance(fd, int)
            base.remove_fd_handlers(fd)


@pytest.mark.parametrize("mux", AVAILABLE_MULTIPLEXERS)
def test_close_releases_descriptors_and_is_idempotent(mux: str) -> None:
    before = open_fds()
    with EventBase(mux) as base:
        assert open_fds() != before or mux != "epoll"
    assert base.closed
    base.close()
    assert open_fds() == before


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b.set_io_handler(0, "read", _noop),
        lambda b: b.add_timer(lambda: None, 1),
        lambda b: b.event_dispatch(timeout=0),
    ],
)
def test_closed_base_refuses_work(call: object) -> None:
    base = EventBase()
    base.close()
    with pytest.raises(ValueError, match="closed"):
        call(base)  # type: ignore[operator]
    base.remove_fd_handlers(0)
    base.exit_event_loop()
    assert "closed" in repr(base)


def test_unclosed_base_warns() -> None:
    base = EventBase()
    with pytest.warns(ResourceWarning, match="unclosed"):
        base.__del__()
    assert base.closed
