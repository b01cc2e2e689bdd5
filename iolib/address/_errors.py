"""Errors of the address layer."""

from __future__ import annotations

from iolib._errors import IolibError

__all__ = ["AddressDesignatorError", "AddressParseError"]


class AddressParseError(IolibError, ValueError):
    """Text or another designator could not be turned into an address (Lisp ``parse-error``)."""


class AddressDesignatorError(AddressParseError, TypeError):
    """A value of a type that designates no address was given where a designator is expected.

    IOLib reports such values as a parse error while a Python caller expects a
    ``TypeError``; this error is both, so either ``except`` clause catches it.
    """
