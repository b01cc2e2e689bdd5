"""``iolib service NAME|PORT [--protocol P] [--json]``: look a service up in the services file."""

from __future__ import annotations

import argparse
import json
from typing import Any

from iolib.dns import lookup_service


def register(subparsers: Any) -> None:
    """Add the ``service`` subcommand."""
    parser = subparsers.add_parser("service", help="look up a service by name or port")
    parser.add_argument("service", help="a service name or alias, or a port number")
    parser.add_argument(
        "--protocol", "-p", default="tcp", choices=("tcp", "udp", "any"), help="default tcp"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print ``name port/protocol`` (or JSON); an unknown service is an error."""
    service = lookup_service(args.service, args.protocol)
    if args.json:
        print(json.dumps(service._asdict()))
    else:
        print(f"{service.name} {service.port}/{service.protocol}")
    return 0
