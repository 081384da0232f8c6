"""Finite value domains for reads: a structural shortcut for the solver.

When written values are computed from read values (`x++`, `y = r + 1`), Z3
would have to prove bounds on bit-vector arithmetic around the no-thin-air
ranks: for n racing `x++`, that no read returns n takes it exponential time.
Here the possible values of each read are computed up front, with the writes
each value was derived through (its provenance). A value that read r could
only get through a write that itself depends on r would close a cycle in
rf | dep, which every model forbids, so it is dropped. The axioms imply every
domain constraint; they only spare Z3 the search. When the sets grow past the
limits, the domains are given up (no constraint), never truncated.
"""

from __future__ import annotations

import itertools

import z3

from litmus.solver.paths import Event
from litmus.solver.z3values import from_z3, to_z3

ENTRY_LIMIT = 4096  # (value, provenance) pairs per read
EVAL_LIMIT = 50_000  # term evaluations per combo


class GiveUp(Exception):
    pass


def _key(v):
    """Python values as set members: keep True and 1 apart."""
    return (type(v).__name__, repr(v), v)


def read_domains(reads: list[Event], candidates: dict, var_type, init_value, check=lambda: None) -> dict | None:
    """{read key: set of possible values} or None when the limits are hit.

    `candidates[r.key]` lists the writes (Event, or an Init with `.var`) r may
    read from; `var_type(var)` and `init_value(var)` describe the variables;
    `check()` is called once per read and round (the deadline: Budget.check)."""
    try:
        return _Domains(reads, candidates, var_type, init_value, check).run()
    except GiveUp:
        return None


class _Domains:
    def __init__(self, reads, candidates, var_type, init_value, check):
        self.check = check
        self.reads = reads
        self.by_key = {r.key: r for r in reads}
        self.candidates = candidates
        self.var_type = var_type
        self.init_value = init_value
        self.cache: dict = {}
        self.evals = 0

    def run(self) -> dict:
        entries: dict = {r.key: set() for r in self.reads}
        for _ in range(len(self.reads) + 2):
            changed = False
            for r in self.reads:
                self.check()
                new = set()
                for w in self.candidates[r.key]:
                    new |= self.values_of(w, r, entries)
                if not new <= entries[r.key]:
                    entries[r.key] |= new
                    changed = True
                    if len(entries[r.key]) > ENTRY_LIMIT:
                        raise GiveUp()
            if not changed:
                return {k: {e[0] for e in es} for k, es in entries.items()}
        raise GiveUp()  # did not settle: more derivation steps than reads cannot happen

    def values_of(self, w, r: Event, entries) -> set:
        """(value, provenance) pairs r can get from w."""
        if not isinstance(w, Event):
            return {(_key(self.init_value(w.var)), frozenset())}
        if r.key in w.deps:
            return set()  # w depends on r: reading from it closes rf | dep
        if w.written.concrete:
            return {(_key(w.written.term), frozenset([w.key]))}
        # the reads the value is computed from (a concrete value carries no provenance of the
        # conditions it was written under either; the axioms still check those)
        deps = [self.by_key[k] for k in sorted(w.written.deps) if k in self.by_key]
        choices = [sorted(entries[d.key], key=lambda e: (e[0][:2], sorted(e[1]))) for d in deps]
        out = set()
        for combo in itertools.product(*choices):
            prov = frozenset([w.key]).union(*(p for _, p in combo))
            if any(r.key in self.by_key_deps(k) for k in prov):
                continue
            value = self.evaluate(w, deps, tuple(v for v, _ in combo))
            out.add((value, prov))
        return out

    def by_key_deps(self, write_key) -> frozenset:
        e = self.write_events.get(write_key)
        return e.deps if e is not None else frozenset()

    @property
    def write_events(self) -> dict:
        if not hasattr(self, "_writes"):
            self._writes = {w.key: w for r in self.reads for w in self.candidates[r.key]
                            if isinstance(w, Event)}
        return self._writes

    def evaluate(self, w: Event, deps: list[Event], values: tuple):
        key = (w.key, values)
        if key not in self.cache:
            self.evals += 1
            if self.evals > EVAL_LIMIT:
                raise GiveUp()
            typ = self.var_type(w.var)
            subst = [(d.read, to_z3(v[2], self.var_type(d.var))) for d, v in zip(deps, values)]
            term = to_z3(w.written.term, typ)
            value = z3.simplify(z3.substitute(term, *subst) if subst else term)
            try:
                self.cache[key] = _key(from_z3(value, typ))
            except (AttributeError, z3.Z3Exception, ValueError, TypeError):
                raise GiveUp() from None  # not a constant: no finite domain here
        return self.cache[key]


def domain_constraints(domains: dict, reads: list[Event], var_type) -> list[z3.BoolRef]:
    out = []
    for r in reads:
        values = domains.get(r.key)
        if values is None:
            continue
        typ = var_type(r.var)
        out.append(z3.Or(*[r.read == to_z3(v[2], typ) for v in sorted(values, key=lambda v: v[:2])]))
    return out
