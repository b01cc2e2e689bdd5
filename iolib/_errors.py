"""The root of iolib's error tree.

Every error iolib raises derives from :class:`IolibError`. Each layer defines
its own errors in its own ``_errors`` module, and each also derives from the
matching builtin (``ValueError``, ``TimeoutError``, ``ConnectionRefusedError``
...) so that existing ``except`` clauses keep working.
"""

from __future__ import annotations

__all__ = ["IolibError"]


class IolibError(Exception):
    """Base class of every error raised by iolib."""
