"""Errors of the multiplex layer."""

from __future__ import annotations

from iolib._errors import IolibError

__all__ = ["FdSetSizeError", "PollTimeout"]


class PollTimeout(IolibError, TimeoutError):
    """Nothing became ready on a descriptor within the timeout given."""


class FdSetSizeError(IolibError, ValueError):
    """The select multiplexer was given an fd at or above FD_SETSIZE (1024)."""
