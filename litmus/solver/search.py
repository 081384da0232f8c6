"""Every permitted outcome of a test under a model: the Z3 engine.

1. The enumerator builds the candidate event structures: one path per
   goroutine (children included), in every combination (`combos`).
2. With the model's `data-race` axiom, the program is race-free when no
   interleaving of any combo has a data race (`find_races`).
3. Outcomes: for each combo, Z3 searches reads-from and orders; each outcome
   found is blocked (projected on what is shown) and the search repeats until
   unsat. The model's axioms choose the executions (models.Model.levels):
   interleavings under `interleaving` (sc), and under `drf-sc` for race-free
   programs; the racy-read axioms otherwise.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import z3

from litmus import program as ir
from litmus.lower import Test, local_name
from litmus.models import Model
from litmus.limits import MAX_COMBOS, too_large
from litmus.solver.paths import END, GO, START, SYNC_KINDS, Path, PathBuilder, render_pieces
from litmus.report.outcome import GoroutineEnd, Outcome, Status
from litmus.solver import symmetry
from litmus.solver.encode import INTERLEAVING, RACY, Combo, Encoding, race_candidates, static_feasible
from litmus.solver.program_end import ProgramEnd
from litmus.solver.pruning import Counts, Prefixes
from litmus.solver.z3util import Budget, is_sat, make_solver
from litmus.solver.z3values import from_z3, to_z3
from litmus.values import UNSET, format_value


CUT_NOTE = "some executions need more loop iterations than --unroll allows: the list of outcomes is incomplete"



def early_return_note(goroutines: list[str]) -> str:
    return (f"main can return before {', '.join(goroutines)} has run; a Go program would "
            f"then exit without it (litmus lets every goroutine run to its end)")


@dataclass(frozen=True, slots=True, order=True)
class Access:
    goroutine: str
    line: int
    col: int
    kind: str  # "read" or "write"


@dataclass(frozen=True, slots=True, order=True)
class Race:
    var: str
    a: Access
    b: Access


@dataclass
class ModelResult:
    """What one model permits for one test."""

    model: str
    outcomes: list[Outcome]
    races: list[Race]
    racy_program: bool
    complete: bool
    executions: dict[Outcome, int] | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    solver_calls: int = 0


def combos(test: Test, builder: PathBuilder, model: Model | None = None, classes=(), cache=None,
           prune: bool = True):
    """Every combination of one path per goroutine that runs (children follow
    the paths that start them; the top-level goroutines follow an init that
    ends), in a deterministic order: depth first, with an explicit stack (a
    program may have more goroutines than Python has stack frames). The model's
    go-statement and init rules decide the combos' static happens-before.
    With `classes` (litmus/solver/symmetry.py), one combo per orbit: along a
    class the path indices never decrease; `cache` holds the top-level paths.
    `prune` drops partial combos no choice of the rest can make feasible
    (litmus/solver/pruning.py); tests turn it off to check it is exact."""
    edges = dict(go_edges=model.has("go-statement"), init_edges=model.has("init")) if model else {}
    prog = test.program
    roots: list[tuple] = []  # (goroutine, args, ctrl, parent)
    if prog.init is not None:
        roots.append((prog.init, (), frozenset(), None))
    roots.extend((g, (), frozenset(), None) for g in prog.goroutines)
    cache = {} if cache is None else cache
    counts: dict[str, int] = {}  # goroutine -> most paths seen (for the too-large message)

    def stops_program(init_path: Path) -> bool:
        """An init that never returns (blocked, spinning, panicked): main and the
        top-level goroutines never start."""
        return init_path.status.never_returns

    def paths_of(g: ir.Goroutine, args, ctrl) -> list[Path]:
        if all(a.concrete and not a.deps for a in args) and not ctrl:
            if g.name not in cache:
                cache[g.name] = builder.paths(g, args, is_init=g is prog.init)
            out = cache[g.name]
        else:
            out = builder.paths(g, args, ctrl=ctrl)
        counts[g.name] = max(counts.get(g.name, 0), len(out))
        return out

    counting = Counts(prog, paths_of, prune)
    prefixes = Prefixes(prog, paths_of, prune)
    pruned = bool(counting.keys or prefixes.kinds)

    # a lower bound on the count, known before the product (children only add): refuse at once
    # (not when partial combos may be dropped: then the nodes visited are bounded instead)
    least = math.prod(len(paths_of(g, (), frozenset())) for g in prog.goroutines)
    top_names = {g.name for g in prog.goroutines}
    top = tuple(c for c in classes if all(g in top_names for g in c))  # children's classes only cut later
    if top:
        least = symmetry.representatives(top, {g.name: len(cache[g.name]) for g in prog.goroutines})
    previous = symmetry.previous_members(classes)
    if prog.init is not None:
        init_paths = paths_of(prog.init, (), frozenset())
        ends = sum(1 for p in init_paths if not stops_program(p))
        least = ends * least + len(init_paths) - ends
    if least > MAX_COMBOS and not pruned:
        raise too_many_combos(prog, counts)
    made = visited = 0
    # (pending goroutines, chosen paths, (goroutine, parent) pairs, their operation counts: pruning.py)
    stack = [(tuple(roots), (), (), counting.empty)]
    while stack:
        builder.budget.check()
        pending, chosen, parents, counts_so_far = stack.pop()
        visited += 1
        if MAX_COMBOS and visited > 2 * MAX_COMBOS:  # the partial combos explored
            raise too_many_combos(prog, counts)
        if not pending:
            made += 1
            if made > MAX_COMBOS:
                raise too_many_combos(prog, counts)
            yield Combo(chosen, dict(parents), **edges)
            continue
        (g, args, ctrl, parent), rest = pending[0], pending[1:]
        options = paths_of(g, args, ctrl)
        if g.name in previous:  # a class member: no path before the previous member's
            before = next(q for q in chosen if q.goroutine == previous[g.name])
            options = options[index_of(cache[previous[g.name]], before):]
        for p in reversed(options):  # reversed: popped in path order
            after = () if g is prog.init and stops_program(p) else rest
            children = []
            for child, child_args, child_ctrl in p.spawns:
                go_index = next(e.index for e in p.events if e.child == child.name)
                children.append((child, child_args, child_ctrl, (g.name, go_index)))
            todo = after + tuple(children)
            now = counting.add(counts_so_far, p)
            if now is not counts_so_far and not counting.feasible(now, todo):
                continue  # no choice of the other goroutines' paths can make it feasible
            # the new path's operations only (static_feasible checks the finished combo's)
            if prefixes.kinds and prefixes.checked(p) and not prefixes.feasible(
                    {q.goroutine: q for q in chosen + (p,)}, dict(parents + ((g.name, parent),)), todo, p):
                continue  # a WaitGroup or Mutex operation no prefixes of the others allow
            stack.append((todo, chosen + (p,), parents + ((g.name, parent),), now))


def index_of(paths: list[Path], p: Path) -> int:
    return next(i for i, q in enumerate(paths) if q is p)


def too_many_combos(prog: ir.Program, counts: dict[str, int]):
    """The error for a product of paths beyond MAX_COMBOS, at the goroutine with the most paths."""
    spans = {g.name: g.span for g in prog.all_goroutines()}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    many = [f"{g} {n}" for g, n in ranked if n > 1]
    listed = ", ".join(many[:6]) + (f" and {len(many) - 6} more goroutines" if len(many) > 6 else "")
    return too_large(
        f"the goroutines' control paths make more than {MAX_COMBOS} combinations (paths: {listed})",
        spans[ranked[0][0]],
        "each goroutine whose operations can go more than one way (a branch on a shared value, a "
        "select case, a channel or sync operation) multiplies the combinations: use fewer such "
        "goroutines or operations, or a smaller --unroll (docs/limits.md)")


def statuses(combo: Combo, model_eval) -> tuple[tuple[str, GoroutineEnd], ...]:
    ends = []
    for p in sorted(combo.paths, key=lambda p: p.goroutine):
        out = render_pieces(p.out, model_eval)
        panic = render_pieces(p.panic, model_eval) if p.status is Status.PANIC else ""
        ends.append((p.goroutine, GoroutineEnd(p.status, panic, out)))
    return tuple(ends)


class Search:
    def __init__(self, test: Test, model: Model, *, unroll: int = 4, budget: Budget | None = None,
                 shown: frozenset[str] | None = None, count_executions: bool = False, one_solver: bool = True,
                 symmetric: bool = True, racy_program: bool | None = None):
        self.test = test
        # the race verdict when a complete check already found it (litmus/explain): no race search then
        self.known_racy = racy_program
        self.one_solver = one_solver and not count_executions  # see `run_shared`
        self.symmetric = symmetric
        self.classes: tuple[tuple[str, ...], ...] = ()  # interchangeable goroutines (run_shared)
        self.top_paths: dict[str, list[Path]] = {}
        self.model = model
        self.program = test.program
        self.budget = budget or Budget(None)
        self.builder = PathBuilder(test.program, unroll, self.budget)
        self.modes = ir.access_modes(test.program)
        self.shown = shown
        self.count_executions = count_executions
        self.complete = True
        self.notes: list[str] = []
        self.interleavings: dict[int, Encoding] = {}  # id(combo) -> its interleaving encoding
        self.no_interleaving: set[int] = set()  # combos no interleaving can run
        # litmus/explain: called with (combo, encoding, Z3 model, outcome, the terms that make the
        # outcome) for each execution found
        self.on_outcome = None

    def interleaving(self, combo: Combo) -> Encoding:
        """The interleaving encoding of a combo, built once (race check, outcomes, notes)."""
        if id(combo) not in self.interleavings:
            self.interleavings[id(combo)] = Encoding(combo, self.program, self.model, INTERLEAVING, self.modes,
                                                     budget=self.budget)
        return self.interleavings[id(combo)]

    def run(self) -> ModelResult:
        if self.one_solver:
            return self.run_shared()
        t0 = time.monotonic()
        # enumerated (and refused past MAX_COMBOS) before any Z3 call
        candidates = [c for c in combos(self.test, self.builder, self.model) if static_feasible(c, self.program)]
        all_combos = [c for c in candidates if self.can_run(c)]
        # races of the interleavings: what makes a drf-sc program racy, and the sc model's races
        races: set[Race] = set()
        if self.model.has("data-race") and self.known_racy is None:
            for c in all_combos:
                races |= self.find_races(c)
        racy_program = bool(races) if self.known_racy is None else self.known_racy
        interleaving = self.model.interleaving or (self.model.has("drf-sc") and not racy_program)
        mode = INTERLEAVING if interleaving else RACY
        found: dict[Outcome, int] = {}
        for c in all_combos:
            if mode == INTERLEAVING and id(c) in self.no_interleaving:
                continue
            self.outcomes(c, mode, found, with_racy=racy_program)
        early = [] if self.program.go else self.main_may_return_early(all_combos)
        if early:
            self.notes.append(early_return_note(early))
        if any(o.status is Status.CUT for o in found):
            self.complete = False
            self.notes.append(CUT_NOTE)
        outcomes = sorted(found)
        return ModelResult(self.model.name, outcomes, sorted(races), racy_program, self.complete,
                           dict(found) if self.count_executions else None, self.notes,
                           time.monotonic() - t0, self.budget.calls)

    def run_shared(self) -> ModelResult:
        """`run` with the outcomes found carried across combos
        (`shared_outcomes`), one solver for every combo's race check and
        early-return question (`shared_races`, `shared_early_return`), and the
        symmetry reduction (litmus/solver/symmetry.py) unless `symmetric=False`."""
        t0 = time.monotonic()
        shown = self.shown
        kids: tuple = ()
        if self.symmetric:
            self.classes = symmetry.classes(self.program, self.top_level_paths)
            kids, wgs = symmetry.child_classes(self.program, self.top_level_paths, self.top_level_paths)
            self.classes += kids
        # enumerated (and refused past MAX_COMBOS) before any Z3 call
        candidates = [c for c in combos(self.test, self.builder, self.model, self.classes, self.top_paths)
                      if static_feasible(c, self.program)]
        if kids and not all(symmetry.child_condition(c, kids, wgs) for c in candidates):
            self.classes = tuple(c for c in self.classes if c not in kids)  # not interchangeable after all
            candidates = [c for c in combos(self.test, self.builder, self.model, self.classes, self.top_paths)
                          if static_feasible(c, self.program)]
        self.shown = symmetry.widen_shown(shown, self.classes)
        # the skeleton check only where sync objects can make a combo impossible:
        # it is cheap next to a full encoding, and many such combos fail it
        all_combos = [c for c in candidates if not uses_sync(c) or self.can_run(c)]
        races = self.shared_races(all_combos) if self.model.has("data-race") and self.known_racy is None else set()
        racy_program = bool(races) if self.known_racy is None else self.known_racy
        interleaving = self.model.interleaving or (self.model.has("drf-sc") and not racy_program)
        found: dict[Outcome, int] = {}
        self.shared_outcomes(all_combos, INTERLEAVING if interleaving else RACY, found, racy_program)
        early = self.shared_early_return(all_combos)
        if early:
            self.notes.append(early_return_note(early))
        if any(o.status is Status.CUT for o in found):
            self.complete = False
            self.notes.append(CUT_NOTE)
        if self.classes:  # what the reduction left out: the images of what it found
            found = {img: 1 for o in found for img in symmetry.images(o, self.classes, shown)}
            races = {img for r in races
                     for img in symmetry.race_images(r, self.classes, self.top_paths.__getitem__)}
        self.shown = shown
        return ModelResult(self.model.name, sorted(found), sorted(races), racy_program, self.complete, None,
                           self.notes, time.monotonic() - t0, self.budget.calls)

    def top_level_paths(self, g: ir.Goroutine) -> list[Path]:
        """A top-level goroutine's paths, built once (`combos` reads the same cache)."""
        if g.name not in self.top_paths:
            self.top_paths[g.name] = self.builder.paths(g, (), is_init=False)
        return self.top_paths[g.name]

    def breaking(self, combo: Combo, enc: Encoding) -> list:
        """symmetry.breaking for one combo (nothing without classes)."""
        if not self.classes:
            return []
        return symmetry.breaking(combo, enc, self.classes, lambda p: index_of(self.top_paths[p.goroutine], p))

    def can_run(self, combo: Combo) -> bool:
        """Whether the combo's skeleton (path conditions, ranks, sync objects;
        in racy mode, which constrains least) is satisfiable: if not, no
        execution of either mode has these paths."""
        s = make_solver()
        s.add(*Encoding(combo, self.program, self.model, RACY, self.modes, skeleton=True,
                        budget=self.budget).constraints)
        return is_sat(s, self.budget)

    def main_may_return_early(self, all_combos: list[Combo]) -> list[str]:
        """Goroutines main starts that some interleaving has not started when
        main returns (spec/language.md: the output notes it)."""
        found: set[str] = set()
        for c in all_combos:
            main = c.by_goroutine.get("main")
            if main is None or main.status is not Status.OK:
                continue
            children = [g for g, parent in c.parents.items() if parent and parent[0] == "main"]
            pending = [g for g in children if g not in found]
            if not pending:
                continue
            if id(c) in self.no_interleaving:
                continue
            enc = self.interleaving(c)
            s = make_solver()
            s.add(*enc.constraints)
            last = enc.rank[main.events[-1].key]
            for g in pending:
                s.push()
                s.add(last < enc.rank[(g, 0)])
                if is_sat(s, self.budget):
                    found.add(g)
                s.pop()
        return sorted(found)

    def shared_early_return(self, all_combos: list[Combo]) -> list[str]:
        """`main_may_return_early` in one solver: one call per goroutine main starts
        (not for a .go program, which does end when main returns)."""
        if self.program.go:
            return []
        s = make_solver()
        before: dict[str, list[z3.BoolRef]] = {}  # goroutine -> (combo k runs, main returns before it starts)
        for k, c in enumerate(all_combos):
            main = c.by_goroutine.get("main")
            if main is None or main.status is not Status.OK:
                continue
            children = [g for g, parent in c.parents.items() if parent and parent[0] == "main"]
            if not children:
                continue
            enc = self.interleaving(c)
            b = selector(k, len(all_combos))
            s.add(*guarded(b, enc.constraints))
            last = enc.rank[main.events[-1].key]
            for g in children:
                before.setdefault(g, []).append(z3.And(b, last < enc.rank[(g, 0)]))
        found = []
        for g, terms in sorted(before.items()):
            s.push()
            s.add(z3.Or(*terms))
            if is_sat(s, self.budget):
                found.append(g)
            s.pop()
        return found

    # ------------------------------------------------------------ races

    def find_races(self, combo: Combo) -> set[Race]:
        """Racing pairs in the interleavings of one combo."""
        pairs = race_candidates(combo, self.budget)
        if not pairs:
            return set()
        enc = self.interleaving(combo)
        s = make_solver()
        s.add(*enc.constraints)
        if not is_sat(s, self.budget):
            self.no_interleaving.add(id(combo))  # and so no race and, in interleaving mode, no outcome
            return set()
        stated = len(enc.constraints)
        terms = [(a, b, enc.race(a, b)) for a, b in pairs]
        s.add(*enc.constraints[stated:])  # happens-before's definitions, added as race() builds them
        found: set[Race] = set()
        pending = terms
        while pending:
            s.push()
            s.add(z3.Or(*[t for _, _, t in pending]))
            sat = is_sat(s, self.budget)
            model = s.model() if sat else None
            s.pop()
            if not sat:
                break
            still = []
            for a, b, t in pending:
                self.budget.check()
                if z3.is_true(model.eval(t, model_completion=True)):
                    found.add(race_of(a, b))
                else:
                    still.append((a, b, t))
            pending = still
            if any(p.status is Status.CUT for p in combo.paths):
                self.complete = False
        return found

    def shared_races(self, all_combos: list[Combo]) -> set[Race]:
        """`find_races` over every combo in one solver: combo k's constraints
        hold under its selector, and a race is found in whichever combo the
        solver picks. One call per race found, plus one."""
        s = make_solver()
        chosen: list[tuple[z3.BoolRef, Combo]] = []
        terms: dict[Race, list[z3.BoolRef]] = {}
        for k, c in enumerate(all_combos):
            pairs = race_candidates(c, self.budget)
            if not pairs:
                continue
            enc = self.interleaving(c)
            b = selector(k, len(all_combos))
            for a, x in pairs:
                terms.setdefault(race_of(a, x), []).append(z3.And(b, enc.race(a, x)))
            s.add(*guarded(b, enc.constraints))  # after race(): happens-before adds its definitions lazily
            s.add(*guarded(b, self.breaking(c, enc)))
            chosen.append((b, c))
        if not chosen:
            return set()
        s.add(z3.AtMost(*[b for b, _ in chosen], 1))
        found: set[Race] = set()
        pending = {r: z3.Or(*ts) for r, ts in terms.items()}
        while pending:
            s.push()
            s.add(z3.Or(*pending.values()))
            sat = is_sat(s, self.budget)
            model = s.model() if sat else None
            s.pop()
            if not sat:
                break
            for r, t in list(pending.items()):
                self.budget.check()
                if z3.is_true(model.eval(t, model_completion=True)):
                    found.add(r)
                    del pending[r]
            if any(p.status is Status.CUT for b, c in chosen if z3.is_true(model.eval(b, model_completion=True))
                   for p in c.paths):
                self.complete = False
        return found

    def shared_outcomes(self, all_combos: list[Combo], mode: str, found: dict[Outcome, int],
                        with_racy: bool) -> None:
        """`outcomes`, combo by combo, each outcome found so far carried into
        the next combo's solver as a clause on that combo's own terms
        (`carry`): a combo is asked only for what is new. One call per combo
        and per new outcome (one solver for all the combos at once would need
        fewer calls, but Z3 took 5-25 times longer on the spin-lock tests)."""
        # each new outcome, and its values by observable (a lone combo has no one to carry to)
        carried: list[tuple[Outcome, dict]] | None = [] if len(all_combos) > 1 else None
        for c in all_combos:
            if mode == INTERLEAVING and id(c) in self.no_interleaving:
                continue
            sh = self.share(c, mode, with_racy)
            s = make_solver()
            s.add(*sh.enc.constraints)  # after race(): happens-before adds its definitions lazily
            s.add(*self.breaking(c, sh.enc))
            if sh.carries and carried:
                for outcome, raw in carried:
                    clause = carry(sh, outcome, raw)
                    if clause is not None:
                        s.add(clause)
            self.search_combo(s, sh, found, carried)

    def share(self, c: Combo, mode: str, with_racy: bool) -> "Share":
        """One combo's encoding and the terms its outcomes are read from and blocked on."""
        enc = self.interleaving(c) if mode == INTERLEAVING else Encoding(
            c, self.program, self.model, mode, self.modes, budget=self.budget)
        racy_term = z3.BoolVal(False)
        if with_racy:
            pairs = race_candidates(c, self.budget)
            if pairs:
                racy_term = z3.Or(*[enc.race(a, x) for a, x in pairs])
        projection = self.projection(c, enc)
        end = ProgramEnd(c, enc) if self.program.go else None  # (adds the prints' order first)
        symbolic = [t for _, t, _ in projection if isinstance(t, z3.ExprRef)]
        prints = [v.term for p in c.paths for v, typ, _ in p.out + p.panic if typ != "sep" and not v.concrete]
        symbolic += prints
        if not z3.is_false(racy_term):
            symbolic.append(racy_term)
        if end is not None:
            symbolic += end.terms()
        # a Go program's streams and exit are terms of its own: nothing is carried into it
        return Share(c, projection, racy_term, symbolic, not prints and end is None, enc, end)

    def outcome_of(self, sh: "Share", m, ev, racy: bool) -> Outcome:
        if sh.end is not None:
            return self.go_outcome(sh.end, m, ev, sh.projection, racy)
        values = tuple((name, format_value(ev(t, typ) if t is not UNSET else UNSET)) for name, t, typ in sh.projection)
        return Outcome(values, statuses(sh.combo, ev), racy)

    def search_combo(self, s: z3.Solver, sh: "Share", found: dict[Outcome, int], carried: list | None) -> None:
        """Every outcome of one combo's solver `s` not yet blocked in it."""
        while is_sat(s, self.budget):
            m = s.model()
            # each term evaluated once: the outcome, its carried values and its blocking clause read them
            # (by AST id: a dict keyed by Z3 terms would build an `==` term per lookup)
            evaluated = {t.get_id(): (t, m.eval(t, model_completion=True)) for t in sh.symbolic}

            def ev(term, typ):
                if isinstance(term, z3.ExprRef):
                    hit = evaluated.get(term.get_id())
                    return from_z3(m.eval(term, model_completion=True) if hit is None else hit[1], typ)
                return term

            racy = not z3.is_false(sh.racy) and z3.is_true(evaluated[sh.racy.get_id()][1])
            outcome = self.outcome_of(sh, m, ev, racy)
            if self.on_outcome is not None:
                self.on_outcome(sh.combo, sh.enc, m, outcome, sh.symbolic)
            if carried is not None and outcome not in found:
                carried.append((outcome, {name: evaluated[t.get_id()][1] if isinstance(t, z3.ExprRef) else t
                                          for name, t, _ in sh.projection}))
            found[outcome] = found.get(outcome, 0) + 1
            block = [t != v for t, v in evaluated.values()]
            if not block:
                break
            s.add(z3.Or(*block))

    # ------------------------------------------------------------ outcomes

    def outcomes(self, combo: Combo, mode: str, found: dict[Outcome, int], with_racy: bool) -> None:
        """The outcomes of one combo on its own (`run` without one solver: --count-executions)."""
        sh = self.share(combo, mode, with_racy)
        s = make_solver()
        s.add(*sh.enc.constraints)  # after race(): happens-before adds its definitions lazily
        exec_terms = self.execution_terms(sh.enc) if self.count_executions else []
        while is_sat(s, self.budget):
            m = s.model()

            def ev(term, typ):
                if isinstance(term, z3.ExprRef):
                    return from_z3(m.eval(term, model_completion=True), typ)
                return term

            outcome = self.outcome_of(sh, m, ev, bool(z3.is_true(m.eval(sh.racy, model_completion=True))))
            found[outcome] = found.get(outcome, 0) + 1
            if self.on_outcome is not None:
                self.on_outcome(combo, sh.enc, m, outcome, sh.symbolic)
            # block this outcome (with --count-executions: this execution) and search again
            block = [t != m.eval(t, model_completion=True) for t in exec_terms + sh.symbolic]
            if not block:
                break
            s.add(z3.Or(*block))

    def go_outcome(self, end: ProgramEnd, m, ev, projection, racy: bool) -> Outcome:
        """A .go program's outcome: its streams and exit status, main's locals
        (unset when another goroutine ended the program first), the shared variables."""
        streams, ends, cut_main = end.read(m, ev)
        values = [(name, format_value(UNSET if t is UNSET or (cut_main and name.startswith("main."))
                                      else ev(t, typ))) for name, t, typ in projection]
        values += [(name, format_value(v)) for name, v in streams.items()
                   if self.shown is None or name in self.shown]
        return Outcome(tuple(sorted(values)), ends, racy)

    def projection(self, combo: Combo, enc: Encoding) -> list[tuple[str, object, str]]:
        """(observable, value term or UNSET, type) for every shown local and shared variable."""
        out = []
        for g in self.program.all_goroutines():
            if self.program.go and g.name != "main":
                continue  # a Go program's other goroutines vanish with it: only main's locals remain
            p = combo.by_goroutine.get(g.name)  # None: not started in this combo
            assigned = {lid: (typ, v) for lid, typ, v in p.locals} if p else {}
            names: dict[str, list[ir.Local]] = {}
            for loc in g.locals:
                if not loc.id.startswith("$"):
                    names.setdefault(local_name(loc), []).append(loc)
            for name, locs in names.items():
                if len(locs) != 1:
                    continue
                obs = f"{g.name}.{name}"
                if (self.shown is not None and obs not in self.shown) or obs in self.program.shared_by_name:
                    continue  # (a shared variable of that name, an inlined helper's captured local, is the observable)
                loc = locs[0]
                if loc.id in assigned:
                    typ, v = assigned[loc.id]
                    out.append((obs, v.term, typ))
                else:
                    out.append((obs, UNSET, loc.type))
        for var, term in enc.finals.items():
            if self.shown is None or var in self.shown:
                out.append((var, term, self.program.shared_by_name[var].type))
        out.sort(key=lambda x: x[0])
        return out

    def execution_terms(self, enc: Encoding) -> list[z3.ExprRef]:
        """What tells two executions apart: reads-from, and the order of the writes
        to each variable (herd's rf and co)."""
        terms = [b for opts in enc.rf.values() for _, b in opts]
        for var, ws in enc.combo.writes.items():
            ranked = [w for w in ws if w.key in enc.rank]
            for i, a in enumerate(ranked):
                self.budget.check()
                terms.extend(enc.rank[a.key] < enc.rank[b.key] for b in ranked[i + 1:])
        return terms


@dataclass(frozen=True)
class Share:
    """One combo's outcome search: its projection (as Search.projection), its
    racy term, the terms an outcome of it is blocked on, and whether other
    combos' outcomes can be carried into it (all it prints is known: no clause
    is needed on the text)."""

    combo: Combo
    projection: list
    racy: z3.BoolRef
    symbolic: list
    carries: bool
    enc: Encoding | None = None
    end: ProgramEnd | None = None  # a .go program's streams and exit


def uses_sync(combo: Combo) -> bool:
    """Whether the combo has a sync-object operation; without one its skeleton
    is its path conditions and program order, rarely unsatisfiable (and if it
    is, the shared solver never chooses the combo)."""
    return any(e.kind in SYNC_KINDS and e.kind not in (GO, START, END) for e in combo.events)


def selector(k: int, count: int) -> z3.BoolRef:
    """Combo k's selector among `count`: True for a lone combo (no guards to pay for)."""
    return z3.BoolVal(True) if count == 1 else z3.Bool(f"combo!{k}")


def guarded(b: z3.BoolRef, constraints) -> list[z3.BoolRef]:
    if z3.is_true(b):
        return list(constraints)
    return [z3.Implies(b, c) for c in constraints]


def carry(sh: Share, outcome: Outcome, raw: dict[str, object]):
    """A clause that keeps combo `sh` from producing `outcome` again (found in
    another combo, whose evaluated terms by observable are `raw`): None when
    the combo cannot produce it at all (its goroutines end otherwise, a known
    value differs), False when it can produce nothing else."""
    if statuses(sh.combo, lambda term, typ: term) != outcome.goroutines:
        return None  # `carries`: every printed piece is known, so this is static
    differ = []
    if z3.is_false(sh.racy):
        if outcome.racy:
            return None
    else:
        differ.append(sh.racy != z3.BoolVal(outcome.racy))
    shown = dict(outcome.values)
    for name, t, typ in sh.projection:
        if isinstance(t, z3.ExprRef):
            if raw[name] is UNSET:
                return None  # assigned here, unset there
            differ.append(t != to_z3(raw[name], typ))
        elif format_value(t) != shown[name]:
            return None
    return z3.Or(*differ) if differ else z3.BoolVal(False)


def race_of(a, b) -> Race:
    def acc(e) -> Access:
        return Access(e.goroutine, e.line, e.col, "write" if e.writes else "read")

    x, y = sorted([acc(a), acc(b)])
    return Race(a.var, x, y)
