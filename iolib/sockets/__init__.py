"""iolib.sockets (being built: see the project's issues)."""

from __future__ import annotations

__all__: list[str] = []
