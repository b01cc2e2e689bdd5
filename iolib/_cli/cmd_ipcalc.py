"""``iolib ipcalc ADDRESS[/PREFIX]``: what an address and its network look like.

Host bits are accepted. Without a prefix the network is the address alone
(/32 or /128); after the slash a prefix length or, for IPv4, a dotted
netmask. A malformed address or prefix is a user mistake (exit status 2).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from iolib.address import (
    IPv4Address,
    IPv6Address,
    Network,
    ensure_address,
    host_portion,
    network_class,
)


def register(subparsers: Any) -> None:
    """Add the ``ipcalc`` subcommand."""
    parser = subparsers.add_parser(
        "ipcalc", help="show the network, netmask, broadcast and hosts of an address"
    )
    parser.add_argument("address", metavar="ADDRESS[/PREFIX]", help="e.g. 192.168.10.77/22")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def kind_of(address: IPv4Address | IPv6Address) -> str:
    """Return the most telling kind of an address: loopback, multicast, private, global ..."""
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_multicast:
        scope = address.multicast_type
        return "multicast" if scope is None else f"{scope} multicast"
    if address.is_private:
        return "private"
    if isinstance(address, IPv6Address):
        if address.is_ipv4_mapped:
            return "ipv4-mapped"
        if address.unicast_type != "global":
            return f"{address.unicast_type} unicast"
    return "global"


def describe(text: str) -> dict[str, object]:
    """Return the ipcalc fields of ``ADDRESS[/PREFIX]`` text, in display order.

    Raises AddressParseError for a malformed address or prefix.
    """
    address = ensure_address(text.partition("/")[0])
    network = Network(text, strict=False)
    host = host_portion(address, network.netmask)
    if isinstance(host, IPv6Address):
        host = IPv6Address(host.packed)  # the zone belongs to the address, not its host bits
    hosts = network.num_addresses
    if hosts > 2 and network.version == 4:
        hosts -= 2
    elif hosts > 2:
        hosts -= 1
    fields: dict[str, object] = {
        "address": str(address),
        "network": str(network),
        "prefixlen": network.prefixlen,
        "netmask": str(network.netmask),
        "host": str(host),
    }
    if network.broadcast is not None:
        fields["broadcast"] = str(network.broadcast)
    fields["first_host"] = str(network.first_host)
    fields["last_host"] = str(network.last_host)
    fields["hosts"] = hosts
    if isinstance(address, IPv4Address):
        fields["class"] = network_class(address)
    fields["kind"] = kind_of(address)
    return fields


def run(args: argparse.Namespace) -> int:
    """Print the fields of the address (text or JSON) and return 0."""
    fields = describe(args.address)
    if args.json:
        print(json.dumps(fields))
        return 0
    width = max(len(key) for key in fields) + 1
    for key, value in fields.items():
        print(f"{key + ':':<{width}} {value}")
    return 0
