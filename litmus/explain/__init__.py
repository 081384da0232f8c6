"""Show and explain: witnesses, why an outcome is forbidden, between models, graphs.

- `witness.witnesses`: for each outcome, the execution behind it (execution.py);
- `why.explain`: for a forbidden outcome, the minimal rules and the chain or cycle;
- `graph`: DOT, SVG and Mermaid pictures of both;
- `render`: the text and JSON of all of them (the CLI's `--show`, `--why`, `--graph`).

`parse_condition` reads a condition given on the command line or to the API
(`--outcome`, `--why`, `Report.why`) against a test's observables.
"""

from __future__ import annotations

from litmus.errors import LitmusArgumentError
from litmus.lower import Test
from litmus.program import GO_OBSERVABLES
from litmus.report.condition import observables_in
from litmus.syntax import ast


def parse_condition(test: Test, text: str, option: str = "--why") -> ast.Condition:
    """The condition `text` (what goes inside `exists (...)`), checked against the test's observables."""
    from litmus.syntax.parser import parse

    if not isinstance(text, str) or not text.strip():
        raise LitmusArgumentError(f"{option} needs a condition, such as 'reader.r == 0'")
    file = parse(f"exists ({text})\n", option)  # a syntax error points into this text, named after the option
    if file.condition is None or file.decls or file.expects or file.locations:
        raise LitmusArgumentError(f"{option} {text!r}: give one condition, as inside exists (...)")
    goroutines = {g.name for g in test.program.all_goroutines()}
    known = set(test.program.observables) | (set(GO_OBSERVABLES) if test.program.go else set())
    for o in observables_in(file.condition.expr):
        if o.goroutine is None and o.name in ("race", "deadlock"):
            continue
        if o.goroutine is not None and o.name in ("out", "blocked", "panicked"):
            if o.goroutine in goroutines:
                continue
        elif str(o) in known:
            continue
        raise LitmusArgumentError(f"{option} {text!r}: {o} is no observable of test {test.name}; "
                                  f"the observables are: {', '.join(sorted(known))}")
    return file.condition
