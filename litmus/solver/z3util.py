"""Z3 hygiene in one place: a deterministic solver and a check that never
turns `unknown` into `unsat`."""

from __future__ import annotations

import time

import z3

from litmus.errors import SolverUnknown, Timeout


def make_solver() -> z3.Solver:
    """A solver with fixed seeds, so that the same input gives the same search."""
    s = z3.Solver()
    s.set("random_seed", 0)
    return s


class Budget:
    """The time left for one test (--timeout); None is unlimited.

    Z3 calls get the remaining time as their timeout; the Python work between
    them (paths, combinations, encodings) calls `check` at steps that bound
    the time between two checks (docs/limits.md)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.calls = 0

    def check(self) -> None:
        """Raise Timeout once the deadline has passed (a clock read: cheap)."""
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise Timeout(self.seconds)

    def remaining_ms(self) -> int | None:
        if self.deadline is None:
            return None
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Timeout(self.seconds)
        return max(1, int(left * 1000))


def is_sat(solver: z3.Solver, budget: Budget) -> bool:
    """sat -> True, unsat -> False, unknown -> SolverUnknown (or Timeout)."""
    ms = budget.remaining_ms()
    if ms is not None:
        solver.set("timeout", ms)
    budget.calls += 1
    r = solver.check()
    if r == z3.sat:
        return True
    if r == z3.unsat:
        return False
    reason = solver.reason_unknown()
    if budget.deadline is not None and time.monotonic() >= budget.deadline:
        raise Timeout(budget.seconds)
    raise SolverUnknown(reason)
