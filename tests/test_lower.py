"""Lowering: static goroutine names, locals as observables, unrolling, inlining."""

from litmus.api import check, load
from litmus.program import Loop, Unrolled


def names(source: str) -> list[str]:
    return [g.name for g in load(source, "t.lit").program.all_goroutines()]


def test_anonymous_goroutines_count_every_go_statement():
    src = """var x int
func helper() {
    x = 1
}
func main() {
    go helper()
    go func() {
        x = 2
        go func() {
            x = 3
        }()
    }()
}
"""
    assert names(src) == ["main", "helper", "main.go2", "main.go2.go1"]


def test_helper_started_from_several_sites_is_numbered():
    src = """var x int
func w(v int) {
    x = v
}
func main() {
    for i := 0; i < 2; i++ {
        go w(i)
    }
    go w(9)
}
"""
    assert names(src) == ["main", "w#1", "w#2", "w#3"]


def test_goroutine_started_in_init():
    src = "var x int\nfunc init() {\n    go func() {\n        x = 1\n    }()\n}\n"
    assert names(src) == ["init", "init.go1"]


def test_constant_loops_unroll_and_others_stay_loops():
    t = load("var x int\ngo func P() {\n    for i := 0; i < 3; i++ {\n        x = i\n    }\n"
             "    n := 0\n    for n < 2 {\n        n++\n    }\n}\n", "t.lit")
    body = t.program.goroutines[0].body
    assert len(next(s for s in body if isinstance(s, Unrolled)).iterations) == 3
    assert any(isinstance(s, Loop) for s in body)


def test_loop_variable_and_last_iteration_values():
    r = check("var x int\ngo func P() {\n    for i := 0; i < 3; i++ {\n        r := i * 2\n        x = r\n"
              "    }\n}\n", all_observables=True)
    assert [dict(o.values) for o in r.outcomes] == [{"P.i": "3", "P.r": "4", "x": "4"}]


def test_inlined_helper_with_return():
    src = """var x int
func set(v int) {
    if v > 1 {
        return
    }
    x = v
}
go func P() {
    set(1)
    set(5)
}
exists (x == 1)
expect always
"""
    r = check(src)
    assert r.observation == "always"


def test_go_arguments_are_evaluated_by_the_parent():
    src = """var x int
func w(v int) {
    r := v
}
func main() {
    x = 7
    a := x
    go w(a)
    x = 8
}
exists (w.r == 7)
expect always
"""
    assert check(src).observation == "always"
