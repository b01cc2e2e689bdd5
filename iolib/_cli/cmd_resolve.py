"""``iolib resolve NAME [--type T] [--ns HOST[:PORT]] [--json]``: a dig-like DNS query."""

from __future__ import annotations

import argparse
import json
from typing import Any

from iolib._cli import UsageError
from iolib.dns import MX, SOA, SRV, DNSRecord, DNSResponse, ResolverNoNameError, dns_query
from iolib.dns._addr import designator_to_address
from iolib.dns._errors import ResolverError

DEFAULT_TIMEOUT = 5.0


def register(subparsers: Any) -> None:
    """Add the ``resolve`` subcommand."""
    parser = subparsers.add_parser(
        "resolve", help="query DNS for a name (dig-like output)", description=__doc__
    )
    parser.add_argument("name", help="the name to look up (an address asks for its PTR record)")
    parser.add_argument(
        "--type", "-t", default=None, help="record type (default A; PTR for an address)"
    )
    parser.add_argument(
        "--ns",
        action="append",
        metavar="HOST[:PORT]",
        help="nameserver to ask instead of resolv.conf's (repeatable; [v6]:port for IPv6)",
    )
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds in all")
    parser.add_argument("--tcp", action="store_true", help="ask over TCP")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(handler=run)


def parse_ns(text: str) -> tuple[str, int]:
    """Return ``(host, port)`` for "HOST", "HOST:PORT", "[V6]:PORT" or a bare IPv6 address."""
    host, port = text, "53"
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            if not rest.startswith(":"):
                raise UsageError(f"bad nameserver {text!r}")
            port = rest[1:]
    elif text.count(":") == 1:
        host, port = text.split(":")
    if not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise UsageError(f"bad nameserver port in {text!r}")
    if designator_to_address(host) is None:
        raise UsageError(f"nameserver {host!r} is not an address")
    return host, int(port)


def _quote(data: bytes) -> str:
    """Return a TXT string in quotes, escaping quotes, backslashes and unprintable bytes."""
    out = []
    for byte in data:
        if byte in b'"\\':
            out.append("\\" + chr(byte))
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def data_text(record: DNSRecord) -> str:
    """Return a record's data in presentation form (names without the final dot)."""
    data = record.data
    if isinstance(data, MX):
        return f"{data.preference} {data.exchange}"
    if isinstance(data, SRV):
        return f"{data.priority} {data.weight} {data.port} {data.target}"
    if isinstance(data, SOA):
        return " ".join(str(field) for field in data)
    if isinstance(data, tuple):
        return " ".join(_quote(s) for s in data if isinstance(s, bytes))
    if isinstance(data, bytes):
        return f"\\# {len(data)} {data.hex()}".rstrip()  # RFC 3597 generic form
    return str(data)


def _record_json(record: DNSRecord) -> dict[str, object]:
    return {"name": record.name, "type": record.type, "ttl": record.ttl, "data": data_text(record)}


def to_json(response: DNSResponse) -> dict[str, object]:
    """Return the response as a JSON-ready dict."""
    return {
        "id": response.id,
        "rcode": response.rcode,
        "flags": sorted(response.flags),
        "question": [
            {"name": q.name, "type": q.type, "class": q.rclass} for q in response.question
        ],
        "answer": [_record_json(r) for r in response.answer],
        "authority": [_record_json(r) for r in response.authority],
        "additional": [_record_json(r) for r in response.additional],
    }


def _dotted(name: str) -> str:
    return name + "."


def to_text(response: DNSResponse) -> str:
    """Return the response as dig prints it."""
    flags = " ".join(
        f.lower() for f in ("QR", "AA", "TC", "RD", "RA", "AD", "CD") if f in response.flags
    )
    lines = [
        f";; ->>HEADER<<- opcode: {response.opcode}, status: {response.rcode}, id: {response.id}",
        f";; flags: {flags}; QUERY: {len(response.question)}, ANSWER: {len(response.answer)}, "
        f"AUTHORITY: {len(response.authority)}, ADDITIONAL: {len(response.additional)}",
        "",
        ";; QUESTION SECTION:",
        *(f";{_dotted(q.name)}\t\t{q.rclass}\t{q.type}" for q in response.question),
    ]
    for title, records in (
        ("ANSWER", response.answer),
        ("AUTHORITY", response.authority),
        ("ADDITIONAL", response.additional),
    ):
        if records:
            lines += ["", f";; {title} SECTION:"]
            lines += [f"{_dotted(r.name)}\t{r.ttl}\tIN\t{r.type}\t{data_text(r)}" for r in records]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Query and print; a name that does not exist (or any failing rcode) is an error."""
    ns = [parse_ns(text) for text in args.ns] if args.ns else None
    rtype = args.type or ("PTR" if designator_to_address(args.name) is not None else "A")
    response = dns_query(args.name, rtype.upper(), ns=ns, timeout=args.timeout, tcp=args.tcp)
    if response.rcode == "NXDOMAIN":
        raise ResolverNoNameError(args.name, f"{args.name}: no such name (NXDOMAIN)")
    if response.rcode != "NOERROR":
        raise ResolverError(args.name, f"{args.name}: the server answered {response.rcode}")
    print(json.dumps(to_json(response)) if args.json else to_text(response))
    return 0
