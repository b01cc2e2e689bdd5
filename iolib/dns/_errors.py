"""Errors of the names layer: resolver failures and unknown services, protocols, interfaces.

Every resolver error carries ``.datum``, the host (or name) exactly as the caller
gave it, as IOLib's ``resolver-error-datum``. A reply that cannot be decoded is a
:class:`MessageDecodeError`: it is a ResolverError (the peer sent something wrong)
and also a ValueError, so codec users may catch either.
"""

from __future__ import annotations

from iolib._errors import IolibError

__all__ = [
    "MessageDecodeError",
    "ResolverAgainError",
    "ResolverError",
    "ResolverFailError",
    "ResolverNoNameError",
    "ResolverUnknownError",
    "UnknownInterface",
    "UnknownProtocol",
    "UnknownService",
]


class ResolverError(IolibError):
    """A name or address could not be resolved; ``.datum`` is what was asked."""

    def __init__(self, datum: object, message: str | None = None) -> None:
        self.datum = datum
        self.message = message or f"cannot resolve {datum!r}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[type[ResolverError], tuple[object, str]]:
        return (type(self), (self.datum, self.message))


class ResolverAgainError(ResolverError):
    """A temporary failure: SERVFAIL, or no usable reply from any nameserver."""


class ResolverFailError(ResolverError):
    """A non-recoverable failure: the server answered REFUSED, FORMERR or NOTIMP."""


class ResolverNoNameError(ResolverError):
    """The name does not exist (NXDOMAIN) or has no record of the type asked."""


class ResolverUnknownError(ResolverError):
    """The server answered with an rcode iolib does not map to another error."""


class MessageDecodeError(ResolverError, ValueError):
    """A DNS message is malformed; ``.datum`` is the byte offset where decoding failed."""


class _UnknownName(IolibError, LookupError):
    """Base of the Unknown* errors: ``.datum`` is the argument as given."""

    kind = "name"

    def __init__(self, datum: object) -> None:
        self.datum = datum
        super().__init__(f"unknown {self.kind}: {datum!r}")

    def __reduce__(self) -> tuple[type[_UnknownName], tuple[object]]:
        return (type(self), (self.datum,))


class UnknownService(_UnknownName):
    """No line of the services file names this service or port."""

    kind = "service"


class UnknownProtocol(_UnknownName):
    """No line of the protocols file names this protocol or number."""

    kind = "protocol"


class UnknownInterface(_UnknownName):
    """The OS knows no network interface of this name or index."""

    kind = "interface"
