"""Hypothesis strategies shared by the address tests."""

from __future__ import annotations

import ipaddress

from hypothesis import strategies as st

from iolib.address import IPv4Address, IPv6Address, LocalAddress, Network

address_like_text = st.text(alphabet="0123456789abcdefABCDEF:.%/x -", max_size=45)

ipv4_text = st.ip_addresses(v=4).map(str)
ipv6_text = st.ip_addresses(v=6).map(str)
ipv6_exploded = st.ip_addresses(v=6).map(lambda a: a.exploded)

addresses = st.one_of(
    st.integers(0, 2**32 - 1).map(IPv4Address),
    st.integers(0, 2**128 - 1).map(IPv6Address),
    st.sampled_from([IPv6Address("fe80::1%eth0"), LocalAddress("/tmp/s"), LocalAddress("a", True)]),
)

stdlib_objects = st.one_of(
    st.ip_addresses(),
    st.sampled_from(
        [
            ipaddress.ip_network("10.0.0.0/8"),
            ipaddress.ip_network("2001:db8::/32"),
            ipaddress.ip_interface("10.1.2.3/8"),
            ipaddress.IPv6Address("fe80::1%lo"),
        ]
    ),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**130), 2**130),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    address_like_text,
    ipv4_text,
    ipv6_text,
    st.binary(max_size=20),
    st.sampled_from(["a", "b", "c", "d", "internet", "local", "upcase", "downcase", "", "%"]),
)

anything = st.one_of(
    scalars,
    addresses,
    stdlib_objects,
    st.tuples(
        st.integers(-2, 300), st.integers(-2, 300), st.integers(-2, 300), st.integers(-2, 300)
    ),
    st.lists(st.integers(-1, 70000), max_size=9),
    st.lists(scalars, max_size=9).map(tuple),
    st.builds(bytearray, st.binary(max_size=17)),
    st.sampled_from([Network("10.0.0.0/8"), Network("::/0"), object(), {}, [], (), 1j]),
)
