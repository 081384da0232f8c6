"""The --json contract of spec/cli.md (field names fixed; extra fields allowed)."""

from __future__ import annotations

from litmus.report.report import Report
from litmus.report.condition import observables_in, value_of
from litmus.report.outcome import Outcome, Status
from litmus.syntax import ast
from litmus.program import GO_OBSERVABLES
from litmus.values import format_value, parse_value


def derived_state(o: Outcome, asked: list[ast.Observable]) -> dict[str, str]:
    """Observables the question names that are not variables: G.out, G.blocked,
    G.panicked, deadlock, race (spec/cli.md: `state` maps every shown observable)."""
    return {str(ob): format_value(value_of(ob, o)) for ob in asked
            if str(ob) not in dict(o.values)}


def outcome_json(o: Outcome, executions: int | None, asked: list[ast.Observable] = (), go: bool = False) -> dict:
    goroutines = {}
    for name, end in o.goroutines:
        g = {"status": end.status.label, "out": end.out}
        if end.status is Status.PANIC:
            g["panic"] = end.panic
        goroutines[name] = g
    state = dict(o.values) | derived_state(o, asked)
    out = {"state": dict(sorted(state.items())), "goroutines": goroutines, "status": o.status.label,
           "racy": o.racy, "executions": executions}
    if go:  # what a Go program printed and its exit status (null: not shown, or it never exits)
        values = o.value_map
        out |= {name: (None if values.get(name, "unset") == "unset" else parse_value(values[name]))
                for name in GO_OBSERVABLES}
    return out


def report_json(r: Report) -> dict:
    asked = observables_in(r.condition.expr) if r.condition is not None else []
    cond = None
    if r.condition is not None:
        cond = {"kind": r.condition.kind, "text": r.condition.text, "observation": r.observation,
                "positive": r.positive, "negative": r.negative}
    out = {
        "test": r.test,
        "file": r.file,
        "model": r.model,
        "complete": r.complete,
        "outcomes": [outcome_json(o, r.executions.get(o) if r.executions else None, asked, r.go)
                     for o in r.outcomes],
        "condition": cond,
        "races": [{"var": x.var,
                   "a": {"goroutine": x.a.goroutine, "line": x.a.line, "col": x.a.col, "kind": x.a.kind},
                   "b": {"goroutine": x.b.goroutine, "line": x.b.line, "col": x.b.col, "kind": x.b.kind}}
                  for x in r.races],
        "racy": r.racy,  # null: no race found, but the search was incomplete
        "expect": [{"model": e.model, "claim": e.claim, "holds": e.holds, "skipped": e.skipped}
                   for e in r.expects],
        "error": r.error,
        "notes": r.notes,
        "stats": {"seconds": round(r.seconds, 4), "solver_calls": r.solver_calls},
    }
    explained(r, out)
    return out


def explained(r: Report, out: dict) -> None:
    """litmus/explain's data, when asked (--show, --outcome, --why): `witness` per outcome
    (null for an outcome --outcome left out), `explanation`, `between`."""
    from litmus.explain.render import execution_json, explanation_json

    if r.witnesses is not None:
        for o, entry in zip(r.outcomes, out["outcomes"]):
            x = r.witnesses.get(o)
            entry["witness"] = execution_json(x) if x is not None else None
    if r.explanation is not None:
        out["explanation"] = explanation_json(r.explanation)
    if r.between:
        out["between"] = list(r.between)
