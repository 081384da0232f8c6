"""Dropping partial combos that no choice of the remaining paths can make feasible.

`search.combos` picks one path per goroutine, depth first; the product of
the goroutines' paths grows exponentially (the sync.Once example: 5 paths
for each of 10 goroutines), while static_feasible keeps only a few of the
finished combos. `Counts` keeps, for a partial combo, how many operations of
each kind it has on each channel and Once, and bounds what the goroutines
still to choose can add: the fewest and the most over their paths (and the
goroutines those paths start). A partial combo is dropped when one of
static_feasible's counting rules fails whatever they add:

- a channel: its receives are at most its sends; a receive that waits
  forever needs as many sends as receives; a send that waits forever needs
  fewer than sends - cap receives; one a close statement names is closed at
  most once, a receive that finds it closed needs a close, and a close wakes
  every waiter (none waits forever);
- a Once: f runs at most once; a Do that returns after another's f needs an
  f that ran and ended; a Do that waits forever needs an f that never ended.

- a Mutex (not RWMutex): at the end it is held at most once and never
  negatively (locks - unlocks in 0..1); a Lock that waits forever needs it
  held at the end.

`Prefixes` bounds what a WaitGroup's counter or a Mutex's holder count can be
just before one of its operations (`prefix_feasible`): the operations ranked
before an event e make a prefix of each goroutine's path (ranks follow
program order), a child's prefix is empty unless its parent's prefix holds
its `go` (the GO's rank is below the child's start), and e's own goroutine's
prefix is exactly what precedes e. Every execution's "before e" is one such
family of prefixes, so the least and the most sum over all families bound
the count (a tree walk: each goroutine takes its best prefix, children below
their GO). A failing Done needs the counter below 1 (it cannot be when every
Done has its own Add before it: the fan-ins), a Wait returning needs it 0, a
failing Unlock needs the mutex free, a successful one held. For goroutines
not chosen yet, the bound is the least (most) over their paths.

So the combos that survive are exactly static_feasible's (tests/test_combo_pruning.py
compares them with the unpruned ones; static_feasible applies `prefix_feasible`
to finished combos, and tests check that every combo it drops has an
unsatisfiable encoding). Off for a program with init, whose end decides
whether the others start.
"""

from __future__ import annotations

from litmus import program as ir
from litmus.solver.paths import (CH_CLOSE, CH_RECV, CH_RECV_CLOSED, CH_SEND, GO, LOCK, ONCE_DONE, ONCE_RUN, ONCE_WAIT, UNLOCK, UNLOCK_FAIL, WG_ADD,
                          WG_WAIT, Path, Wait)

SEND_WAITS, RECV_WAITS, ONCE_WAITS, LOCK_WAITS = "send-waits", "recv-waits", "once-waits", "lock-waits"
_CHAN_KINDS = (CH_SEND, CH_RECV, SEND_WAITS, RECV_WAITS)
_ONCE_KINDS = (ONCE_RUN, ONCE_DONE, ONCE_WAIT, ONCE_WAITS)
_MUTEX_KINDS = (LOCK, UNLOCK, LOCK_WAITS)
_WAITS = {Wait.SEND: SEND_WAITS, Wait.RECV: RECV_WAITS, Wait.ONCE: ONCE_WAITS, Wait.LOCK: LOCK_WAITS}


class Counts:
    def __init__(self, prog: ir.Program, paths_of, on: bool = True):
        closable = ir.closed_channels(prog)
        keys = []
        if on and prog.init is None:
            for v in prog.shared:
                if v.kind is ir.VarKind.CHAN:
                    keys += [(v.name, k) for k in _CHAN_KINDS]
                    if v.name in closable:
                        keys += [(v.name, CH_CLOSE), (v.name, CH_RECV_CLOSED)]
                elif v.kind is ir.VarKind.ONCE:
                    keys += [(v.name, k) for k in _ONCE_KINDS]
                elif v.kind is ir.VarKind.MUTEX:
                    keys += [(v.name, k) for k in _MUTEX_KINDS]
        self.keys = keys
        self.index = {k: i for i, k in enumerate(keys)}
        self.cap = {v.name: v.cap for v in prog.shared}
        self.vars = sorted({var for var, _ in keys})
        self.paths_of = paths_of
        self.memo: dict[str, tuple] = {}
        self.empty = (0,) * len(keys)

    def own(self, p: Path) -> tuple:
        """What one path adds: its operations, and whether it waits forever in one."""
        out = [0] * len(self.keys)
        for e in p.events:
            i = self.index.get((e.var, e.kind))
            if i is not None:
                out[i] += 1
        if p.blocked_on is not None and p.blocked_on.wait in _WAITS:
            i = self.index.get((p.blocked_on.var, _WAITS[p.blocked_on.wait]))
            if i is not None:
                out[i] = 1
        return tuple(out)

    def add(self, counts: tuple, p: Path) -> tuple:
        if not self.keys:
            return counts
        own = self.own(p)
        return tuple(a + b for a, b in zip(counts, own)) if any(own) else counts

    def bounds(self, g: ir.Goroutine, args, ctrl) -> tuple[tuple, tuple]:
        """(fewest, most) of each count that g and the goroutines it starts add."""
        cacheable = all(a.concrete and not a.deps for a in args) and not ctrl
        if cacheable and g.name in self.memo:
            return self.memo[g.name]
        per_path = []
        for p in self.paths_of(g, args, ctrl):
            lo = hi = self.own(p)
            for child, child_args, child_ctrl in p.spawns:
                clo, chi = self.bounds(child, child_args, child_ctrl)
                lo = tuple(a + b for a, b in zip(lo, clo))
                hi = tuple(a + b for a, b in zip(hi, chi))
            per_path.append((lo, hi))
        if per_path:
            out = (tuple(map(min, zip(*(lo for lo, _ in per_path)))), tuple(map(max, zip(*(hi for _, hi in per_path)))))
        else:
            out = (self.empty, self.empty)
        if cacheable:
            self.memo[g.name] = out
        return out

    def feasible(self, counts: tuple, pending: tuple) -> bool:
        """Whether some choice of paths for `pending` ((goroutine, args, ctrl, parent))
        can still pass static_feasible's counting rules."""
        lo, hi = list(counts), list(counts)
        for g, args, ctrl, _ in pending:
            glo, ghi = self.bounds(g, args, ctrl)
            lo = [a + b for a, b in zip(lo, glo)]
            hi = [a + b for a, b in zip(hi, ghi)]

        def get(var, kind):
            i = self.index[(var, kind)]
            return lo[i], hi[i]

        for var in self.vars:
            if (var, CH_SEND) in self.index:
                (min_s, max_s), (min_r, max_r) = get(var, CH_SEND), get(var, CH_RECV)
                if min_r > max_s:
                    return False
                if (var, CH_CLOSE) in self.index:
                    min_c, max_c = get(var, CH_CLOSE)
                    if min_c > 1 or (get(var, CH_RECV_CLOSED)[0] and max_c == 0):
                        return False  # closed at most once; a receive that finds it closed needs a close
                    if (get(var, SEND_WAITS)[0] or get(var, RECV_WAITS)[0]) and min_c > 0:
                        return False  # a close wakes every waiter
                if get(var, SEND_WAITS)[0] and min_r >= max_s - self.cap[var]:
                    return False
                if get(var, RECV_WAITS)[0] and (min_s > max_r or max_s < min_r):
                    return False
            elif (var, LOCK) in self.index:
                (min_l, max_l), (min_u, max_u) = get(var, LOCK), get(var, UNLOCK)
                if min_l - max_u > 1 or max_l - min_u < 0:
                    return False  # held at most once at the end, never negatively
                if get(var, LOCK_WAITS)[0] and max_l - min_u < 1:
                    return False  # a Lock waiting forever: held at the end
            else:
                (min_run, max_run), (min_done, max_done) = get(var, ONCE_RUN), get(var, ONCE_DONE)
                if min_run > 1:
                    return False
                if get(var, ONCE_WAIT)[0] and max_done == 0:
                    return False
                if get(var, ONCE_WAITS)[0] and (max_run == 0 or min_done > 0):
                    return False
        return True


def _weight(kind: ir.VarKind):
    """What an event adds to the count `Prefixes` bounds: a WaitGroup's counter
    (every Add, a failing one too: its delta is stored before it panics), a
    Mutex's holders. None: not a constant (a computed delta)."""
    if kind is ir.VarKind.WAITGROUP:
        return lambda e: (e.delta if isinstance(e.delta, int) else None) if e.kind == WG_ADD else 0
    return lambda e: 1 if e.kind == LOCK else -1 if e.kind == UNLOCK else 0


def _infeasible(e, low: int, high: int) -> bool:
    """Whether operation e cannot happen with a count before it in low..high
    (encode.py's object_spec and mutex_spec state the same conditions)."""
    if e.kind == WG_ADD:
        return low + e.delta >= 0 if e.fails else high + e.delta < 0
    if e.kind == WG_WAIT:
        return low > 0 or high < 0
    if e.kind == UNLOCK_FAIL:
        return low > 0  # the mutex is free at a failing Unlock
    if e.kind == UNLOCK:
        return high < 1
    return e.kind == LOCK and low > 0


_CHECKED = {ir.VarKind.WAITGROUP: (WG_ADD, WG_WAIT), ir.VarKind.MUTEX: (LOCK, UNLOCK, UNLOCK_FAIL)}


class Prefixes:
    """The prefix bounds of the module docstring, for a partial combo (chosen
    paths, their parents, the goroutines still to choose) or a finished one."""

    def __init__(self, prog: ir.Program, paths_of=None, on: bool = True):
        self.kinds = {v.name: v.kind for v in prog.shared if v.kind in _CHECKED} if on and prog.init is None else {}
        self.paths_of = paths_of
        self.memo: dict[tuple, int | None] = {}

    def checked(self, p: Path) -> bool:
        return any(e.var in self.kinds and e.kind in _CHECKED[self.kinds[e.var]] for e in p.events)

    def feasible(self, chosen: dict[str, Path], parents: dict, pending: tuple = (), only: Path | None = None) -> bool:
        """Whether every checked operation (of `only`, when given: the path just
        chosen) can happen with the count the prefixes allow before it."""
        cache: dict[tuple, int | None] = {}  # (goroutine, var, sign) -> its best prefix, this combo
        for p in chosen.values() if only is None else (only,):
            for e in p.events:
                kind = self.kinds.get(e.var)
                if kind is None or e.kind not in _CHECKED[kind] or not isinstance(e.delta, int):
                    continue
                w = _weight(kind)
                low = self.before(e, w, 1, chosen, parents, pending, cache)
                high = self.before(e, w, -1, chosen, parents, pending, cache)
                if low is not None and high is not None and _infeasible(e, low, -high):
                    return False
        return True

    def before(self, e, w, sign: int, chosen, parents, pending, cache) -> int | None:
        """The least sum (sign -1: minus the most) of `w` over the operations
        on e.var ranked before e, over every family of prefixes."""
        def weight(x):
            v = w(x) if x.var == e.var else 0
            return None if v is None else sign * v

        def node(name: str, spawn) -> int | None:  # a goroutine's best prefix, its children below it
            if name in chosen:
                key = (name, e.var, sign)
                if key not in cache:
                    cache[key] = self.path_low(chosen[name], weight, node, 0, None)
                return cache[key]
            g, args, ctrl = spawn
            return self.pending_low(g, args, ctrl, weight, (e.var, sign))

        def plus(a, b):
            return None if a is None or b is None else a + b

        g = e.goroutine
        total = self.path_low(chosen[g], weight, node, e.index, e.index)
        while total is not None and parents.get(g) is not None:
            pa, j = parents[g]
            total = plus(total, self.path_low(chosen[pa], weight, node, j + 1, None, skip=g))
            g = pa
        for name, parent in parents.items():
            if parent is None and name != g:
                total = plus(total, node(name, None))
        for pg, args, ctrl, parent in pending:
            if parent is None:
                total = plus(total, self.pending_low(pg, args, ctrl, weight, (e.var, sign)))
        return total

    def path_low(self, p: Path, weight, node, least: int, most: int | None, skip: str | None = None):
        """min over prefix lengths L in least..most (most None: the whole path)
        of the prefix's weight plus its started children's best (not `skip`'s)."""
        spawns = {c.name: (c, a, k) for c, a, k in p.spawns}
        best, run = (0 if least == 0 else None), 0
        top = len(p.events) if most is None else most
        for i, x in enumerate(p.events[:top]):
            v = weight(x)
            if v is None:
                return None
            run += v
            if x.kind == GO and x.child != skip and x.child is not None:
                c = node(x.child, spawns.get(x.child))
                if c is None:
                    return None
                run += c
            if i + 1 >= least:
                best = run if best is None else min(best, run)
        return best

    def pending_low(self, g: ir.Goroutine, args, ctrl, weight, key) -> int | None:
        """A goroutine not chosen yet: the least over its paths."""
        cacheable = all(a.concrete and not a.deps for a in args) and not ctrl
        if cacheable and (g.name, key) in self.memo:
            return self.memo[(g.name, key)]

        def node(name, spawn):
            c, a, k = spawn
            return self.pending_low(c, a, k, weight, key)

        lows = [self.path_low(p, weight, node, 0, None) for p in self.paths_of(g, args, ctrl)]
        out = None if any(x is None for x in lows) else min(lows, default=0)
        if cacheable:
            self.memo[(g.name, key)] = out
        return out


def prefix_feasible(combo, program: ir.Program) -> bool:
    """`Prefixes` on a finished combo (static_feasible)."""
    rules = Prefixes(program)
    if not rules.kinds or not any(rules.checked(p) for p in combo.paths):
        return True
    return rules.feasible(combo.by_goroutine, combo.parents)
