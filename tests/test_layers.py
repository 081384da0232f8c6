"""Layering: the report formats what a check made and never reaches back up
into the API or the command line (issue 8: report/ imported api.Report while
api imported report, a cycle the CLI had to work around)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LITMUS = Path(__file__).resolve().parent.parent / "litmus"

# package -> modules it must not import, at any depth of its files
FORBIDDEN = {
    "report": ("litmus.api", "litmus.cli"),
    "solver": ("litmus.api", "litmus.cli", "litmus.report.text", "litmus.report.json", "litmus.explain"),
    "reference": ("litmus.api", "litmus.cli", "litmus.solver", "litmus.explain"),
}


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_upward_imports(package):
    bad = []
    for path in sorted((LITMUS / package).glob("*.py")):
        for name in sorted(imports(path)):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[package]):
                bad.append(f"{path.relative_to(LITMUS.parent)} imports {name}")
    assert not bad, bad
