"""Run dnsmasq on 127.0.0.1 for the tests: local records only, never forwarding, always reaped."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from types import TracebackType

from iolib.dns._message import decode_message, encode_query

DNSMASQ_PATHS = ("/usr/sbin/dnsmasq", "/usr/local/sbin/dnsmasq")


def find_dnsmasq() -> str | None:
    """Return the path of the dnsmasq executable, or None."""
    found = shutil.which("dnsmasq")
    if found:
        return found
    return next((p for p in DNSMASQ_PATHS if os.access(p, os.X_OK)), None)


def identity_options() -> list[str]:
    """Return --user/--group naming the current user, so dnsmasq can read our files as root.

    Without a passwd entry there is nothing to name; dnsmasq run by a non-root
    user does not change user anyway.
    """
    try:
        return [
            f"--user={pwd.getpwuid(os.getuid()).pw_name}",
            f"--group={grp.getgrgid(os.getgid()).gr_name}",
        ]
    except KeyError:
        return []


def free_port() -> int:
    """Return a port free for both UDP and TCP on 127.0.0.1 at the time of asking."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port: int = udp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port


def _answers(port: int) -> bool:
    """Return True if something answers a DNS query on 127.0.0.1:port within 0.2 s."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        try:
            sock.connect(("127.0.0.1", port))
            sock.send(encode_query(4242, "probe.test", 1))
            return decode_message(sock.recv(4096)).id == 4242
        except (OSError, ValueError):
            return False


class Dnsmasq:
    """A dnsmasq process serving ``options`` on 127.0.0.1 at a random port (context manager)."""

    def __init__(self, executable: str, options: list[str]) -> None:
        self.executable = executable
        self.options = options
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115  # closed in __exit__

    @property
    def address(self) -> tuple[str, int]:
        """Return ``("127.0.0.1", port)``."""
        return ("127.0.0.1", self.port)

    def command(self) -> list[str]:
        """Return the full command line: no upstream, no system files, foreground, loopback only."""
        return [
            self.executable,
            "--keep-in-foreground",
            "--no-resolv",
            "--no-hosts",
            "--no-poll",
            "--conf-file=/dev/null",
            "--pid-file=",
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            f"--port={self.port}",
            *identity_options(),
            "--local=/test/",
            "--local=/in-addr.arpa/",
            "--local=/ip6.arpa/",
            "--local=/www/",  # single-label names the search-list tests ask as they are
            "--local-ttl=300",
            "--log-facility=-",
            *self.options,
        ]

    def __enter__(self) -> Dnsmasq:
        for _ in range(5):
            self.port = free_port()
            self.process = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.process.poll() is None:
                if _answers(self.port):
                    return self
            self._stop()
        self._log.seek(0)
        log = self._log.read().decode(errors="replace")
        self._log.close()
        raise RuntimeError(f"dnsmasq did not start: {log[-2000:]}")

    def _stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop()
        self._log.close()
