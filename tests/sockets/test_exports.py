"""The public surface of iolib.sockets: exactly its API names, also from the top level."""

from __future__ import annotations

import iolib
import iolib.sockets

API_NAMES = {
    "Socket",
    "StreamSocket",
    "DatagramSocket",
    "InternetSocket",
    "LocalSocket",
    "ActiveSocket",
    "PassiveSocket",
    "SocketStreamInternetActive",
    "SocketStreamInternetPassive",
    "SocketStreamLocalActive",
    "SocketStreamLocalPassive",
    "SocketDatagramInternetActive",
    "SocketDatagramLocalActive",
    "make_socket",
    "make_socket_from_fd",
    "make_socket_pair",
    "SocketError",
    "SocketAddressInUseError",
    "SocketConnectionRefusedError",
    "socket_connect",
    "socket_listen",
    "WILDCARD_HOST",
    "AUTO_PORT",
    "MAX_DATAGRAM_PACKET_SIZE",
    "Credentials",
    "wait_for_input",
    "socket_server",
    "ServerHandle",
    "remote_host",
    "remote_port",
}

# The types public methods return, exported so users can annotate with them.
RESULT_TYPES = {"Linger", "InetName", "InetReceived", "LocalReceived", "ReceivedDescriptors"}


def test_api_names_are_exported() -> None:
    """Every API.md name of this layer is in __all__ and importable from iolib too."""
    assert set(iolib.sockets.__all__) >= API_NAMES
    for name in iolib.sockets.__all__:
        assert getattr(iolib, name) is getattr(iolib.sockets, name)


def test_result_types_are_exported() -> None:
    """get_option("linger"), receive_from ... return these, so users can name the types."""
    assert set(iolib.sockets.__all__) >= RESULT_TYPES
    for name in RESULT_TYPES:
        assert getattr(iolib, name) is getattr(iolib.sockets, name)
    assert iolib.Linger(True, 3) == (True, 3)


def test_all_has_only_public_names() -> None:
    """Nothing underscored; every other export is an error class."""
    for name in iolib.sockets.__all__:
        assert not name.startswith("_")
        if name not in API_NAMES:
            obj = getattr(iolib.sockets, name)
            is_error = isinstance(obj, type) and issubclass(obj, iolib.sockets.SocketError)
            assert is_error or name in {"socket_state", *RESULT_TYPES}
