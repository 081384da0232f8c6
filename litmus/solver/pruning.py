"""Dropping partial combos that no choice of the remaining paths can make feasible.

`search.combos` picks one path per goroutine, depth first; the product of
the goroutines' paths grows exponentially (the sync.Once example: 5 paths
for each of 10 goroutines), while static_feasible keeps only a few of the
finished combos. `Counts` keeps, for a partial combo, how many operations of
each kind it has on each channel and Once, and bounds what the goroutines
still to choose can add: the fewest and the most over their paths (and the
goroutines those paths start). A partial combo is dropped when one of
static_feasible's counting rules fails whatever they add:

- a channel no close statement names: its receives are at most its sends; a
  receive that waits forever needs as many sends as receives; a send that
  waits forever needs fewer than sends - cap receives;
- a Once: f runs at most once; a Do that returns after another's f needs an
  f that ran and ended; a Do that waits forever needs an f that never ended.

So the combos that survive are exactly static_feasible's (tests/test_combo_pruning.py
compares them with the unpruned ones). Off for a program with init, whose end
decides whether the others start.
"""

from __future__ import annotations

from litmus import program as ir
from litmus.paths import CH_RECV, CH_SEND, ONCE_DONE, ONCE_RUN, ONCE_WAIT, Path

SEND_WAITS, RECV_WAITS, ONCE_WAITS = "send-waits", "recv-waits", "once-waits"
_CHAN_KINDS = (CH_SEND, CH_RECV, SEND_WAITS, RECV_WAITS)
_ONCE_KINDS = (ONCE_RUN, ONCE_DONE, ONCE_WAIT, ONCE_WAITS)
_WAITS = {"send": SEND_WAITS, "recv": RECV_WAITS, "once": ONCE_WAITS}


class Counts:
    def __init__(self, prog: ir.Program, paths_of, on: bool = True):
        closable = ir.closed_channels(prog)
        keys = []
        if on and prog.init is None:
            for v in prog.shared:
                if v.kind is ir.VarKind.CHAN and v.name not in closable:
                    keys += [(v.name, k) for k in _CHAN_KINDS]
                elif v.kind is ir.VarKind.ONCE:
                    keys += [(v.name, k) for k in _ONCE_KINDS]
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
        if p.blocked_on is not None and p.blocked_on[0] in _WAITS:
            i = self.index.get((p.blocked_on[1], _WAITS[p.blocked_on[0]]))
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
                if get(var, SEND_WAITS)[0] and min_r >= max_s - self.cap[var]:
                    return False
                if get(var, RECV_WAITS)[0] and (min_s > max_r or max_s < min_r):
                    return False
            else:
                (min_run, max_run), (min_done, max_done) = get(var, ONCE_RUN), get(var, ONCE_DONE)
                if min_run > 1:
                    return False
                if get(var, ONCE_WAIT)[0] and max_done == 0:
                    return False
                if get(var, ONCE_WAITS)[0] and (max_run == 0 or min_done > 0):
                    return False
        return True
