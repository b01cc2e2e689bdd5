"""The examples of docs/address.md run as written."""

from __future__ import annotations

import doctest
import pathlib

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "address.md"


def test_address_page_examples() -> None:
    failures, tried = doctest.testfile(str(DOC), module_relative=False, verbose=False)
    assert tried > 40
    assert failures == 0
