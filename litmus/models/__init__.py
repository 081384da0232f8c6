"""The memory models litmus ships, loaded from their TOML files.

A model is data: a list of named rules, each with the sentence of the Go
document it encodes. `[[sync]]` rules say which operations create
synchronized-before (sw) edges; `[[axiom]]` rules say which checks the
engines make. Every rule name is a toggle both engines read from the model
(`Model.has`), and `RULES` below is the one table of what each name means
and which function of each engine implements it. A model that names a rule
the engines do not implement, or a combination that makes no sense, is
refused when it loads (`ModelError`, with the reason).

Which executions a program gets (`Model.levels`) follows from the axioms:
`interleaving`: every execution is an interleaving (sequential consistency);
`drf-sc`: a race-free program gets its interleavings, a racy one the racy
executions (`sync-order`, `visible-write`, `no-thin-air`); neither: every
program gets the racy executions.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from litmus.errors import LitmusArgumentError
from litmus.primitives import SYNC_OBJECTS, of_kind
from litmus.program import VarKind
from litmus.resources import models_dir


@dataclass(frozen=True, slots=True)
class RuleInfo:
    kind: str  # "sync" or "axiom"
    means: str  # what the rule does in both engines
    z3: str  # where the Z3 engine reads it: "module.Class.function, function, Class.function"
    reference: str  # where the reference enumerator reads it, likewise (litmus/reference/)


RULES: dict[str, RuleInfo] = {
    # -- sync: happens-before edges
    "go-statement": RuleInfo(
        "sync", "the go statement -> the start of the goroutine it starts",
        "encode.Combo.start_view, Encoding.acquire_view", "sc.ScEnumerator.perform, axiomatic.Execution"),
    "init": RuleInfo(
        "sync", "the end of init -> the start of every top-level goroutine",
        "encode.Combo.start_view, Encoding.acquire_view", "sc.ScEnumerator.settle, axiomatic.Execution"),
    "atomic": RuleInfo(
        "sync", "an atomic write (not atomic.Value) -> the atomic reads that observe it",
        "encode.Encoding.sw_rule", "common.ProgramInfo.syncs"),
    "atomic-value": RuleInfo(
        "sync", "atomic.Value.Store -> the Loads (and Swap, CompareAndSwap) that observe it",
        "encode.Encoding.sw_rule", "common.ProgramInfo.syncs"),
    "channel": RuleInfo(
        "sync", "send -> its receive; close -> a receive that sees it closed; the k-th receive -> "
                "the completion of the (k+C)-th send (select cases too)",
        "encode.Encoding.is_acquire, sw_sources", "common.ProgramInfo.sync_edges"),
    "mutex": RuleInfo(
        "sync", "sync.Mutex: every Unlock -> every later Lock (and successful TryLock); "
                "also the Mutex of a sync.Cond",
        "encode.Encoding.is_acquire, sw_sources", "common.ProgramInfo.sync_edges"),
    "rwmutex": RuleInfo(
        "sync", "sync.RWMutex: Unlock -> later Lock and RLock; RUnlock -> later Lock (never reader to reader)",
        "encode.Encoding.is_acquire, sw_sources", "common.ProgramInfo.sync_edges"),
    "waitgroup": RuleInfo(
        "sync", "a Done (negative Add) -> the return of a Wait it unblocks",
        "encode.Encoding.is_acquire, sw_sources", "common.ProgramInfo.sync_edges"),
    "once": RuleInfo(
        "sync", "the end of f -> the return of every other Do",
        "encode.Encoding.is_acquire, sw_sources", "common.ProgramInfo.sync_edges"),
    "cond": RuleInfo(
        "sync", "Signal or Broadcast -> the return of the Wait it wakes",
        "encode.Encoding.is_acquire, sw_sources", "common.ProgramInfo.sync_edges"),
    # -- axioms: which checks are made
    "interleaving": RuleInfo(
        "axiom", "every execution of every program is an interleaving; a read returns the latest write",
        "search.Search.run (mode INTERLEAVING)", "reference.reference_outcomes (sc_outcomes only)"),
    "drf-sc": RuleInfo(
        "axiom", "a program no interleaving of which races gets exactly its interleavings' outcomes",
        "search.Search.run", "reference.reference_outcomes"),
    "data-race": RuleInfo(
        "axiom", "two accesses of a variable, one a write, one plain, unordered by happens-before, race: "
                 "the races and the racy flag of outcomes",
        "search.Search.run", "sc.ScEnumerator.access, axiomatic.Execution.outcomes"),
    "sync-order": RuleInfo(
        "axiom", "racy executions: an atomic read returns the so-latest atomic write (without it, any atomic "
                 "write before it in so); the final value of an atomic-only variable is the so-last write",
        "encode.Encoding.reads_from, final_value", "axiomatic.SoSearch.step, Execution.outcomes"),
    "visible-write": RuleInfo(
        "axiom", "racy executions: a read r reads a write w with not r hb w and no w' with w hb w' hb r",
        "encode.Encoding.candidates, reads_from", "axiomatic.Execution.candidates"),
    "no-thin-air": RuleInfo(
        "axiom", "racy executions: rf | dep is acyclic",
        "encode.Encoding.build, no_thin_air", "axiomatic.Execution.consistent"),
}

KNOWN_SYNC = {n for n, r in RULES.items() if r.kind == "sync"}
KNOWN_AXIOMS = {n for n, r in RULES.items() if r.kind == "axiom"}
RACY_AXIOMS = ("sync-order", "visible-write", "no-thin-air")  # they judge racy executions only

# The rule of each sync object's sw edges, by program.VarKind value: the first
# rule its primitive names (litmus/primitives).
OBJECT_RULES = {k.value: of_kind(k).rules[0] for k in (*SYNC_OBJECTS, VarKind.CHAN)}


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    quote: str
    source: str


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    title: str
    source: str
    summary: str
    sync: tuple[Rule, ...]
    axioms: tuple[Rule, ...]

    def has(self, rule: str) -> bool:
        """Whether the model names `rule` (a sync rule or an axiom)."""
        assert rule in RULES, rule  # a typo in an engine must not read as "rule absent"
        return any(r.name == rule for r in self.sync + self.axioms)

    def object_synchronizes(self, kind_value: str) -> bool:
        """Whether the sync object of this program.VarKind value creates sw edges."""
        return self.has(OBJECT_RULES[kind_value])

    @property
    def interleaving(self) -> bool:
        """Every execution is an interleaving (the `sc` model)."""
        return self.has("interleaving")

    @property
    def levels(self) -> str:
        """"sc" (interleavings only), "drf-sc" (interleavings for race-free
        programs, racy executions otherwise) or "racy" (racy executions always)."""
        return "sc" if self.interleaving else "drf-sc" if self.has("drf-sc") else "racy"


class ModelError(LitmusArgumentError):
    """An unknown model name, or a model file that is malformed, names a rule the
    engines do not implement, or combines rules in a way that makes no sense.
    A LitmusError (and a ValueError)."""


def _rules(data: dict, key: str, known: set[str], name: str) -> tuple[Rule, ...]:
    rules = []
    for entry in data.get(key, []):
        rule = entry.get("rule")
        if rule not in known:
            raise ModelError(f"model {name}: unknown {key} rule {rule!r}; the {key} rules are: "
                             f"{', '.join(sorted(known))}")
        if any(r.name == rule for r in rules):
            raise ModelError(f"model {name}: {key} rule {rule} is named twice")
        if not entry.get("quote") or not entry.get("source"):
            raise ModelError(f"model {name}: rule {rule} needs a quote and a source")
        rules.append(Rule(rule, entry["quote"], entry["source"]))
    return tuple(rules)


def _check_combination(m: Model) -> None:
    """Refuse what no engine can give a meaning to (see the module docstring)."""
    why = None
    if m.has("interleaving") and m.has("drf-sc"):
        why = "interleaving and drf-sc exclude each other (every execution an interleaving, or only race-free ones)"
    elif m.has("drf-sc") and not m.has("data-race"):
        why = "drf-sc needs data-race: it is what decides that a program is race-free"
    elif m.interleaving and any(m.has(a) for a in RACY_AXIOMS):
        extra = ", ".join(a for a in RACY_AXIOMS if m.has(a))
        why = f"with interleaving every read returns the latest write, so {extra} would never be checked"
    elif not m.interleaving and not m.has("no-thin-air"):
        why = ("racy executions need no-thin-air: without it a read may return a value out of thin air "
               "(any value at all), and the outcomes are no finite list")
    if why:
        raise ModelError(f"model {m.name}: {why}")


def load_model_text(text: str) -> Model:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ModelError(f"model file: {e}") from None
    name = data.get("name", "?")
    allowed = {"name", "title", "source", "summary", "sync", "axiom"}
    extra = sorted(set(data) - allowed)
    if extra:
        raise ModelError(f"model {name}: unknown key {extra[0]!r} (a model has {', '.join(sorted(allowed))}; "
                         "which executions a program gets follows from the axioms)")
    missing = [k for k in ("name", "title", "source", "summary") if not isinstance(data.get(k), str)]
    if missing:
        raise ModelError(f"model {name}: needs a string {missing[0]!r}")
    m = Model(name, data["title"], data["source"], data["summary"],
              _rules(data, "sync", KNOWN_SYNC, name), _rules(data, "axiom", KNOWN_AXIOMS, name))
    _check_combination(m)
    return m


@cache
def models() -> dict[str, Model]:
    """Every shipped model by name, `go` first."""
    found = {}
    for path in sorted(models_dir().glob("*.toml")):
        m = load_model_text(path.read_text(encoding="utf-8"))
        if m.name != path.stem:
            raise ModelError(f"{path.name}: its name is {m.name!r}")
        found[m.name] = m
    order = ["go", "sc", "relaxed-value"]
    return {n: found[n] for n in sorted(found, key=lambda n: (order.index(n) if n in order else 99, n))}


def get_model(name: str) -> Model:
    try:
        return models()[name]
    except KeyError:
        raise ModelError(f"unknown model {name!r}; the models are: {', '.join(models())}") from None
