"""What both enumerators share: facts about the program, observables, outcomes."""

from __future__ import annotations

from dataclasses import dataclass

from litmus import program as ir
from litmus.errors import StateSpaceTooLarge  # noqa: F401  (raised here, defined there)
from litmus.lower import local_name
from litmus.go_end import Exit, main_cut, streams_and_ends
from litmus.models import Model
from litmus.primitives import channel, cond, mutex, once, rwmutex, waitgroup
from litmus.report.outcome import GoroutineEnd, Outcome, Status
from litmus.values import UNSET, format_value

from litmus.reference.interp import (EVENT_KINDS, MEMORY_KINDS, SYNC_KINDS, SYNC_OBJECT_KINDS, End, Pending, Req,
                                     ThreadSpec, final_locals)


class Budget:
    """Steps left for one search; `deadline` (the check of --timeout's
    solver/z3util.py Budget: raises Timeout once it has passed) is called every
    CHECK_EVERY steps, a clock read that costs nothing next to a step."""

    CHECK_EVERY = 64

    def __init__(self, limit: int, what: str, deadline=None):
        self.limit, self.what, self.used, self.deadline = limit, what, 0, deadline

    def spend(self, n: int = 1) -> None:
        before, self.used = self.used, self.used + n
        if self.used > self.limit:
            raise StateSpaceTooLarge(f"reference: gave up after {self.limit} steps of {self.what}: "
                                     "the test is too large for the reference enumerator")
        if self.deadline is not None and before // self.CHECK_EVERY != self.used // self.CHECK_EVERY:
            self.deadline()


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
        return self.model.has("atomic-value" if kind is ir.VarKind.VALUE else "atomic")

    def sync_edges(self, var: str) -> bool:
        """Do the operations of sync object `var` create sw edges? When the model
        has the rule of its kind ("channel", "mutex", ...: models.OBJECT_RULES)."""
        return self.model.object_synchronizes(self.sync_vars[var].kind.value)

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

    # -- .go programs (litmus/go_end.py)

    def exits(self, ends: dict[str, "End | Pending"]) -> list[Exit]:
        """The goroutines whose end ends the program, each one a way the program
        may end next: main returned, an os.Exit, a panic."""
        out = []
        for n, r in sorted(ends.items()):
            if not isinstance(r, End):
                continue
            if r.status is Status.PANIC:
                out.append(Exit(n, panic=r.panic, fatal=r.fatal))
            elif r.exit is not None:
                out.append(Exit(n, code=r.exit))
            elif n == "main" and r.status is Status.OK:
                out.append(Exit(n))
        return out

    def go_outcome(self, ends: dict[str, End], shared: dict[str, object], racy: bool,
                   streams: tuple[str, str], exit: Exit) -> Outcome:
        """The outcome of a .go program that ends so (`Exit(None)`: nobody exits)."""
        stuck = [(n, e.status) for n, e in sorted(ends.items()) if e.status in (Status.BLOCKED, Status.SPINNING)]
        cut = [n for n, e in sorted(ends.items()) if e.status is Status.CUT]
        shown, gs = streams_and_ends(streams[0], streams[1], exit, stuck if exit.goroutine is None else [], cut)
        values = [(k, format_value(v)) for k, v in shown.items()]
        for key, gname, lid in self.observables:
            if lid is None:
                values.append((key, format_value(shared[key])))
            else:
                end = None if main_cut(exit) else ends.get(gname)
                v = final_locals(self.goroutines[gname], end)[lid] if end is not None else UNSET
                values.append((key, format_value(v)))
        return Outcome(tuple(sorted(values)), gs, racy)


def printed(streams: tuple[str, str], req: Req) -> tuple[str, str]:
    """A .go program's (stdout, stderr) after a "print" request."""
    out, err = streams
    return (out + req.value, err) if req.var == ir.STDOUT else (out, err + req.value)


# ------------------------------------------------------------------ sync objects
# Each object's sequential specification lives with its facts in litmus/primitives;
# these dispatch a request to it by the object's kind.


def chan_moves(var: ir.SharedVar, st: channel.Chan, req: Req, eid: object) -> list[tuple[object, object, tuple]]:
    """The moves of a channel operation: (new state, answer, ids of the events
    synchronized before this one); [] when it waits."""
    return channel.moves(var.cap, var.type, st, req.kind, req.value, eid)


def event_moves(var: ir.SharedVar, st: object, req: Req, eid: object) -> list[tuple[object, object, tuple]]:
    """The moves of a channel or Cond operation, like chan_moves."""
    if var.kind is ir.VarKind.COND:
        return cond.moves(st, req.kind, req.value, eid)
    return chan_moves(var, st, req, eid)


def sync_initial(var: ir.SharedVar) -> object:
    """The state of a sync object at program start: a Mutex is free (False = not
    held), an RWMutex is free with no pending writer, a WaitGroup counter is 0, a
    Once has not run, a channel is open and empty, a Cond has no waiter."""
    return {ir.VarKind.CHAN: channel.Chan(), ir.VarKind.COND: cond.Cond(), ir.VarKind.RWMUTEX: rwmutex.RW(),
            ir.VarKind.MUTEX: False, ir.VarKind.WAITGROUP: 0, ir.VarKind.ONCE: once.NOT_RUN}[var.kind]


def sync_moves(state: object, req: Req) -> list[tuple[object, object]]:
    """The moves of a Mutex, RWMutex, WaitGroup or Once operation: (new state,
    answer to the goroutine); [] when it cannot complete there (it waits)."""
    k = req.kind
    if isinstance(state, rwmutex.RW):
        return rwmutex.moves(state, k)
    if k in mutex.PRIMITIVE.requests:
        return mutex.moves(state, k)
    if k in waitgroup.PRIMITIVE.requests:
        return waitgroup.moves(state, k, req.value if k == "wgadd" else 0)
    if k in once.PRIMITIVE.requests:
        return once.moves(state, k)
    raise AssertionError(f"not a sync operation: {k}")


def release_tag(req: Req, answer: object) -> str | None:
    """Is this completed operation the source side of sw edges, and to which
    acquiring operations? "w": a successful Unlock (-> every later Lock,
    successful TryLock, RLock, successful TryRLock), a negative Add (-> every
    later Wait return), the end of a Once's f (-> every other Do's return).
    "r": a successful RUnlock (-> every later Lock and successful TryLock only:
    readers never synchronize with readers)."""
    if (req.kind == "unlock" and answer is True) or (req.kind == "wgadd" and req.value < 0) \
            or req.kind == "once-end":
        return "w"
    if req.kind == "runlock" and answer is True:
        return "r"
    return None


def acquire_tags(req: Req, answer: object) -> tuple[str, ...]:
    """The releases this completed operation gets sw edges from (every earlier
    one of its object with these tags): a Lock or successful TryLock gets the
    Unlocks and the RUnlocks; an RLock or successful TryRLock, a Wait's return,
    a Do that did not run f get the "w" releases."""
    if req.kind == "lock" or (req.kind == "trylock" and answer is True):
        return ("w", "r")
    if req.kind in ("wait", "rlock") or (req.kind == "tryrlock" and answer is True) \
            or (req.kind == "once" and answer == "done"):
        return ("w",)
    return ()


def observables(program: ir.Program) -> list[tuple[str, str | None, str | None]]:
    """(observable, goroutine, Local.id) for locals declared once in their goroutine
    (ids starting with `$` are the lowering's temporaries), (x, None, None) for shared
    variables."""
    out = []
    for g in program.all_goroutines():
        if program.go and g.name != "main":
            continue  # a Go program's other goroutines vanish with it (litmus/go_end.py)
        by_name: dict[str, list[str]] = {}
        for loc in g.locals:
            if not loc.id.startswith("$"):
                by_name.setdefault(local_name(loc), []).append(loc.id)
        for n, ids in by_name.items():
            if len(ids) == 1 and f"{g.name}.{n}" not in program.shared_by_name:  # else the shared one is observed
                out.append((f"{g.name}.{n}", g.name, ids[0]))
    for v in program.shared:
        if v.kind in (ir.VarKind.PLAIN, ir.VarKind.ATOMIC, ir.VarKind.VALUE) and not ir.hidden(v.name):
            out.append((v.name, None, None))
    return sorted(out)


@dataclass(frozen=True, slots=True)
class Meeting:
    """A select's rendezvous (SelectView.meetings): the channel's new state; the
    send (id, answer) and the receive (id, answer); the sources of the receive's
    sw edges (the send: S5) and of the send's completion (the receive: S7)."""

    var: str
    state: channel.Chan
    send_id: tuple
    send_answer: object
    recv_id: tuple
    recv_answer: object
    recv_sources: tuple
    send_sources: tuple


class SelectView:
    """What both searches (sc.py, axiomatic.py) ask about a goroutine's next
    step and a select, from the goroutines' pending requests and the channel
    states; a search provides `info` (ProgramInfo), `runner`, `select_moves`
    and `settle`, and its states `threads`, `sync` and `copy()`."""

    def can_step(self, st, name: str) -> bool:
        """Whether goroutine `name`'s next request can complete in state `st`
        (a search's `select_moves` decides for a select)."""
        spec, h = st.threads[name]
        r = self.runner.run(spec, h)
        if isinstance(r, End):
            return False
        if r.req.kind == "select":
            return bool(self.select_moves(st, name, r.req))
        if r.req.kind in EVENT_KINDS:
            return bool(event_moves(self.info.sync_vars[r.req.var], st.sync[r.req.var], r.req, (name, len(h))))
        return r.req.kind not in SYNC_KINDS or bool(sync_moves(st.sync[r.req.var], r.req))

    def default_moves(self, st, name: str, req: Req) -> list:
        """The select takes its default case (if it has one): one new state."""
        out = []
        for i, (kind, _, _) in enumerate(req.value):
            if kind == "default":
                s1 = st.copy()
                self.answer(s1, ((name, (i, None)),))
                self.settle(s1)
                out.append(s1)
        return out

    @staticmethod
    def answer(st, answers) -> None:
        """Append each (goroutine, answer) to that goroutine's history in `st`."""
        for g, a in answers:
            spec, h = st.threads[g]
            st.threads[g] = (spec, h + (a,))

    def select_ready(self, st, name: str, req: Req) -> list[tuple]:
        """The cases of a select (request `req` of goroutine `name`) that are
        ready on their own: (case index, var, channel move)."""
        eid = (name, len(st.threads[name][1]))
        out = []
        for i, (kind, var, value) in enumerate(req.value):
            if kind == "recv":
                for move in chan_moves(self.info.sync_vars[var], st.sync[var], Req("recv", var), eid):
                    out.append((i, var, move))
            elif kind == "send":
                ch = st.sync[var]
                if ch.closed or len(ch.queue) < self.info.sync_vars[var].cap:
                    out.extend((i, var, m) for m in chan_moves(self.info.sync_vars[var], ch,
                                                                 Req("send", var, value=value), eid))
        return out

    def meetings(self, st, name: str, req: Req) -> list["Meeting"]:
        """The rendezvous a select (request `req` of goroutine `name`) can make on
        an unbuffered or full channel, both sides completing in this one step:
        a send case with a goroutine waiting to receive; a receive case of a
        select with default with a select waiting to send (a plain send queues
        its value, so it is ready on its own). A goroutine counts as waiting as
        soon as it is at its operation: that it started waiting is not
        observable, so default stays possible too (`select_moves`)."""
        out = []
        for i, (kind, var, value) in enumerate(req.value):
            cvar, ch = self.info.sync_vars.get(var), st.sync.get(var)
            if kind == "send" and not (ch.closed or len(ch.queue) < cvar.cap):
                for partner, j in self.waiting_receivers(st, name, var):
                    out.append(self.meet(st, var, (name, i, value), (partner, j)))
            elif kind == "recv" and any(k == "default" for k, _, _ in req.value) \
                    and not chan_moves(cvar, ch, Req("recv", var), None):
                for partner, j, pvalue in self.waiting_senders(st, name, var):
                    out.append(self.meet(st, var, (partner, j, pvalue), (name, i)))
        return out

    def meet(self, st, var: str, sender: tuple, receiver: tuple) -> "Meeting":
        """The sender's select case (goroutine, case index, value) and the
        receiver (goroutine, case index or None for a plain receive) meet on `var`."""
        (sname, i, value), (rname, j) = sender, receiver
        cvar = self.info.sync_vars[var]
        sid, rid = (sname, len(st.threads[sname][1])), (rname, len(st.threads[rname][1]))
        (c1, a1, _), = chan_moves(cvar, st.sync[var], Req("send", var, value=value), sid)
        assert a1 == "wait"
        (c2, a2, recv_src), = chan_moves(cvar, c1, Req("recv", var), rid)
        (c3, a3, send_src), = chan_moves(cvar, c2, Req("send-end", var, value=sid), sid)
        assert a3 is True
        return Meeting(var, c3, sid, (i, "ok"), rid, a2 if j is None else (j, a2), recv_src, send_src)

    def waiting_senders(self, st, name: str, var: str) -> list[tuple[str, int, object]]:
        """The selects other than `name`'s waiting to send on `var` (no case of
        theirs ready, no default): (goroutine, case index, value)."""
        out = []
        for n, (spec, h) in sorted(st.threads.items()):
            r = self.runner.run(spec, h)
            if n == name or not isinstance(r, Pending) or r.req.kind != "select":
                continue
            if any(k == "default" for k, _, _ in r.req.value) or self.select_ready(st, n, r.req):
                continue
            out.extend((n, j, v) for j, (k, c, v) in enumerate(r.req.value) if k == "send" and c == var)
        return out

    def waiting_receivers(self, st, name: str, var: str) -> list[tuple[str, int | None]]:
        """The goroutines other than `name` waiting to receive from `var`: (name,
        None) for a plain receive, (name, case index) for a select that waits
        (no case of it is ready and it has no default)."""
        out = []
        for n, (spec, h) in sorted(st.threads.items()):
            if n == name:
                continue
            r = self.runner.run(spec, h)
            if not isinstance(r, Pending):
                continue
            if r.req.kind == "recv" and r.req.var == var:
                if not chan_moves(self.info.sync_vars[var], st.sync[var], r.req, (n, len(h))):
                    out.append((n, None))
            elif r.req.kind == "select" and not any(k == "default" for k, _, _ in r.req.value) \
                    and not self.select_ready(st, n, r.req):
                out.extend((n, j) for j, (k, v, _) in enumerate(r.req.value) if k == "recv" and v == var)
        return out
