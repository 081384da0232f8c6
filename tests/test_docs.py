"""The reference in docs/ stays true to the code: its examples load, every
command-line option and every model is documented, README's links resolve."""

import re
from pathlib import Path

import pytest

from litmus.api import check_test, load, models_for
from litmus.cli import build_parser
from litmus.models import models

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"


def code_blocks(text: str, langs: tuple[str, ...]) -> list[tuple[int, str]]:
    """(line, body) of every fenced block whose info string is one of `langs`."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(2))
            for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.S | re.M) if m.group(1) in langs]


def is_complete_test(body: str) -> bool:
    """A whole test, not a fragment: it has a condition or a goroutine.
    A block whose first line is `// error:` shows bad input on purpose."""
    if body.lstrip().startswith("// error:"):
        return False
    return bool(re.search(r"^\s*(exists|~exists|forall)\s*\(|^\s*(go )?func (main|init|\w+)\(", body, re.M))


LANGUAGE = (DOCS / "language.md").read_text()
EXAMPLES = [(line, body) for line, body in code_blocks(LANGUAGE, ("go", "lit")) if is_complete_test(body)]


def test_language_has_examples():
    assert len(EXAMPLES) >= 8


def example_name(line: int, body: str) -> str:
    """A Go program (`package main` before any code) is read as a .go file."""
    go = re.match(r"(\s*//[^\n]*\n)*\s*package\s", body) is not None
    return f"docs/language.md:{line}" + (".go" if go else "")


@pytest.mark.parametrize("line,body", EXAMPLES, ids=[f"language.md:{line}" for line, _ in EXAMPLES])
def test_language_example_loads(line, body):
    test = load(body, example_name(line, body))
    assert test.program.go == example_name(line, body).endswith(".go")


@pytest.mark.parametrize("line,body", EXAMPLES, ids=[f"language.md:{line}" for line, _ in EXAMPLES])
def test_language_example_expectations_hold(line, body):
    """What the page says an example does is what litmus answers."""
    test = load(body, example_name(line, body))
    chosen = models_for(test, None)
    for m in chosen:
        report = check_test(test, m, checked_models=tuple(x.name for x in chosen))
        assert report.complete, (line, m.name)
        assert all(e.holds for e in report.expects if not e.skipped), (line, m.name, report.expects)


def test_error_marker_is_recognised():
    assert not is_complete_test("// error: no goroutine\ngo func P() {}\n")
    assert is_complete_test("var x int\ngo func P() { x = 1 }\n")


def cli_options() -> set[str]:
    """Every option string the parser and its subcommands define."""
    import argparse

    found, todo = set(), [build_parser()]
    while todo:
        p = todo.pop()
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo.extend(action.choices.values())
                found.update(action.choices)  # the subcommand names
            found.update(o for o in action.option_strings if o not in ("-h", "--help"))
    return found


def test_every_cli_option_is_documented():
    cli = (DOCS / "cli.md").read_text()
    options = cli_options()
    assert {"check", "models", "--json", "-j"} <= options
    missing = sorted(o for o in options if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", cli))
    assert not missing, f"docs/cli.md does not mention {missing}"


def test_every_model_is_named_in_semantics():
    semantics = (DOCS / "semantics.md").read_text()
    missing = [m for m in models() if f"`{m}`" not in semantics]
    assert not missing, f"docs/semantics.md does not name {missing}"


def test_readme_links_resolve():
    readme = (ROOT / "README.md").read_text()
    links = [t for t in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme) if "://" not in t]
    assert any(t.startswith("docs/") for t in links)
    broken = [t for t in links if not (ROOT / t).exists()]
    assert not broken, f"README.md links to missing files {broken}"
    assert "../shared" not in readme, "a clone has no ../shared: link docs/ instead"
