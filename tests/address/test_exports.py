"""The iolib.address surface: exactly API.md's names, from the layer and from iolib."""

from __future__ import annotations

import iolib
import iolib.address

API_NAMES = {
    "Address", "InetAddress", "IPv4Address", "IPv6Address", "LocalAddress", "AddressParseError",
    "make_address", "ensure_address", "copy_address", "address_to_vector", "address_to_string",
    "string_address_to_vector", "is_address", "address_equal", "address_equal_p",
    "address_type_of", "dotted_to_integer", "integer_to_dotted", "dotted_to_vector",
    "vector_to_dotted", "integer_to_vector", "vector_to_integer", "colon_separated_to_vector",
    "vector_to_colon_separated", "map_ipv4_address_to_ipv6", "map_ipv6_address_to_ipv4",
    "IPV4_UNSPECIFIED", "IPV4_LOOPBACK", "IPV6_UNSPECIFIED", "IPV6_LOOPBACK", "MAX_IPV4_VALUE",
    "IPV6_INTERFACE_LOCAL_ALL_NODES", "IPV6_LINK_LOCAL_ALL_NODES",
    "IPV6_INTERFACE_LOCAL_ALL_ROUTERS", "IPV6_LINK_LOCAL_ALL_ROUTERS",
    "IPV6_SITE_LOCAL_ALL_ROUTERS",
}  # fmt: skip


def test_all_is_the_api() -> None:
    assert set(iolib.address.__all__) >= API_NAMES
    assert not [name for name in iolib.address.__all__ if name.startswith("_")]
    assert len(iolib.address.__all__) == len(set(iolib.address.__all__))


def test_names_reach_the_top_level() -> None:
    for name in iolib.address.__all__:
        assert getattr(iolib, name) is getattr(iolib.address, name), name


def test_parse_error_is_a_value_error_and_an_iolib_error() -> None:
    assert issubclass(iolib.AddressParseError, ValueError)
    assert issubclass(iolib.AddressParseError, iolib.IolibError)


def test_constants() -> None:
    assert str(iolib.IPV4_UNSPECIFIED) == "0.0.0.0"
    assert str(iolib.IPV4_LOOPBACK) == "127.0.0.1"
    assert str(iolib.IPV6_UNSPECIFIED) == "::"
    assert str(iolib.IPV6_LOOPBACK) == "::1"
    assert iolib.MAX_IPV4_VALUE == 2**32 - 1
    assert str(iolib.IPV6_INTERFACE_LOCAL_ALL_NODES) == "ff01::1"
    assert str(iolib.IPV6_LINK_LOCAL_ALL_NODES) == "ff02::1"
    assert str(iolib.IPV6_INTERFACE_LOCAL_ALL_ROUTERS) == "ff01::2"
    assert str(iolib.IPV6_LINK_LOCAL_ALL_ROUTERS) == "ff02::2"
    assert str(iolib.IPV6_SITE_LOCAL_ALL_ROUTERS) == "ff05::2"


def test_public_classes_report_the_package() -> None:
    for cls in (iolib.IPv4Address, iolib.IPv6Address, iolib.LocalAddress, iolib.Network,
                iolib.AddressParseError, iolib.Address, iolib.InetAddress):  # fmt: skip
        assert cls.__module__ == "iolib.address"
