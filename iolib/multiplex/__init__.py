"""iolib.multiplex: the event base (fd handlers, timers) and bounded waits on one fd."""

from __future__ import annotations

from iolib.multiplex._errors import PollTimeout as PollTimeout
from iolib.multiplex._eventbase import AVAILABLE_MULTIPLEXERS as AVAILABLE_MULTIPLEXERS
from iolib.multiplex._eventbase import EventBase as EventBase
from iolib.multiplex._wait import wait_until_fd_ready as wait_until_fd_ready

__all__ = ["AVAILABLE_MULTIPLEXERS", "EventBase", "PollTimeout", "wait_until_fd_ready"]
