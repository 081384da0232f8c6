"""Tests of the reference enumerator (litmus/reference/): known verdicts of
classic litmus tests, the catalog's `expect` lines, and internal consistency
properties (DRF-SC, SC outcomes are among the racy model's outcomes)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from catalog_programs import CASES, CLOSE_TWICE, SEND_THEN_CLOSE, SPIN_NEVER_SET, catalog, variant
from litmus import program as ir
from litmus.lower import lower
from litmus.models import get_model
from litmus.reference import RefResult, StateSpaceTooLarge, UnsupportedProgram, reference_outcomes
from litmus.reference.common import observables
from litmus.report.outcome import Outcome, Status
from litmus.syntax import ast
from litmus.syntax.parser import parse
from litmus.values import TORN, UNSET, parse_value


def load(source: str, name: str = "t"):
    return lower(parse(source, f"{name}.lit"), name)


def run(source: str, model: str = "go", **kw) -> RefResult:
    return reference_outcomes(load(source), get_model(model), **kw)


# ------------------------------------------------------------------ conditions


def _value(o: Outcome, obs: ast.Observable):
    ends = dict(o.goroutines)
    if obs.goroutine is None:
        if obs.name == "race":
            return o.racy
        if obs.name == "deadlock":
            return any(e.status in (Status.BLOCKED, Status.SPINNING) for e in ends.values())
        return parse_value(o.value_map[obs.name])
    end = ends.get(obs.goroutine)
    if obs.name == "out":
        return end.out if end else ""
    if obs.name == "panicked":
        return bool(end) and end.status is Status.PANIC
    if obs.name == "blocked":
        return bool(end) and end.status in (Status.BLOCKED, Status.SPINNING)
    return parse_value(o.value_map[str(obs)])


def holds(o: Outcome, e) -> object:
    """Evaluate a condition expression on a full outcome."""
    if isinstance(e, ast.Observable):
        return _value(o, e)
    if isinstance(e, ast.CondLit):
        return e.value
    if isinstance(e, ast.CondNot):
        return not holds(o, e.operand)
    a = holds(o, e.left)
    if e.op == "&&":
        return bool(a) and bool(holds(o, e.right))
    if e.op == "||":
        return bool(a) or bool(holds(o, e.right))
    b = holds(o, e.right)
    if e.op == "==":
        return a is b if UNSET in (a, b) else (a == b and type(a) is type(b))
    if e.op == "!=":
        return not (a is b if UNSET in (a, b) else (a == b and type(a) is type(b)))
    if UNSET in (a, b):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}.get(e.op) if e.op in ("<", "<=", ">", ">=") \
        else {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b}[e.op]()


def observation(result: RefResult, cond) -> str:
    sat = [bool(holds(o, cond.expr)) for o in result.outcomes]
    if not any(sat):
        return "never"
    return "always" if all(sat) else "sometimes"


def values(result: RefResult, *names: str) -> set[tuple[str, ...]]:
    return {tuple(o.value_map[n] for n in names) for o in result.outcomes}


# ------------------------------------------------------------------ classic shapes
# A program that is in the catalog is read from tests/litmus_cases/ by name
# (catalog_programs.catalog); the tests here check more than its expect lines.

MP = catalog("l01_mp_plain")

SB_SC = """
var x atomic.Int64
var y atomic.Int64
go func P0() {
    x.Store(1)
    r1 := y.Load()
}
go func P1() {
    y.Store(1)
    r2 := x.Load()
}
"""

LB_CTRL = catalog("l05_lb_ctrl")

LB_DATA_OOTA = catalog("l04_lb_data_oota")

# l04's load buffering through data dependencies, plus a goroutine that writes 42
LB_DATA = catalog("l04_lb_data_oota", exists="") + """
go func P2() {
    x = 42
    x = 0
}
"""

CORR = catalog("l06_corr_plain")

COWR = catalog("l08_cowr")

VALUE_MP = """
var data int
var av atomic.Value
go func writer() {
    data = 42
    av.Store(true)
}
go func reader() {
    v := av.Load()
    r := -1
    if v != nil {
        r = data
    }
}
"""

LOST_UPDATE = catalog("l15_lost_update_plain")


def test_mp_plain_allows_stale_read_and_is_racy():
    r = run(MP)
    assert r.racy_program and r.complete
    assert ("1", "0") in values(r, "P1.r1", "P1.r2")
    assert any(o.racy for o in r.outcomes)
    sc = run(MP, "sc")
    assert ("1", "0") not in values(sc, "P1.r1", "P1.r2")
    assert sc.racy_program


def test_mp_races_are_site_pairs():
    r = run(MP)
    assert {v for v, _, _ in r.races} == {"x", "y"}
    for var, a, b in r.races:
        assert a <= b and {a[0], b[0]} == {"P0", "P1"}
        assert {a[3], b[3]} == {"read", "write"}


def test_sb_sc_atomics_forbid_both_zero():
    r = run(SB_SC)
    assert not r.racy_program
    assert ("0", "0") not in values(r, "P0.r1", "P1.r2")
    assert values(r, "P0.r1", "P1.r2") == {("0", "1"), ("1", "0"), ("1", "1")}


def test_lb_ctrl_is_race_free_and_sc():
    r = run(LB_CTRL)
    assert not r.racy_program
    assert values(r, "P0.r1", "P1.r2") == {("0", "0")}


def test_corr_plain_allows_new_then_old():
    r = run(CORR)
    assert r.racy_program
    assert ("1", "0") in values(r, "P1.r1", "P1.r2")
    assert ("1", "0") not in values(run(CORR, "sc"), "P1.r1", "P1.r2")


def test_cowr_own_write_hides_initial_value():
    r = run(COWR)
    assert r.racy_program
    assert {v for (v,) in values(r, "P0.r1")} == {"1", "2"}


def test_lb_data_never_out_of_thin_air():
    r = run(LB_DATA)
    assert r.racy_program
    assert all(o.value_map["P0.r1"] in ("0", "42") for o in r.outcomes)
    # 42 can reach both readers (it is written), but never without P2's write
    lb = run(LB_DATA_OOTA)
    assert values(lb, "P0.r1", "P1.r2") == {("0", "0")}


THIN_AIR = """
var x int
var y int
func init() {
    x = 1
    x = 0
}
go func P0() {
    r1 := x
    %s
}
go func P1() {
    r2 := y
    x = r2
}
"""


def test_thin_air_cycle_through_data_and_control_dependencies():
    # 1 is in x's value domain (init wrote it) but hidden by x = 0: only a
    # cycle rf ∪ dep could justify r1 == 1.
    for p0 in ("y = r1", "if r1 == 1 {\n        y = 1\n    }", "if r1 == 0 {\n        return\n    }\n    y = 1"):
        r = run(THIN_AIR % p0)
        assert r.racy_program
        assert ("1", "1") not in values(r, "P0.r1", "P1.r2"), p0
    # without a dependency the same shape is plain load buffering: allowed
    r = run(THIN_AIR % "if r1 == 0 {\n        r3 := 1\n    }\n    y = 1")
    assert ("1", "1") in values(r, "P0.r1", "P1.r2")


def test_value_panic_messages():
    r = run("""
var av atomic.Value
go func P0() {
    av.Store(1)
}
go func P1() {
    old := av.Swap("s")
}
go func P2() {
    ok := av.CompareAndSwap(nil, 2)
}
""")
    panics = {(n, e.panic) for o in r.outcomes for n, e in o.goroutines if e.status is Status.PANIC}
    assert ("P1", "sync/atomic: swap of inconsistently typed value into Value") in panics
    assert ("P0", "sync/atomic: store of inconsistently typed value into Value") in panics
    assert ("P2", "sync/atomic: compare and swap of inconsistently typed value into Value") in panics
    assert {v for (v,) in values(r, "P2.ok")} >= {"true", "false"}


def test_value_mp_go_forbids_stale_relaxed_allows():
    go = run(VALUE_MP)
    assert not go.racy_program
    assert ("true", "0") not in values(go, "reader.v", "reader.r")
    rv = run(VALUE_MP, "relaxed-value")
    assert rv.racy_program
    assert ("true", "0") in values(rv, "reader.v", "reader.r")


def test_lost_update():
    r = run(LOST_UPDATE)
    assert r.racy_program
    assert {v for (v,) in values(r, "x")} == {"1", "2"}
    assert {v for (v,) in values(run(LOST_UPDATE, "sc"), "x")} == {"1", "2"}


def test_unassigned_local_is_unset_and_shown_projects():
    r = run(VALUE_MP, shown=frozenset({"reader.r"}))
    assert all(len(o.values) == 1 for o in r.outcomes)
    r = run("""
var x int
go func P0() {
    r := 0
    if x == 1 {
        s := 1
    }
}
""")
    assert values(r, "P0.s") == {("unset",)}


def test_panics_prints_and_status():
    r = run("""
var av atomic.Value
func main() {
    println(1, true, "a")
    print(2, "b")
    v := av.Load()
    n := v.(int)
}
""")
    [o] = r.outcomes
    end = dict(o.goroutines)["main"]
    assert end.status is Status.PANIC and end.out == "1 true a\n2b"
    assert end.panic == "interface conversion: interface {} is nil, not int"


def test_loop_cut_makes_result_incomplete():
    r = run("""
var x int
var y int
go func P0() {
    for r := x; r < 3; r++ {
        y = r
    }
}
go func P1() {
    x = 1
}
""", unroll=2)
    assert not r.complete
    assert any(dict(o.goroutines)["P0"].status is Status.CUT for o in r.outcomes)


def test_go_statement_and_init():
    r = run("""
var x int
func child(v int) {
    r := v
    s := x
}
func init() {
    x = 1
}
func main() {
    x = 2
    go child(5)
}
""")
    assert not r.racy_program
    assert values(r, "child.r", "child.s") == {("5", "2")}


def test_limit_raises():
    with pytest.raises(StateSpaceTooLarge):
        run(MP, limit=3)


def test_hand_built_cond_is_supported():
    """A Cond declared (and bound to its Mutex) without being used."""
    from litmus.lower import Test

    c = ir.SharedVar("c", ir.VarKind.COND, "", None, lock="mu")
    mu = ir.SharedVar("mu", ir.VarKind.MUTEX, "", None)
    x = ir.SharedVar("x", ir.VarKind.PLAIN, "int", 0)
    p0 = ir.Goroutine("P0", (), (ir.Write("x", ir.Const(1, "int")),), ())
    t = Test("m", ir.Program("m", (c, mu, x), None, (p0,), ("x",)), None, (), (), ("P0",))
    res = reference_outcomes(t, get_model("go"))
    assert values(res, "x") == {("1",)}


# ------------------------------------------------------------------ sync objects (Mutex, WaitGroup, Once)


def ends(result: RefResult) -> set[tuple[tuple[str, str, str], ...]]:
    """Each outcome's goroutine ends as (name, status, panic message)."""
    return {tuple((n, e.status.label, e.panic) for n, e in o.goroutines) for o in result.outcomes}


def both(source: str) -> tuple[RefResult, RefResult]:
    """(go, sc) results; their race verdicts must agree."""
    go, sc = run(source), run(source, "sc")
    assert go.racy_program == sc.racy_program and go.races == sc.races
    assert sc.outcomes <= go.outcomes if go.racy_program else sc.outcomes == go.outcomes
    return go, sc


def test_l38_unlock_in_another_goroutine_synchronizes():
    go, _ = both(catalog("l38_mutex_handoff"))
    assert not go.racy_program and go.complete
    assert values(go, "main.r1") == {("1",)}
    assert ends(go) == {(("main", "ok", ""), ("main.go1", "ok", ""))}


def test_l39_mp_under_one_mutex():
    go, _ = both(catalog("l39_mp_mutex"))
    assert not go.racy_program
    assert values(go, "P1.r1", "P1.r2") == {("0", "0"), ("1", "1")}


def test_mutex_edges_hold_in_racy_executions():
    # racy through z; the critical sections still order x and y (axiomatic engine)
    go, _ = both("""
var x int
var y int
var z int
var mu sync.Mutex
go func T1() {
    mu.Lock()
    x = 1
    y = 1
    mu.Unlock()
    z = 1
}
go func T2() {
    mu.Lock()
    r1 := y
    r2 := x
    mu.Unlock()
    r3 := z
}
""")
    assert go.racy_program and {v for v, _, _ in go.races} == {"z"}
    assert values(go, "T2.r1", "T2.r2") == {("0", "0"), ("1", "1")}
    assert ("1", "1", "0") in values(go, "T2.r1", "T2.r2", "T2.r3")


def test_every_earlier_unlock_synchronizes_with_a_lock():
    # Locks are not owned: go3 unlocks the mutex go2 holds. When o == 3 (go2's store,
    # then go3's) and everyone finished, so is: go1 Unlock, go2 Lock, go3 Unlock,
    # go4 Lock. Only the edge go1 Unlock -> go4 Lock (not the latest Unlock) orders
    # x = 1 before r := x.
    go, _ = both("""
var x int
var o atomic.Int64
var mu sync.Mutex
func main() {
    mu.Lock()
    go func() {
        x = 1
        mu.Unlock()
    }()
    go func() {
        mu.Lock()
        o.Store(2)
    }()
    go func() {
        o.Store(3)
        mu.Unlock()
    }()
    go func() {
        mu.Lock()
        r := x
    }()
}
""")
    assert go.racy_program
    ordered = [o for o in go.outcomes if o.value_map["o"] == "3" and o.status is Status.OK]
    assert ordered and all(o.value_map["main.go4.r"] == "1" and not o.racy for o in ordered)


def test_l40_failed_trylock_does_not_synchronize():
    go, _ = both("""
var x int
var mu sync.Mutex
go func T1() {
    mu.Lock()
    x = 1
}
go func T2() {
    r1 := 0
    if !mu.TryLock() {
        r1 = x
    } else {
        r1 = -1
    }
}
""")
    assert go.racy_program
    assert {v for (v,) in values(go, "T2.r1")} == {"0", "1", "-1"}
    # a successful TryLock holds the mutex: T1's Lock then waits forever
    blocked = {o.value_map["T2.r1"] for o in go.outcomes if dict(o.goroutines)["T1"].status is Status.BLOCKED}
    assert blocked == {"-1"}


def test_l41_trylock_may_fail_spuriously():
    go, _ = both(catalog("l41_trylock_spurious"))
    assert values(go, "main.ok") == {("true",), ("false",)}


def test_l45_once_twoprint_never_prints_empty():
    go, _ = both("""
var a string
var once sync.Once
func setup() {
    a = "hello, world"
}
func doprint() {
    once.Do(setup)
    print(a)
}
go func P1() {
    doprint()
}
go func P2() {
    doprint()
}
""")
    assert not go.racy_program
    assert {tuple(e.out for _, e in o.goroutines) for o in go.outcomes} == {("hello, world", "hello, world")}


def test_l46_double_checked_locking_may_print_empty():
    go, sc = both("""
var a string
var done bool
var once sync.Once
func setup() {
    a = "hello, world"
    done = true
}
func doprint() {
    if !done {
        once.Do(setup)
    }
    print(a)
}
go func P1() {
    doprint()
}
go func P2() {
    doprint()
}
""")
    assert go.racy_program
    assert any(e.out == "" for o in go.outcomes for _, e in o.goroutines)
    assert not any(e.out == "" for o in sc.outcomes for _, e in o.goroutines)


def test_l47_once_with_panicking_body_counts_as_returned():
    go, _ = both("""
var x int
var ran int
var once sync.Once
go func T1() {
    once.Do(func() {
        x = 1
        panic("p")
    })
}
go func T2() {
    once.Do(func() {
        ran = 1
    })
    r1 := x
}
""")
    assert not go.racy_program
    assert values(go, "ran", "T2.r1") == {("1", "0"), ("0", "1")}  # never ran == 0 && r1 == 0
    assert ends(go) == {(("T1", "ok", ""), ("T2", "ok", "")), (("T1", "panic", "p"), ("T2", "ok", ""))}


def test_l48_done_synchronizes_with_wait():
    go, _ = both(catalog("l48_wg_done_wait"))
    assert not go.racy_program
    assert values(go, "main.r1") == {("1",)}


def test_l49_add_inside_the_goroutine_is_racy():
    go, _ = both(catalog("l49_wg_add_in_goroutine"))
    assert go.racy_program
    assert {v for (v,) in values(go, "main.r1")} == {"0", "1"}
    assert ends(go) == {(("main", "ok", ""), ("main.go1", "ok", ""))}


def test_lock_twice_blocks():
    go, _ = both("""
var mu sync.Mutex
var x int
func main() {
    mu.Lock()
    x = 1
    mu.Lock()
    x = 2
}
""")
    assert values(go, "x") == {("1",)}
    assert ends(go) == {(("main", "blocked", ""),)}


def test_wait_without_done_blocks_main():
    go, _ = both("""
var wg sync.WaitGroup
func main() {
    wg.Add(1)
    r := 1
    println("before")
    wg.Wait()
    s := 2
    println("after")
}
""")
    [o] = go.outcomes
    end = dict(o.goroutines)["main"]
    assert end.status is Status.BLOCKED and end.out == "before\n"
    assert values(go, "main.r", "main.s") == {("1", "unset")}


def test_unlock_of_unlocked_mutex_panics():
    go, _ = both("""
var mu sync.Mutex
var x int
func main() {
    x = 1
    mu.Unlock()
    x = 2
}
""")
    assert values(go, "x") == {("1",)}
    assert ends(go) == {(("main", "panic", "sync: unlock of unlocked mutex"),)}


def test_negative_waitgroup_counter_panics():
    go, _ = both("""
var wg sync.WaitGroup
var x int
func main() {
    wg.Add(1)
    wg.Done()
    wg.Done()
    x = 1
}
""")
    assert values(go, "x") == {("0",)}
    assert ends(go) == {(("main", "panic", "sync: negative WaitGroup counter"),)}


def test_recursive_once_do_blocks():
    go, _ = both("""
var once sync.Once
var x int
func main() {
    once.Do(func() {
        x = 1
        once.Do(func() {
            x = 2
        })
        x = 3
    })
    x = 4
}
""")
    assert values(go, "x") == {("1",)}
    assert ends(go) == {(("main", "blocked", ""),)}


def test_once_body_blocked_forever_blocks_other_dos():
    go, _ = both("""
var once sync.Once
var mu sync.Mutex
func main() {
    mu.Lock()
    go func() {
        once.Do(func() {
            mu.Lock()
        })
    }()
    once.Do(func() {
        mu.Lock()
    })
}
""")
    # whichever Do runs the body waits on mu forever, and the other Do waits on it
    assert ends(go) == {(("main", "blocked", ""), ("main.go1", "blocked", ""))}


def test_lock_held_forever_blocks_one_goroutine_while_another_finishes():
    go, _ = both("""
var mu sync.Mutex
var done atomic.Int64
go func Holder() {
    mu.Lock()
}
go func Waiter() {
    mu.Lock()
    r := 1
}
go func Other() {
    done.Store(1)
}
""")
    assert not go.racy_program
    assert ends(go) == {(("Holder", "blocked", ""), ("Other", "ok", ""), ("Waiter", "ok", "")),
                        (("Holder", "ok", ""), ("Other", "ok", ""), ("Waiter", "blocked", ""))}
    assert values(go, "Waiter.r", "done") == {("1", "1"), ("unset", "1")}


def test_blocked_goroutine_in_racy_execution():
    # racy on x (s); P1 waits forever when P0's TryLock succeeded (P0 never unlocks)
    go, _ = both("""
var x int
var mu sync.Mutex
go func P0() {
    if mu.TryLock() {
        x = 1
    } else {
        mu.Lock()
        x = 2
        mu.Unlock()
    }
}
go func P1() {
    s := x
    mu.Lock()
    r := x
}
""")
    assert go.racy_program
    for o in go.outcomes:
        e = dict(o.goroutines)
        assert (e["P1"].status is Status.BLOCKED) == (o.value_map["P1.r"] == "unset")
        assert (e["P0"].status is Status.BLOCKED) == (o.value_map["x"] == "0")
    assert ends(go) == {(("P0", "ok", ""), ("P1", "blocked", "")), (("P0", "blocked", ""), ("P1", "ok", "")),
                        (("P0", "ok", ""), ("P1", "ok", ""))}
    # P1 holds the lock before P0's Lock: P0 waits forever and r reads the initial x
    assert values(go, "P1.r", "x") >= {("0", "0"), ("unset", "1"), ("2", "2")}
    # the racy s may see 2 although P1 then locks after P0's Unlock; r then sees 2, never 0
    assert ("2", "0") not in values(go, "P1.s", "P1.r")

# ------------------------------------------------------------------ RWMutex


def test_rwmutex_sequential_specification():
    from litmus.primitives.rwmutex import RW, moves as rw_moves

    free, pend = RW(), RW(False, 1, 1)  # pend: one reader holds, one writer pending
    assert rw_moves(free, "pend") == [(RW(False, 0, 1), None)]
    assert rw_moves(RW(False, 0, 1), "lock") == [(RW(True, 0, 0), None)]
    assert rw_moves(pend, "lock") == []  # waits for the reader
    assert rw_moves(pend, "rlock") == []  # a pending writer keeps new readers out
    assert rw_moves(pend, "tryrlock") == [(pend, False)]
    assert rw_moves(RW(True), "rlock") == [] and rw_moves(RW(True), "tryrlock") == [(RW(True), False)]
    assert rw_moves(RW(False, 2), "rlock") == [(RW(False, 3), None)]  # readers share it
    assert rw_moves(free, "tryrlock") == [(free, False), (RW(False, 1), True)]
    assert rw_moves(pend, "trylock") == [(pend, False)]
    # TryLock does not look at pending writers, only at holders, and never pends
    assert rw_moves(RW(False, 0, 1), "trylock") == [(RW(False, 0, 1), False), (RW(True, 0, 1), True)]
    assert rw_moves(free, "unlock") == [(free, False)] and rw_moves(RW(False, 1), "unlock") == [(RW(False, 1), False)]
    assert rw_moves(RW(True), "runlock") == [(RW(True), False)]
    assert rw_moves(RW(True, 0, 1), "unlock") == [(RW(False, 0, 1), True)]
    assert rw_moves(RW(False, 2, 1), "runlock") == [(RW(False, 1, 1), True)]


def test_l42_rwmutex_writer_then_reader():
    go, _ = both(catalog("l42_rwmutex_writer_reader"))
    assert not go.racy_program and go.complete
    assert values(go, "T2.r1", "T2.r2") == {("0", "0"), ("1", "1")}
    assert ends(go) == {(("T1", "ok", ""), ("T2", "ok", ""))}


def test_l43_rwmutex_reader_vs_writer():
    go, _ = both(catalog("l43_rwmutex_reader_writer"))
    assert not go.racy_program  # Unlock -> RLock, or RUnlock -> Lock
    assert values(go, "T1.r1", "T1.r2") == {("0", "0"), ("1", "1")}


def test_l44_readers_do_not_synchronize():
    go, sc = both(catalog("l44_rwmutex_readers_race"))
    assert go.racy_program and {v for v, _, _ in go.races} == {"x"}
    assert values(go, "T2.r1") == {("0",), ("1",)}
    # the reads of x are racy even when T2's RLock comes after T1's RUnlock
    assert all(o.racy for o in go.outcomes)


def test_runlock_synchronizes_with_every_later_lock_not_only_the_next():
    # R1 reads under a read lock; W1 and W2 lock one after the other. Each RUnlock
    # before a Lock's return orders that reader's read before the writer's write.
    go, _ = both("""
var x int
var rw sync.RWMutex
go func R() {
    rw.RLock()
    r := x
    rw.RUnlock()
}
go func W1() {
    rw.Lock()
    rw.Unlock()
}
go func W2() {
    rw.Lock()
    x = 1
    rw.Unlock()
}
""")
    assert not go.racy_program
    assert values(go, "R.r") == {("0",), ("1",)}


def test_unlock_synchronizes_with_a_reader_through_another_unlock():
    # the writer W unlocks; a second writer W2 locks and unlocks; the reader R gets
    # edges from both Unlocks
    go, _ = both("""
var x int
var rw sync.RWMutex
go func W() {
    rw.Lock()
    x = 1
    rw.Unlock()
}
go func W2() {
    rw.Lock()
    rw.Unlock()
}
go func R() {
    rw.RLock()
    r := x
    rw.RUnlock()
}
""")
    assert not go.racy_program
    assert values(go, "R.r") == {("0",), ("1",)}


RECURSIVE_RLOCK = """
var rw sync.RWMutex
var f atomic.Int64
go func G1() {
    rw.RLock()
    a := f.Load()
    rw.RLock()
    b := 1
    rw.RUnlock()
    rw.RUnlock()
}
go func G2() {
    f.Store(1)
    rw.Lock()
    c := 1
    rw.Unlock()
}
"""


def test_recursive_rlock_deadlocks_with_a_pending_writer():
    go, _ = both(RECURSIVE_RLOCK)
    assert not go.racy_program
    assert ends(go) == {(("G1", "ok", ""), ("G2", "ok", "")),
                        (("G1", "blocked", ""), ("G2", "blocked", ""))}
    # deadlock: G1 holds one read lock, G2 called Lock (pending), and the second
    # RLock waits for the pending writer, which waits for G1's read lock
    assert values(go, "G1.a", "G1.b", "G2.c") == {("0", "1", "1"), ("1", "1", "1"),
                                                   ("0", "unset", "unset"), ("1", "unset", "unset")}
    blocked = {o.value_map["G1.b"] for o in go.outcomes if dict(o.goroutines)["G1"].status is Status.BLOCKED}
    assert blocked == {"unset"}


def test_pending_writer_keeps_readers_out_forever():
    # W calls Lock while R1 holds a read lock that is never released: W stays
    # pending forever, and R2's RLock after that waits forever too
    go, _ = both("""
var rw sync.RWMutex
var f atomic.Int64
go func R1() {
    rw.RLock()
    f.Store(1)
}
go func W() {
    if f.Load() == 1 {
        rw.Lock()
    }
}
go func R2() {
    rw.RLock()
    r := 1
}
""")
    assert not go.racy_program
    assert ends(go) == {(("R1", "ok", ""), ("R2", "ok", ""), ("W", "ok", "")),
                        (("R1", "ok", ""), ("R2", "ok", ""), ("W", "blocked", "")),
                        (("R1", "ok", ""), ("R2", "blocked", ""), ("W", "blocked", ""))}


def test_unlock_and_runlock_of_unlocked_rwmutex_panic():
    go, _ = both("""
var rw sync.RWMutex
var x int
func main() {
    x = 1
    rw.Unlock()
    x = 2
}
""")
    assert values(go, "x") == {("1",)}
    assert ends(go) == {(("main", "panic", "sync: Unlock of unlocked RWMutex"),)}
    go, _ = both("""
var rw sync.RWMutex
var x int
func main() {
    rw.Lock()
    x = 1
    rw.RUnlock()
    x = 2
}
""")
    assert values(go, "x") == {("1",)}
    assert ends(go) == {(("main", "panic", "sync: RUnlock of unlocked RWMutex"),)}
    # Unlock while only readers hold it is fatal too
    go, _ = both("""
var rw sync.RWMutex
func main() {
    rw.RLock()
    rw.Unlock()
}
""")
    assert ends(go) == {(("main", "panic", "sync: Unlock of unlocked RWMutex"),)}


def test_tryrlock_fails_while_a_writer_holds():
    go, _ = both("""
var rw sync.RWMutex
func main() {
    rw.Lock()
    ok := rw.TryRLock()
    ok2 := rw.TryLock()
}
""")
    assert values(go, "main.ok", "main.ok2") == {("false", "false")}
    # a pending writer keeps TryRLock out too (it may still fail spuriously when free)
    go, _ = both("""
var rw sync.RWMutex
func main() {
    rw.RLock()
    go func() {
        rw.Lock()
    }()
    ok := rw.TryRLock()
}
""")
    pend = {o.value_map["main.ok"] for o in go.outcomes}
    assert pend == {"true", "false"}  # before the child's Lock call: may succeed


def test_trylock_succeeds_only_when_free():
    go, _ = both("""
var rw sync.RWMutex
func main() {
    a := rw.TryLock()
    b := rw.TryLock()
    rw.RLock()
}
""")
    # b is false whenever a succeeded; a may fail spuriously; RLock then blocks iff a
    assert values(go, "main.a", "main.b") == {("true", "false"), ("false", "true"), ("false", "false")}
    assert {(o.value_map["main.a"], dict(o.goroutines)["main"].status.label) for o in go.outcomes
            if o.value_map["main.b"] == "false"} == {("true", "blocked"), ("false", "ok")}
    go, _ = both("""
var rw sync.RWMutex
func main() {
    rw.RLock()
    a := rw.TryLock()
    c := rw.TryRLock()
}
""")
    assert values(go, "main.a", "main.c") == {("false", "true"), ("false", "false")}


def test_successful_tryrlock_acts_as_rlock():
    go, _ = both("""
var x int
var rw sync.RWMutex
go func W() {
    rw.Lock()
    x = 1
    rw.Unlock()
}
go func R() {
    r := -1
    if rw.TryRLock() {
        r = x
        rw.RUnlock()
    }
}
""")
    assert not go.racy_program
    assert values(go, "R.r") == {("-1",), ("0",), ("1",)}


def test_many_readers_hold_at_once():
    go, _ = both(catalog("rwmutex_many_readers"))
    assert not go.racy_program
    # both readers inside together (each saw the other's store) before the writer
    assert ("1", "1", "0", "0") in values(go, "R1.r1", "R2.s1", "R1.r2", "R2.s2")


# ------------------------------------------------------------------ channels


def status(result: RefResult, g: str) -> set[tuple[str, str]]:
    """Goroutine g's (status, panic message) over the outcomes."""
    return {(e.status.label, e.panic) for o in result.outcomes for n, e in o.goroutines if n == g}


L31 = """
var x int
var c = make(chan int, 10)
go func T1() {
    x = 1
    c <- 0
}
go func T2() {
    <-c
    r1 := x
}
"""


def test_l31_send_synchronizes_with_the_receive():
    go, _ = both(L31)
    assert not go.racy_program and go.complete
    assert values(go, "T2.r1") == {("1",)}


def test_l32_close_synchronizes_with_the_zero_receive():
    go, _ = both(L31.replace("    c <- 0", "    close(c)"))
    assert not go.racy_program
    assert values(go, "T2.r1") == {("1",)}


L33 = """
var x int
var c = make(chan int)
go func T1() {
    x = 1
    <-c
}
go func T2() {
    c <- 0
    r1 := x
}
"""


def test_l33_unbuffered_receive_synchronizes_with_the_send_completion():
    go, _ = both(L33)
    assert not go.racy_program
    assert values(go, "T2.r1") == {("1",)}


def test_l34_capacity_one_is_racy():
    go, sc = both(L33.replace("make(chan int)", "make(chan int, 1)"))
    assert go.racy_program
    assert values(go, "T2.r1") == {("0",), ("1",)}


def test_l35_kth_receive_before_the_k_plus_c_th_send_completes():
    l35 = catalog("l35_chan_k_plus_c")
    go, _ = both(l35)
    assert not go.racy_program
    assert values(go, "P1.r1") == {("1",)}
    # with one send only, the receive is not ordered before anything in P1
    racy = run(variant(l35, "    c <- 0\n    c <- 0\n", "    c <- 0\n"))
    assert racy.racy_program and values(racy, "P1.r1") == {("0",), ("1",)}


def test_l36_channel_as_a_semaphore():
    go, _ = both(catalog("l36_chan_semaphore_mp"))
    assert not go.racy_program
    assert values(go, "P1.r1", "P1.r2") == {("0", "0"), ("1", "1")}


def test_fifo_order_of_two_sends():
    for cap in ("", ", 1", ", 2"):
        go, _ = both(f"""
var c = make(chan int{cap})
go func P() {{
    c <- 1
    c <- 2
}}
go func Q() {{
    a := <-c
    b := <-c
}}
""")
        assert values(go, "Q.a", "Q.b") == {("1", "2")}, cap


def test_waiting_senders_are_served_in_order():
    go, _ = both("""
var c = make(chan int)
go func A() {
    c <- 1
}
go func B() {
    c <- 2
}
go func Q() {
    a := <-c
    b := <-c
}
""")
    assert values(go, "Q.a", "Q.b") == {("1", "2"), ("2", "1")}


def test_range_over_a_closed_channel_sums_the_values():
    go, _ = both("""
var c = make(chan int, 2)
go func P() {
    c <- 1
    c <- 2
    close(c)
}
go func Q() {
    s := 0
    n := 0
    for v := range c {
        s += v
        n++
    }
    last, ok := <-c
}
""")
    assert go.complete
    assert values(go, "Q.s", "Q.n", "Q.last", "Q.ok") == {("3", "2", "0", "false")}


def test_range_over_an_unbuffered_channel_with_break():
    go, _ = both("""
var c = make(chan int)
go func P() {
    c <- 1
    c <- 2
    c <- 3
}
go func Q() {
    s := 0
    for v := range c {
        if v == 2 {
            break
        }
        s += v
    }
}
""")
    assert values(go, "Q.s") == {("1",)}
    assert status(go, "P") == {("blocked", "")}  # nobody takes the third value


def test_range_never_closed_blocks():
    go, _ = both("""
var c = make(chan int, 1)
go func P() {
    c <- 1
}
go func Q() {
    for v := range c {
        r := v
    }
}
""")
    assert status(go, "Q") == {("blocked", "")} and status(go, "P") == {("ok", "")}
    assert values(go, "Q.r") == {("1",)}


def test_send_with_no_receiver_deadlocks():
    go, _ = both(catalog("chan_send_no_receiver_deadlock"))
    assert ends(go) == {(("main", "blocked", ""),)}
    assert values(go, "main.r1") == {("unset",)}
    go, _ = both("var c = make(chan int, 1)\nfunc main() {\n    c <- 1\n    c <- 2\n}\n")
    assert ends(go) == {(("main", "blocked", ""),)}


def test_close_of_closed_channel_panics():
    go, _ = both(CLOSE_TWICE)
    assert ends(go) == {(("main", "panic", "close of closed channel"),)}


def test_send_racing_with_close_panics():
    # unbuffered, no receiver: the send waits, the close makes it panic
    go, _ = both(SEND_THEN_CLOSE)
    assert ends(go) == {(("A", "panic", "send on closed channel"), ("B", "ok", ""))}
    # with a receiver the send may also complete first
    go, _ = both(SEND_THEN_CLOSE + "go func C() {\n    r, ok := <-c\n}\n")
    assert {(dict(o.goroutines)["A"].status.label, o.value_map["C.r"], o.value_map["C.ok"])
            for o in go.outcomes} == {("panic", "0", "false"), ("ok", "1", "true")}


def test_buffered_value_survives_the_close_a_waiting_sender_does_not():
    go, _ = both("""
var c = make(chan int, 1)
go func A() {
    c <- 1
    c <- 2
}
go func B() {
    close(c)
}
go func C() {
    r, ok := <-c
}
""")
    got = {(dict(o.goroutines)["A"].status.label, o.value_map["C.r"], o.value_map["C.ok"]) for o in go.outcomes}
    assert got == {("panic", "0", "false"), ("panic", "1", "true"), ("ok", "1", "true")}


def test_receive_from_closed_returns_zero_and_false():
    go, _ = both("""
var c = make(chan string, 1)
func main() {
    close(c)
    v, ok := <-c
    w := <-c
}
""")
    assert values(go, "main.v", "main.ok", "main.w") == {('""', "false", '""')}


def test_receivers_waiting_at_close_return_zero():
    go, _ = both("""
var c = make(chan int)
go func A() {
    a, ok := <-c
}
go func B() {
    b, ok := <-c
}
func main() {
    close(c)
}
""")
    assert values(go, "A.a", "A.ok", "B.b", "B.ok") == {("0", "false", "0", "false")}


def test_channel_operations_do_not_race():
    go, _ = both("""
var x int
var c = make(chan int, 1)
go func P() {
    r := x
    c <- r
}
go func Q() {
    v := <-c
    x = v + 1
}
""")
    assert not go.racy_program  # P's read -> send -> receive -> Q's write
    assert values(go, "P.r", "Q.v", "x") == {("0", "0", "1")}


THIN_AIR_CHAN = """
var x int
var y int
var c = make(chan int, 1)
func init() {
    x = 1
    x = 0
}
go func P0() {
    r1 := x
    c <- r1
}
go func Q() {
    v := <-c
    %s
}
go func P1() {
    r2 := y
    x = r2
}
"""


def test_received_values_carry_their_dependencies():
    # as THIN_AIR, with the value passed through a channel on the way: Q's
    # write depends on P0's read through the send and the receive
    r = run(THIN_AIR_CHAN % "y = v")
    assert r.racy_program
    assert ("1", "1") not in values(r, "P0.r1", "P1.r2")
    r = run(THIN_AIR_CHAN % "y = 1")
    assert ("1", "1") in values(r, "P0.r1", "P1.r2")


def test_chan_moves_sequential_specification():
    from litmus.primitives.channel import Chan
    from litmus.reference.common import chan_moves
    from litmus.reference.interp import Req

    c1 = ir.SharedVar("c", ir.VarKind.CHAN, "int", None, cap=1)
    st = Chan()
    [(st, a, src)] = chan_moves(c1, st, Req("send", "c", value=5), "s1")
    assert a == "ok" and src == ()  # buffered
    [(st, a, src)] = chan_moves(c1, st, Req("send", "c", value=6), "s2")
    assert a == "wait"
    assert chan_moves(c1, st, Req("send-end", "c", value="s2"), "e2") == []
    [(st, a, src)] = chan_moves(c1, st, Req("recv", "c"), "r1")
    assert a == (5, True) and src == ("s1",)
    [(st, a, src)] = chan_moves(c1, st, Req("send-end", "c", value="s2"), "e2")
    assert a is True and src == ("r1",)  # receive 1 -> completion of send 1 + C
    [(st, a, src)] = chan_moves(c1, st, Req("close", "c"), "cl")
    assert a is True
    [(st, a, src)] = chan_moves(c1, st, Req("recv", "c"), "r2")
    assert a == (6, True) and src == ("s2",)
    [(st, a, src)] = chan_moves(c1, st, Req("recv", "c"), "r3")
    assert a == (0, False) and src == ("cl",)
    assert chan_moves(c1, st, Req("close", "c"), "cl2")[0][1] is False
    assert chan_moves(c1, st, Req("send", "c", value=1), "s3")[0][1] == "closed"


# ------------------------------------------------------------------ sync.Cond

def test_l50_cond_signal_publishes_and_never_loses_the_wakeup():
    go, _ = both(catalog("l50_cond_signal"))
    assert not go.racy_program and go.complete
    assert values(go, "T2.r1") == {("1",)}
    assert ends(go) == {(("T1", "ok", ""), ("T2", "ok", ""))}


def test_signal_with_no_waiter_is_lost():
    go, _ = both(catalog("cond_signal_lost"))
    assert not go.racy_program
    assert ends(go) == {(("S", "ok", ""), ("W", "ok", "")), (("S", "ok", ""), ("W", "blocked", ""))}


def test_signal_synchronizes_with_the_wait_it_wakes():
    # S does not take the lock: only the Signal -> wake edge orders x = 1 before the read
    go, _ = both("""
var x int
var mu sync.Mutex
var cond = sync.NewCond(&mu)
go func S() {
    x = 1
    cond.Signal()
}
go func W() {
    mu.Lock()
    cond.Wait()
    r1 := x
    mu.Unlock()
}
""")
    assert not go.racy_program
    assert values(go, "W.r1") == {("1",), ("unset",)}  # unset: W blocked forever, r1 never assigned
    woken = {o for o in go.outcomes if dict(o.goroutines)["W"].status is Status.OK}
    assert {o.value_map["W.r1"] for o in woken} == {"1"}


WAITERS = """
var mu sync.Mutex
var cond = sync.NewCond(&mu)
var n atomic.Int32
func waiter() {
    mu.Lock()
    n.Add(1)
    cond.Wait()
    mu.Unlock()
}
func main() {
    go waiter()
    go waiter()
    for n.Load() != 2 {
    }
    mu.Lock()
    cond.%s()
    mu.Unlock()
}
"""


def test_broadcast_wakes_every_waiter():
    go, _ = both(WAITERS % "Broadcast")
    assert not go.racy_program and go.complete
    assert ends(go) == {(("main", "ok", ""), ("waiter#1", "ok", ""), ("waiter#2", "ok", ""))}


def test_signal_wakes_any_one_waiter():
    go, _ = both(WAITERS % "Signal")
    assert not go.racy_program and go.complete
    assert ends(go) == {(("main", "ok", ""), ("waiter#1", "ok", ""), ("waiter#2", "blocked", "")),
                        (("main", "ok", ""), ("waiter#1", "blocked", ""), ("waiter#2", "ok", ""))}


def test_wait_without_the_mutex_panics():
    go, _ = both("""
var mu sync.Mutex
var cond = sync.NewCond(&mu)
go func W() {
    cond.Wait()
}
go func S() {
    cond.Broadcast()
}
""")
    assert ends(go) == {(("S", "ok", ""), ("W", "panic", "sync: unlock of unlocked mutex"))}


def test_woken_waiter_blocks_at_the_relock_forever():
    # S keeps the mutex: a woken W never gets it back (and a lost Signal leaves W waiting)
    go, _ = both("""
var mu sync.Mutex
var cond = sync.NewCond(&mu)
go func S() {
    mu.Lock()
    cond.Signal()
}
go func W() {
    mu.Lock()
    cond.Wait()
}
""")
    assert ends(go) == {(("S", "ok", ""), ("W", "blocked", ""))}


def test_cond_moves_sequential_specification():
    from litmus.primitives.cond import Cond, moves

    a, b = ("A", 0), ("B", 0)
    st = Cond(frozenset({a, b}))
    assert moves(Cond(), "signal", None, ("S", 0)) == [(Cond(), None, ())]  # lost
    woke = moves(st, "signal", None, ("S", 0))
    assert {m[0] for m in woke} == {Cond(frozenset({b}), frozenset({(a, ("S", 0))})),
                                    Cond(frozenset({a}), frozenset({(b, ("S", 0))}))}
    (all_woken, _, _), = moves(st, "broadcast", None, ("S", 0))
    assert all_woken == Cond(frozenset(), frozenset({(a, ("S", 0)), (b, ("S", 0))}))
    assert moves(st, "cwake", a, ("A", 2)) == []  # not woken yet: waits
    assert moves(all_woken, "cwake", a, ("A", 2)) == \
        [(Cond(frozenset(), frozenset({(b, ("S", 0))})), None, (("S", 0),))]


# ------------------------------------------------------------------ spin loops


def test_l54_busy_wait_on_a_plain_bool():
    go, sc = both(catalog("l54_busy_wait_plain"))
    assert go.racy_program
    # ("ok", TORN): print(a) of a torn read of a (docs/decisions.md, "Strings are two words")
    assert {(e.status.label, e.out) for o in go.outcomes for n, e in o.goroutines if n == "main"} == {
        ("ok", "hello, world"), ("ok", ""), ("ok", TORN), ("spinning", "")}
    # sc interleavings are fair: the loop sees done == true in the end
    assert {(e.status.label, e.out) for o in sc.outcomes for n, e in o.goroutines if n == "main"} == {
        ("ok", "hello, world")}


def test_l56_busy_wait_on_an_atomic_bool_is_never_stale():
    go, _ = both(catalog("l56_busy_wait_atomic"))
    assert not go.racy_program
    assert ends(go) == {(("main", "ok", ""), ("setup", "ok", ""))}
    assert {dict(o.goroutines)["main"].out for o in go.outcomes} == {"hello, world"}


def test_spinning_on_a_flag_nobody_sets_is_a_deadlock():
    go, _ = both(SPIN_NEVER_SET)
    assert ends(go) == {(("main", "spinning", ""),)}
    assert {o.status for o in go.outcomes} == {Status.BLOCKED}  # spinning counts as blocked
    go, _ = both("var f bool\nfunc main() {\n    for !f {\n    }\n}\n")
    assert ends(go) == {(("main", "spinning", ""),)} and not go.racy_program


def test_spin_loop_exits_when_a_local_it_loads_ends_it():
    src = catalog("spin_local_cond_exits")
    for unroll in (0, 1, 4):
        go = run(src, unroll=unroll)
        assert ends(go) == {(("main", "ok", ""), ("setup", "ok", ""))}, unroll
        assert values(go, "main.r") == {("7",)}


def test_spin_loop_races_of_non_exiting_iterations_are_found():
    # the body reads x only while the flag is unset: those reads race with x = 1
    src = """
var x int
var f atomic.Bool
go func W() {
    x = 1
    f.Store(true)
}
go func S() {
    r := 0
    for !f.Load() {
        r = x
    }
}
"""
    go, sc = both(src)
    assert go.racy_program and go.races
    assert {o.racy for o in go.outcomes} == {True, False}
    assert values(go, "S.r") == {("0",), ("1",)}


def test_spin_loop_counter_that_never_settles_is_cut():
    # the loop spins forever, but n never comes back to a value it had: its
    # final value is unknown, the answer is incomplete
    r = run("var f atomic.Bool\nfunc main() {\n    n := 0\n    for !f.Load() {\n        n++\n    }\n}\n")
    assert not r.complete
    assert ends(r) == {(("main", "cut", ""),)}


def test_spin_loop_attempt_is_one_iteration_without_live_locals():
    from litmus.reference.interp import live_in

    src = """
var f bool
go func W() {
    f = true
}
go func S() {
    n := 0
    for !f {
        n = 1
    }
}
"""
    loops = [n for g in load(src).program.all_goroutines() for n in ir.walk(g.body) if isinstance(n, ir.Loop)]
    assert [live_in(lp) for lp in loops] == [()]  # n is assigned before any read
    for unroll, exits in ((0, {"0"}), (2, {"0", "1"})):
        go = run(src, unroll=unroll)
        got = {(dict(o.goroutines)["S"].status.label, o.value_map["S.n"]) for o in go.outcomes}
        assert got == {("ok", n) for n in exits} | {("spinning", "1")}, unroll


def test_spinning_goroutine_and_blocked_goroutine_together():
    go, _ = both("""
var f bool
var c = make(chan int)
go func A() {
    <-c
    f = true
}
go func B() {
    for !f {
    }
}
""")
    assert ends(go) == {(("A", "blocked", ""), ("B", "spinning", ""))}


# ------------------------------------------------------------------ the catalog


def _cases():
    return sorted(CASES.glob("*.lit"))


_RESULTS: dict[tuple[str, str], RefResult] = {}


def catalog_result(path: Path, test, model: str) -> RefResult:
    """reference_outcomes for a catalog case, computed once per (file, model)."""
    key = (str(path), model)
    if key not in _RESULTS:
        _RESULTS[key] = reference_outcomes(test, get_model(model))
    return _RESULTS[key]


@pytest.mark.parametrize("path", _cases(), ids=lambda p: p.stem)
def test_catalog_expectations(path: Path):
    test = lower(parse(path.read_text(encoding="utf-8"), str(path)), path.stem)
    progs = test.program
    # the lowering also lists a local name declared twice in a goroutine (ambiguous: no value)
    assert set(k for k, _, _ in observables(progs)) <= set(progs.observables)
    results: dict[str, RefResult] = {}
    for e in test.expects:
        if e.model not in results:
            try:
                results[e.model] = catalog_result(path, test, e.model)
            except StateSpaceTooLarge:
                pytest.skip("too large for the reference enumerator")
            except UnsupportedProgram as err:
                pytest.skip(str(err))
        r = results[e.model]
        if e.claim in ("racy", "race-free"):
            assert r.racy_program == (e.claim == "racy"), f"expect {e.claim} under {e.model}"
        elif r.complete:
            assert observation(r, test.condition) == e.claim, f"expect {e.claim} under {e.model}"


@pytest.mark.parametrize("path", _cases(), ids=lambda p: p.stem)
def test_catalog_model_relations(path: Path):
    """DRF-SC: a race-free program has the same outcomes under go and sc; a racy
    one has every SC outcome among its go outcomes (an interleaving satisfies
    every axiom)."""
    test = lower(parse(path.read_text(encoding="utf-8"), str(path)), path.stem)
    try:
        go = catalog_result(path, test, "go")
        sc = catalog_result(path, test, "sc")
    except StateSpaceTooLarge:
        pytest.skip("too large for the reference enumerator")
    except UnsupportedProgram as err:
        pytest.skip(str(err))
    assert go.racy_program == sc.racy_program and go.races == sc.races
    if go.racy_program:
        assert sc.outcomes <= go.outcomes
    else:
        assert go.outcomes == sc.outcomes


def test_hand_built_program():
    """Works on a Program built without the parser."""
    from litmus.lower import Test

    x = ir.SharedVar("x", ir.VarKind.PLAIN, "int", 0)
    r = ir.Local("r@3:5", "int")
    p0 = ir.Goroutine("P0", (), (ir.Write("x", ir.Const(1, "int")),), ())
    p1 = ir.Goroutine("P1", (), (ir.SetLocals((r,), (ir.Read("x", "int"),)),), (r,))
    prog = ir.Program("h", (x,), None, (p0, p1), ("P1.r", "x"))
    t = Test("h", prog, None, (), (), ("P0", "P1"))
    res = reference_outcomes(t, get_model("go"))
    assert res.racy_program
    assert values(res, "P1.r", "x") == {("0", "1"), ("1", "1")}


if __name__ == "__main__":  # timing of the whole catalog: python tests/test_reference.py
    total = time.perf_counter()
    for p in _cases():
        t0 = time.perf_counter()
        test = lower(parse(p.read_text(encoding="utf-8"), str(p)), p.stem)
        models = {"go", "sc"} | {e.model for e in test.expects}
        try:
            for m in sorted(models):
                reference_outcomes(test, get_model(m))
            status = "ok"
        except StateSpaceTooLarge:
            status = "too large"
        except UnsupportedProgram:
            status = "unsupported"
        print(f"{p.stem:40s} {time.perf_counter() - t0:7.2f}s {status}")
    print(f"total {time.perf_counter() - total:.1f}s")


# ------------------------------------------------------------------ select


def test_select_several_ready_cases_both_taken():
    go, _ = both("""
var a = make(chan int, 1)
var b = make(chan int, 1)
func main() {
    a <- 1
    b <- 2
    r := 0
    select {
    case v := <-a:
        r = v
    case v := <-b:
        r = v
    }
}
""")
    assert values(go, "main.r") == {("1",), ("2",)}


def test_select_default_taken_when_nothing_ready():
    go, _ = both("""
var a = make(chan int, 1)
func main() {
    r := 0
    select {
    case v := <-a:
        r = v
    default:
        r = 7
    }
}
""")
    assert values(go, "main.r") == {("7",)}


def test_select_default_not_taken_when_a_value_is_buffered():
    go, _ = both("""
var a = make(chan int, 1)
func main() {
    a <- 3
    r := 0
    select {
    case v := <-a:
        r = v
    default:
        r = 7
    }
}
""")
    assert values(go, "main.r") == {("3",)}


def test_empty_select_deadlocks():
    go, _ = both("func main() {\n    r := 1\n    select {}\n}\n")
    assert status(go, "main") == {("blocked", "")}


def test_select_waiting_on_two_channels_woken_by_a_sender_on_the_second():
    go, _ = both("""
var a = make(chan int)
var b = make(chan int)
go func P() {
    b <- 5
}
go func Q() {
    r := 0
    select {
    case v := <-a:
        r = v
    case v := <-b:
        r = v
    }
}
""")
    assert values(go, "Q.r") == {("5",)}
    assert ends(go) == {(("P", "ok", ""), ("Q", "ok", ""))}


def test_select_send_case_matched_by_a_receiver():
    go, _ = both("""
var x int
var c = make(chan int)
var d = make(chan int)
go func P() {
    x = 1
    select {
    case c <- 4:
    case d <- 5:
    }
}
go func Q() {
    r := <-c
    s := x
}
""")
    assert not go.racy_program
    assert values(go, "Q.r", "Q.s") == {("4", "1")}
    assert ends(go) == {(("P", "ok", ""), ("Q", "ok", ""))}


def test_select_receive_from_a_closed_channel():
    go, _ = both("""
var a = make(chan int)
var b = make(chan int)
func main() {
    close(a)
    r := 9
    k := true
    select {
    case v, ok := <-a:
        r = v
        k = ok
    case <-b:
    }
}
""")
    assert values(go, "main.r", "main.k") == {("0", "false")}


# ------------------------------------------------------------------ select in racy programs (axiomatic search)


def test_racy_select_receives_from_a_buffered_channel():
    go, _ = both("""
var x int
var c = make(chan int, 1)
go func P() {
    x = 1
    c <- 2
}
go func Q() {
    r := x
    s := 0
    select {
    case v := <-c:
        s = v
    }
    t := x
}
""")
    assert go.racy_program  # P's write and Q's first read
    # the select waits for the value; the send happens before its receive, so x = 1 is visible after it
    assert values(go, "Q.r", "Q.s", "Q.t") == {("0", "2", "1"), ("1", "2", "1")}
    assert ends(go) == {(("P", "ok", ""), ("Q", "ok", ""))}


def test_racy_select_default_taken():
    go, _ = both("""
var x int
var c = make(chan int, 1)
go func P() {
    x = 1
    c <- 2
}
go func Q() {
    s := 0
    select {
    case v := <-c:
        s = v
    default:
        s = 9
    }
    r := x
}
""")
    assert go.racy_program  # when the default is taken, nothing orders x = 1 and r := x
    assert values(go, "Q.s", "Q.r") == {("2", "1"), ("9", "0"), ("9", "1")}


def test_racy_select_receive_publishes_data_next_to_an_unrelated_race():
    go, _ = both("""
var x int
var z int
var c = make(chan int)
var d = make(chan int)
go func P() {
    x = 1
    c <- 1
}
go func Q() {
    r := 0
    select {
    case <-c:
        r = x
    case <-d:
        r = 5
    }
}
go func R() {
    z = 1
}
go func S() {
    s := z
}
""")
    assert go.racy_program  # only on z
    assert {(var, a[0], b[0]) for var, a, b in go.races} == {("z", "R", "S")}
    assert values(go, "Q.r", "S.s") == {("1", "0"), ("1", "1")}
    assert {tuple(s for _, s, _ in e) for e in ends(go)} == {("ok", "ok", "ok", "ok")}


# ------------------------------------------------------------------ an init that panics

INIT_PANICS_RACY = """var x int
func init() {
    go func() {
        x = 1
    }()
    go func() {
        x = 2
    }()
    panic("init failed")
}
go func P() {
    x = 3
}
func main() {
    print("main ran")
}
"""


@pytest.mark.parametrize("model", ["go", "sc", "relaxed-value"])
def test_init_panic_starts_no_top_level_goroutine(model):
    """Go exits during init: P and main never start (they used to run after the
    panic). init's children race, so under go the racy (axiomatic) search decides."""
    from litmus.api import check

    ref = run(INIT_PANICS_RACY, model)
    assert ref.racy_program
    z3 = check(INIT_PANICS_RACY, model=model, all_observables=True)
    for outcomes in (ref.outcomes, z3.outcomes):
        assert outcomes
        for o in outcomes:
            ends = dict(o.goroutines)
            assert set(ends) == {"init", "init.go1", "init.go2"}
            assert ends["init"].status is Status.PANIC
            assert o.value_map["x"] in ("0", "1", "2")
