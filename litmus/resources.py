"""The one place that finds the files litmus ships besides its code.

`grammar/` sits at the top of the checkout and is mapped into the wheel as
`litmus/_grammar` (pyproject.toml); the models live in `litmus/models/`, the
parse tables generated from the grammar in `litmus/parse_tables.json`
(litmus.syntax.tables).
Everything else asks this module, so an installed wheel works outside the
checkout.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def grammar_dir() -> Path:
    for candidate in (_PACKAGE / "_grammar", _PACKAGE.parent / "grammar"):
        if (candidate / "litmus.lark").is_file():
            return candidate
    raise FileNotFoundError("litmus grammar not found: the installation is incomplete")


def grammar_text(name: str = "litmus.lark") -> str:
    return (grammar_dir() / name).read_text(encoding="utf-8")


def parse_tables_path() -> Path:
    return _PACKAGE / "parse_tables.json"


def models_dir() -> Path:
    return _PACKAGE / "models"
