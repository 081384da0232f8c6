"""The library API: parse, check, and the Report a check returns.

    litmus.check(source, *, model="go", unroll=4, engine="z3") -> Report
    litmus.check_file(path, *, model="go", unroll=4) -> Report
    litmus.parse(source) -> ast.File

A `Report` is one (test, model): the permitted outcomes, the question's
observation, races and expectations. The CLI only formats Reports.
`report.witness(outcome)` gives an execution behind an outcome and
`report.why("G.r == 0")` why the model forbids (or permits) one
(litmus/explain).

Every error the API raises is a `LitmusError`: bad source text (with its
position), an unreadable file, and bad arguments (`LitmusArgumentError`,
whose subclass `ModelError` is an unknown model).
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from litmus.errors import LitmusError, SolverUnknown, StateSpaceTooLarge, Timeout
from litmus.files import read_source  # noqa: F401  (part of the API)
from litmus.options import valid_timeout, valid_unroll  # noqa: F401  (part of the API)
from litmus.lower import Test, lower
from litmus.program import GO_OBSERVABLES
from litmus.models import Model, get_model, models
from litmus.report.condition import evaluate, observation, observables_of
from litmus.report.outcome import Status
from litmus.report.report import ExpectResult, Report  # noqa: F401  (part of the API)
from litmus.engine import run as run_engine, valid_engine
from litmus.solver.search import ModelResult, Race
from litmus.solver.z3util import Budget
from litmus.syntax import ast
from litmus.syntax.parser import parse as _parse


def parse(source: str, filename: str = "<input>") -> ast.File:
    return _parse(source, filename)


def load(source: str, filename: str = "<input>") -> Test:
    """Parse and check a test; LitmusError (with file and source) on bad input."""
    try:
        file = _parse(source, filename)
        if not isinstance(source, str):  # bytes: the parser decoded and checked them
            source = source.decode("utf-8")
        name = file.name or Path(filename).stem
        return replace(lower(file, name, filename), source=source)
    except LitmusError as e:  # bytes were decoded by the parser, which kept the text
        raise e.with_file(filename, source if isinstance(source, str) else e.source) from None


def models_for(test: Test, model: str | None, all_models: bool = False) -> list[Model]:
    """`--model M`: M only; otherwise go plus every model an expect line names."""
    if all_models:
        return list(models().values())
    if model is not None:
        return [get_model(model)]
    names = ["go"] + [e.model for e in test.expects if e.model != "go"]
    seen = list(dict.fromkeys(names))
    return [get_model(n) for n in seen]


def shown_observables(test: Test, all_observables: bool) -> frozenset[str] | None:
    """The condition's observables plus `locations`; everything when neither (or asked)."""
    if all_observables:
        return None
    names = set(test.locations)
    if test.condition is not None:
        names |= observables_of(test.condition.expr)
    names = {n for n in names if n not in ("race", "deadlock") and not n.endswith(
        (".out", ".blocked", ".panicked"))}
    if not names and test.condition is None and not test.locations:
        return None
    if test.program.go:  # its exit status is always shown; what it printed, when asked or listed
        names.add("exit")
    return frozenset(names)


def check_test(test: Test, model: Model, *, filename: str = "<input>", unroll: int = 4,
               timeout: float | None = None, all_observables: bool = False,
               count_executions: bool = False, checked_models: tuple[str, ...] | None = None,
               engine: str = "z3", deadline: float | None = None, on_outcome=None) -> Report:
    """`engine`: "z3" or "reference" (litmus/engine.py); the Report is the same kind either way.
    `deadline`: a time.monotonic() value where the `timeout` seconds end, when they
    started before this call (the command line's models of one file share them).
    `on_outcome`: engine.run's, to collect witnesses during the check (explain.witness.Collector)."""
    valid_engine(engine, count_executions)
    shown = shown_observables(test, all_observables)
    budget = Budget(timeout, deadline if timeout is not None else None)
    t0 = time.monotonic()
    error = None
    try:
        result = run_engine(test, model, engine=engine, unroll=unroll, budget=budget, shown=shown,
                            count_executions=count_executions, on_outcome=on_outcome)
    except (Timeout, SolverUnknown, StateSpaceTooLarge) as e:  # inconclusive (exit 3)
        result, error = _empty(model), str(e)
    except LitmusError as e:  # a size limit the search found (litmus/limits.py): bad input, exit 2
        raise e.with_file(filename, test.source) from None
    complete = result.complete and error is None
    pos = neg = 0
    for o in result.outcomes:
        if o.status is Status.CUT:
            continue
        if test.condition is not None:
            if evaluate(test.condition.expr, o):
                pos += 1
            else:
                neg += 1
    obs = observation(pos, neg, complete) if test.condition is not None else None
    expects = []
    checked = checked_models or (model.name,)
    for e in test.expects:
        if e.model != model.name:
            if e.model not in checked:
                expects.append(ExpectResult(e.model, e.claim, None, skipped=True, line=e.span.line))
            continue
        expects.append(ExpectResult(e.model, e.claim, expect_holds(e.claim, obs, result, complete),
                                    line=e.span.line))
    notes = list(result.notes) + tearing_notes(test, result.races)
    shown_names = tuple(sorted(shown if shown is not None else
                               set(test.program.observables) | (set(GO_OBSERVABLES) if test.program.go else set())))
    return Report(test.name, filename, model.name, complete, result.outcomes, test.condition, pos, neg, obs,
                  result.races, result.racy_program, expects, test.goroutine_names, shown_names,
                  result.executions, notes, error, time.monotonic() - t0, budget.calls, test.program.go,
                  checked=(test, model), unroll=unroll)


def tearing_notes(test: Test, races: list[Race]) -> list[str]:
    """spec/semantics.md: interface values are single values here; say that Go may
    tear them (a racy string read lists its torn values instead: values.TORN)."""
    shared = test.program.shared_by_name
    torn = sorted({r.var for r in races if shared[r.var].type == "any"})
    return [f"{v} is a {shared[v].type} with a data race: litmus treats it as one value, "
            f"but in Go a racy multi-word value may tear (go.dev/ref/mem, Implementation Restrictions)"
            for v in torn]


def expect_holds(claim: str, obs: str | None, result: ModelResult, complete: bool) -> bool | None:
    if claim in ("racy", "race-free"):
        if result.racy_program:
            return claim == "racy"
        return (claim == "race-free") if complete else None
    if obs is None or obs == "unknown":
        return None
    return obs == claim


def _empty(model: Model) -> ModelResult:
    return ModelResult(model.name, [], [], False, False)


def check(source: str, *, model: str = "go", unroll: int = 4, filename: str = "<input>",
          timeout: float | None = None, all_observables: bool = False,
          count_executions: bool = False, engine: str = "z3") -> Report:
    """Check litmus source text under one model, with the z3 or the reference engine."""
    unroll, timeout = valid_unroll(unroll), valid_timeout(timeout)
    valid_engine(engine, count_executions)
    test = load(source, filename)
    return check_test(test, get_model(model), filename=filename, unroll=unroll, timeout=timeout,
                      all_observables=all_observables, count_executions=count_executions, engine=engine)


def check_file(path: str | Path, *, model: str = "go", unroll: int = 4, **kw) -> Report:
    path = Path(path)
    return check(read_source(path), model=model, unroll=unroll, filename=str(path), **kw)
