"""iolib.streams: the dual-channel bivalent buffered stream over any file descriptor."""

from __future__ import annotations

from iolib.streams._errors import StreamTimeoutError as StreamTimeoutError
from iolib.streams._format import ExternalFormat as ExternalFormat
from iolib.streams._stream import DualChannelStream as DualChannelStream

__all__ = ["DualChannelStream", "ExternalFormat", "StreamTimeoutError"]
