"""Run the ``>>>`` examples in the docs pages as doctests under ``make test``.

Each fenced ```python block of a page that holds ``>>>`` lines becomes one
doctest; the blocks of a page share one namespace, in order, so a page reads
as one session. Fences are stripped first, so a closing ``` never counts as
expected output.
"""

from __future__ import annotations

import doctest
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import iolib.dns
from tests.conftest import guard_loopback, write_loopback_resolv_conf

_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


class MarkdownDoctestFile(pytest.File):
    """A docs page: one test item per example block."""

    def collect(self) -> Iterator[pytest.Item]:
        text = self.path.read_text(encoding="utf-8")
        namespace: dict[str, Any] = {"__name__": "__docs__"}
        parser = doctest.DocTestParser()
        for number, match in enumerate(_FENCE.finditer(text), start=1):
            block = match.group(1)
            if ">>>" not in block:
                continue
            line = text.count("\n", 0, match.start()) + 1
            test = parser.get_doctest(
                block, namespace, f"{self.path.name}[{number}]", str(self.path), line
            )
            yield MarkdownDoctestItem.from_parent(
                self, name=f"block{number}-line{line}", test=test, namespace=namespace
            )


class MarkdownDoctestItem(pytest.Item):
    """One example block, run with the page's shared namespace."""

    def __init__(self, *, test: doctest.DocTest, namespace: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.test = test
        self.namespace = namespace

    def runtest(self) -> None:
        # DocTest copies the globals it is given; run on the page's one dict instead
        self.test.globs = self.namespace
        runner = doctest.DocTestRunner(optionflags=_FLAGS)
        out: list[str] = []
        # The suite's guards hold here too (fixtures do not reach these items):
        # loopback-only traffic, and a resolver that asks only 127.0.0.1 unless
        # the page points iolib.dns.resolv_conf_file elsewhere itself.
        with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as directory:
            guard_loopback(patch)
            patch.setattr(iolib.dns, "resolv_conf_file", write_loopback_resolv_conf(directory))
            runner.run(self.test, out=out.append, clear_globs=False)
        if runner.failures:
            raise DocExampleFailure("".join(out))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, DocExampleFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.test.lineno or 0, self.name


class DocExampleFailure(AssertionError):
    """An example's output did not match the page."""


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.File | None:
    if file_path.suffix == ".md":
        return MarkdownDoctestFile.from_parent(parent, path=file_path)
    return None
