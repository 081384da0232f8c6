"""Executions of racy programs under the `go` (and `relaxed-value`) model.

An execution is a choice of a path per goroutine (fixed by the values its
reads return), a synchronization order `so` and a reads-from map `rf`. They
are enumerated in three explicit stages, then checked axiom by axiom.

1. Value domains (`value_domains`). Every read returns a value some write
   wrote, or the initial value. Starting from the initial values, each round
   runs every goroutine on every path where reads return any value of the
   current domains and adds the values written. A value in a valid execution
   is computed from a chain of writes that rf ∪ dep orders (no thin air), so
   it appears within as many rounds as the execution has writes: the rounds
   stop at a fixpoint or after as many rounds as an execution can have
   writes (`max_writes`, counted statically on the code).

2. Paths and `so` (`SoSearch`). A search over states (each goroutine's history
   as in interp.py, the latest atomic write of each variable in `so`, the
   atomic reads-from edges so far): a step runs one goroutine's next request.
   A plain read may return any value of its variable's domain (its rf is
   chosen in stage 3). The order in which the search performs synchronizing
   operations (atomics, `go`, goroutine starts after the `go` / after init's
   end) *is* `so`: consistent with program order by construction, and with
   initial writes first. An atomic read returns the value of the so-latest
   atomic write (Axiom 2), recorded as an atomic rf edge; if the variable also
   has plain accesses it may instead return any domain value, read from a
   plain write (checked in stage 3). An atomic read-modify-write (and
   atomic.Value.Store's type check with its write) is one step, so nothing
   comes between its parts in `so`. Sync objects (Mutex, RWMutex, WaitGroup,
   Once) follow their sequential specification along this order
   (common.sync_moves): an operation that cannot complete is not a step (the
   goroutine waits), a TryLock / TryRLock that could succeed branches (true,
   or a spurious false); each acquiring operation records sw edges from every
   releasing operation of its object before it (successful Unlock -> Lock /
   successful TryLock / RLock / successful TryRLock; successful RUnlock ->
   Lock / successful TryLock, never to a reader; negative Add -> Wait's
   return; end of the Once's f -> every other Do's return). Every leaf (no goroutine can step) is an execution
   candidate; a goroutine still waiting in it is BLOCKED (its operation cannot
   complete in the final state).
   Channels (common.chan_moves) are such objects too: each operation records
   sw edges from the events its completion is synchronized after (the send
   whose value a receive takes, the close, the k-th receive for the (k+C)-th
   send's completion), and the search records which send each receive took
   (`taken`) for the dependencies of received values. A select is one step,
   as in sc.py (`select_moves`): any case ready on its own, a rendezvous with
   a waiting partner (common.SelectView.meetings; both complete in that step,
   sw both ways), default when no case is ready on its own; the sw edges and `taken` are
   those of the channel operation that fired (a select send's value carries
   that case's taint). sync.Cond
   (common.cond_moves) likewise: the Signal / Broadcast that woke a Wait ->
   its "cwake"; the Wait's unlock and relock are Mutex operations. Spin loops: an
   attempt (interp.py) that does not exit is pruned; a state where every
   goroutine that can step is at a spin marker is final, and `spin_final`
   runs each spinning goroutine's last attempt there (plain reads: any
   domain value; atomic reads: the final ones), a leaf for each way that
   none exits.

3. The axioms (`Execution`), on explicit Python sets, each checked only when
   the model names it (litmus/models/__init__.py, RULES): without
   `sync-order` an atomic read returns any atomic write before it in `so`
   (stage 2 keeps them all, `SoState.aseen`) and an atomic-only variable's
   final value is any hb-maximal write; without `visible-write` a read may
   read any write of its value; without `data-race` nothing is racy; the
   sw edges are those of the model's sync rules.
   - hb = (po ∪ sw)+, with sw = go statement -> child start ("go-statement"),
     init end -> top-level starts ("init"), the sync-object edges of stage 2, atomic rf edges (for atomic.Value only with the
     model's "atomic-value" rule, other atomics with "atomic"); initial writes
     happen before everything. Axiom 1 holds by construction: every po and
     sw edge between synchronizing operations goes forward in the search
     order, so so ⊇ hb restricted to them and hb is acyclic.
   - Axiom 3 (visible write): each read r gets as rf candidates the writes w
     of its variable with the value it returned such that not r hb w and no
     write w' has w hb w' hb r; an atomic read's so-latest write must pass
     the same test; a plain-alternative atomic read only takes plain writes.
   - Strings are two words (docs/decisions.md): a plain read of a string
     reads its data word and its length word each from a write that passes
     the Axiom 3 test on its own; its value is values.torn of the two, so
     stage 1 adds TORN to the domain of a string variable with two or more
     values. Its rf is the pair of writes (both are rf edges for Axiom 4).
   - Axiom 4 (no thin air): some choice of candidates makes rf ∪ dep acyclic
     (dep: read -> write edges from interp.py's taints; a received value
     carries the dependencies of the value its send sent: read -> receive
     edges). Only reads with a
     dep edge out of them can lie on a cycle, so only their choices are
     enumerated.
   - Outcomes: the final value of a variable accessed only atomically is the
     so-latest write; of any other variable, each write that no other write
     of it happens after (hb-maximal), one outcome per choice (a string's two
     words each from such a write: values.torn of the pair). The racy flag:
     two accesses of a variable in different goroutines, one a write, one
     plain, unordered by hb.
"""

from __future__ import annotations

import itertools

from litmus import program as ir
from litmus.go_end import Exit
from litmus.program import zero_value
from litmus.reference.common import (Budget, SelectView, ProgramInfo, acquire_tags, event_moves, printed, release_tag,
                                     sync_initial, sync_moves)
from litmus.reference.interp import EVENT_KINDS, SYNC_KINDS, End, Pending, Req, Runner, ThreadSpec, UnsupportedProgram
from litmus.report.outcome import Outcome, Status
from litmus.values import TORN, torn

INIT = "$init"  # the goroutine name of initial writes: (INIT, var)


def same_value(a: object, b: object) -> bool:
    return a == b and type(a) is type(b)


def _order(values) -> list:
    return sorted(values, key=lambda v: (type(v).__name__, repr(v)))


# ------------------------------------------------------------------ stage 1


def value_domains(info: ProgramInfo, runner: Runner, budget: Budget) -> dict[str, list]:
    """Per shared variable the values a read may return; per channel the values
    a send may send (what a receive may return, besides the zero value)."""
    domains = {name: {v.init} for name, v in info.vars.items()}
    domains.update({name: set() for name, v in info.sync_vars.items() if v.kind is ir.VarKind.CHAN})
    bound = sum(max_writes(g.body, runner.unroll, runner.range_bounds) for g in info.goroutines.values())
    rounds = 0
    while True:
        written = _all_traces(info, runner, domains, budget)
        rounds += 1
        grown = {name: _with_torn(info, name, domains[name] | written.get(name, set())) for name in domains}
        if grown == domains or rounds >= bound:
            return {name: _order(vals) for name, vals in grown.items()}
        domains = grown


def _with_torn(info: ProgramInfo, name: str, values: set) -> set:
    """A string read may mix the words of two writes of different values (values.torn)."""
    if name in info.vars and info.vars[name].type == "string" and len(values - {TORN}) > 1:
        return values | {TORN}
    return values


def max_writes(stmts: tuple, unroll: int, ranges: dict[str, int]) -> int:
    """At most how many writes and sends one run of `stmts` performs (loops run at
    most `unroll` times, `for range c` at most ranges[c]; a child goroutine's
    writes are counted with the child)."""
    def in_expr(e) -> int:
        return sum(1 for n in ir.walk(e) if isinstance(n, ir.Atomic) and n.op != "load")

    total = 0
    for s in stmts:
        if isinstance(s, ir.If):
            total += in_expr(s.cond) + max(max_writes(s.then, unroll, ranges), max_writes(s.orelse, unroll, ranges))
        elif isinstance(s, ir.Unrolled):
            total += sum(max_writes(it, unroll, ranges) for it in s.iterations)
        elif isinstance(s, ir.Loop):
            cond = in_expr(s.cond) if s.cond is not None else 0
            # a spin loop: `unroll` kept iterations, then an attempt of up to unroll + 2 more
            runs = 2 * unroll + 3 if s.spin else unroll
            total += (runs + 1) * cond + runs * max_writes(s.body + s.post, unroll, ranges)
        elif isinstance(s, ir.RangeLoop):
            total += ranges[s.var] * max_writes(s.body, unroll, ranges)
        elif isinstance(s, (ir.Inline, ir.OnceDo)):
            total += max_writes(s.body, unroll, ranges)
        elif isinstance(s, ir.Spawn):
            total += sum(in_expr(a) for a in s.args)
        elif isinstance(s, ir.Select):  # every send value is evaluated; one case (a send or not) and its body
            total += sum(in_expr(c.value) for c in s.cases if c.kind == "send")
            total += max(((1 if c.kind == "send" else 0) + max_writes(c.body, unroll, ranges) for c in s.cases),
                         default=0)
        else:
            total += in_expr(s) + (1 if isinstance(s, (ir.Write, ir.ChanSend)) else 0)
    return total


def _all_traces(info, runner, domains, budget) -> dict[str, set]:
    """The values written (per variable) on every path of every goroutine, with
    reads drawn from `domains`."""
    written: dict[str, set] = {}
    todo = [ThreadSpec(n) for n in ([info.init] if info.init else []) + info.top]
    done = set()
    while todo:
        spec = todo.pop()
        if spec in done:
            continue
        done.add(spec)
        stack = [()]
        while stack:
            h = stack.pop()
            budget.spend()
            r = runner.run(spec, h)
            if isinstance(r, End):
                continue
            req = r.req
            if req.kind in ("read", "check"):
                stack.extend(h + (v,) for v in domains[req.var])
            elif req.kind == "recv":
                zero = zero_value(info.sync_vars[req.var].type)
                stack.extend(h + ((v, True),) for v in domains[req.var])
                stack.append(h + ((zero, False),))
            elif req.kind == "send":
                written.setdefault(req.var, set()).add(req.value)
                stack.extend(h + (a,) for a in ("ok", "wait", "closed"))
            elif req.kind == "select":  # every case (no case: waits forever)
                for i, (kind, var, value) in enumerate(req.value):
                    if kind == "recv":
                        zero = zero_value(info.sync_vars[var].type)
                        stack.extend(h + ((i, (v, True)),) for v in domains[var])
                        stack.append(h + ((i, (zero, False)),))
                    elif kind == "send":
                        written.setdefault(var, set()).add(value)
                        stack.extend(h + ((i, a),) for a in ("ok", "closed"))
                    else:
                        stack.append(h + ((i, None),))
            elif req.kind in SYNC_KINDS:  # every way it can complete (the counter: >= 0 or not)
                stack.extend(h + (a,) for a in SYNC_ANSWERS[req.kind])
            else:
                if req.kind == "write":
                    written.setdefault(req.var, set()).add(req.value)
                elif req.kind == "go":  # the child runs with these arguments (taints do not matter here)
                    todo.append(ThreadSpec(req.child.name, req.child.args))
                stack.append(h + (None,))
    return written


SYNC_ANSWERS = {"lock": (None,), "unlock": (True, False), "trylock": (True, False), "wgadd": (0, -1),
                "wait": (None,), "once": ("run", "done"), "once-end": (None,),
                "pend": (None,), "rlock": (None,), "runlock": (True, False), "tryrlock": (True, False),
                "send-end": (True, False), "close": (True, False),
                "cjoin": (None,), "cwake": (None,), "signal": (None,), "broadcast": (None,)}


# ------------------------------------------------------------------ stage 2


class SoState:
    def __init__(self, info: ProgramInfo):
        self.threads: dict[str, tuple[ThreadSpec, tuple]] = {}
        self.amem = {name: ((INIT, name), v.init) for name, v in info.vars.items()}  # so-latest write
        # without the model's sync-order: every atomic write of each variable so far (what a read may return)
        self.aseen = {} if info.model.has("sync-order") else {name: (w,) for name, w in self.amem.items()}
        self.arf: frozenset = frozenset()  # (atomic write id, atomic read id)
        self.alt: frozenset = frozenset()  # atomic reads that read a plain write instead
        self.init_done = info.init is None
        self.sync = {name: sync_initial(v) for name, v in info.sync_vars.items()}  # sync object states
        self.released: dict[tuple[str, str], tuple] = {}  # (object, release tag) -> releasing ops so far
        self.sw: frozenset = frozenset()  # sync-object sw edges (release id, acquire id)
        self.taken: frozenset = frozenset()  # (send id, id of the receive that took its value)
        self.streams = ("", "")  # a .go program's stdout and stderr so far, in the search order

    def copy(self) -> "SoState":
        new = object.__new__(SoState)
        new.threads, new.amem, new.aseen = dict(self.threads), dict(self.amem), dict(self.aseen)
        new.arf, new.alt, new.init_done = self.arf, self.alt, self.init_done
        new.sync, new.released, new.sw = dict(self.sync), dict(self.released), self.sw
        new.taken = self.taken
        new.streams = self.streams
        return new

    def key(self) -> tuple:
        return (tuple(sorted(self.threads.items())), tuple(sorted(self.amem.items(), key=lambda i: i[0])),
                tuple(sorted(self.aseen.items(), key=lambda i: i[0])),
                self.arf, self.alt, self.init_done, tuple(sorted(self.sync.items(), key=lambda i: i[0])),
                tuple(sorted(self.released.items(), key=lambda i: i[0])), self.sw, self.taken, self.streams)


class SoSearch(SelectView):
    def __init__(self, info: ProgramInfo, runner: Runner, domains: dict[str, list], budget: Budget):
        self.info, self.runner, self.domains, self.budget = info, runner, domains, budget

    def leaves(self) -> list[tuple[SoState, Exit | None]]:
        """The final states, each with how a .go program ends there (None for .lit)."""
        go = self.info.program.go
        start = SoState(self.info)
        for spec in self.info.initial_specs():
            self.start_thread(start, spec)
        self.settle(start)
        out, stack, seen = [], [start], set()
        while stack:
            st = stack.pop()
            k = st.key()
            if k in seen:
                continue
            seen.add(k)
            self.budget.spend()
            enabled = [n for n in st.threads if self.can_step(st, n)]
            exits = self.info.exits({n: self.runner.run(*t) for n, t in st.threads.items()}) if go else []
            out.extend((st, x) for x in exits)  # a .go program may end here, or the others step on
            if not enabled:
                if not exits:
                    out.append((st, Exit(None) if go else None))
            elif not exits and all(self.at_spin(st, n) for n in enabled):
                out.extend((s, Exit(None) if go else None) for s in self.spin_final(st))
            # A plain access touches no search state (a plain read's value is a free
            # choice checked in stage 3, a plain write is not in so), so where it
            # comes in the search order changes no leaf: run plain steps first, one
            # goroutine at a time, and interleave only synchronizing steps. (A spin
            # marker is not plain: the attempt it starts may be pruned.) Not in a .go
            # program: there the exit may come before any plain step.
            plain = [n for n in enabled if self.is_plain(st, n)] if not go else []
            for n in plain[:1] or enabled:
                stack.extend(s for s in self.step(st, n) if not self.spun(s, n))
        return out

    def at_spin(self, st: SoState, name: str) -> bool:
        spec, h = st.threads[name]
        r = self.runner.run(spec, h)
        return isinstance(r, Pending) and r.req.kind == "spin"

    def spun(self, st: SoState, name: str) -> bool:
        """Did goroutine `name` just end an attempt of a spin loop that did not exit?"""
        spec, h = st.threads[name]
        r = self.runner.run(spec, h)
        return isinstance(r, End) and r.status is Status.SPINNING

    def spin_final(self, st: SoState) -> list[SoState]:
        """A final state: every goroutine that can step is at a spin marker (nothing
        changes memory any more). Each runs one attempt there, its reads returning
        what they may (plain: any value, checked in stage 3; atomic: the final
        ones); the leaves are the combinations where no attempt exits."""
        states = [st]
        for n in [n for n in st.threads if self.at_spin(st, n)]:
            done = []
            stack = [s2 for s in states for s2 in self.step(s, n)]  # the marker
            while stack:
                s = stack.pop()
                spec, h = s.threads[n]
                r = self.runner.run(spec, h)
                if isinstance(r, End) and r.status is Status.SPINNING:
                    done.append(s)
                elif isinstance(r, Pending) and r.req.kind == "read":  # else it exited
                    self.budget.spend()
                    stack.extend(self.step(s, n))
            states = done
        return states

    # -- select (readiness from SelectView, as in sc.py; sw edges recorded, not joined)

    def select_moves(self, st: SoState, name: str, req: Req) -> list[SoState]:
        """The ways a select can be taken (one step): a case ready on its own; a
        rendezvous with a waiting partner (SelectView.meetings: both complete in
        one step, sw both ways); default when no case is ready on its own; [] when
        it waits."""
        spec, h = st.threads[name]
        sid = (name, len(h))
        out = []
        for i, var, (new_state, answer, sources) in self.select_ready(st, name, req):
            s1 = st.copy()
            s1.sync[var] = new_state
            if self.info.sync_edges(var):
                s1.sw = s1.sw | {(w, sid) for w in sources}
            if req.value[i][0] == "recv" and answer[1]:
                s1.taken = s1.taken | {(sources[0], sid)}
            s1.threads[name] = (spec, h + ((i, answer),))
            self.settle(s1)
            out.append(s1)
        ready = bool(out)
        for m in self.meetings(st, name, req):
            s1 = st.copy()
            s1.sync[m.var] = m.state
            if self.info.sync_edges(m.var):
                s1.sw = s1.sw | {(w, m.recv_id) for w in m.recv_sources} | {(w, m.send_id) for w in m.send_sources}
            s1.taken = s1.taken | {(m.send_id, m.recv_id)}
            self.answer(s1, ((m.send_id[0], m.send_answer), (m.recv_id[0], m.recv_answer)))
            self.settle(s1)
            out.append(s1)
        if not ready:  # a waiting partner may not have started waiting yet
            out.extend(self.default_moves(st, name, req))
        return out

    def is_plain(self, st: SoState, name: str) -> bool:
        spec, h = st.threads[name]
        req = self.runner.run(spec, h).req
        return req.kind in ("read", "write") and not req.atomic

    def start_thread(self, st: SoState, spec: ThreadSpec) -> None:
        if spec.name in st.threads:
            raise UnsupportedProgram(f"reference: goroutine {spec.name} is started twice "
                                     "(a go statement in a loop) - not supported")
        st.threads[spec.name] = (spec, ())

    def settle(self, st: SoState) -> None:
        if not st.init_done:
            spec, h = st.threads[self.info.init]
            end = self.runner.run(spec, h)
            if isinstance(end, End):
                st.init_done = True
                for n in () if end.status.never_returns else self.info.top:  # init panicked: Go exits
                    self.start_thread(st, ThreadSpec(n))

    def step(self, st: SoState, name: str) -> list[SoState]:
        spec, h = st.threads[name]
        req = self.runner.run(spec, h).req
        rid = (name, len(h))
        if req.kind == "select":
            return self.select_moves(st, name, req)
        branches: list[tuple[SoState, object]] = []
        if req.kind == "read" and not req.atomic:
            branches = [(st, v) for v in self.domains[req.var]]
        elif req.kind == "read":  # sync-order: the so-latest atomic write; without: any atomic write so far
            for writer, value in st.aseen[req.var] if st.aseen else (st.amem[req.var],):
                s1 = st.copy()
                s1.arf = st.arf | {(writer, rid)}
                branches.append((s1, value))
            if req.var not in self.info.atomic_only:  # may read a plain write instead
                s2 = st.copy()
                s2.alt = st.alt | {rid}
                branches += [(s2, v) for v in self.domains[req.var]]
        elif req.kind == "check":
            branches = [(st, st.amem[req.var][1])]
        elif req.kind == "spin":
            branches = [(st, None)]
        elif req.kind == "print":
            s1 = st.copy()
            s1.streams = printed(st.streams, req)
            branches = [(s1, None)]
        elif req.kind in EVENT_KINDS:
            var = req.var
            for new_state, answer, sources in event_moves(self.info.sync_vars[var], st.sync[var], req, rid):
                s1 = st.copy()
                s1.sync[var] = new_state
                if self.info.sync_edges(var):
                    s1.sw = s1.sw | {(w, rid) for w in sources}
                if req.kind == "recv" and answer[1]:
                    s1.taken = s1.taken | {(sources[0], rid)}
                branches.append((s1, answer))
        elif req.kind == "write":
            s1 = st.copy()
            if req.atomic:
                atomic_write(s1, req.var, (rid, req.value))
            branches = [(s1, None)]
        elif req.kind == "go":
            s1 = st.copy()
            self.start_thread(s1, req.child)
            branches = [(s1, None)]
        elif req.kind in SYNC_KINDS:
            var = req.var
            for new_state, answer in sync_moves(st.sync[var], req):
                s1 = st.copy()
                s1.sync[var] = new_state
                if self.info.sync_edges(var):
                    for tag in acquire_tags(req, answer):
                        s1.sw = s1.sw | {(w, rid) for w in st.released.get((var, tag), ())}
                    tag = release_tag(req, answer)
                    if tag is not None:
                        s1.released[(var, tag)] = st.released.get((var, tag), ()) + (rid,)
                branches.append((s1, answer))
        out = []
        for s, answer in branches:
            s = s.copy()
            h2 = h + (answer,)
            if req.kind in ("read", "check") and req.rmw:
                nxt = self.runner.run(spec, h2)
                if isinstance(nxt, Pending) and nxt.req.kind == "write" and nxt.req.rmw:
                    atomic_write(s, req.var, ((name, len(h2)), nxt.req.value))  # the write part: same step
                    h2 = h2 + (None,)
            s.threads[name] = (spec, h2)
            self.settle(s)
            out.append(s)
        return out


def atomic_write(st: SoState, var: str, write: tuple) -> None:
    """Record an atomic write (id, value) of `var` at this point of `so`."""
    st.amem[var] = write
    if st.aseen:
        st.aseen[var] = st.aseen[var] + (write,)


# ------------------------------------------------------------------ stage 3


class Execution:
    """The event graph of one leaf of the search."""

    def __init__(self, info: ProgramInfo, runner: Runner, st: SoState, reach_cache: dict,
                 exit: Exit | None = None):
        self.info = info
        self.st = st
        self.exit = exit  # how a .go program ends in this leaf
        self.ends: dict[str, End] = {}
        for n, (spec, h) in st.threads.items():
            r = runner.run(spec, h)
            self.ends[n] = r.blocked() if isinstance(r, Pending) else r  # waits forever
        self.events: dict[tuple, Req] = {}  # memory events and go statements, by id
        self.writes: dict[str, list[tuple]] = {v: [(INIT, v)] for v in info.vars}
        self.value: dict[tuple, object] = {(INIT, v): var.init for v, var in info.vars.items()}
        edges: set[tuple] = set()  # po and sw

        def edge(a, b):
            edges.add((a, b))

        model = info.model
        for n, end in self.ends.items():
            spec, h = st.threads[n]
            prev = (n, "start")
            for i, req in enumerate(end.events):
                if req.kind in ("check", "spin"):
                    continue
                eid = (n, i)
                self.events[eid] = req
                edge(prev, eid)  # po
                prev = eid
                if req.kind == "read":
                    self.value[eid] = h[i]
                elif req.kind == "write":
                    self.value[eid] = req.value
                    self.writes[req.var].append(eid)
                elif req.kind == "go" and model.has("go-statement"):
                    edge(eid, (req.child.name, "start"))  # sw
            edge(prev, (n, "end"))
        if info.init is not None and model.has("init"):
            for n in info.top:
                edge((info.init, "end"), (n, "start"))  # sw
        for a, b in st.sw:
            edge(a, b)  # sw of Mutex, RWMutex, WaitGroup, Once, channels
        self.rf_atomic = {r: w for w, r in st.arf}
        for w, r in st.arf:
            if w[0] != INIT and info.syncs(self.events[r].var):
                edge(w, r)  # sw
        key = frozenset(edges)
        if key not in reach_cache:  # many executions share one hb (they differ in read values)
            succ: dict[tuple, set] = {(n, "start"): set() for n in self.ends}
            for a, b in edges:
                succ.setdefault(a, set()).add(b)
                succ.setdefault(b, set())
            reach_cache[key] = {a: _reachable(succ, a) for a in succ}
        self.reach = reach_cache[key]

    def hb(self, a: tuple, b: tuple) -> bool:
        if a[0] == INIT:
            return b[0] != INIT
        if b[0] == INIT:
            return False
        return b in self.reach[a]

    def candidates(self, r: tuple) -> list[tuple]:
        """Axioms 2 and 3: what read r may read from, each a tuple of writes: one
        write, or for a string (data word, length word)."""
        req = self.events[r]
        if req.atomic and r not in self.st.alt:
            ws = [self.rf_atomic[r]]
        elif not req.atomic and self.info.vars[req.var].type == "string":
            words = self.visible(r, self.writes[req.var])
            return [(d, n) for d in words for n in words
                    if same_value(torn(self.value[d], self.value[n]), self.value[r])]
        else:
            ws = [w for w in self.writes[req.var] if same_value(self.value[w], self.value[r])
                  and (not req.atomic or (w[0] != INIT and not self.events[w].atomic))]
        return [(w,) for w in self.visible(r, ws)]

    def visible(self, r: tuple, ws: list[tuple]) -> list[tuple]:
        """Axiom 3 (under the model's visible-write rule): the writes of `ws` r may see."""
        if not self.info.model.has("visible-write"):
            return ws
        return [w for w in ws if not self.hb(r, w) and not any(
            self.hb(w, w2) and self.hb(w2, r) for w2 in self.writes[self.events[r].var])]

    def send_taint(self, send: tuple) -> frozenset:
        """What the value sent by event `send` (a send, or a select that took a send case) depends on."""
        req = self.events[send]
        if req.kind != "select":
            return req.taint
        idx, _ = self.st.threads[send[0]][1][send[1]]
        return req.case_taints[idx]

    def consistent(self) -> bool:
        dep: dict[tuple, set] = {}
        for eid, req in self.events.items():
            if req.kind == "write":
                for r in req.taint:
                    dep.setdefault(r, set()).add(eid)
        for send, recv in self.st.taken:  # a received value depends on what its send's value depends on
            for r in self.send_taint(send):
                dep.setdefault(r, set()).add(recv)
        fixed: dict[tuple, tuple] = {}
        choices: list[tuple[tuple, list]] = []
        for r, req in self.events.items():
            if req.kind != "read":
                continue
            cands = self.candidates(r)
            if not cands:
                return False
            if len(cands) == 1 or r not in dep or not self.info.model.has("no-thin-air"):
                # a read with no dep edge out is on no cycle
                fixed[r] = cands[0]
            else:
                choices.append((r, cands))
        for pick in itertools.product(*(c for _, c in choices)):
            rf = dict(fixed)
            rf.update(zip((r for r, _ in choices), pick))
            if _acyclic(rf, dep):
                return True
        return False

    def outcomes(self) -> set[Outcome]:
        accesses = [(eid, req) for eid, req in self.events.items() if req.kind in ("read", "write")]
        racy = self.info.model.has("data-race") and any(a[0] != b[0] and ra.var == rb.var and "write" in (ra.kind, rb.kind)
                   and not (ra.atomic and rb.atomic) and not self.hb(a, b) and not self.hb(b, a)
                   for (a, ra), (b, rb) in itertools.combinations(accesses, 2))
        finals: dict[str, list] = {}
        for var in self.info.vars:
            if var in self.info.atomic_only and self.info.model.has("sync-order"):
                finals[var] = [self.st.amem[var][1]]
            else:
                ws = self.writes[var]
                maximal = [w for w in ws if not any(w2 != w and self.hb(w, w2) for w2 in ws)]
                if self.info.vars[var].type == "string":  # two words, each from a maximal write
                    finals[var] = _order({torn(self.value[d], self.value[n]) for d in maximal for n in maximal})
                else:
                    finals[var] = _order({self.value[w] for w in maximal})
        names = list(finals)
        if self.exit is not None:
            return {self.info.go_outcome(self.ends, dict(zip(names, choice)), racy, self.st.streams, self.exit)
                    for choice in itertools.product(*(finals[n] for n in names))}
        return {self.info.outcome(self.ends, dict(zip(names, choice)), racy)
                for choice in itertools.product(*(finals[n] for n in names))}


def _reachable(succ: dict, a) -> set:
    seen, stack = set(), list(succ[a])
    while stack:
        x = stack.pop()
        if x not in seen:
            seen.add(x)
            stack.extend(succ[x])
    return seen


def _acyclic(rf: dict, dep: dict) -> bool:
    """rf ∪ dep has no cycle (rf: read -> the writes it reads from, dep: read -> write)."""
    succ: dict[tuple, set] = {}
    for r, ws in rf.items():
        for w in ws:
            succ.setdefault(w, set()).add(r)
    for r, ws in dep.items():
        succ.setdefault(r, set()).update(ws)
    state: dict[tuple, int] = {}  # 1 on the stack, 2 done
    for root in succ:
        if root in state:
            continue
        stack = [(root, iter(succ.get(root, ())))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return False
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(succ.get(nxt, ()))))
    return True


def racy_outcomes(info: ProgramInfo, runner: Runner, limit: int, deadline=None) -> set[Outcome]:
    """Full outcomes of every execution that satisfies the axioms; `deadline`
    is called now and then (common.Budget)."""
    budget = Budget(limit, "the racy-execution search", deadline)
    domains = value_domains(info, runner, budget)
    outcomes: set[Outcome] = set()
    reach_cache: dict = {}
    for leaf, exit in SoSearch(info, runner, domains, budget).leaves():
        budget.spend()
        ex = Execution(info, runner, leaf, reach_cache, exit)
        if ex.consistent():
            outcomes |= ex.outcomes()
    return outcomes
