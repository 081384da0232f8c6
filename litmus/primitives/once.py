"""sync.Once (sync/once.go).

go.dev/ref/mem: "The completion of a single call of f() from once.Do(f) is
synchronized before the return of any call of once.Do(f)."

Z3: litmus/solver/encode.py Encoding.object_spec (one Do runs f, the others
wait for its end); paths.py PathBuilder gives each Do its run or wait path.
Reference: `moves`.
"""

from __future__ import annotations

from enum import StrEnum

from litmus.primitives import Method, Primitive, methods
from litmus.program import VarKind


class Event(StrEnum):
    RUN = "ONCE_RUN"  # this Do runs f
    DONE = "ONCE_DONE"  # f ended
    WAIT = "ONCE_WAIT"  # a Do that did not run f returns


METHODS = methods(Method("Do", "once", params=("func()",), waits=True))

PRIMITIVE = Primitive(
    "sync.Once", VarKind.ONCE, ("sync.Once",), METHODS, Event,
    requests=frozenset({"once", "once-end"}), rules=("once",),
    z3="litmus/solver/encode.py: Encoding.object_spec",
    reference="litmus/primitives/once.py: moves",
)

NOT_RUN, RUNNING, DONE = 0, 1, 2


def moves(state: int, kind: str) -> list[tuple[int, object]]:
    """The first Do runs f ("run"); the others wait until it has finished ("done")."""
    if kind == "once":
        return {NOT_RUN: [(RUNNING, "run")], RUNNING: [], DONE: [(DONE, "done")]}[state]
    if kind == "once-end":
        return [(DONE, None)]
    raise AssertionError(f"not a Once operation: {kind}")
