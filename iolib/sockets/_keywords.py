"""make_socket's keywords per combination, as TypedDicts a type checker reads.

They spell out SOCKET_KEYWORDS in ``_tables.py`` (a test keeps the two in
step) with each keyword's value type, so a misspelled keyword, or one that is
not valid for the combination asked, is caught before the code runs. Host and
port designators stay ``object``: make_socket checks them at run time.
"""

from __future__ import annotations

import os
import ssl
from typing import TypedDict

from iolib.address import LocalAddress

__all__ = [
    "InetDatagramKeywords",
    "InetStreamActiveKeywords",
    "InetStreamPassiveKeywords",
    "LocalDatagramKeywords",
    "LocalStreamActiveKeywords",
    "LocalStreamPassiveKeywords",
]

Filename = str | os.PathLike[str] | LocalAddress


class InetStreamActiveKeywords(TypedDict, total=False):
    """Keywords of an internet stream active socket (a TCP client)."""

    local_host: object
    local_port: object
    remote_host: object
    remote_port: object
    reuse_address: bool
    keepalive: bool
    nodelay: bool
    input_buffer_size: int | None
    output_buffer_size: int | None
    happy_eyeballs_delay: float | None
    tls: ssl.SSLContext | None
    server_hostname: str | None


class InetStreamPassiveKeywords(TypedDict, total=False):
    """Keywords of an internet stream passive socket (a TCP listener)."""

    local_host: object
    local_port: object
    backlog: int | None
    reuse_address: bool
    interface: str | None
    nodelay: bool


class LocalStreamActiveKeywords(TypedDict, total=False):
    """Keywords of a local stream active socket."""

    local_filename: Filename | None
    remote_filename: Filename | None
    input_buffer_size: int | None
    output_buffer_size: int | None
    tls: ssl.SSLContext | None
    server_hostname: str | None


class LocalStreamPassiveKeywords(TypedDict, total=False):
    """Keywords of a local stream passive socket (a Unix-domain listener)."""

    local_filename: Filename | None
    remote_filename: Filename | None
    backlog: int | None
    reuse_address: bool


class InetDatagramKeywords(TypedDict, total=False):
    """Keywords of an internet datagram socket (UDP)."""

    local_host: object
    local_port: object
    remote_host: object
    remote_port: object
    reuse_address: bool
    interface: str | None
    broadcast: bool


class LocalDatagramKeywords(TypedDict, total=False):
    """Keywords of a local datagram socket."""

    local_filename: Filename | None
    remote_filename: Filename | None
