"""The reference enumerator: a small, independent, Z3-free implementation of the
memory models, used by the test suite to cross-check the Z3 engine.

It follows spec/semantics.md directly and favours obviously-correct code over
speed:

- `interp.py`: a concrete interpreter for one goroutine, run by replay of the
  answers its memory requests got (so goroutine states are plain tuples);
- `sc.py`: every interleaving (sc model, and the race check of the drf-sc
  models), with vector clocks for happens-before;
- `axiomatic.py`: the executions of racy programs under `go` /
  `relaxed-value`, enumerated and checked axiom by axiom.

`reference_outcomes(test, model)` returns every permitted outcome. The
program is racy iff some SC interleaving races (with the model's
`data-race` axiom; without it nothing races). Under `interleaving` (sc) the
outcomes are the SC ones; under `drf-sc` (go, relaxed-value) a race-free
program gets its SC outcomes, a racy one the outcomes of every execution
satisfying the racy axioms; with neither axiom every program gets the latter.
Every rule is read from the model (litmus/models/__init__.py, RULES).

Sync objects: sync.Mutex (Lock, Unlock, TryLock), sync.RWMutex (also RLock,
RUnlock, TryRLock; a Lock that waits is a pending writer that keeps new
readers out), sync.WaitGroup (Add, Done, Wait), sync.Once (Do) and channels
(send, receive, comma-ok receive, close, `for range`) follow their
sequential specification along `so` (common.sync_moves, common.chan_moves),
with Go's sw edges (S5-S13). sync.Cond (common.cond_moves): Wait joins the
wait list, unlocks the Cond's Mutex (panics if not held), waits until a
Signal (any one waiter) or Broadcast (all) wakes it, then locks the Mutex
again; sw: the Signal / Broadcast -> the return of the Wait it woke (S14),
plus the Mutex edges of the relock. A Signal with no waiter is lost. A
goroutine whose operation cannot complete in the final state of an execution
ends BLOCKED.

Spin loops (`Loop.spin`, interp.py) are waits: up to `unroll` kept
non-exiting iterations, then attempts that exit or are pruned; a goroutine
spins forever (SPINNING) only in a final state (every other goroutine
finished, blocked or spinning) where its attempt does not exit: with SC
interleavings that is fairness (the final values keep it spinning); in racy
executions a plain read of the final attempt may return any visible value.
An attempt that does not exit after a CompareAndSwap or Swap stored
another value than it read ends CUT (it changed memory: not prunable).

Not supported (a `ValueError` says so): a `go` statement that runs twice in
one execution (inside a non-constant loop).
A search that exceeds `limit` steps (STEP_LIMIT unless told) raises
`StateSpaceTooLarge`; `deadline`, when given, is called every few steps and
may raise to stop the search (`litmus check --engine reference` passes the
--timeout Budget's check: litmus/engine.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from litmus.lower import Test
from litmus.models import Model
from litmus.reference.axiomatic import racy_outcomes
from litmus.reference.common import ProgramInfo, StateSpaceTooLarge
from litmus.reference.interp import Runner, UnsupportedProgram
from litmus.reference.sc import sc_outcomes
from litmus.report.outcome import Outcome, Status

__all__ = ["reference_outcomes", "RefResult", "STEP_LIMIT", "StateSpaceTooLarge", "UnsupportedProgram"]

STEP_LIMIT = 2_000_000  # states (sc) or search nodes (racy executions) one search may visit


@dataclass
class RefResult:
    outcomes: set[Outcome] = field(default_factory=set)  # projected on `shown`
    racy_program: bool = False  # some SC execution has a data race
    # racing pairs of sites found in SC executions: (var, (goroutine, line, col, "read"|"write"), (...)),
    # each pair once, the two sites in sorted order
    races: set[tuple[str, tuple[str, int, int, str], tuple[str, int, int, str]]] = field(default_factory=set)
    complete: bool = True  # no execution was cut by the unroll bound
    early: set[str] = field(default_factory=set)  # goroutines main may return before (an SC interleaving)


def reference_outcomes(test: Test, model: Model, *, unroll: int = 4, shown: frozenset[str] | None = None,
                       limit: int | None = None, deadline=None) -> RefResult:
    """Every outcome `model` permits for `test` (see the module docstring)."""
    limit = STEP_LIMIT if limit is None else limit
    info = ProgramInfo(test.program, model)
    runner = Runner(test.program, unroll)
    sc, races, complete, early = sc_outcomes(info, runner, limit, deadline)
    racy_program = bool(races)
    if model.interleaving or (model.has("drf-sc") and not racy_program):
        outcomes = sc
    else:
        outcomes = racy_outcomes(info, runner, limit, deadline)
        complete = complete and not any(g.status is Status.CUT for o in outcomes for _, g in o.goroutines)
    return RefResult({o.project(shown) for o in outcomes}, racy_program, races, complete, early)

