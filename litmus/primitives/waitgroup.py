"""sync.WaitGroup (sync/waitgroup.go).

The Go memory model has no WaitGroup sentence; sync's documentation does:
"In the terminology of the Go memory model, a call to Done "synchronizes
before" the return of any Wait call that it unblocks." `wg.Go(f)` (Go 1.25)
is Add(1), then `go func() { defer wg.Done(); f() }()` (lowered so).

Z3: litmus/solver/encode.py Encoding.object_spec (the counter along the
synchronization order). Reference: `moves`.
"""

from __future__ import annotations

from enum import StrEnum

from litmus.primitives import Method, Primitive, methods
from litmus.program import VarKind

NEGATIVE_COUNTER = "sync: negative WaitGroup counter"


class Event(StrEnum):
    ADD = "WG_ADD"  # Add(delta); Done is Add(-1)
    WAIT = "WG_WAIT"  # Wait returns


METHODS = methods(
    Method("Add", "add", params=("int",), panics=(NEGATIVE_COUNTER,)),
    Method("Done", "add", panics=(NEGATIVE_COUNTER,), fixed=(-1,)),
    Method("Wait", "wait", waits=True),
)

PRIMITIVE = Primitive(
    "sync.WaitGroup", VarKind.WAITGROUP, ("sync.WaitGroup",), METHODS, Event,
    requests=frozenset({"wgadd", "wait"}), rules=("waitgroup",),
    z3="litmus/solver/encode.py: Encoding.object_spec",
    reference="litmus/primitives/waitgroup.py: moves",
)


def moves(counter: int, kind: str, delta: int = 0) -> list[tuple[int, object]]:
    """The add happens (a negative result makes the goroutine panic: the
    answer is the new counter); Wait completes only at zero."""
    if kind == "wgadd":
        return [(counter + delta, counter + delta)]
    if kind == "wait":
        return [(counter, None)] if counter == 0 else []
    raise AssertionError(f"not a WaitGroup operation: {kind}")
