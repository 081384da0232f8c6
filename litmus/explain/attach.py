"""What the command line asks of litmus/explain, done for one file's reports.

Only runs when `--show`, `--outcome`, `--why` or `--graph` is given, or when
the checks of several models disagree on the question (then the rule that
makes the difference is named), so a plain check costs nothing more. Fills `Report.witnesses`, `Report.explanation`
and `Report.between` (litmus/api.py), which the text, JSON and graph writers
read.
"""

from __future__ import annotations

from litmus.errors import SolverUnknown, Timeout
from litmus.explain import parse_condition
from litmus.explain.render import between_line
from litmus.explain.why import explain
from litmus.explain.witness import witnesses
from litmus.lower import Test
from litmus.models import Model
from litmus.report.condition import evaluate
from litmus.solver.z3util import Budget
from litmus.syntax import ast


def forbidden_condition(r) -> ast.CondExpr | None:
    """What the test's question says is forbidden when it is: C for exists/~exists Never, !C for forall Always."""
    c = r.condition
    if c is None:
        return None
    if c.kind in ("exists", "~exists") and r.observation == "never":
        return c.expr
    if c.kind == "forall" and r.observation == "always":
        return ast.CondNot(c.expr)
    return None


def attach(test: Test, models: list[Model], reports: list, opts: dict) -> None:
    """Fill the reports; a timeout or a Z3 `unknown` while explaining is a note on the report (the
    check's answer stands), never an error."""
    try:
        _attach(test, models, reports, opts)
    except (Timeout, SolverUnknown) as e:
        for r in reports:
            if r.error is None:
                r.notes.append(f"the witnesses and explanations are incomplete: {e}")


def _attach(test: Test, models: list[Model], reports: list, opts: dict) -> None:
    show = set(opts.get("show") or ())
    graph = opts.get("graph") is not None
    want_witness = "witness" in show or opts.get("outcome") is not None or graph
    want_forbidden = "forbidden" in show or graph
    chosen = parse_condition(test, opts["outcome"], "--outcome") if opts.get("outcome") is not None else None
    asked = parse_condition(test, opts["why"], "--why") if opts.get("why") is not None else None
    budget = Budget(opts.get("timeout"))
    unroll = opts["unroll"]
    by_model: dict[str, object] = {}  # model -> explanation of the question
    for m, r in zip(models, reports):
        if r.error is not None:
            continue
        if want_witness and r.witnesses is None:  # (the command line's check collects them itself)
            wanted = (lambda o: evaluate(chosen.expr, o)) if chosen is not None else None
            r.witnesses = witnesses(test, m, unroll=unroll, shown=frozenset(r.shown), budget=budget,
                                    wanted=wanted, racy_program=r.racy_program if r.complete else None)
        if asked is not None:
            r.explanation = explain(test, m, asked, unroll=unroll, budget=budget, racy_program=r.racy_program)
            by_model[m.name] = r.explanation
        elif want_forbidden:
            expr = forbidden_condition(r)
            if expr is not None:
                text = r.condition.text if expr is r.condition.expr else f"!({r.condition.text})"
                r.explanation = explain(test, m, expr, unroll=unroll, budget=budget, text=text,
                                        racy_program=r.racy_program, forbidden=r.complete)
    if len(models) < 2:
        return
    if asked is not None:  # --why C: each model's explanation of C says whether it permits C
        question, text = asked.expr, asked.text
    elif test.condition is not None and test.condition.kind in ("exists", "~exists"):
        question, text = test.condition.expr, test.condition.text
        # the checks already answered the question: only a model that forbids it is explained
        for m, r in zip(models, reports):
            if r.error is None and r.complete and r.observation in ("sometimes", "always"):
                by_model.setdefault(m.name, Permitted())
    else:
        return
    for m, r in zip(models, reports):
        if m.name not in by_model and r.error is None:
            done = r.explanation if r.explanation is not None and r.explanation.condition == text else None
            by_model[m.name] = done or explain(test, m, question, unroll=unroll, budget=budget, text=text,
                                               racy_program=r.racy_program)
    for p, rp in zip(models, reports):
        e = by_model.get(p.name)
        if e is None or not e.permitted:
            continue
        for f, rf in zip(models, reports):
            ef = by_model.get(f.name)
            if ef is not None and not ef.permitted:
                rp.between.append(between_line(p, f, ef, shown=rf.explanation is ef))


class Permitted:
    """A model whose complete check found an outcome the question asks for."""

    permitted = True


def models_differ(reports: list) -> bool:
    """Whether complete checks of one question under several models disagree on
    whether it can happen: then `--all-models` names the rule that makes the
    difference (without --show or --why; issue 11, "between models")."""
    seen = {r.observation == "never" for r in reports if r.error is None and r.complete and r.observation}
    return len(seen) == 2
