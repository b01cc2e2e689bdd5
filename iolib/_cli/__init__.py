"""The ``iolib`` command line.

Each subcommand lives in its own module ``iolib/_cli/cmd_<name>.py`` that
defines ``register(subparsers)``; the module is found by name, so adding a
subcommand touches nothing else. A handler returns the exit status. User
mistakes print one line on stderr and exit non-zero, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, cast

from iolib._errors import IolibError

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A mistake on the command line, reported as one line and exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level parser with every ``cmd_*`` module registered."""
    from iolib import __version__

    parser = _Parser(
        prog="iolib", description="iolib: a layered networking framework and its tools."
    )
    parser.add_argument("--version", action="version", version=f"iolib {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    package = importlib.import_module(__name__)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = cast("Handler | None", getattr(args, "handler", None))
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except (UsageError, IolibError, ValueError, TypeError, OSError) as exc:
        print(f"iolib {args.command}: {exc}", file=sys.stderr)
        return 2
