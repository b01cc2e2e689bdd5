"""The package surface: importable layers, the error root, the command line."""

from __future__ import annotations

import pytest

import iolib
from iolib._cli import main


def test_every_layer_is_a_subpackage() -> None:
    for name in ("address", "streams", "sockets", "dns", "multiplex"):
        assert getattr(iolib, name).__name__ == f"iolib.{name}"


def test_top_level_all_is_the_union_of_the_layers() -> None:
    expected = {"IolibError", "__version__"}
    for layer in (iolib.address, iolib.streams, iolib.multiplex, iolib.sockets, iolib.dns):
        expected.update(layer.__all__)
    assert set(iolib.__all__) == expected
    for name in iolib.__all__:
        assert hasattr(iolib, name), name


def test_iolib_error_is_an_exception() -> None:
    assert issubclass(iolib.IolibError, Exception)


def test_cli_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"iolib {iolib.__version__}"


def test_cli_without_command_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err
