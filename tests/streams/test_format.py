"""ExternalFormat values and designators."""

from __future__ import annotations

import attrs
import pytest

from iolib.streams import ExternalFormat
from iolib.streams._format import ensure_external_format


def test_defaults() -> None:
    fmt = ExternalFormat()
    assert (fmt.encoding, fmt.eol_style, fmt.errors) == ("utf-8", "lf", "strict")
    assert fmt.terminator == "\n"


@pytest.mark.parametrize(("eol", "terminator"), [("lf", "\n"), ("cr", "\r"), ("crlf", "\r\n")])
def test_terminators(eol: str, terminator: str) -> None:
    assert ExternalFormat("utf-8", eol).terminator == terminator  # type: ignore[arg-type]


def test_is_frozen_and_comparable() -> None:
    fmt = ExternalFormat("latin-1", "crlf", "replace")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fmt.encoding = "ascii"  # type: ignore[misc]
    assert fmt == ExternalFormat("latin-1", "crlf", "replace")
    assert hash(fmt) == hash(ExternalFormat("latin-1", "crlf", "replace"))
    assert fmt.codec_name == "iso8859-1"


@pytest.mark.parametrize(
    ("designator", "expected"),
    [
        ("utf-8", ExternalFormat()),
        ("latin-1", ExternalFormat("latin-1")),
        (("ascii", "crlf"), ExternalFormat("ascii", "crlf")),
        (("utf-16", "cr", "replace"), ExternalFormat("utf-16", "cr", "replace")),
        (ExternalFormat("koi8-r"), ExternalFormat("koi8-r")),
    ],
)
def test_designators(designator: object, expected: ExternalFormat) -> None:
    assert ensure_external_format(designator) == expected


@pytest.mark.parametrize(
    ("designator", "exc"),
    [
        (None, TypeError),
        (8, TypeError),
        (b"utf-8", TypeError),
        (["utf-8", "lf"], TypeError),
        ("no-such-codec", ValueError),
        ("base64", ValueError),  # a bytes-to-bytes codec carries no text
        ((), ValueError),
        (("utf-8",), ValueError),
        (("utf-8", "lf", "strict", "x"), ValueError),
        (("utf-8", "dos"), ValueError),
        (("utf-8", "LF"), ValueError),
        (("utf-8", 1), TypeError),
        ((1, "lf"), TypeError),
        (("utf-8", "lf", "no-such-handler"), ValueError),
        (("utf-8", "lf", None), TypeError),
    ],
)
def test_bad_designators(designator: object, exc: type[Exception]) -> None:
    with pytest.raises(exc):
        ensure_external_format(designator)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"encoding": "nope"},
        {"eol_style": "unix"},
        {"errors": "loud"},
    ],
)
def test_constructor_validates(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        ExternalFormat(**kwargs)  # type: ignore[arg-type]
