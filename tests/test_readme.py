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
