"""The resolv.conf parser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iolib.dns._resolvconf import ResolvConf, parse_resolv_conf


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ResolvConf()),
        ("nameserver 127.0.0.1\nnameserver ::1\n", ResolvConf(nameservers=("127.0.0.1", "::1"))),
        ("nameserver bogus\nnameserver\n", ResolvConf()),
        (
            "nameserver [127.0.0.1]:5353\nnameserver [::1]:53\n",
            ResolvConf(nameservers=(("127.0.0.1", 5353), ("::1", 53))),
        ),
        (
            "nameserver [127.0.0.1]\nnameserver [x]:53\nnameserver [::1]:0\n"
            "nameserver [::1]:65536\nnameserver [::1]:5x\nnameserver 127.0.0.1:53\n",
            ResolvConf(),
        ),
        ("search a.test b.test.\n", ResolvConf(search=("a.test", "b.test"))),
        ("domain x.test\n", ResolvConf(search=("x.test",))),
        ("search a.test\ndomain x.test\n", ResolvConf(search=("x.test",))),
        ("domain x.test\nsearch a.test b.test\n", ResolvConf(search=("a.test", "b.test"))),
        (
            "options ndots:3 timeout:2 attempts:4 rotate edns0\n",
            ResolvConf(ndots=3, timeout=2.0, attempts=4, rotate=True, edns0=True),
        ),
        (
            "options ndots:99 timeout:999 attempts:99\n",
            ResolvConf(ndots=15, timeout=30.0, attempts=5),
        ),
        ("options timeout:0 attempts:0\n", ResolvConf(timeout=1.0, attempts=1)),
        ("options ndots:x timeout: bogus rotate:1\n", ResolvConf()),
        (
            "; comment\n# comment\nnameserver 10.0.0.1 ; trailing\n",
            ResolvConf(nameservers=("10.0.0.1",)),
        ),
        ("options ndots:2\noptions ndots:4\n", ResolvConf(ndots=4)),
    ],
)
def test_parse(text: str, expected: ResolvConf) -> None:
    assert parse_resolv_conf(text) == expected


def test_default_server_is_localhost() -> None:
    assert ResolvConf().servers == ("127.0.0.1",)
    assert ResolvConf(nameservers=("::1",)).servers == ("::1",)


@settings(deadline=None)  # a loaded machine must not fail a property
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    conf = parse_resolv_conf(text)
    assert 0 <= conf.ndots <= 15
    assert 1 <= conf.attempts <= 5
