"""Models are data: every rule a model file names is read by both engines.

For every shipped model, and for each variant with one rule removed (made
here from the TOML text), the Z3 engine and the reference enumerator agree on
a representative part of the catalog (the whole catalog under the shipped
models is test_engines_agree.py's). A variant must change some result there,
or the rule it drops would not really be implemented; a variant that makes no
sense must be refused when it loads, with the reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import z3

from litmus.api import check_test, load, shown_observables
from litmus.models import RULES, ModelError, load_model_text, models
from litmus.reference import reference_outcomes
from litmus.resources import models_dir
from litmus.solver.encode import Combo, Encoding, RACY
from litmus.solver.search import combos
from litmus.solver.paths import PathBuilder

CASES = Path(__file__).parent / "litmus_cases"

# One or more tests per construct, so that dropping any rule shows somewhere.
SUBSET = [
    "l01_mp_plain", "l02_sb_plain", "l03_lb_plain", "l04_lb_data_oota", "l08_cowr", "l14_wrc_plain_x_atomic_y",
    "l18_mp_sc", "l20_sb_sc", "l30_failed_cas_sync", "atomic_plain_mixed_race", "rmw_cas_one_winner",
    "l31_chan_send_hello", "l32_chan_close_hello", "l33_chan_unbuffered_hello", "l35_chan_k_plus_c",
    "select_publication", "l38_mutex_handoff", "l39_mp_mutex", "l42_rwmutex_writer_reader",
    "l43_rwmutex_reader_writer", "l45_once_twoprint", "l48_wg_done_wait", "l50_cond_signal",
    "l51_go_statement", "l63_init_goroutine", "s2_init_before_main", "l57_value_mp_commaok",
    "l58_value_handle_publication", "l54_busy_wait_plain", "spin_atomic_counter_join",
]

# Not in the catalog: programs where only the rule decides (the catalog's Cond
# tests also hold the Mutex, whose edges order the same accesses; its atomic
# SB tests are race-free, so drf-sc judges them by their interleavings).
EXTRA = {
    "cond_signal_unlocked_writer": """
var x int
var mu sync.Mutex
var cond = sync.NewCond(&mu)
go func T1() {
    x = 1
    cond.Signal()
}
go func T2() {
    mu.Lock()
    cond.Wait()
    r1 := x
    mu.Unlock()
}
exists (T2.r1 == 0)
""",
    # store buffering with atomics in a racy program (racy executions): only the
    # total order of atomics (sync-order) forbids both loads returning 0
    "sb_atomic_racy": """
var x atomic.Int64
var y atomic.Int64
var z int
go func P0() {
    x.Store(1)
    r0 := y.Load()
    z = 1
}
go func P1() {
    y.Store(1)
    r1 := x.Load()
    z = 2
}
exists (P0.r0 == 0 && P1.r1 == 0)
""",
}


def programs():
    for case in SUBSET:
        yield case, load((CASES / f"{case}.lit").read_text(encoding="utf-8"), f"{case}.lit")
    for case, source in EXTRA.items():
        yield case, load(source, f"{case}.lit")


# Variants that must be refused when they load, and a word of the reason.
REFUSED = {
    ("go", "data-race"): "drf-sc needs data-race",
    ("go", "no-thin-air"): "no-thin-air",
    ("relaxed-value", "data-race"): "drf-sc needs data-race",
    ("relaxed-value", "no-thin-air"): "no-thin-air",
    ("sc", "interleaving"): "no-thin-air",
}

# drf-sc is a theorem of the racy axioms: a race-free program's racy
# executions are its interleavings. Dropping it must change nothing.
THEOREMS = {"drf-sc"}


def model_text(name: str) -> str:
    return (models_dir() / f"{name}.toml").read_text(encoding="utf-8")


def without(text: str, rule: str) -> str:
    """The model file `text` with the `[[sync]]` / `[[axiom]]` entry of `rule` removed."""
    blocks = re.split(r"(?m)^(?=\[\[)", text)
    kept = [b for b in blocks if not re.search(rf'(?m)^rule = "{re.escape(rule)}"$', b)]
    assert len(kept) == len(blocks) - 1, f"{rule} is not named once"
    return "".join(kept)


def rules_of(name: str) -> list[str]:
    m = models()[name]
    return [r.name for r in m.sync + m.axioms]


VARIANTS = [(m, r) for m in models() for r in rules_of(m)]


def results(test, model):
    """(Z3 result, reference result) in comparable form."""
    shown = shown_observables(test, all_observables=False)
    z = check_test(test, model)
    ref = reference_outcomes(test, model, shown=shown)
    return ((frozenset(z.outcomes), z.racy_program, frozenset(r.var for r in z.races), z.complete),
            (frozenset(ref.outcomes), ref.racy_program, frozenset(r[0] for r in ref.races), ref.complete))


_SHIPPED: dict = {}


def shipped(name: str, case: str, test):
    if (name, case) not in _SHIPPED:
        _SHIPPED[(name, case)] = results(test, models()[name])[0]
    return _SHIPPED[(name, case)]


@pytest.mark.parametrize("name,rule", VARIANTS, ids=[f"{m}-without-{r}" for m, r in VARIANTS])
def test_variant_without_a_rule(name: str, rule: str):
    text = without(model_text(name), rule).replace(f'name = "{name}"', f'name = "{name}-{rule}"')
    if (name, rule) in REFUSED:
        with pytest.raises(ModelError, match=REFUSED[(name, rule)]):
            load_model_text(text)
        return
    model = load_model_text(text)
    assert not model.has(rule)
    changed = []
    for case, test in programs():
        z, ref = results(test, model)
        assert z == ref, f"{case}: the engines disagree without {rule}"
        if z != shipped(name, case, test):
            changed.append(case)
    if rule in THEOREMS:
        assert changed == [], f"dropping {rule} changed {changed}"
    else:
        assert changed, f"dropping {rule} from {name} changes nothing on the subset: is it implemented?"


def test_every_rule_is_in_a_shipped_model_and_the_table():
    named = {r for m in models() for r in rules_of(m)}
    assert named == set(RULES)
    for info in RULES.values():
        assert info.kind in ("sync", "axiom") and info.means and info.z3 and info.reference


def test_the_table_names_real_engine_functions():
    """RULES says where each engine reads each rule: those functions exist."""
    import importlib

    for name, info in RULES.items():
        for package, where in (("litmus.solver", info.z3), ("litmus.reference", info.reference)):
            module = cls = None
            for ref in where.split(", "):
                parts = ref.split(" ")[0].split(".")
                if parts[0] in ("encode", "search", "sc", "axiomatic", "common", "interp", "reference"):
                    mod = package if parts[0] == "reference" else f"{package}.{parts[0]}"
                    module, cls, parts = importlib.import_module(mod), None, parts[1:]
                obj = cls if len(parts) == 1 and cls is not None else module
                for p in parts:
                    obj = getattr(obj, p)
                    if isinstance(obj, type):
                        cls = obj
                assert obj is not None, (name, ref)  # getattr raises on a missing name


@pytest.mark.parametrize("edit,reason", [
    (lambda t: t.replace('rule = "atomic"\n', 'rule = "semaphore"\n'), "unknown sync rule 'semaphore'"),
    (lambda t: t.replace('rule = "visible-write"\n', 'rule = "drf-sc"\n'), "named twice"),
    (lambda t: t + '\n[[axiom]]\nrule = "interleaving"\nquote = "q"\nsource = "s"\n', "exclude each other"),
    (lambda t: 'levels = "drf-sc"\n' + t, "unknown key 'levels'"),
    (lambda t: t.replace('[[axiom]]\nrule = "data-race"', '[[axiom]]\nrule = "no-such"'), "unknown axiom"),
])
def test_malformed_models_are_refused(edit, reason):
    with pytest.raises(ModelError, match=re.escape(reason)):
        load_model_text(edit(model_text("go")))


def test_interleaving_with_racy_axioms_is_refused():
    text = model_text("sc") + '\n[[axiom]]\nrule = "visible-write"\nquote = "q"\nsource = "s"\n'
    with pytest.raises(ModelError, match="visible-write would never be checked"):
        load_model_text(text)


def test_the_go_statement_rule_is_read_by_both_engines():
    """The measured defect: without go-statement the Z3 engine still answered
    Never for l51 (it built the edge regardless); now both say Sometimes."""
    model = load_model_text(without(model_text("go"), "go-statement"))
    test = load((CASES / "l51_go_statement.lit").read_text(encoding="utf-8"), "l51.lit")
    z, ref = results(test, model)
    assert z == ref
    assert any(dict(o.values)["main.go1.r1"] == "0" for o in z[0])


def test_constraints_carry_their_rules():
    """Every Z3 constraint is labelled; a forbidden outcome's unsat core names
    the rules that rule it out (LB with data dependencies: no-thin-air)."""
    test = load((CASES / "l04_lb_data_oota.lit").read_text(encoding="utf-8"), "l04.lit")
    model = models()["go"]
    (combo,) = list(combos(test, PathBuilder(test.program, 4), model))
    enc = Encoding(combo, test.program, model, RACY)
    labels = {rule for rule, _ in enc.labelled()}
    assert {"rf", "visible-write", "no-thin-air"} <= labels
    assert labels <= set(RULES) | {"path", "order", "rf", "values", "final"} | {
        f"spec:{r}" for r in RULES}
    s = z3.Solver()
    names = {}
    for n, (rule, c) in enumerate(enc.labelled()):
        if rule != "values":  # the domains are implied by the rest: leave them out of the core
            names[f"{rule}#{n}"] = rule
            s.assert_and_track(c, z3.Bool(f"{rule}#{n}"))
    s.add(*[r.read == 42 for r in combo.events if r.reads])  # the out-of-thin-air outcome
    assert s.check() == z3.unsat
    assert "no-thin-air" in {names[str(b)] for b in s.unsat_core()}
    tracked = z3.Solver()
    assert len(enc.track(tracked)) == len(enc.constraints)
