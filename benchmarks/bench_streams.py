"""Streams: bulk reads and writes and line reading, against raw sockets and socket.makefile.

Every transfer runs between this process and a forked child over a Unix
socket pair or loopback TCP; the child only writes (or only reads) with the
stdlib at full speed, so each ratio compares the two readers (or writers).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from typing import ClassVar

from benchmarks._harness import Result, compare
from iolib.streams import DualChannelStream

TOTAL = 128 << 20  # bytes moved by each bulk run
CHUNK = 256 << 10  # the caller's buffer for each bulk read or write
LINES = 1_000_000
REPEAT = 5
BULK_REPEAT = 21

SockFn = Callable[[socket.socket], None]


def _connected(kind: str) -> tuple[socket.socket, socket.socket]:
    if kind == "unix":
        return socket.socketpair()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        client = socket.create_connection(listener.getsockname())
        server, _ = listener.accept()
    return client, server


class _Peer:
    """A forked child that serves the far end of each connection the parent hands it.

    Forking once per benchmark, not per run, keeps process start-up out of
    the timings; the ends travel over a control socket (SCM_RIGHTS).
    """

    _controls: ClassVar[list[socket.socket]] = []

    def __init__(self, serve: SockFn) -> None:
        self.control, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            status = 0
            try:
                # other peers' control sockets: holding them would hide their EOF
                for other in [*self._controls, self.control]:
                    other.close()
                while True:
                    _, fds, _, _ = socket.recv_fds(theirs, 1, 1)
                    if not fds:
                        break
                    with socket.socket(fileno=fds[0]) as sock:
                        serve(sock)
                    theirs.sendall(b"k")
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        theirs.close()
        self.pid = pid
        self._controls.append(self.control)

    def run(self, kind: str, here: SockFn) -> None:
        """Connect a pair of ``kind``, serve one end in the child and run ``here`` on the other."""
        mine, theirs = _connected(kind)
        socket.send_fds(self.control, [b"s"], [theirs.fileno()])
        theirs.close()
        try:
            here(mine)
        finally:
            mine.close()
        if self.control.recv(1) != b"k":
            raise RuntimeError("benchmark child failed")

    def close(self) -> None:
        self._controls.remove(self.control)
        self.control.close()
        _, status = os.waitpid(self.pid, 0)
        if status:
            raise RuntimeError("benchmark child failed")


# -- the child's side: the stdlib at full speed -------------------------------

_BLOCK = bytes(range(256)) * (CHUNK // 256)


def _send_total(sock: socket.socket) -> None:
    view = memoryview(_BLOCK)
    for _ in range(TOTAL // CHUNK):
        sock.sendall(view)
    sock.shutdown(socket.SHUT_WR)


def _drain(sock: socket.socket) -> None:
    buf = bytearray(CHUNK)
    while sock.recv_into(buf):
        pass


# -- bulk reads -----------------------------------------------------------------


def _read_raw(sock: socket.socket) -> None:
    buf = bytearray(CHUNK)
    got = 0
    while n := sock.recv_into(buf):
        got += n
    assert got == TOTAL


def _read_makefile(sock: socket.socket) -> None:
    buf = bytearray(CHUNK)
    got = 0
    with sock.makefile("rb") as f:
        while n := f.readinto(buf):
            got += n
    assert got == TOTAL


def _read_stream(sock: socket.socket) -> None:
    buf = bytearray(CHUNK)
    got = 0
    with DualChannelStream(sock.detach()) as stream:
        while n := stream.read_into(buf):
            got += n
    assert got == TOTAL


# -- bulk writes ----------------------------------------------------------------


def _write_raw(sock: socket.socket) -> None:
    view = memoryview(_BLOCK)
    for _ in range(TOTAL // CHUNK):
        sock.sendall(view)
    sock.shutdown(socket.SHUT_WR)


def _write_stream(sock: socket.socket) -> None:
    with DualChannelStream(sock.detach()) as stream:
        for _ in range(TOTAL // CHUNK):
            stream.write(_BLOCK)
        stream.finish_output()


# -- lines ------------------------------------------------------------------------

_LINE_DATA = b""


def _line_data() -> bytes:
    global _LINE_DATA  # noqa: PLW0603 - built once, shared with the forked children
    if not _LINE_DATA:
        text = "".join(
            f"{i:07d} Grüße aus Köln, שלום, привет мир: line of a log\r\n" for i in range(LINES)
        )
        _LINE_DATA = text.encode("utf-8")
    return _LINE_DATA


def _send_lines(sock: socket.socket) -> None:
    sock.sendall(_line_data())
    sock.shutdown(socket.SHUT_WR)


def _lines_makefile(sock: socket.socket) -> None:
    n = 0
    with sock.makefile("r", encoding="utf-8", newline="\r\n") as f:
        readline = f.readline
        while readline():
            n += 1
    assert n == LINES


def _lines_stream(sock: socket.socket) -> None:
    n = 0
    with DualChannelStream(sock.detach(), ("utf-8", "crlf")) as stream:
        read_line = stream.read_line
        while read_line() is not None:
            n += 1
    assert n == LINES


def run() -> list[Result]:
    """Measure every ratio of issue 3 in this one run."""
    results = []
    sender, drainer = _Peer(_send_total), _Peer(_drain)
    try:
        for kind, label in (("unix", "Unix socket pair"), ("tcp", "loopback TCP")):

            def bench(peer: _Peer, here: SockFn, kind: str = kind) -> Callable[[], None]:
                return lambda: peer.run(kind, here)

            results.append(
                compare(
                    f"read_into 128 MiB over {label} vs recv_into loop",
                    bench(sender, _read_stream),
                    bench(sender, _read_raw),
                    0.90,
                    BULK_REPEAT,
                )
            )
            results.append(
                compare(
                    f"read_into 128 MiB over {label} vs makefile('rb').readinto",
                    bench(sender, _read_stream),
                    bench(sender, _read_makefile),
                    1.0,
                    BULK_REPEAT,
                )
            )
            results.append(
                compare(
                    f"write 128 MiB over {label} vs sendall",
                    bench(drainer, _write_stream),
                    bench(drainer, _write_raw),
                    0.90,
                    BULK_REPEAT,
                )
            )
    finally:
        sender.close()
        drainer.close()
    _line_data()
    liner = _Peer(_send_lines)
    try:
        results.append(
            compare(
                "read_line 1,000,000 UTF-8 CRLF lines vs makefile('r').readline",
                lambda: liner.run("unix", _lines_stream),
                lambda: liner.run("unix", _lines_makefile),
                1.0,
                REPEAT,
            )
        )
    finally:
        liner.close()
    return results
