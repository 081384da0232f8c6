"""One candidate event structure (a combination of control paths) in Z3.

Relations are represented the way they are cheapest to state:
- `rf` is one Boolean per (read, candidate write), exactly one true per read;
  the candidates are pruned by the static happens-before (program order and
  the `go` statement), which every model respects. A racy-mode plain read of
  a string is two word reads (`tears`): its length word has its own options,
  under the key `(goroutine, index, "len")`, with the same rules, and the
  value is `torn(data write, length write)` (docs/decisions.md, "Strings are
  two words");
- the synchronization order `so` (and, in interleaving mode, the total order
  of all events) is an integer rank per event;
- happens-before is a vector clock: `view(e, g)` is the largest program-order
  index of goroutine g's events that happen before e. Within a goroutine the
  events that happen before e are a prefix, so `a hb b` iff
  `a.index <= view(b, a.goroutine)`. Views grow only at acquire points
  (goroutine start, atomic reads), from the sources their `sw` edges select;
  the ranks keep those definitions acyclic.

Two modes:
- INTERLEAVING: every event ranked, each read returns the latest write before
  it (the SC executions: the `sc` model, and the first level of `go`);
- RACY: only synchronizing events ranked (`so`); atomic reads return the
  so-latest atomic write; plain reads follow the visible-write rule; no thin
  air (`acyclic(rf | dep)`).

Every rule is read from the model (litmus/models/__init__.py, RULES, says
what each does and where). Each constraint carries the name of what it
encodes (`Encoding.labelled`): a model rule (`visible-write`, `mutex`, ...)
or one of the non-model tags `path` (path conditions), `order` (the ranks:
program order, the go statement, distinct write ranks), `rf` (a read returns
the value of the one write it reads from), `values` (the finite domains,
implied by the rest), `final` (what a final observer reads), `end` (where a
Go program ends) and `spec:<object>` (a sync object's sequential
specification).

A `.go` program ends at its exit (`Encoding.exit_rank`): the first END, in
rank order, of main, of an os.Exit or of a panic. The events after it never
happen (`executed`): a combo is the whole run of every goroutine, of which
the execution is the prefix before the exit. That is exact because every
prefix that is consistent can be run on to the end of some combo (each
goroutine then finishes, blocks, spins, panics or needs more iterations), and
the constraints keep the prefix closed: an executed read reads an executed
write; sync events and prints are executed when ranked before the exit, and a
goroutine's plain events up to a cut (`cut`) that agrees with them.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

import z3

from litmus import program as ir
from litmus.models import OBJECT_RULES, Model
from litmus.solver.paths import (BROADCAST, CH_CLOSE, CH_CLOSE_FAIL, CH_RECV, CH_RECV_CLOSED, CH_SEND, CH_SEND_DONE,
                          CH_SEND_PANIC, COND_JOIN, COND_WAKE, SELECT_DEFAULT, SIGNAL,
                          END, LOCK, ONCE_DONE, ONCE_RUN, ONCE_WAIT, RLOCK, RUNLOCK, RW_PENDING, START,
                          SYNC_KINDS, UNLOCK, UNLOCK_FAIL, WG_ADD, WG_WAIT, Blocked, Event, Path, Wait)
from litmus.program import VarKind
from litmus.report.outcome import Status
from litmus.solver.domains import domain_constraints, read_domains
from litmus.solver.pruning import prefix_feasible
from litmus.solver.z3util import Budget
from litmus.solver.z3values import to_z3, torn

INTERLEAVING, RACY = "interleaving", "racy"


@dataclass(frozen=True, slots=True)
class Init:
    """The initial write of a shared variable: before everything."""

    var: str

    @property
    def key(self):
        return ("", self.var)


Write = Event | Init


@dataclass
class Combo:
    """One path per running goroutine: a candidate event structure."""

    paths: tuple[Path, ...]
    parents: dict[str, tuple[str, int] | None]  # goroutine -> (parent, index of its GO) / None
    go_edges: bool = True  # the model's go-statement rule: GO -> the child's START in happens-before
    init_edges: bool = True  # the model's init rule: init's end -> the top-level STARTs

    @cached_property
    def events(self) -> list[Event]:
        return [e for p in self.paths for e in p.events]

    @cached_property
    def by_goroutine(self) -> dict[str, Path]:
        return {p.goroutine: p for p in self.paths}

    @cached_property
    def writes(self) -> dict[str, list[Event]]:
        out: dict[str, list[Event]] = {}
        for e in self.events:
            if e.writes:
                out.setdefault(e.var, []).append(e)
        return out

    @cached_property
    def start_view(self) -> dict[str, dict[str, int]]:
        """The static happens-before at each goroutine's start: program order plus
        the `go` statement and init edges when the model has their rules (true in
        every execution)."""
        views: dict[str, dict[str, int]] = {}
        init = "init" if "init" in self.by_goroutine and self.parents.get("init", 0) is None else None

        def view(g: str) -> dict[str, int]:
            if g in views:
                return views[g]
            parent = self.parents.get(g)
            if parent is not None:
                pg, idx = parent
                v = dict(view(pg)) if self.go_edges else {}
                if self.go_edges:
                    v[pg] = idx
            elif init is not None and g != init and self.init_edges:
                v = dict(view(init))
                v[init] = len(self.by_goroutine[init].events) - 1
            else:
                v = {}
            views[g] = v
            return v

        for p in self.paths:
            view(p.goroutine)
        return views

    def static_hb(self, a: Write, b: Write) -> bool:
        if isinstance(a, Init):
            return not isinstance(b, Init)
        if isinstance(b, Init):
            return False
        if a.goroutine == b.goroutine:
            return a.index < b.index
        return a.index <= self.start_view[b.goroutine].get(a.goroutine, -1)


class Constraints(list):
    """A list of Z3 constraints that records, in `rules` (same order), the rule
    that was being encoded when each was added (`Encoding.rule`)."""

    __slots__ = ("rules", "tag")

    def __init__(self):
        super().__init__()
        self.rules: list[str] = []
        self.tag = "path"

    def append(self, c) -> None:
        list.append(self, c)
        self.rules.append(self.tag)

    def extend(self, cs) -> None:
        for c in cs:
            self.append(c)


def static_feasible(combo: Combo, program: ir.Program) -> bool:
    """What the sync objects decide without a solver: one Do runs f; a blocked
    operation cannot complete in the final state (spec/semantics.md, "Blocking
    is real")."""
    counts = Counter((e.var, e.kind) for e in combo.events)  # one pass, not one per variable
    present = {var for var, _ in counts}
    shared = [v for v in program.shared if v.name in present]  # a variable without events passes

    def count(var, kind):
        return counts[(var, kind)]

    for v in shared:
        if v.kind is VarKind.ONCE:
            runs, waits = count(v.name, ONCE_RUN), count(v.name, ONCE_WAIT)
            if runs > 1 or (waits and not runs):
                return False
            if waits and not count(v.name, ONCE_DONE):
                return False
    for v in shared:
        if v.kind in (VarKind.MUTEX, VarKind.RWMUTEX):
            held = count(v.name, LOCK) - count(v.name, UNLOCK)
            if not 0 <= held <= 1 or count(v.name, RLOCK) < count(v.name, RUNLOCK):
                return False  # at the end a writer holds it at most once, readers never negatively
        if v.kind is VarKind.MUTEX and self_locked_unlock_fails(combo, v.name):
            return False
        if v.kind is VarKind.WAITGROUP:
            adds = [e for e in combo.events if e.var == v.name and e.kind == WG_ADD]
            total = _known_sum(a.delta for a in adds)
            if not any(a.fails for a in adds) and total is not None and total < 0:
                return False  # the counter went negative, so some Add panicked
        if v.kind is VarKind.CHAN:
            closes = count(v.name, CH_CLOSE)
            if closes > 1 or (closes == 0 and (count(v.name, CH_CLOSE_FAIL) or count(v.name, CH_SEND_PANIC)
                                               or count(v.name, CH_RECV_CLOSED))):
                return False
            if count(v.name, CH_RECV) > count(v.name, CH_SEND):
                return False
    for p in combo.paths:
        if p.blocked_on is None:
            continue
        op, var = p.blocked_on.wait, p.blocked_on.var
        if op is Wait.SELECT:
            for kind, chan in p.blocked_on.cases:
                cap = program.shared_by_name[chan].cap
                queued = count(chan, CH_SEND) - count(chan, CH_RECV)
                if count(chan, CH_CLOSE):
                    return False  # a closed channel makes every case ready
                if kind == "recv" and queued > 0:
                    return False  # a value is waiting for it
                if kind == "send" and (queued < cap or any(waits_to_receive(q, chan) for q in combo.paths
                                                           if q is not p)):
                    return False  # room in the buffer, or another receiver (or select) waiting forever
            continue
        if op in ("send", "recv") and count(var, CH_CLOSE):
            return False  # a closed channel wakes every waiter (a sender panics)
        if op == "send" and count(var, CH_RECV) >= count(var, CH_SEND) - program.shared_by_name[var].cap:
            return False  # the k-th send completes once the (k-cap)-th receive did: enough receives for all
        if op == "recv" and count(var, CH_SEND) != count(var, CH_RECV):
            return False  # a value is still queued or offered
        writers = count(var, LOCK) - count(var, UNLOCK)
        readers = count(var, RLOCK) - count(var, RUNLOCK)
        pending = count(var, RW_PENDING) - sum(1 for e in combo.events
                                               if e.var == var and e.kind == LOCK and not e.tried)
        if op == "lock" and not (writers == 1 or readers > 0):
            return False  # held at the end (by a writer, or by readers)
        if op == "rlock" and not (writers == 1 or pending > 0):
            return False  # a writer holds it or waits for it at the end
        if op == "wait" and _known_sum(e.delta for e in combo.events if e.var == var and e.kind == WG_ADD) == 0:
            return False  # the counter must not be zero at the end
        if op == "once" and not (count(var, ONCE_RUN) == 1 and count(var, ONCE_DONE) == 0):
            return False  # f started and never ended
    return prefix_feasible(combo, program)  # WaitGroup and Mutex counts before each operation


def self_locked_unlock_fails(combo: Combo, var: str) -> bool:
    """A failing Unlock of Mutex `var` right after its own goroutine's Lock
    (no successful Unlock of its own between) is impossible when every Unlock
    follows its own goroutine's Lock: then, by induction along the
    alternating Lock/Unlock order, every Unlock releases its own goroutine's
    last Lock, so that Lock is still held at the failing Unlock."""
    fails = False
    for p in combo.paths:
        last = None  # the goroutine's last successful operation on var
        for e in p.events:
            if e.var != var:
                continue
            if e.kind == UNLOCK and last != LOCK:
                return False  # an Unlock may release another goroutine's Lock: decided by the solver
            if e.kind == UNLOCK_FAIL and last == LOCK:
                fails = True
            if e.kind in (LOCK, UNLOCK):
                last = e.kind
    return fails


def waits_to_receive(p: Path, chan: str) -> bool:
    """Whether a path ends waiting forever in a receive from `chan` (a plain
    receive, or a select with a receive case on it)."""
    b = p.blocked_on
    if b is None:
        return False
    return (b.wait is Wait.RECV and b.var == chan) or (b.wait is Wait.SELECT and ("recv", chan) in b.cases)


def race_candidates(combo: Combo, budget: Budget | None = None) -> list[tuple[Event, Event]]:
    """Conflicting pairs: same variable, different goroutines, at least one
    write, at least one plain, not ordered by the static happens-before."""
    budget = budget or Budget(None)
    by_var: dict[str, list[Event]] = {}
    for e in combo.events:
        if e.var is not None and (e.reads or e.writes):
            by_var.setdefault(e.var, []).append(e)
    pairs = []
    for evs in by_var.values():
        for i, a in enumerate(evs):
            budget.check()
            for b in evs[i + 1:]:
                if a.goroutine == b.goroutine or not (a.writes or b.writes):
                    continue
                if a.atomic and b.atomic:
                    continue
                if combo.static_hb(a, b) or combo.static_hb(b, a):
                    continue
                pairs.append((a, b))
    return pairs


class Encoding:
    """The constraints of one combo under one model and mode (see module doc)."""

    def __init__(self, combo: Combo, program: ir.Program, model: Model, mode: str,
                 modes: dict[str, frozenset[bool]] | None = None, skeleton: bool = False,
                 budget: Budget | None = None):
        self.budget = budget or Budget(None)  # checked once per piece: event, read, rf option, variable
        self.combo = combo
        self.program = program
        self.model = model
        self.mode = mode
        self.shared = program.shared_by_name
        self.constraints = Constraints()
        self.rank: dict[tuple, z3.ArithRef] = {}
        self.rf: dict[tuple, list[tuple[Write, z3.BoolRef]]] = {}
        self.takes: dict[tuple, list[tuple[Event, z3.BoolRef]]] = {}  # channel receive -> (send, Bool)
        self.woken_by: dict[tuple, list[tuple[Event, z3.BoolRef]]] = {}  # cond wake -> (signal, Bool)
        self.vc: dict[tuple, z3.ArithRef] = {}
        self.finals: dict[str, z3.ExprRef] = {}
        self.positions: dict[tuple, z3.ArithRef] = {}  # (event, events) -> its position among them
        self.modes = ir.access_modes(program) if modes is None else modes
        self.skeleton = skeleton
        self.exits = exit_events(combo) if program.go else []  # the ENDs the program may end at
        self.exit_rank: z3.ArithRef | None = None
        self.cut: dict[str, z3.ArithRef] = {}  # goroutine -> how many of its events run (racy mode)
        self.build(skeleton)

    # ------------------------------------------------------------ building

    @contextmanager
    def rule(self, name: str):
        """Tag the constraints added inside with `name` (see the module docstring)."""
        prev, self.constraints.tag = self.constraints.tag, name
        try:
            yield
        finally:
            self.constraints.tag = prev

    def labelled(self) -> list[tuple[str, z3.BoolRef]]:
        """(rule, constraint) for every constraint: what an unsat core over rules is built from."""
        return list(zip(self.constraints.rules, self.constraints))

    def track(self, solver: z3.Solver) -> dict[str, str]:
        """Assert every constraint tracked by a Boolean named after its rule
        (`rule#n`); returns {tracker name: rule}, to read an unsat core by rules."""
        names = {}
        for n, (rule, c) in enumerate(self.labelled()):
            names[f"{rule}#{n}"] = rule
            solver.assert_and_track(c, z3.Bool(f"{rule}#{n}"))
        return names

    def build(self, skeleton: bool) -> None:
        """The skeleton (path conditions, ranks, sync objects) is a necessary
        condition on its own: `skeleton=True` stops there, a cheap first test
        that a combo can run at all. Then reads-from and the model's axioms."""
        for p in self.combo.paths:
            self.constraints.extend(p.condition)
        with self.rule("order"):
            self.order()
        if self.exits:
            with self.rule("end"):
                self.program_end()
        for e in self.combo.events:
            self.budget.check()
            if e.kind == COND_WAKE:  # which Signal or Broadcast wakes it
                self.woken_by[e.key] = [
                    (x, z3.Bool(f"wakes:{x.goroutine}:{x.index}->{e.goroutine}:{e.index}"))
                    for x in self.sync_events(e.var, SIGNAL) + self.sync_events(e.var, BROADCAST)]
            if e.kind == CH_RECV:  # which send's value it takes (before happens-before is built)
                self.takes[e.key] = [(snd, z3.Bool(f"takes:{e.goroutine}:{e.index}<-{snd.goroutine}:{snd.index}"))
                                     for snd in self.sync_events(e.var, CH_SEND)]
        self.sync_objects()
        if skeleton:
            return
        reads = [e for e in self.combo.events if e.reads]
        for e in reads:
            self.budget.check()
            self.rf_options(e)
        with self.rule("values"):
            self.constraints.extend(self.value_domains(reads))
        for e in reads:
            self.reads_from(e)
        if self.exits and self.mode == RACY:  # (an interleaving reads an earlier write)
            with self.rule("end"):
                for e in reads:
                    for key in (e.key, _len_key(e)):
                        self.constraints.extend(z3.Implies(z3.And(b, self.executed(e)), self.executed(w))
                                                for w, b in self.rf.get(key, []) if not isinstance(w, Init))
        if self.mode == RACY and self.model.has("no-thin-air"):
            with self.rule("no-thin-air"):
                self.no_thin_air()
        for v in self.program.shared:
            if v.kind in (VarKind.PLAIN, VarKind.ATOMIC, VarKind.VALUE) and not ir.hidden(v.name):
                self.budget.check()
                with self.rule("final"):
                    self.finals[v.name] = self.final_value(v)

    def value_domains(self, reads: list[Event]) -> list[z3.BoolRef]:
        """Finite domains for reads whose variables get computed values
        (litmus/solver/domains.py: implied by the axioms, an aid to Z3)."""
        if all(w.written.concrete for w in self.combo.events if w.writes):
            return []
        if any(self.tears(r) for r in reads):
            return []  # the domains know no torn values (they are only an aid)
        candidates = {r.key: [w for w, _ in self.rf[r.key]] for r in reads}
        domains = read_domains(reads, candidates, self.var_type, lambda var: self.shared[var].init,
                               self.budget.check)
        if domains is None:
            return []
        return domain_constraints(domains, reads, self.var_type)

    def ranked(self, e: Event) -> bool:
        return self.mode == INTERLEAVING or e.sync

    def order(self) -> None:
        """Ranks: program order, `go` statement before the child's start, init's end
        before the top-level starts; distinct ranks for the writes of a variable."""
        for e in self.combo.events:
            if self.ranked(e):
                self.rank[e.key] = z3.Int(f"rank:{e.goroutine}:{e.index}")
        for p in self.combo.paths:
            self.budget.check()
            prev = None
            for e in p.events:
                if e.key in self.rank:
                    if prev is not None:
                        self.constraints.append(self.rank[prev.key] < self.rank[e.key])
                    prev = e
        for g, parent in self.combo.parents.items():
            start = self.rank[(g, 0)]
            if parent is not None:
                self.constraints.append(self.rank[parent] < start)
            elif "init" in self.combo.by_goroutine and g != "init":
                init_path = self.combo.by_goroutine["init"]
                self.constraints.append(self.rank[("init", len(init_path.events) - 1)] < start)
        for var, ws in self.combo.writes.items():
            ranked = [self.rank[w.key] for w in ws if w.key in self.rank]
            if len(ranked) > 1:
                self.constraints.append(z3.Distinct(*ranked))
        eternal = [e for e in self.combo.events if e.eternal and e.key in self.rank]
        if eternal:  # a spin loop that never exits reads after everything else
            others = [self.rank[e.key] for e in self.combo.events if not e.eternal and e.key in self.rank]
            for e in eternal:
                self.constraints.extend(self.rank[e.key] > o for o in others)

    def program_end(self) -> None:
        """The exit is the first of the candidate ENDs; in racy mode each
        goroutine's cut agrees with its ranked events."""
        self.exit_rank = z3.Int("exit")
        ranks = [self.rank[e.key] for e in self.exits]
        self.constraints.append(z3.Or(*[self.exit_rank == r for r in ranks]))
        self.constraints.extend(self.exit_rank <= r for r in ranks)
        if len(ranks) > 1:  # one of them is first
            self.constraints.append(z3.Distinct(*ranks))
        if self.mode == INTERLEAVING:
            return
        for p in self.combo.paths:
            if all(e.key in self.rank for e in p.events):
                continue
            cut = self.cut[p.goroutine] = z3.Int(f"cut:{p.goroutine}")
            self.constraints.append(z3.And(cut >= 0, cut <= len(p.events)))
            for e in p.events:
                if e.key in self.rank:
                    self.constraints.append((e.index < cut) == (self.rank[e.key] <= self.exit_rank))

    def executed(self, e: Write) -> z3.BoolRef:
        """Whether event e happens before the program ends (always, but in a .go
        program that reaches an exit)."""
        if self.exit_rank is None or isinstance(e, Init):
            return z3.BoolVal(True)
        if e.key in self.rank:
            return self.rank[e.key] <= self.exit_rank
        return e.index < self.cut[e.goroutine]

    def value_of(self, w: Write, typ: str) -> z3.ExprRef:
        if isinstance(w, Init):
            return to_z3(self.shared[w.var].init, typ)
        return to_z3(w.written.term, typ)

    def var_type(self, var: str) -> str:
        return self.shared[var].type

    def candidates(self, r: Event) -> list[Write]:
        """Writes r may read from: not after it, not hidden from it (static hb).
        Interleavings respect the static hb (the ranks contain it); racy
        executions only with the model's visible-write rule."""
        ws: list[Write] = [Init(r.var)] + [w for w in self.combo.writes.get(r.var, []) if w.key != r.key]
        if self.mode == RACY and not self.model.has("visible-write"):
            return ws
        hb = self.combo.static_hb
        out = []
        for w in ws:
            self.budget.check()  # each write compares with every write
            if not isinstance(w, Init) and hb(r, w):
                continue
            if any(w2 is not w and hb(w, w2) and hb(w2, r) for w2 in ws):
                continue
            out.append(w)
        return out

    def tears(self, r: Event) -> bool:
        """A read whose two words may come from different writes: a plain read of a
        string in a racy execution (interleavings read both words of the latest write)."""
        return self.mode == RACY and not r.atomic and self.var_type(r.var) == "string"

    def rf_options(self, r: Event) -> None:
        """One Boolean per write r may read from. All of them exist before any
        constraint is stated, because happens-before (built lazily) reads them."""
        mixed = self.mixed(r.var)
        options = []
        for w in self.candidates(r):
            if self.mode == RACY and r.atomic and not mixed and not (isinstance(w, Init) or w.atomic):
                continue  # an atomic read of an atomic-only variable reads atomic writes
            options.append((w, z3.Bool(f"rf:{r.goroutine}:{r.index}<-{_wname(w)}")))
        self.rf[r.key] = options
        if self.tears(r):
            self.rf[_len_key(r)] = [(w, z3.Bool(f"rfl:{r.goroutine}:{r.index}<-{_wname(w)}")) for w, _ in options]

    def reads_from(self, r: Event) -> None:
        typ = self.var_type(r.var)
        if not self.tears(r):
            self.word_reads_from(r, self.rf[r.key], lambda w: r.read == self.value_of(w, typ))
            return
        data, length = self.rf[r.key], self.rf[_len_key(r)]
        self.word_reads_from(r, data, lambda w: z3.BoolVal(True))
        self.word_reads_from(r, length, lambda w: z3.BoolVal(True))
        with self.rule("rf"):
            for wd, bd in data:
                self.budget.check()
                for wl, bl in length:
                    value = self.value_of(wd, typ) if wd is wl else torn(self.value_of(wd, typ),
                                                                          self.value_of(wl, typ))
                    self.constraints.append(z3.Implies(z3.And(bd, bl), r.read == value))

    def word_reads_from(self, r: Event, options: list[tuple[Write, z3.BoolRef]], value) -> None:
        """Exactly one of `options` (the writes r, or one word of r, reads from), each
        under the rules that let r read it; `value(w)`: what reading w says of r.read."""
        visible_write = self.model.has("visible-write")
        for w, b in options:
            self.budget.check()  # each option states O(writes) terms
            # one constraint per option (splitting it slows Z3 down), tagged by the
            # rule that restricts which write it may be; `rf` when none does
            conds = [value(w)]
            if self.mode == INTERLEAVING:
                rule = "interleaving" if self.model.interleaving else "drf-sc"
                conds.append(self.latest_before(w, r, atomic_only=False))
            elif r.atomic and (isinstance(w, Init) or w.atomic):
                rule = "sync-order"
                if self.model.has("sync-order"):
                    conds.append(self.latest_before(w, r, atomic_only=True))
                elif not isinstance(w, Init):  # some atomic write before it in so
                    rule = "order"
                    conds.append(self.rank[w.key] < self.rank[r.key])
                if visible_write and (self.mixed(r.var) or not self.model.has("sync-order")):
                    # Go's word-sized read rule binds atomic reads too: a plain write
                    # that happens between w and r hides w (docs/decisions.md)
                    conds.append(self.visible(w, r))
                    rule = "visible-write" if rule == "order" else rule
            elif visible_write:
                rule = "visible-write"
                conds.append(self.visible(w, r))
            else:
                rule = "rf"
            with self.rule(rule):
                self.constraints.append(z3.Implies(b, z3.And(*conds)))
        bools = [b for _, b in options]
        with self.rule("rf"):
            if not bools:
                self.constraints.append(z3.BoolVal(False))
            elif len(bools) == 1:
                self.constraints.append(bools[0])
            else:
                self.constraints.append(z3.PbEq([(b, 1) for b in bools], 1))

    def mixed(self, var: str) -> bool:
        """A variable the program accesses both plainly and atomically
        (atomic.AddInt64 on a plain var): decided from the text, not per execution."""
        return len(self.modes.get(var, ())) > 1

    def latest_before(self, w: Write, r: Event, atomic_only: bool) -> z3.BoolRef:
        """w is the last (atomic) write to r's variable ranked before r."""
        rr = self.rank[r.key]
        others = [w2 for w2 in self.combo.writes.get(r.var, [])
                  if w2.key != r.key and (not atomic_only or w2.atomic) and w2 is not w]
        if isinstance(w, Init):
            return z3.And(*[self.rank[w2.key] > rr for w2 in others])
        rw = self.rank[w.key]
        return z3.And(rw < rr, *[z3.Or(self.rank[w2.key] < rw, self.rank[w2.key] > rr) for w2 in others])

    def visible(self, w: Write, r: Event) -> z3.BoolRef:
        """Go's racy-read rule: r does not happen before w, and no write w2 has
        w hb w2 hb r."""
        conds = []
        if not isinstance(w, Init):
            conds.append(z3.Not(_bool(self.hb(r, w))))
        for w2 in self.combo.writes.get(r.var, []):
            if w2 is w or w2.key == r.key:
                continue
            conds.append(z3.Not(z3.And(_bool(self.hb(w, w2)), _bool(self.hb(w2, r)))))
        return z3.And(*conds)

    def no_thin_air(self) -> None:
        """acyclic(rf | dep): a rank `t` that rf and dep edges must increase."""
        targets = {e.key: e for e in self.combo.events if e.writes and (e.deps - {e.key})}
        sources = {k for e in targets.values() for k in e.deps if k != e.key}
        if not targets:
            return
        t = {k: z3.Int(f"ta:{k[0]}:{k[1]}") for k in set(targets) | sources}
        for w in targets.values():
            for k in w.deps:
                if k != w.key:
                    self.constraints.append(t[k] < t[w.key])
        for k in sources:
            for w, b in self.rf.get(k, []) + self.rf.get((*k, "len"), []):
                if not isinstance(w, Init) and w.key in targets:
                    self.constraints.append(z3.Implies(b, t[w.key] < t[k]))

    # ------------------------------------------------------------ sync objects

    def sync_events(self, var: str, kind: str) -> list[Event]:
        return [e for e in self.combo.events if e.var == var and e.kind == kind]

    def count_before(self, events: list[Event], t, weight=lambda e: 1):
        self.budget.check()  # a term of len(events) summands; objects ask one per event
        return z3.Sum([z3.If(self.rank[e.key] < t, weight(e), 0) for e in events]) if events else z3.IntVal(0)

    def sync_objects(self) -> None:
        """Each Mutex and WaitGroup follows its sequential specification along
        the ranks; Once's waiters return after f ended (spec/semantics.md,
        "Sync objects follow their sequential specification along so").
        What is static (a blocked Lock needs the mutex held at the end) is
        checked by `static_feasible`."""
        for d in self.combo.events:
            if d.kind == SELECT_DEFAULT:
                with self.rule("spec:channel"):
                    self.select_default(d)
        for v in self.program.shared:
            self.budget.check()
            evs = [e for e in self.combo.events if e.var == v.name and e.kind in SYNC_KINDS]
            if evs:
                with self.rule(f"spec:{OBJECT_RULES.get(v.kind.value, v.kind.value)}"):
                    self.object_spec(v, evs)

    def object_spec(self, v: ir.SharedVar, evs: list[Event]) -> None:
        """The sequential specification of sync object `v` (its events `evs`)."""
        if len(evs) > 1:
            self.constraints.append(z3.Distinct(*[self.rank[e.key] for e in evs]))
        if v.kind is VarKind.MUTEX:
            self.mutex_spec(v.name)
        elif v.kind is VarKind.RWMUTEX:
            self.lock_spec(v.name, evs)
        elif v.kind is VarKind.CHAN:
            self.channel_spec(v, evs)
        elif v.kind is VarKind.COND:
            self.cond_spec(v)
        elif v.kind is VarKind.WAITGROUP:
            adds = self.sync_events(v.name, WG_ADD)
            if self.skeleton and any(not isinstance(a.delta, int) for a in adds):
                return  # a computed delta is a term of unconstrained reads here: leave it to the full encoding
            for e in evs:
                count = self.count_before(adds, self.rank[e.key], lambda a: a.delta)
                if e.kind == WG_WAIT:
                    self.constraints.append(count == 0)
                elif e.fails:
                    self.constraints.append(count + e.delta < 0)
                else:
                    self.constraints.append(count + e.delta >= 0)
            if any(p.blocked_on == Blocked(Wait.WG, v.name) for p in self.combo.paths):
                # a Wait that blocks forever: the counter ends non-zero (static_feasible
                # decides this already when every delta is a constant)
                self.constraints.append(z3.Sum([z3.IntVal(0)] + [a.delta for a in adds]) != 0)
        elif v.kind is VarKind.ONCE:
            for d in self.sync_events(v.name, ONCE_DONE):
                for w in self.sync_events(v.name, ONCE_WAIT):
                    self.constraints.append(self.rank[d.key] < self.rank[w.key])

    def select_default(self, d: Event) -> None:
        """No case is ready at the select's step: no receive case has a value
        queued or offered, no send case has buffer space, no channel is closed.
        A receiver waiting on an unbuffered send case would make it ready, but a
        receiver can always be late to start waiting (its start is not
        observable), so only the buffer decides (docs/decisions.md)."""
        t = self.rank[d.key]
        for c in sorted(set(d.chans + d.send_chans)):
            sends, recvs = self.sync_events(c, CH_SEND), self.sync_events(c, CH_RECV)
            queued = self.count_before(sends, t) - self.count_before(recvs, t)
            if c in d.chans:
                self.constraints.append(queued == 0)
            if c in d.send_chans:
                self.constraints.append(queued >= self.shared[c].cap)
            self.constraints.extend(self.rank[x.key] > t for x in self.sync_events(c, CH_CLOSE))

    def immediate_send(self, snd: Event, cap: int, sends: list[Event], recvs: list[Event]) -> None:
        """A send case of a select with default fires only if it is ready at the
        select's step: buffer space, or (unbuffered) no other sender waiting and
        the receiver that takes the value already waiting: its previous step
        came first. A receive of a select with default never waits, so two such
        selects never meet."""
        t = self.rank[snd.key]
        queued = self.position(snd, sends) - self.count_before(recvs, t)
        if cap > 0:
            self.constraints.append(queued < cap)
            return
        self.constraints.append(queued == 0)
        for r in recvs:
            for s2, b in self.takes[r.key]:
                if s2 is snd:
                    self.constraints.append(z3.Implies(b, self.waiting_since(r) < t) if not r.immediate
                                            else z3.Not(b))

    def waiting_since(self, r: Event) -> z3.ArithRef:
        """The rank of the step before r in its goroutine: r may be waiting from then on."""
        events = self.combo.by_goroutine[r.goroutine].events
        return next(self.rank[e.key] for e in reversed(events[:r.index]) if e.key in self.rank)

    def position(self, e: Event, events: list[Event]):
        """How many of `events` are ranked before e (its index in so order); one
        term per (event, list), shared by every constraint that needs it (a
        receive's options each asked again: cubic in the channel's events)."""
        key = (e.key, tuple(x.key for x in events))
        if key not in self.positions:
            self.budget.check()  # each term has len(events) summands
            self.positions[key] = self.count_before([x for x in events if x is not e], self.rank[e.key])
        return self.positions[key]

    def channel_spec(self, v: ir.SharedVar, evs: list[Event]) -> None:
        """A FIFO queue of capacity C along the ranks: the k-th receive takes the
        k-th send's value; the (k+C)-th send completes only after the k-th
        receive; a closed channel yields its queued values, then zero values."""
        sends, recvs = self.sync_events(v.name, CH_SEND), self.sync_events(v.name, CH_RECV)
        closes = self.sync_events(v.name, CH_CLOSE)
        for r in recvs:
            self.budget.check()
            options = self.takes[r.key]
            if not options:
                self.constraints.append(z3.BoolVal(False))
                continue
            self.constraints.append(z3.PbEq([(b, 1) for _, b in options], 1))
            for snd, b in options:
                self.constraints.append(z3.Implies(b, z3.And(
                    self.position(snd, sends) == self.position(r, recvs), self.rank[snd.key] < self.rank[r.key],
                    r.read == to_z3(snd.written.term, v.type))))
        path_of = self.combo.by_goroutine
        for snd in sends:
            self.budget.check()
            if snd.immediate:
                self.immediate_send(snd, v.cap, sends, recvs)
            events = path_of[snd.goroutine].events
            done = events[snd.index + 1] if snd.index + 1 < len(events) else None
            need = self.position(snd, sends) + 1 - v.cap  # receives completed before it can complete
            if done is not None and done.kind == CH_SEND_DONE:
                self.constraints.append(self.count_before(recvs, self.rank[done.key]) >= need)
                for x in closes:
                    self.constraints.append(self.rank[done.key] < self.rank[x.key])
            else:  # waits forever: never enough receives
                self.constraints.append(z3.IntVal(len(recvs)) < need)
        for e in evs:
            if e.kind in (CH_RECV_CLOSED, CH_CLOSE_FAIL, CH_SEND_PANIC):
                for x in closes:
                    self.constraints.append(self.rank[x.key] < self.rank[e.key])
            if e.kind == CH_RECV_CLOSED:  # every queued value was taken before
                self.constraints.append(self.count_before(recvs, self.rank[e.key]) == len(sends))

    def join_of(self, wake: Event) -> Event:
        events = self.combo.by_goroutine[wake.goroutine].events
        return next(e for e in reversed(events[:wake.index]) if e.kind == COND_JOIN)

    def cond_spec(self, v: ir.SharedVar) -> None:
        """The wait list along the ranks: a waiter is woken by one Signal or
        Broadcast made after it joined; a Signal wakes one waiter if any is
        waiting (else it is lost); a Broadcast wakes every waiter waiting."""
        joins = self.sync_events(v.name, COND_JOIN)
        wake_of = {self.join_of(w).key: w for w in self.sync_events(v.name, COND_WAKE)}
        wakers = self.sync_events(v.name, SIGNAL) + self.sync_events(v.name, BROADCAST)

        def woken_before(j: Event, t):
            w = wake_of.get(j.key)
            if w is None:
                return z3.BoolVal(False)  # waits forever
            return z3.Or(*[z3.And(b, self.rank[x.key] < t) for x, b in self.woken_by[w.key]] or [False])

        for w in wake_of.values():
            options = self.woken_by[w.key]
            j = self.join_of(w)
            self.constraints.append(z3.PbEq([(b, 1) for _, b in options], 1) if options else z3.BoolVal(False))
            for x, b in options:
                self.constraints.append(z3.Implies(b, z3.And(self.rank[j.key] < self.rank[x.key],
                                                             self.rank[x.key] < self.rank[w.key])))
        for x in wakers:
            t = self.rank[x.key]
            mine = [b for w in wake_of.values() for y, b in self.woken_by[w.key] if y is x]
            waiting = [z3.And(self.rank[j.key] < t, z3.Not(woken_before(j, t))) for j in joins]
            if x.kind == SIGNAL:
                self.constraints.append(z3.AtMost(*mine, 1) if mine else z3.BoolVal(True))
                self.constraints.append(z3.Implies(z3.Not(z3.Or(*mine, False)), z3.Not(z3.Or(*waiting, False))))
            else:  # every waiter waiting at a Broadcast is woken by it
                for j, wait in zip(joins, waiting):
                    w = wake_of.get(j.key)
                    wb = next((b for y, b in self.woken_by[w.key] if y is x), None) if w else None
                    self.constraints.append(z3.Implies(wait, wb if wb is not None else z3.BoolVal(False)))

    def mutex_spec(self, var: str) -> None:
        """A Mutex along the ranks: its critical sections are disjoint intervals.
        Each Unlock releases one Lock, the last Lock before it (no other Lock
        comes between); a Lock no Unlock releases comes after every other
        operation (it is held at the end); a failing Unlock lies outside every
        critical section. Pure order constraints, which Z3 decides faster than
        the counts of `lock_spec` (same specification)."""
        locks, unlocks = self.sync_events(var, LOCK), self.sync_events(var, UNLOCK)
        r = self.rank
        released = {l.key: [] for l in locks}
        for u in unlocks:
            self.budget.check()
            options = []
            for l in locks:
                b = z3.Bool(f"releases:{u.goroutine}:{u.index}->{l.goroutine}:{l.index}")
                options.append((b, 1))
                released[l.key].append(b)
                self.constraints.append(z3.Implies(b, z3.And(r[l.key] < r[u.key], *[
                    z3.Or(r[l2.key] < r[l.key], r[l2.key] > r[u.key]) for l2 in locks if l2 is not l])))
                for f in self.sync_events(var, UNLOCK_FAIL):
                    self.constraints.append(z3.Implies(b, z3.Or(r[f.key] < r[l.key], r[f.key] > r[u.key])))
            self.constraints.append(z3.PbEq(options, 1) if options else z3.BoolVal(False))
        for l in locks:
            bs = released[l.key]
            if len(bs) > 1:
                self.constraints.append(z3.AtMost(*bs, 1))
            held = z3.Not(z3.Or(*bs)) if bs else z3.BoolVal(True)
            later = [x for x in locks + unlocks + self.sync_events(var, UNLOCK_FAIL) if x is not l]
            self.constraints.append(z3.Implies(held, z3.And(*[r[x.key] < r[l.key] for x in later])))

    def lock_spec(self, var: str, evs: list[Event]) -> None:
        """RWMutex along the ranks: W writers hold (0 or 1), R readers hold, P
        writers are pending (a Lock called but not returned)."""
        ev = {k: self.sync_events(var, k) for k in (LOCK, UNLOCK, RLOCK, RUNLOCK, RW_PENDING)}

        def W(t):
            return self.count_before(ev[LOCK], t) - self.count_before(ev[UNLOCK], t)

        def R(t):
            return self.count_before(ev[RLOCK], t) - self.count_before(ev[RUNLOCK], t)

        def P(t):
            return self.count_before(ev[RW_PENDING], t) - self.count_before(
                [e for e in ev[LOCK] if not e.tried], t)

        for e in evs:
            t = self.rank[e.key]
            match e.kind:
                case "LOCK":
                    self.constraints.append(z3.And(W(t) == 0, R(t) == 0))
                case "UNLOCK":
                    self.constraints.append(W(t) == 1)
                case "UNLOCK_FAIL":
                    self.constraints.append(W(t) == 0)
                case "RLOCK":  # no writer holds, none is waiting
                    self.constraints.append(z3.And(W(t) == 0, P(t) == 0))
                case "RUNLOCK":
                    self.constraints.append(R(t) >= 1)
                case "RUNLOCK_FAIL":
                    self.constraints.append(R(t) == 0)

    # ------------------------------------------------------------ happens-before

    def sw_rule(self, var: str) -> bool:
        kind = self.shared[var].kind
        return self.model.has("atomic-value" if kind is VarKind.VALUE else "atomic")

    def is_acquire(self, e: Event) -> bool:
        """Events that synchronizes-with edges can end at (under the model's rules)."""
        if e.kind == START:
            return True
        if e.kind in (LOCK, RLOCK, WG_WAIT, ONCE_WAIT, CH_RECV, CH_RECV_CLOSED, CH_SEND_DONE, COND_WAKE):
            return self.model.object_synchronizes(self.shared[e.var].kind.value)
        return e.reads and e.atomic and e.observes and self.sw_rule(e.var)

    def acquire_rule(self, p: Event) -> str:
        """The model rule of the sw edges that end at acquire event p."""
        kind = self.shared[p.var].kind
        if p.reads and p.atomic:
            return "atomic-value" if kind is VarKind.VALUE else "atomic"
        return OBJECT_RULES[kind.value]

    def sw_sources(self, p: Event) -> list[tuple[Event, object]]:
        """(source, condition) of every synchronizes-with edge that may end at p."""
        if p.kind in (LOCK, RLOCK):
            # S9: Unlock #n is synchronized before Lock #m returns, n < m; S10: on an RWMutex,
            # an Unlock before an RLock synchronizes with it, and an RUnlock before a Lock
            kinds = (UNLOCK, RUNLOCK) if p.kind == LOCK else (UNLOCK,)
            return [(u, self.rank[u.key] < self.rank[p.key]) for k in kinds for u in self.sync_events(p.var, k)]
        if p.kind == WG_WAIT:  # S13: a Done (negative Add) before Wait returns synchronizes with it
            return [(a, z3.And(self.rank[a.key] < self.rank[p.key], a.delta < 0) if not isinstance(a.delta, int)
                     else self.rank[a.key] < self.rank[p.key])
                    for a in self.sync_events(p.var, WG_ADD) if not isinstance(a.delta, int) or a.delta < 0]
        if p.kind == ONCE_WAIT:  # S12: the end of f is synchronized before every Do returns
            return [(d, True) for d in self.sync_events(p.var, ONCE_DONE)]
        if p.kind == COND_WAKE:  # S14: Signal or Broadcast synchronizes before the Wait it unblocks
            return list(self.woken_by[p.key])
        if p.kind == CH_RECV:  # S5: a send is synchronized before the completion of its receive
            return list(self.takes[p.key])
        if p.kind == CH_RECV_CLOSED:  # S6: close is synchronized before a receive that sees it
            return [(x, True) for x in self.sync_events(p.var, CH_CLOSE)]
        if p.kind == CH_SEND_DONE:  # S7, S8: the k-th receive before the (k+C)-th send completes
            send = self.combo.by_goroutine[p.goroutine].events[p.index - 1]
            cap = self.shared[p.var].cap
            recvs = self.sync_events(p.var, CH_RECV)
            return [(r, self.position(r, recvs) == self.position(send, self.sync_events(p.var, CH_SEND)) - cap)
                    for r in recvs]
        # an atomic write observed by this atomic read
        return [(w, b) for w, b in self.rf.get(p.key, []) if not isinstance(w, Init) and w.atomic]

    def view(self, b: Event, g: str):
        """Largest index of g's events that happen before b (int or Z3 term)."""
        path = self.combo.by_goroutine[b.goroutine]
        for i in range(b.index, -1, -1):
            e = path.events[i]
            if self.is_acquire(e):
                return self.acquire_view(e, g)
        return -1

    def release_view(self, w: Event, g: str):
        return w.index if w.goroutine == g else self.view(w, g)

    def acquire_view(self, p: Event, g: str):
        key = (p.goroutine, p.index, g)
        if key in self.vc:
            return self.vc[key]
        if p.kind == START:
            parent = self.combo.parents.get(p.goroutine)
            if parent is not None:
                src = self.combo.by_goroutine[parent[0]].events[parent[1]]
                value = self.release_view(src, g) if self.combo.go_edges else -1
            elif "init" in self.combo.by_goroutine and p.goroutine != "init" and self.combo.init_edges:
                init_path = self.combo.by_goroutine["init"]
                value = self.release_view(init_path.events[-1], g)
            else:
                value = -1
            self.vc[key] = value
            return value
        assert not p.reads or p.key in self.rf, "happens-before is built after every rf option exists"
        var = z3.Int(f"vc:{p.goroutine}:{p.index}:{g}")
        self.vc[key] = var
        prev = self.view(self.combo.by_goroutine[p.goroutine].events[p.index - 1], g)
        terms = [prev]
        for src, cond in self.sw_sources(p):
            view = self.release_view(src, g)
            terms.append(view if cond is True else z3.If(cond, view, -1))
        expr = terms[0]
        for t in terms[1:]:
            expr = _max(expr, t)
        with self.rule(self.acquire_rule(p)):
            self.constraints.append(var == expr)
        return var

    def hb(self, a: Write, b: Write):
        """Whether a happens before b: a Python bool when static, else a Z3 term."""
        if self.combo.static_hb(a, b):
            return True
        if isinstance(a, Init) or isinstance(b, Init) or a.goroutine == b.goroutine:
            return False  # static_hb decides these exactly
        return a.index <= self.view(b, a.goroutine)

    def race(self, a: Event, b: Event) -> z3.BoolRef:
        self.budget.check()
        unordered = z3.And(z3.Not(_bool(self.hb(a, b))), z3.Not(_bool(self.hb(b, a))))
        return unordered if self.exit_rank is None else z3.And(self.executed(a), self.executed(b), unordered)

    # ------------------------------------------------------------ final values

    def final_value(self, v: ir.SharedVar) -> z3.ExprRef:
        """The value a final observer reads (spec/semantics.md, "Outcomes")."""
        typ = v.type
        ws = self.combo.writes.get(v.name, [])
        if not ws:
            return to_z3(v.init, typ)
        if self.exit_rank is not None:  # a .go program that exits: its executed writes
            ws = [Init(v.name)] + ws
        atomic_only = self.modes.get(v.name) == frozenset([True]) and self.model.has("sync-order")
        if self.mode == INTERLEAVING or atomic_only:
            expr = self.value_of(ws[-1], typ)
            for w in reversed(ws[:-1]):
                self.budget.check()  # each write states O(writes) terms
                last = self.last_write(w, ws)
                expr = z3.If(last, self.value_of(w, typ), expr)
            return expr
        # plain: any write no other write happens after; for a string, each word
        # on its own (the observer's read is two word reads, as in `tears`)
        data = self.final_choice(f"final:{v.name}", ws)
        if typ != "string":
            return data(lambda w: self.value_of(w, typ))
        length = self.final_choice(f"final-len:{v.name}", ws)
        return data(lambda wd: length(lambda wl: self.value_of(wd, typ) if wd is wl
                                      else torn(self.value_of(wd, typ), self.value_of(wl, typ))))

    def last_write(self, w: Write, ws: list[Write]) -> z3.BoolRef:
        """w is the last of `ws` in rank order (of those executed, in a .go program that exits)."""
        others = [w2 for w2 in ws if w2 is not w and not isinstance(w2, Init)]
        if self.exit_rank is None:
            return z3.And(*[self.rank[w2.key] < self.rank[w.key] for w2 in others])
        if isinstance(w, Init):
            return z3.And(*[z3.Not(self.executed(w2)) for w2 in others])
        return z3.And(self.executed(w), *[z3.Or(z3.Not(self.executed(w2)), self.rank[w2.key] < self.rank[w.key])
                                          for w2 in others])

    def final_choice(self, name: str, ws: list[Event]):
        """A selector over the writes no other write happens after; returns
        `pick(f)`, the term f(w) of the selected write w."""
        sel = z3.Int(name)
        self.constraints.append(z3.And(sel >= 0, sel < len(ws)))
        for i, w in enumerate(ws):
            self.budget.check()
            if self.exit_rank is None:
                maximal = z3.And(*[z3.Not(_bool(self.hb(w, w2))) for w2 in ws if w2 is not w])
            else:
                maximal = z3.And(self.executed(w), *[z3.Not(z3.And(self.executed(w2), _bool(self.hb(w, w2))))
                                                     for w2 in ws if w2 is not w])
            self.constraints.append(z3.Implies(sel == i, maximal))

        def pick(f):
            expr = f(ws[-1])
            for i in range(len(ws) - 2, -1, -1):
                expr = z3.If(sel == i, f(ws[i]), expr)
            return expr

        return pick


def exit_events(combo: Combo) -> list[Event]:
    """The ENDs a .go program may end at: main's (it returned), an os.Exit's, a panic's."""
    return [p.events[-1] for p in combo.paths
            if p.events and p.events[-1].kind == END
            and (p.goroutine == "main" or p.exit is not None or p.status is Status.PANIC)]


def _known_sum(deltas) -> int | None:
    """The sum of WaitGroup deltas, or None if one is computed from reads."""
    deltas = list(deltas)
    return sum(deltas) if all(isinstance(d, int) for d in deltas) else None


def _max(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return max(a, b)
    return z3.If(a >= b, a, b)


def _bool(x) -> z3.BoolRef:
    return z3.BoolVal(x) if isinstance(x, bool) else x


def _len_key(r: Event) -> tuple:
    """The rf key of the length word of string read r (Encoding.tears)."""
    return (*r.key, "len")


def _wname(w: Write) -> str:
    return f"init:{w.var}" if isinstance(w, Init) else f"{w.goroutine}:{w.index}"

