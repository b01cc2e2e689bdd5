"""iolib.dns: names. Hosts, services, protocols, interfaces, resolv.conf and a DNS stub resolver.

The module attributes ``hosts_file``, ``resolv_conf_file``, ``services_file`` and
``protocols_file`` name the files in use and are read at each lookup; they start
from the ``IOLIB_HOSTS_FILE``, ``IOLIB_RESOLV_CONF``, ``IOLIB_SERVICES_FILE`` and
``IOLIB_PROTOCOLS_FILE`` environment variables, else the /etc paths.
``default_ipv6`` is what ``ipv6=None`` means (False, as IOLib's ``*ipv6*``).
"""

from __future__ import annotations

from iolib.dns._errors import ResolverAgainError as ResolverAgainError
from iolib.dns._errors import ResolverError as ResolverError
from iolib.dns._errors import ResolverFailError as ResolverFailError
from iolib.dns._errors import ResolverNoNameError as ResolverNoNameError
from iolib.dns._errors import ResolverUnknownError as ResolverUnknownError
from iolib.dns._errors import UnknownInterface as UnknownInterface
from iolib.dns._errors import UnknownProtocol as UnknownProtocol
from iolib.dns._errors import UnknownService as UnknownService
from iolib.dns._files import initial_path
from iolib.dns._interfaces import Interface as Interface
from iolib.dns._interfaces import list_network_interfaces as list_network_interfaces
from iolib.dns._interfaces import lookup_interface as lookup_interface
from iolib.dns._interfaces import make_interface as make_interface
from iolib.dns._lookup import HostLookup as HostLookup
from iolib.dns._lookup import clear_cache as clear_cache
from iolib.dns._lookup import dns_query as dns_query
from iolib.dns._lookup import ensure_hostname as ensure_hostname
from iolib.dns._lookup import lookup_hostname as lookup_hostname
from iolib.dns._message import DNSRecord as DNSRecord
from iolib.dns._message import DNSResponse as DNSResponse
from iolib.dns._namedb import lookup_protocol as lookup_protocol
from iolib.dns._namedb import lookup_service as lookup_service
from iolib.dns._protocols import Protocol as Protocol
from iolib.dns._rdata import MX as MX
from iolib.dns._rdata import SOA as SOA
from iolib.dns._rdata import SRV as SRV
from iolib.dns._services import Service as Service

hosts_file: str = initial_path("hosts_file")
resolv_conf_file: str = initial_path("resolv_conf_file")
services_file: str = initial_path("services_file")
protocols_file: str = initial_path("protocols_file")
default_ipv6: bool | str = False

__all__ = [
    "MX",
    "SOA",
    "SRV",
    "DNSRecord",
    "DNSResponse",
    "HostLookup",
    "Interface",
    "Protocol",
    "ResolverAgainError",
    "ResolverError",
    "ResolverFailError",
    "ResolverNoNameError",
    "ResolverUnknownError",
    "Service",
    "UnknownInterface",
    "UnknownProtocol",
    "UnknownService",
    "clear_cache",
    "dns_query",
    "ensure_hostname",
    "list_network_interfaces",
    "lookup_hostname",
    "lookup_interface",
    "lookup_protocol",
    "lookup_service",
    "make_interface",
]

# Public classes report the package they are imported from (tracebacks, repr, pickle).
for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type):
        _value.__module__ = __name__
del _name, _value
