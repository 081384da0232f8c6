"""Why not: the rules that forbid an outcome, and the chain or cycle they form.

For each combo (one control path per goroutine) the encoding's constraints
carry the rule they encode (`Encoding.labelled`). With the condition asserted,
each rule's constraints are switched on by one literal; an unsat core over
those literals, minimised by deletion (model rules tried first, so that as few
as possible are cited), is a set of rules and program facts that together
rule the outcome out, none of which can be left out: without any one of them
the combo has an execution with the outcome (re-solved to check).

The words come from that execution: solve again without the judging axiom
(visible-write, sync-order, the interleaving rule, no-thin-air) and read the
instance it would have to break, which names the chain (w happens before w2
happens before r) or the cycle (program order, reads-from and from-reads
edges that no single order can contain).

A race-free program is judged by its interleavings (DRF-SC). Its racy
executions are the same ones (drf-sc is a theorem of the racy axioms), so when
those axioms forbid the outcome the explanation is the happens-before
argument, said to hold in every execution; otherwise it is the interleaving
argument.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import z3

from litmus.errors import SolverUnknown, Timeout
from litmus.explain.condition import condition_term, observer
from litmus.explain.execution import Edge, Execution, Step, execution, fresh_model, hb_chain, hb_closure
from litmus.lower import Test
from litmus.models import RULES, Model
from litmus.solver.program_end import ProgramEnd
from litmus.solver.encode import INTERLEAVING, RACY, Encoding, race_candidates, static_feasible
from litmus.solver.search import Search, combos
from litmus.solver.z3util import Budget, make_solver, raise_if_stopped
from litmus.syntax import ast

JUDGES = ("visible-write", "sync-order", "interleaving", "drf-sc", "no-thin-air")

FACTS = {
    "path": "the control path each goroutine takes (its branches and the values they test)",
    "order": "program order and the go statement (and one order of each variable's writes, whose last "
             "atomic write is the final value)",
    "rf": "each read returns the value of one write",
    "final": "what a final observer reads",
    "end": "how a Go program ends (at main's return, os.Exit or a panic, whichever comes first)",
}


def fact_text(tag: str) -> str:
    if tag.startswith("spec:"):
        return f"how a {tag[5:]} behaves (its sequential specification)"
    return FACTS.get(tag, tag)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why one combo (a choice of control paths) cannot produce the outcome."""

    rules: tuple[str, ...]  # the model rules cited, minimal
    facts: tuple[str, ...]  # the program's facts cited (constraint tags that are no model rule)
    lines: tuple[str, ...]  # the chain or cycle, in words
    execution: Execution | None  # what the rules forbid: the execution without the judging rule
    highlight: tuple[Edge, ...]  # the chain or cycle's edges in that execution
    combo: int = -1  # which of `combo_checks`' combos (to re-solve it: tests/test_explain.py)
    tags: tuple[str, ...] = ()  # the minimal core: rules and facts


@dataclass(frozen=True, slots=True)
class Explanation:
    condition: str
    model: str
    permitted: bool  # the model permits the outcome: nothing to explain
    level: str  # "racy" (happens-before argument) or "interleaving"
    race_free: bool
    reasons: tuple[Reason, ...]
    by_facts: int  # combos the program alone rules out (no model rule needed)
    more: int = 0  # further combos the model's rules rule out, not shown (MAX_REASONS, or the same words)
    program_facts: tuple[str, ...] = ()  # the facts that rule out the `by_facts` combos (analysed ones)
    unexamined: int = 0  # combos not solved again: the check had already found the outcome in none

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(sorted({r for x in self.reasons for r in x.rules}))


class _Combo:
    """One combo's tracked constraints and the condition."""

    def __init__(self, enc: Encoding, cond: z3.BoolRef, budget: Budget):
        self.enc = enc
        self.budget = budget
        groups: dict[str, list] = {}
        for tag, c in enc.labelled():
            if tag != "values":  # the finite domains are implied by the rest (an aid to Z3 only)
                groups.setdefault(tag, []).append(c)
        self.groups = groups
        self.lits = {tag: z3.Bool(f"why:{tag}") for tag in groups}
        self.s = make_solver()
        for tag, cs in groups.items():
            self.s.add(z3.Implies(self.lits[tag], z3.And(*cs)))
        self.s.add(cond)
        self.cond = cond

    def check(self, tags) -> bool:
        raise_if_stopped()
        self.budget.check()
        ms = self.budget.remaining_ms()
        if ms is not None:
            self.s.set("timeout", ms)
        self.budget.calls += 1
        r = self.s.check(*[self.lits[t] for t in sorted(tags)])
        if r == z3.unknown:
            if ms is not None:
                raise Timeout(self.budget.seconds)
            raise SolverUnknown(self.s.reason_unknown())
        return r == z3.sat

    def solve(self, tags, tied: bool) -> z3.ModelRef | None:
        """A model of the constraints of `tags` and the condition, or None; `tied`: with every read
        returning the value of the write it reads from (the rules state that together with which
        write it may be; this keeps the first part when a rule is left out)."""
        if not self.check(tags):
            return None
        chosen = [c for t in sorted(tags) for c in self.groups[t]] + [self.cond] + (self.ties() if tied else [])
        return fresh_model(chosen)  # the same words every run (execution.fresh_model)

    def ties(self) -> list:
        enc = self.enc
        out = []
        for e in enc.combo.events:
            if not e.reads:
                continue
            typ = enc.var_type(e.var)
            length = dict((w.key, b) for w, b in enc.rf.get((*e.key, "len"), []))
            for w, b in enc.rf[e.key]:
                same = [length[w.key]] if w.key in length else []
                out.append(z3.Implies(b, z3.And(e.read == enc.value_of(w, typ), *same)))
        return out

    def minimal(self) -> list[str]:
        """Deletion from every tag, not from Z3's unsat core: the core Z3 returns varies with its
        history, whether a set of tags is unsat does not, so the result is the same every run."""
        core = set(self.groups)
        for tag in sorted(core, key=lambda t: (t not in RULES, t)):  # model rules first: cite few
            if not self.check(core - {tag}):
                core.discard(tag)
        return sorted(core)


def explain(test: Test, model: Model, cond: ast.Condition | ast.CondExpr, *, unroll: int = 4,
            budget: Budget | None = None, text: str | None = None,
            racy_program: bool | None = None, forbidden: bool = False) -> Explanation:
    """`racy_program`: what the check of this test under this model found, when known (it saves
    the race check; the interleaving level still makes it, to know which combos can run).
    `forbidden`: the check found no outcome with the condition (a complete Never), so the
    combos past MAX_REASONS reasons are left unexamined rather than solved again."""
    expr = cond.expr if isinstance(cond, ast.Condition) else cond
    text = text or (cond.text if isinstance(cond, ast.Condition) else str(expr))
    budget = budget or Budget(None)
    search, runnable, racy_program, checked = _prepare(test, model, unroll, budget, racy_program)
    race_free = model.has("drf-sc") and not racy_program
    levels = [INTERLEAVING] if model.interleaving else [RACY, INTERLEAVING] if race_free else [RACY]
    for mode in levels:
        if mode == INTERLEAVING and model.has("data-race") and not checked:
            for c in runnable:  # marks the combos no interleaving can run (Search.find_races)
                search.find_races(c)
            checked = True
        result = _explain_mode(test, model, search, runnable, expr, mode, racy_program, budget, forbidden)
        if result is not None:
            reasons, by_facts, more, facts, unexamined = result
            return Explanation(text, model.name, False, "interleaving" if mode == INTERLEAVING else "racy",
                               race_free, tuple(reasons), by_facts, more, facts, unexamined)
    return Explanation(text, model.name, True, "", race_free, (), 0, 0)


def _prepare(test: Test, model: Model, unroll: int, budget: Budget, racy_program: bool | None = None):
    """What Search.run decides before the outcomes: the combos that can run, and whether the
    program is racy (which also marks the combos no interleaving can run)."""
    search = Search(test, model, unroll=unroll, budget=budget)
    candidates = [c for c in combos(test, search.builder, model) if static_feasible(c, test.program)]
    runnable = [c for c in candidates if search.can_run(c)]
    checked = racy_program is None  # whether find_races ran on every combo
    if checked:
        racy_program = model.has("data-race") and bool(set().union(*[search.find_races(c) for c in runnable]))
    return search, runnable, racy_program, checked


def checks_of(test: Test, model: Model, e: Explanation, cond, *, unroll: int = 4) -> list["_Combo"]:
    """The combos' tracked constraints behind explanation `e`, in `Reason.combo` order: for
    re-solving its reasons (tests/test_explain.py checks that they are minimal)."""
    budget = Budget(None)
    search, runnable, racy_program, _ = _prepare(test, model, unroll, budget)
    expr = cond.expr if isinstance(cond, ast.Condition) else cond
    mode = INTERLEAVING if e.level == "interleaving" else RACY
    return list(combo_checks(test, model, expr, mode, search, runnable, racy_program, budget))


MAX_REASONS = 3  # choices of control paths analysed in full; the rest are only checked and counted


def combo_checks(test: Test, model: Model, expr, mode: str, search: Search, runnable, racy_program: bool,
                 budget: Budget):
    """One `_Combo` (the combo's tracked constraints and the condition) per combo of this mode."""
    for combo in runnable:
        if mode == INTERLEAVING and id(combo) in search.no_interleaving:
            continue
        enc = Encoding(combo, test.program, model, mode, search.modes, budget=budget)
        racy_term = z3.BoolVal(False)
        if racy_program:
            pairs = race_candidates(combo, budget)
            if pairs:
                racy_term = z3.Or(*[enc.race(a, b) for a, b in pairs])
        projection = {name: (term, typ) for name, term, typ in search.projection(combo, enc)}
        end = ProgramEnd(combo, enc) if test.program.go else None  # stdout, stderr, exit as terms
        cond = condition_term(expr, observer(combo, enc, test.program, projection, racy_term, end))
        yield _Combo(enc, cond, budget)


def _explain_mode(test, model, search, runnable, expr, mode, racy_program, budget, known: bool):
    """(reasons, combos ruled out by the program alone, further combos ruled out by rules, the facts
    of the former, combos left unexamined), or None when some execution of this mode has the outcome.
    `known`: the check already found the outcome forbidden, so once MAX_REASONS reasons are found
    the other combos need not be solved (nor encoded) again."""
    reasons: dict[tuple, Reason] = {}
    by_facts = more = 0
    facts: set[str] = set()
    total = sum(1 for c in runnable if not (mode == INTERLEAVING and id(c) in search.no_interleaving))
    for index, c in enumerate(combo_checks(test, model, expr, mode, search, runnable, racy_program, budget)):
        if known and (len(reasons) >= MAX_REASONS or index >= 2 * MAX_REASONS):
            return list(reasons.values()), by_facts, more, tuple(sorted(facts)), total - index
        if c.check(c.groups):
            return None
        if len(reasons) >= MAX_REASONS:  # enough words: only say whether the model's rules are needed
            if c.check([t for t in c.groups if t not in RULES]):
                more += 1
            else:
                by_facts += 1
            continue
        tags = c.minimal()
        rules = tuple(t for t in tags if t in RULES)
        if not rules:
            by_facts += 1
            facts |= set(tags)
            continue
        reason = replace(_reason(c, tags, rules, model, test.source), combo=index, tags=tuple(tags))
        if (reason.rules, reason.lines) in reasons:
            more += 1
        reasons.setdefault((reason.rules, reason.lines), reason)
    return list(reasons.values()), by_facts, more, tuple(sorted(facts)), 0


def _reason(c: _Combo, tags: list[str], rules: tuple[str, ...], model: Model, source) -> Reason:
    facts = tuple(t for t in tags if t not in RULES)
    judges = sorted((r for r in rules if r in JUDGES), key=JUDGES.index)
    lines: list[str] = []
    highlight: list[Edge] = []
    shown = None  # the execution of the first judge's instance: what a graph draws
    for judge in judges or rules[:1]:
        without = set(tags) - {judge}
        # the execution that breaks the judge's rule only, as realistic as can be: every other
        # rule and fact first, then the program's facts, then the core alone; reads keep their values
        m = None
        for kept in (set(c.groups) - {judge}, {t for t in c.groups if t not in RULES} | without, without):
            m = c.solve(kept, tied=True)
            if m is not None:
                break
        if m is not None:
            x = execution(c.enc, m, source)
            words, edges = _violation(judge, x, c.enc)
        else:  # the judge is needed only to give some read the value of the write it reads
            m = c.solve(without, tied=False)
            assert m is not None, "a minimal core: without any one tag the combo is sat"
            x = execution(c.enc, m, source)
            words, edges = _value_tie(x, judge), ()
        lines.extend(words)
        if shown is None:
            shown, highlight = replace(x, rf=tuple(value_rf(x))), list(edges)
        elif x.steps.keys() == shown.steps.keys():
            highlight.extend(e for e in edges if e not in highlight)
    used = {e.rule for e in highlight if e.rule}
    for r in rules:
        if r not in JUDGES and r not in used:
            lines.append(f"it needs the {r} rule's edges ({RULES[r].means})")
    return Reason(rules, facts, tuple(lines), shown, tuple(highlight))


# ------------------------------------------------------------------ the words


def _step_text(s: Step) -> str:
    if s.kind in ("INIT", "START", "CH_SEND_DONE"):
        return s.label
    what = f": {s.action}" if s.kind in ("R", "RMW", "CH_RECV") or "read" in s.action else ""
    return f"`{s.code or s.action}` ({s.where}{what})"


def chain_text(x: Execution, chain: list[Edge]) -> str:
    steps = x.steps
    out = _step_text(steps[chain[0].src])
    for e in chain:
        arrow = f" →{e.kind}" + (f"[{e.rule}]" if e.rule else "") + " "
        out += arrow + _step_text(steps[e.dst])
    return out


def _written(s: Step) -> str:
    return s.wrote or "?"


def value_rf(x: Execution) -> list[Edge]:
    """Reads-from as the values say. Without the judging rule a read's value is no
    longer tied to the write it reads from (one constraint states both), so each
    read is paired with a write of the value it returned: the one the execution
    chose if it wrote that value, else the first such write not after the read."""
    steps = x.steps
    writes = [s for s in list(x.inits) + [s for _, g in x.goroutines for s in g] if s.wrote is not None]
    out = []
    for e in x.rf:
        r = steps[e.dst]
        if e.kind != "rf" or steps[e.src].wrote == r.read:
            out.append(e)
            continue
        same = [w for w in writes if w.var == r.var and w.wrote == r.read and w.key != r.key
                and not (w.goroutine == r.goroutine and w.index > r.index)]
        out.append(Edge("rf", same[0].key, e.dst) if same else e)
    return out


def _violation(judge: str, x: Execution, enc: Encoding) -> tuple[list[str], tuple[Edge, ...]]:
    """The instance of `judge` that execution x (found without it) breaks, in words."""
    x = replace(x, rf=tuple(value_rf(x)))
    if judge == "visible-write":
        return _hidden_write(x)
    if judge == "no-thin-air":
        return _cycle_words(x, shortest_cycle(_thin_air_edges(x, enc), ("rf", "dep")), "reads-from and dependency edges form a cycle: each "
                            "value would have to exist before itself", judge)
    cycle = shortest_cycle(_order_edges(x, enc, judge == "sync-order"), prefer=("po", "rf", "fr"))
    if cycle is None:
        return _value_tie(x, judge), ()
    return _cycle_words(x, cycle, _ORDER_WORDS[judge == "sync-order"], judge)


_ORDER_WORDS = {
    True: "the atomic operations would need one order (the synchronization order) that contains program "
          "order, each atomic read after the write it reads and before the writes that overwrite it, but "
          "these edges form a cycle",
    False: "an interleaving would need one order of all the events that contains program order, each read "
           "after the write it reads and before the writes that overwrite it, but these edges form a cycle"}

_TIES = {"sync-order": "an atomic read returns the so-latest atomic write",
         "visible-write": "a read returns the value of a write it may observe",
         "no-thin-air": "a read returns the value of a write it may observe",
         "interleaving": "in an interleaving a read returns the latest write before it",
         "drf-sc": "in an interleaving a read returns the latest write before it"}


def _value_tie(x: Execution, judge: str) -> list[str]:
    """The judge is needed only because it is also what gives a read the value of the write it
    reads (one constraint states both): say so, for a read the execution without it gets wrong."""
    steps = x.steps
    chosen = {e.dst: e.src for e in value_rf(x) if e.kind == "rf"}
    wrong = [e for e in x.rf if e.kind == "rf" and steps[e.src].wrote != steps[e.dst].read
             and (judge != "sync-order" or "atomic" in steps[e.dst].action)]
    if not wrong:
        return [f"{_TIES[judge]} [{judge}]"]
    r = steps[wrong[0].dst]
    w = steps[chosen[r.key]]
    return [f"`{r.code}` ({r.where}) returned {r.read}, so it read {_written_by(w)}: {_TIES[judge]} [{judge}]"]


def _written_by(w: Step) -> str:
    return f"the initial {w.wrote}" if w.kind == "INIT" else f"the {w.wrote} of `{w.code}` ({w.where})"


def _hidden_write(x: Execution) -> tuple[list[str], tuple[Edge, ...]]:
    steps = x.steps
    reach = hb_closure(x)
    writes = [s for s in steps.values() if s.kind in ("W", "RMW")]
    for e in x.rf:
        w, r = steps[e.src], steps[e.dst]
        for w2 in writes:
            if w2.var != r.var or w2.key in (w.key, r.key):
                continue
            if (w.kind == "INIT" or w2.key in reach[w.key]) and r.key in reach[w2.key]:
                chain = hb_chain(x, w2.key, r.key)
                before = "" if w.kind == "INIT" else f"; {_step_text(w)} happens before it"
                line = (f"{chain_text(x, chain)}: the write of {_written(w2)} happens before the read{before}, "
                        f"so the read cannot see {'the initial ' if w.kind == 'INIT' else ''}{_written(w)} "
                        f"[visible-write]")
                return [line], tuple(chain) + (Edge("rf", w.key, r.key),)  # and the read it forbids
        if w.kind != "INIT" and w.key in reach[r.key]:
            chain = hb_chain(x, r.key, w.key)
            return [f"{chain_text(x, chain)}: the read happens before the write, so it cannot see "
                    f"its {_written(w)} [visible-write]"], tuple(chain)
    return _value_tie(x, "visible-write"), ()


def _order_edges(x: Execution, enc: Encoding, atomic_only: bool) -> list[Edge]:
    """po, rf and fr (and co) over the events one order must contain (herd's sc cycle)."""
    steps = x.steps
    events = {e.key: e for e in enc.combo.events}

    def counted(k) -> bool:
        if k[0] == "":
            return True
        ev = events[k]
        return not atomic_only or ev.sync

    edges: list[Edge] = []
    for _, gsteps in x.goroutines:
        kept = [s for s in gsteps if counted(s.key) and s.kind not in ("START", "END")]
        edges.extend(Edge("po", a.key, b.key) for a, b in zip(kept, kept[1:]))
    rank = {k: i for i, k in enumerate(x.sync_order)}
    co: dict[str, list[tuple]] = {}
    for k, ev in events.items():
        if ev.writes and counted(k) and (not atomic_only or ev.atomic):
            co.setdefault(ev.var, []).append(k)
    for var in co:
        co[var].sort(key=lambda k: rank.get(k, 0))
    for e in x.rf:
        if e.kind != "rf" or not counted(e.dst) or not counted(e.src):
            continue
        r = steps[e.dst]
        if atomic_only and not (events[e.dst].atomic and (e.src[0] == "" or events[e.src].atomic)):
            continue
        if e.src[0] != "":
            edges.append(Edge("rf", e.src, e.dst))
        later = co.get(r.var, []) if e.src[0] == "" else co.get(r.var, [])[co.get(r.var, []).index(e.src) + 1:] \
            if e.src in co.get(r.var, []) else []
        edges.extend(Edge("fr", e.dst, w2) for w2 in later if w2 != e.dst)
    for var, ws in co.items():
        edges.extend(Edge("co", a, b) for a, b in zip(ws, ws[1:]))
    return edges


def _thin_air_edges(x: Execution, enc: Encoding) -> list[Edge]:
    edges = [Edge("rf", e.src, e.dst) for e in x.rf if e.src[0] != ""]
    for ev in enc.combo.events:
        if ev.writes:
            edges.extend(Edge("dep", k, ev.key) for k in sorted(ev.deps) if k != ev.key)
    return edges


def _cycle_words(x: Execution, cycle: list[Edge] | None, what: str, judge: str):
    if cycle is None:
        return _value_tie(x, judge), ()
    cycle = _rotated(x, cycle)
    return [f"{chain_text(x, cycle)}: {what} [{judge}]"], tuple(cycle)


def _rotated(x: Execution, cycle: list[Edge]) -> list[Edge]:
    """Start a cycle at a write of the first goroutine it visits (in declaration order): it reads best."""
    order = {g: i for i, (g, _) in enumerate(x.goroutines)}
    steps = x.steps

    def rank(i):
        s = steps[cycle[i].src]
        return (s.wrote is None, order.get(s.goroutine, -1), s.index)

    start = min(range(len(cycle)), key=rank)
    return cycle[start:] + cycle[:start]


def shortest_cycle(edges: list[Edge], prefer: tuple[str, ...]) -> list[Edge] | None:
    """A shortest cycle, first among the `prefer` kinds of edges, then with every edge."""
    for allowed in (set(prefer), None):
        use = [e for e in edges if allowed is None or e.kind in allowed]
        succ: dict[tuple, list[Edge]] = {}
        for e in use:
            succ.setdefault(e.src, []).append(e)
        best = None
        for start in sorted(succ):
            back: dict[tuple, Edge] = {}
            frontier = [start]
            found = None
            while frontier and found is None:
                nxt = []
                for n in frontier:
                    for e in succ.get(n, ()):
                        if e.dst == start:
                            found = e
                            back_end = n
                            break
                        if e.dst not in back:
                            back[e.dst] = e
                            nxt.append(e.dst)
                    if found:
                        break
                frontier = nxt
            if found is None:
                continue
            cycle = [found]
            n = back_end
            while n != start:
                cycle.append(back[n])
                n = back[n].src
            cycle.reverse()
            if best is None or len(cycle) < len(best):
                best = cycle
        if best is not None:
            return best
    return None
