"""Spin loops on CompareAndSwap and Swap (docs/decisions.md, "CompareAndSwap
and Swap in spin loops"): a failed CAS is a read and a Swap that stores the
value it read changes nothing, so such loops are waits, not bounded loops;
an iteration that goes round past the kept ones and changes memory makes the
path `cut`. Both engines. The catalog has the locks (spin_cas_*.lit,
spin_swap_lock.lit)."""

import pytest

from litmus import program as ir
from litmus.api import check_test, load, shown_observables
from litmus.models import get_model
from litmus.reference import reference_outcomes


def spin_flags(source: str) -> list[bool]:
    prog = load(source, "t.lit").program
    return [n.spin for g in prog.all_goroutines() for n in ir.walk(g.body) if isinstance(n, ir.Loop)]


def both(source: str, unroll: int = 4, model: str = "go"):
    test = load(source, "t.lit")
    m = get_model(model)
    z3 = check_test(test, m, unroll=unroll)
    ref = reference_outcomes(test, m, unroll=unroll, shown=shown_observables(test, all_observables=False))
    assert set(z3.outcomes) == ref.outcomes and z3.complete == ref.complete
    assert z3.racy_program == ref.racy_program
    return z3


def ends(report, name: str) -> set[tuple[str, str]]:
    """(status of goroutine `name`, value of l) per outcome."""
    return {(dict(o.goroutines)[name].status.label, o.value_map["l"]) for o in report.outcomes}


@pytest.mark.parametrize("decl, loop", [
    ("var l int32", "for !atomic.CompareAndSwapInt32(&l, 0, 1) {\n    }"),
    ("var l uint64", "for !atomic.CompareAndSwapUint64(&l, 1, 0) {\n        runtime.Gosched()\n    }"),
    ("var l atomic.Int32", "for !l.CompareAndSwap(0, 1) {\n    }"),
    ("var l atomic.Bool", "for !l.CompareAndSwap(false, true) {\n    }"),
    ("var l atomic.Bool", "for {\n        if l.CompareAndSwap(false, true) {\n            break\n        }\n    }"),
    ("var l atomic.Int32", "for l.Swap(1) == 1 {\n    }"),
    ("var l int32", "for atomic.SwapInt32(&l, 1) != 0 {\n    }"),
    ("var l atomic.Bool", "for l.Swap(true) {\n    }"),
])
def test_cas_and_swap_loops_are_spin_loops(decl, loop):
    assert spin_flags(f"{decl}\nfunc main() {{\n    {loop}\n}}\n") == [True]


@pytest.mark.parametrize("decl, loop", [
    ("var l atomic.Int32", "for l.Add(1) < 3 {\n    }"),  # Add always changes memory
    ("var v atomic.Value", "for !v.CompareAndSwap(nil, 1) {\n    }"),  # may panic
    ("var l atomic.Int32\nvar x int", "for !l.CompareAndSwap(0, 1) {\n        x = 1\n    }"),  # writes
])
def test_other_read_modify_write_loops_stay_bounded(decl, loop):
    assert spin_flags(f"{decl}\nfunc main() {{\n    {loop}\n}}\n") == [False]


LOCK3 = """
var l atomic.Int32
var n int
func inc() {
    for !l.CompareAndSwap(0, 1) {
    }
    n++
    l.Store(0)
}
go func A() {
    inc()
}
go func B() {
    inc()
}
go func C() {
    inc()
}
"""


def test_cas_spin_lock_of_three_goroutines_is_complete_and_race_free():
    r = both(LOCK3, unroll=1)
    assert r.complete and not r.racy_program
    assert {o.value_map["n"] for o in r.outcomes} == {"3"}


RELOCK = """
var l {typ}
func main() {{
    {lock}
    {lock}
}}
"""


@pytest.mark.parametrize("typ, lock, final", [
    ("atomic.Int32", "for !l.CompareAndSwap(0, 1) {\n    }", "1"),
    ("atomic.Int32", "for l.Swap(1) == 1 {\n    }", "1"),
    ("atomic.Bool", "for l.Swap(true) {\n    }", "true"),
])
def test_locking_twice_spins_forever(typ, lock, final):
    # the second lock's Swaps store the 1 they read, forever: a wait, not a cut
    r = both(RELOCK.format(typ=typ, lock=lock))
    assert r.complete
    assert ends(r, "main") == {("spinning", final)}


NOISY = """
var l atomic.Int32
go func A() {
    for l.Swap(1) != 0 {
    }
}
go func B() {
%s}
"""


def test_a_swap_that_changes_memory_once_is_followed():
    # B's 2 is swapped for 1 once (a kept iteration), then the Swaps are silent
    r = both(NOISY % "    l.Store(2)\n")
    assert r.complete
    assert ends(r, "A") == {("ok", "2"), ("spinning", "1")}


def test_a_swap_that_keeps_changing_memory_past_the_kept_iterations_is_cut():
    r = both(NOISY % ("    l.Store(2)\n" * 3), unroll=1)
    assert not r.complete
    assert ("cut", "1") in ends(r, "A")
