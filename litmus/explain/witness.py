"""Witnesses: for each outcome, one execution that produces it.

The search (litmus/solver/search.py) finds every outcome from a Z3 model of
one combo's encoding; `Search.on_outcome` hands us that model the first time
each outcome appears, and `execution.execution` reads the execution from it.
So a witness costs one search of the test, whatever the number of outcomes,
and is the very execution behind the outcome, not a second guess.
"""

from __future__ import annotations

from litmus.explain.execution import Execution, execution, fresh_model
from litmus.lower import Test
from litmus.models import Model
from litmus.report.outcome import Outcome
from litmus.solver.search import Search
from litmus.solver.z3util import Budget


def witnesses(test: Test, model: Model, *, unroll: int = 4, shown: frozenset[str] | None = None,
              budget: Budget | None = None, wanted=None, racy_program: bool | None = None) -> dict[Outcome, Execution]:
    """outcome -> an execution producing it, for every outcome `wanted(outcome)` accepts (all by default).
    `racy_program`: the complete check's race verdict, which spares the search its race check."""
    # every outcome found directly (the symmetry reduction finds some as images, with no model)
    search = Search(test, model, unroll=unroll, shown=shown, budget=budget, symmetric=False,
                    racy_program=racy_program)
    search.on_outcome = collector = Collector(test, wanted)
    search.run()
    return collector.witnesses()


class Collector:
    """A Search.on_outcome hook: the witness of each outcome `wanted` accepts, read
    from the model the search found it with. Given to the check's own search
    (api.check_test `on_outcome`), it makes `--show witness` cost no second search."""

    def __init__(self, test: Test, wanted=None):
        self.test, self.wanted = test, wanted
        self.found: dict[Outcome, Execution] = {}

    def __call__(self, combo, enc, m, outcome, terms) -> None:
        if outcome not in self.found and (self.wanted is None or self.wanted(outcome)):
            self.found[outcome] = witness_of(enc, m, terms, self.test.source)

    def witnesses(self) -> dict[Outcome, Execution]:
        return dict(sorted(self.found.items()))  # in the report's order of outcomes


def witness_of(enc, m, terms, source: str | None) -> Execution:
    """The execution behind the outcome model `m` of `enc` found: the outcome's terms fixed to
    their values, solved again in a fresh context so that the same witness comes every run."""
    fixed = [t == m.eval(t, model_completion=True) for t in terms]
    fresh = fresh_model(list(enc.constraints) + fixed)
    assert fresh is not None, "the search's model satisfies these constraints"
    return execution(enc, fresh, source)


def quote(quotes: dict[str, str], rule: str) -> str:
    q = quotes.get(rule, "")
    return f'"{q}"' if q else "(no sentence)"


def model_quotes(model: Model) -> dict[str, str]:
    return {r.name: r.quote for r in model.sync + model.axioms}
