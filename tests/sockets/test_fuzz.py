"""Arbitrary keyword values: make_socket raises only documented errors and leaks nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iolib import IolibError
from iolib.sockets import make_socket
from iolib.sockets._tables import SOCKET_KEYWORDS

from ..conftest import open_fds

# Keywords that would reach out (remote_*) or create files (filenames) are
# exercised with chosen values elsewhere; everything else gets arbitrary input.
_UNSAFE = {"remote_host", "remote_port", "local_filename", "remote_filename", "tls"}
SAFE = {
    key: sorted(allowed - _UNSAFE) for key, allowed in SOCKET_KEYWORDS.items() if allowed - _UNSAFE
}
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.binary(max_size=20),
    st.tuples(st.integers(-5, 300), st.integers(-5, 300)),
    st.sampled_from(["127.0.0.1", "::1", "localhost", "lo", "0.0.0.0", 0, 1, 5, 1024]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(sorted(SAFE)),
    data=st.data(),
)
def test_arbitrary_keyword_values(key: tuple[str, str, str], data: st.DataObject) -> None:
    """Any values: a socket, or TypeError / ValueError / an IolibError; no fd left behind."""
    names = data.draw(st.lists(st.sampled_from(SAFE[key]), unique=True, max_size=4))
    options = {name: data.draw(VALUES, label=name) for name in names}
    before = open_fds()
    family, kind, connect = key
    try:
        sock = make_socket(address_family=family, type=kind, connect=connect, **options)  # type: ignore[call-overload]
    except (TypeError, ValueError, IolibError):
        pass
    else:
        sock.close()
    assert open_fds() <= before


@pytest.mark.parametrize("value", [None, "", "x" * 300, b"\x00", (1,)])
def test_odd_designators_for_remote_host(value: object) -> None:
    """remote_host values that are no loopback host fail without any traffic."""
    options = {"remote_port": 1} if value is None else {"remote_host": value, "remote_port": 1}
    with pytest.raises((TypeError, ValueError, IolibError)):
        make_socket(**options)
