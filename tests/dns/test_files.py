"""The module attributes that name the files, and how lookups read them."""

from __future__ import annotations

from pathlib import Path

import pytest

import iolib.dns
from iolib.dns import Service, lookup_service
from iolib.dns._files import DEFAULT_PATHS, initial_path, resolv_conf


@pytest.mark.parametrize("attribute", sorted(DEFAULT_PATHS))
def test_initial_path_from_environment(attribute: str, monkeypatch: pytest.MonkeyPatch) -> None:
    variable, default = DEFAULT_PATHS[attribute]
    monkeypatch.delenv(variable, raising=False)
    assert initial_path(attribute) == default
    monkeypatch.setenv(variable, "/somewhere/else")
    assert initial_path(attribute) == "/somewhere/else"


def test_path_like_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services = tmp_path / "services"
    services.write_text("finger 79/tcp\n")
    monkeypatch.setattr(iolib.dns, "services_file", services)
    assert lookup_service("finger") == Service(79, "finger", "tcp")


def test_non_path_is_a_type_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(iolib.dns, "resolv_conf_file", 42)
    with pytest.raises(TypeError):
        resolv_conf()


def test_resolv_conf_reload(name_files: dict[str, Path]) -> None:
    name_files["resolv_conf_file"].write_text("options ndots:2\n")
    assert resolv_conf().ndots == 2
    name_files["resolv_conf_file"].write_text("options ndots:3 rotate\n")
    assert resolv_conf().ndots == 3
    assert resolv_conf().rotate
