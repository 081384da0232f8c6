"""The two engines behind one result: `run(test, model, engine=...)` -> ModelResult.

`z3` (the default) is the solver search (litmus/solver/search.py); `reference`
is the explicit enumerator the test suite cross-checks it with
(litmus/reference). Both give a ModelResult, so a Report and its rendering
are the same whichever engine ran (`litmus check --engine reference`).

What the reference cannot give is refused or said, never made up:
--count-executions is refused (ENGINE_UNSUPPORTED); a search beyond the
reference's step limit raises StateSpaceTooLarge, which the API turns into an
inconclusive result (docs/cli.md, --engine). The notes are the Z3 engine's,
each found by the reference's own search.
"""

from __future__ import annotations

from litmus.errors import Diagnostic, LitmusArgumentError, LitmusError
from litmus.lower import Test
from litmus.models import Model
from litmus.report.outcome import Status
from litmus.solver.search import CUT_NOTE, Access, early_return_note, ModelResult, Race, Search
from litmus.solver.z3util import Budget

ENGINES = ("z3", "reference")

# option -> why the reference engine cannot honour it
ENGINE_UNSUPPORTED = {"count_executions": "--count-executions is not supported with --engine reference "
                                          "(the reference lists outcomes, it does not count executions)"}


def valid_engine(engine: object, count_executions: bool = False) -> str:
    """The engine's name, or LitmusArgumentError (also for an option it cannot honour)."""
    if engine not in ENGINES:
        raise LitmusArgumentError(f"unknown engine {engine!r}; the engines are: {', '.join(ENGINES)}")
    if engine == "reference" and count_executions:
        raise LitmusArgumentError(ENGINE_UNSUPPORTED["count_executions"])
    return engine


def run(test: Test, model: Model, *, engine: str = "z3", unroll: int, budget: Budget,
        shown: frozenset[str] | None, count_executions: bool = False, on_outcome=None) -> ModelResult:
    """What `model` permits for `test`, by `engine`. Timeout and the reference's
    StateSpaceTooLarge propagate; a program the reference cannot run is a LitmusError.
    `on_outcome` (z3): Search.on_outcome, for a search that finds every outcome with a
    model of its own (no symmetry reduction: litmus/explain's witnesses)."""
    valid_engine(engine, count_executions)
    if engine == "z3":
        search = Search(test, model, unroll=unroll, budget=budget, shown=shown,
                        count_executions=count_executions, symmetric=on_outcome is None)
        search.on_outcome = on_outcome
        return search.run()
    from litmus.reference import UnsupportedProgram, reference_outcomes

    try:
        ref = reference_outcomes(test, model, unroll=unroll, shown=shown, deadline=budget.check)
    except UnsupportedProgram as e:
        raise LitmusError(Diagnostic(f"{e}", code="engine",
                                     hint="check this test with --engine z3")) from None
    outcomes = sorted(ref.outcomes)
    notes = [early_return_note(sorted(ref.early))] if ref.early else []
    if any(o.status is Status.CUT for o in outcomes):
        notes.append(CUT_NOTE)
    races = sorted(Race(var, Access(*a), Access(*b)) for var, a, b in ref.races)
    return ModelResult(model.name, outcomes, races, ref.racy_program, ref.complete, None, notes)
