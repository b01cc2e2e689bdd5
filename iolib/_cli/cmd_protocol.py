"""``iolib protocol NAME|NUMBER [--json]``: look a protocol up in the protocols file."""

from __future__ import annotations

import argparse
import json
from typing import Any

from iolib.dns import lookup_protocol


def register(subparsers: Any) -> None:
    """Add the ``protocol`` subcommand."""
    parser = subparsers.add_parser("protocol", help="look up a protocol by name or number")
    parser.add_argument("protocol", help="a protocol name or alias, or its number")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print ``name number aliases...`` (or JSON); an unknown protocol is an error."""
    protocol = lookup_protocol(args.protocol)
    if args.json:
        print(json.dumps(protocol._asdict()))
    else:
        print(" ".join([protocol.name, str(protocol.number), *protocol.aliases]))
    return 0
