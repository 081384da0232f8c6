"""Witnesses: for each outcome, one execution that produces it.

The search (litmus/solver/search.py) finds every outcome from a Z3 model of
one combo's encoding; `Search.on_outcome` hands us that model the first time
each outcome appears, and `execution.execution` reads the execution from it.
So a witness costs one search of the test, whatever the number of outcomes,
and is the very execution behind the outcome, not a second guess.
"""

from __future__ import annotations

from litmus.explain.execution import Execution, execution
from litmus.lower import Test
from litmus.models import Model
from litmus.report.outcome import Outcome
from litmus.solver.search import Search
from litmus.solver.z3util import Budget


def witnesses(test: Test, model: Model, *, unroll: int = 4, shown: frozenset[str] | None = None,
              budget: Budget | None = None, wanted=None) -> dict[Outcome, Execution]:
    """outcome -> an execution producing it, for every outcome `wanted(outcome)` accepts (all by default)."""
    search = Search(test, model, unroll=unroll, shown=shown, budget=budget)
    found: dict[Outcome, Execution] = {}

    def seen(combo, enc, m, outcome):
        if outcome not in found and (wanted is None or wanted(outcome)):
            found[outcome] = execution(enc, m, test.source)

    search.on_outcome = seen
    search.run()
    return found


def render_witness(x: Execution, quotes: dict[str, str]) -> list[str]:
    """The text of a witness, in Go terms; `quotes`: rule name -> the Go document's sentence."""
    steps = x.steps
    lines = []
    if x.interleaving:
        lines.append("  An interleaving" + (" (the program is race-free: by DRF-SC its outcomes are those of "
                                            "its interleavings)" if x.model != "sc" else "") + ":")
    read_from = {e.dst: e.src for e in x.rf if e.kind == "rf"}
    len_from = {e.dst: e.src for e in x.rf if e.kind == "rf-len"}
    for g, gsteps in x.goroutines:
        lines.append(f"  {g}:")
        for s in gsteps:
            if s.kind in ("START", "END"):
                continue
            text = f"    {s.line}:{s.col}".ljust(12) + f"{s.code:<28} {s.action}"
            if s.key in read_from:
                text += f"  ({_source(steps[read_from[s.key]])})"
            if s.key in len_from and len_from[s.key] != read_from.get(s.key):
                text += f"  (its length word {_source(steps[len_from[s.key]])})"
            lines.append(text.rstrip())
    sync = [steps[k] for k in x.sync_order if steps[k].kind not in ("START", "END")]
    if sync:
        what = "Interleaving order" if x.interleaving else "Synchronization order"
        lines.append(f"  {what}: " + " < ".join(f"{s.goroutine} {s.line}:{s.col}" for s in sync))
    if x.sw:
        lines.append("  Happens-before edges besides program order:")
        for e in x.sw:
            lines.append(f"    {steps[e.src].label} -> {steps[e.dst].label}  [{e.rule}]")
    if x.races:
        lines.append("  Races in this execution:")
        for a, b in x.races:
            lines.append(f"    {steps[a].label} and {steps[b].label}: unordered by happens-before")
    else:
        lines.append("  Races in this execution: none")
    lines.extend(rule_lines(sorted({e.rule for e in x.sw}), quotes))
    return lines


def _source(w) -> str:
    return "the initial value" if w.kind == "INIT" else f"from {w.where}"


def rule_lines(rules, quotes: dict[str, str]) -> list[str]:
    """Each cited rule once, with the Go document's sentence."""
    return [f"  [{r}] {quote(quotes, r)}" for r in rules]


def quote(quotes: dict[str, str], rule: str) -> str:
    q = quotes.get(rule, "")
    return f'"{q}"' if q else "(no sentence)"


def model_quotes(model: Model) -> dict[str, str]:
    return {r.name: r.quote for r in model.sync + model.axioms}
