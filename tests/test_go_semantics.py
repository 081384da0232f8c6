"""How a Go program ends, in both engines (litmus/go_end.py, docs/semantics.md,
"How a Go program ends"): main's return ends it, whatever the others were
doing; a panic or a deadlock ends it with status 2; all goroutines print to
one stdout, in an order consistent with program order and the synchronization
order. The programs are .lit sources run as Go programs (strategies.as_go_program:
P0 is main, println writes stdout), so these tests do not depend on the Go
front end; tests/test_go_run.py checks real .go files."""

import pytest

from litmus.api import check_test, load
from litmus.models import get_model, models
from litmus.reference import reference_outcomes
from strategies import as_go_program


def outcomes(source: str, model: str = "go") -> set[tuple[str, str, object]]:
    """(stdout, stderr, exit) of every outcome, the same from both engines."""
    test = as_go_program(load(source, "t.lit"))
    z3_side = check_test(test, get_model(model)).outcomes
    ref_side = reference_outcomes(test, get_model(model)).outcomes
    assert set(z3_side) == ref_side
    return {(o.value_map["stdout"], o.value_map["stderr"], o.value_map["exit"]) for o in z3_side}


def stdouts(source: str, model: str = "go") -> set[str]:
    return {out for out, _, _ in outcomes(source, model)}


@pytest.mark.parametrize("model", list(models()))
def test_main_returning_stops_the_others(model):
    """go.dev/ref/mem: a goroutine main does not wait for may not run at all."""
    src = """var a string

go func P0() {
    go func() {
        a = "hello"
        println("child")
    }()
    println("main")
}
"""
    assert stdouts(src, model) == {'"main\\n"', '"main\\nchild\\n"', '"child\\nmain\\n"'}


def test_prints_follow_happens_before():
    """A print before a send is before the print after the receive that takes it."""
    src = """var c = make(chan int)

go func P0() {
    go func() {
        println(1)
        c <- 1
    }()
    <-c
    println(2)
}
"""
    assert stdouts(src) == {'"1\\n2\\n"'}


def test_unsynchronized_prints_interleave():
    src = """var c = make(chan int, 1)

go func P0() {
    go func() {
        println(1)
        c <- 1
        println(3)
    }()
    println(2)
    <-c
}
"""
    assert stdouts(src) == {'"1\\n2\\n"', '"2\\n1\\n"', '"1\\n2\\n3\\n"', '"2\\n1\\n3\\n"', '"1\\n3\\n2\\n"'}


def test_identical_prints_are_one_outcome():
    """Prints of the same text in any order are one stdout (found once)."""
    src = """var wg sync.WaitGroup

go func P0() {
    wg.Add(3)
    for i := 0; i < 3; i++ {
        go func() {
            println("done")
            wg.Done()
        }()
    }
    wg.Wait()
}
"""
    assert outcomes(src) == {('"done\\ndone\\ndone\\n"', '""', "0")}


def test_deadlock_is_status_2():
    src = """var c = make(chan int)

go func P0() {
    println("waiting")
    <-c
}
"""
    assert outcomes(src) == {('"waiting\\n"', '"fatal error: all goroutines are asleep - deadlock!\\n"', "2")}


def test_a_blocked_goroutine_is_no_deadlock_once_main_returns():
    src = """var mu sync.Mutex

go func P0() {
    mu.Lock()
    go func() {
        mu.Lock()
        println("never")
    }()
}
"""
    assert outcomes(src) == {('""', '""', "0")}


def test_a_panic_ends_the_program_before_main_returns():
    src = """var c = make(chan int)

go func P0() {
    go func() {
        panic("boom")
    }()
    <-c
}
"""
    assert outcomes(src) == {('""', '"panic: boom\\n"', "2")}


def test_a_panic_after_main_returned_never_shows():
    src = """go func P0() {
    go func() {
        panic("boom")
    }()
    println("bye")
}
"""
    assert outcomes(src) == {('"bye\\n"', '""', "0"), ('"bye\\n"', '"panic: boom\\n"', "2"),
                             ('""', '"panic: boom\\n"', "2")}


def test_main_locals_are_unset_when_another_goroutine_ends_the_program():
    src = """var x int

go func P0() {
    go func() {
        panic("boom")
    }()
    r := x
}
"""
    test = as_go_program(load(src, "t.lit"))
    rows = {(o.value_map["main.r"], o.value_map["exit"]) for o in check_test(test, get_model("go")).outcomes}
    assert rows == {("0", "0"), ("unset", "2")}  # main.r once main returned; unset after the panic


def test_a_read_sees_only_writes_before_the_exit():
    """The racy read may return the child's write only if the write ran."""
    src = """var x int

go func P0() {
    go func() {
        x = 1
    }()
    println(x)
}
"""
    assert stdouts(src) == {'"0\\n"', '"1\\n"'}
    test = as_go_program(load(src, "t.lit"))
    finals = {(o.value_map["x"], o.value_map["stdout"], o.racy) for o in check_test(test, get_model("go")).outcomes}
    assert ("0", '"1\\n"', True) not in finals  # x ends 0 only if the write never ran
    assert ("0", '"0\\n"', False) in finals  # the write did not run: no race in that execution


def test_json_has_stdout_stderr_exit():
    from litmus.report.json import report_json

    src = """go func P0() {
    println("hi")
}
"""
    test = as_go_program(load(src, "t.lit"))
    out = report_json(check_test(test, get_model("go")))["outcomes"]
    assert [(o["stdout"], o["stderr"], o["exit"]) for o in out] == [("hi\n", "", 0)]
