"""`defer` and `recover()` (litmus/lower.py `defer`; the engines' run_defers):
deferred calls run last first when their function returns or panics, with the
arguments of their defer statement; recover() in a deferred function ends a
panic. Each case is checked by both engines, as .lit and as a Go program."""

import pytest

from litmus.api import check_test, load, shown_observables
from litmus.models import get_model, models
from litmus.reference import reference_outcomes
from strategies import as_go_program


def both(source: str, go: bool = False, model: str = "go") -> set:
    test = load(source, "t.lit")
    if go:
        test = as_go_program(test)
    z3_side = set(check_test(test, get_model(model)).outcomes)
    shown = shown_observables(test, all_observables=False)
    assert z3_side == reference_outcomes(test, get_model(model), shown=shown).outcomes
    return z3_side


def outs(source: str) -> set[str]:
    return {dict(o.goroutines)["P0"].out for o in both(source)}


def test_deferred_calls_run_last_first_with_their_arguments():
    src = """go func P0() {
    x := 1
    defer println("first", x)
    x = 2
    defer println("second", x)
    println("body")
}
"""
    assert outs(src) == {"body\nsecond 2\nfirst 1\n"}


def test_defer_runs_at_each_return_of_its_helper():
    src = """var x int

func f(r int) {
    defer println("left f")
    if r == 1 {
        return
    }
    println("end of f")
}

go func P0() {
    f(1)
    f(2)
    println("main")
}
"""
    assert outs(src) == {"left f\nend of f\nleft f\nmain\n"}


def test_defer_unlock_and_done_keep_the_counter_race_free():
    src = """var n int
var mu sync.Mutex
var wg sync.WaitGroup

func inc() {
    defer wg.Done()
    mu.Lock()
    defer mu.Unlock()
    n++
}

go func P0() {
    wg.Add(2)
    go inc()
    go inc()
    wg.Wait()
    r := n
}

exists (P0.r == 2)
"""
    for model in models():
        res = both(src, model=model)
        assert {o.value_map["P0.r"] for o in res} == {"2"}
        assert not any(o.racy for o in res)


def test_recover_ends_the_panic_and_its_function_returns():
    src = """func safe() {
    defer func() {
        r := recover()
        println("recovered", r)
    }()
    panic("boom")
    println("never")
}

go func P0() {
    safe()
    println("after")
}
"""
    assert outs(src) == {"recovered boom\nafter\n"}


def test_recover_outside_a_deferred_call_returns_nil():
    src = """func helper() {
    r := recover()
    println("helper", r)
}

go func P0() {
    defer func() {
        helper()
    }()
    r := recover()
    println(r)
    panic("boom")
}
"""
    (o,) = both(src)
    end = dict(o.goroutines)["P0"]
    assert end.out == "nil\nhelper nil\n" and end.panic == "boom"


def test_deferred_calls_run_while_panicking_and_a_new_panic_replaces_it():
    src = """go func P0() {
    defer println("deferred")
    defer func() {
        panic("second")
    }()
    panic("first")
}
"""
    (o,) = both(src)
    end = dict(o.goroutines)["P0"]
    assert end.out == "deferred\n" and end.panic == "second"


def test_a_runtime_panic_recovered_is_its_message():
    src = """go func P0() {
    defer func() {
        println("recovered:", recover())
    }()
    var z int
    println(1 / z)
}
"""
    assert outs(src) == {"recovered: runtime error: integer divide by zero\n"}


def test_in_a_go_program_deferred_prints_come_before_the_panic_message():
    src = """go func P0() {
    defer println("cleanup")
    panic("boom")
}
"""
    (o,) = both(src, go=True)
    assert (o.value_map["stdout"], o.value_map["stderr"], o.value_map["exit"]) == (
        '"cleanup\\n"', '"panic: boom\\n"', "2")


@pytest.mark.parametrize("decl,call,message", [
    ("var mu sync.Mutex", "mu.Unlock()", "sync: unlock of unlocked mutex"),
    ("var mu sync.RWMutex", "mu.Unlock()", "sync: Unlock of unlocked RWMutex"),
    ("var mu sync.RWMutex", "mu.RUnlock()", "sync: RUnlock of unlocked RWMutex"),
    ("var mu sync.Mutex\nvar cond = sync.NewCond(&mu)", "cond.Wait()", "sync: unlock of unlocked mutex"),
])
@pytest.mark.parametrize("go", [False, True])
def test_an_unlock_of_an_unlocked_mutex_is_a_fatal_error(decl, call, message, go):
    """sync/mutex.go calls fatal, not panic: no deferred call runs and recover()
    cannot stop it; a Go program writes `fatal error: MSG` and exits with 2
    (checked with go run)."""
    src = f"""{decl}
go func P0() {{
    defer func() {{
        println("recovered:", recover())
    }}()
    {call}
}}
"""
    (o,) = both(src, go=go)
    if go:
        assert (o.value_map["stdout"], o.value_map["stderr"], o.value_map["exit"]) == (
            '""', f'"fatal error: {message}\\n"', "2")
    else:
        end = dict(o.goroutines)["P0"]
        assert (end.panic, end.out) == (message, "")


def test_a_negative_waitgroup_counter_is_a_panic_recover_stops():
    src = """var wg sync.WaitGroup
go func P0() {
    defer func() {
        println("recovered:", recover())
    }()
    wg.Done()
}
"""
    assert outs(src) == {"recovered: sync: negative WaitGroup counter\n"}


def test_a_deferred_unlock_releases_a_waiting_goroutine():
    src = """var mu sync.Mutex
var x int

func holder() {
    mu.Lock()
    defer mu.Unlock()
    x = 1
}

go func P0() {
    go holder()
    mu.Lock()
    r := x
    mu.Unlock()
}
"""
    assert {o.value_map["P0.r"] for o in both(src)} == {"0", "1"}
    assert not any(o.racy for o in both(src))


def test_defer_needs_a_call():
    from litmus.errors import LitmusError

    with pytest.raises(LitmusError, match="defer"):
        load("go func P0() {\n    defer 1\n}\n", "t.lit")
