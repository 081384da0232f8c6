"""Z3 hygiene in one place: a deterministic solver, a check that never
turns `unknown` into `unsat`, and interrupts that are never lost."""

from __future__ import annotations

import time

import z3

from litmus import stopping
from litmus.errors import SolverUnknown, Timeout
from litmus.stopping import raise_if_stopped, stop_on_signals, stop_signal  # noqa: F401  (their old home)


def make_solver() -> z3.Solver:
    """A solver with fixed seeds, so that the same input gives the same search."""
    s = z3.Solver()
    s.set("random_seed", 0)
    return s


# Z3's timeout parameter is an unsigned 32-bit count of milliseconds (about
# 49.7 days); a larger value wraps around to a few milliseconds.
Z3_MAX_MS = 2**32 - 1


class Budget:
    """The time left for one test (--timeout); None is unlimited.

    Z3 calls get the remaining time as their timeout; the Python work between
    them (paths, combinations, encodings) calls `check` at steps that bound
    the time between two checks (docs/limits.md)."""

    def __init__(self, seconds: float | None, deadline: float | None = None):
        """`deadline` (a time.monotonic() value) when the S seconds started
        earlier: the models of one test share them."""
        self.seconds = seconds
        if deadline is None and seconds is not None:
            deadline = time.monotonic() + seconds
        self.deadline = deadline
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
        return max(1, int(min(left * 1000, Z3_MAX_MS)))


def is_sat(solver: z3.Solver, budget: Budget) -> bool:
    """sat -> True, unsat -> False, unknown -> SolverUnknown (or Timeout);
    an interrupted call raises KeyboardInterrupt."""
    raise_if_stopped()
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
    if stopping.stop_signal() or "interrupted" in reason:  # Ctrl-C: Z3's handler, or ours below (then "canceled")
        raise KeyboardInterrupt
    if ms is not None and ("canceled" in reason or "timeout" in reason):
        raise Timeout(budget.seconds)  # Z3's timer fired a little before our clock's deadline
    raise SolverUnknown(reason)


# ------------------------------------------------------------------ signals


def leave_sigint_to_python() -> None:
    """Z3 without its own Ctrl-C handler (litmus.stopping.stop_on_signals)."""
    z3.set_param("ctrl_c", False)


stopping.on_z3_loaded(leave_sigint_to_python, z3.main_ctx().interrupt)
