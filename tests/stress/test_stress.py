"""Slow stress work, run by ``make stress`` (marked ``slow``; ``make test`` skips it).

Each test is bounded in count and time and talks only to loopback or socket pairs.
"""

from __future__ import annotations

import random
import resource
import socket
import threading
from collections.abc import Iterator

import pytest

from iolib import (
    AVAILABLE_MULTIPLEXERS,
    DualChannelStream,
    EventBase,
    ExternalFormat,
    socket_connect,
    socket_server,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

TEXT = "Grüße aus Köln — שלום עולם — привет, мир — 🦊🐍\tend\n" * 3
ENCODINGS = ["utf-8", "utf-16", "utf-32", "gb18030"]
EOLS = ["lf", "cr", "crlf"]


def _writer(sock: socket.socket, data: bytes, rng: random.Random) -> None:
    """Send ``data`` in random-sized pieces, then half-close."""
    view = memoryview(data)
    while view:
        n = rng.randint(1, 17)
        sock.sendall(view[:n])
        view = view[n:]
    sock.shutdown(socket.SHUT_WR)


@pytest.mark.parametrize("seed", range(40))
def test_random_chunking_and_buffer_sizes_keep_every_character(seed: int) -> None:
    """Random pieces on the wire, random buffer sizes, a random mix of reads."""
    rng = random.Random(seed)
    encoding, eol = rng.choice(ENCODINGS), rng.choice(EOLS)
    text = "".join(rng.choice(TEXT.splitlines(keepends=True)) for _ in range(200))
    terminator = {"lf": "\n", "cr": "\r", "crlf": "\r\n"}[eol]
    wire = text.replace("\n", terminator).encode(encoding)
    ours, theirs = socket.socketpair()
    sender = threading.Thread(target=_writer, args=(theirs, wire, rng))
    sender.start()
    got: list[str] = []
    try:
        with DualChannelStream(
            ours.detach(),
            ExternalFormat(encoding, eol),
            input_buffer_size=rng.choice([1, 2, 3, 7, 64, 4096]),
        ) as stream:
            while True:
                how = rng.random()
                if how < 0.4:
                    line = stream.read_line()
                    if line is None:
                        break
                    got.append(line + "\n")
                elif how < 0.8:
                    char = stream.read_char()
                    if char is None:
                        break
                    got.append(char)
                    if rng.random() < 0.3:
                        stream.unread_char()
                        got.pop()
                else:
                    peeked = stream.peek_char()
                    if peeked is None:
                        break
                    assert stream.read_char() == peeked
                    got.append(peeked)
    finally:
        sender.join(60)
        theirs.close()
    assert "".join(got) == text


def _echo(stream: DualChannelStream) -> None:
    while chunk := stream.read_some(65536):
        stream.write(chunk)
        stream.force_output()


@pytest.mark.parametrize("multi_threading", [False, True])
def test_server_with_1000_clients_loses_nothing(multi_threading: bool) -> None:
    """1000 clients, 20 concurrent at a time, 50 round trips each, all bytes back."""
    handle = socket_server(
        "127.0.0.1", 0, _echo, in_new_thread=True, multi_threading=multi_threading
    )
    assert handle is not None
    errors: list[BaseException] = []

    def clients(count: int, ident: int) -> None:
        try:
            for n in range(count):
                with socket_connect("127.0.0.1", handle.port, timeout=30) as conn:
                    for i in range(50):
                        payload = f"{ident}:{n}:{i}:".encode() * 8
                        conn.write(payload)
                        conn.force_output()
                        assert conn.read(len(payload)) == payload
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=clients, args=(50, k)) for k in range(20)]
    try:
        for w in workers:
            w.start()
        for w in workers:
            w.join(240)
    finally:
        handle.stop()
    assert not errors, errors[:3]


@pytest.fixture
def many_fds() -> Iterator[int]:
    """Raise RLIMIT_NOFILE so that several thousand descriptors fit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 20000)
    if want < 12000:
        pytest.skip(f"RLIMIT_NOFILE hard limit {hard} is too low")
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    try:
        yield want
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.parametrize("mux", [m for m in AVAILABLE_MULTIPLEXERS if m != "select"])
def test_event_base_with_5000_socket_pairs(mux: str, many_fds: int) -> None:
    """Every one of 5000 readable pairs is dispatched exactly once per round."""
    pairs = [socket.socketpair() for _ in range(5000)]
    seen: dict[int, int] = {}
    try:
        with EventBase(mux) as base:
            for a, b in pairs:
                b.send(b"x")

                def ready(fd: int, event: str, error: str | None) -> None:
                    seen[fd] = seen.get(fd, 0) + 1

                base.set_io_handler(a.fileno(), "read", ready, one_shot=True)
            while len(seen) < len(pairs):
                base.event_dispatch(timeout=10, one_shot=True)
    finally:
        for a, b in pairs:
            a.close()
            b.close()
    assert set(seen.values()) == {1}
    assert len(seen) == 5000
