"""Control paths: each goroutine, run symbolically, as event sequences.

A read returns a fresh symbolic value (a Z3 constant named after the event);
a branch on a symbolic value forks the path, and the branch condition joins
the path condition. So a `Path` is one way through a goroutine's code: its
events in program order, the constraints its read values must meet, its
locals' final values, what it printed, how it ended, and the goroutines it
started. Values that do not depend on reads stay plain Python values.

Every written value carries the reads it depends on (data dependencies
through locals, and control dependencies of the branches it lies in and of
earlier code that could leave early: litmus/effects.py, State.ctrl): that is
the `dep` relation of the no-thin-air axiom.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Iterable

import z3

from litmus import arith, ops
from litmus import program as ir
from litmus.effects import LOOP, RETURN, STOP, SEMANTIC_READS, exits, may_stop, same_code, stops
from litmus.limits import MAX_PATHS, too_large
from litmus import primitives
from litmus.primitives import channel, goroutine, mutex, once, rwmutex, select, waitgroup
from litmus.primitives import cond as sync_cond
from litmus.primitives import value as atomic_value
from litmus.program import INT_TYPES, VarKind, zero_value
from litmus.report.outcome import Status
from litmus.solver.z3util import Budget, make_solver
from litmus.solver.z3values import BOX_TYPES, accessor, constructor, recognizer, to_z3
from litmus.values import Boxed, format_piece

READ, WRITE, RMW = "R", "W", "RMW"
# The sync events, at their place in the synchronization order: each primitive's
# module names its own (litmus/primitives); these are the short names this stage uses.
GO, START, END = goroutine.Event
LOCK, UNLOCK, UNLOCK_FAIL = mutex.Event  # Lock returns / Unlock / Unlock of a free mutex
RW_PENDING, RLOCK, RUNLOCK, RUNLOCK_FAIL = rwmutex.Event  # RW_PENDING: Lock called, keeps new readers out
WG_ADD, WG_WAIT = waitgroup.Event  # Add(delta) (Done is -1) / Wait returns
ONCE_RUN, ONCE_DONE, ONCE_WAIT = once.Event  # Do runs f / f ended / Do returns
COND_JOIN, COND_WAKE, SIGNAL, BROADCAST = sync_cond.Event  # Wait joins the list (then unlocks), is woken
CH_SEND, CH_SEND_DONE, CH_RECV, CH_RECV_CLOSED, CH_CLOSE, CH_CLOSE_FAIL, CH_SEND_PANIC = channel.Event
(SELECT_DEFAULT,) = select.Event  # a select takes its default: no receive case was ready
# a .go program's print to stdout or stderr: ranked, so that the prints of all goroutines have
# one order, consistent with program order and the synchronization order (docs/semantics.md)
PRINT = "PRINT"
SYNC_KINDS = {GO, START, END, LOCK, UNLOCK, UNLOCK_FAIL, RW_PENDING, RLOCK, RUNLOCK, RUNLOCK_FAIL,
              WG_ADD, WG_WAIT, ONCE_RUN, ONCE_DONE, ONCE_WAIT,
              CH_SEND, CH_SEND_DONE, CH_RECV, CH_RECV_CLOSED, CH_CLOSE, CH_CLOSE_FAIL, CH_SEND_PANIC,
              COND_JOIN, COND_WAKE, SIGNAL, BROADCAST, SELECT_DEFAULT, PRINT}


class Wait(StrEnum):
    """What a path waits for forever (Path.blocked_on): the encoding checks it
    cannot complete (solver/encode.py static_feasible, object specifications)."""

    LOCK = "lock"  # Mutex/RWMutex Lock
    RLOCK = "rlock"
    WG = "wait"  # WaitGroup.Wait
    COND = "cwait"  # Cond.Wait, never woken
    ONCE = "once"  # a Do whose f never ends
    SEND = "send"
    RECV = "recv"
    SELECT = "select"  # no case can become ready
    SPIN = "spin"  # a spin loop that spins forever


@dataclass(frozen=True, slots=True)
class Blocked:
    wait: Wait
    var: str = ""  # the object waited on ("" for a select or a spin)
    cases: tuple[tuple[str, str], ...] = ()  # a select's cases: ("send" | "recv", channel)


@dataclass(frozen=True, slots=True)
class V:
    """A value: a Python constant or a Z3 term, with the reads it depends on."""

    term: object
    deps: frozenset = frozenset()

    @property
    def concrete(self) -> bool:
        return not isinstance(self.term, z3.ExprRef)


@dataclass(frozen=True, slots=True)
class Event:
    """One event of a path. `key` = (goroutine, index) is its identity."""

    goroutine: str
    index: int
    kind: str  # READ, WRITE, RMW, GO, START, END
    var: str | None = None
    atomic: bool = False
    value_op: bool = False  # an atomic.Value operation
    read: z3.ExprRef | None = None  # the value a READ/RMW returns
    written: V | None = None  # the value a WRITE/RMW stores
    deps: frozenset = frozenset()  # reads (keys) the written value depends on
    line: int = 0
    col: int = 0
    child: str | None = None  # GO: the goroutine it starts
    observes: bool = True  # False: a read no synchronizes-with edge comes from (Value.Store's type check)
    delta: int | z3.ArithRef = 0  # WG_ADD: the amount added (a term when computed from reads)
    fails: bool = False  # WG_ADD that makes the counter negative (then the goroutine panics)
    tried: bool = False  # LOCK / RLOCK of a successful TryLock / TryRLock (never pending)
    eternal: bool = False  # a read of a spin loop's last iteration, which spins forever: after everything
    chans: tuple[str, ...] = ()  # SELECT_DEFAULT: the channels of its receive cases
    send_chans: tuple[str, ...] = ()  # SELECT_DEFAULT: the channels of its send cases
    immediate: bool = False  # CH_SEND / CH_RECV of a select with default: it never waits
    stream: str = ""  # PRINT: ir.STDOUT or ir.STDERR
    pieces: tuple = ()  # PRINT: what it prints, as Path.out's pieces

    @property
    def key(self) -> tuple[str, int]:
        return (self.goroutine, self.index)

    @property
    def reads(self) -> bool:
        return self.kind in (READ, RMW)

    @property
    def writes(self) -> bool:
        return self.kind in (WRITE, RMW)

    @property
    def sync(self) -> bool:
        return self.atomic or self.kind in SYNC_KINDS


@dataclass(frozen=True, slots=True)
class Path:
    goroutine: str
    events: tuple[Event, ...]
    condition: tuple[z3.BoolRef, ...]
    locals: tuple[tuple[str, str, V], ...]  # (local id, type, value) for assigned locals
    out: tuple[tuple[object, str, str], ...]  # printed pieces: (V, type, verb), or (text, "sep", "")
    status: Status
    panic: tuple[tuple[object, str, str], ...] = ()  # panic message pieces, the same way
    spawns: tuple[tuple[ir.Goroutine, tuple[V, ...], frozenset], ...] = ()  # child, args, ctrl
    blocked_on: Blocked | None = None  # what it waits for forever, when BLOCKED or SPINNING
    exit: V | None = None  # os.Exit's status code: the program ends at this path's END
    fatal: bool = False  # its panic is a fatal error ("fatal error: MSG" in a .go program)


@dataclass
class State:
    goroutine: str
    locals: dict = field(default_factory=dict)  # id -> (type, V)
    events: list = field(default_factory=list)
    pc: list = field(default_factory=list)
    lexical: frozenset = frozenset()  # conditions of the enclosing ifs and loops
    leaked: dict = field(default_factory=lambda: dict.fromkeys((RETURN, LOOP, STOP), frozenset()))
    out: list = field(default_factory=list)
    spawns: list = field(default_factory=list)
    status: Status = Status.OK
    panic: tuple = ()
    flow: str = ""  # "", "break", "continue", "return", "end"
    blocked_on: Blocked | None = None
    eternal: bool = False  # in the iteration a spin loop repeats forever
    merged: frozenset = frozenset()  # ids of pc terms of ifs with identical arms (data_deps)
    exit: V | None = None  # os.Exit ran with this code
    # deferred calls: one list of (body, ctrl at the defer) per open function, innermost last
    frames: list = field(default_factory=lambda: [[]])
    panic_value: V | None = None  # what recover() returns for the current panic (None: its message)
    panicking: tuple | None = None  # (pieces, value) of the panic a deferred call runs during
    deferring: int = 0  # deferred calls running
    fatal: bool = False  # the panic is a fatal error (primitives.Method.fatal): nothing more runs

    def fork(self) -> "State":
        return State(self.goroutine, dict(self.locals), list(self.events), list(self.pc), self.lexical,
                     dict(self.leaked), list(self.out), list(self.spawns), self.status, self.panic, self.flow,
                     self.blocked_on, self.eternal, self.merged, self.exit, [list(f) for f in self.frames],
                     self.panic_value, self.panicking, self.deferring, self.fatal)

    @property
    def ctrl(self) -> frozenset:
        """The reads whether this code runs depends on: the enclosing conditions,
        and those of earlier code that could leave the scope still open
        (effects.py: RETURN to the helper's end, LOOP to the loop's, STOP for good)."""
        return self.lexical | self.leaked[RETURN] | self.leaked[LOOP] | self.leaked[STOP]

    def leak(self, kind: str, deps: frozenset) -> None:
        self.leaked[kind] = self.leaked[kind] | deps

    def close_scope(self, kind: str, leaked: frozenset, stops: bool, lexical: frozenset | None = None) -> None:
        """The end of a helper (RETURN) or loop (LOOP) that started with `leaked`
        (and `lexical`): what follows no longer depends on the conditions that
        could leave it early (or on the loop's tests), unless its body `stops`
        (effects.py: may end the goroutine): then reaching here depends on them for good."""
        if stops:
            self.leak(STOP, self.leaked[kind] | (self.lexical if lexical is not None else frozenset()))
        self.leaked[kind] = leaked
        if lexical is not None:
            self.lexical = lexical

    def add_event(self, **kw) -> Event:
        if self.eternal:
            kw["eternal"] = True
        e = Event(self.goroutine, len(self.events), **kw)
        self.events.append(e)
        return e

    def die(self, status: Status, panic: tuple = (), value: "V | None" = None, fatal: bool = False) -> "State":
        """End the goroutine; a panic unwinds through the deferred calls first
        (PathBuilder.run_defers); `value` is what recover() then returns. A
        fatal error runs no deferred call."""
        self.status, self.panic, self.flow, self.panic_value, self.fatal = status, panic, "end", value, fatal
        return self

    def block_on(self, wait: Wait, var: str = "", cases: tuple = ()) -> "State":
        """Wait forever at this operation (the encoding checks it cannot complete)."""
        self.blocked_on = Blocked(wait, var, cases)
        return self.die(Status.BLOCKED)


def _scalar(t: z3.ExprRef) -> bool:
    """Ints and bools: the reads whose values both engines vary (docs/decisions.md)."""
    return z3.is_bv(t) or z3.is_bool(t)


def _free_consts(terms) -> set:
    out, todo, seen = set(), [t for t in terms if isinstance(t, z3.ExprRef)], set()
    while todo:
        t = todo.pop()
        if t.get_id() in seen:
            continue
        seen.add(t.get_id())
        if z3.is_const(t) and t.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            out.add(t)
        todo.extend(t.children())
    return out


def read_var(goroutine: str, index: int, typ: str) -> z3.ExprRef:
    from litmus.solver.z3values import sort_of

    return z3.Const(f"{goroutine}:{index}", sort_of(typ))


class PathBuilder:
    """Symbolic execution of one goroutine (see module doc)."""

    def __init__(self, program: ir.Program, unroll: int, budget: Budget | None = None):
        self.program = program
        self.shared = program.shared_by_name
        self.unroll = unroll
        self.value_types = stored_types(program)
        self.budget = budget or Budget(None)
        # a channel no close statement names is never closed: its receives never see
        # it closed, its sends never panic (without this, n receives make 2^n paths)
        self.closable = ir.closed_channels(program)

    def paths(self, g: ir.Goroutine, args: tuple[V, ...] = (), *, ctrl: frozenset = frozenset(),
              is_init: bool = False) -> list[Path]:
        """Every path of `g`; a child gets its arguments and the control
        dependencies of its `go` statement (it runs only because that ran)."""
        st = State(g.name, lexical=ctrl)
        st.add_event(kind=START, line=g.span.line, col=g.span.column)
        for p, a in zip(g.params, args):
            st.locals[p.id] = (p.type, a)
        finals = [s2 for s in self.block(g.body, [st]) for s2 in self.run_defers(s)]
        out = []
        for s in finals:
            # a .go program ends at the END of main, of an os.Exit or of a panic (docs/semantics.md)
            if is_init or (self.program.go and s.status in (Status.OK, Status.PANIC)):
                s.add_event(kind=END)
            out.append(Path(g.name, tuple(s.events), tuple(s.pc),
                            tuple((k, t, v) for k, (t, v) in s.locals.items()),
                            tuple(s.out), s.status, s.panic, tuple(s.spawns), s.blocked_on, s.exit,
                            s.status is Status.PANIC and s.fatal))
        return out

    # ------------------------------------------------------------ statements

    def block(self, stmts: Iterable[ir.Stmt], states: list[State]) -> list[State]:
        for stmt in stmts:
            self.budget.check()
            nxt: list[State] = []
            for st in states:
                if st.flow:
                    nxt.append(st)
                else:
                    nxt.extend(self.stmt(stmt, st))
            states = nxt
            if len(states) > MAX_PATHS:
                raise too_large(
                    f"goroutine {states[0].goroutine} has more than {MAX_PATHS} control paths "
                    f"once this statement has run", stmt.span,
                    "every branch on a shared value, select case, channel or sync operation and "
                    "loop iteration multiplies the paths: split the goroutine, use fewer of them "
                    "in a row, or a smaller --unroll (docs/limits.md)")
        return states

    def stmt(self, s: ir.Stmt, st: State) -> list[State]:
        match s:
            case ir.SetLocals(targets, values):
                return self.set_locals(targets, values, st)
            case ir.Write(var, value):
                out = []
                for v, st2 in self.eval(value, st):
                    if st2.flow:
                        out.append(st2)
                        continue
                    st2.add_event(kind=WRITE, var=var, written=v, deps=self.data_deps(v, st2) | st2.ctrl,
                                  line=s.span.line, col=s.span.column)
                    out.append(st2)
                return out
            case ir.Eval(expr):
                return [st2 for _, st2 in self.eval(expr, st)]
            case ir.If(cond, then, orelse):
                return self.if_stmt(cond, then, orelse, st)
            case ir.Unrolled(iterations):
                return self.unrolled(iterations, st)
            case ir.Loop():
                return self.loop(s, st)
            case ir.Inline(body):
                scope, stops = st.leaked[RETURN], STOP in exits(body)
                out = self.call(body, st)
                for st2 in out:
                    st2.close_scope(RETURN, scope, stops)  # an early return leaves only the helper
                return out
            case ir.Defer(body):
                st.frames[-1].append((body, st.ctrl))
                return [st]
            case ir.Break():
                st.flow = "break"
                return [st]
            case ir.Continue():
                st.flow = "continue"
                return [st]
            case ir.Return():
                st.flow = "return"
                return [st]
            case ir.Panic(pieces=pieces) if pieces:
                states = [(st, [])]
                for piece in pieces:
                    if piece.expr is None:
                        states = [(st1, vals + [(piece.text, "sep", "")]) for st1, vals in states]
                    else:
                        states = [(st2, vals + [(v, piece.expr.type, piece.verb)])
                                  for st1, vals in states for v, st2 in self.eval(piece.expr, st1)]
                for st2, vals in states:
                    if not st2.flow:
                        st2.die(Status.PANIC, tuple(vals))
                return [st2 for st2, _ in states]
            case ir.Panic(value):
                out = []
                for v, st2 in self.eval(value, st):
                    if not st2.flow:
                        st2.die(Status.PANIC, panic_pieces(v, value.type), v if value.type == "any" else box(v, value.type))
                    out.append(st2)
                return out
            case ir.Print():
                return self.print_stmt(s, st)
            case ir.Exit(code):
                out = []
                for v, st2 in self.eval(code, st):
                    if not st2.flow:
                        st2.exit = v
                        st2.die(Status.OK)
                    out.append(st2)
                return out
            case ir.Spawn(child, args):
                return self.spawn(s, child, args, st)
            case ir.OnceDo(var, body):
                return self.once_do(s, var, body, st)
            case ir.ChanSend(var, value):
                return self.chan_send(s, var, value, st)
            case ir.ChanClose(var):
                where = dict(var=var, line=s.span.line, col=s.span.column)
                failing = st.fork()
                st.add_event(kind=CH_CLOSE, **where)
                failing.add_event(kind=CH_CLOSE_FAIL, **where)
                return [st, failing.die(Status.PANIC, ((channel.CLOSE_OF_CLOSED, "sep", ""),))]
            case ir.RangeLoop():
                return self.range_loop(s, st)
            case ir.Select(cases):
                return self.select(s, cases, st)
        raise AssertionError(f"unknown statement {s!r}")

    def set_locals(self, targets, values, st: State) -> list[State]:
        if len(values) == 1 and len(targets) == 2:  # comma-ok assertion
            out = []
            for v, st2 in self.eval(values[0], st):
                if st2.flow:
                    out.append(st2)
                    continue
                value, ok = v.term
                for t, part in zip(targets, (value, ok)):
                    if t is not None:
                        st2.locals[t.id] = (t.type, V(part, v.deps))
                out.append(st2)
            return out
        states = [(st, [])]
        for e in values:
            nxt = []
            for st1, vals in states:
                if st1.flow:
                    nxt.append((st1, vals))
                    continue
                for v, st2 in self.eval(e, st1):
                    nxt.append((st2, vals + [v]))
            states = nxt
        out = []
        for st2, vals in states:
            if not st2.flow:
                for t, v in zip(targets, vals):
                    if t is not None:
                        st2.locals[t.id] = (t.type, v)
            out.append(st2)
        return out

    def may_panic(self, cond: V, st: State, panics_on: bool) -> list[tuple[bool, State]]:
        """Fork on a run-time check; the state that goes on depends on the
        check's operands (it exists only because the check passed)."""
        out = self.branch(cond, st)
        for side, st2 in out:
            if side != panics_on:
                st2.leak(STOP, cond.deps)
        return out

    def branch(self, cond: V, st: State) -> list[tuple[bool, State]]:
        """The sides a boolean value can take, each in its own state."""
        if cond.concrete:
            return [(bool(cond.term), st)]
        simp = z3.simplify(cond.term)
        if z3.is_true(simp):
            return [(True, st)]
        if z3.is_false(simp):
            return [(False, st)]
        yes, no = st, st.fork()
        yes.pc.append(cond.term)
        no.pc.append(z3.Not(cond.term))
        return [(True, yes), (False, no)]

    def data_deps(self, v: V, st: State) -> frozenset:
        """The reads of this goroutine that the stored value `v` really depends on
        (docs/decisions.md, "Dependencies are semantic"): a read r stays unless
        the term is the same for every two values of r (Z3 decides, over every
        value of every variable; unknown keeps r; a concrete value is the
        same). A read the path has branched on stays: which term this path has
        may depend on it."""
        if not v.deps or (v.concrete and not isinstance(v.term, (bool, int))):
            return v.deps  # (a Boxed or tuple value may hold terms)
        reads = {e.key: e.read for e in st.events if e.read is not None}
        mine = [k for k in sorted(v.deps) if k in reads and _scalar(reads[k])]
        if not 0 < len(mine) <= SEMANTIC_READS:
            return v.deps
        branched = {str(c) for c in _free_consts(
            [c for c in st.pc if not (isinstance(c, z3.ExprRef) and c.get_id() in st.merged)])}
        keep = set(v.deps)
        for k in mine:
            r = reads[k]
            if str(r) in branched:
                continue
            if v.concrete:  # an int or bool: the same on every value of r that keeps to this path
                keep.discard(k)
                continue
            if v.term.eq(r):
                continue
            other = z3.FreshConst(r.sort(), "alt")
            s = make_solver()
            s.set("rlimit", 2_000_000)  # deterministic, unlike a timeout
            s.add(v.term != z3.substitute(v.term, (r, other)))
            if s.check() == z3.unsat:
                keep.discard(k)
        return frozenset(keep)

    def if_stmt(self, cond, then, orelse, st: State) -> list[State]:
        out = []
        for c, st1 in self.eval(cond, st):
            if st1.flow:
                out.append(st1)
                continue
            leaves = exits(then) | exits(orelse)
            # identical arms: the compiler merges them, nothing depends on the condition
            merged, cdeps = same_code(then, orelse), c.deps
            if merged:
                cdeps = frozenset()
            n = len(st1.pc)
            for side, st2 in self.branch(c, st1):
                if merged:  # (the paths still fork: each reports its own arm's positions)
                    st2.merged = st2.merged | {t.get_id() for t in st2.pc[n:]}
                saved = st2.lexical
                st2.lexical = saved | cdeps
                for kind in leaves:  # whichever side this path takes
                    st2.leak(kind, cdeps)
                results = self.block(then if side else orelse, [st2])
                for r in results:
                    # writes inside the branch depend on the condition; after the join
                    # only if an arm can leave early (then what follows runs on some sides)
                    r.lexical = saved
                out.extend(results)
        return out

    def unrolled(self, iterations, st: State) -> list[State]:
        scope = st.leaked[LOOP]
        live, done = [st], []
        for body in iterations:
            nxt = []
            for st1 in self.block(body, live):
                if st1.flow == "continue":
                    st1.flow = ""
                if st1.flow == "break":
                    st1.flow = ""
                    done.append(st1)
                elif st1.flow:
                    done.append(st1)
                else:
                    nxt.append(st1)
            live = nxt
        stops = STOP in exits([x for it in iterations for x in it])
        for st1 in live + done:
            st1.close_scope(LOOP, scope, stops)
        return live + done

    def loop(self, s: ir.Loop, st: State) -> list[State]:
        """At most --unroll iterations; a loop that needs more is cut, unless it
        is a spin loop (see `spin_tail`)."""
        lexical, scope = st.lexical, st.leaked[LOOP]
        live, done = [st], []
        for i in range(self.unroll + 1):
            self.budget.check()
            cut = i == self.unroll and not s.spin
            went = []
            for st1 in live:
                mark = len(st1.events)
                for st2 in self.iteration(s, st1, done, cut):
                    if s.spin and i == self.unroll:  # the first iteration past the kept ones
                        done.extend(m.die(Status.CUT) for m in self.moving(st2, st2.locals, mark))
                        went.extend(self.fixed(st2, st2.locals, mark))
                    else:
                        went.append(st2)
            live = went
        for st1 in live:
            done.extend(self.spin_tail(s, st1))
        stops = STOP in exits((s,))
        for st1 in done:
            # a bounded loop ends on every path that is not cut: what follows depends
            # on its tests only if it may stop (a spin loop, a Lock in the body...)
            st1.close_scope(LOOP, scope, stops, lexical)
        return done

    def spin_tail(self, s: ir.Loop, st: State) -> list[State]:
        """A spin loop after --unroll iterations that did not exit (their reads
        are kept: they can race). Two continuations:
        - it exits in one more iteration; if its locals still change from one
          iteration to the next (a counter), later exits could differ: cut;
        - it spins forever: two more iterations whose reads are ranked after
          everything (they see the final state: spec/semantics.md, "Waiting"),
          reaching a fixed point of the locals, and the condition still holds;
          without a fixed point, cut.
        Leaving iterations out is sound only if they change nothing: past the
        kept ones, an iteration that goes round must leave memory as it was (a
        CompareAndSwap or Swap there stores the value it read: docs/decisions.md,
        "Spin loops"). `loop` cuts the first one that does not (as the reference
        cuts such an attempt); any later one is that one again with the silent
        iterations before it left out, so here the silence is a constraint, and
        a silent store of a loop that spins forever is a read of the final state."""
        out: list[State] = []
        start, mark = dict(st.locals), len(st.events)
        for st1 in self.iteration(s, st.fork(), out, cut=False):
            for quiet in self.fixed(st1, st1.locals, mark):
                for c, st2 in ([(V(True), quiet)] if s.cond is None else self.eval(s.cond, quiet)):
                    for again, st3 in self.branch(c, st2):
                        if not again or st3.flow:
                            st3.lexical = st3.lexical | c.deps
                            out.append(st3)  # it exits at the next test
                        else:
                            out.extend(m.die(Status.CUT) for m in self.moving(st3, start))
        st.eternal = True
        for st1 in self.iteration(s, st, [], cut=False):  # an exit here is one of the above
            before = dict(st1.locals)
            for st2 in self.iteration(s, st1, [], cut=False):
                out.extend(m.die(Status.CUT) for m in self.moving(st2, before))
                for st3 in self.still_spinning(s, self.fixed(st2, before, mark)):
                    for st4 in self.fixed(st3, st3.locals, len(st2.events)):  # and the last test
                        st4.events[mark:] = [replace(e, kind=READ, written=None, deps=frozenset())
                                             if e.kind == RMW else e for e in st4.events[mark:]]
                        st4.blocked_on = Blocked(Wait.SPIN)
                        out.append(st4.die(Status.SPINNING))
        return out

    def local_changes(self, st: State, before: dict, since: int | None = None) -> list:
        """Equalities saying no local changed since `before` and every
        read-modify-write from event `since` on stored the value it read
        (None: something surely changed)."""
        eqs = []
        for lid, (typ, v) in st.locals.items():
            old = before.get(lid)
            if old is None:
                return None
            if old[1].term is v.term:
                continue
            if old[1].concrete and v.concrete:
                if old[1].term != v.term:
                    return None
                continue
            eqs.append(to_z3(old[1].term, typ) == to_z3(v.term, typ))
        for e in st.events[since:] if since is not None else ():
            if e.kind == RMW:
                eqs.append(to_z3(e.written.term, self.shared[e.var].type) == e.read)
        return eqs

    def fixed(self, st: State, before: dict, since: int | None = None) -> list[State]:
        eqs = self.local_changes(st, before, since)
        if eqs is None:
            return []
        fixed = st.fork() if eqs else st
        fixed.pc.extend(eqs)
        return [fixed]

    def moving(self, st: State, before: dict, since: int | None = None) -> list[State]:
        eqs = self.local_changes(st, before, since)
        if eqs is None:
            return [st.fork()]
        if not eqs:
            return []
        changed = z3.Not(z3.And(*eqs))
        if since is not None and any(e.kind == RMW for e in st.events[since:]):
            # a Swap that goes round usually stores what it read (`l.Swap(1) == 1`): spare
            # the encoding a cut path its own condition already rules out
            check = make_solver()
            check.add(*st.pc, changed)
            if check.check() == z3.unsat:
                return []
        moving = st.fork()
        moving.pc.append(changed)
        return [moving]

    def still_spinning(self, s: ir.Loop, states: list[State]) -> list[State]:
        if s.cond is None:
            return states
        return [st2 for st in states for c, st1 in self.eval(s.cond, st) if not st1.flow
                for side, st2 in self.branch(c, st1) if side]

    def iteration(self, s: ir.Loop, st: State, done: list[State], cut: bool) -> list[State]:
        """One test of the condition and run of the body: the states that go
        round again; those that leave the loop go to `done`."""
        out = []
        conds = [(V(True), st)] if s.cond is None else self.eval(s.cond, st)
        for c, st2 in conds:
            if st2.flow:
                done.append(st2)
                continue
            for side, st3 in self.branch(c, st2):
                st3.lexical = st3.lexical | c.deps  # (on the exit side too: a spin loop keeps it)
                if not side:
                    done.append(st3)
                elif cut:
                    done.append(st3.die(Status.CUT))  # needs more than --unroll iterations
                else:
                    for st4 in self.block(s.body + s.post, [st3]):
                        if st4.flow == "continue":
                            st4.flow = ""
                            out.extend(self.block(s.post, [st4]))
                        elif st4.flow == "break":
                            st4.flow = ""
                            done.append(st4)
                        elif st4.flow:
                            done.append(st4)
                        else:
                            out.append(st4)
        return out

    # ------------------------------------------------------------ functions: defer, recover

    def call(self, body, st: State) -> list[State]:
        """A function's body in its own frame of deferred calls: they run when it
        returns or panics; a return leaves only it."""
        st.frames.append([])
        out = []
        for st2 in self.block(body, [st]):
            if st2.flow == "return":
                st2.flow = ""
            out.extend(self.run_defers(st2))
        return out

    def run_defers(self, st: State) -> list[State]:
        """Run the innermost frame's deferred calls, last first, on a return or a
        panic (not on os.Exit, nor once blocked, spinning or cut). Each runs with
        the control dependencies of its defer statement. During a panic a
        recover() in one of them ends the panic: the function then returns
        normally; otherwise the panic goes on to the caller's frame."""
        frame = st.frames.pop()
        states = [st]
        for body, ctrl in reversed(frame):
            nxt = []
            for s in states:
                if not ((s.status is Status.PANIC and not s.fatal) or (s.status is Status.OK and s.flow != "end")):
                    nxt.append(s)  # stuck, os.Exit or a fatal error: nothing more runs
                    continue
                if s.status is Status.PANIC:
                    s.panicking = (s.panic, s.panic_value)
                    s.status, s.panic, s.flow, s.panic_value = Status.OK, (), "", None
                lexical, flow = s.lexical, s.flow
                s.lexical, s.flow = ctrl, ""
                s.deferring += 1
                for s2 in self.block(body, [s]):
                    s2.deferring -= 1
                    s2.lexical = lexical
                    if s2.status is Status.OK and s2.flow != "end":
                        s2.flow = flow
                        if s2.panicking is not None:  # not recovered: the panic goes on
                            s2.die(Status.PANIC, *s2.panicking)
                    s2.panicking = None  # (a new panic in the deferred call replaces it)
                    nxt.append(s2)
            states = nxt
        return states

    def recover(self, e: ir.Recover, st: State) -> list[tuple[V, State]]:
        if not (e.direct and st.deferring and st.panicking is not None):
            return [(V(None), st)]
        pieces, value = st.panicking
        st.panicking = None
        if value is None:  # a runtime panic: its message (Go's runtime.Error prints it)
            value = V(Boxed("string", "".join(v for v, typ, _ in pieces if typ == "sep")))
        return [(value, st)]

    def print_stmt(self, s: ir.Print, st: State) -> list[State]:
        """Evaluate the pieces' expressions in order; the text is made when a
        model gives their values (render_pieces)."""
        states = [(st, [])]
        for piece in s.pieces:
            if piece.expr is None:
                states = [(st1, vals + [(piece.text, "sep", "")]) for st1, vals in states]
                continue
            nxt = []
            for st1, vals in states:
                for v, st2 in self.eval(piece.expr, st1):
                    nxt.append((st2, vals + [(v, piece.expr.type, piece.verb)]))
            states = nxt
        out = []
        for st2, vals in states:
            if not st2.flow:
                if s.stream == ir.OUT:
                    st2.out.extend(vals)
                else:
                    st2.add_event(kind=PRINT, stream=s.stream, pieces=tuple(vals), line=s.span.line,
                                  col=s.span.column)
            out.append(st2)
        return out

    def spawn(self, s: ir.Spawn, child: ir.Goroutine, args, st: State) -> list[State]:
        states = [(st, [])]
        for a in args:
            nxt = []
            for st1, vals in states:
                for v, st2 in self.eval(a, st1):
                    nxt.append((st2, vals + [v]))
            states = nxt
        out = []
        for st2, vals in states:
            if not st2.flow:
                st2.add_event(kind=GO, child=child.name, line=s.span.line, col=s.span.column)
                st2.spawns.append((child, tuple(vals), st2.ctrl))
            out.append(st2)
        return out

    # ------------------------------------------------------------ expressions

    def eval(self, e: ir.Expr, st: State) -> list[tuple[V, State]]:
        match e:
            case ir.Const(value, typ):
                return [(V(value), st)]
            case ir.Local(id, typ):
                if id not in st.locals:
                    return [(V(zero_value(typ)), st)]
                return [(st.locals[id][1], st)]
            case ir.Read(var, typ):
                ev = st.add_event(kind=READ, var=var, line=e.span.line, col=e.span.column)
                ev = self.set_read(st, ev, typ)
                return [(V(ev.read, frozenset([ev.key])), st)]
            case ir.Atomic():
                return self.atomic(e, st)
            case ir.Unary(op, x, typ):
                return [(self.unary(op, v, x.type, typ), st2) for v, st2 in self.eval(x, st)]
            case ir.Binary(op, l, r):
                return self.binary(e, st)
            case ir.Box(x):
                return [(box(v, x.type), st2) for v, st2 in self.eval(x, st)]
            case ir.Assert(x, typ, comma_ok):
                return self.assert_(e, st)
            case ir.SyncCall():
                return self.sync_call(e, st)
            case ir.ChanRecv():
                return self.chan_recv(e, st)
            case ir.Recover():
                return self.recover(e, st)
            case ir.Builtin():
                return self.builtin(e, st)
        raise AssertionError(f"unknown expression {e!r}")

    def builtin(self, e: ir.Builtin, st: State) -> list[tuple[V, State]]:
        """A string or map operation (litmus/ops.py): its arguments in order, then
        its checks, each a fork whose failing side panics (or is cut)."""
        states = [(st, [])]
        for a in e.args:
            nxt = []
            for st1, vals in states:
                if a is None or st1.flow:
                    nxt.append((st1, vals + [V(None)]))
                    continue
                for v, st2 in self.eval(a, st1):
                    nxt.append((st2, vals + [v]))
            states = nxt
        types = tuple("" if a is None else a.type for a in e.args)
        out = []
        dead = V(zero_value(e.type))  # the value of a path that ended here (never used)
        for st1, vals in states:
            if st1.flow:
                out.append((dead, st1))
                continue
            deps = frozenset().union(*(v.deps for v in vals))
            if all(v.concrete for v in vals):
                try:
                    out.append((V(ops.concrete(e.op, tuple(v.term for v in vals)), deps), st1))
                except ops.Stop as stop:
                    out.append((dead, st1.die(stop.status, ((stop.message, "sep", ""),)
                                                 if stop.status is Status.PANIC else ())))
                continue
            result, checks = ops.symbolic(e.op, tuple(v.term for v in vals), types)
            live = [st1]
            for cond, status, pieces in checks:
                nxt = []
                for st2 in live:
                    for fails, st3 in self.may_panic(V(cond, deps), st2, True):
                        if fails:
                            msg = tuple(p if p[1] == "sep" else (V(p[0], deps), p[1], p[2]) for p in pieces)
                            out.append((dead, st3.die(status, msg)))
                        else:
                            nxt.append(st3)
                live = nxt
            out.extend((V(result, deps), st2) for st2 in live)
        return out

    def set_read(self, st: State, ev: Event, typ: str) -> Event:
        ev2 = replace(ev, read=read_var(ev.goroutine, ev.index, typ))
        st.events[ev.index] = ev2
        return ev2

    def unary(self, op: str, v: V, xt: str, typ: str) -> V:
        if v.concrete:
            return V(arith.unary(op, v.term, typ), v.deps)
        t = v.term
        if op == "!":
            return V(z3.Not(t), v.deps)
        if op == "-":
            return V(-t, v.deps)
        if op == "^":
            return V(~t, v.deps)
        if op == "conv" and "float64" in (xt, typ):
            return V(float_conv(t, xt, typ), v.deps)
        if op == "conv":
            src_bits, src_signed = INT_TYPES[xt]
            bits = INT_TYPES[typ][0]
            if bits < src_bits:
                return V(z3.Extract(bits - 1, 0, t), v.deps)
            if bits > src_bits:
                ext = z3.SignExt if src_signed else z3.ZeroExt
                return V(ext(bits - src_bits, t), v.deps)
            return v
        return v

    def pure(self, e: ir.Expr) -> bool:
        """No events and no panics: safe to evaluate without short-circuit forks."""
        match e:
            case ir.Const() | ir.Local():
                return True
            case ir.Unary(_, x) | ir.Box(x):
                return self.pure(x)
            case ir.Builtin(_, args):
                return not stops(e) and all(a is None or self.pure(a) for a in args)
            case ir.Binary(op, l, r):
                return not stops(e) and self.pure(l) and self.pure(r)
            case ir.Assert(x, _, comma_ok):
                return comma_ok and self.pure(x)
        return False

    def binary(self, e: ir.Binary, st: State) -> list[tuple[V, State]]:
        op = e.op
        if op in ("&&", "||"):
            out = []
            for lv, st1 in self.eval(e.left, st):
                if st1.flow:
                    out.append((lv, st1))
                    continue
                if not lv.concrete and self.pure(e.right):
                    for rv, st2 in self.eval(e.right, st1):
                        lt, rt = to_z3(lv.term, "bool"), to_z3(rv.term, "bool")
                        out.append((V(z3.And(lt, rt) if op == "&&" else z3.Or(lt, rt), lv.deps | rv.deps), st2))
                    continue
                for side, st2 in self.branch(lv, st1):
                    if may_stop(e.right):  # what follows runs only if the right side, if run, did not stop
                        st2.leak(STOP, lv.deps)
                    if side == (op == "||"):
                        out.append((V(side, lv.deps), st2))
                    else:
                        saved = st2.lexical
                        st2.lexical = saved | lv.deps
                        for rv, st3 in self.eval(e.right, st2):
                            st3.lexical = saved
                            out.append((V(rv.term, rv.deps | lv.deps), st3))
            return out
        out = []
        for lv, st1 in self.eval(e.left, st):
            if st1.flow:
                out.append((lv, st1))
                continue
            for rv, st2 in self.eval(e.right, st1):
                if st2.flow:
                    out.append((rv, st2))
                    continue
                if op in ("<<", ">>") and INT_TYPES.get(e.right.type, (0, False))[1]:
                    out.extend(self.checked_shift(op, lv, rv, e, st2))
                    continue
                out.extend(self.apply(op, lv, rv, e.operand_type or e.type, st2))
        return out

    def apply(self, op: str, lv: V, rv: V, t: str, st: State) -> list[tuple[V, State]]:
        deps = lv.deps | rv.deps
        if lv.concrete and rv.concrete:
            if op in ("==", "!=", "<", "<=", ">", ">="):
                return [(V(arith.compare(op, lv.term, rv.term), deps), st)]
            try:
                return [(V(arith.arith(op, lv.term, rv.term, t), deps), st)]
            except arith.DivideByZero:
                return [(V(0), st.die(Status.PANIC, ((arith.DIVIDE_BY_ZERO, "sep", ""),)))]
        if t == "float64":  # IEEE 754 in Z3's FP theory: a division by zero gives an infinity or NaN
            return [(V(float_op(op, to_z3(lv.term, t), to_z3(rv.term, t)), deps), st)]
        # a shift count of any integer type: symbolic_op widens or narrows it to t's width
        a, b = to_z3(lv.term, t), to_z3(rv.term, t if op not in ("<<", ">>") else "uint64")
        signed = INT_TYPES.get(t, (0, True))[1]
        if op in ("/", "%"):
            out = []
            for zero, st2 in self.may_panic(V(b == 0 if not rv.concrete else rv.term == 0, rv.deps), st, True):
                if zero:
                    out.append((V(0), st2.die(Status.PANIC, ((arith.DIVIDE_BY_ZERO, "sep", ""),))))
                else:
                    if op == "/":
                        r = a / b if signed else z3.UDiv(a, b)
                    else:
                        r = z3.SRem(a, b) if signed else z3.URem(a, b)
                    out.append((V(r, deps), st2))
            return out
        return [(V(symbolic_op(op, a, b, t, signed), deps), st)]

    def checked_shift(self, op: str, lv: V, rv: V, e: ir.Binary, st: State) -> list[tuple[V, State]]:
        """A shift by a signed count panics when the count is negative."""
        negative = V(rv.term < 0 if rv.concrete else rv.term < 0, rv.deps)
        out = []
        for neg, st2 in self.may_panic(negative, st, True):
            if neg:
                out.append((V(0), st2.die(Status.PANIC, ((arith.NEGATIVE_SHIFT, "sep", ""),))))
            else:
                out.extend(self.apply(op, lv, rv, e.operand_type or e.type, st2))
        return out

    def assert_(self, e: ir.Assert, st: State) -> list[tuple[V, State]]:
        out = []
        for v, st1 in self.eval(e.operand, st):
            if st1.flow:
                out.append((v, st1))
                continue
            if v.concrete:
                ok = isinstance(v.term, Boxed) and v.term.type == e.type
                if e.comma_ok:
                    out.append((V((v.term.value if ok else zero_value(e.type), ok), v.deps), st1))
                elif ok:
                    out.append((V(v.term.value, v.deps), st1))
                else:
                    dyn = "nil" if v.term is None else v.term.type
                    out.append((v, st1.die(Status.PANIC, ((assert_message(dyn, e.type), "sep", ""),))))
                continue
            is_t = recognizer(e.type)(v.term)
            if e.comma_ok:
                value = z3.If(is_t, accessor(e.type)(v.term), to_z3(zero_value(e.type), e.type))
                out.append((V((value, is_t), v.deps), st1))
                continue
            for side, st2 in self.may_panic(V(is_t, v.deps), st1, False):
                if side:
                    out.append((V(accessor(e.type)(v.term), v.deps), st2))
                    continue
                # which other dynamic type it holds decides the message
                others = ["nil"] + [t for t in sorted(self.value_types) if t != e.type]
                for i, dyn in enumerate(others):
                    st3 = st2 if i == len(others) - 1 else st2.fork()
                    st3.pc.append(recognizer(dyn)(v.term))
                    out.append((v, st3.die(Status.PANIC, ((assert_message(dyn, e.type), "sep", ""),))))
        return out

    # ------------------------------------------------------------ sync objects

    def sync_call(self, e: ir.SyncCall, st: State) -> list[tuple[V, State]]:
        """Mutex and WaitGroup operations. Each way an operation can go is a
        path of its own; the encoding keeps those the sequential specification
        allows along the synchronization order."""
        where = dict(var=e.var, line=e.span.line, col=e.span.column)
        if e.op in ("signal", "broadcast"):
            st.add_event(kind=SIGNAL if e.op == "signal" else BROADCAST, **where)
            return [(V(None), st)]
        if e.op == "cwait":
            return self.cond_wait(e, st)
        if e.op == "add":
            return self.wg_add(e, st)
        rw = self.shared[e.var].kind is VarKind.RWMUTEX
        if e.op == "lock" and rw:
            st.add_event(kind=RW_PENDING, **where)
        waiting = st.fork()
        if e.op in ("lock", "rlock"):
            st.add_event(kind=LOCK if e.op == "lock" else RLOCK, **where)
            return [(V(None), st), (V(None), waiting.block_on(Wait(e.op), e.var))]
        if e.op in ("trylock", "tryrlock"):  # may fail even when free (S11): no event then
            st.add_event(kind=LOCK if e.op == "trylock" else RLOCK, tried=True, **where)
            return [(V(True), st), (V(False), waiting)]
        if e.op in ("unlock", "runlock"):
            message = (mutex.UNLOCK_OF_UNLOCKED if not rw else
                       rwmutex.UNLOCK_OF_UNLOCKED if e.op == "unlock" else rwmutex.RUNLOCK_OF_UNLOCKED)
            st.add_event(kind=UNLOCK if e.op == "unlock" else RUNLOCK, **where)
            waiting.add_event(kind=UNLOCK_FAIL if e.op == "unlock" else RUNLOCK_FAIL, **where)
            fatal = primitives.sync_op(self.shared[e.var].kind, e.op).fatal
            return [(V(None), st), (V(None), waiting.die(Status.PANIC, ((message, "sep", ""),), fatal=fatal))]
        assert e.op == "wait", e.op
        st.add_event(kind=WG_WAIT, **where)
        return [(V(None), st), (V(None), waiting.block_on(Wait.WG, e.var))]

    def wg_add(self, e: ir.SyncCall, st: State) -> list[tuple[V, State]]:
        """wg.Add(delta) (Done is Add(-1)): it succeeds, or the counter goes
        negative and it panics. A computed delta is a term of the reads it
        depends on; like every check that may panic, it is a control
        dependency of what follows (docs/decisions.md)."""
        where = dict(var=e.var, line=e.span.line, col=e.span.column)
        out = []
        for v, st1 in self.eval(e.args[0], st):
            if st1.flow:
                out.append((V(None), st1))
                continue
            delta = v.term if v.concrete else z3.BV2Int(v.term, is_signed=True)
            st1.leak(STOP, v.deps)
            failing = st1.fork()
            st1.add_event(kind=WG_ADD, delta=delta, **where)
            failing.add_event(kind=WG_ADD, delta=delta, fails=True, **where)
            out += [(V(None), st1),
                    (V(None), failing.die(Status.PANIC, ((waitgroup.NEGATIVE_COUNTER, "sep", ""),)))]
        return out

    def cond_wait(self, e: ir.SyncCall, st: State) -> list[tuple[V, State]]:
        """cond.Wait: join the wait list, unlock, be woken (or wait forever),
        relock (spec/semantics.md: Wait joins the list before it unlocks)."""
        lock = self.shared[e.var].lock
        st.add_event(kind=COND_JOIN, var=e.var, line=e.span.line, col=e.span.column)
        out = []
        unlock = ir.SyncCall("unlock", lock, (), "", e.span)
        relock = ir.SyncCall("lock", lock, (), "", e.span)
        for _, st1 in self.sync_call(unlock, st):
            if st1.flow:
                out.append((V(None), st1))
                continue
            asleep = st1.fork()
            out.append((V(None), asleep.block_on(Wait.COND, e.var)))
            st1.add_event(kind=COND_WAKE, var=e.var, line=e.span.line, col=e.span.column)
            out.extend(self.sync_call(relock, st1))
        return out

    def once_do(self, s: ir.OnceDo, var: str, body, st: State) -> list[State]:
        """Three ways: this Do runs f; it returns after another Do's f ended;
        it waits forever (that f never ends)."""
        where = dict(var=var, line=s.span.line, col=s.span.column)
        waiter, blocked = st.fork(), st.fork()
        waiter.add_event(kind=ONCE_WAIT, **where)
        st.add_event(kind=ONCE_RUN, **where)
        out = [waiter, blocked.block_on(Wait.ONCE, var)]
        scope, stops = st.leaked[RETURN], STOP in exits(body)
        for st2 in self.call(body, st):
            st2.close_scope(RETURN, scope, stops)  # a return in f leaves only f
            if not st2.flow or st2.status is Status.PANIC:
                st2.add_event(kind=ONCE_DONE, **where)  # a panicking f counts as returned
            out.append(st2)
        return out

    # ------------------------------------------------------------ channels

    def chan_send(self, s: ir.ChanSend, var: str, value: ir.Expr, st: State) -> list[State]:
        """A send completes, waits forever (its value stays queued), or panics
        because the channel is closed (before it began or while it waited)."""
        out = []
        for v, st1 in self.eval(value, st):
            if st1.flow:
                out.append(st1)
                continue
            where = dict(var=var, line=s.span.line, col=s.span.column)
            if var in self.closable:
                closed = st1.fork()
                closed.add_event(kind=CH_SEND_PANIC, **where)
                out.append(closed.die(Status.PANIC, ((channel.SEND_ON_CLOSED, "sep", ""),)))
            st1.add_event(kind=CH_SEND, written=v, deps=v.deps | st1.ctrl, **where)
            waiting = st1.fork()
            st1.add_event(kind=CH_SEND_DONE, **where)
            out.extend([st1, waiting.block_on(Wait.SEND, var)])
        return out

    def chan_recv(self, e: ir.ChanRecv, st: State, immediate: bool = False) -> list[tuple[V, State]]:
        """A receive takes a value, finds the channel closed and empty (zero
        value, ok false; only if a close statement names it), or waits forever."""
        where = dict(var=e.var, line=e.span.line, col=e.span.column)
        closed, waiting = st.fork(), st.fork()
        ev = self.set_read(st, st.add_event(kind=CH_RECV, immediate=immediate, **where), e.type)
        got = V(ev.read, frozenset([ev.key]))
        closed.add_event(kind=CH_RECV_CLOSED, **where)
        zero = V(zero_value(e.type))
        if e.comma_ok:
            ways = [(V((got.term, True), got.deps), st), (V((zero.term, False)), closed),
                    (V((zero.term, False)), waiting.block_on(Wait.RECV, e.var))]
        else:
            ways = [(got, st), (zero, closed), (zero, waiting.block_on(Wait.RECV, e.var))]
        return ways if e.var in self.closable else [ways[0], ways[2]]

    def select(self, s: ir.Select, cases, st: State) -> list[State]:
        """One step: the send values are evaluated first (Go evaluates every
        case's expressions on entry), then each case that can fire is a path of
        its own, plus default (no case ready) or waiting forever. The channel
        operations of a select with default are `immediate`: they happen at the
        select's step or not at all (the encoding states what readiness means)."""
        states = [(st, [])]
        for c in cases:
            if c.kind != "send":
                continue
            nxt = []
            for st1, vals in states:
                for v, st2 in self.eval(c.value, st1):
                    nxt.append((st2, vals + [v]))
            states = nxt
        out: list[State] = []
        for st1, vals in states:
            if st1.flow:
                out.append(st1)
                continue
            sent = iter(vals)
            immediate = any(c.kind == "default" for c in cases)
            fired: list[tuple[ir.SelectCase, State]] = []
            for c in cases:
                where = dict(var=c.var, line=c.span.line, col=c.span.column)
                if c.kind == "send":
                    v = next(sent)
                    st2 = st1.fork()
                    if c.var in self.closable:
                        closed = st1.fork()
                        closed.add_event(kind=CH_SEND_PANIC, **where)
                        out.append(closed.die(Status.PANIC, ((channel.SEND_ON_CLOSED, "sep", ""),)))
                    st2.add_event(kind=CH_SEND, written=v, deps=v.deps | st2.ctrl, immediate=immediate, **where)
                    st2.add_event(kind=CH_SEND_DONE, **where)
                    fired.append((c, st2))
                elif c.kind == "recv":
                    recv = ir.ChanRecv(c.var, self.shared[c.var].type, True, c.span)
                    for v, st2 in self.chan_recv(recv, st1.fork(), immediate):
                        if st2.status is Status.BLOCKED:
                            continue  # a select waits on all its cases at once (below)
                        value, ok = v.term
                        for t, part in zip(c.targets, (value, ok)):
                            if t is not None:
                                st2.locals[t.id] = (t.type, V(part, v.deps))
                        fired.append((c, st2))
                else:
                    st2 = st1.fork()
                    st2.add_event(kind=SELECT_DEFAULT, line=c.span.line, col=c.span.column,
                                  chans=tuple(x.var for x in cases if x.kind == "recv"),
                                  send_chans=tuple(x.var for x in cases if x.kind == "send"))
                    fired.append((c, st2))
            if not immediate:
                waiting = st1.fork()
                out.append(waiting.block_on(Wait.SELECT, cases=tuple((c.kind, c.var) for c in cases)))
            for c, st2 in fired:
                for st3 in self.block(c.body, [st2]):
                    if st3.flow == "break":
                        st3.flow = ""
                    out.append(st3)
        return out

    def range_loop(self, s: ir.RangeLoop, st: State) -> list[State]:
        """Receive until closed: at most one more receive than the program has
        sends on the channel (the last one sees it closed, or waits forever)."""
        limit = ir.send_sites(self.program, s.var, self.unroll) + 1
        recv = ir.ChanRecv(s.var, self.shared[s.var].type, True, s.span)
        lexical, scope = st.lexical, st.leaked[LOOP]
        live, done = [st], []
        for _ in range(limit):
            nxt = []
            for st1 in live:
                for v, st2 in self.chan_recv(recv, st1):
                    value, ok = v.term
                    if st2.flow or not ok:
                        done.append(st2)  # closed and empty: the loop ends
                        continue
                    if s.target is not None:
                        st2.locals[s.target.id] = (s.target.type, V(value, v.deps))
                    st2.lexical = st2.lexical | v.deps  # later iterations depend on every receive so far
                    for st3 in self.block(s.body, [st2]):
                        if st3.flow in ("continue", ""):
                            st3.flow = ""
                            nxt.append(st3)
                        elif st3.flow == "break":
                            st3.flow = ""
                            done.append(st3)
                        else:
                            done.append(st3)
            live = nxt
        done.extend(st1.die(Status.CUT) for st1 in live)  # more receives than sends: never feasible
        for st1 in done:
            st1.close_scope(LOOP, scope, True, lexical)  # its receives may wait forever
        return done

    # ------------------------------------------------------------ atomics

    def atomic(self, e: ir.Atomic, st: State) -> list[tuple[V, State]]:
        states = [(st, [])]
        for a in e.args:
            nxt = []
            for st1, vals in states:
                if st1.flow:
                    nxt.append((st1, vals))
                    continue
                for v, st2 in self.eval(a, st1):
                    nxt.append((st2, vals + [v]))
            states = nxt
        out = []
        for st2, args in states:
            if st2.flow:
                out.append((V(0), st2))
            elif e.value:
                out.extend(self.value_op(e, args, st2))
            else:
                out.extend(self.typed_atomic(e, args, st2))
        return out

    def typed_atomic(self, e: ir.Atomic, args: list[V], st: State) -> list[tuple[V, State]]:
        var, typ = e.var, self.shared[e.var].type
        where = dict(var=var, atomic=True, line=e.span.line, col=e.span.column)
        if e.op == "store":
            st.add_event(kind=WRITE, written=args[0], deps=self.data_deps(args[0], st) | st.ctrl, **where)
            return [(V(None), st)]
        if e.op == "load":
            ev = self.set_read(st, st.add_event(kind=READ, **where), typ)
            return [(V(ev.read, frozenset([ev.key])), st)]
        if e.op in ("add", "swap"):
            idx = len(st.events)
            old = read_var(st.goroutine, idx, typ)
            dep = frozenset([(st.goroutine, idx)])
            if e.op == "add":
                new = V(symbolic_op("+", old, to_z3(args[0].term, typ), typ, INT_TYPES.get(typ, (0, 1))[1]),
                        dep | args[0].deps)
                result = new
            else:
                new, result = args[0], V(old, dep)
            st.add_event(kind=RMW, read=old, written=new, deps=new.deps | st.ctrl, **where)
            return [(result, st)]
        # cas: succeeds (a read-modify-write) or fails (an atomic read)
        idx = len(st.events)
        old = read_var(st.goroutine, idx, typ)
        dep = frozenset([(st.goroutine, idx)])
        expect, new = args
        out = []
        same = V(old == to_z3(expect.term, typ), dep | expect.deps)
        for side, st2 in self.branch(same, st):
            if side:
                st2.add_event(kind=RMW, read=old, written=new, deps=new.deps | st2.ctrl | dep, **where)
            else:
                st2.add_event(kind=READ, read=old, **where)
            out.append((V(side, same.deps), st2))
        return out

    def value_op(self, e: ir.Atomic, args: list[V], st: State) -> list[tuple[V, State]]:
        """atomic.Value: Load, Store, Swap, CompareAndSwap with sync/atomic's panics."""
        var = e.var
        where = dict(var=var, atomic=True, value_op=True, line=e.span.line, col=e.span.column)
        if e.op == "load":
            ev = self.set_read(st, st.add_event(kind=READ, **where), "any")
            return [(V(ev.read, frozenset([ev.key])), st)]
        new = args[-1]
        out = []
        for is_nil, st1 in self.may_panic(V(is_nil_term(new.term), new.deps), st, True):
            if is_nil:
                out.append((V(None), st1.die(Status.PANIC, ((atomic_value.nil_value(e.op), "sep", ""),))))
                continue
            if e.op == "cas" and not self.cas_types_ok(args, st1):
                out.append((V(None), st1.die(Status.PANIC, (
                    (atomic_value.CAS_OF_INCONSISTENT_TYPES, "sep", ""),))))
                continue
            out.extend(self.value_update(e, args, st1, where))
        return out

    def cas_types_ok(self, args: list[V], st: State) -> bool:
        old, new = args
        if old.concrete and new.concrete and old.term is not None:
            return old.term.type == new.term.type
        return True  # symbolic: left to the read check below

    def value_update(self, e: ir.Atomic, args: list[V], st: State, where: dict):
        """Store/Swap/CAS once the new value is known not nil: they read the current
        value when the program stores more than one dynamic type (the type check)."""
        new = args[-1]
        idx = len(st.events)
        cur = read_var(st.goroutine, idx, "any")
        dep = frozenset([(st.goroutine, idx)])
        must_read = e.op in ("swap", "cas") or len(self.value_types) > 1 or not new.concrete
        if not must_read:
            st.add_event(kind=WRITE, written=new, deps=new.deps | st.ctrl, **where)
            return [(V(None), st)]
        new_t = to_z3(new.term, "any")
        compatible = z3.Or(recognizer("nil")(cur), same_dynamic_type(cur, new_t))
        out = []
        for ok, st1 in self.may_panic(V(compatible, dep | new.deps), st, False):
            if not ok:
                st1.add_event(kind=READ, read=cur, observes=e.op != "store", **where)
                out.append((V(None), st1.die(Status.PANIC, (
                    (atomic_value.inconsistent_type(e.op), "sep", ""),))))
                continue
            if e.op != "cas":
                st1.add_event(kind=RMW, read=cur, written=new, deps=new.deps | st1.ctrl,
                              observes=e.op != "store", **where)
                out.append((V(cur if e.op == "swap" else None, dep), st1))
                continue
            expect = to_z3(args[0].term, "any")
            for hit, st2 in self.branch(V(cur == expect, dep | args[0].deps), st1):
                if hit:
                    st2.add_event(kind=RMW, read=cur, written=new, deps=new.deps | st2.ctrl | dep, **where)
                else:
                    st2.add_event(kind=READ, read=cur, **where)
                out.append((V(hit, dep | args[0].deps), st2))
        return out


# ------------------------------------------------------------------ helpers


def symbolic_op(op: str, a, b, t: str, signed: bool):
    if op == "+":
        return z3.Concat(a, b) if t == "string" else a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "&":
        return a & b
    if op == "|":
        return a | b
    if op == "^":
        return a ^ b
    if op == "&^":
        return a & ~b
    if op in ("<<", ">>"):
        bits = a.size()
        if b.size() != bits:
            b = z3.ZeroExt(bits - b.size(), b) if b.size() < bits else z3.Extract(bits - 1, 0, b)
        if op == "<<":
            return a << b
        return a >> b if signed else z3.LShR(a, b)
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if t == "string":
        return {"<": lambda: a < b, "<=": lambda: a <= b, ">": lambda: a > b, ">=": lambda: a >= b}[op]()
    if signed:
        return {"<": lambda: a < b, "<=": lambda: a <= b, ">": lambda: a > b, ">=": lambda: a >= b}[op]()
    return {"<": z3.ULT, "<=": z3.ULE, ">": z3.UGT, ">=": z3.UGE}[op](a, b)


def float_op(op: str, a, b):
    """A float64 operation or comparison on Z3 FP terms (== is IEEE's: NaN != NaN, -0 == +0)."""
    rm = z3.RNE()
    ops = {"+": lambda: z3.fpAdd(rm, a, b), "-": lambda: z3.fpSub(rm, a, b), "*": lambda: z3.fpMul(rm, a, b),
           "/": lambda: z3.fpDiv(rm, a, b), "==": lambda: z3.fpEQ(a, b), "!=": lambda: z3.Not(z3.fpEQ(a, b)),
           "<": lambda: z3.fpLT(a, b), "<=": lambda: z3.fpLEQ(a, b), ">": lambda: z3.fpGT(a, b),
           ">=": lambda: z3.fpGEQ(a, b)}
    return ops[op]()


def float_conv(t, xt: str, typ: str):
    """arith.convert on Z3 terms: int to float64 rounds to nearest; float64 to an
    integer truncates toward zero, and NaN, infinities and values out of int64's
    range give int64's minimum (amd64), wrapped to the type."""
    if typ == "float64":
        if xt == "float64":
            return t
        return (z3.fpSignedToFP if INT_TYPES[xt][1] else z3.fpUnsignedToFP)(z3.RNE(), t, z3.Float64())
    bits = INT_TYPES[typ][0]
    limit = z3.FPVal(2.0 ** 63, z3.Float64())
    bad = z3.Or(z3.fpIsNaN(t), z3.fpIsInf(t), z3.fpGEQ(z3.fpAbs(t), limit))
    whole = z3.If(bad, z3.BitVecVal(-(1 << 63), 64), z3.fpToSBV(z3.RTZ(), t, z3.BitVecSort(64)))
    return whole if bits == 64 else z3.Extract(bits - 1, 0, whole)


def box(v: V, typ: str) -> V:
    if v.concrete:
        return V(Boxed(typ, v.term), v.deps)
    return V(constructor(typ)(v.term), v.deps)


def is_nil_term(term):
    if isinstance(term, z3.ExprRef):
        return recognizer("nil")(term)
    return term is None


def same_dynamic_type(a, b):
    return z3.Or(*[z3.And(recognizer(t)(a), recognizer(t)(b)) for t in BOX_TYPES])


def assert_message(dyn: str, want: str) -> str:
    return f"interface conversion: interface {{}} is {dyn}, not {want}"


def render_pieces(pieces, value) -> str:
    """The text of printed (or panicked) pieces (Path.out, Event.pieces), given
    `value(term, type)`: a piece's Python value (a model's, for a Z3 term)."""
    return "".join(v if typ == "sep" else format_piece(value(v.term, typ), typ, verb) for v, typ, verb in pieces)


def panic_pieces(v: V, typ: str) -> tuple:
    return ((v, typ, "print"),)


def stored_types(program: ir.Program) -> set[str]:
    """Dynamic types the program may store into an atomic.Value (all of them
    when it stores a value of static type interface{})."""
    found: set[str] = set()
    for g in program.all_goroutines():
        for n in ir.walk(g.body):
            if isinstance(n, ir.Atomic) and n.value and n.op in ("store", "swap", "cas"):
                new = n.args[-1]
                if isinstance(new, ir.Box):
                    found.add(new.operand.type)
                elif isinstance(new, ir.Const) and isinstance(new.value, Boxed):
                    found.add(new.value.type)
                elif not (isinstance(new, ir.Const) and new.value is None):
                    found.add("any")
    return set(BOX_TYPES) if "any" in found else found
