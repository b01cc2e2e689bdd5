"""iolib.streams: the dual-channel bivalent buffered stream over any file descriptor."""

from __future__ import annotations

from iolib.streams._errors import StreamBrokenPipeError as StreamBrokenPipeError
from iolib.streams._errors import StreamConnectionResetError as StreamConnectionResetError
from iolib.streams._errors import StreamError as StreamError
from iolib.streams._errors import StreamTimeoutError as StreamTimeoutError
from iolib.streams._format import ExternalFormat as ExternalFormat
from iolib.streams._stream import DualChannelStream as DualChannelStream

__all__ = [
    "DualChannelStream",
    "ExternalFormat",
    "StreamBrokenPipeError",
    "StreamConnectionResetError",
    "StreamError",
    "StreamTimeoutError",
]
