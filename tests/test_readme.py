"""README.md's example and its output stay true."""

import re
from pathlib import Path

from litmus.api import check_test, load, models_for
from litmus.report.text import render

README = (Path(__file__).parent.parent / "README.md").read_text()


def test_readme_example_output():
    source = re.search(r"```go\n(.*?)```", README, re.S).group(1)
    shown = re.search(r"```\n(Test MP\+value.*?)```", README, re.S).group(1)
    test = load(source, "readme.lit")
    chosen = models_for(test, None)
    reports = [check_test(test, m, checked_models=tuple(x.name for x in chosen)) for m in chosen]
    text = "\n".join(render(r) for r in reports)
    # the README shows the output without file paths (races name lines only)
    assert text.strip() == shown.strip()


def test_readme_go_program_is_the_catalogs_and_loads_as_a_go_program():
    source = re.search(r"```go\n(package main\n.*?)```", README, re.S).group(1)
    catalog = (Path(__file__).parent / "go_programs" / "closing_channels" / "main.go").read_text()

    def code(text: str) -> list[str]:  # the lines that are not comments
        return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("//")]

    def question(text: str) -> list[str]:
        return [ln for ln in text.splitlines() if ln.startswith("// litmus:")]

    assert code(source) == code(catalog) and question(source) == question(catalog)
    assert load(source, "main.go").program.go
