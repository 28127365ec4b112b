"""Packages import only the layers below them: ingest → expectations → budget_warehouse (the
command). A module importing a package above its own fails here, naming the file and line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# each package and the packages it must not import (those above it)
ABOVE = {
    "ingest": {"expectations", "budget_warehouse", "bench"},
    "expectations": {"budget_warehouse", "bench"},
}


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("package", sorted(ABOVE))
def test_a_package_imports_nothing_above_it(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no modules under {package}/"
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {name}"
             for path in files for line, name in _imports(path)
             if name.split(".")[0] in ABOVE[package]]
    assert not wrong, "\n".join(wrong)
