"""sync.Cond (sync/cond.go), bound to a Mutex (`sync.NewCond(&mu)`).

Go's memory model has no Cond sentence; the implementation (a notify list
updated under its own lock, sync/runtime's notifyListNotifyOne) makes a
Signal or Broadcast synchronized before the return of the Wait it wakes, and
Wait unlocks and relocks the Mutex (its edges are the Mutex's).

Z3: litmus/solver/encode.py Encoding.cond_spec. Reference: `moves`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from litmus.primitives import Method, Primitive, methods
from litmus.primitives.mutex import UNLOCK_OF_UNLOCKED
from litmus.program import VarKind


class Event(StrEnum):
    JOIN = "COND_JOIN"  # Wait joins the wait list (then unlocks the Mutex)
    WAKE = "COND_WAKE"  # a woken Wait (then relocks)
    SIGNAL = "SIGNAL"
    BROADCAST = "BROADCAST"


METHODS = methods(
    Method("Wait", "cwait", waits=True, panics=(UNLOCK_OF_UNLOCKED,), fatal=True),  # it unlocks its Mutex
    Method("Signal", "signal"),
    Method("Broadcast", "broadcast"),
)

PRIMITIVE = Primitive(
    "sync.Cond", VarKind.COND, ("sync.Cond", "*sync.Cond"), METHODS, Event,
    requests=frozenset({"cjoin", "cwake", "signal", "broadcast"}), rules=("cond",),
    z3="litmus/solver/encode.py: Encoding.cond_spec",
    reference="litmus/primitives/cond.py: moves",
)


@dataclass(frozen=True, slots=True)
class Cond:
    """The state of a sync.Cond along `so`: `waiting`, the ids of the "cjoin"
    events of the Waits on the wait list; `woken`, (cjoin id, id of the
    Signal / Broadcast that woke it) for the Waits woken whose "cwake" has not
    happened yet."""

    waiting: frozenset = frozenset()
    woken: frozenset = frozenset()


def moves(st: Cond, kind: str, value: object, eid: object) -> list[tuple[Cond, object, tuple]]:
    """(new state, answer, ids of the events synchronized before this one); []
    when it waits. A Wait joins the wait list ("cjoin", before it unlocks the
    Mutex: no lost wake-up); a Signal wakes any one waiter,
    nondeterministically (none: the signal is lost); a Broadcast wakes them
    all; a woken Wait's "cwake" (its `value` is its cjoin's id) completes, with
    sw from the Signal / Broadcast that woke it (S14)."""
    if kind == "cjoin":
        return [(Cond(st.waiting | {eid}, st.woken), None, ())]
    if kind == "signal":
        if not st.waiting:
            return [(st, None, ())]
        return [(Cond(st.waiting - {w}, st.woken | {(w, eid)}), None, ()) for w in sorted(st.waiting)]
    if kind == "broadcast":
        return [(Cond(frozenset(), st.woken | {(w, eid) for w in st.waiting}), None, ())]
    if kind == "cwake":
        for w, src in st.woken:
            if w == value:
                return [(Cond(st.waiting, st.woken - {(w, src)}), None, (src,))]
        return []
    raise AssertionError(f"not a Cond operation: {kind}")
