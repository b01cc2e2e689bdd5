"""The command line as a whole: every subcommand has --help; usage errors are one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from iolib._cli import build_parser

SUBCOMMANDS = [
    "demo",
    "resolve",
    "ipcalc",
    "interfaces",
    "service",
    "protocol",
    "echo-server",
    "connect",
]


def _iolib(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iolib", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_every_api_subcommand_is_registered() -> None:
    parser = build_parser()
    registered = set()
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        registered.update(getattr(action, "choices", {}) or {})
    assert set(SUBCOMMANDS) <= registered


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_help_of_each_subcommand(command: str) -> None:
    done = _iolib(command, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: iolib {command}")
    assert done.stderr == ""


def test_top_level_help_lists_the_subcommands() -> None:
    done = _iolib("--help")
    assert done.returncode == 0
    for command in SUBCOMMANDS:
        assert command in done.stdout


@pytest.mark.parametrize(
    "args",
    [["no-such-command"], ["ipcalc"], ["ipcalc", "1.2.3.4", "--bogus"], ["connect", "localhost"]],
)
def test_usage_mistakes_are_one_line_on_stderr(args: list[str]) -> None:
    done = _iolib(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_python_dash_m_and_the_console_script_agree() -> None:
    script = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from iolib._cli import main; sys.exit(main())",
            "--version",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert script.stdout == _iolib("--version").stdout
