"""Symmetry (litmus/solver/symmetry.py): the search reduced to one combo and
one order per orbit of interchangeable goroutines, completed by the images of
what it finds, answers exactly as the unreduced search: same outcomes, races,
racy flag, completeness and notes. Compared on the families with identical
goroutines and on generated programs whose goroutines are copies of one body
(beside a different one)."""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litmus.api import load, shown_observables
from litmus.models import get_model
from litmus.solver import symmetry
from litmus.solver.search import Search
from strategies import _sync_body, statements

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from families import cow, incr, iriw, mutex_incr, once_race  # noqa: E402


def answers(test, model: str, symmetric: bool, all_observables: bool = False):
    r = Search(test, get_model(model), shown=shown_observables(test, all_observables), symmetric=symmetric).run()
    return r.outcomes, r.races, r.racy_program, r.complete, r.notes


def same(source: str, models=("go", "sc", "relaxed-value"), all_observables: bool = False) -> None:
    test = load(source, "sym.lit")
    for model in models:
        reduced = answers(test, model, True, all_observables)
        assert reduced == answers(test, model, False, all_observables), model


@pytest.mark.parametrize("name,source", [incr(3), incr(4), mutex_incr(3), mutex_incr(4), once_race(3),
                                         cow(3, 2), iriw(2)], ids=lambda x: x if isinstance(x, str) else "")
def test_families(name, source):
    same(source)


def test_classes_found():
    test = load(mutex_incr(4)[1], "m")
    s = Search(test, get_model("go"))
    s.run()
    assert s.classes == (("P0", "P1", "P2", "P3"),)
    assert symmetry.classes(load(iriw(2)[1], "i").program, s.top_level_paths) == ()  # readers differ


PARTIAL = """litmus "partial"
var x int64
var mu sync.Mutex

go func P0() {
    mu.Lock()
    r := x
    x = r + 1
    mu.Unlock()
}

go func P1() {
    mu.Lock()
    r := x
    x = r + 1
    mu.Unlock()
}

go func P2() {
    mu.Lock()
    r := x
    x = r + 1
    mu.Unlock()
}

exists (P0.r == 2)
"""


def test_shown_on_one_member():
    """The condition names P0.r only: the reduced search must still list P0.r == 0, 1 and 2."""
    test = load(PARTIAL, "p.lit")
    r = Search(test, get_model("go"), shown=shown_observables(test, False)).run()
    assert sorted(dict(o.values)["P0.r"] for o in r.outcomes) == ["0", "1", "2"]
    same(PARTIAL)
    same(PARTIAL, all_observables=True)


@st.composite
def copies(draw, sync: bool):
    """2 or 3 goroutines with one body, sometimes beside a different one."""
    head = ['litmus "copies"', "", "var x, y int64", "var a, b atomic.Int64", "var v atomic.Value", "var mu sync.Mutex",
            "var c = make(chan int64, 1)", "var once sync.Once", "var wg sync.WaitGroup"]
    if sync:
        body = draw(_sync_body(3, False))
    else:
        locals_: list[str] = []
        body = draw(st.lists(statements(0, locals_=locals_, atomics=True), min_size=1, max_size=3))
    n = draw(st.integers(2, 3))
    lines = list(head)
    for g in range(n):
        lines += ["", f"go func P{g}() {{", *(f"    {s}" for s in body), "}"]
    if draw(st.booleans()):
        locals_ = []
        other = draw(st.lists(statements(9, locals_=locals_, atomics=True), min_size=1, max_size=2))
        lines += ["", "go func Q() {", *(f"    {s}" for s in other), "}"]
    return "\n".join(lines) + "\n"


@settings(max_examples=int(os.environ.get("LITMUS_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(copies(sync=False))
def test_generated_copies(source):
    same(source, all_observables=True)


@settings(max_examples=int(os.environ.get("LITMUS_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(copies(sync=True))
def test_generated_sync_copies(source):
    same(source, models=("go", "sc"), all_observables=True)


def test_same_code_other_local_names_is_no_class():
    """chan_close_broadcast's receivers differ only in their locals' names (r1, r2):
    their observables do not match up, so they are no class (found by
    test_one_solver's catalog comparison)."""
    path = Path(__file__).parent / "litmus_cases" / "chan_close_broadcast.lit"
    test = load(path.read_text(), path.name)
    s = Search(test, get_model("go"))
    s.run()
    assert s.classes == ()


@st.composite
def started_copies(draw):
    """main starts 2 or 3 copies of one function in a loop (each `go` sometimes
    after a wg.Add(1)), then sometimes waits or reads; the copies' body mixes
    sync and plain operations (a Done, a Wait, a failing Unlock...)."""
    head = ['litmus "started"', "", "var x, y int64", "var mu sync.Mutex", "var c = make(chan int64, 1)",
            "var once sync.Once", "var wg sync.WaitGroup"]
    body = draw(_sync_body(3, False))
    n = draw(st.integers(2, 3))
    add = ["        wg.Add(1)"] if draw(st.booleans()) else []
    tail = draw(st.sampled_from([[], ["    wg.Wait()", "    r := x"], ["    r := x"], ["    mu.Lock()", "    x = 2",
                                                                               "    mu.Unlock()"]]))
    lines = head + ["", "func worker() {", *(f"    {s}" for s in body), "}", "", "func main() {",
                    f"    for i := 0; i < {n}; i++ {{", *add, "        go worker()", "    }", *tail, "}"]
    return "\n".join(lines) + "\n"


@settings(max_examples=int(os.environ.get("LITMUS_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(started_copies())
def test_generated_started_copies(source):
    same(source, models=("go", "sc"), all_observables=True)


FAN_IN = """litmus "fan-in"
var x int64
var mu sync.Mutex
var wg sync.WaitGroup

func worker() {
    defer wg.Done()
    mu.Lock()
    x = x + 1
    mu.Unlock()
}

func main() {
    for i := 0; i < 3; i++ {
        wg.Add(1)
        go worker()
    }
    wg.Wait()
    r := x
}

exists (main.r != 3)
"""


def test_children_started_in_a_loop_are_a_class():
    test = load(FAN_IN, "f.lit")
    s = Search(test, get_model("go"))
    s.run()
    assert len(s.classes) == 1 and len(s.classes[0]) == 3
    same(FAN_IN)


def test_a_wait_between_the_starts_keeps_the_children_apart():
    """A worker that waits on the WaitGroup main Adds to between the starts
    (after its own Done: it may return before main's next Add): moving a
    start back could change what that Wait sees, so no class."""
    source = FAN_IN.replace("    defer wg.Done()\n", "    wg.Done()\n    wg.Wait()\n")
    test = load(source, "w.lit")
    s = Search(test, get_model("go"))
    s.run()
    assert s.classes == ()
    same(source)


def test_images_of_children_keep_each_local_once():
    """Children's names have a dot of their own (main.go1): their locals (main.go1.r0)
    belong to them, not to main; images listed each one twice (found by
    test_generated_sync_programs)."""
    from litmus.report.outcome import GoroutineEnd, Outcome, Status
    from litmus.solver.symmetry import images

    ok = GoroutineEnd(Status.OK)
    o = Outcome((("main.go1.r0", "0"), ("main.go2.r0", "1"), ("main.n", "2"), ("x", "1")),
                (("main", ok), ("main.go1", ok), ("main.go2", ok)))
    got = images(o, (("main.go1", "main.go2"),), None)
    assert {x.values for x in got} == {
        (("main.go1.r0", "0"), ("main.go2.r0", "1"), ("main.n", "2"), ("x", "1")),
        (("main.go1.r0", "1"), ("main.go2.r0", "0"), ("main.n", "2"), ("x", "1"))}
