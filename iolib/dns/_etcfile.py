"""The shared /etc file machinery: one tokenizer and a loader that re-parses on change.

The parsers (hosts, services, protocols, resolv.conf) are pure functions from
text; :class:`FileMonitor` is the thin loader in front of them. It stats the file
on every lookup and reads and parses it again only when its modification time,
size or inode changed, so a large hosts file is not re-parsed per query.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

__all__ = ["FileMonitor", "tokenize"]

T = TypeVar("T")


def tokenize(text: str, comments: str = "#") -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, fields)`` for each line of text that has any fields.

    A comment runs from any character of ``comments`` to the end of its line;
    fields are separated by any whitespace. Line numbers start at 1.
    """
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        for mark in comments:
            cut = line.find(mark)
            if cut >= 0:
                line = line[:cut]
        fields = line.split()
        if fields:
            yield number, fields


_Stamp = tuple[str, int, int, int]


class FileMonitor(Generic[T]):
    """Cache the parse of one file, re-parsed when the file at the path asked changes.

    A missing or unreadable file parses as ``empty`` (as an empty file would).
    """

    def __init__(self, parse: Callable[[str], T], empty: T) -> None:
        self._parse = parse
        self._empty = empty
        self._stamp: _Stamp | None = None
        self._value: T = empty
        self._lock = threading.Lock()
        self.loads = 0  # how many times a file was parsed (tests observe reloads)

    def get(self, path: str) -> T:
        """Return the parsed content of ``path``, reading it again only if it changed."""
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return self._empty
        stamp = (path, st.st_mtime_ns, st.st_size, st.st_ino)
        with self._lock:
            if stamp == self._stamp:
                return self._value
            try:
                with open(path, encoding="utf-8", errors="replace") as file:
                    text = file.read()
            except (OSError, ValueError):
                return self._empty
            self._value = self._parse(text)
            self._stamp = stamp
            self.loads += 1
            return self._value

    def forget(self) -> None:
        """Drop the cached parse so the next get() reads the file again."""
        with self._lock:
            self._stamp = None
            self._value = self._empty
