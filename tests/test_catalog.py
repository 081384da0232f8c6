"""The catalog: every case's expectations hold, and its full output matches
its golden file (`pytest --update-goldens` rewrites them; review the diff)."""

import re
from pathlib import Path

import pytest

from litmus.api import check_test, load, models_for
from litmus.report.text import render

CASES = Path(__file__).parent / "litmus_cases"
FILES = sorted(CASES.glob("*.lit"))


def full_output(path: Path) -> tuple[str, list]:
    test = load(path.read_text(encoding="utf-8"), path.name)
    chosen = models_for(test, None)
    names = tuple(m.name for m in chosen)
    reports = [check_test(test, m, filename=path.name, checked_models=names) for m in chosen]
    return "\n".join(render(r) for r in reports), reports


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_case(path: Path, update_goldens: bool):
    text, reports = full_output(path)
    for r in reports:
        assert r.error is None, r.error
        for e in r.expects:
            if not e.skipped:
                assert e.holds is True, f"{path.name}: expect {e.claim} under {e.model}: {e.holds}\n{text}"
    golden = path.with_suffix(".expected")
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden for {path.name}: run pytest --update-goldens and review it"
    assert text == golden.read_text(encoding="utf-8")


def test_catalog_is_large_enough():
    assert len(FILES) >= 35


def test_catalog_readme_lists_every_file():
    """The catalog's table has one row per .lit file, in file-name order."""
    readme = (FILES[0].parent / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+\.lit)` \|", readme, re.M)
    assert rows == sorted(p.name for p in FILES)
