"""``iolib interfaces [--json]``: list the network interfaces with their flags and addresses."""

from __future__ import annotations

import argparse
import json
from typing import Any

from iolib.dns import list_network_interfaces


def register(subparsers: Any) -> None:
    """Add the ``interfaces`` subcommand."""
    parser = subparsers.add_parser("interfaces", help="list the network interfaces")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per interface: index, name, <flags>, addresses (or a JSON list)."""
    interfaces = [
        (iface, sorted(iface.flags), [str(a) for a in iface.addresses])
        for iface in list_network_interfaces()
    ]
    if args.json:
        rows = [
            {"name": iface.name, "index": iface.index, "addresses": addresses, "flags": flags}
            for iface, flags, addresses in interfaces
        ]
        print(json.dumps(rows))
        return 0
    for iface, flags, addresses in interfaces:
        print(f"{iface.index}: {iface.name} <{','.join(flags)}> {' '.join(addresses)}".rstrip())
    return 0
