"""The registry of Go primitives: one module per primitive holds its facts once.

Each module (mutex.py, rwmutex.py, waitgroup.py, once.py, cond.py,
channel.py, select.py, atomic.py, value.py, goroutine.py, init_func.py)
gives a `PRIMITIVE`: its Go API (method -> operation, arguments, result,
whether it may wait, the panics it may raise with Go's messages), an Enum of
the events the Z3 engine's paths give it (litmus/solver/paths.py), the request
kinds the reference engine's goroutines make (litmus/reference/interp.py),
the model rules that order it (litmus/models), and where each engine's
semantics of it lives. Side by side in the module: the reference engine's
sequential state machine of the object (pure functions, no Z3), so that a
review reads the facts and the reference semantics together with a pointer
to the Z3 specification.

Both engines and the lowering read the facts from here; each engine keeps its
own semantics (they share facts, not the semantics: the reference must stay
an independent check). docs/primitives.md lists what a new primitive needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Mapping

from litmus.program import VarKind


@dataclass(frozen=True, slots=True)
class Method:
    """One Go method (or function form) of a primitive.

    `params` are the argument types: a Go type, or ELEM for the object's value
    type (an atomic.Int32's int32; `any` for atomic.Value). `fixed` are
    arguments the operation gets without the caller writing them
    (WaitGroup.Done is Add(-1)). `result` is "", "bool" or ELEM."""

    name: str
    op: str
    params: tuple[str, ...] = ()
    result: str = ""
    waits: bool = False  # may wait, possibly forever
    panics: tuple[str, ...] = ()  # Go's messages of the panics it may raise
    fixed: tuple = ()
    fatal: bool = False  # its failure is a fatal error: no deferred call runs, recover cannot stop it


ELEM = "elem"


@dataclass(frozen=True, slots=True)
class Primitive:
    name: str  # as Go spells the type or statement: "sync.Mutex", "chan", "go"
    kind: VarKind | None  # the shared-variable kind that holds it (None: a statement)
    go_types: tuple[str, ...] = ()  # the type names that declare one
    methods: Mapping[str, Method] = field(default_factory=dict)
    events: type[StrEnum] | None = None  # the Z3 engine's event kinds (litmus/solver/paths.py)
    requests: frozenset[str] = frozenset()  # the reference engine's request kinds
    rules: tuple[str, ...] = ()  # the model rules (litmus/models RULES) that order it
    z3: str = ""  # where the Z3 engine specifies it
    reference: str = ""  # where the reference engine runs it

    def method(self, name: str) -> Method | None:
        return self.methods.get(name)

    def ops(self) -> dict[str, Method]:
        """Operation -> its method (the first method with that operation)."""
        out: dict[str, Method] = {}
        for m in self.methods.values():
            out.setdefault(m.op, m)
        return out


def methods(*ms: Method) -> Mapping[str, Method]:
    return MappingProxyType({m.name: m for m in ms})


def _registry():
    from litmus.primitives import (atomic, channel, cond, goroutine, init_func, mutex, once, rwmutex,
                                   select, value, waitgroup)
    return (mutex.PRIMITIVE, rwmutex.PRIMITIVE, waitgroup.PRIMITIVE, once.PRIMITIVE, cond.PRIMITIVE,
            channel.PRIMITIVE, select.PRIMITIVE, atomic.PRIMITIVE, value.PRIMITIVE, goroutine.PRIMITIVE,
            init_func.PRIMITIVE)


PRIMITIVES: tuple[Primitive, ...] = _registry()
BY_KIND: Mapping[VarKind, Primitive] = MappingProxyType({p.kind: p for p in PRIMITIVES if p.kind is not None})


def of_kind(kind: VarKind) -> Primitive:
    return BY_KIND[kind]


def sync_op(kind: VarKind, op: str) -> Method:
    """The method behind an IR SyncCall's operation on an object of `kind`."""
    return BY_KIND[kind].ops()[op]


# The objects whose methods are IR SyncCalls (litmus/program.py).
SYNC_OBJECTS = (VarKind.MUTEX, VarKind.RWMUTEX, VarKind.WAITGROUP, VarKind.ONCE, VarKind.COND)


def never_stops(op: str) -> bool:
    """Whether every sync-object method with this SyncCall operation neither
    waits nor panics (TryLock returns false instead of waiting; Signal with
    no waiter does nothing): the fact litmus/effects.py needs."""
    found = [m for k in SYNC_OBJECTS for m in BY_KIND[k].methods.values() if m.op == op]
    return bool(found) and all(not m.waits and not m.panics for m in found)
