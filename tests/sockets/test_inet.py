"""Internet sockets on loopback: TCP over IPv4 and IPv6, UDP, timeouts and error identifiers."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from iolib.address import IPv4Address, IPv6Address
from iolib.multiplex import PollTimeout
from iolib.sockets import (
    ActiveSocket,
    PassiveSocket,
    SocketAddressInUseError,
    SocketConnectionRefusedError,
    SocketConnectionTimedOutError,
    SocketDatagramInternetActive,
    SocketError,
    SocketNotConnectedError,
    SocketStreamInternetActive,
    SocketWouldBlockError,
    make_socket,
)
from iolib.streams import StreamTimeoutError

from .conftest import needs_ipv6

LOOPBACKS = ["127.0.0.1", pytest.param("::1", marks=needs_ipv6)]


def _connected_pair(host: str) -> tuple[ActiveSocket, ActiveSocket, PassiveSocket]:
    listener = make_socket(connect="passive", local_host=host, local_port=0)
    assert isinstance(listener, PassiveSocket)
    client = make_socket(remote_host=host, remote_port=listener.local_port)  # type: ignore[attr-defined]
    server = listener.accept_connection(timeout=5)
    assert isinstance(client, ActiveSocket)
    assert server is not None
    return client, server, listener


@pytest.fixture(params=LOOPBACKS)
def tcp(request: pytest.FixtureRequest) -> Iterator[tuple[ActiveSocket, ActiveSocket, str]]:
    """A connected TCP client / server pair over 127.0.0.1 or ::1."""
    client, server, listener = _connected_pair(request.param)
    with client, server, listener:
        yield client, server, request.param


def test_tcp_round_trip_and_names(tcp: tuple[ActiveSocket, ActiveSocket, str]) -> None:
    """Bytes and text travel both ways; names agree on both ends."""
    client, server, host = tcp
    assert type(client) is type(server) is SocketStreamInternetActive
    assert client.ipv6 is server.ipv6 is (":" in host)
    assert client.address_family == ("ipv6" if ":" in host else "ipv4")
    assert client.remote_name == server.local_name
    assert server.remote_name == client.local_name
    assert str(client.remote_host) == host
    assert client.is_connected and server.is_connected
    client.write_line("hello")
    client.write(b"\x00\xff")
    client.finish_output()
    assert server.read_line() == "hello"
    assert server.read(2) == b"\x00\xff"
    server.write_string("back\n")
    server.force_output()
    assert client.read_line() == "back"


def test_half_close_with_shutdown(tcp: tuple[ActiveSocket, ActiveSocket, str]) -> None:
    """shutdown(write=True) flushes, then the peer sees EOF but can still answer."""
    client, server, _ = tcp
    client.write(b"last words")
    client.shutdown(write=True)
    assert server.read() == b"last words"
    assert server.read_byte() is None
    server.write(b"reply")
    server.finish_output()
    assert client.read(5) == b"reply"
    with pytest.raises(ValueError):
        client.shutdown()
    client.shutdown(read=True, write=True)


def test_shutdown_on_an_unconnected_socket_is_a_socket_error() -> None:
    """The OS refusal (ENOTCONN) arrives as SocketNotConnectedError."""
    with make_socket() as sock, pytest.raises(SocketNotConnectedError) as info:
        sock.shutdown(read=True)  # type: ignore[attr-defined]
    assert info.value.identifier == "not-connected"
    with make_socket() as sock, pytest.raises(SocketNotConnectedError):
        _ = sock.remote_name  # type: ignore[attr-defined]


def test_connection_refused_identifier() -> None:
    """Nothing listening: SocketConnectionRefusedError, a ConnectionRefusedError."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SocketConnectionRefusedError) as info:
        make_socket(remote_host="127.0.0.1", remote_port=port)
    assert isinstance(info.value, ConnectionRefusedError)
    assert info.value.identifier == "connection-refused"
    assert info.value.situation is not None and "connect" in info.value.situation
    with make_socket() as sock, pytest.raises(SocketConnectionRefusedError):
        sock.connect("127.0.0.1", port, timeout=5)  # type: ignore[attr-defined]


def test_address_in_use_identifier(tcp_listener: PassiveSocket) -> None:
    """Binding a port already listened on: SocketAddressInUseError."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with pytest.raises(SocketAddressInUseError) as info:
        make_socket(connect="passive", local_host="127.0.0.1", local_port=port)
    assert info.value.identifier == "address-in-use"
    assert info.value.situation is not None and "bind" in info.value.situation
    with make_socket(connect="passive") as other, pytest.raises(SocketAddressInUseError):
        other.bind_address("127.0.0.1", port)  # type: ignore[attr-defined]


def test_passive_without_local_host_is_unbound_then_binds_and_listens() -> None:
    """An unbound passive socket binds and listens on request."""
    with make_socket(connect="passive") as listener:
        assert isinstance(listener, PassiveSocket)
        assert not listener.is_listening
        listener.bind_address("127.0.0.1", 0)  # type: ignore[attr-defined]
        listener.listen_on(backlog=3)
        assert listener.is_listening
        assert listener.get_option("reuse_address") is True
        assert listener.get_option("accept_connections") is True
        port = listener.local_port  # type: ignore[attr-defined]
        with (
            make_socket(remote_host="127.0.0.1", remote_port=port) as client,
            listener.accept_connection() as server,  # type: ignore[union-attr]
        ):
            assert server.remote_port == client.local_port  # type: ignore[attr-defined]


def test_reuse_address_defaults() -> None:
    """On for stream listeners, off for datagram sockets, unless asked."""
    with make_socket(connect="passive", local_host="127.0.0.1", local_port=0) as listener:
        assert listener.get_option("reuse_address") is True
    with make_socket(
        connect="passive", local_host="127.0.0.1", local_port=0, reuse_address=False
    ) as listener:
        assert listener.get_option("reuse_address") is False
    with make_socket(type="datagram", local_host="127.0.0.1", local_port=0) as udp:
        assert udp.get_option("reuse_address") is False
    with make_socket(
        type="datagram", local_host="127.0.0.1", local_port=0, reuse_address=True
    ) as udp:
        assert udp.get_option("reuse_address") is True


def test_accept_without_waiting_returns_none(tcp_listener: PassiveSocket) -> None:
    """wait=False with nothing pending gives None at once."""
    assert tcp_listener.accept_connection(wait=False) is None


def test_accept_timeout_is_bounded(tcp_listener: PassiveSocket) -> None:
    """timeout expires with None, after about the time asked."""
    start = time.monotonic()
    assert tcp_listener.accept_connection(timeout=0.05) is None
    elapsed = time.monotonic() - start
    assert 0.04 <= elapsed < 2


def test_accept_uses_the_listeners_external_format(tcp_listener: PassiveSocket) -> None:
    """Accepted sockets get the listener's format unless one is given."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with (
        make_socket(remote_host="127.0.0.1", remote_port=port),
        tcp_listener.accept_connection(  # type: ignore[union-attr]
            external_format=("latin-1", "crlf"), input_buffer_size=3
        ) as server,
    ):
        assert server.external_format.encoding == "latin-1"
        assert server.external_format.eol_style == "crlf"
        assert server.input_buffer_size == 3


def _filled_listener() -> tuple[PassiveSocket, list[socket.socket]]:
    """A listener whose accept queue is full, so that one more connect hangs in SYN_SENT."""
    listener = make_socket(connect="passive", local_host="127.0.0.1", local_port=0, backlog=1)
    assert isinstance(listener, PassiveSocket)
    address = ("127.0.0.1", listener.local_port)  # type: ignore[attr-defined]
    fillers: list[socket.socket] = []
    for _ in range(8):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(address)
        fillers.append(filler)
        try:
            from iolib.multiplex import wait_until_fd_ready

            wait_until_fd_ready(filler.fileno(), "write", 0.2)
        except PollTimeout:
            return listener, fillers
    listener.close()
    for filler in fillers:
        filler.close()
    pytest.skip("this kernel accepts past the backlog: cannot make a connect hang")


def test_connect_timeout_is_bounded() -> None:
    """A connect to a full listener times out: SocketConnectionTimedOutError, a PollTimeout."""
    listener, fillers = _filled_listener()
    try:
        port = listener.local_port  # type: ignore[attr-defined]
        with make_socket() as sock:
            start = time.monotonic()
            with pytest.raises(SocketConnectionTimedOutError) as info:
                sock.connect("127.0.0.1", port, timeout=0.1)  # type: ignore[attr-defined]
            assert time.monotonic() - start < 2
            assert isinstance(info.value, PollTimeout | TimeoutError)
            assert info.value.identifier == "connection-timed-out"
            assert sock.is_open
    finally:
        listener.close()
        for filler in fillers:
            filler.close()


def test_connect_without_waiting(tcp_listener: PassiveSocket) -> None:
    """connect(wait=False) returns at once; is_connected turns True when done."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with make_socket() as sock:
        sock.connect("127.0.0.1", port, wait=False)  # type: ignore[attr-defined]
        with tcp_listener.accept_connection(timeout=5) as server:  # type: ignore[union-attr]
            from iolib.multiplex import wait_until_fd_ready

            wait_until_fd_ready(sock.fileno(), "write", 5)
            assert sock.is_connected
            assert server.remote_port == sock.local_port  # type: ignore[attr-defined]


@needs_ipv6
def test_dual_stack_listener_accepts_ipv4_mapped_peers() -> None:
    """ipv6=True makes an IPv6 listener with IPV6_V6ONLY off; IPv4 clients appear mapped."""
    with make_socket(connect="passive", ipv6=True, local_host="::", local_port=0) as listener:
        assert listener.ipv6
        assert listener.get_option("ipv6_only") is False
        port = listener.local_port  # type: ignore[attr-defined]
        with (
            make_socket(remote_host="127.0.0.1", remote_port=port) as client,
            listener.accept_connection(timeout=5) as server,  # type: ignore[union-attr]
        ):
            peer = server.remote_host
            assert isinstance(peer, IPv6Address)
            assert peer.is_ipv4_mapped
            assert str(peer) == "::ffff:127.0.0.1"
            assert server.remote_port == client.local_port  # type: ignore[attr-defined]


@needs_ipv6
def test_ipv6_only_is_explicit() -> None:
    """Without ipv6=True an IPv6 socket sets IPV6_V6ONLY on, whatever the OS default."""
    with make_socket(address_family="ipv6", connect="passive", local_host="::", local_port=0) as s:
        assert s.get_option("ipv6_only") is True
    with make_socket(connect="passive", local_host="::1", local_port=0) as s:
        assert s.ipv6
        assert s.get_option("ipv6_only") is True


@needs_ipv6
def test_dual_stack_client_maps_ipv4_addresses(tcp_listener: PassiveSocket) -> None:
    """An ipv6=True client reaches an IPv4 listener through the mapped address."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with make_socket(ipv6=True, remote_host="127.0.0.1", remote_port=port) as client:
        assert client.ipv6
        assert str(client.remote_host) == "::ffff:127.0.0.1"  # type: ignore[attr-defined]
        with tcp_listener.accept_connection(timeout=5) as server:  # type: ignore[union-attr]
            assert server.remote_host == IPv4Address((127, 0, 0, 1))


def test_host_names_resolve_through_the_hosts_file(tcp_listener: PassiveSocket) -> None:
    """remote_host="localhost" connects (the hosts file or the built-in entry)."""
    port = tcp_listener.local_port  # type: ignore[attr-defined]
    with make_socket(remote_host="localhost", remote_port=port) as client:
        assert client.remote_host == IPv4Address((127, 0, 0, 1))  # type: ignore[attr-defined]
        with tcp_listener.accept_connection(timeout=5):
            pass


# -- UDP ------------------------------------------------------------------


@pytest.mark.parametrize("host", LOOPBACKS)
def test_udp_unconnected_send_to_and_receive_from(host: str) -> None:
    """Unconnected datagram sockets name their peers in receive_from."""
    with (
        make_socket(type="datagram", local_host=host, local_port=0) as a,
        make_socket(type="datagram", local_host=host, local_port=0) as b,
    ):
        assert type(a) is SocketDatagramInternetActive
        assert not a.is_connected
        sent = a.send_to(b"xhellox", start=1, end=6, remote_host=host, remote_port=b.local_port)  # type: ignore[attr-defined]
        assert sent == 5
        buffer, nbytes, peer_host, peer_port = b.receive_from(size=100)  # type: ignore[attr-defined]
        assert (bytes(buffer[:nbytes]), nbytes) == (b"hello", 5)
        assert len(buffer) == 100
        assert str(peer_host) == host
        assert peer_port == a.local_port  # type: ignore[attr-defined]


def test_udp_connected_sockets() -> None:
    """A connected datagram socket sends without a destination; peers are checked."""
    with make_socket(type="datagram", local_host="127.0.0.1", local_port=0) as server:
        port = server.local_port  # type: ignore[attr-defined]
        with make_socket(type="datagram", remote_host="127.0.0.1", remote_port=port) as client:
            assert client.is_connected
            assert client.remote_port == port  # type: ignore[attr-defined]
            client.send_to(b"one")
            client.write(b"two")
            client.finish_output()
            got = server.receive_from(size=16)  # type: ignore[attr-defined]
            assert bytes(got.buffer[: got.nbytes]) == b"one"
            assert got.port == client.local_port  # type: ignore[attr-defined]
            assert bytes(server.receive_from(size=16).buffer[:3]) == b"two"  # type: ignore[attr-defined]
            server.send_to(b"back", remote_host="127.0.0.1", remote_port=client.local_port)  # type: ignore[attr-defined]
            assert client.read_some(10) == b"back"
            client.disconnect()  # type: ignore[attr-defined]
            assert not client.is_connected


def test_receive_from_into_a_buffer_with_bounds() -> None:
    """A caller's buffer is filled between start and end and returned as given."""
    with make_socket(type="datagram", local_host="127.0.0.1", local_port=0) as a:
        port = a.local_port  # type: ignore[attr-defined]
        with make_socket(type="datagram", remote_host="127.0.0.1", remote_port=port) as b:
            b.send_to(b"abcdef")
            target = bytearray(b"........")
            got = a.receive_from(target, start=2, end=6)  # type: ignore[attr-defined]
            assert got.buffer is target
            assert got.nbytes == 4
            assert target == b"..abcd.."


def test_peek_and_dont_wait() -> None:
    """peek leaves the datagram queued; dont_wait with nothing there is SocketWouldBlockError."""
    with make_socket(type="datagram", local_host="127.0.0.1", local_port=0) as a:
        with pytest.raises(SocketWouldBlockError) as info:
            a.receive_from(size=10, dont_wait=True)  # type: ignore[attr-defined]
        assert isinstance(info.value, BlockingIOError)
        port = a.local_port  # type: ignore[attr-defined]
        with make_socket(type="datagram", remote_host="127.0.0.1", remote_port=port) as b:
            b.send_to(b"peek", dont_route=True)
            assert bytes(a.receive_from(size=10, peek=True).buffer[:4]) == b"peek"  # type: ignore[attr-defined]
            assert bytes(a.receive_from(size=10).buffer[:4]) == b"peek"  # type: ignore[attr-defined]


def test_receive_timeout_from_read_timeout() -> None:
    """A datagram wait honours read_timeout with StreamTimeoutError."""
    with make_socket(type="datagram", local_host="127.0.0.1", local_port=0) as a:
        a.read_timeout = 0.05  # type: ignore[attr-defined]
        start = time.monotonic()
        with pytest.raises(StreamTimeoutError):
            a.receive_from(size=10)  # type: ignore[attr-defined]
        assert time.monotonic() - start < 2


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"buffer": b"abc"}, TypeError),
        ({"buffer": "abc"}, TypeError),
        ({"buffer": bytearray(4), "start": 5}, ValueError),
        ({"buffer": bytearray(4), "end": 9}, ValueError),
        ({"buffer": bytearray(4), "start": "0"}, TypeError),
        ({"buffer": bytearray(4), "size": 3}, TypeError),
        ({"size": -1}, ValueError),
        ({"size": "3"}, TypeError),
    ],
)
def test_receive_from_bad_arguments(kwargs: dict[str, object], error: type[Exception]) -> None:
    """Bad buffers, sizes and bounds raise TypeError / ValueError."""
    with make_socket(type="datagram") as sock, pytest.raises(error):
        sock.receive_from(**kwargs)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("abc",), {}, TypeError),
        ((3,), {}, TypeError),
        ((b"abc",), {"start": 4}, ValueError),
        ((b"abc",), {"end": 2, "start": 3}, ValueError),
        ((b"abc",), {"remote_host": "127.0.0.1"}, TypeError),
        ((b"abc",), {"remote_port": 9}, TypeError),
        ((b"abc",), {"remote_filename": "/tmp/x"}, TypeError),
    ],
)
def test_send_to_bad_arguments(
    args: tuple[object, ...], kwargs: dict[str, object], error: type[Exception]
) -> None:
    """Bad buffers, bounds and destinations raise TypeError / ValueError."""
    with make_socket(type="datagram") as sock, pytest.raises(error):
        sock.send_to(*args, **kwargs)  # type: ignore[attr-defined]


def test_send_to_without_a_destination_is_a_socket_error() -> None:
    """An unconnected datagram socket with no destination: the OS says so."""
    with make_socket(type="datagram") as sock, pytest.raises(SocketError):
        sock.send_to(b"lost")  # type: ignore[attr-defined]


def test_stream_flags_out_of_band_wait_all_and_more(
    tcp: tuple[ActiveSocket, ActiveSocket, str],
) -> None:
    """more / out_of_band / wait_all reach the OS on stream sockets."""
    client, server, _ = tcp
    client.send_to(b"par", more=True)
    client.send_to(b"tial")
    got = server.receive_from(size=7, wait_all=True)
    assert bytes(got.buffer) == b"partial"
    assert (got.host, got.port) == (None, None)  # type: ignore[union-attr]
    client.send_to(b"!", out_of_band=True)
    oob = server.receive_from(size=1, out_of_band=True)
    assert bytes(oob.buffer) == b"!"


def test_writing_to_a_reset_peer_raises_not_sigpipe(
    tcp: tuple[ActiveSocket, ActiveSocket, str],
) -> None:
    """After the peer resets, writes raise a SocketError (EPIPE / ECONNRESET)."""
    client, server, _ = tcp
    server.set_option("linger", (True, 0))
    server.close()
    with pytest.raises(SocketError) as info:
        for _ in range(100):
            client.write(b"x" * 65536)
            client.finish_output()
    assert info.value.identifier in ("broken-pipe", "connection-reset")
    client.close(abort=True)
