"""The README's example runs as shown and prints what its comments say."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).parent.parent / "README.md"


def _example() -> str:
    match = re.search(r"^```python\n(.*?)^```", README.read_text(), re.MULTILINE | re.DOTALL)
    assert match, "README has no python example"
    return match.group(1)


def test_readme_example_is_at_most_fifteen_lines() -> None:
    assert len(_example().strip().splitlines()) <= 15


def test_readme_example_runs_and_prints_its_comments() -> None:
    code = _example()
    # each print(...) line ends with a comment naming its output (a parenthesis may follow)
    printed = re.findall(r"^\s*print\(.*# (.+?)(?: \(.*\))?$", code, re.MULTILINE)
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert printed
    assert done.stdout.splitlines() == printed
