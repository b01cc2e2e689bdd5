"""The public surface of iolib.streams."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import iolib
import iolib.streams

API = {
    "DualChannelStream",
    "ExternalFormat",
    "StreamBrokenPipeError",
    "StreamConnectionResetError",
    "StreamError",
    "StreamTimeoutError",
}


def test_all_is_exactly_the_api() -> None:
    assert set(iolib.streams.__all__) == API
    for name in API:
        assert getattr(iolib, name) is getattr(iolib.streams, name)


def test_errors_derive_from_the_root_and_the_builtins() -> None:
    from iolib import StreamBrokenPipeError, StreamConnectionResetError, StreamError

    assert issubclass(StreamConnectionResetError, StreamError)
    assert issubclass(StreamConnectionResetError, ConnectionResetError)
    assert issubclass(iolib.StreamTimeoutError, iolib.IolibError)
    assert issubclass(iolib.StreamTimeoutError, TimeoutError)
    assert issubclass(StreamError, OSError)
    assert issubclass(StreamBrokenPipeError, BrokenPipeError)
    assert issubclass(StreamBrokenPipeError, iolib.IolibError)


def test_streams_imports_alone() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import iolib.streams as s; print(s.DualChannelStream.__name__)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "DualChannelStream"


def test_streams_imports_only_its_own_layer_and_below() -> None:
    allowed = ("iolib._errors", "iolib.streams", "iolib.multiplex")
    package = Path(iolib.streams.__file__).parent
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("iolib"):
                    assert name.startswith(allowed), f"{path.name} imports {name}"
