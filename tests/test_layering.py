"""The layering rule: a module imports only from its own layer or below, at import time.

Layers, lowest first: _errors, address, multiplex, streams, sockets, dns, then the
top-level package and the command line. Function-local imports are not import-time
edges (the one upward need, sockets resolving names through dns, is one of those).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import iolib

PACKAGE_ROOT = Path(iolib.__file__).parent

RANK = {
    "_errors": 0,
    "address": 1,
    "multiplex": 2,
    "streams": 3,
    "sockets": 4,
    "dns": 5,
    "_cli": 7,  # the command line is a user of the whole package
    "__init__": 7,
    "__main__": 7,
}


def _layer_of(module: str) -> str:
    """Return the layer name of a dotted iolib module name."""
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    return parts[1].removesuffix(".py")


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE_ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
        if len(parts) == 1:
            return "iolib"
    return ".".join(parts)


def _top_level_imports(tree: ast.Module, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Return (line, imported module) for every import executed when the module loads."""
    found: list[tuple[int, str]] = []

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                found.extend((node.lineno, a.name) for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".")
                    if not is_package:
                        base = base[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join([*base, node.module] if node.module else base)
                else:
                    target = node.module or ""
                found.append((node.lineno, target))
            elif isinstance(node, ast.If):
                # `if TYPE_CHECKING:` blocks never run
                test = node.test
                name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
                if name != "TYPE_CHECKING":
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(tree.body)
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE_ROOT.rglob("*.py"))


def test_no_module_imports_a_higher_layer() -> None:
    violations = []
    for path in _modules():
        module = _module_name(path)
        own = _layer_of(module)
        tree = ast.parse(path.read_text(), str(path))
        for line, target in _top_level_imports(tree, module, path.name == "__init__.py"):
            if target != "iolib" and not target.startswith("iolib."):
                continue
            other = _layer_of(target)
            if RANK.get(other, 99) > RANK.get(own, -1):
                violations.append(f"{path.relative_to(PACKAGE_ROOT)}:{line} imports {target}")
    assert not violations, "upward imports:\n" + "\n".join(violations)


def test_every_module_belongs_to_a_known_layer() -> None:
    unknown = {_layer_of(_module_name(p)) for p in _modules()} - set(RANK)
    assert not unknown


@pytest.mark.parametrize("layer", ["address", "streams", "multiplex", "sockets", "dns"])
def test_each_layer_imports_alone_in_a_fresh_interpreter(layer: str) -> None:
    code = f"import iolib.{layer} as m; print(len(m.__all__))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().isdigit()


@pytest.mark.parametrize("layer", ["address", "streams", "multiplex", "sockets", "dns"])
def test_layer_all_is_exported_without_private_names(layer: str) -> None:
    module = getattr(iolib, layer)
    for name in module.__all__:
        assert not name.startswith("_"), name
        assert getattr(module, name) is getattr(iolib, name), name
