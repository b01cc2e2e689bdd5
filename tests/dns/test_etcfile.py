"""The shared /etc tokenizer and the reloading file monitor."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iolib.dns._etcfile import FileMonitor, tokenize


@pytest.mark.parametrize(
    ("text", "comments", "expected"),
    [
        ("", "#", []),
        ("a b\n", "#", [(1, ["a", "b"])]),
        ("# only a comment\n\n   \n", "#", []),
        ("a b # c d\n\tx\ty\n", "#", [(1, ["a", "b"]), (2, ["x", "y"])]),
        ("a ; b # c\n", "#;", [(1, ["a"])]),
        ("a ; b\n", "#", [(1, ["a", ";", "b"])]),
        ("one\r\ntwo\r\n", "#", [(1, ["one"]), (2, ["two"])]),
    ],
)
def test_tokenize(text: str, comments: str, expected: list[tuple[int, list[str]]]) -> None:
    assert list(tokenize(text, comments)) == expected


class TestFileMonitor:
    """Stat on every get, parse only when the file changed."""

    def test_parses_once_until_the_file_changes(self, tmp_path: Path) -> None:
        path = tmp_path / "f"
        path.write_text("one\n")
        monitor = FileMonitor(lambda text: text.split(), [])
        assert monitor.get(str(path)) == ["one"]
        assert monitor.get(str(path)) == ["one"]
        assert monitor.loads == 1
        path.write_text("one two\n")
        assert monitor.get(str(path)) == ["one", "two"]
        assert monitor.loads == 2

    def test_same_size_rewrite_with_new_mtime_reloads(self, tmp_path: Path) -> None:
        path = tmp_path / "f"
        path.write_text("aaa\n")
        monitor = FileMonitor(lambda text: text.strip(), "")
        assert monitor.get(str(path)) == "aaa"
        path.write_text("bbb\n")
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert monitor.get(str(path)) == "bbb"

    def test_missing_file_is_empty(self, tmp_path: Path) -> None:
        monitor = FileMonitor(lambda text: text.split(), ["empty"])
        assert monitor.get(str(tmp_path / "missing")) == ["empty"]
        assert monitor.loads == 0

    def test_switching_paths_reloads(self, tmp_path: Path) -> None:
        first, second = tmp_path / "a", tmp_path / "b"
        first.write_text("a\n")
        second.write_text("b\n")
        monitor = FileMonitor(str.strip, "")
        assert monitor.get(str(first)) == "a"
        assert monitor.get(str(second)) == "b"
        assert monitor.get(str(first)) == "a"

    def test_directory_is_empty(self, tmp_path: Path) -> None:
        monitor = FileMonitor(str.strip, "none")
        assert monitor.get(str(tmp_path)) == "none"

    def test_forget(self, tmp_path: Path) -> None:
        path = tmp_path / "f"
        path.write_text("x\n")
        monitor = FileMonitor(str.strip, "")
        monitor.get(str(path))
        monitor.forget()
        monitor.get(str(path))
        assert monitor.loads == 2
