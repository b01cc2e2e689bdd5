"""``iolib demo``: a self-contained tour on loopback.

Until the full tour lands (issue 7) it shows what the built layers can do:
an ``ipcalc`` of an example network once the address layer is in.
"""

from __future__ import annotations

import argparse
import importlib.util
from typing import Any

EXAMPLE_NETWORK = "192.168.10.77/22"


def register(subparsers: Any) -> None:
    """Add the ``demo`` subcommand."""
    parser = subparsers.add_parser("demo", help="a self-contained tour on loopback")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the tour and return 0."""
    from iolib import __version__

    print(f"iolib {__version__}: a tour")
    if importlib.util.find_spec("iolib._cli.cmd_ipcalc") is None:
        print("(the address layer is not built yet)")
        return 0
    from iolib._cli import main

    print(f"\n$ iolib ipcalc {EXAMPLE_NETWORK}")
    return main(["ipcalc", EXAMPLE_NETWORK])
