"""TLS on an active socket's own stream, over ssl.MemoryBIO.

The socket keeps its descriptor, its stream buffers, its timeouts and its
place in the multiplexer: only the bytes between the stream and the kernel
change, passing through an ``ssl.SSLObject``. Ciphertext the kernel cannot
take at once is kept here and always written out before more plaintext is
accepted, so nothing waits unseen behind a flushed stream.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import time
from typing import Literal

from iolib.sockets._errors import (
    SocketError,
    TLSCertificateError,
    TLSError,
    socket_error_from,
)
from iolib.sockets._fdpass import wait_ready

__all__ = ["TLSState", "tls_error_from"]

_DONTWAIT = int(socket.MSG_DONTWAIT)
_SEND_FLAGS = int(socket.MSG_NOSIGNAL) | _DONTWAIT
# One TLS record holds at most 16 KiB of plaintext (RFC 8446 section 5.1).
_RECORD = 16384
_READ = 65536


def tls_error_from(exc: ssl.SSLError, situation: str) -> TLSError:
    """Return the TLSError (TLSCertificateError for a failed verification) for ``exc``."""
    cls = TLSCertificateError if isinstance(exc, ssl.SSLCertVerificationError) else TLSError
    message = getattr(exc, "verify_message", None) or exc.reason or str(exc)
    error = cls(exc.errno, str(message), situation)
    error.library = exc.library
    error.reason = exc.reason
    if isinstance(exc, ssl.SSLCertVerificationError) and isinstance(error, TLSCertificateError):
        error.verify_code = exc.verify_code
        error.verify_message = exc.verify_message
    return error


def _deadline(timeout: float | None) -> float | None:
    return None if timeout is None else time.monotonic() + timeout


def _left(deadline: float | None) -> float | None:
    return None if deadline is None else max(0.0, deadline - time.monotonic())


class TLSState:
    """The TLS session of one socket: the SSLObject, its two BIOs, unsent ciphertext."""

    def __init__(
        self, obj: ssl.SSLObject, incoming: ssl.MemoryBIO, outgoing: ssl.MemoryBIO
    ) -> None:
        self.obj = obj
        self.incoming = incoming
        self.outgoing = outgoing
        self.unsent = bytearray()

    # -- moving ciphertext ---------------------------------------------------

    def _send_some(self, sock: socket.socket) -> bool:
        """Send pending ciphertext without waiting; True when none is left."""
        if self.outgoing.pending:
            self.unsent += self.outgoing.read()
        while self.unsent:
            try:
                sent = sock.send(self.unsent, _SEND_FLAGS)
            except (BlockingIOError, InterruptedError):
                return False
            except OSError as exc:
                raise socket_error_from(exc, "send(TLS)") from exc
            del self.unsent[:sent]
        return True

    def flush(self, sock: socket.socket, deadline: float | None) -> None:
        """Send every pending ciphertext byte, waiting for room until ``deadline``."""
        while not self._send_some(sock):
            wait_ready(sock.fileno(), "write", _left(deadline))

    def _receive(self, sock: socket.socket) -> None:
        """Move what the kernel holds into the incoming BIO; BlockingIOError when nothing."""
        try:
            data = sock.recv(_READ, _DONTWAIT)
        except (BlockingIOError, InterruptedError):
            raise
        except OSError as exc:
            raise socket_error_from(exc, "recv(TLS)") from exc
        if data:
            self.incoming.write(data)
        else:
            self.incoming.write_eof()

    def _pump(self, sock: socket.socket, deadline: float | None) -> None:
        """The SSLObject wants input: send what it wrote, then wait for and read more."""
        self.flush(sock, deadline)
        while True:
            try:
                self._receive(sock)
                return
            except InterruptedError:
                continue
            except BlockingIOError:
                wait_ready(sock.fileno(), "read", _left(deadline))

    # -- the session ---------------------------------------------------------

    def handshake(self, sock: socket.socket, timeout: float | None) -> None:
        """Run the handshake to its end within ``timeout``; TLSError if it fails."""
        deadline = _deadline(timeout)
        while True:
            try:
                self.obj.do_handshake()
                break
            except ssl.SSLWantReadError:
                self._pump(sock, deadline)
            except ssl.SSLError as exc:
                self._send_some(sock)  # let the peer see our alert
                raise tls_error_from(exc, "handshake") from exc
        self.flush(sock, deadline)

    def read_into(self, sock: socket.socket, buffer: memoryview) -> int:
        """Decrypt into ``buffer``; 0 at close_notify or EOF; BlockingIOError when it must wait."""
        while True:
            try:
                count: int = self.obj.read(len(buffer), buffer)  # type: ignore[assignment]  # an int when given a buffer
            except ssl.SSLWantReadError:
                self._send_some(sock)
                self._receive(sock)
                continue
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return 0  # a close_notify, or a ragged EOF (as suppress_ragged_eofs)
            except ssl.SSLError as exc:
                raise tls_error_from(exc, "read(TLS)") from exc
            if self.outgoing.pending:  # a key update or session ticket to answer
                self._send_some(sock)
            return count

    def write_from(self, sock: socket.socket, data: memoryview, timeout: float | None) -> int:
        """Encrypt up to one record of ``data`` and send it all; return the plaintext count."""
        deadline = _deadline(timeout)
        if not self._send_some(sock):
            raise BlockingIOError  # the stream waits for room, then calls again
        chunk = data[:_RECORD]
        while True:
            try:
                count = self.obj.write(chunk)
                break
            except ssl.SSLWantReadError:  # renegotiation: the peer must speak first
                self._pump(sock, deadline)
            except ssl.SSLError as exc:
                raise tls_error_from(exc, "write(TLS)") from exc
        self.flush(sock, deadline)
        return count

    def input_pending(self) -> bool:
        """True when decrypted or received bytes wait here, whatever the descriptor says."""
        return self.obj.pending() > 0 or self.incoming.pending > 0

    def unwrap(self, sock: socket.socket, timeout: float | None) -> bytes:
        """Exchange close_notify; return the plaintext bytes that followed it."""
        deadline = _deadline(timeout)
        while True:
            try:
                self.obj.unwrap()
                break
            except ssl.SSLWantReadError:
                self._pump(sock, deadline)
            except ssl.SSLError as exc:
                raise tls_error_from(exc, "unwrap") from exc
        self.flush(sock, deadline)
        return self.incoming.read()

    def close_notify(self, sock: socket.socket) -> None:
        """Send close_notify without waiting for the peer's; errors are ignored (closing)."""
        with contextlib.suppress(ssl.SSLError, ValueError):
            self.obj.unwrap()
        try:
            self._send_some(sock)
        except SocketError:
            return

    def info(self, what: Literal["version", "cipher", "cert"]) -> object:
        """The negotiated version, cipher tuple or peer certificate (None before the handshake)."""
        try:
            if what == "version":
                return self.obj.version()
            if what == "cipher":
                return self.obj.cipher()
            return self.obj.getpeercert() or None
        except ValueError:
            return None
