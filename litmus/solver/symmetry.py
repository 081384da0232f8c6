"""Symmetry: top-level goroutines with the same code are interchangeable.

A *class* is two or more top-level goroutines (`go func NAME()`, not main or
init) whose code is the same apart from source positions,
that start no goroutine, and whose control paths have the same shapes. The
program is invariant under any permutation of a class's names, so the
permuted image of an execution is an execution, and its outcome is the
outcome permuted (the observables `G.r` and the goroutine ends follow their
goroutine). The search therefore looks at one representative per orbit:

1. combos (search.combos with `classes`): along a class, the chosen path indices never
   decrease (sorting the members by path index maps any combo onto one);
2. orders (`breaking`): members of a class that follow the same path in a
   combo take their first step after the start in class order (sorting them
   by the rank of that step maps any execution onto one);
3. outcomes (`images`) and races (`race_images`): everything found is
   completed by its images under every permutation of every class.

Each step maps every execution to one the reduced search still has, and the
images put back exactly what was cut: the answer is the unreduced one
(tests/test_symmetry.py compares them; docs/decisions.md, "Symmetry").
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from math import comb

from litmus import program as ir
from litmus.lower import local_name
from litmus.solver.paths import GO, WG_ADD, WG_WAIT
from litmus.report.outcome import Outcome


def _canonical(node, ids: dict[str, str]):
    """The code of `node` with local ids renamed by `ids`, as a hashable value;
    source positions (fields that do not compare) are left out."""
    if isinstance(node, str):
        return ids.get(node, node)
    if isinstance(node, (tuple, list)):
        return tuple(_canonical(x, ids) for x in node)
    if isinstance(node, frozenset):
        return frozenset(_canonical(x, ids) for x in node)
    if isinstance(node, dict):
        return tuple(sorted((_canonical(k, ids), _canonical(v, ids)) for k, v in node.items()))
    if is_dataclass(node) and not isinstance(node, type):
        return (type(node).__name__,) + tuple(_canonical(getattr(node, f.name), ids) for f in fields(node) if f.compare)
    return node


def _spawns(node) -> bool:
    if isinstance(node, ir.Spawn):
        return True
    if isinstance(node, (tuple, list)):
        return any(_spawns(x) for x in node)
    if is_dataclass(node) and not isinstance(node, type) and not isinstance(node, ir.Goroutine):
        return any(_spawns(getattr(node, f.name)) for f in fields(node))
    return False


def code_key(g: ir.Goroutine):
    """What two interchangeable goroutines share: their code, with locals
    named as the source names them (observables `G.r` must match up) and
    numbered by position instead of by source position."""
    ids = {loc.id: f"{local_name(loc)}${i}" for i, loc in enumerate(g.locals)}
    return _canonical((g.params, g.locals, g.body), ids)


def positions(paths) -> list[tuple[int, int]]:
    """The source positions of a goroutine's events, in order of first
    appearance: the k-th of one member is the k-th of another (same code)."""
    seen: dict[tuple[int, int], None] = {}
    for p in paths:
        for e in p.events:
            seen.setdefault((e.line, e.col), None)
    return list(seen)


def _shape(path) -> tuple:
    return (path.status, tuple((e.kind, e.var, e.index) for e in path.events), len(path.spawns))


def classes(program: ir.Program, paths_of) -> tuple[tuple[str, ...], ...]:
    """The classes of interchangeable top-level goroutines, each in program
    order; `paths_of(g)` gives a goroutine's control paths."""
    groups: dict[object, list[ir.Goroutine]] = {}
    for g in program.goroutines:
        if g.name == "main" or g.params or _spawns(g.body):
            continue
        groups.setdefault(code_key(g), []).append(g)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        shapes = [(tuple(map(_shape, paths_of(g))), len(positions(paths_of(g)))) for g in members]
        if all(s == shapes[0] for s in shapes):  # the path lists run in parallel
            out.append(tuple(g.name for g in members))
    return tuple(out)


def child_classes(program: ir.Program, parent_paths, paths_of) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """Classes of identical children (no parameters, same code, starting no
    goroutine, parallel path lists) of one top-level goroutine or main, and
    the WaitGroups whose combos need `child_condition`. In every path of the
    parent that starts a member, the member before it in the class is started
    first, and between the two `go` events the parent does nothing but Add a
    positive constant to a WaitGroup: such a start can be moved back to just
    after the previous one (see docs/decisions.md), which makes the two
    children interchangeable. `parent_paths(g)`: a top-level goroutine's
    paths; `paths_of(g)`: a child's."""
    out, groups_wg = [], set()
    for parent in program.goroutines:
        started: dict[str, ir.Goroutine] = {}
        paths = parent_paths(parent)
        for p in paths:
            for child, args, ctrl in p.spawns:
                ok = not args and not ctrl and not child.params and not _spawns(child.body)
                started[child.name] = child if ok and started.get(child.name, child) is not None else None
        groups: dict[object, list[ir.Goroutine]] = {}
        for name, child in started.items():
            if child is not None:
                groups.setdefault(code_key(child), []).append(child)
        for members in groups.values():
            if len(members) < 2:
                continue
            shapes = [(tuple(map(_shape, paths_of(g))), len(positions(paths_of(g)))) for g in members]
            if not all(s == shapes[0] for s in shapes):
                continue
            names = [g.name for g in members]
            between = _adjacent_starts(paths, names)
            if between is not None:
                out.append(tuple(names))
                groups_wg |= between
    return tuple(out), frozenset(groups_wg)


def _adjacent_starts(paths, names: list[str]) -> set[str] | None:
    """The WaitGroups Added between consecutive members' `go` events, or None
    when some path starts a member without the one before it just before it
    (only positive constant Adds between)."""
    wgs: set[str] = set()
    for p in paths:
        at = {e.child: i for i, e in enumerate(p.events) if e.kind == GO}
        for a, b in zip(names, names[1:]):
            if b not in at:
                continue
            if a not in at or at[a] > at[b]:
                return None
            for e in p.events[at[a] + 1:at[b]]:
                if e.kind != WG_ADD or not isinstance(e.delta, int) or e.delta <= 0 or e.fails:
                    return None
                wgs.add(e.var)
    return wgs


def child_condition(combo, cls, wgs: frozenset[str]) -> bool:
    """What moving a child's start back past the parent's Adds needs in a
    combo: no Add on those WaitGroups fails, and each of their Waits is the
    parent's, after its classes' last start (no count an Add moved earlier
    could change is read in between)."""
    if not wgs:
        return True
    last: dict[str, int] = {}
    for c in cls:
        for g in c:
            parent = combo.parents.get(g)
            if parent is not None:
                last[parent[0]] = max(last.get(parent[0], -1), parent[1])
    for e in combo.events:
        if e.var in wgs:
            if e.kind == WG_ADD and e.fails:
                return False
            if e.kind == WG_WAIT and not (e.goroutine in last and e.index > last[e.goroutine]):
                return False
    return True


def previous_members(cls: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    """Each member but the first -> the member before it in its class."""
    return {b: a for c in cls for a, b in zip(c, c[1:])}


def representatives(cls: tuple[tuple[str, ...], ...], paths: dict[str, int]) -> int:
    """How many combos of the top-level goroutines (`paths`: how many each
    has) one per orbit leaves: a class's k members with P paths each make
    C(k + P - 1, k) multisets instead of P ** k."""
    in_class = {g for c in cls for g in c}
    n = 1
    for g, k in paths.items():
        if g not in in_class:
            n *= k
    for c in cls:
        n *= comb(len(c) + paths[c[0]] - 1, len(c))
    return n


def breaking(combo, enc, cls: tuple[tuple[str, ...], ...], path_index) -> list:
    """Order constraints that keep one execution per orbit within `combo`:
    members of a class on the same path take their first ranked step after
    the start in class order (<=: ranks of different goroutines may tie)."""
    out = []
    for c in cls:
        groups: dict[int, list[str]] = {}
        for g in c:
            if g in combo.by_goroutine:
                groups.setdefault(path_index(combo.by_goroutine[g]), []).append(g)
        for members in groups.values():
            path = combo.by_goroutine[members[0]]
            j = next((e.index for e in path.events[1:] if (e.goroutine, e.index) in enc.rank), None)
            if j is None:
                continue
            out.extend(enc.rank[(a, j)] <= enc.rank[(b, j)] for a, b in zip(members, members[1:]))
    return out


def widen_shown(shown: frozenset[str] | None, cls) -> frozenset[str] | None:
    """The shown observables closed under the classes' permutations (an image
    needs every member's values where one member's are shown)."""
    if shown is None:
        return None
    out = set(shown)
    for c in cls:
        for g in c:
            for name in shown:
                if name.startswith(g + "."):
                    out.update(h + name[len(g):] for h in c)
    return frozenset(out)


def _distinct_permutations(items: list) -> list[tuple]:
    """Every distinct ordering of `items` (a multiset), in a deterministic order."""
    order = sorted(range(len(items)), key=lambda i: repr(items[i]))
    items = [items[i] for i in order]
    out: list[tuple] = []

    def go(prefix: list, rest: list) -> None:
        if not rest:
            out.append(tuple(prefix))
            return
        seen = []
        for i, x in enumerate(rest):
            if any(x == y for y in seen):
                continue
            seen.append(x)
            go(prefix + [x], rest[:i] + rest[i + 1:])

    go([], items)
    return out


def images(outcome: Outcome, cls, shown: frozenset[str] | None) -> set[Outcome]:
    """The outcome under every permutation of every class, projected on `shown`."""
    results = [outcome]
    for c in cls:
        members = set(c)
        step = []
        for o in results:
            values, ends = dict(o.values), dict(o.goroutines)
            sigs = []
            for g in c:
                mine = tuple(sorted((k[len(g):], v) for k, v in values.items() if k.startswith(g + ".")))
                sigs.append((mine, ends.get(g)))
            # (a child's name has a dot of its own: main.go1's locals are main.go1.r, not main's)
            others_v = [(k, v) for k, v in o.values if not any(k.startswith(g + ".") for g in members)]
            others_e = [(g, e) for g, e in o.goroutines if g not in members]
            for perm in _distinct_permutations(sigs):
                vals = list(others_v)
                gs = list(others_e)
                for g, (mine, end) in zip(c, perm):
                    vals.extend((g + suffix, v) for suffix, v in mine)
                    if end is not None:
                        gs.append((g, end))
                step.append(replace(o, values=tuple(sorted(vals)), goroutines=tuple(sorted(gs))))
        results = step
    if shown is not None:
        results = [replace(o, values=tuple((k, v) for k, v in o.values if k in shown)) for o in results]
    return set(results)


def race_images(race, cls, paths_of) -> set:
    """The race under every permutation of the classes: each of its two
    goroutines may become any member of its class (distinct ones stay
    distinct), its access moved to the same place in that member's code."""
    member_of = {g: c for c in cls for g in c}
    a, b = race.a, race.b

    def moved(acc, g: str):
        if g == acc.goroutine:
            return acc
        k = positions(paths_of(acc.goroutine)).index((acc.line, acc.col))
        line, col = positions(paths_of(g))[k]
        return replace(acc, goroutine=g, line=line, col=col)

    out = set()
    for ga in member_of.get(a.goroutine, (a.goroutine,)):
        for gb in member_of.get(b.goroutine, (b.goroutine,)):
            if (ga == gb) != (a.goroutine == b.goroutine):
                continue
            x, y = sorted([moved(a, ga), moved(b, gb)])
            out.add(replace(race, a=x, b=y))
    return out
