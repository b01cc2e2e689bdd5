"""Echo server throughput: EventBase against an asyncio Protocol server (and uvloop).

One client process drives CONNECTIONS loopback connections, each doing ROUNDS
round trips of SIZE bytes, with its own epoll loop; the same client code
loads every server. Each server runs in a thread of this process and stays up
across runs; only the round trips are timed (connecting is not).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import select
import socket
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import cast

from benchmarks._harness import Result
from iolib.multiplex import EventBase

CONNECTIONS = 100
ROUNDS = 200
SIZE = 512
REPEAT = 10
MESSAGES = CONNECTIONS * ROUNDS
_IDLE_LIMIT = 10.0  # seconds without progress before a run is declared stuck


# -- the client load, one separate process ------------------------------------------


def _client_run(port: int, control: Connection) -> None:
    """Connect, wait for "go", do every round trip, report "done"."""
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(CONNECTIONS)]
    try:
        ep = select.epoll()
        message = b"m" * SIZE
        scratch = bytearray(65536)
        size = max(s.fileno() for s in socks) + 1
        # Per-fd state in lists indexed by fd: the client must cost less than any server.
        by_fd: list[socket.socket | None] = [None] * size
        pending = [0] * size
        left = [0] * size
        for s in socks:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.setblocking(False)
            by_fd[s.fileno()] = s
            ep.register(s.fileno(), select.EPOLLIN)
        control.send("ready")
        control.recv()
        for s in socks:
            s.send(message)
            pending[s.fileno()] = SIZE
            left[s.fileno()] = ROUNDS
        active = CONNECTIONS
        while active:
            events = ep.poll(_IDLE_LIMIT)
            if not events:
                raise TimeoutError("echo server stopped answering")
            for fd, _ in events:
                s = by_fd[fd]
                assert s is not None
                got = s.recv_into(scratch)
                if not got:
                    raise ConnectionError("echo server closed a connection")
                pending[fd] -= got
                if pending[fd] <= 0:
                    left[fd] -= 1
                    if left[fd]:
                        s.send(message)
                        pending[fd] += SIZE
                    else:
                        ep.unregister(fd)
                        active -= 1
        ep.close()
    finally:
        for s in socks:
            s.close()
    control.send("done")


def _client_process(control: Connection) -> None:
    """Serve run requests (a port) until told to stop (None)."""
    while True:
        port = control.recv()
        if port is None:
            return
        try:
            _client_run(port, control)
        except Exception as exc:  # reported to the parent, which raises it
            control.send(f"error: {exc!r}")


# -- the servers, each in a thread of this process ------------------------------------


class _Server:
    """A server thread: ``start`` returns its port, ``stop`` ends and joins it."""

    def __init__(self, body: Callable[[_Server], None]) -> None:
        self.port = 0
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.stop_hook: Callable[[], None] = lambda: None
        self._thread = threading.Thread(target=self._run, args=(body,), daemon=True)

    def _run(self, body: Callable[[_Server], None]) -> None:
        try:
            body(self)
        except BaseException as exc:
            self.error = exc
            self.ready.set()

    def start(self) -> int:
        self._thread.start()
        self.ready.wait(10)
        if self.error is not None:
            raise self.error
        return self.port

    def stop(self) -> None:
        self.stop_hook()
        self._thread.join(10)
        if self.error is not None:
            raise self.error


def _eventbase_server(server: _Server) -> None:
    """An echo server on EventBase with non-blocking stdlib sockets."""
    with EventBase() as base, socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(512)
        listener.setblocking(False)
        conns: dict[int, socket.socket] = {}
        backlog: dict[int, bytes] = {}

        def close(fd: int) -> None:
            base.remove_fd_handlers(fd)
            backlog.pop(fd, None)
            conns.pop(fd).close()

        def on_write(fd: int, event: str, error: str | None) -> None:
            data = backlog[fd]
            try:
                sent = conns[fd].send(data)
            except BlockingIOError:
                return
            except OSError:
                close(fd)
                return
            if sent == len(data):
                del backlog[fd]
                base.remove_fd_handlers(fd, write=True)
                base.set_io_handler(fd, "read", on_read)
            else:
                backlog[fd] = data[sent:]

        def on_read(fd: int, event: str, error: str | None) -> None:
            sock = conns[fd]
            try:
                data = sock.recv(65536)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                close(fd)
                return
            try:
                sent = sock.send(data)
            except BlockingIOError:
                sent = 0
            except OSError:
                close(fd)
                return
            if sent < len(data):
                # Stop reading until the backlog is out: the client waits for it anyway.
                backlog[fd] = data[sent:]
                base.remove_fd_handlers(fd, read=True)
                base.set_io_handler(fd, "write", on_write)

        def on_accept(fd: int, event: str, error: str | None) -> None:
            while True:
                try:
                    sock, _ = listener.accept()
                except BlockingIOError:
                    return
                sock.setblocking(False)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                conns[sock.fileno()] = sock
                base.set_io_handler(sock.fileno(), "read", on_read)

        base.set_io_handler(listener.fileno(), "read", on_accept)
        server.port = listener.getsockname()[1]
        server.stop_hook = base.exit_event_loop
        server.ready.set()
        try:
            base.event_dispatch()
        finally:
            for fd in list(conns):
                close(fd)


class _EchoProtocol(asyncio.Protocol):
    """asyncio's idiomatic echo: write back whatever arrives."""

    transport: asyncio.Transport

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, but write the same.
        self.transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self.transport.write(data)


def _asyncio_server(
    make_loop: Callable[[], asyncio.AbstractEventLoop],
) -> Callable[[_Server], None]:
    def body(server: _Server) -> None:
        loop = make_loop()
        try:
            srv = loop.run_until_complete(
                loop.create_server(_EchoProtocol, "127.0.0.1", 0, backlog=512)
            )
            server.port = srv.sockets[0].getsockname()[1]
            server.stop_hook = lambda: loop.call_soon_threadsafe(loop.stop)
            server.ready.set()
            loop.run_forever()
            srv.close()
            loop.run_until_complete(srv.wait_closed())
        finally:
            loop.close()

    return body


# -- driving the runs ----------------------------------------------------------------


def _one_run(control: Connection, port: int) -> float:
    """Time one full client load against the server on ``port``; seconds."""
    control.send(port)
    reply = control.recv()
    if reply != "ready":
        raise RuntimeError(f"client failed: {reply}")
    start = time.perf_counter()
    control.send("go")
    reply = control.recv()
    elapsed = time.perf_counter() - start
    if reply != "done":
        raise RuntimeError(f"client failed: {reply}")
    return elapsed


def run() -> list[Result]:
    """Measure each server under the same client load; the best of REPEAT runs each."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    parent, child = ctx.Pipe()
    # The client process starts before any server thread exists, so forking is safe.
    client = ctx.Process(target=_client_process, args=(child,), daemon=True)
    client.start()
    child.close()
    servers: dict[str, _Server] = {
        "EventBase": _Server(_eventbase_server),
        "asyncio": _Server(_asyncio_server(asyncio.new_event_loop)),
    }
    try:
        import uvloop

        servers["uvloop"] = _Server(_asyncio_server(uvloop.new_event_loop))
    except ImportError:
        pass
    best: dict[str, float] = {}
    try:
        ports = {name: srv.start() for name, srv in servers.items()}
        for port in ports.values():
            _one_run(parent, port)  # warm-up
        for _ in range(REPEAT):
            for name, port in ports.items():
                best[name] = min(best.get(name, float("inf")), _one_run(parent, port))
    finally:
        parent.send(None)
        client.join(10)
        parent.close()
        for srv in servers.values():
            srv.stop()
    for name, seconds in best.items():
        print(f"     {name:<9} {MESSAGES / seconds:>10,.0f} messages/s", flush=True)
    label = f"echo {CONNECTIONS} conns x {ROUNDS} x {SIZE} B"
    results = [
        Result(f"{label}: EventBase vs asyncio Protocol", best["EventBase"], best["asyncio"], 1.0)
    ]
    if "uvloop" in best:
        ratio = best["uvloop"] / best["EventBase"]
        print(f"info {label}: EventBase vs uvloop {ratio:.2f}x (no goal)", flush=True)
    return results
