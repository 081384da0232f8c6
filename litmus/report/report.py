"""The Report one check returns: one (test, model), its permitted outcomes, the
question's observation, races and expectations. The command line and the API
only format Reports (litmus/report/text.py, json.py); litmus/api.py makes them.
`witness()` and `why()` reach into litmus/explain when asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from litmus.errors import LitmusArgumentError
from litmus.report.outcome import Outcome
from litmus.syntax import ast

if TYPE_CHECKING:  # types only: the report does not load the lowering or the solver
    from litmus.lower import Test
    from litmus.models import Model
    from litmus.solver.search import Race


@dataclass(frozen=True, slots=True)
class ExpectResult:
    model: str
    claim: str
    holds: bool | None  # None: undecided (incomplete search) or skipped
    skipped: bool = False
    line: int = 0


@dataclass
class Report:
    """Everything one model permits for one test."""

    test: str
    file: str
    model: str
    complete: bool
    outcomes: list[Outcome]
    condition: ast.Condition | None
    positive: int
    negative: int
    observation: str | None  # never / sometimes / always / unknown; None without condition
    races: list[Race]
    racy_program: bool
    expects: list[ExpectResult]
    goroutines: tuple[str, ...]
    shown: tuple[str, ...]
    executions: dict[Outcome, int] | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None  # "timeout" / "unknown: ..." when inconclusive
    seconds: float = 0.0
    solver_calls: int = 0
    go: bool = False  # a .go program: its outcomes carry stdout, stderr and exit
    # litmus/explain, filled when asked (--show, --why): outcome -> its Execution, an Explanation,
    # and the between-models lines
    witnesses: dict | None = None
    explanation: object | None = None
    between: list[str] = field(default_factory=list)
    checked: tuple[Test, Model] | None = field(default=None, repr=False, compare=False)  # for witness(), why()
    unroll: int = 4

    def witness(self, outcome: Outcome):
        """One execution that produces `outcome` (one of `outcomes`): a litmus.explain.execution.Execution."""
        from litmus.explain.witness import witnesses

        if outcome not in self.outcomes:
            raise LitmusArgumentError(f"{outcome} is not an outcome of {self.test} under {self.model}")
        if self.witnesses is None or outcome not in self.witnesses:
            test, model = self._checked()
            found = witnesses(test, model, unroll=self.unroll, shown=frozenset(self.shown),
                              wanted=lambda o: o == outcome, racy_program=self.racy_program if self.complete else None)
            self.witnesses = {**(self.witnesses or {}), **found}
        return self.witnesses[outcome]

    def why(self, condition_text: str):
        """Why the model forbids the outcomes `condition_text` describes (as inside exists (...)):
        a litmus.explain.why.Explanation (`permitted` when some execution has it)."""
        from litmus.explain import parse_condition
        from litmus.explain.why import explain

        test, model = self._checked()
        cond = parse_condition(test, condition_text, "why")
        return explain(test, model, cond, unroll=self.unroll, racy_program=self.racy_program if self.complete else None)

    def _checked(self) -> tuple[Test, Model]:
        if self.checked is None:
            raise LitmusArgumentError("this report was not made by check_test: it cannot be explained")
        return self.checked

    @property
    def inconclusive(self) -> bool:
        return self.error is not None or any(e.holds is None and not e.skipped for e in self.expects)

    @property
    def failed(self) -> bool:
        return any(e.holds is False for e in self.expects)

    @property
    def racy(self) -> bool | None:
        """A race was found; none exists; or None: none found, but the search was incomplete."""
        return True if self.racy_program else (False if self.complete else None)
