"""The --json contract of spec/cli.md (field names fixed; extra fields allowed)."""

from __future__ import annotations

from litmus.api import Report
from litmus.report.outcome import Outcome, Status


def outcome_json(o: Outcome, executions: int | None) -> dict:
    goroutines = {}
    for name, end in o.goroutines:
        g = {"status": end.status.label, "out": end.out}
        if end.status is Status.PANIC:
            g["panic"] = end.panic
        goroutines[name] = g
    return {"state": dict(o.values), "goroutines": goroutines, "status": o.status.label,
            "racy": o.racy, "executions": executions}


def report_json(r: Report) -> dict:
    cond = None
    if r.condition is not None:
        cond = {"kind": r.condition.kind, "text": r.condition.text, "observation": r.observation,
                "positive": r.positive, "negative": r.negative}
    return {
        "test": r.test,
        "file": r.file,
        "model": r.model,
        "complete": r.complete,
        "outcomes": [outcome_json(o, r.executions.get(o) if r.executions else None) for o in r.outcomes],
        "condition": cond,
        "races": [{"var": x.var,
                   "a": {"goroutine": x.a.goroutine, "line": x.a.line, "col": x.a.col, "kind": x.a.kind},
                   "b": {"goroutine": x.b.goroutine, "line": x.b.line, "col": x.b.col, "kind": x.b.kind}}
                  for x in r.races],
        "racy": r.racy_program,
        "expect": [{"model": e.model, "claim": e.claim, "holds": e.holds, "skipped": e.skipped}
                   for e in r.expects],
        "error": r.error,
        "notes": r.notes,
        "stats": {"seconds": round(r.seconds, 4), "solver_calls": r.solver_calls},
    }
