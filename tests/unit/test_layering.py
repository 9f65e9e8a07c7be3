"""The dependency rules of DESIGN.md, checked on the source."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# package -> first-party packages it may import (DESIGN.md, "Packages")
ALLOWED = {
    "core": set(),
    "sync": {"core"},
    "devices": {"core"},
    "terminal": {"core", "sync", "devices", "terminal"},
    "server": {"core", "sync", "server"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_core_imports_only_the_standard_library():
    """core's modules import each other relatively (``from .money import Money``) and
    nothing else but the standard library: not even ``kassa.core`` by name."""
    offenders = []
    for path in _sources("core"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top != "__future__" and top not in sys.stdlib_module_names:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level > 1:  # out of core
                offenders.append(f"{path.relative_to(ROOT)}: {'.' * node.level}{node.module}")
    assert offenders == []


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_what_design_allows(package):
    offenders = []
    for path in _sources(package):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "kassa" or len(parts) < 2 or parts[1] not in ALLOWED:
                continue
            if parts[1] != package and parts[1] not in ALLOWED[package]:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_kivy_is_imported_only_under_terminal_ui():
    offenders = []
    for package in ALLOWED:
        for path in _sources(package):
            if path.is_relative_to(ROOT / "terminal" / "ui"):
                continue
            if any(name.split(".")[0] == "kivy" for name in _imports(path)):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
