"""sync.Mutex (sync/mutex.go).

go.dev/ref/mem: "For any sync.Mutex or sync.RWMutex variable l and n < m,
call n of l.Unlock() is synchronized before call m of l.Lock() returns."
"A successful call to l.TryLock (or l.TryRLock) is equivalent to a call to
l.Lock (or l.RLock). An unsuccessful call has no synchronizing effect at all."

Z3: litmus/solver/encode.py Encoding.mutex_spec / lock_spec (the lock's
holder along the synchronization order). Reference: `moves` below.
"""

from __future__ import annotations

from enum import StrEnum

from litmus.primitives import Method, Primitive, methods
from litmus.program import VarKind

# A fatal error (sync.fatal), not a panic: Go prints "fatal error: MSG", runs no
# deferred call and exits with status 2; recover() cannot stop it.
UNLOCK_OF_UNLOCKED = "sync: unlock of unlocked mutex"


class Event(StrEnum):
    LOCK = "LOCK"  # Lock returns (or a TryLock succeeds)
    UNLOCK = "UNLOCK"
    UNLOCK_FAIL = "UNLOCK_FAIL"  # Unlock of a free mutex: a fatal error, the goroutine panics


METHODS = methods(
    Method("Lock", "lock", waits=True),
    Method("Unlock", "unlock", panics=(UNLOCK_OF_UNLOCKED,), fatal=True),  # sync.fatal
    Method("TryLock", "trylock", result="bool"),
)

PRIMITIVE = Primitive(
    "sync.Mutex", VarKind.MUTEX, ("sync.Mutex",), METHODS, Event,
    requests=frozenset({"lock", "unlock", "trylock"}), rules=("mutex",),
    z3="litmus/solver/encode.py: Encoding.mutex_spec, lock_spec",
    reference="litmus/primitives/mutex.py: moves",
)


def moves(held: bool, kind: str) -> list[tuple[bool, object]]:
    """The reference's sequential specification: the ways operation `kind`
    completes when the mutex is `held`, as (new state, answer); [] when it
    waits. An Unlock of a free mutex answers False (the goroutine panics)."""
    if kind == "lock":
        return [] if held else [(True, None)]
    if kind == "unlock":
        return [(False, True)] if held else [(False, False)]
    if kind == "trylock":  # a TryLock may fail even when the mutex is free (S11)
        return [(held, False)] + ([] if held else [(True, True)])
    raise AssertionError(f"not a Mutex operation: {kind}")
