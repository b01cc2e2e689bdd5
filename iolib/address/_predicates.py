"""Address predicates: IOLib's structural tests on the bits, as read-only properties.

These are mixins of the address classes. They look only at the prefix bits,
never at IANA's special-purpose registries (that is what ``ipaddress`` does);
where IOLib has a known slip (IPv4 multicast tested as 224/3, loopback as the
one address 127.0.0.1, link-local as fe80::/16) the RFC prefix is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

__all__ = ["IPv6Predicates", "InetPredicates"]

# RFC 4291 section 2.7: ff<flags><scope>::/16; scope nibble -> IOLib's name.
_MULTICAST_SCOPES: dict[int, str] = {
    0x1: "interface-local",
    0x2: "link-local",
    0x4: "admin-local",
    0x5: "site-local",
    0x8: "organization-local",
    0xE: "global",
    0x0: "reserved",
    0x3: "reserved",
    0xF: "reserved",
}
_UNASSIGNED = "unassigned"  # scopes 6, 7, 9-D
# RFC 4291 section 2.7.1: ff02::1:ff00:0/104, solicited-node addresses.
_SOLICITED_NODE = 0xFF02_0000_0000_0000_0000_0001_FF00_0000
_SOLICITED_NODE_MASK = ((1 << 104) - 1) << 24


class InetPredicates:
    """The predicates IOLib defines on every internet address."""

    __slots__ = ()
    version: ClassVar[int]

    if TYPE_CHECKING:

        def __int__(self) -> int: ...

    @property
    def is_unspecified(self) -> bool:
        """True for 0.0.0.0 and ::."""
        return int(self) == 0

    @property
    def is_loopback(self) -> bool:
        """True for 127.0.0.0/8 (RFC 1122 section 3.2.1.3) and ::1."""
        if self.version == 4:
            return int(self) >> 24 == 127
        return int(self) == 1

    @property
    def is_multicast(self) -> bool:
        """True for 224.0.0.0/4 and ff00::/8."""
        if self.version == 4:
            return int(self) >> 28 == 0xE
        return int(self) >> 120 == 0xFF

    @property
    def is_unicast(self) -> bool:
        """True unless unspecified, loopback or multicast (so fe80::/10 is unicast)."""
        return not (self.is_unspecified or self.is_loopback or self.is_multicast)

    @property
    def is_private(self) -> bool:
        """True for 10/8, 172.16/12, 192.168/16 (RFC 1918) and fc00::/7 (RFC 4193)."""
        value = int(self)
        if self.version == 4:
            return value >> 24 == 10 or value >> 20 == 0xAC1 or value >> 16 == 0xC0A8
        return value >> 121 == 0x7E

    @property
    def unicast_type(self) -> str | None:
        """IPv6: "link-local", "site-local" or "global" for unicast, else None; IPv4: None."""
        if self.version == 4 or not self.is_unicast:
            return None
        top = int(self) >> 118
        if top == 0b1111111010:
            return "link-local"
        if top == 0b1111111011:
            return "site-local"
        return "global"

    @property
    def multicast_type(self) -> str | None:
        """IPv6: the multicast scope name ("link-local", "reserved" ...), else None; IPv4: None."""
        if self.version == 4 or not self.is_multicast:
            return None
        return _MULTICAST_SCOPES.get((int(self) >> 112) & 0xF, _UNASSIGNED)

    @property
    def address_type(self) -> tuple[str, ...]:
        """``(protocol, kind)``, plus the unicast or multicast type for IPv6 (inet-address-type)."""
        protocol = "ipv4" if self.version == 4 else "ipv6"
        if self.is_unspecified:
            return (protocol, "unspecified")
        if self.is_loopback:
            return (protocol, "loopback")
        if self.is_multicast:
            kind, subtype = "multicast", self.multicast_type
        else:
            kind, subtype = "unicast", self.unicast_type
        if subtype is None:
            return (protocol, kind)
        return (protocol, kind, subtype)


class IPv6Predicates:
    """The IPv6-only predicates of IOLib (unicast kinds, multicast scopes and flags)."""

    __slots__ = ()

    if TYPE_CHECKING:

        def __int__(self) -> int: ...

        @property
        def is_multicast(self) -> bool: ...

        @property
        def is_unicast(self) -> bool: ...

        @property
        def multicast_type(self) -> str | None: ...

        @property
        def unicast_type(self) -> str | None: ...

    @property
    def is_ipv4_mapped(self) -> bool:
        """True for ::ffff:0:0/96, IPv4 addresses mapped into IPv6."""
        return int(self) >> 32 == 0xFFFF

    @property
    def is_link_local_unicast(self) -> bool:
        """True for fe80::/10."""
        return self.unicast_type == "link-local"

    @property
    def is_site_local_unicast(self) -> bool:
        """True for fec0::/10 (deprecated by RFC 3879, still recognised)."""
        return self.unicast_type == "site-local"

    @property
    def is_global_unicast(self) -> bool:
        """True for any unicast address that is neither link-local nor site-local."""
        return self.unicast_type == "global"

    @property
    def is_interface_local_multicast(self) -> bool:
        """True for multicast scope 1."""
        return self.multicast_type == "interface-local"

    @property
    def is_link_local_multicast(self) -> bool:
        """True for multicast scope 2."""
        return self.multicast_type == "link-local"

    @property
    def is_admin_local_multicast(self) -> bool:
        """True for multicast scope 4."""
        return self.multicast_type == "admin-local"

    @property
    def is_site_local_multicast(self) -> bool:
        """True for multicast scope 5."""
        return self.multicast_type == "site-local"

    @property
    def is_organization_local_multicast(self) -> bool:
        """True for multicast scope 8."""
        return self.multicast_type == "organization-local"

    @property
    def is_global_multicast(self) -> bool:
        """True for multicast scope E."""
        return self.multicast_type == "global"

    @property
    def is_reserved_multicast(self) -> bool:
        """True for multicast scopes 0, 3 and F."""
        return self.multicast_type == "reserved"

    @property
    def is_unassigned_multicast(self) -> bool:
        """True for multicast scopes 6, 7 and 9 to D."""
        return self.multicast_type == _UNASSIGNED

    @property
    def is_transient_multicast(self) -> bool:
        """True for multicast with the T flag (0x10 of the second byte) set."""
        return self.is_multicast and (int(self) >> 116) & 1 == 1

    @property
    def is_solicited_node_multicast(self) -> bool:
        """True for ff02::1:ff00:0/104."""
        return int(self) & _SOLICITED_NODE_MASK == _SOLICITED_NODE
