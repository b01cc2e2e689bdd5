"""iolib.multiplex: waiting on descriptors, and (being built) the event base."""

from __future__ import annotations

from iolib.multiplex._errors import PollTimeout as PollTimeout
from iolib.multiplex._wait import wait_until_fd_ready as wait_until_fd_ready

__all__ = ["PollTimeout", "wait_until_fd_ready"]
