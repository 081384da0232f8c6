"""One execution of a combo, read from a Z3 model of its encoding.

An `Execution` is what a witness shows and what a graph draws: each
goroutine's events in program order (with line:col, the source line and the
values read and written), for each read the write it read from, the
synchronization order, every synchronized-before (sw) edge with the model
rule that makes it, happens-before (po and sw, closed), and the races of that
execution. Happens-before is recomputed here from the sw edges the model
selects (`Encoding.sw_sources` with their conditions evaluated), the same
definition as the encoding's vector clocks, so it exists in interleaving mode
too, where the search never builds the clocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from litmus.solver import paths as P
from litmus.errors import SolverUnknown
from litmus.solver.paths import Event
from litmus.solver.encode import INTERLEAVING, Encoding, race_candidates
from litmus.solver.z3values import from_z3
from litmus.values import format_value, go_quote

INIT_G = ""  # the goroutine of the initial writes


@dataclass(frozen=True, slots=True)
class Step:
    """One event of an execution, ready to show."""

    goroutine: str  # INIT_G for an initial write
    index: int
    kind: str
    var: str | None
    line: int
    col: int
    code: str  # the source line, stripped ("" for an initial write)
    action: str  # what it did, with its values: "write data = 42", "read data -> 0"
    read: str | None = None  # the value a read returned (Go literal text)
    wrote: str | None = None  # the value a write stored

    @property
    def key(self) -> tuple:
        return ("", self.var) if self.goroutine == INIT_G else (self.goroutine, self.index)

    @property
    def where(self) -> str:
        return "initially" if self.goroutine == INIT_G else f"{self.goroutine} {self.line}:{self.col}"

    @property
    def label(self) -> str:
        """`code` (goroutine line:col), or the action of an event without code."""
        if self.goroutine == INIT_G:
            return f"the initial {self.action}"
        if self.kind == P.START:
            return f"the start of {self.goroutine}"
        if self.kind == P.CH_SEND_DONE:
            return f"the completion of `{self.code}` ({self.where})"
        return f"`{self.code or self.action}` ({self.where})"


@dataclass(frozen=True, slots=True)
class Edge:
    kind: str  # "po", "rf", "sw", "fr", "co", "so", "dep"
    src: tuple
    dst: tuple
    rule: str | None = None  # the model rule of an sw edge


@dataclass(frozen=True, slots=True)
class Execution:
    model: str
    interleaving: bool  # an interleaving (sc, or a race-free program under drf-sc)
    goroutines: tuple[tuple[str, tuple[Step, ...]], ...]  # program order
    inits: tuple[Step, ...]  # the initial writes of the variables read
    rf: tuple[Edge, ...]
    sync_order: tuple[tuple, ...]  # keys of the ranked events, in rank order
    sw: tuple[Edge, ...]
    races: tuple[tuple[tuple, tuple], ...]  # pairs of keys unordered by happens-before

    @property
    def steps(self) -> dict[tuple, Step]:
        out = {s.key: s for s in self.inits}
        for _, steps in self.goroutines:
            out.update((s.key, s) for s in steps)
        return out

    def hb_path(self, a: tuple, b: tuple) -> list[Edge] | None:
        """A shortest chain of po and sw edges from a to b (None: a does not happen before b)."""
        return hb_chain(self, a, b)


_ACTIONS = {
    P.GO: "go {child}", P.START: "starts", P.END: "ends",
    P.LOCK: "{var}.Lock()", P.UNLOCK: "{var}.Unlock()", P.UNLOCK_FAIL: "{var}.Unlock() of an unlocked mutex",
    P.RW_PENDING: "{var}.Lock() called", P.RLOCK: "{var}.RLock()", P.RUNLOCK: "{var}.RUnlock()",
    P.RUNLOCK_FAIL: "{var}.RUnlock() of an unlocked RWMutex",
    P.WG_ADD: "{var}.Add({delta})", P.WG_WAIT: "{var}.Wait() returns",
    P.ONCE_RUN: "{var}.Do runs f", P.ONCE_DONE: "f of {var}.Do ends", P.ONCE_WAIT: "{var}.Do returns",
    P.COND_JOIN: "{var}.Wait() waits", P.COND_WAKE: "{var}.Wait() wakes",
    P.SIGNAL: "{var}.Signal()", P.BROADCAST: "{var}.Broadcast()",
    P.CH_SEND: "send {value} on {var}", P.CH_SEND_DONE: "the send on {var} completes",
    P.CH_RECV: "receive {value} from {var}", P.CH_RECV_CLOSED: "receive from closed {var}",
    P.CH_CLOSE: "close({var})", P.CH_CLOSE_FAIL: "close of closed {var}", P.CH_SEND_PANIC: "send on closed {var}",
    P.SELECT_DEFAULT: "select takes default",
    P.PRINT: "prints {value} to {var}",
}


def value_text(m: z3.ModelRef, term, typ: str) -> str:
    if isinstance(term, z3.ExprRef):
        return format_value(from_z3(m.eval(term, model_completion=True), typ))
    return format_value(term)


def describe(e: Event, enc: Encoding, m: z3.ModelRef, source_lines: list[str]) -> Step:
    code = source_lines[e.line - 1].strip() if 0 < e.line <= len(source_lines) else ""
    typ = enc.shared[e.var].type if e.var in enc.shared else "int"
    atomic = "atomic " if e.atomic and e.kind in (P.READ, P.WRITE, P.RMW) else ""
    read = value_text(m, e.read, typ) if e.kind in (P.READ, P.RMW) else None
    wrote = value_text(m, e.written.term, typ) if e.kind in (P.WRITE, P.RMW) else None
    if e.kind == P.READ:
        action = f"{atomic}read {e.var} -> {read}"
    elif e.kind == P.WRITE:
        action = f"{atomic}write {e.var} = {wrote}"
    elif e.kind == P.RMW:
        action = f"{atomic}read-modify-write {e.var}: {read} -> {wrote}"
    else:
        value = ""
        if e.kind == P.CH_SEND and e.written is not None:
            value = value_text(m, e.written.term, typ)
        elif e.kind == P.CH_RECV and e.read is not None:
            value = value_text(m, e.read, typ)
        elif e.kind == P.PRINT:  # a .go program's print: the text, on its stream
            value = go_quote(P.render_pieces(e.pieces, lambda term, t: from_z3(
                m.eval(term, model_completion=True), t) if isinstance(term, z3.ExprRef) else term))
        delta = value_text(m, e.delta, "int") if e.kind == P.WG_ADD else ""
        var = e.stream if e.kind == P.PRINT else e.var
        action = _ACTIONS.get(e.kind, e.kind).format(var=var, child=e.child, value=value, delta=delta)
    return Step(e.goroutine, e.index, e.kind, e.var, e.line, e.col, code, action, read, wrote)


def holds(m: z3.ModelRef, cond) -> bool:
    if cond is True or cond is False:
        return cond
    return bool(z3.is_true(m.eval(cond, model_completion=True)))


def sw_edges(enc: Encoding, m: z3.ModelRef) -> list[Edge]:
    """Every synchronized-before edge of the execution, with the model rule that makes it."""
    combo = enc.combo
    out = []
    for e in combo.events:
        if not enc.is_acquire(e) or not holds(m, enc.executed(e)):
            continue
        if e.kind == P.START:
            parent = combo.parents.get(e.goroutine)
            if parent is not None and combo.go_edges:
                out.append(Edge("sw", parent, e.key, "go-statement"))
            elif parent is None and "init" in combo.by_goroutine and e.goroutine != "init" and combo.init_edges:
                out.append(Edge("sw", ("init", len(combo.by_goroutine["init"].events) - 1), e.key, "init"))
            continue
        rule = enc.acquire_rule(e)
        for src, cond in enc.sw_sources(e):
            if holds(m, cond):
                out.append(Edge("sw", src.key, e.key, rule))
    return sorted(set(out), key=lambda x: (x.dst, x.src))


def execution(enc: Encoding, m: z3.ModelRef, source: str | None) -> Execution:
    lines = (source or "").splitlines()
    combo = enc.combo
    def ran(e) -> bool:  # a .go program's events after its exit never happen
        return holds(m, enc.executed(e))

    goroutines = tuple((p.goroutine, tuple(describe(e, enc, m, lines) for e in p.events if ran(e)))
                       for p in combo.paths)  # init, then declaration order
    rf, inits = [], {}
    for key, options in enc.rf.items():
        read = combo.by_goroutine[key[0]].events[key[1]]
        if not ran(read):
            continue
        var = read.var
        init = format_value(enc.shared[var].init)
        inits[var] = Step(INIT_G, -1, "INIT", var, 0, 0, "", f"value of {var}, {init}", None, init)
        chosen = [w for w, b in options if holds(m, b)]
        if not chosen:
            continue
        w = chosen[0]
        edge_kind = "rf" if len(key) == 2 else "rf-len"  # a torn string's length word
        rf.append(Edge(edge_kind, w.key, key[:2]))
    ranked = sorted(enc.rank, key=lambda k: m.eval(enc.rank[k], model_completion=True).as_long())
    sync = tuple(k for k in ranked if (enc.mode == INTERLEAVING or combo.by_goroutine[k[0]].events[k[1]].sync)
                 and ran(combo.by_goroutine[k[0]].events[k[1]]))
    sw = tuple(sw_edges(enc, m))
    partial = Execution(enc.model.name, enc.mode == INTERLEAVING, goroutines, tuple(inits[v] for v in sorted(inits)),
                        tuple(rf), sync, sw, ())
    reach = hb_closure(partial)
    races = tuple((a.key, b.key) for a, b in race_candidates(combo)
                  if ran(a) and ran(b) and b.key not in reach[a.key] and a.key not in reach[b.key])
    return Execution(partial.model, partial.interleaving, goroutines, partial.inits, partial.rf, sync, sw, races)


def hb_edges(x: Execution) -> list[Edge]:
    out = []
    for _, steps in x.goroutines:
        out.extend(Edge("po", a.key, b.key) for a, b in zip(steps, steps[1:]))
    return out + list(x.sw)


def hb_closure(x: Execution) -> dict[tuple, set[tuple]]:
    """key -> the keys it happens before (po and sw, transitively)."""
    succ: dict[tuple, list[tuple]] = {}
    for e in hb_edges(x):
        succ.setdefault(e.src, []).append(e.dst)
    reach = {}
    for k in x.steps:
        seen, todo = set(), [k]
        while todo:
            for n in succ.get(todo.pop(), ()):
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        reach[k] = seen
    return reach


def hb_chain(x: Execution, a: tuple, b: tuple) -> list[Edge] | None:
    """A shortest po/sw chain a -> b, preferring fewer edges (breadth first, edges in a fixed order)."""
    if a[0] == "" and b[0] != "":  # the initial writes happen before everything
        return []
    succ: dict[tuple, list[Edge]] = {}
    for e in hb_edges(x):
        succ.setdefault(e.src, []).append(e)
    back: dict[tuple, Edge] = {}
    frontier = [a]
    while frontier:
        nxt = []
        for n in frontier:
            for e in succ.get(n, ()):
                if e.dst not in back and e.dst != a:
                    back[e.dst] = e
                    nxt.append(e.dst)
        if b in back:
            chain = []
            n = b
            while n != a:
                chain.append(back[n])
                n = back[n].src
            return compress_po(chain[::-1])
        frontier = nxt
    return None


def compress_po(chain: list[Edge]) -> list[Edge]:
    """Consecutive po edges as one (program order is transitive)."""
    out: list[Edge] = []
    for e in chain:
        if out and out[-1].kind == "po" and e.kind == "po":
            out[-1] = Edge("po", out[-1].src, e.dst)
        else:
            out.append(e)
    return out


def fresh_model(constraints) -> z3.ModelRef | None:
    """A model of `constraints` found in a fresh Z3 context, translated back, or None (unsat).
    Which model Z3 returns depends on the context's history (the order its terms were made),
    so a model from the search's own solver would make witnesses vary from run to run; the
    same constraints in a fresh context give the same model every time."""
    ctx = z3.Context()
    s = z3.Solver(ctx=ctx)
    for c in constraints:
        s.add(c.translate(ctx))
    r = s.check()
    if r == z3.unknown:
        raise SolverUnknown(s.reason_unknown())
    return s.model().translate(z3.main_ctx()) if r == z3.sat else None
