"""Pruning partial combos (search.combos: pruning.Counts and Prefixes) is
exact: on generated programs with channels, Once and goroutines that start
goroutines, the combos that pass static_feasible are the same with and
without it, in the same order; and every combo the WaitGroup and Mutex
prefix rules (static_feasible's last check) drop has no execution."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litmus.api import check_test, load, shown_observables
from litmus.limits import MAX_COMBOS
from litmus.models import get_model
from litmus.solver.paths import PathBuilder
from litmus.program import access_modes
from litmus.reference import reference_outcomes
from litmus.solver.encode import RACY, Encoding, static_feasible
from litmus.solver.pruning import prefix_feasible
from litmus.solver.search import combos
from litmus.solver.z3util import Budget, is_sat, make_solver
from strategies import as_go_program, mixed_programs, sync_programs


def feasible(test, prune: bool) -> list:
    builder = PathBuilder(test.program, 2)
    return [tuple((p.goroutine, p.events, p.status) for p in c.paths)
            for c in combos(test, builder, prune=prune) if static_feasible(c, test.program)]


@settings(max_examples=int(os.environ.get("LITMUS_EXAMPLES", "80")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.one_of(sync_programs(), mixed_programs()), st.booleans())
def test_pruning_keeps_every_feasible_combo(source, go):
    test = load(source, "generated.lit")
    if go:
        test = as_go_program(test)
    try:
        unpruned = feasible(test, prune=False)
    except Exception as e:  # too many combinations without pruning: nothing to compare
        if MAX_COMBOS and "combinations" in str(e):
            return
        raise
    assert feasible(test, prune=True) == unpruned


def test_the_sync_once_example_is_pruned_to_its_feasible_combos():
    lines = ["var once sync.Once", "var done = make(chan bool)", "", "go func main() {",
             "    for i := 0; i < 10; i++ {", "        go func() {", "            once.Do(func() { println(1) })",
             "            done <- true", "        }()", "    }", "    for i := 0; i < 10; i++ {", "        <-done",
             "    }", "}", ""]
    test = load("\n".join(lines), "once.lit")
    builder = PathBuilder(test.program, 2)
    assert len(list(combos(test, builder))) == 10  # who runs f; every send completes


# ---------------------------------------------------------------- WaitGroup and Mutex prefix rules

def dropped_by_prefixes(test) -> list:
    """The combos (unpruned enumeration) that pruning.prefix_feasible rejects."""
    builder = PathBuilder(test.program, 2)
    return [c for c in combos(test, builder, prune=False) if not prefix_feasible(c, test.program)]


def has_execution(test, combo) -> bool:
    """Whether the combo's full encoding (racy mode: the least constrained) is satisfiable."""
    enc = Encoding(combo, test.program, get_model("go"), RACY, access_modes(test.program))
    s = make_solver()
    s.add(*enc.constraints)
    return is_sat(s, Budget(None))


@settings(max_examples=int(os.environ.get("LITMUS_EXAMPLES", "60")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(sync_programs(), st.booleans())
def test_every_combo_the_prefix_rules_drop_has_no_execution(source, go):
    test = load(source, "generated.lit")
    if go:
        test = as_go_program(test)
    try:
        dropped = dropped_by_prefixes(test)
    except Exception as e:
        if MAX_COMBOS and "combinations" in str(e):
            return
        raise
    for c in dropped:
        assert not has_execution(test, c), [(p.goroutine, [e.kind for e in p.events]) for p in c.paths]


FAN_IN = """package main

import "sync"

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	count := 0
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			count++
			mu.Unlock()
		}()
	}
	wg.Wait()
	println(count)
}
"""


def test_the_fan_in_rules_each_drop_only_combos_without_executions():
    """A failing Done (each worker's Add comes before it), a failing main Add,
    a failing Unlock after the worker's own Lock: dropped, and unsatisfiable;
    what is left is the one combo where everything succeeds."""
    test = load(FAN_IN, "fan_in.go")
    dropped = dropped_by_prefixes(test)
    kinds = {e.kind + ("!" if e.fails else "") for c in dropped for p in c.paths for e in p.events}
    assert {"WG_ADD!", "UNLOCK_FAIL"} <= kinds
    for c in dropped:
        assert not has_execution(test, c)
    builder = PathBuilder(test.program, 2)
    assert len([c for c in combos(test, builder) if static_feasible(c, test.program)]) == 1


def test_the_fan_in_answer_is_the_reference_engines():
    test = load(FAN_IN.replace("i < 3", "i < 2"), "fan_in.go")
    model = get_model("go")
    shown = shown_observables(test, all_observables=False)
    assert set(check_test(test, model).outcomes) == reference_outcomes(test, model, shown=shown).outcomes


def test_a_done_before_its_add_can_still_panic():
    """Not every failing Done is dropped: a worker started before main's Add."""
    source = "package main\n\nimport \"sync\"\n\nfunc main() {\n\tvar wg sync.WaitGroup\n" \
             "\tgo func() {\n\t\twg.Done()\n\t}()\n\twg.Add(1)\n\twg.Wait()\n}\n"
    test = load(source, "early.go")
    builder = PathBuilder(test.program, 2)
    kept = [c for c in combos(test, builder) if static_feasible(c, test.program)]
    assert any(e.kind == "WG_ADD" and e.fails for c in kept for e in c.events)
    model = get_model("go")
    shown = shown_observables(test, all_observables=False)
    assert set(check_test(test, model).outcomes) == reference_outcomes(test, model, shown=shown).outcomes
