"""TLS on the same stream: handshakes, STARTTLS, unwrap, verification failures, timeouts."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from iolib.sockets import (
    PassiveSocket,
    TLSCertificateError,
    TLSError,
    make_socket,
    make_socket_pair,
    socket_connect,
    wait_for_input,
)
from iolib.streams import StreamTimeoutError

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway CA and a server certificate for localhost / 127.0.0.1."""
    where = tmp_path_factory.mktemp("pki")
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=iolib test CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign", cwd=where)  # fmt: skip
    _openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/CN=localhost", cwd=where)  # fmt: skip
    (where / "ext.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf",
             cwd=where)  # fmt: skip
    return where


@pytest.fixture
def server_context(pki: Path) -> ssl.SSLContext:
    """The server side's context."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki / "server.pem", pki / "server.key")
    return context


@pytest.fixture
def client_context(pki: Path) -> ssl.SSLContext:
    """A client context trusting the test CA."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(pki / "ca.pem")
    return context


class _Server:
    """Runs one function on the accepted connection in a thread; re-raises its error."""

    def __init__(self, listener: PassiveSocket, handler: Callable[[PassiveSocket], None]) -> None:
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(listener, handler))
        self.thread.start()

    def _run(self, listener: PassiveSocket, handler: Callable[[PassiveSocket], None]) -> None:
        try:
            handler(listener)
        except BaseException as exc:  # handed to the test thread by join()
            self.error = exc

    def join(self) -> BaseException | None:
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()
        return self.error


@pytest.fixture
def listener() -> Iterator[PassiveSocket]:
    """A TCP listener on 127.0.0.1."""
    with make_socket(connect="passive", local_host="127.0.0.1", local_port=0) as server:
        yield server


def test_echo_over_tls(
    listener: PassiveSocket, server_context: ssl.SSLContext, client_context: ssl.SSLContext
) -> None:
    """socket_connect(tls=...) and accept_connection(tls=...): text both ways, session facts."""

    def serve(lst: PassiveSocket) -> None:
        with lst.accept_connection(timeout=10, tls=server_context) as conn:  # type: ignore[union-attr]
            line = conn.read_line()
            conn.write_line(f"echo {line}")
            conn.finish_output()
            assert conn.read_byte() is None  # the client's close_notify

    server = _Server(listener, serve)
    port = listener.local_port  # type: ignore[attr-defined]
    try:
        with socket_connect("127.0.0.1", port, tls=client_context, timeout=10) as client:
            assert client.tls_version in ("TLSv1.2", "TLSv1.3")
            assert client.cipher is not None
            cert = client.peer_certificate
            assert cert is not None and ("commonName", "localhost") in cert["subject"][0]  # type: ignore[operator]
            client.write_line("hello")
            client.finish_output()
            assert client.read_line() == "echo hello"
    finally:
        assert server.join() is None


def test_plain_sockets_report_no_tls() -> None:
    """Without TLS the session properties are None."""
    a, b = make_socket_pair()
    with a, b:
        assert (a.tls_version, a.cipher, a.peer_certificate) == (None, None, None)
        with pytest.raises(ValueError):
            a.unwrap_tls()
        with pytest.raises(TypeError):
            a.start_tls("not a context")  # type: ignore[arg-type]


def test_starttls_and_unwrap_on_a_local_pair(
    server_context: ssl.SSLContext, client_context: ssl.SSLContext
) -> None:
    """Plain text, then TLS in place, then plain text again after unwrap."""
    a, b = make_socket_pair()

    def serve(_: PassiveSocket) -> None:
        assert b.read_line() == "STARTTLS"
        b.write_line("go ahead")
        b.finish_output()
        b.start_tls(server_context, server_side=True, timeout=10)
        assert b.read_line() == "secret"
        b.write_line("secret received")
        b.finish_output()
        b.unwrap_tls(timeout=10)
        assert b.read_line() == "plain again"

    with a, b:
        server = _Server(None, serve)  # type: ignore[arg-type]
        try:
            a.write_line("STARTTLS")
            a.finish_output()
            assert a.read_line() == "go ahead"
            a.start_tls(client_context, server_hostname="localhost", timeout=10)
            with pytest.raises(ValueError):
                a.start_tls(client_context)
            a.write_line("secret")
            a.finish_output()
            assert a.read_line() == "secret received"
            a.unwrap_tls(timeout=10)
            assert a.tls_version is None
            a.write_line("plain again")
            a.finish_output()
        finally:
            assert server.join() is None


def test_an_untrusted_certificate_is_a_certificate_error(
    listener: PassiveSocket, server_context: ssl.SSLContext
) -> None:
    """Verification failure: TLSCertificateError (also ssl's), and the socket is closed."""

    def serve(lst: PassiveSocket) -> None:
        with pytest.raises(TLSError):
            lst.accept_connection(timeout=10, tls=server_context)

    server = _Server(listener, serve)
    port = listener.local_port  # type: ignore[attr-defined]
    try:
        with pytest.raises(TLSCertificateError) as info:
            make_socket(
                remote_host="127.0.0.1",
                remote_port=port,
                tls=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT),  # trusts nothing
            )
        assert isinstance(info.value, ssl.SSLCertVerificationError)
        assert info.value.identifier == "tls-certificate"
    finally:
        assert server.join() is None


def test_wrong_host_name_fails_verification(
    listener: PassiveSocket, server_context: ssl.SSLContext, client_context: ssl.SSLContext
) -> None:
    """server_hostname is checked against the certificate."""

    def serve(lst: PassiveSocket) -> None:
        with pytest.raises(TLSError):
            lst.accept_connection(timeout=10, tls=server_context)

    server = _Server(listener, serve)
    port = listener.local_port  # type: ignore[attr-defined]
    try:
        with pytest.raises(TLSCertificateError):
            socket_connect(
                "127.0.0.1", port, tls=client_context, server_hostname="other.test", timeout=10
            )
    finally:
        assert server.join() is None


def test_a_silent_peer_times_the_handshake_out(
    listener: PassiveSocket, client_context: ssl.SSLContext
) -> None:
    """Nobody answers the ClientHello: StreamTimeoutError within the timeout."""
    port = listener.local_port  # type: ignore[attr-defined]
    with make_socket(remote_host="127.0.0.1", remote_port=port) as client:
        start = time.monotonic()
        with pytest.raises(StreamTimeoutError):
            client.start_tls(client_context, server_hostname="localhost", timeout=0.1)
        assert time.monotonic() - start < 5
        with listener.accept_connection(timeout=5):
            pass


def test_tls_on_a_datagram_socket_is_refused(client_context: ssl.SSLContext) -> None:
    """TLS needs a stream socket."""
    with make_socket(type="datagram") as udp, pytest.raises(ValueError):
        udp.start_tls(client_context)


def test_bytes_after_close_notify_are_read_first() -> None:
    """Plain bytes that arrived with the peer's close_notify come before new reads."""
    from iolib.sockets._active import _Leftover

    a, b = make_socket_pair()
    with a, b:
        a._tls = _Leftover(b"early ")  # type: ignore[assignment]
        assert a._input_pending_os()
        b.write(b"late")
        b.finish_output()
        assert a.read(10) == b"early late"
        assert not a._input_pending_os()
        a.write(b"reply")
        a.finish_output()
        assert b.read(5) == b"reply"
        assert a.tls_version is None
        a.close()
        assert b.read() == b""


def test_send_file_under_tls_is_a_buffered_copy(
    tmp_path: Path, server_context: ssl.SSLContext, client_context: ssl.SSLContext
) -> None:
    """send_file goes through TLS (no sendfile past the encryption)."""
    path = tmp_path / "f"
    path.write_bytes(b"file over tls " * 1000)
    a, b = make_socket_pair()
    got: list[bytes] = []

    def serve(_: PassiveSocket) -> None:
        b.start_tls(server_context, server_side=True, timeout=10)
        got.append(b.read(14000))

    with a, b:
        server = _Server(None, serve)  # type: ignore[arg-type]
        try:
            a.start_tls(client_context, server_hostname="localhost", timeout=10)
            assert a.tls_active
            with open(path, "rb") as file:
                assert a.send_file(file) == 14000
        finally:
            assert server.join() is None
    assert got == [path.read_bytes()]


def test_wait_for_input_sees_input_held_inside_tls(
    server_context: ssl.SSLContext, client_context: ssl.SSLContext
) -> None:
    """Decrypted bytes waiting in the TLS layer make a socket ready, as listen() says."""
    a, b = make_socket_pair(input_buffer_size=16)

    def serve(_: PassiveSocket) -> None:
        b.read_timeout = 10
        b.start_tls(server_context, server_side=True, timeout=10)
        b.write(b"x" * 10_000)
        b.finish_output()
        assert b.read(1) == b"."  # the client's go: it has read everything

    with a, b:
        server = _Server(None, serve)  # type: ignore[arg-type]
        try:
            a.start_tls(client_context, server_hostname="localhost", timeout=10)
            got = a.read(16)
            while len(got) < 10_000:
                ready, _ = wait_for_input(a, timeout=5, ready_only=True)
                assert ready == [a]
                got += a.read(16)
            assert got == b"x" * 10_000
            a.write(b".")
            a.finish_output()
        finally:
            assert server.join() is None
