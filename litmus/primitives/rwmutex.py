"""sync.RWMutex (sync/rwmutex.go).

go.dev/ref/mem: "For any call to l.RLock on a sync.RWMutex variable l, there
is an n such that the n'th call to l.Unlock is synchronized before the return
from l.RLock, and the matching call to l.RUnlock is synchronized before the
return from call n+1 to l.Lock."

Z3: litmus/solver/encode.py Encoding.mutex_spec / lock_spec (writer, readers
and pending writers along the synchronization order). Reference: `moves`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from litmus.primitives import Method, Primitive, methods, mutex
from litmus.program import VarKind

UNLOCK_OF_UNLOCKED = "sync: Unlock of unlocked RWMutex"
RUNLOCK_OF_UNLOCKED = "sync: RUnlock of unlocked RWMutex"


class Event(StrEnum):
    PENDING = "RW_PENDING"  # Lock called: a pending writer keeps new readers out until it acquires
    RLOCK = "RLOCK"
    RUNLOCK = "RUNLOCK"
    RUNLOCK_FAIL = "RUNLOCK_FAIL"
    # Lock / Unlock / a failing Unlock are the Mutex's events (mutex.Event)


METHODS = methods(
    Method("Lock", "lock", waits=True),
    Method("Unlock", "unlock", panics=(UNLOCK_OF_UNLOCKED,), fatal=True),  # sync.fatal
    Method("TryLock", "trylock", result="bool"),
    Method("RLock", "rlock", waits=True),
    Method("RUnlock", "runlock", panics=(RUNLOCK_OF_UNLOCKED,), fatal=True),
    Method("TryRLock", "tryrlock", result="bool"),
)

PRIMITIVE = Primitive(
    "sync.RWMutex", VarKind.RWMUTEX, ("sync.RWMutex",), METHODS, Event,
    requests=frozenset({"pend", "lock", "unlock", "trylock", "rlock", "runlock", "tryrlock"}),
    rules=("rwmutex",),
    z3="litmus/solver/encode.py: Encoding.mutex_spec, lock_spec",
    reference="litmus/primitives/rwmutex.py: moves",
)

EVENTS = tuple(mutex.Event) + tuple(Event)  # every event an RWMutex has


@dataclass(frozen=True, slots=True)
class RW:
    """The state of an RWMutex: a writer holds it, how many readers hold it,
    how many writers are pending (called Lock, not yet acquired)."""

    writer: bool = False
    readers: int = 0
    pending: int = 0


def moves(s: RW, k: str) -> list[tuple[RW, object]]:
    """RWMutex: any number of readers or one writer. Lock is two steps: "pend"
    (the call: from now on new readers are kept out) and "lock" (acquires when
    neither a writer nor a reader holds). RLock and a successful TryRLock need
    no writer holding and none pending (so a recursive RLock can deadlock with
    a pending writer); a successful TryLock needs the mutex free and never
    becomes pending. Both Try forms may fail spuriously, with no effect.
    Unlock without a writer and RUnlock without a reader are fatal (answer
    False: the goroutine panics; the state is unchanged)."""
    free = not s.writer and s.readers == 0
    readable = not s.writer and s.pending == 0
    if k == "pend":
        return [(RW(s.writer, s.readers, s.pending + 1), None)]
    if k == "lock":
        return [(RW(True, 0, s.pending - 1), None)] if free else []
    if k == "unlock":
        return [(RW(False, s.readers, s.pending), True)] if s.writer else [(s, False)]
    if k == "trylock":
        return [(s, False)] + ([(RW(True, 0, s.pending), True)] if free else [])
    if k == "rlock":
        return [(RW(False, s.readers + 1, s.pending), None)] if readable else []
    if k == "runlock":
        return [(RW(s.writer, s.readers - 1, s.pending), True)] if s.readers else [(s, False)]
    if k == "tryrlock":
        return [(s, False)] + ([(RW(False, s.readers + 1, s.pending), True)] if readable else [])
    raise AssertionError(f"not an RWMutex operation: {k}")
