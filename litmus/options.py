"""The checks of the API's options, which the command line shares: here,
without Z3 or Lark, so that a bad option is refused without loading them."""

from __future__ import annotations

import math

from litmus.errors import LitmusArgumentError


def valid_unroll(k: object) -> int:
    """The loop bound: an int >= 0, or LitmusArgumentError."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise LitmusArgumentError(f"unroll must be an integer >= 0, got {k!r}")
    return k


def valid_timeout(seconds: object) -> float | None:
    """None (no limit) or a finite number of seconds > 0, or LitmusArgumentError.
    A limit beyond what Z3 takes is clamped (solver/z3util.py Budget)."""
    if seconds is None:
        return None
    number = isinstance(seconds, (int, float)) and not isinstance(seconds, bool)
    try:
        value = float(seconds) if number else math.nan
    except OverflowError:  # an int beyond float
        value = math.inf
    if not (math.isfinite(value) and value > 0):
        raise LitmusArgumentError(f"timeout must be a finite number of seconds > 0, got {seconds!r}")
    return value
