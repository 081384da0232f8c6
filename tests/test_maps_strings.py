"""Strings, maps and channels in full (issue 12; docs/decisions.md, "Maps,
strings, float64 and channels in full"): both engines give Go's answers,
with Go's run-time panic messages, and what is not modelled is refused."""

import pytest

from litmus.api import check_test, load
from litmus.errors import LitmusError
from litmus.models import get_model
from litmus.values import format_value
from test_engines_agree import compare


def outcomes(source: str, engine: str = "z3") -> set[str]:
    report = check_test(load(source, "t.lit"), get_model("go"), engine=engine, all_observables=True)
    assert report.error is None, report.error
    return {" ".join(f"{k}={v}" for k, v in o.values) + " " + " ".join(
        f"{g}:{e.status.label}({e.panic})" for g, e in o.goroutines if e.panic) + " " + " ".join(
        f"{g}.out={format_value(e.out)}" for g, e in o.goroutines if e.out) for o in report.outcomes}


def both(source: str) -> set[str]:
    z3_side = outcomes(source)
    assert z3_side == outcomes(source, "reference")
    compare(load(source, "t.lit"), "go")
    return z3_side


def refused(source: str) -> str:
    with pytest.raises(LitmusError) as info:
        load(source, "t.lit")
    return str(info.value)


def reader(body: str, cond: str, decls: str = 'var s = "abc"') -> str:
    """A goroutine reads s (a shared string, so its value is symbolic in the Z3 engine)."""
    return f"{decls}\ngo func P() {{\n    r := s\n{body}\n}}\nexists ({cond})\n"


@pytest.mark.parametrize("body, cond, panic", [
    ("    i := 3\n    b := r[i]", "P.panicked", "runtime error: index out of range [3] with length 3"),
    ("    i := -1\n    b := r[i]", "P.panicked", "runtime error: index out of range [-1]"),
    ("    i := 4\n    t := r[:i]", "P.panicked", "runtime error: slice bounds out of range [:4] with length 3"),
    ("    i := 2\n    j := 1\n    t := r[i:j]", "P.panicked", "runtime error: slice bounds out of range [2:1]"),
    ("    i := 4\n    t := r[i:]", "P.panicked", "runtime error: slice bounds out of range [4:3]"),
    ("    i := -2\n    t := r[i:]", "P.panicked", "runtime error: slice bounds out of range [-2:]"),
])
def test_string_bounds_panic_with_gos_message(body, cond, panic):
    (got,) = both(reader(body, cond))
    assert f"P:panic({panic})" in got


def test_string_len_index_slice_and_order():
    (got,) = both(reader("    n := len(r)\n    b := r[2]\n    t := r[1:]\n    u := r[:0]\n    lt := r < \"abd\"",
                         'P.n == 3 && P.b == 99 && P.t == "bc" && P.u == "" && P.lt'))
    assert "P.b=99" in got and 'P.t="bc"' in got and "P.lt=true" in got


def test_constant_strings_fold_and_constant_bounds_are_compile_errors():
    (got,) = both('go func P() {\n    n := len("hello"[1:]) + int("ab"[1])\n}\nexists (P.n == 102)\n')
    assert "P.n=102" in got
    assert "out of bounds" in refused('go func P() {\n    b := "ab"[5]\n}\n')
    assert "must not be negative" in refused('var s = "ab"\ngo func P() {\n    b := s[-1]\n}\n')


def test_string_operations_need_ascii_text():
    assert "not ASCII" in refused('var s = "héllo"\ngo func P() {\n    r := s\n    n := len(r)\n}\n')


def test_map_operations():
    src = """var m = map[string]int{"a": 1}
go func P() {
    m["b"] = 2
    m["a"] += 10
    m["c"]++
    delete(m, "c")
    v, ok := m["b"]
    w, no := m["zz"]
    n := len(m)
    a := m["a"]
}
locations [m]
exists (P.v == 2 && P.ok && P.w == 0 && !P.no && P.n == 2 && P.a == 11)
"""
    (got,) = both(src)
    assert 'm=map["a":11 "b":2]' in got


def test_a_map_is_one_location_keys_do_not_separate_races():
    src = "var m = make(map[int]int)\ngo func A() {\n    m[1] = 1\n}\ngo func B() {\n    m[2] = 2\n}\nlocations [m]\n"
    report = check_test(load(src, "t.lit"), get_model("go"))
    assert report.racy_program and {r.var for r in report.races} == {"m"}
    # a lost update: one writer's map read before the other's write
    assert {v for o in report.outcomes for k, v in o.values if k == "m"} == {"map[1:1 2:2]", "map[1:1]", "map[2:2]"}
    compare(load(src, "t.lit"), "go")


def test_nil_map_reads_are_zero_and_a_write_panics():
    (got,) = both("var m map[string]bool\ngo func P() {\n    r := m[\"k\"]\n    n := len(m)\n    delete(m, \"k\")\n"
                  "    m[\"k\"] = true\n}\nexists (P.panicked)\n")
    assert "P:panic(assignment to entry in nil map)" in got


def test_local_maps_and_map_printing():
    src = 'go func P() {\n    m := map[int]bool{2: true, 1: false}\n    m[3] = true\n    fmt.Println(m, len(m))\n}\n' \
          'exists (P.out == "map[1:false 2:true 3:true] 3\\n")\nexpect always\n'
    assert check_test(load(src, "t.lit"), get_model("go")).expects[0].holds


def test_map_literal_with_a_duplicate_key_is_an_error():
    assert 'duplicate key "a" in map literal' in refused('var m = map[string]int{"a": 1, "a": 2}\ngo func P() {\n}\n')


@pytest.mark.parametrize("body", [
    "    m2 := m\n    m2[1] = 1",
    "    inc(m)",
    "    go inc(m)",
])
def test_a_map_copy_would_not_share_its_elements_so_it_is_not_supported_yet(body):
    """In Go a copied map is the same map: `m2[1] = 1` would change m."""
    src = f"var m = make(map[int]int)\nfunc inc(p map[int]int) {{\n    p[1]++\n}}\ngo func P() {{\n{body}\n}}\n"
    assert "copying a map into another variable or a parameter is not supported yet" in refused(src)


def test_an_element_update_in_a_loop_is_not_a_spin_loop():
    """Found by mixed_programs: the spin-loop check read the target as a name."""
    (got,) = both("var m = make(map[int]int)\nvar x int\ngo func P() {\n    r := x\n    for j := 0; j < r; j++ {\n"
                  "        m[1]++\n    }\n}\nexists (P.blocked)\n")
    assert "P.r=0" in got


def test_what_maps_do_not_support_yet():
    assert "not supported yet" in refused("var m map[string][]int\ngo func P() {\n}\n")
    assert "println of a map is not supported yet" in refused("var m map[string]int\ngo func P() {\n    println(m)\n}\n")
    assert "panic with a map value is not supported yet" in refused("var m map[string]int\ngo func P() {\n    panic(m)\n}\n")
    assert "not supported yet" in refused("var m = make(map[int]int)\ngo func P() {\n}\nexists (m == 1)\n")


def test_nil_channels_block_forever_and_close_panics():
    src = """var c chan int
var d = make(chan int, 3)
go func S() {
    c <- 1
}
go func R() {
    r, ok := <-c
}
go func K() {
    k := cap(d)
    z := len(c) + cap(c)
    select {
    case v := <-c:
        k = v
    case d <- 5:
        k = k + 10
    }
    close(c)
}
exists (K.k == 13 && K.z == 0 && S.blocked && R.blocked && K.panicked)
"""
    (got,) = both(src)
    assert "K:panic(close of nil channel)" in got


def test_select_on_nil_channels_only_waits_forever():
    (got,) = both("var c chan int\ngo func P() {\n    select {\n    case <-c:\n    }\n    r := 1\n}\nexists (P.blocked)\n")
    assert "P.r" not in got or "P.r=unset" in got


def test_len_of_a_channel_is_not_supported_yet():
    assert "len of a channel is not supported yet" in refused(
        "var c = make(chan int, 1)\ngo func P() {\n    n := len(c)\n}\n")


# --- float64 ---------------------------------------------------------------------

def test_float64_arithmetic_conversions_and_printing_as_go_prints_them():
    """The texts are what go1.26's `go run` printed for the same program."""
    src = """var f float64 = 1.5
var g = 0.1
go func P() {
    a := f * 2
    b := g + 0.2
    c := b == 0.3
    d := 0.1 + 0.2 == 0.3
    n := int(f * 3)
    k := float64(n) / 4
    z := 0.0
    inf := 1 / z
    neg := -z
    println(a, b, k, inf, neg, 1e6, 1234567.0, 0.00001)
    fmt.Printf("%.2f %v %e %g %5.1f|\\n", a, b, k, 1e21, f)
}
exists (!P.c && P.d && P.n == 4)
"""
    (got,) = both(src)
    assert ('P.out="3 0.30000000000000004 1 +Inf -0 1e+06 1.234567e+06 1e-05\\n'
            '3.00 0.30000000000000004 1.000000e+00 1e+21   1.5|\\n"') in got


def test_racy_float_reads_are_symbolic_in_z3_and_agree_with_the_reference():
    src = """var f float64 = 1.0
go func W() {
    f = f / 3
}
go func R() {
    r := f
    s := r * 3
    one := s == 1.0
    n := int(r * 10)
}
exists (R.one)
"""
    got = both(src)
    assert any("R.n=3" in o for o in got) and any("R.n=10" in o for o in got)


def test_float_division_by_a_variable_zero_never_panics():
    (got,) = both("var z float64\ngo func P() {\n    r := z\n    q := 1 / r\n    nan := r / r\n    bad := nan == nan\n"
                  "    i := int64(q)\n}\nexists (P.bad)\n")
    assert "P.bad=false" in got and "P.i=-9223372036854775808" in got and "panic" not in got


def test_what_floats_do_not_support_yet():
    assert "float32 is not supported yet" in refused("var f float32\ngo func P() {\n}\n")
    assert "not supported yet" in refused("var f float64\ngo func P() {\n}\nexists (f == 1)\n")
    assert "truncated" in refused("go func P() {\n    var n int = 1.5\n}\n")
    assert "operator % is not defined on float64" in refused("var f float64\ngo func P() {\n    r := f\n    q := r % 2\n}\n")
