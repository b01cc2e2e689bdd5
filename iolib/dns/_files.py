"""The name files in use: paths read from the package attributes at each lookup, parses cached.

``iolib.dns.hosts_file`` and its siblings are plain module attributes, so
assigning one takes effect at the next lookup; each file is parsed again only
when it changes (see :class:`FileMonitor`).
"""

from __future__ import annotations

import os
import sys

from iolib.dns._etcfile import FileMonitor
from iolib.dns._hosts import HostsTable, parse_hosts
from iolib.dns._protocols import ProtocolsTable, parse_protocols
from iolib.dns._resolvconf import ResolvConf, parse_resolv_conf
from iolib.dns._services import ServicesTable, parse_services

__all__ = [
    "DEFAULT_PATHS",
    "current_default_ipv6",
    "hosts_table",
    "initial_path",
    "protocols_table",
    "resolv_conf",
    "services_table",
]

# attribute name -> (environment variable, default path)
DEFAULT_PATHS: dict[str, tuple[str, str]] = {
    "hosts_file": ("IOLIB_HOSTS_FILE", "/etc/hosts"),
    "resolv_conf_file": ("IOLIB_RESOLV_CONF", "/etc/resolv.conf"),
    "services_file": ("IOLIB_SERVICES_FILE", "/etc/services"),
    "protocols_file": ("IOLIB_PROTOCOLS_FILE", "/etc/protocols"),
}

HOSTS: FileMonitor[HostsTable] = FileMonitor(parse_hosts, HostsTable())
RESOLV_CONF: FileMonitor[ResolvConf] = FileMonitor(parse_resolv_conf, ResolvConf())
SERVICES: FileMonitor[ServicesTable] = FileMonitor(parse_services, ServicesTable())
PROTOCOLS: FileMonitor[ProtocolsTable] = FileMonitor(parse_protocols, ProtocolsTable())


def initial_path(attribute: str) -> str:
    """Return a path attribute's starting value: its environment variable if set, else /etc's."""
    variable, default = DEFAULT_PATHS[attribute]
    return os.environ.get(variable) or default


def _path(attribute: str) -> str:
    value: object = getattr(sys.modules["iolib.dns"], attribute)
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise TypeError(f"iolib.dns.{attribute} must be a str path, not {value!r}")
    return value


def hosts_table() -> HostsTable:
    """Return the parsed hosts file named by ``iolib.dns.hosts_file``."""
    return HOSTS.get(_path("hosts_file"))


def resolv_conf() -> ResolvConf:
    """Return the parsed resolv.conf named by ``iolib.dns.resolv_conf_file``."""
    return RESOLV_CONF.get(_path("resolv_conf_file"))


def services_table() -> ServicesTable:
    """Return the parsed services file named by ``iolib.dns.services_file``."""
    return SERVICES.get(_path("services_file"))


def protocols_table() -> ProtocolsTable:
    """Return the parsed protocols file named by ``iolib.dns.protocols_file``."""
    return PROTOCOLS.get(_path("protocols_file"))


def current_default_ipv6() -> object:
    """Return ``iolib.dns.default_ipv6`` as it is now."""
    return getattr(sys.modules["iolib.dns"], "default_ipv6", False)
