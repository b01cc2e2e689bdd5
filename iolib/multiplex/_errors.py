"""Errors of the multiplex layer."""

from __future__ import annotations

from iolib._errors import IolibError

__all__ = ["PollTimeout"]


class PollTimeout(IolibError, TimeoutError):
    """Nothing became ready on a descriptor within the timeout given."""
