"""iolib.address: address values, text forms, predicates and netmask arithmetic (pure, no I/O).

IPv4, IPv6 (with zone) and Unix-domain addresses as immutable values, the
designators that make them (``ensure_address``), IOLib's low-level
conversions, predicates and netmask arithmetic, and a ``Network`` prefix type.
"""

from __future__ import annotations

from iolib.address._constants import IPV4_LOOPBACK as IPV4_LOOPBACK
from iolib.address._constants import IPV4_UNSPECIFIED as IPV4_UNSPECIFIED
from iolib.address._constants import (
    IPV6_INTERFACE_LOCAL_ALL_NODES as IPV6_INTERFACE_LOCAL_ALL_NODES,
)
from iolib.address._constants import (
    IPV6_INTERFACE_LOCAL_ALL_ROUTERS as IPV6_INTERFACE_LOCAL_ALL_ROUTERS,
)
from iolib.address._constants import IPV6_LINK_LOCAL_ALL_NODES as IPV6_LINK_LOCAL_ALL_NODES
from iolib.address._constants import IPV6_LINK_LOCAL_ALL_ROUTERS as IPV6_LINK_LOCAL_ALL_ROUTERS
from iolib.address._constants import IPV6_LOOPBACK as IPV6_LOOPBACK
from iolib.address._constants import IPV6_SITE_LOCAL_ALL_ROUTERS as IPV6_SITE_LOCAL_ALL_ROUTERS
from iolib.address._constants import IPV6_UNSPECIFIED as IPV6_UNSPECIFIED
from iolib.address._constants import MAX_IPV4_VALUE as MAX_IPV4_VALUE
from iolib.address._convert import colon_separated_to_vector as colon_separated_to_vector
from iolib.address._convert import dotted_to_integer as dotted_to_integer
from iolib.address._convert import dotted_to_vector as dotted_to_vector
from iolib.address._convert import integer_to_dotted as integer_to_dotted
from iolib.address._convert import integer_to_vector as integer_to_vector
from iolib.address._convert import map_ipv4_address_to_ipv6 as map_ipv4_address_to_ipv6
from iolib.address._convert import map_ipv6_address_to_ipv4 as map_ipv6_address_to_ipv4
from iolib.address._convert import vector_to_colon_separated as vector_to_colon_separated
from iolib.address._convert import vector_to_dotted as vector_to_dotted
from iolib.address._convert import vector_to_integer as vector_to_integer
from iolib.address._designators import address_equal as address_equal
from iolib.address._designators import address_equal_p as address_equal_p
from iolib.address._designators import address_to_string as address_to_string
from iolib.address._designators import address_to_vector as address_to_vector
from iolib.address._designators import address_type_of as address_type_of
from iolib.address._designators import copy_address as copy_address
from iolib.address._designators import ensure_address as ensure_address
from iolib.address._designators import is_address as is_address
from iolib.address._designators import make_address as make_address
from iolib.address._designators import string_address_to_vector as string_address_to_vector
from iolib.address._errors import AddressParseError as AddressParseError
from iolib.address._local import LocalAddress as LocalAddress
from iolib.address._netmask import ensure_netmask as ensure_netmask
from iolib.address._netmask import host_portion as host_portion
from iolib.address._netmask import in_network as in_network
from iolib.address._netmask import in_same_network as in_same_network
from iolib.address._netmask import is_private as is_private
from iolib.address._netmask import make_netmask as make_netmask
from iolib.address._netmask import network_class as network_class
from iolib.address._netmask import network_portion as network_portion
from iolib.address._network import Network as Network
from iolib.address._types import Address as Address
from iolib.address._types import InetAddress as InetAddress
from iolib.address._types import IPv4Address as IPv4Address
from iolib.address._types import IPv6Address as IPv6Address

# Public classes report the package they are imported from (tracebacks, repr, pickle).
for _cls in (Address, AddressParseError, InetAddress, IPv4Address, IPv6Address, LocalAddress,
             Network):  # fmt: skip
    _cls.__module__ = __name__
del _cls

__all__ = [
    "IPV4_LOOPBACK",
    "IPV4_UNSPECIFIED",
    "IPV6_INTERFACE_LOCAL_ALL_NODES",
    "IPV6_INTERFACE_LOCAL_ALL_ROUTERS",
    "IPV6_LINK_LOCAL_ALL_NODES",
    "IPV6_LINK_LOCAL_ALL_ROUTERS",
    "IPV6_LOOPBACK",
    "IPV6_SITE_LOCAL_ALL_ROUTERS",
    "IPV6_UNSPECIFIED",
    "MAX_IPV4_VALUE",
    "Address",
    "AddressParseError",
    "IPv4Address",
    "IPv6Address",
    "InetAddress",
    "LocalAddress",
    "Network",
    "address_equal",
    "address_equal_p",
    "address_to_string",
    "address_to_vector",
    "address_type_of",
    "colon_separated_to_vector",
    "copy_address",
    "dotted_to_integer",
    "dotted_to_vector",
    "ensure_address",
    "ensure_netmask",
    "host_portion",
    "in_network",
    "in_same_network",
    "integer_to_dotted",
    "integer_to_vector",
    "is_address",
    "is_private",
    "make_address",
    "make_netmask",
    "map_ipv4_address_to_ipv6",
    "map_ipv6_address_to_ipv4",
    "network_class",
    "network_portion",
    "string_address_to_vector",
    "vector_to_colon_separated",
    "vector_to_dotted",
    "vector_to_integer",
]
