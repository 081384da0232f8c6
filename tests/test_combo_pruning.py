"""Pruning partial combos (search.combos: partial_feasible, ChannelBounds) is
exact: on generated programs with channels, Once and goroutines that start
goroutines, the combos that pass static_feasible are the same with and
without it, in the same order."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litmus.api import load
from litmus.limits import MAX_COMBOS
from litmus.paths import PathBuilder
from litmus.solver.encode import static_feasible
from litmus.solver.search import combos
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
