"""External formats: the encoding, line-end style and error policy of a stream's text."""

from __future__ import annotations

import codecs
from typing import Literal, TypeAlias

import attrs

__all__ = [
    "EOL_TERMINATORS",
    "EolStyle",
    "ExternalFormat",
    "ExternalFormatDesignator",
    "ensure_external_format",
]

EolStyle: TypeAlias = Literal["lf", "cr", "crlf"]

#: The bytes-level line terminator of each eol style, as text.
EOL_TERMINATORS: dict[str, str] = {"lf": "\n", "cr": "\r", "crlf": "\r\n"}


def _check_encoding(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"encoding must be a str, not {type(value).__name__}")
    try:
        info = codecs.lookup(value)
    except LookupError as exc:
        raise ValueError(f"unknown encoding: {value!r}") from exc
    # bytes-to-bytes codecs (base64, zlib ...) cannot carry text
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"{value!r} is not a text encoding")


def _check_eol_style(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"eol_style must be a str, not {type(value).__name__}")
    if value not in EOL_TERMINATORS:
        raise ValueError(f"eol_style must be 'lf', 'cr' or 'crlf', not {value!r}")


def _check_errors(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"errors must be a str, not {type(value).__name__}")
    try:
        codecs.lookup_error(value)
    except LookupError as exc:
        raise ValueError(f"unknown error handler: {value!r}") from exc


@attrs.frozen
class ExternalFormat:
    """How a stream turns characters into bytes and back.

    ``encoding`` is any Python text codec, ``eol_style`` the line terminator
    on the wire ("lf", "cr" or "crlf"; "\\n" in Python text), ``errors`` a
    ``codecs`` error handler ("strict", "replace", ...). Bad values raise
    TypeError or ValueError.
    """

    encoding: str = attrs.field(default="utf-8", validator=_check_encoding)
    eol_style: EolStyle = attrs.field(default="lf", validator=_check_eol_style)
    errors: str = attrs.field(default="strict", validator=_check_errors)

    @property
    def terminator(self) -> str:
        """The line terminator as it appears in undecoded text: "\\n", "\\r" or "\\r\\n"."""
        return EOL_TERMINATORS[self.eol_style]

    @property
    def codec_name(self) -> str:
        """The canonical name of the codec (``"latin-1"`` gives ``"iso8859-1"``)."""
        return codecs.lookup(self.encoding).name


ExternalFormatDesignator: TypeAlias = ExternalFormat | str | tuple[str, str] | tuple[str, str, str]


def ensure_external_format(designator: object) -> ExternalFormat:
    """Return the ExternalFormat a designator names.

    A designator is an ExternalFormat, an encoding name, or a tuple
    ``(encoding, eol_style)`` / ``(encoding, eol_style, errors)``. Anything
    else raises TypeError; unknown names raise ValueError.
    """
    if isinstance(designator, ExternalFormat):
        return designator
    if isinstance(designator, str):
        return ExternalFormat(designator)
    if isinstance(designator, tuple):
        if len(designator) == 2:
            return ExternalFormat(designator[0], designator[1])
        if len(designator) == 3:
            return ExternalFormat(designator[0], designator[1], designator[2])
        raise ValueError(
            f"an external format tuple is (encoding, eol_style[, errors]), not {designator!r}"
        )
    raise TypeError(
        "external_format must be an ExternalFormat, an encoding name or an "
        f"(encoding, eol_style) tuple, not {type(designator).__name__}"
    )
