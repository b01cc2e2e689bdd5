"""Fixtures of the multiplex tests: an event base per backend, socket pairs."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from iolib.multiplex import AVAILABLE_MULTIPLEXERS, EventBase


@pytest.fixture(params=AVAILABLE_MULTIPLEXERS)
def base(request: pytest.FixtureRequest) -> Iterator[EventBase]:
    """An event base on each available multiplexer in turn, closed afterwards."""
    with EventBase(request.param) as event_base:
        yield event_base


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    """A connected non-blocking Unix stream socket pair, closed afterwards."""
    a, b = socket.socketpair()
    a.setblocking(False)
    b.setblocking(False)
    with a, b:
        yield a, b


@pytest.fixture
def pair2() -> Iterator[tuple[socket.socket, socket.socket]]:
    """A second socket pair, for tests that need two fds."""
    a, b = socket.socketpair()
    a.setblocking(False)
    b.setblocking(False)
    with a, b:
        yield a, b
