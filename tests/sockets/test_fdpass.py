"""Descriptor passing over local sockets: SCM_RIGHTS, truncation, extras, a child process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from iolib.sockets import (
    ActiveSocket,
    SocketControlTruncatedError,
    SocketNoFileDescriptorError,
    make_socket_pair,
)
from iolib.streams import StreamTimeoutError

from ..conftest import open_fds


@pytest.fixture
def pair() -> Iterator[tuple[ActiveSocket, ActiveSocket]]:
    """A connected local stream pair."""
    a, b = make_socket_pair()
    with a, b:
        yield a, b


def _same_file(fd1: int, fd2: int) -> bool:
    s1, s2 = os.fstat(fd1), os.fstat(fd2)
    return (s1.st_dev, s1.st_ino) == (s2.st_dev, s2.st_ino)


def test_one_descriptor_round_trip(pair: tuple[ActiveSocket, ActiveSocket], tmp_path: Path) -> None:
    """The received fd is a new descriptor for the same open file, close-on-exec."""
    a, b = pair
    fd = os.open(tmp_path / "f", os.O_CREAT | os.O_RDWR)
    try:
        a.send_file_descriptor(fd)
        got = b.receive_file_descriptor()
        try:
            assert got != fd
            assert _same_file(fd, got)
            assert not os.get_inheritable(got)
        finally:
            os.close(got)
    finally:
        os.close(fd)


def test_several_descriptors_in_one_message(pair: tuple[ActiveSocket, ActiveSocket]) -> None:
    """send_file_descriptors carries several fds and the data bytes."""
    a, b = pair
    r, w = os.pipe()
    try:
        a.send_file_descriptors([r, w], data=b"two fds")
        fds, data = b.receive_file_descriptors()
        try:
            assert data == b"two fds"
            assert len(fds) == 2
            assert _same_file(fds[0], r) and _same_file(fds[1], w)
        finally:
            for fd in fds:
                os.close(fd)
    finally:
        os.close(r)
        os.close(w)


def test_truncated_control_data_closes_what_arrived(
    pair: tuple[ActiveSocket, ActiveSocket],
) -> None:
    """Room for fewer fds than sent: MSG_CTRUNC is an error, and nothing leaks."""
    a, b = pair
    r, w = os.pipe()
    try:
        before = open_fds()
        a.send_file_descriptors([r, w, r])
        with pytest.raises(SocketControlTruncatedError) as info:
            b.receive_file_descriptors(max_fds=1)
        assert info.value.identifier == "control-truncated"
        assert open_fds() == before
    finally:
        os.close(r)
        os.close(w)


def test_single_receive_truncated(pair: tuple[ActiveSocket, ActiveSocket]) -> None:
    """receive_file_descriptor refuses a message whose fds did not fit, closing them."""
    a, b = pair
    r, w = os.pipe()
    try:
        before = open_fds()
        a.send_file_descriptors([r] * 20)
        with pytest.raises(SocketControlTruncatedError):
            b.receive_file_descriptor()
        assert open_fds() == before
    finally:
        os.close(r)
        os.close(w)


def test_extra_descriptors_are_closed(pair: tuple[ActiveSocket, ActiveSocket]) -> None:
    """receive_file_descriptor keeps the first fd and closes the extras."""
    a, b = pair
    r, w = os.pipe()
    try:
        before = open_fds()
        a.send_file_descriptors([w, r, r])
        got = b.receive_file_descriptor()
        assert open_fds() == before | {got}
        assert _same_file(got, w)
        os.close(got)
        a.send_file_descriptors([r, w, w, r])
        fds, _ = b.receive_file_descriptors(max_fds=4)
        assert len(fds) == 4
        for fd in fds:
            os.close(fd)
    finally:
        os.close(r)
        os.close(w)


def test_a_message_without_descriptors(pair: tuple[ActiveSocket, ActiveSocket]) -> None:
    """Plain data where a descriptor was expected: SocketNoFileDescriptorError."""
    a, b = pair
    a.write(b"x")
    a.finish_output()
    with pytest.raises(SocketNoFileDescriptorError):
        b.receive_file_descriptor()
    a.write(b"y")
    a.finish_output()
    with pytest.raises(SocketNoFileDescriptorError):
        b.receive_file_descriptors()


def test_peer_closed(pair: tuple[ActiveSocket, ActiveSocket]) -> None:
    """End of file where a descriptor was expected: SocketNoFileDescriptorError."""
    a, b = pair
    a.close()
    with pytest.raises(SocketNoFileDescriptorError, match="closed"):
        b.receive_file_descriptor()


def test_receive_honours_read_timeout(pair: tuple[ActiveSocket, ActiveSocket]) -> None:
    """Waiting for a descriptor is bounded by read_timeout."""
    _, b = pair
    b.read_timeout = 0.05
    with pytest.raises(StreamTimeoutError):
        b.receive_file_descriptor()
    with pytest.raises(StreamTimeoutError):
        b.receive_file_descriptors()


def test_pending_output_is_flushed_before_the_descriptor(tmp_path: Path) -> None:
    """Bytes written before a descriptor arrive before it."""
    a, b = make_socket_pair(input_buffer_size=3)
    with a, b:
        fd = os.open(tmp_path / "f", os.O_CREAT | os.O_RDONLY)
        try:
            a.write(b"abc")
            a.send_file_descriptor(fd)
            assert b.read(3) == b"abc"
            got = b.receive_file_descriptor()
            assert _same_file(got, fd)
            os.close(got)
        finally:
            os.close(fd)


@pytest.mark.parametrize(
    ("fds", "error"),
    [
        (-1, TypeError),
        ([-1], ValueError),
        (["3"], TypeError),
        ([], ValueError),
        ([0] * 300, ValueError),
        ([True], TypeError),
    ],
)
def test_bad_descriptor_lists(
    pair: tuple[ActiveSocket, ActiveSocket], fds: object, error: type[Exception]
) -> None:
    """Bad descriptor lists raise TypeError / ValueError before anything is sent."""
    a, _ = pair
    with pytest.raises(error):
        a.send_file_descriptors(fds)


@pytest.mark.parametrize(("fd", "error"), [(-1, ValueError), ("0", TypeError), (None, TypeError)])
def test_bad_single_descriptor(
    pair: tuple[ActiveSocket, ActiveSocket], fd: object, error: type[Exception]
) -> None:
    """A bad fd for send_file_descriptor raises TypeError / ValueError."""
    a, _ = pair
    with pytest.raises(error):
        a.send_file_descriptor(fd)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "error"), [(b"", ValueError), ("text", TypeError), (3, TypeError)]
)
def test_bad_data(
    pair: tuple[ActiveSocket, ActiveSocket], data: object, error: type[Exception]
) -> None:
    """Descriptors need at least one data byte, as bytes."""
    a, _ = pair
    with pytest.raises(error):
        a.send_file_descriptors([0], data=data)  # type: ignore[arg-type]


@pytest.mark.parametrize("max_fds", [0, 254, "2", True])
def test_bad_max_fds(pair: tuple[ActiveSocket, ActiveSocket], max_fds: object) -> None:
    """max_fds outside 1..253 or not an int is rejected."""
    _, b = pair
    with pytest.raises((TypeError, ValueError)):
        b.receive_file_descriptors(max_fds=max_fds)  # type: ignore[arg-type]


CHILD = textwrap.dedent(
    """
    import os, sys
    from iolib.sockets import make_socket_from_fd
    with make_socket_from_fd(int(sys.argv[1])) as sock:
        sock.read_timeout = 20
        fd = sock.receive_file_descriptor()
        os.write(fd, b"written by the child through the passed fd")
        os.close(fd)
        sock.write_line("done")
        sock.finish_output()
    """
)


def test_passing_a_descriptor_to_a_child_process() -> None:
    """A child receives a pipe's write end and writes through it."""
    ours, theirs = socket.socketpair()
    child_end = theirs.detach()
    try:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(child_end)], pass_fds=[child_end]
        )
    finally:
        os.close(child_end)
    r, w = os.pipe()
    try:
        from iolib.sockets import make_socket_from_fd

        with make_socket_from_fd(ours.detach()) as sock:
            sock.send_file_descriptor(w)  # type: ignore[attr-defined]
            os.close(w)
            w = -1
            sock.read_timeout = 30  # type: ignore[attr-defined]
            assert sock.read_line() == "done"  # type: ignore[attr-defined]
        chunks = []
        while chunk := os.read(r, 4096):
            chunks.append(chunk)
        assert b"".join(chunks) == b"written by the child through the passed fd"
        assert child.wait(timeout=30) == 0
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)
        if child.poll() is None:
            child.kill()
            child.wait()
