"""Sequentially consistent executions: an explicit search over interleavings.

A state is: each started goroutine's (spec, history) (interp.py), shared
memory, one vector clock per goroutine, the release clock of each variable's
latest write, the latest access of each (variable, goroutine, site, kind) and
whether a race was seen. A step runs one goroutine's next request against
memory (a read returns the latest write: that is the interleaving axiom); an
atomic read-modify-write, and atomic.Value.Store's type check with its write,
are one step. States are memoized, so interleavings that reach the same state
are explored once.

Happens-before is tracked with vector clocks: every event ticks its
goroutine's component; sw edges join clocks: a `go` statement gives the child
the parent's clock, the end of init gives the top-level goroutines init's
clock, an atomic read of a value written by an atomic write joins that write's
clock (for atomic.Value only if the model has the "atomic-value" rule, for the
other atomics if it has "atomic"). Access a (goroutine g, own clock value c)
happens before a later access b iff clock(b)[g] >= c.

Sync objects (Mutex, RWMutex, WaitGroup, Once) have their state in the search
state and follow their sequential specification (common.sync_moves): a
goroutine whose next operation cannot complete is not enabled (it waits); a
TryLock / TryRLock that could succeed branches (true, or a spurious false). When no goroutine can step,
the state is terminal: each goroutine still waiting there is BLOCKED. Their sw
edges are clock joins too: each object keeps the join of the clocks of its
releasing operations so far (successful Unlocks, negative Adds, the end of
the Once's f; separately, an RWMutex's successful RUnlocks), which every
acquiring operation (Lock, successful TryLock, RLock, successful TryRLock,
Wait's return, a Do that did not run f) joins: "every release before it in
so", not only the latest. Only Lock and a successful TryLock join the
RUnlocks: readers never synchronize with readers.

Channels (common.chan_moves) are sync objects too: each channel operation
is one step when it can complete; a send that waits is two (its start queues
the value, its "send-end" completes when a receiver took the value or it
reached the buffer); the sources of its sw edges are events whose clocks the
state keeps (`chan_clock`), joined into the operation's clock. sync.Cond
(common.cond_moves) works the same way: a Wait is "cjoin", the Mutex unlock,
"cwake" (enabled once a Signal / Broadcast woke it; joins that one's clock)
and the Mutex lock.

Spin loops (interp.py): a goroutine at the "spin" marker of a loop attempt
can always step; an attempt that does not exit is pruned (with the races its
reads found). Fairness: a state where every goroutine that can step is at a
spin marker is final (memory no longer changes): if no spinning goroutine's
attempt exits there, the outcome has them SPINNING, their attempts' reads
included (`spin_final`).

Races: when an access b runs, every earlier access a of the same variable by
another goroutine is checked: at least one writes, at least one is plain, and
not a hb b. Only the latest access per (variable, goroutine, site, kind,
atomic) is kept: an older one happens before the newer one (program order),
so if the older races with b the newer does too. Races are reported per pair
of sites, so this loses none.
"""

from __future__ import annotations

from litmus.go_end import Exit
from litmus.program import spawned
from litmus.reference.common import (Budget, SelectView, ProgramInfo, acquire_tags, event_moves, printed, release_tag,
                                     sync_initial, sync_moves)
from litmus.reference.interp import EVENT_KINDS, SYNC_KINDS, End, Pending, Req, Runner, ThreadSpec, UnsupportedProgram
from litmus.report.outcome import Outcome, Status


class ScState:
    def __init__(self, info: ProgramInfo):
        self.threads: dict[str, tuple[ThreadSpec, tuple]] = {}
        self.memory = {name: v.init for name, v in info.vars.items()}
        self.clocks: dict[str, tuple[int, ...]] = {}
        self.release: dict[str, tuple[int, ...] | None] = {name: None for name in info.vars}
        self.accesses: dict[tuple, int] = {}
        self.racy = False
        self.init_done = info.init is None
        self.sync = {name: sync_initial(v) for name, v in info.sync_vars.items()}  # sync object states
        # (object, release tag) -> the join of the clocks of its releasing operations so far
        self.sync_release: dict[tuple[str, str], tuple[int, ...]] = {}
        self.chan_clock: dict[tuple, tuple[int, ...]] = {}  # channel event id -> its clock
        self.streams = ("", "")  # a .go program's stdout and stderr so far

    def copy(self) -> "ScState":
        new = object.__new__(ScState)
        new.threads = dict(self.threads)
        new.memory = dict(self.memory)
        new.clocks = dict(self.clocks)
        new.release = dict(self.release)
        new.accesses = dict(self.accesses)
        new.racy = self.racy
        new.init_done = self.init_done
        new.sync = dict(self.sync)
        new.sync_release = dict(self.sync_release)
        new.chan_clock = dict(self.chan_clock)
        new.streams = self.streams
        return new

    def key(self) -> tuple:
        return (tuple(sorted(self.threads.items())), tuple(sorted(self.memory.items(), key=_k)),
                tuple(sorted(self.clocks.items())), tuple(sorted(self.release.items(), key=_k)),
                frozenset(self.accesses.items()), self.racy, self.init_done,
                tuple(sorted(self.sync.items(), key=_k)), tuple(sorted(self.sync_release.items(), key=_k)),
                tuple(sorted(self.chan_clock.items())), self.streams)


def _k(item):
    return item[0]


class ScEnumerator(SelectView):
    def __init__(self, info: ProgramInfo, runner: Runner, limit: int, deadline=None):
        self.info = info
        self.runner = runner
        self.model = info.model
        self.index = {n: i for i, n in enumerate(info.names)}
        self.zero = (0,) * len(info.names)
        self.budget = Budget(limit, "the sc state space", deadline)
        self.races: set[tuple] = set()
        # goroutines main starts, and those some interleaving has not started when main returns
        main = info.goroutines.get("main")
        self.main_children = {g.name for g in spawned(main.body)} if main is not None else set()
        self.go = info.program.go  # a .go program: ends when main returns (litmus/go_end.py)
        self.early: set[str] = set()

    def run(self) -> set[Outcome]:
        start = ScState(self.info)
        for spec in self.info.initial_specs():
            self.start_thread(start, spec, self.zero)
        self.settle(start)
        outcomes: set[Outcome] = set()
        stack, seen = [start], set()
        while stack:
            st = stack.pop()
            k = st.key()
            if k in seen:
                continue
            seen.add(k)
            self.budget.spend()
            enabled = [n for n in st.threads if self.can_step(st, n)]
            exits = []
            if self.go:  # the program may end here (and the others may also step on)
                exits = self.info.exits({n: self.runner.run(*t) for n, t in st.threads.items()})
                outcomes.update(self.info.go_outcome(self.ends(st), st.memory, st.racy, st.streams, x)
                                for x in exits)
            else:
                self.note_early_return(st)
            if not enabled:  # terminal: whoever still waits, waits forever
                if not exits:
                    outcomes.add(self.final_outcome(self.ends(st), st))
                continue
            if not exits and all(self.at_spin(st, n) for n in enabled):
                final = self.spin_final(st)
                if final is not None:
                    outcomes.add(final)
            for n in sorted(enabled, reverse=True):
                spec, h = st.threads[n]
                req = self.runner.run(spec, h).req
                if req.kind == "select":
                    stack.extend(self.select_moves(st, n, req))
                elif req.kind in EVENT_KINDS:
                    var = self.info.sync_vars[req.var]
                    stack.extend(self.chan_step(st, n, req, move)
                                 for move in event_moves(var, st.sync[req.var], req, (n, len(h))))
                elif req.kind in SYNC_KINDS:
                    stack.extend(self.sync_step(st, n, req, move) for move in sync_moves(st.sync[req.var], req))
                else:
                    nxt = self.step(st, n)
                    if nxt is not None:
                        stack.append(nxt)
        return outcomes

    def ends(self, st: ScState) -> dict[str, End]:
        """Each goroutine's end if the execution stopped here: whoever waits, waits forever."""
        ends = {}
        for n, (spec, h) in st.threads.items():
            r = self.runner.run(spec, h)
            ends[n] = r.blocked() if isinstance(r, Pending) else r
        return ends

    def final_outcome(self, ends: dict[str, End], st: ScState) -> Outcome:
        """The outcome of a final state (nobody can step; in a .go program nobody exits)."""
        if self.go:
            return self.info.go_outcome(ends, st.memory, st.racy, st.streams, Exit(None))
        return self.info.outcome(ends, st.memory, st.racy)

    def note_early_return(self, st: ScState) -> None:
        """Main has returned (status OK) while a goroutine it started has taken no step."""
        waiting = [g for g in self.main_children - self.early if g in st.threads and not st.threads[g][1]]
        if waiting and "main" in st.threads:
            r = self.runner.run(*st.threads["main"])
            if isinstance(r, End) and r.status is Status.OK:
                self.early.update(waiting)

    def at_spin(self, st: ScState, name: str) -> bool:
        spec, h = st.threads[name]
        r = self.runner.run(spec, h)
        return isinstance(r, Pending) and r.req.kind == "spin"

    def spin_final(self, st: ScState) -> Outcome | None:
        """A final state: every goroutine that can step is at a spin marker. Each
        runs one attempt against the (fixed) memory; the outcome, with them all
        SPINNING, exists if none of the attempts exits."""
        s = st.copy()
        ends = {}
        for n, (spec, h) in st.threads.items():
            r = self.runner.run(spec, h)
            if isinstance(r, Pending) and r.req.kind == "spin":
                h = h + (None,)
                r = self.runner.run(spec, h)
                while isinstance(r, Pending) and r.req.kind == "read":
                    h = h + (self.perform(s, n, r.req),)
                    r = self.runner.run(spec, h)
                    if isinstance(r, Pending) and r.req.kind == "write" and r.req.rmw:
                        # a Swap's store: of the value it read, or the attempt ends CUT
                        h = h + (self.perform(s, n, r.req),)
                        r = self.runner.run(spec, h)
                if not (isinstance(r, End) and r.status is Status.SPINNING):
                    return None
            ends[n] = r.blocked() if isinstance(r, Pending) else r
        return self.final_outcome(ends, s)

    # -- one step

    # -- select

    def select_moves(self, st: ScState, name: str, req: Req) -> list[ScState]:
        """The ways a select can be taken (one step): a case ready on its own; a
        rendezvous with a waiting partner (SelectView.meetings: both complete,
        S5 and S7 edges both ways); default when no case is ready on its own;
        [] when it waits."""
        spec, h = st.threads[name]
        out = []
        for i, var, (new_state, answer, sources) in self.select_ready(st, name, req):
            s1 = st.copy()
            self.tick(s1, name)
            s1.sync[var] = new_state
            if self.info.sync_edges(var):
                for src in sources:
                    s1.clocks[name] = tuple(map(max, s1.clocks[name], s1.chan_clock[src]))
            s1.chan_clock[(name, len(h))] = s1.clocks[name]
            s1.threads[name] = (spec, h + ((i, answer),))
            self.settle(s1)
            out.append(s1)
        ready = bool(out)
        for m in self.meetings(st, name, req):
            sname, rname = m.send_id[0], m.recv_id[0]
            s1 = st.copy()
            s1.sync[m.var] = m.state
            self.tick(s1, sname)
            s1.chan_clock[m.send_id] = s1.clocks[sname]
            self.tick(s1, rname)
            if self.info.sync_edges(m.var):
                for src in m.recv_sources:
                    s1.clocks[rname] = tuple(map(max, s1.clocks[rname], s1.chan_clock[src]))
            s1.chan_clock[m.recv_id] = s1.clocks[rname]
            if self.info.sync_edges(m.var):
                for src in m.send_sources:
                    s1.clocks[sname] = tuple(map(max, s1.clocks[sname], s1.chan_clock[src]))
            s1.chan_clock[m.send_id] = s1.clocks[sname]
            self.answer(s1, ((sname, m.send_answer), (rname, m.recv_answer)))
            self.settle(s1)
            out.append(s1)
        if not ready:  # a waiting partner may not have started waiting yet
            out.extend(self.default_moves(st, name, req))
        return out

    def chan_step(self, st: ScState, name: str, req: Req, move: tuple) -> ScState:
        """A channel or Cond operation completes: new object state, answer, sw by clocks."""
        st = st.copy()
        spec, h = st.threads[name]
        new_state, answer, sources = move
        self.tick(st, name)
        st.sync[req.var] = new_state
        if self.info.sync_edges(req.var):
            for src in sources:
                st.clocks[name] = tuple(map(max, st.clocks[name], st.chan_clock[src]))
        st.chan_clock[(name, len(h))] = st.clocks[name]
        st.threads[name] = (spec, h + (answer,))
        self.settle(st)
        return st

    def sync_step(self, st: ScState, name: str, req: Req, move: tuple[object, object]) -> ScState:
        """A sync operation completes: the object's new state, the answer, sw by clocks."""
        st = st.copy()
        spec, h = st.threads[name]
        new_state, answer = move
        var = req.var
        self.tick(st, name)
        st.sync[var] = new_state
        if self.info.sync_edges(var):
            for tag in acquire_tags(req, answer):
                rel = st.sync_release.get((var, tag))
                if rel is not None:
                    st.clocks[name] = tuple(map(max, st.clocks[name], rel))
            tag = release_tag(req, answer)
            if tag is not None:
                rel = st.sync_release.get((var, tag))
                st.sync_release[(var, tag)] = st.clocks[name] if rel is None else tuple(map(max, rel, st.clocks[name]))
        st.threads[name] = (spec, h + (answer,))
        self.settle(st)
        return st

    def step(self, st: ScState, name: str) -> ScState | None:
        """One memory step (None: a spin loop's attempt that did not exit, pruned)."""
        st = st.copy()
        spec, h = st.threads[name]
        req = self.runner.run(spec, h).req
        if req.kind == "spin":
            st.threads[name] = (spec, h + (None,))
            return st
        races = set(self.races)
        h = h + (self.perform(st, name, req),)
        if req.kind in ("read", "check") and req.rmw:
            nxt = self.runner.run(spec, h)
            if isinstance(nxt, Pending) and nxt.req.kind == "write" and nxt.req.rmw:
                h = h + (self.perform(st, name, nxt.req),)  # the write part: same step
        r = self.runner.run(spec, h)
        if isinstance(r, End) and r.status is Status.SPINNING:
            self.races = races
            return None
        st.threads[name] = (spec, h)
        self.settle(st)
        return st

    def settle(self, st: ScState) -> None:
        """When init has ended, the top-level goroutines start (sw: init end -> their start)."""
        if st.init_done:
            return
        spec, h = st.threads[self.info.init]
        end = self.runner.run(spec, h)
        if isinstance(end, End):
            st.init_done = True
            if end.status.never_returns:  # init panicked: the program exits during init
                return
            clock = st.clocks[self.info.init] if self.model.has("init") else self.zero
            for n in self.info.top:
                self.start_thread(st, ThreadSpec(n), clock)

    def start_thread(self, st: ScState, spec: ThreadSpec, clock: tuple[int, ...]) -> None:
        if spec.name in st.threads:
            raise UnsupportedProgram(f"reference: goroutine {spec.name} is started twice "
                                     "(a go statement in a loop) - not supported")
        st.threads[spec.name] = (spec, ())
        st.clocks[spec.name] = clock

    def tick(self, st: ScState, g: str) -> None:
        c = list(st.clocks[g])
        c[self.index[g]] += 1
        st.clocks[g] = tuple(c)

    def perform(self, st: ScState, g: str, req: Req) -> object:
        """Run one request against memory; returns the answer for the goroutine's history."""
        if req.kind == "print":  # a .go program's stdout or stderr
            st.streams = printed(st.streams, req)
            return None
        if req.kind == "check":  # atomic.Value.Store's type check: sees memory, no event
            return st.memory[req.var]
        self.tick(st, g)
        if req.kind == "go":
            clock = st.clocks[g] if self.model.has("go-statement") else self.zero
            self.start_thread(st, req.child, clock)
            return None
        var = req.var
        if req.kind == "read":
            value = st.memory[var]
            rel = st.release[var]
            if req.atomic and rel is not None:  # sw: the atomic write it reads from -> this read
                st.clocks[g] = tuple(map(max, st.clocks[g], rel))
        else:
            value = None
            st.memory[var] = req.value
            st.release[var] = st.clocks[g] if req.atomic and self.info.syncs(var) else None
        self.access(st, g, req)
        return value

    def access(self, st: ScState, g: str, req: Req) -> None:
        if not self.model.has("data-race"):
            return  # the model defines no race
        clock = st.clocks[g]
        kind = "write" if req.rmw else req.kind  # both parts of an atomic RMW: one access, a write
        for (var, g2, site2, kind2, atomic2), epoch in st.accesses.items():
            if var != req.var or g2 == g:
                continue
            if "write" not in (kind, kind2) or (req.atomic and atomic2):
                continue
            if clock[self.index[g2]] < epoch:  # not (earlier access hb this one)
                st.racy = True
                a = (g2, site2[0], site2[1], kind2)
                b = (g, req.site[0], req.site[1], kind)
                self.races.add((var, min(a, b), max(a, b)))
        st.accesses[(req.var, g, req.site, kind, req.atomic)] = clock[self.index[g]]


def sc_outcomes(info: ProgramInfo, runner: Runner, limit: int,
                deadline=None) -> tuple[set[Outcome], set[tuple], bool, set[str]]:
    """(full outcomes, racing pairs of sites, complete, the goroutines main may
    return before) of the SC executions; `deadline` is called now and then
    (common.Budget)."""
    e = ScEnumerator(info, runner, limit, deadline)
    outcomes = e.run()
    complete = not any(g.status is Status.CUT for o in outcomes for _, g in o.goroutines)
    return outcomes, e.races, complete, e.early
