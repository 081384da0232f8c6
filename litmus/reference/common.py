"""What both enumerators share: facts about the program, observables, outcomes."""

from __future__ import annotations

from litmus import program as ir
from litmus.lower import local_name
from litmus.models import Model
from litmus.report.outcome import GoroutineEnd, Outcome
from litmus.values import UNSET, format_value

from litmus.models import KNOWN_SYNC
from litmus.reference.interp import MEMORY_KINDS, SYNC_OBJECT_KINDS, End, Req, ThreadSpec, final_locals


class StateSpaceTooLarge(RuntimeError):
    """The enumeration took more steps than its `limit`."""


class Budget:
    def __init__(self, limit: int, what: str):
        self.limit, self.what, self.used = limit, what, 0

    def spend(self, n: int = 1) -> None:
        self.used += n
        if self.used > self.limit:
            raise StateSpaceTooLarge(f"reference: {self.what} exceeds {self.limit} steps; "
                                     "the test is too large for the reference enumerator")


class ProgramInfo:
    """Static facts the engines need about a program."""

    def __init__(self, program: ir.Program, model: Model):
        self.program = program
        self.model = model
        self.goroutines = {g.name: g for g in program.all_goroutines()}
        self.names = list(self.goroutines)  # stable order, for vector clocks
        self.init = program.init.name if program.init is not None else None
        self.top = [g.name for g in program.goroutines]
        self.vars = {v.name: v for v in program.shared if v.kind in MEMORY_KINDS}  # shared memory
        self.sync_vars = {v.name: v for v in program.shared if v.kind in SYNC_OBJECT_KINDS}
        plain = {n.var for n in ir.walk(program.goroutines + ((program.init,) if program.init else ()))
                 if isinstance(n, (ir.Read, ir.Write))}
        # A variable with no plain access anywhere in the program is "accessed only
        # atomically": its final value is the last write in the synchronization order.
        self.atomic_only = {v for v in self.vars if v not in plain}
        self.observables = observables(program)

    def initial_specs(self) -> list[ThreadSpec]:
        """The goroutines that exist at program start."""
        if self.init is not None:
            return [ThreadSpec(self.init)]
        return [ThreadSpec(n) for n in self.top]

    def syncs(self, var: str) -> bool:
        """Does an atomic write of `var` synchronize with the atomic reads that read from it?"""
        kind = self.vars[var].kind
        return self.model.synchronizes("atomic-value" if kind is ir.VarKind.VALUE else "atomic")

    def sync_edges(self, var: str) -> bool:
        """Do the operations of sync object `var` create sw edges? Always, unless the
        model files come to name a rule for the object's kind ("mutex", "waitgroup",
        "once") and this model lacks it. Today no model names one: Go's rules S9,
        S12, S13 hold in every shipped model."""
        rule = self.sync_vars[var].kind.value
        return rule not in KNOWN_SYNC or self.model.synchronizes(rule)

    def outcome(self, ends: dict[str, End], shared: dict[str, object], racy: bool) -> Outcome:
        """The full outcome (every observable) of one execution."""
        values = []
        for key, gname, lid in self.observables:
            if lid is None:
                values.append((key, format_value(shared[key])))
            else:
                end = ends.get(gname)
                v = final_locals(self.goroutines[gname], end)[lid] if end is not None else UNSET
                values.append((key, format_value(v)))
        gs = tuple((n, GoroutineEnd(e.status, e.panic, e.out)) for n, e in sorted(ends.items()))
        return Outcome(tuple(sorted(values)), gs, racy)


# ------------------------------------------------------------------ sync objects


def sync_initial(var: ir.SharedVar) -> object:
    """The state of a sync object at program start: a Mutex is free (False = not
    held), a WaitGroup counter is 0, a Once has not run (0; 1 running, 2 done)."""
    return {ir.VarKind.MUTEX: False, ir.VarKind.WAITGROUP: 0, ir.VarKind.ONCE: 0}[var.kind]


def sync_moves(state: object, req: Req) -> list[tuple[object, object]]:
    """The sequential specification of Mutex, WaitGroup and Once: the ways the
    operation `req` can complete in `state`, as (new state, answer to the
    goroutine); [] when it cannot complete there (it waits)."""
    k = req.kind
    if k == "lock":
        return [] if state else [(True, None)]
    if k == "unlock":  # an unlock of a free mutex is a fatal error: the goroutine panics
        return [(False, True)] if state else [(False, False)]
    if k == "trylock":  # a TryLock may fail even when the mutex is free (S11)
        return [(state, False)] + ([] if state else [(True, True)])
    if k == "wgadd":  # the add happens; a negative result makes the goroutine panic
        return [(state + req.value, state + req.value)]
    if k == "wait":
        return [(state, None)] if state == 0 else []
    if k == "once":  # the first Do runs f, the others wait until it has finished
        return {0: [(1, "run")], 1: [], 2: [(2, "done")]}[state]
    if k == "once-end":
        return [(2, None)]
    raise AssertionError(f"not a sync operation: {k}")


def releases(req: Req, answer: object) -> bool:
    """Does this completed operation synchronize with later ones (the source side
    of an sw edge)? A successful Unlock (-> every later Lock), a negative Add (->
    every later Wait return), the end of a Once's f (-> every other Do's return)."""
    return (req.kind == "unlock" and answer is True) or (req.kind == "wgadd" and req.value < 0) \
        or req.kind == "once-end"


def acquires(req: Req, answer: object) -> bool:
    """Does this completed operation get the sw edges of the earlier releases of
    its object? A Lock, a successful TryLock, a Wait's return, a Do that did
    not run f."""
    return req.kind in ("lock", "wait") or (req.kind == "trylock" and answer is True) \
        or (req.kind == "once" and answer == "done")


def observables(program: ir.Program) -> list[tuple[str, str | None, str | None]]:
    """(observable, goroutine, Local.id) for locals declared once in their goroutine
    (ids starting with `$` are the lowering's temporaries), (x, None, None) for shared
    variables."""
    out = []
    for g in program.all_goroutines():
        by_name: dict[str, list[str]] = {}
        for loc in g.locals:
            if not loc.id.startswith("$"):
                by_name.setdefault(local_name(loc), []).append(loc.id)
        for n, ids in by_name.items():
            if len(ids) == 1:
                out.append((f"{g.name}.{n}", g.name, ids[0]))
    for v in program.shared:
        if v.kind in (ir.VarKind.PLAIN, ir.VarKind.ATOMIC, ir.VarKind.VALUE):
            out.append((v.name, None, None))
    return sorted(out)
