"""Z3 hygiene in one place: a deterministic solver, a check that never
turns `unknown` into `unsat`, and interrupts that are never lost."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import z3

from litmus.errors import SolverUnknown, Timeout


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
    if _stop_signal or "interrupted" in reason:  # Ctrl-C: Z3's handler, or ours below (then "canceled")
        raise KeyboardInterrupt
    if ms is not None and ("canceled" in reason or "timeout" in reason):
        raise Timeout(budget.seconds)  # Z3's timer fired a little before our clock's deadline
    raise SolverUnknown(reason)


# ------------------------------------------------------------------ signals

_stop_signal = 0  # the SIGINT or SIGTERM that asked the command to stop


def stop_signal() -> int:
    return _stop_signal


def raise_if_stopped() -> None:
    """Stop at the next safe point after a signal whose KeyboardInterrupt was
    lost: raised inside a ctypes conversion (it becomes ctypes.ArgumentError)
    or in Solver.__del__ (where Python ignores it)."""
    if _stop_signal:
        raise KeyboardInterrupt


def stop_on_signals() -> None:
    """For the command line, from the main thread: SIGINT and SIGTERM stop the
    run at once, even in the middle of a Z3 call.

    Z3's own Ctrl-C handler swallows the signal, and when the call finishes
    anyway the interrupt is lost. So Z3 leaves SIGINT to Python, and a thread
    woken by Python's signal wake-up fd interrupts the running Z3 call; the
    Python handler then raises KeyboardInterrupt as soon as the call returns."""
    def stop(signum, frame):
        global _stop_signal
        first = not _stop_signal
        _stop_signal = signum
        if first:  # a second signal must not break the clean-up the first started
            raise KeyboardInterrupt

    def quiet(unraisable):  # the interrupt is not lost: raise_if_stopped() raises it
        if not (_stop_signal and issubclass(unraisable.exc_type, KeyboardInterrupt)):
            sys.__unraisablehook__(unraisable)

    z3.set_param("ctrl_c", False)
    ctx = z3.main_ctx()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)

    def watch():
        while os.read(wake_r, 64):
            ctx.interrupt()

    threading.Thread(target=watch, name="z3-interrupt", daemon=True).start()
    for sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(sig) is not signal.SIG_IGN:  # e.g. SIGINT of `litmus ... &` in a script
            signal.signal(sig, stop)
    signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    sys.unraisablehook = quiet
