"""Human output, in the spirit of herd7: the outcomes, the condition with its
observation, races, expectations, and a final greppable Observation line."""

from __future__ import annotations

from litmus.report.report import Report
from litmus.report.condition import observables_of
from litmus.report.outcome import Outcome, Status
from litmus.values import go_quote


def outcome_line(o: Outcome, executions: int | None = None, asked: frozenset[str] = frozenset()) -> str:
    """One outcome; `asked` names the observables the question mentions, whose
    output is shown even when empty."""
    parts = [f"{k}={v}" for k, v in o.values]
    for name, end in o.goroutines:
        if end.status is Status.PANIC:
            parts.append(f"{name}:panic({end.panic})")
        elif end.status is not Status.OK:
            parts.append(f"{name}:{end.status.label}")
        if end.out or f"{name}.out" in asked:
            parts.append(f"{name}.out={go_quote(end.out)}")
    if o.racy:
        parts.append("[racy]")
    if executions is not None:
        parts.append(f"({executions} executions)")
    return "  " + ("  ".join(parts) if parts else "(no observables)")


def render(r: Report, *, quiet: bool = False) -> str:
    if quiet:
        return quiet_line(r)
    lines = [f"Test {r.test}  model {r.model}"]
    if r.error:
        lines.append(f"Inconclusive: {r.error}")
    lines.append(f"Outcomes: {len(r.outcomes)}" + ("" if r.complete else " (incomplete)"))
    asked = frozenset(observables_of(r.condition.expr)) if r.condition is not None else frozenset()
    for o in r.outcomes:
        lines.append(outcome_line(o, r.executions.get(o) if r.executions else None, asked))
    if r.condition is not None:
        obs = (r.observation or "").capitalize()
        lines.append(f"Condition {r.condition.kind} ({r.condition.text}): {obs} "
                     f"({r.positive} of {r.positive + r.negative})")
    if r.races:
        lines.append(f"Races: {len(r.races)}")
        for race in r.races:
            lines.append(f"  {race.var}: {race.a.goroutine} {race.a.kind} at {race.a.line}:{race.a.col}"
                         f"  vs  {race.b.goroutine} {race.b.kind} at {race.b.line}:{race.b.col}")
    else:
        lines.append("Races: none" if r.racy is False else "Races: none found (incomplete)")
    for e in r.expects:
        what = f"Expect {e.claim}" + (f" under {e.model}" if e.model != "go" else "")
        verdict = "skipped" if e.skipped else {True: "ok", False: "FAILED", None: "undecided"}[e.holds]
        lines.append(f"{what}: {verdict}")
    for note in r.notes:
        lines.append(f"Note: {note}")
    if r.observation:
        lines.append(f"Observation {r.test} {r.observation.capitalize()} {r.positive} {r.negative}")
    return "\n".join(line for line in lines if line != "") + "\n"


def quiet_line(r: Report) -> str:
    exp = " ".join(f"{e.claim}{'@' + e.model if e.model != 'go' else ''}:"
                   f"{'skip' if e.skipped else {True: 'ok', False: 'FAIL', None: '?'}[e.holds]}"
                   for e in r.expects)
    obs = r.observation or {True: "racy", False: "race-free", None: "unknown"}[r.racy]
    if r.error:
        obs = "inconclusive"
    return f"{r.test:<32} {r.model:<14} {obs:<10} {exp}\n"
