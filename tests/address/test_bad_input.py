"""Arbitrary input to every public function raises only the documented errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iolib.address as A
from iolib.address import AddressParseError, Network

from .strategies import anything

# Functions documented to raise a plain ValueError as well (beyond AddressParseError).
PLAIN_VALUE_ERROR = {
    "make_netmask_cidr", "make_netmask_klass", "make_netmask_both", "subnets", "supernet",
}  # fmt: skip


def make_netmask_cidr(x: object) -> object:
    return A.make_netmask(cidr=x)  # type: ignore[arg-type]  # arbitrary on purpose


def make_netmask_klass(x: object) -> object:
    return A.make_netmask(klass=x)  # type: ignore[arg-type]  # arbitrary on purpose


def make_netmask_both(x: object, y: object) -> object:
    return A.make_netmask(cidr=x, klass=y)  # type: ignore[arg-type]  # arbitrary on purpose


def ensure_local(x: object) -> object:
    return A.ensure_address(x, "local")


def ensure_family(x: object) -> object:
    return A.ensure_address("1.2.3.4", x)  # type: ignore[call-overload]  # arbitrary on purpose


def ensure_errorp(x: object, y: object) -> object:
    return A.ensure_address(x, "internet", y)  # type: ignore[call-overload]  # arbitrary


def network_loose(x: object) -> object:
    return Network(x, strict=False)


def network_loose_prefix(x: object, y: object) -> object:
    return Network(x, y, strict=False)  # type: ignore[arg-type]  # arbitrary on purpose


def in_network_two(x: object, y: object) -> object:
    return A.in_network(x, y)


ONE_ARGUMENT: list[Callable[[object], object]] = [
    A.make_address, A.ensure_address, A.copy_address, A.address_to_vector,  # type: ignore[list-item]
    A.address_to_string, A.string_address_to_vector, A.is_address,  # type: ignore[list-item]
    A.address_type_of, A.dotted_to_integer, A.integer_to_dotted,  # type: ignore[list-item]
    A.dotted_to_vector, A.vector_to_dotted, A.integer_to_vector,  # type: ignore[list-item]
    A.vector_to_integer, A.colon_separated_to_vector,  # type: ignore[list-item]
    A.vector_to_colon_separated, A.map_ipv4_address_to_ipv6,  # type: ignore[list-item]
    A.map_ipv6_address_to_ipv4, A.ensure_netmask, A.network_class, A.is_private,
    A.IPv4Address, A.IPv6Address, A.LocalAddress, Network,  # type: ignore[list-item]
    make_netmask_cidr, make_netmask_klass, ensure_local, ensure_family, network_loose,
]  # fmt: skip
TWO_ARGUMENTS: list[Callable[[object, object], object]] = [
    A.address_equal, A.address_equal_p, A.network_portion, A.host_portion,  # type: ignore[list-item]
    A.IPv6Address, A.LocalAddress, Network, A.vector_to_colon_separated,  # type: ignore[list-item]
    in_network_two, ensure_errorp, make_netmask_both, network_loose_prefix,
]  # fmt: skip


def _name(function: Callable[..., object]) -> str:
    return getattr(function, "__name__", "?")


def _call(function: Callable[..., object], *args: object) -> None:
    try:
        function(*args)
    except (TypeError, AddressParseError):
        pass
    except ValueError as exc:
        assert _name(function) in PLAIN_VALUE_ERROR, (function, args, exc)


@pytest.mark.parametrize("function", ONE_ARGUMENT, ids=_name)
@given(anything)
def test_one_argument(function: Callable[[object], object], value: object) -> None:
    _call(function, value)


@pytest.mark.parametrize("function", TWO_ARGUMENTS, ids=_name)
@given(anything, anything)
def test_two_arguments(function: Callable[[object, object], object], x: object, y: object) -> None:
    _call(function, x, y)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(anything, anything, anything, anything)
def test_network_membership(a: object, b: object, c: object, d: object) -> None:
    _call(A.in_network, a, b, c)
    _call(A.in_same_network, a, b, c, d)


@given(st.sampled_from([Network("10.0.0.0/8"), Network("2001:db8::/32")]), anything)
def test_network_methods(network: Network, value: object) -> None:
    _call(network.subnets, value)
    _call(network.supernet, value)
    _call(network.overlaps, value)
    _call(network.__contains__, value)


@given(anything)
def test_errorp_false_never_raises(value: object) -> None:
    result = A.ensure_address(value, errorp=False)
    assert result is None or isinstance(result, (A.IPv4Address, A.IPv6Address))
    local = A.ensure_address(value, "local", errorp=False)
    assert local is None or isinstance(local, A.LocalAddress)


@given(anything)
def test_total_functions_never_raise(value: object) -> None:
    vector = A.address_to_vector(value)
    assert vector is None or vector[1] in ("ipv4", "ipv6")
    assert isinstance(A.is_address(value), bool)
    assert A.address_type_of(value) in (None, "ipv4", "ipv6", "local")


@given(anything)
def test_string_address_to_vector_raises_only_type_error(value: object) -> None:
    if isinstance(value, str):
        result = A.string_address_to_vector(value)
        assert result is None or len(result) in (4, 8)
    else:
        with pytest.raises(TypeError):
            A.string_address_to_vector(value)  # type: ignore[arg-type]  # deliberately wrong
