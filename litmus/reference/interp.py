"""A concrete interpreter for one goroutine of the lowered IR, driven by replay.

A goroutine is run from its first statement with a *history*: the list of
answers to the memory requests it has made so far. Each time the code touches
shared memory (or runs a `go` statement) the interpreter records a `Req`; if the
history already holds the answer it continues, otherwise it stops and returns
`Pending(req)`. Running again with one more answer gets one step further. A
goroutine's whole state is therefore (its code, its spawn arguments, its
history): immutable and hashable, which is what lets the engines fork and
memoize states without copying any interpreter.

The memory side (sc.py, axiomatic.py) decides what a read returns; the
interpreter never looks at shared memory itself.

Requests (`Req.kind`):
- "read": a read of a shared variable (plain, or atomic when `atomic`).
  With `rmw` it is the read part of an atomic read-modify-write: if the next
  request is a "write" with `rmw`, the two form one indivisible step.
- "write": a write (plain or atomic); `rmw` marks the write part of an RMW.
- "check": atomic.Value.Store looks at the current content to check the
  dynamic type; it is not a memory event (no reads-from, no synchronization),
  but it is indivisible from the write that follows it.
- "go": a `go` statement; the answer is None.
- sync-object operations (`SYNC_KINDS`), each one synchronizing event that
  the engine performs only when it can complete (a goroutine whose next
  request cannot complete waits; if it never can, it ends BLOCKED):
  "lock" (answer None), "unlock" (answer: whether the mutex was held; False
  makes the goroutine panic), "trylock" (answer: the bool it returns),
  "wgadd" (`value` is the delta; answer: the new counter, negative panics),
  "wait" (answer None), "once" (once.Do: answer "run" for the Do that runs
  the body, "done" for the others) and "once-end" (the body of the running
  Do finished, normally or by panicking; answer None).
  On an RWMutex: "lock" is preceded by "pend" (Lock was called: from here
  on the goroutine is a pending writer that keeps new readers out; answer
  None), then "lock" acquires; "unlock" and "trylock" as on a Mutex;
  "rlock" (answer None), "runlock" (answer: whether a reader held it; False
  makes the goroutine panic), "tryrlock" (answer: the bool it returns).
- channel operations (`CHAN_KINDS`, common.chan_moves): "send" (`value`, its
  `taint`: the value's and the control taint; answer "ok" when it completes
  at once, "closed" when the channel is closed (panic), "wait" when it
  waits: its value is queued behind earlier ones and a "send-end" follows,
  `value` = the id of the "send" event; answer True when it completes, False
  when the channel was closed while it waited (panic)); "recv" (answer
  (value, ok)); "close" (answer False for a closed channel: panic).
- sync.Cond operations (`COND_KINDS`, common.cond_moves): `cond.Wait()` is
  "cjoin" (join the wait list; answer None), then an "unlock" of the Cond's
  Mutex (`SharedVar.lock`; panics if not held, as Mutex Unlock), then
  "cwake" (`value` = the id of its "cjoin"; completes once a Signal or
  Broadcast has woken it; answer None), then a "lock" of the Mutex.
  "signal" and "broadcast" always complete (answer None).
  `for v := range c` receives until ok is false, at most
  send_sites(c) + 1 times (a path that needs more is cut).
- "spin": the marker before an *attempt* of a spin loop (`Loop.spin`): the
  first `unroll` iterations run as kept iterations (their reads are events
  whether or not the iteration exits); every later iteration is an attempt,
  announced by a "spin" request (answer None, not a memory event): the
  iterations until one exits, or until the loop is back at the locals it had
  at the start of an earlier iteration of the attempt (see `spin_loop`). An
  attempt that exits goes on with the code after the loop; one that does not
  ends the goroutine with status SPINNING: the engines accept that end only in a
  final state (every other goroutine finished, blocked or spinning) and
  prune it elsewhere, so non-exiting iterations beyond the kept ones leave
  no trace (the exiting iteration may be preceded by any number of them).
  That is sound only if they change nothing: an attempt that does not exit
  but where a CompareAndSwap or Swap stored another value than the one it
  read ends CUT instead (docs/decisions.md, "Spin loops").

Dependencies (for the no-thin-air axiom) are tracked by taint: every value
carries the set of read events (goroutine name, index in its history) it was
computed from. A write's `taint` is its value's taint plus the *control*
taint: the conditions of the enclosing `if`s and loops (lexically), plus the
conditions of earlier `if`s that can leave early (litmus/effects.py decides:
return, break / continue, or stop the goroutine by a panic or by waiting
forever), which govern the rest of the helper, loop or goroutine they can
leave (`close_scope`), plus the operands of earlier operations that can panic
at run time (division, assertion, atomic.Value type checks), which govern the
rest of the goroutine. A child goroutine inherits its arguments' taints and
its parent's control taint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from math import prod

from litmus import program as ir
from litmus.effects import LOOP, RETURN, SEMANTIC_READS, STOP, exits, may_stop, same_code, stops
from litmus import ops
from litmus.arith import DIVIDE_BY_ZERO, NEGATIVE_SHIFT, DivideByZero, arith, compare, unary
from litmus import primitives
from litmus.primitives import channel, mutex, rwmutex, waitgroup
from litmus.primitives import value as atomic_value
from litmus.program import INT_TYPES, wrap_int, zero_value
from litmus.report.outcome import Status
from litmus.values import UNSET, Boxed, format_piece, print_text

EMPTY: frozenset = frozenset()


CHAN_KINDS = frozenset({"send", "send-end", "recv", "close"})
COND_KINDS = frozenset({"cjoin", "cwake", "signal", "broadcast"})
EVENT_KINDS = CHAN_KINDS | COND_KINDS  # objects whose moves name the events they synchronize after
SYNC_KINDS = frozenset({"lock", "unlock", "trylock", "wgadd", "wait", "once", "once-end",
                        "pend", "rlock", "runlock", "tryrlock"}) | EVENT_KINDS
MEMORY_KINDS = frozenset({ir.VarKind.PLAIN, ir.VarKind.ATOMIC, ir.VarKind.VALUE})
SYNC_OBJECT_KINDS = frozenset({ir.VarKind.MUTEX, ir.VarKind.RWMUTEX, ir.VarKind.WAITGROUP, ir.VarKind.ONCE,
                               ir.VarKind.CHAN, ir.VarKind.COND})


class UnsupportedProgram(ValueError):
    """The program uses something the reference enumerator does not model."""


@dataclass(frozen=True, slots=True)
class Req:
    kind: str  # "read" | "write" | "check" | "go" | one of SYNC_KINDS
    var: str = ""
    atomic: bool = False
    rmw: bool = False
    value: object = None  # the value written or sent; "wgadd": the delta; "send-end": the send's id
    taint: frozenset = EMPTY  # writes, sends: the read events the value depends on (data and control)
    site: tuple[int, int] = (0, 0)  # (line, column) of the access
    child: "ThreadSpec | None" = None  # "go": the goroutine it starts
    case_taints: tuple[frozenset, ...] = ()  # "select": per case, what its sent value depends on


@dataclass(frozen=True, slots=True)
class ThreadSpec:
    """A goroutine to run: its static name, the values of its parameters, and
    the taints it inherits from the `go` statement that started it."""

    name: str
    args: tuple = ()
    arg_taints: tuple[frozenset, ...] = ()
    ctl: frozenset = EMPTY


@dataclass(frozen=True, slots=True)
class Pending:
    req: Req
    events: tuple[Req, ...]  # every request so far, this one last (index = history index)
    # what the goroutine has printed and assigned so far: its end if it waits here forever
    out: str = field(default="", hash=False, compare=False)
    locals: dict = field(default_factory=dict, hash=False, compare=False)

    def blocked(self) -> "End":
        """The end of a goroutine that waits forever on `req` (which never happens)."""
        return End(Status.BLOCKED, "", self.out, self.locals, self.events[:-1])


@dataclass(frozen=True, slots=True)
class End:
    status: Status
    panic: str
    out: str
    locals: dict = field(hash=False, compare=False)  # Local.id -> value (assigned ones only)
    events: tuple[Req, ...] = ()
    exit: int | None = None  # os.Exit's code: the program ends when this goroutine does
    fatal: bool = False  # its panic is a fatal error (no deferred call ran)


# ------------------------------------------------------------------ Go's print


def expr_type(e: ir.Expr) -> str:
    return "any" if isinstance(e, ir.Box) else e.type


# ------------------------------------------------------------------ static helpers


def live_in(loop: ir.Loop) -> tuple[str, ...]:
    """The locals (ids) an iteration of `loop` may read before assigning them:
    what one iteration hands the next (a conservative scan: assignments inside
    an `if` do not count, `post` is scanned as if the body were skipped)."""
    live: set[str] = set()

    def reads(node, assigned: set) -> None:
        for n in ir.walk(node):
            if isinstance(n, ir.Local) and n.id not in assigned:
                live.add(n.id)

    def block(stmts: tuple, assigned: set) -> None:
        assigned = set(assigned)
        for st in stmts:
            if isinstance(st, ir.SetLocals):
                for v in st.values:
                    reads(v, assigned)
                assigned |= {t.id for t in st.targets if t is not None}
            elif isinstance(st, ir.If):
                reads(st.cond, assigned)
                block(st.then, assigned)
                block(st.orelse, assigned)
            else:
                reads(st, assigned)

    if loop.cond is not None:
        reads(loop.cond, set())
    block(loop.body, set())
    block(loop.post, set())
    return tuple(sorted(live))


def _scalar_type(typ: str) -> bool:
    return typ in INT_TYPES or typ == "bool"


def _domain(typ: str, actual, program: ir.Program, cache: dict) -> tuple:
    """Values to try for a read of type `typ`: what it read, 0, 1, -1, 2, the
    type's ends, and the program's int constants and their neighbours."""
    if typ == "bool":
        return (False, True)
    consts = cache.get("consts")
    if consts is None:
        consts = cache["consts"] = {n.value for n in ir.walk(program)
                                    if isinstance(n, ir.Const) and type(n.value) is int}
    bits, signed = INT_TYPES[typ]
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    vals = {actual, 0, 1, -1, 2, lo, hi} | {c + d for c in consts for d in (-1, 0, 1)}
    return tuple(sorted(v for v in vals if type(v) is int and lo <= v <= hi))


# ------------------------------------------------------------------ the interpreter


class _Suspend(Exception):
    def __init__(self, req: Req):
        self.req = req


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    pass


class _Panic(Exception):
    """A panic: Go's message, and what recover() returns (None: a runtime
    panic, whose value prints as its message) with the reads it depends on."""

    def __init__(self, message: str, value: object = None, taint: frozenset = frozenset(), fatal: bool = False):
        self.message, self.value, self.taint, self.fatal = message, value, taint, fatal


class _Cut(Exception):
    pass


class _Exit(Exception):
    """os.Exit(code): the goroutine, and the program, end here."""

    def __init__(self, code: int):
        self.code = code


class _Spin(Exception):
    """A spin loop's attempt did not exit."""


class Interp:
    """Runs one goroutine against a history of answers (see the module docstring)."""

    def __init__(self, program: ir.Program, g: ir.Goroutine, spec: ThreadSpec, history: tuple,
                 unroll: int, range_bounds: dict[str, int] | None = None, live_cache: dict | None = None,
                 exits_cache: dict | None = None, dep_cache: dict | None = None, shape: tuple | None = None):
        self.program = program
        self.shared = program.shared_by_name
        self.g = g
        self.spec = spec
        self.history = history
        self.unroll = unroll
        self.range_bounds = range_bounds if range_bounds is not None else {}
        self.live_cache = live_cache if live_cache is not None else {}
        self.exits_cache = exits_cache if exits_cache is not None else {}  # id(code) -> exits
        self.dep_cache = dep_cache if dep_cache is not None else {}  # replay -> what the write stores
        self.shape = shape  # in the replays data_taint makes: the (kind, var) of each request to expect
        self.semantic = shape is None
        self.events: list[Req] = []
        self.env: dict[str, tuple[object, frozenset]] = {}
        self.out: list[str] = []
        self.lexical: frozenset = spec.ctl  # conditions of the enclosing ifs / loops
        self.leaked = {RETURN: EMPTY, LOOP: EMPTY, STOP: EMPTY}  # early-exit conditions (effects.py)
        self.changes = 0  # read-modify-writes that stored another value than the one they read
        self.frames: list[list] = []  # deferred calls (body, ctl at the defer) per open function
        self.panicking: _Panic | None = None  # the panic the running deferred calls run during
        self.deferring = 0  # deferred calls running

    # -- driving

    def run(self) -> Pending | End:
        if len(self.spec.args) != len(self.g.params):
            raise UnsupportedProgram(f"reference: {self.g.name} started with {len(self.spec.args)} "
                                     f"arguments for {len(self.g.params)} parameters")
        for p, v, t in zip(self.g.params, self.spec.args, self.spec.arg_taints or
                           (EMPTY,) * len(self.g.params)):
            self.env[p.id] = (v, t)
        status, message, code, fatal = Status.OK, "", None, False
        try:
            self.call(self.g.body)
        except _Suspend as s:
            return Pending(s.req, tuple(self.events), "".join(self.out),
                           {k: v for k, (v, _) in self.env.items()})
        except _Return:
            pass
        except _Panic as p:
            status, message, fatal = Status.PANIC, p.message, p.fatal
        except _Exit as x:
            code = x.code
        except _Cut:
            status = Status.CUT
        except _Spin:
            status = Status.SPINNING
        except (_Break, _Continue):
            raise UnsupportedProgram("reference: break/continue outside a loop")
        if len(self.events) != len(self.history) and self.semantic:  # (a replay may end sooner)
            raise AssertionError("history longer than the goroutine's requests")
        return End(status, message, "".join(self.out), {k: v for k, (v, _) in self.env.items()},
                   tuple(self.events), code, fatal)

    def request(self, req: Req) -> object:
        i = len(self.events)
        self.events.append(req)
        if self.shape is not None and (i >= len(self.shape) or (req.kind, req.var) != self.shape[i]):
            raise _Suspend(req)  # a replay (data_taint) that took another way: its answers no longer fit
        if i < len(self.history):
            return self.history[i]
        raise _Suspend(req)

    def event_id(self) -> tuple[str, int]:
        """The id the next request will get."""
        return (self.g.name, len(self.events))

    @property
    def ctl(self) -> frozenset:
        return self.lexical | self.leaked[RETURN] | self.leaked[LOOP] | self.leaked[STOP]

    def data_taint(self, taint: frozenset, var: str) -> frozenset:
        """The reads of this goroutine the value about to be stored really depends on
        (docs/decisions.md, "Dependencies are semantic"), found by replay: the
        goroutine is run again with every combination of other values (a small
        domain of each read's type) for up to SEMANTIC_READS int or bool reads
        of `taint`; a read stays if changing it alone changes the stored value
        or the kind or variable of any request before the store (then the code
        took another way)."""
        if not self.semantic:
            return taint  # a replay (it stops at the store)
        i = len(self.events)
        mine = [r for r in sorted(taint) if r[0] == self.g.name and self.events[r[1]].kind == "read"
                and _scalar_type(self.shared[self.events[r[1]].var].type)]
        if not 0 < len(mine) <= SEMANTIC_READS:
            return taint
        domains = [_domain(self.shared[self.events[r[1]].var].type, self.history[r[1]], self.program,
                           self.dep_cache) for r in mine]
        if prod(len(d) for d in domains) > 512:
            return taint
        shape = tuple((q.kind, q.var) for q in self.events)
        stored = {}
        for combo in product(*domains):
            h = list(self.history[:i])
            for r, v in zip(mine, combo):
                h[r[1]] = v
            key = (self.spec, shape, var, tuple(h))
            if key not in self.dep_cache:
                got = Interp(self.program, self.g, self.spec, tuple(h), self.unroll, self.range_bounds,
                             self.live_cache, self.exits_cache, self.dep_cache, shape).run()
                same = (isinstance(got, Pending) and len(got.events) == i + 1
                        and (got.req.kind, got.req.var) == ("write", var))
                self.dep_cache[key] = (got.req.value,) if same else ()
            stored[combo] = self.dep_cache[key]
        keep = set(taint)
        for n, r in enumerate(mine):
            groups: dict = {}
            for combo, out in stored.items():
                groups.setdefault(combo[:n] + combo[n + 1:], set()).add(out)
            # () is "did not reach this store this way": r changing that is a dependency too;
            # a group that never reaches it (other reads took another way) says nothing
            if all(len(g) == 1 for g in groups.values()):
                keep.discard(r)
        return frozenset(keep)

    def may_panic(self, taint: frozenset) -> None:
        """An operation that panics depending on `taint`: the rest of the goroutine depends on it."""
        self.leaked[STOP] = self.leaked[STOP] | taint

    def exits(self, code) -> frozenset[str]:
        """effects.exits of a statement list or one statement of the program,
        once each (replay runs code often; the program's nodes live as long as the cache)."""
        got = self.exits_cache.get(id(code))
        if got is None:
            got = self.exits_cache[id(code)] = exits(code if isinstance(code, tuple) else (code,))
        return got

    def close_scope(self, kind: str, leaked: frozenset, code, lexical: frozenset | None = None) -> None:
        """The end of a helper (RETURN) or loop (LOOP) that started with `leaked`
        (and `lexical`): what follows no longer depends on the conditions that
        could leave it early (or on the loop's tests), unless the body may stop
        the goroutine: then reaching here depends on them for good."""
        if STOP in self.exits(code):
            self.may_panic(self.leaked[kind] | (self.lexical if lexical is not None else EMPTY))
        self.leaked[kind] = leaked
        if lexical is not None:
            self.lexical = lexical

    # -- statements

    def block(self, stmts: tuple) -> None:
        for s in stmts:
            self.stmt(s)

    def stmt(self, s) -> None:
        if isinstance(s, ir.SetLocals):
            self.set_locals(s)
        elif isinstance(s, ir.Write):
            v, t = self.expr(s.value)
            self.request(Req("write", s.var, False, False, v, self.data_taint(t, s.var) | self.ctl, _site(s)))
        elif isinstance(s, ir.Eval):
            self.expr(s.expr)
        elif isinstance(s, ir.If):
            c, t = self.expr(s.cond)
            if same_code(s.then, s.orelse):  # the compiler merges identical arms
                t = EMPTY
            # the rest of the code this if can leave early depends on its condition
            for kind in self.exits(s.then) | self.exits(s.orelse):
                self.leaked[kind] = self.leaked[kind] | t
            saved = self.lexical
            self.lexical = saved | t
            try:
                self.block(s.then if c else s.orelse)
            finally:
                self.lexical = saved
        elif isinstance(s, ir.Unrolled):
            saved = self.leaked[LOOP]
            try:
                for it in s.iterations:
                    try:
                        self.block(it)
                    except _Continue:
                        pass
            except _Break:
                pass
            finally:
                self.close_scope(LOOP, saved, s)
        elif isinstance(s, ir.Loop):
            self.loop(s)
        elif isinstance(s, ir.Inline):
            saved = self.leaked[RETURN]
            try:
                self.call(s.body)
            finally:
                self.close_scope(RETURN, saved, s.body)
        elif isinstance(s, ir.Defer):
            self.frames[-1].append((s.body, self.ctl))
        elif isinstance(s, ir.Break):
            raise _Break()
        elif isinstance(s, ir.Continue):
            raise _Continue()
        elif isinstance(s, ir.Return):
            raise _Return()
        elif isinstance(s, ir.Panic) and s.pieces:  # a run-time error: recover() gets no value
            raise _Panic("".join(p.text if p.expr is None else format_piece(self.expr(p.expr)[0], expr_type(p.expr),
                                                                             p.verb) for p in s.pieces))
        elif isinstance(s, ir.Panic):
            v, t = self.expr(s.value)
            raise _Panic(print_text(v), v if expr_type(s.value) == "any" else Boxed(s.value.type, v), t)
        elif isinstance(s, ir.Print):
            text = "".join(p.text if p.expr is None else format_piece(self.expr(p.expr)[0], expr_type(p.expr), p.verb)
                           for p in s.pieces)
            if s.stream == ir.OUT:
                self.out.append(text)
            else:  # a .go program's stream: a step, ordered with every other goroutine's
                self.request(Req("print", s.stream, value=text, site=_site(s)))
        elif isinstance(s, ir.Exit):
            raise _Exit(self.expr(s.code)[0])
        elif isinstance(s, ir.Spawn):
            vals = [self.expr(a) for a in s.args]
            child = ThreadSpec(s.child.name, tuple(v for v, _ in vals), tuple(t for _, t in vals), self.ctl)
            self.request(Req("go", site=_site(s), child=child))
        elif isinstance(s, ir.OnceDo):
            self.once_do(s)
        elif isinstance(s, ir.ChanSend):
            v, t = self.expr(s.value)
            site = _site(s)
            sid = self.event_id()
            answer = self.request(Req("send", s.var, value=v, taint=t | self.ctl, site=site))
            if answer == "wait":
                answer = self.request(Req("send-end", s.var, value=sid, site=site))
            if answer not in ("ok", True):
                raise _Panic(channel.SEND_ON_CLOSED)
        elif isinstance(s, ir.ChanClose):
            if not self.request(Req("close", s.var, site=_site(s))):
                raise _Panic(channel.CLOSE_OF_CLOSED)
        elif isinstance(s, ir.RangeLoop):
            self.range_loop(s)
        elif isinstance(s, ir.Select):
            self.select(s)
        else:
            raise UnsupportedProgram(f"reference: statement {type(s).__name__} not supported")

    def select(self, s: ir.Select) -> None:
        """`select`: the send values are evaluated once, in case order; then one
        "select" request (sc.py: `select_moves`) whose answer is (index of the
        case taken, its channel answer: (value, ok) for a receive, "ok" /
        "closed" for a send, None for default); then the case's body, which
        `break` leaves."""
        cases, taint, case_taints = [], EMPTY, []
        for c in s.cases:
            if c.kind == "send":
                v, t = self.expr(c.value)
                taint = taint | t
                cases.append(("send", c.var, v))
                case_taints.append(t | self.ctl)
            else:
                cases.append((c.kind, c.var, None))
                case_taints.append(self.ctl)
        rid = self.event_id()
        idx, answer = self.request(Req("select", value=tuple(cases), taint=taint | self.ctl, site=_site(s),
                                       case_taints=tuple(case_taints)))
        case = s.cases[idx]
        if case.kind == "send" and answer != "ok":
            raise _Panic(channel.SEND_ON_CLOSED)
        if case.kind == "recv":
            t = frozenset({rid})
            for target, v in zip(case.targets, answer):
                if target is not None:
                    self.env[target.id] = (v, t)
        try:
            self.block(case.body)
        except _Break:
            pass

    def once_do(self, s: ir.OnceDo) -> None:
        """`once.Do(f)`: the Do that runs f ends it with a "once-end" event, also
        when f panics (Do counts as returned; the panic goes on)."""
        site = _site(s)
        if self.request(Req("once", s.var, site=site)) != "run":
            return
        saved = self.leaked[RETURN]
        try:
            self.call(s.body)
        except _Panic:
            self.request(Req("once-end", s.var, site=site))
            raise
        finally:
            self.close_scope(RETURN, saved, s.body)
        self.request(Req("once-end", s.var, site=site))

    # -- functions: defer, recover

    def call(self, body: tuple) -> None:
        """A function's body in its own frame of deferred calls: they run when it
        returns or panics (not at os.Exit, nor when it waits or is cut: those
        exceptions pass through); a return leaves only it."""
        self.frames.append([])
        try:
            self.block(body)
        except _Return:
            pass
        except _Panic as p:
            self.run_defers(p)
            return
        self.run_defers(None)

    def run_defers(self, panic: "_Panic | None") -> None:
        """The innermost frame's deferred calls, last first, each with the
        control dependencies of its defer statement; a recover() in one ends the
        panic; a panic in one replaces it; a panic left over goes on. A fatal
        error runs none of them."""
        frame = self.frames.pop()
        if panic is not None and panic.fatal:
            raise panic
        for body, ctl in reversed(frame):
            lexical = self.lexical
            self.lexical, self.panicking = ctl, panic
            self.deferring += 1
            try:
                self.block(body)
                panic = self.panicking  # None once recovered
            except _Panic as p:
                panic = p
            finally:
                self.deferring -= 1
                self.lexical, self.panicking = lexical, None
        if panic is not None:
            raise panic

    def recover(self, e: ir.Recover) -> tuple[object, frozenset]:
        p = self.panicking
        if not (e.direct and self.deferring and p is not None):
            return None, EMPTY
        self.panicking = None
        return (p.value if p.value is not None else Boxed("string", p.message)), p.taint

    def loop(self, s: ir.Loop) -> None:
        """At most `unroll` iterations; a path that needs one more is cut."""
        if s.spin:
            return self.spin_loop(s)
        saved_lexical, saved_loop = self.lexical, self.leaked[LOOP]
        try:
            n = 0
            while True:
                if s.cond is not None:
                    c, t = self.expr(s.cond)
                    self.lexical = self.lexical | t  # later iterations depend on every test so far
                    if not c:
                        break
                if n == self.unroll:
                    raise _Cut()
                n += 1
                try:
                    self.block(s.body)
                except _Continue:
                    pass
                self.block(s.post)
        except _Break:
            pass
        finally:
            self.close_scope(LOOP, saved_loop, s, saved_lexical)

    def spin_loop(self, s: ir.Loop) -> None:
        """A spin loop (see the module docstring): `unroll` kept iterations, then
        an attempt, after a "spin" marker: iterations until the loop exits, or
        until the locals an iteration can read before assigning them (`live_in`)
        are back at their values at the start of an earlier iteration of the
        attempt (the loop can only go round in circles: it ends SPINNING). Most
        spin loops have no such local: an attempt is one iteration. If they
        still change after `unroll` + 2 iterations of the attempt (a counter),
        the path is cut; so is an attempt that does not exit after a
        read-modify-write changed memory (`changes`).
        The rest of the goroutine depends on every condition the loop tested
        (it runs only because the loop exited)."""
        saved_lexical, saved_loop = self.lexical, self.leaked[LOOP]
        seen: list[tuple] = []  # the live locals at the start of each iteration of the attempt
        live = self.live_cache.get(id(s))
        if live is None:
            live = self.live_cache[id(s)] = live_in(s)
        try:
            n = 0
            while True:
                if n >= self.unroll:
                    if not seen:
                        self.request(Req("spin", site=_site(s)))
                        changes = self.changes
                    snap = tuple((k, type(v).__name__, v) for k in live
                                 for v in [self.env.get(k, (UNSET, EMPTY))[0]])
                    if snap in seen:
                        raise _Cut() if self.changes != changes else _Spin()
                    if len(seen) == self.unroll + 2:
                        raise _Cut()  # the locals still change (a counter): more is unknown
                    seen.append(snap)
                if s.cond is not None:
                    c, t = self.expr(s.cond)
                    self.lexical = self.lexical | t
                    if not c:
                        break
                try:
                    self.block(s.body)
                except _Continue:
                    pass
                self.block(s.post)
                n += 1
        except _Break:
            pass
        finally:
            self.close_scope(LOOP, saved_loop, s, saved_lexical)  # a spin loop may stop: kept

    def range_loop(self, s: ir.RangeLoop) -> None:
        """`for v := range c`: receives until closed and empty, at most
        send_sites + 1 times (a path that needs more is cut)."""
        bound = self.range_bounds.get(s.var)
        if bound is None:
            bound = ir.send_sites(self.program, s.var, self.unroll) + 1
        saved_lexical, saved_loop = self.lexical, self.leaked[LOOP]
        try:
            n = 0
            while True:
                if n == bound:
                    raise _Cut()
                n += 1
                (v, t), (ok, _) = self.recv(ir.ChanRecv(s.var, "", True, s.span))
                self.lexical = self.lexical | t  # later iterations depend on every receive so far
                if not ok:
                    break
                if s.target is not None:
                    self.env[s.target.id] = (v, t)
                try:
                    self.block(s.body)
                except _Continue:
                    pass
        except _Break:
            pass
        finally:
            self.close_scope(LOOP, saved_loop, s, saved_lexical)

    def recv(self, e: ir.ChanRecv) -> tuple[tuple[object, frozenset], tuple[object, frozenset]]:
        """`<-c`: ((value, taint), (ok, taint)); the taint is the receive event
        (its value depends on the send it takes: axiomatic.py adds that edge)."""
        rid = self.event_id()
        value, ok = self.request(Req("recv", e.var, site=_site(e)))
        t = frozenset({rid})
        return (value, t), (ok, t)

    def set_locals(self, s: ir.SetLocals) -> None:
        if len(s.values) == 1 and len(s.targets) == 2 and isinstance(s.values[0], ir.ChanRecv) \
                and s.values[0].comma_ok:
            pair = self.recv(s.values[0])
            values = [pair[0], pair[1]]
        elif len(s.values) == 1 and len(s.targets) == 2 and isinstance(s.values[0], ir.Assert) \
                and s.values[0].comma_ok:
            pair = self.assert_(s.values[0])
            values = [pair[0], pair[1]]
        else:
            if len(s.values) != len(s.targets):
                raise UnsupportedProgram("reference: assignment with mismatched counts")
            values = [self.expr(e) for e in s.values]
        for target, vt in zip(s.targets, values):
            if target is not None:
                self.env[target.id] = vt

    # -- expressions: each returns (value, taint)

    def expr(self, e) -> tuple[object, frozenset]:
        if isinstance(e, ir.Const):
            return e.value, EMPTY
        if isinstance(e, ir.Recover):
            return self.recover(e)
        if isinstance(e, ir.Local):
            return self.env.get(e.id, (zero_value(e.type), EMPTY))
        if isinstance(e, ir.Read):
            rid = self.event_id()
            v = self.request(Req("read", e.var, False, site=_site(e)))
            return v, frozenset({rid})
        if isinstance(e, ir.Atomic):
            return self.atomic(e)
        if isinstance(e, ir.Unary):
            v, t = self.expr(e.operand)
            if e.op == "conv" and e.type not in INT_TYPES and e.type != "float64":
                return v, t
            return unary(e.op, v, e.type), t
        if isinstance(e, ir.Binary):
            return self.binary(e)
        if isinstance(e, ir.Box):
            v, t = self.expr(e.operand)
            typ = expr_type(e.operand)
            if typ == "any" or v is None or isinstance(v, Boxed):
                return v, t
            return Boxed(typ, v), t
        if isinstance(e, ir.SyncCall):
            return self.sync_call(e)
        if isinstance(e, ir.ChanRecv):
            return self.recv(e)[0]
        if isinstance(e, ir.Assert):
            if e.comma_ok:
                raise UnsupportedProgram("reference: comma-ok assertion outside `v, ok :=`")
            return self.assert_(e)[0]
        if isinstance(e, ir.Builtin):
            return self.builtin(e)
        raise UnsupportedProgram(f"reference: expression {type(e).__name__} not supported")

    def builtin(self, e: ir.Builtin) -> tuple[object, frozenset]:
        """A string or map operation (litmus/ops.py); a panic depends on its operands."""
        vals, taint = [], EMPTY
        for a in e.args:
            v, t = (None, EMPTY) if a is None else self.expr(a)
            vals.append(v)
            taint |= t
        if stops(e):
            self.may_panic(taint)
        try:
            return ops.concrete(e.op, tuple(vals)), taint
        except ops.Stop as stop:
            if stop.status is Status.CUT:
                raise _Cut() from None
            raise _Panic(stop.message) from None

    def binary(self, e: ir.Binary) -> tuple[object, frozenset]:
        a, ta = self.expr(e.left)
        if e.op in ("&&", "||"):
            if may_stop(e.right):  # the rest runs only if the right operand, when evaluated, did not stop
                self.may_panic(ta)
            if (e.op == "&&") != bool(a):
                return a, ta
            saved = self.lexical
            self.lexical = saved | ta  # the right operand runs only because of the left one
            try:
                b, tb = self.expr(e.right)
            finally:
                self.lexical = saved
            return b, ta | tb
        b, tb = self.expr(e.right)
        if e.op in ("==", "!=", "<", "<=", ">", ">="):
            return compare(e.op, a, b), ta | tb
        if e.op in ("/", "%"):
            self.may_panic(tb)
            try:
                return arith(e.op, a, b, e.type), ta | tb
            except DivideByZero:
                raise _Panic(DIVIDE_BY_ZERO) from None
        if e.op in ("<<", ">>"):
            if stops(e):  # a signed count: negative panics
                self.may_panic(tb)
            if b < 0:
                raise _Panic(NEGATIVE_SHIFT)
        return arith(e.op, a, b, e.type), ta | tb

    def sync_call(self, e: ir.SyncCall) -> tuple[object, frozenset]:
        """Mutex, RWMutex, WaitGroup and Cond operations: their results depend on no read."""
        site = _site(e)
        if e.op == "cwait":  # join the wait list, unlock, wait until woken, lock again
            lock = self.shared[e.var].lock
            jid = self.event_id()
            self.request(Req("cjoin", e.var, site=site))
            self.sync_call(ir.SyncCall("unlock", lock, (), "", e.span))
            self.request(Req("cwake", e.var, value=jid, site=site))
            self.sync_call(ir.SyncCall("lock", lock, (), "", e.span))
            return None, EMPTY
        if e.op in ("signal", "broadcast"):
            self.request(Req(e.op, e.var, site=site))
            return None, EMPTY
        rw = self.shared[e.var].kind is ir.VarKind.RWMUTEX
        if e.op in ("lock", "wait", "rlock"):
            if e.op == "lock" and rw:  # the writer is pending from the call on
                self.request(Req("pend", e.var, site=site))
            self.request(Req(e.op, e.var, site=site))
            return None, EMPTY
        if e.op in ("unlock", "runlock"):
            if not self.request(Req(e.op, e.var, site=site)):
                fatal = primitives.sync_op(self.shared[e.var].kind, e.op).fatal
                raise _Panic(rwmutex.RUNLOCK_OF_UNLOCKED if e.op == "runlock" else
                             rwmutex.UNLOCK_OF_UNLOCKED if rw else mutex.UNLOCK_OF_UNLOCKED, fatal=fatal)
            return None, EMPTY
        if e.op in ("trylock", "tryrlock"):
            return self.request(Req(e.op, e.var, site=site)), EMPTY
        if e.op == "add":
            delta, taint = self.expr(e.args[0])
            self.may_panic(taint)
            if self.request(Req("wgadd", e.var, value=delta, site=site)) < 0:
                raise _Panic(waitgroup.NEGATIVE_COUNTER)
            return None, EMPTY
        raise UnsupportedProgram(f"reference: sync operation {e.op!r} not supported")

    def assert_(self, e: ir.Assert) -> tuple[tuple[object, frozenset], tuple[object, frozenset]]:
        """`x.(T)`: ((value, taint), (ok, taint)); panics unless comma-ok."""
        v, t = self.expr(e.operand)
        if isinstance(v, Boxed) and v.type == e.type:
            return (v.value, t), (True, t)
        if e.comma_ok:
            return (zero_value(e.type), t), (False, t)
        self.may_panic(t)
        held = "nil" if v is None else v.type
        raise _Panic(f"interface conversion: interface {{}} is {held}, not {e.type}")

    def atomic(self, e: ir.Atomic) -> tuple[object, frozenset]:
        args = [self.expr(a) for a in e.args]
        arg_taint = EMPTY.union(*(t for _, t in args))
        site = _site(e)
        var = e.var
        rid = self.event_id()
        read_taint = frozenset({rid})
        if e.op == "load":
            return self.request(Req("read", var, True, site=site)), read_taint
        if e.value:
            return self.value_op(e, args, arg_taint, site)
        vtype = self.shared[var].type
        if e.op == "store":
            self.request(Req("write", var, True, False, args[0][0], self.data_taint(arg_taint, var) | self.ctl, site))
            return None, EMPTY
        if e.op == "add":
            old = self.request(Req("read", var, True, True, site=site))
            new = wrap_int(old + args[0][0], vtype)
            self.request(Req("write", var, True, True, new, arg_taint | read_taint | self.ctl, site))
            return new, read_taint | arg_taint
        if e.op == "swap":
            old = self.request(Req("read", var, True, True, site=site))
            self.stores(old, args[0][0])
            self.request(Req("write", var, True, True, args[0][0], arg_taint | self.ctl, site))
            return old, read_taint
        if e.op == "cas":
            cur = self.request(Req("read", var, True, True, site=site))
            if cur == args[0][0] and type(cur) is type(args[0][0]):
                self.stores(cur, args[1][0])
                self.request(Req("write", var, True, True, args[1][0], arg_taint | read_taint | self.ctl,
                                 site))
                return True, read_taint | arg_taint
            return False, read_taint | arg_taint
        raise UnsupportedProgram(f"reference: atomic operation {e.op!r} not supported")

    def stores(self, old: object, new: object) -> None:
        """A read-modify-write replaces `old` by `new` (spin loops: see `spin_loop`)."""
        if not (old == new and type(old) is type(new)):
            self.changes += 1

    def value_op(self, e: ir.Atomic, args, arg_taint: frozenset, site) -> tuple[object, frozenset]:
        """atomic.Value Store / Swap / CompareAndSwap with Go's panics (sync/atomic/value.go)."""
        var = e.var
        rid = self.event_id()
        read_taint = frozenset({rid})
        if e.op == "store":
            new = args[0][0]
            self.may_panic(arg_taint)
            if new is None:
                raise _Panic(atomic_value.nil_value("store"))
            cur = self.request(Req("check", var, True, True, site=site))
            if cur is not None and cur.type != new.type:
                raise _Panic(atomic_value.inconsistent_type("store"))
            self.request(Req("write", var, True, True, new, arg_taint | self.ctl, site))
            return None, EMPTY
        if e.op == "swap":
            new = args[0][0]
            self.may_panic(arg_taint)
            if new is None:
                raise _Panic(atomic_value.nil_value("swap"))
            old = self.request(Req("read", var, True, True, site=site))
            self.may_panic(read_taint)
            if old is not None and old.type != new.type:
                raise _Panic(atomic_value.inconsistent_type("swap"))
            self.request(Req("write", var, True, True, new, arg_taint | self.ctl, site))
            return old, read_taint
        if e.op == "cas":
            old, new = args[0][0], args[1][0]
            self.may_panic(arg_taint)
            if new is None:
                raise _Panic(atomic_value.nil_value("cas"))
            if old is not None and old.type != new.type:
                raise _Panic(atomic_value.CAS_OF_INCONSISTENT_TYPES)
            cur = self.request(Req("read", var, True, True, site=site))
            self.may_panic(read_taint)
            if cur is not None and cur.type != new.type:
                raise _Panic(atomic_value.inconsistent_type("cas"))
            if cur != old:
                return False, read_taint | arg_taint
            self.request(Req("write", var, True, True, new, arg_taint | read_taint | self.ctl, site))
            return True, read_taint | arg_taint
        raise UnsupportedProgram(f"reference: atomic.Value operation {e.op!r} not supported")


def _site(node) -> tuple[int, int]:
    return (node.span.line, node.span.column)


# ------------------------------------------------------------------ replay with a cache


class Runner:
    """Runs goroutines by replay, caching every (spec, history) it has seen."""

    def __init__(self, program: ir.Program, unroll: int):
        self.program = program
        self.unroll = unroll
        self.code = {g.name: g for g in program.all_goroutines()}
        self.cache: dict[tuple[ThreadSpec, tuple], Pending | End] = {}
        for v in program.shared:
            if v.kind not in MEMORY_KINDS | SYNC_OBJECT_KINDS:
                raise UnsupportedProgram(f"reference: {v.kind.value} variable {v.name} not supported")
        self.range_bounds = {v.name: ir.send_sites(program, v.name, unroll) + 1
                             for v in program.shared if v.kind is ir.VarKind.CHAN}
        self.live_cache: dict[int, tuple[str, ...]] = {}  # id(spin loop) -> live_in
        self.exits_cache: dict[int, frozenset[str]] = {}  # id(statement list or statement) -> effects.exits
        self.dep_cache: dict = {}  # Interp.data_taint's replays

    def run(self, spec: ThreadSpec, history: tuple) -> Pending | End:
        key = (spec, history)
        r = self.cache.get(key)
        if r is None:
            r = Interp(self.program, self.code[spec.name], spec, history, self.unroll, self.range_bounds,
                       self.live_cache, self.exits_cache, self.dep_cache).run()
            self.cache[key] = r
        return r


def final_locals(g: ir.Goroutine, end: End | None) -> dict[str, object]:
    """Local.id -> final value (UNSET if never assigned) for every local of g."""
    env = end.locals if end is not None else {}
    return {loc.id: env.get(loc.id, UNSET) for loc in g.locals}
