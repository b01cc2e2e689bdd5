"""iolib.sockets: the socket class hierarchy, make_socket, options, errors and fd passing."""

from __future__ import annotations

from iolib.sockets._active import ActiveSocket as ActiveSocket
from iolib.sockets._base import Credentials as Credentials
from iolib.sockets._base import DatagramSocket as DatagramSocket
from iolib.sockets._base import InetName as InetName
from iolib.sockets._base import InetReceived as InetReceived
from iolib.sockets._base import LocalReceived as LocalReceived
from iolib.sockets._base import ReceivedDescriptors as ReceivedDescriptors
from iolib.sockets._base import Socket as Socket
from iolib.sockets._base import StreamSocket as StreamSocket
from iolib.sockets._classes import SocketDatagramInternetActive as SocketDatagramInternetActive
from iolib.sockets._classes import SocketDatagramLocalActive as SocketDatagramLocalActive
from iolib.sockets._classes import SocketStreamInternetActive as SocketStreamInternetActive
from iolib.sockets._classes import SocketStreamInternetPassive as SocketStreamInternetPassive
from iolib.sockets._classes import SocketStreamLocalActive as SocketStreamLocalActive
from iolib.sockets._classes import SocketStreamLocalPassive as SocketStreamLocalPassive
from iolib.sockets._convenience import AUTO_PORT as AUTO_PORT
from iolib.sockets._convenience import MAX_DATAGRAM_PACKET_SIZE as MAX_DATAGRAM_PACKET_SIZE
from iolib.sockets._convenience import WILDCARD_HOST as WILDCARD_HOST
from iolib.sockets._convenience import socket_connect as socket_connect
from iolib.sockets._convenience import socket_listen as socket_listen
from iolib.sockets._errors import SocketAccessDeniedError as SocketAccessDeniedError
from iolib.sockets._errors import SocketAddressBusyError as SocketAddressBusyError
from iolib.sockets._errors import (
    SocketAddressFamilyNotSupportedError as SocketAddressFamilyNotSupportedError,
)
from iolib.sockets._errors import SocketAddressInUseError as SocketAddressInUseError
from iolib.sockets._errors import SocketAddressNotAvailableError as SocketAddressNotAvailableError
from iolib.sockets._errors import SocketAlreadyConnectedError as SocketAlreadyConnectedError
from iolib.sockets._errors import SocketBrokenPipeError as SocketBrokenPipeError
from iolib.sockets._errors import SocketConnectionAbortedError as SocketConnectionAbortedError
from iolib.sockets._errors import SocketConnectionInProgressError as SocketConnectionInProgressError
from iolib.sockets._errors import SocketConnectionRefusedError as SocketConnectionRefusedError
from iolib.sockets._errors import SocketConnectionResetError as SocketConnectionResetError
from iolib.sockets._errors import SocketConnectionTimedOutError as SocketConnectionTimedOutError
from iolib.sockets._errors import SocketControlTruncatedError as SocketControlTruncatedError
from iolib.sockets._errors import SocketEndpointShutdownError as SocketEndpointShutdownError
from iolib.sockets._errors import SocketError as SocketError
from iolib.sockets._errors import SocketFileNotFoundError as SocketFileNotFoundError
from iolib.sockets._errors import SocketHostDownError as SocketHostDownError
from iolib.sockets._errors import SocketHostUnreachableError as SocketHostUnreachableError
from iolib.sockets._errors import SocketInvalidArgumentError as SocketInvalidArgumentError
from iolib.sockets._errors import SocketMessageTooLongError as SocketMessageTooLongError
from iolib.sockets._errors import SocketNetworkDownError as SocketNetworkDownError
from iolib.sockets._errors import SocketNetworkResetError as SocketNetworkResetError
from iolib.sockets._errors import SocketNetworkUnreachableError as SocketNetworkUnreachableError
from iolib.sockets._errors import SocketNoBufferSpaceError as SocketNoBufferSpaceError
from iolib.sockets._errors import SocketNoFileDescriptorError as SocketNoFileDescriptorError
from iolib.sockets._errors import SocketNoNetworkError as SocketNoNetworkError
from iolib.sockets._errors import SocketNotASocketError as SocketNotASocketError
from iolib.sockets._errors import SocketNotConnectedError as SocketNotConnectedError
from iolib.sockets._errors import (
    SocketOperationNotSupportedError as SocketOperationNotSupportedError,
)
from iolib.sockets._errors import SocketOptionNotSupportedError as SocketOptionNotSupportedError
from iolib.sockets._errors import SocketProtocolNotSupportedError as SocketProtocolNotSupportedError
from iolib.sockets._errors import SocketTypeNotSupportedError as SocketTypeNotSupportedError
from iolib.sockets._errors import SocketWouldBlockError as SocketWouldBlockError
from iolib.sockets._errors import TLSCertificateError as TLSCertificateError
from iolib.sockets._errors import TLSError as TLSError
from iolib.sockets._factory import make_socket as make_socket
from iolib.sockets._factory import make_socket_from_fd as make_socket_from_fd
from iolib.sockets._factory import make_socket_pair as make_socket_pair
from iolib.sockets._family import InternetSocket as InternetSocket
from iolib.sockets._family import LocalSocket as LocalSocket
from iolib.sockets._options import Linger as Linger
from iolib.sockets._passive import PassiveSocket as PassiveSocket
from iolib.sockets._server import ServerHandle as ServerHandle
from iolib.sockets._server import remote_host as remote_host
from iolib.sockets._server import remote_port as remote_port
from iolib.sockets._server import socket_server as socket_server
from iolib.sockets._waiting import socket_state as socket_state
from iolib.sockets._waiting import wait_for_input as wait_for_input

__all__ = [
    "AUTO_PORT",
    "MAX_DATAGRAM_PACKET_SIZE",
    "WILDCARD_HOST",
    "ActiveSocket",
    "Credentials",
    "DatagramSocket",
    "InetName",
    "InetReceived",
    "InternetSocket",
    "Linger",
    "LocalReceived",
    "LocalSocket",
    "PassiveSocket",
    "ReceivedDescriptors",
    "ServerHandle",
    "Socket",
    "SocketAccessDeniedError",
    "SocketAddressBusyError",
    "SocketAddressFamilyNotSupportedError",
    "SocketAddressInUseError",
    "SocketAddressNotAvailableError",
    "SocketAlreadyConnectedError",
    "SocketBrokenPipeError",
    "SocketConnectionAbortedError",
    "SocketConnectionInProgressError",
    "SocketConnectionRefusedError",
    "SocketConnectionResetError",
    "SocketConnectionTimedOutError",
    "SocketControlTruncatedError",
    "SocketDatagramInternetActive",
    "SocketDatagramLocalActive",
    "SocketEndpointShutdownError",
    "SocketError",
    "SocketFileNotFoundError",
    "SocketHostDownError",
    "SocketHostUnreachableError",
    "SocketInvalidArgumentError",
    "SocketMessageTooLongError",
    "SocketNetworkDownError",
    "SocketNetworkResetError",
    "SocketNetworkUnreachableError",
    "SocketNoBufferSpaceError",
    "SocketNoFileDescriptorError",
    "SocketNoNetworkError",
    "SocketNotASocketError",
    "SocketNotConnectedError",
    "SocketOperationNotSupportedError",
    "SocketOptionNotSupportedError",
    "SocketProtocolNotSupportedError",
    "SocketStreamInternetActive",
    "SocketStreamInternetPassive",
    "SocketStreamLocalActive",
    "SocketStreamLocalPassive",
    "SocketTypeNotSupportedError",
    "SocketWouldBlockError",
    "StreamSocket",
    "TLSCertificateError",
    "TLSError",
    "make_socket",
    "make_socket_from_fd",
    "make_socket_pair",
    "remote_host",
    "remote_port",
    "socket_connect",
    "socket_listen",
    "socket_server",
    "socket_state",
    "wait_for_input",
]
