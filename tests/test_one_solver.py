"""Search.run_shared (the race check in one solver for every combo; the
outcomes combo by combo, each outcome found carried into the next combos'
solvers) and the older search (one_solver=False) answer alike: same
outcomes, races, racy flag, completeness and notes; on the catalog and on
generated programs."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from litmus.api import load, shown_observables
from litmus.models import get_model
from litmus.solver.search import Search
from strategies import programs, sync_programs

CASES = sorted((Path(__file__).parent / "litmus_cases").glob("*.lit"))


def answers(test, model_name: str, one_solver: bool):
    r = Search(test, get_model(model_name), shown=shown_observables(test, False), one_solver=one_solver).run()
    return r.outcomes, r.races, r.racy_program, r.complete, r.notes


def same(test, model_name: str) -> None:
    assert answers(test, model_name, True) == answers(test, model_name, False)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_catalog(path: Path):
    same(load(path.read_text(), path.name), "go")


def test_outcomes_are_not_found_again():
    """MP through 4 hops: 16 combos (each hop sees its flag or not), 2 outcomes.
    Carried outcomes: each combo costs its one unsatisfiable call, plus a call
    per new outcome and the race check's; without them each combo finds its
    outcomes again and is checked for a skeleton and for races on its own."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from families import mp_chain

    test = load(mp_chain(4)[1], "mp")
    shared = Search(test, get_model("go"), shown=shown_observables(test, False)).run()
    alone = Search(test, get_model("go"), shown=shown_observables(test, False), one_solver=False).run()
    assert len(shared.outcomes) == 2 and shared.solver_calls <= 16 + 2 + 1 < alone.solver_calls


@settings(max_examples=int(os.environ.get("LITMUS_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_generated_programs(source):
    test = load(source, "generated.lit")
    for model in ("go", "relaxed-value"):
        same(test, model)


@settings(max_examples=int(os.environ.get("LITMUS_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(sync_programs())
def test_generated_sync_programs(source):
    test = load(source, "generated.lit")
    for model in ("go", "sc"):
        same(test, model)
