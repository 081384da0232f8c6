"""Structs, arrays, methods and pointers (litmus/lower_data.py): every field and
element is its own memory location, named as Go writes it; both engines agree,
since the lowering makes only the IR they already know (reads and writes of
shared variables, locals, sync objects)."""

import pytest

from litmus.api import check_test, load
from litmus.errors import LitmusError
from litmus.models import get_model
from litmus.reference import reference_outcomes


def answers(source: str, filename: str = "t.lit", model: str = "go"):
    """(outcomes as sorted value maps, racing variables), the same from both engines."""
    test = load(source, filename)
    report = check_test(test, get_model(model), all_observables=True)
    ref = reference_outcomes(test, get_model(model), shown=None)
    assert set(report.outcomes) == ref.outcomes
    outcomes = {tuple(sorted((k, str(v)) for k, v in o.value_map.items())) for o in report.outcomes}
    return outcomes, {r.var for r in report.races}


def refused(source: str, filename: str = "t.lit"):
    with pytest.raises(LitmusError) as info:
        load(source, filename)
    return info.value.diagnostics[0]


POINT = "type Point struct {\n    x, y int\n}\n"


def test_different_fields_never_race_the_same_field_does():
    _, races = answers(POINT + "var p Point\ngo func P0() {\n    p.x = 1\n}\ngo func P1() {\n    p.y = 2\n}\n"
                       "exists (p.x == 1)\n")
    assert races == set()
    _, races = answers(POINT + "var p Point\ngo func P0() {\n    p.x = 1\n}\ngo func P1() {\n    p.x = 2\n}\n"
                       "exists (p.x == 1)\n")
    assert races == {"p.x"}


def test_array_elements_are_locations_and_nested_names_are_gos():
    src = ("type S struct {\n    in Point\n    a [3]int\n}\n" + POINT +
           "var s S\ngo func P0() {\n    s.in.y = 1\n    s.a[2] = 5\n}\n"
           "go func P1() {\n    s.a[1] = 7\n    r := s.a[2]\n}\nexists (P1.r == 5 && s.in.y == 1 && s.a[1] == 7)\n")
    outcomes, races = answers(src)
    assert races == {"s.a[2]"}
    assert any(("P1.r", "5") in o for o in outcomes) and any(("P1.r", "0") in o for o in outcomes)


def test_composite_literals_and_zero_values_initialise_package_variables():
    outcomes, _ = answers(POINT + "var p = Point{y: 3}\nvar a = [...]int{1, 2: 4}\n"
                          "go func P0() {\n    r := p.y\n    r += a[2]\n    r += a[0] + len(a)\n}\nexists (P0.r == 0)\n")
    assert {dict(o)["P0.r"] for o in outcomes} == {"11"}


def test_a_struct_copy_reads_and_writes_every_field():
    src = POINT + ("var p Point\nvar q Point\ngo func P0() {\n    p = Point{1, 2}\n}\n"
                   "go func P1() {\n    q = p\n}\nexists (q.x == 1)\n")
    outcomes, races = answers(src)
    assert races == {"p.x", "p.y"}
    assert {(dict(o)["q.x"], dict(o)["q.y"]) for o in outcomes} >= {("0", "0"), ("1", "2")}


def test_arrays_of_structs_and_structs_of_arrays():
    src = (POINT + "type Line struct {\n    ends [2]Point\n    tag  string\n}\n"
           'var l = Line{ends: [2]Point{Point{1, 2}, Point{x: 3}}, tag: "a"}\nvar m Line\n'
           "go func P0() {\n    m = l\n    m.ends[1].y = 9\n    r := m.ends[1].x\n    r += m.ends[0].y\n"
           "    var pts [2]Point\n    pts[1] = Point{5, 6}\n    s := pts[1].y\n}\n"
           "exists (P0.r == 5 && m.ends[1].y == 9 && P0.s == 6)\n")
    outcomes, _ = answers(src)
    assert {(dict(o)["P0.r"], dict(o)["m.ends[1].y"], dict(o)["P0.s"], dict(o)["m.tag"]) for o in outcomes} == {
        ("5", "9", "6", '"a"')}


def test_channels_as_fields_made_in_the_literal():
    src = ("type Pipe struct {\n    c chan int\n    n int\n}\nvar p = Pipe{c: make(chan int, 1)}\n"
           "go func P0() {\n    p.n = 5\n    p.c <- 1\n}\ngo func P1() {\n    <-p.c\n    r := p.n\n}\n"
           "exists (P1.r == 5)\n")
    outcomes, races = answers(src)
    assert races == set() and {dict(o)["P1.r"] for o in outcomes} == {"5"}


def test_pointer_fields_are_pointers_chosen_at_run_time():
    src = (POINT + "type Ptr struct {\n    s1, s2 *Point\n}\nvar a, b Point\nvar p = Ptr{&a, &b}\n"
           "var ch = make(chan bool, 1)\ngo func P0() {\n    p.s1.x = 1\n    ch <- true\n}\n"
           "go func P1() {\n    p.s1.y = 2\n    <-ch\n    q := Ptr{}\n    q.s2 = &b\n    q.s2.x = 7\n"
           "    ok := q.s1 == nil\n    r := p.s1.x\n}\nexists (P1.r == 1 && b.x == 7 && P1.ok)\n")
    outcomes, races = answers(src)
    assert races == set()
    assert {(dict(o)["P1.r"], dict(o)["b.x"], dict(o)["P1.ok"]) for o in outcomes} == {("1", "7", "true")}


COMP_PTR_GO = """package main

type P struct {
\tx, y int
}

type Ptr struct {
\ts1, s2 *P
}

func main() {
\tc := make(chan bool, 1)
\tp := Ptr{&P{}, &P{}}
\tgo func() {
\t\tp.s1.x = 1
\t\tc <- true
\t}()
\tp.s1.y = 2
\tq := Ptr{&P{}, &P{}}
\tgo func() {
\t\tq.s2.x = 1
\t\tc <- true
\t}()
\tq.s2 = &P{}
\t<-c
\t<-c
}
"""


def test_the_race_detectors_comp_ptr_tests_race_on_the_pointer_field_only():
    """TestNoRaceCompPtr (p.s1.x beside p.s1.y) and TestRaceCompPtr2 (q.s2.x beside
    q.s2 = &P{}: the pointer races; the new P's fields, made with it, do not)."""
    test = load(COMP_PTR_GO, "t.go")
    report = check_test(test, get_model("go"))
    assert {r.var for r in report.races} == {"main.q.s2"}


LINKED_GO = """package main

import "fmt"

type Node struct {
\tv    int
\tnext *Node
}

func main() {
\tn1 := &Node{v: 1}
\tn2 := &Node{v: 2, next: n1}
\tn3 := &Node{v: 3}
\tn1.next = n3
\tp := n2
\tp = p.next
\tsum := p.v
\tvar q *Node = n2
\tq.next.next.v = 10
\tfmt.Println(sum)
\tfmt.Println(n3.v)
}
"""


def test_a_linked_list_through_pointer_fields():
    """p.next with p chosen at run time reads the field p holds; q.next.next.v goes
    through two pointers (it was refused, then `p := n2` was "the pointer n2 used here")."""
    test = load(LINKED_GO, "t.go")
    report = check_test(test, get_model("go"), all_observables=True)
    assert {o.value_map["stdout"] for o in report.outcomes} == {'"1\\n10\\n"'}
    assert set(report.outcomes) == reference_outcomes(test, get_model("go"), shown=None).outcomes


def test_a_local_struct_in_a_lit_test_is_one_local_per_field():
    outcomes, _ = answers(POINT + "go func P0() {\n    var q Point\n    q.x = 4\n    t := q\n    t.y = q.x + 1\n"
                          "    r := t.y\n}\nexists (P0.r == 5)\n")
    assert {dict(o)["P0.r"] for o in outcomes} == {"5"}


def test_pointer_methods_and_an_embedded_mutex_guard_the_counter():
    src = ("type Counter struct {\n    sync.Mutex\n    n int\n}\n"
           "func (c *Counter) Inc() {\n    c.Lock()\n    c.n++\n    c.Unlock()\n}\n"
           "func (c Counter) Get() int {\n    return c.n\n}\n"
           "var c Counter\ngo func P0() {\n    c.Inc()\n}\ngo func P1() {\n    p := &c\n    p.Inc()\n}\n"
           "exists (c.n == 1)\n")
    outcomes, races = answers(src)
    assert races == set() and {dict(o)["c.n"] for o in outcomes} == {"2"}


def test_a_named_mutex_field_and_a_method_with_a_result():
    src = ("type Box struct {\n    mu sync.Mutex\n    v int\n}\n"
           "func (b *Box) Put(x int) {\n    b.mu.Lock()\n    b.v = x\n    b.mu.Unlock()\n}\n"
           "func (b *Box) Take() int {\n    b.mu.Lock()\n    defer b.mu.Unlock()\n    return b.v\n}\n"
           "var b Box\ngo func P0() {\n    b.Put(3)\n}\ngo func P1() {\n    r := b.Take()\n}\n"
           "exists (P1.r == 3)\n")
    outcomes, races = answers(src)
    assert races == set() and {dict(o)["P1.r"] for o in outcomes} == {"0", "3"}


def test_atomics_and_sync_objects_as_fields():
    """`atomic.AddInt64(&st.n, 2)` was refused ("the first argument ... is a pointer")."""
    src = ("type Stats struct {\n    hits atomic.Int64\n    n    int64\n    wg   sync.WaitGroup\n"
           "    rw   sync.RWMutex\n    val  atomic.Value\n}\nvar st Stats\nfunc init() {\n    st.wg.Add(2)\n}\n"
           "go func P0() {\n    st.hits.Add(1)\n    atomic.AddInt64(&st.n, 2)\n    st.val.Store(1)\n    st.wg.Done()\n}\n"
           "go func P1() {\n    st.hits.Add(1)\n    p := &st.n\n    atomic.AddInt64(p, 1)\n    st.rw.RLock()\n"
           "    st.rw.RUnlock()\n    st.wg.Done()\n}\n"
           "go func P2() {\n    st.wg.Wait()\n    r := st.hits.Load()\n    s := atomic.LoadInt64(&st.n)\n"
           "    v := st.val.Load()\n}\nexists (P2.r == 2 && P2.s == 3 && P2.v == 1)\n")
    outcomes, races = answers(src)
    assert races == set()
    assert {(dict(o)["P2.r"], dict(o)["P2.s"], dict(o)["P2.v"]) for o in outcomes} == {("2", "3", "1")}


def test_a_value_receiver_works_on_a_copy():
    src = POINT + ("func (p Point) Moved() int {\n    p.x = p.x + 10\n    return p.x\n}\n"
                   "var p = Point{1, 2}\ngo func P0() {\n    r := p.Moved()\n    s := p.x\n}\n"
                   "exists (P0.r == 11 && P0.s == 1)\n")
    outcomes, _ = answers(src)
    assert {(dict(o)["P0.r"], dict(o)["P0.s"]) for o in outcomes} == {("11", "1")}


def test_pointers_to_basic_variables_and_fields():
    src = POINT + ("var x int\nvar p Point\nfunc bump(q *int) {\n    *q = *q + 1\n}\n"
                   "go func P0() {\n    bump(&x)\n    bump(&p.y)\n    q := &p.x\n    *q = 7\n}\n"
                   "go func P1() {\n    p.x = 1\n}\nexists (x == 1 && p.y == 1)\n")
    outcomes, races = answers(src)
    assert races == {"p.x"}
    assert {(dict(o)["x"], dict(o)["p.y"]) for o in outcomes} == {("1", "1")}


def test_range_over_an_array_and_constant_indices_from_a_constant_loop():
    src = ("var a = [3]int{1, 2, 3}\nvar b [3]int\ngo func P0() {\n    s := 0\n    for i, v := range a {\n"
           "        s += i * v\n    }\n    for i := 0; i < 3; i++ {\n        b[i] = i\n    }\n    r := s\n}\n"
           "exists (P0.r == 8 && b[2] == 2)\n")
    outcomes, _ = answers(src)
    assert {(dict(o)["P0.r"], dict(o)["b[2]"]) for o in outcomes} == {("8", "2")}


def test_a_computed_index_chooses_the_element_when_the_program_runs_and_panics_out_of_range():
    src = ("var a [3]int\nvar i int\ngo func P0() {\n    i = 2\n}\ngo func P1() {\n    k := i\n    a[k] = 5\n"
           "    a[k+1]++\n    r := a[k]\n}\nexists (P1.panicked)\n")
    test = load(src, "t.lit")
    report = check_test(test, get_model("go"), all_observables=True)
    assert set(report.outcomes) == reference_outcomes(test, get_model("go"), shown=None).outcomes
    ends = {dict(o.goroutines)["P1"].panic for o in report.outcomes}
    assert ends == {"", "runtime error: index out of range [3] with length 3"}
    writes = {(dict(o.value_map)["a[0]"], dict(o.value_map)["a[2]"]) for o in report.outcomes}
    assert writes == {("5", "0"), ("0", "5")}


def test_a_pointer_assigned_again_is_chosen_when_the_program_runs_and_a_racy_one_may_be_nil():
    """p read twice races with its write: `p != nil` may see &b and `p.x` nil (Go's
    racy read: any value written); nil dereference panics with Go's message."""
    src = ("type T struct {\n    x int\n}\nvar a, b T\nvar p *T\nvar q = &a\n"
           "go func P0() {\n    p = &b\n    q.x = 1\n}\n"
           "go func P1() {\n    r := 0\n    if p != nil {\n        r = p.x\n    }\n    var s *T\n    s = p\n"
           "    t := s == q\n}\nexists (P1.r == 0)\n")
    test = load(src, "t.lit")
    report = check_test(test, get_model("go"), all_observables=True)
    assert set(report.outcomes) == reference_outcomes(test, get_model("go"), shown=None).outcomes
    assert {dict(o.goroutines)["P1"].panic for o in report.outcomes} == {
        "", "runtime error: invalid memory address or nil pointer dereference"}
    assert {r.var for r in report.races} == {"p"}


POINTERS_GO = """package main

import "fmt"

type Node struct {
\tv int
}

func pick(a, b *Node, first bool) *Node {
\tif first {
\t\treturn a
\t}
\treturn b
}

func main() {
\tx := 1
\tp := &x
\t*p = 2
\tfmt.Println(x)
\tn := &Node{v: 3}
\tvar cur *Node
\tif cur == nil {
\t\tcur = n
\t}
\tcur.v++
\tcur = new(Node)
\tcur.v = 7
\tr := pick(n, cur, false)
\tr.v++
\tfmt.Println(n.v)
\tfmt.Println(cur.v)
\tvar q *Node
\tfmt.Println(q.v)
}
"""


def test_pointers_in_a_go_program_write_what_they_point_to():
    """x, written through p, is not the constant it was declared with (it was: `1`)."""
    report = check_test(load(POINTERS_GO, "t.go"), get_model("go"))
    (o,) = report.outcomes
    assert o.value_map["stdout"] == '"2\\n4\\n8\\n"'
    assert o.value_map["stderr"] == '"panic: runtime error: invalid memory address or nil pointer dereference\\n"'


GO_COUNTER = """package main

import (
\t"fmt"
\t"sync"
)

type SafeCounter struct {
\tmu sync.Mutex
\tv  int
}

func (c *SafeCounter) Inc() {
\tc.mu.Lock()
\tc.v++
\tc.mu.Unlock()
}

func (c *SafeCounter) Value() int {
\tc.mu.Lock()
\tdefer c.mu.Unlock()
\treturn c.v
}

func main() {
\tc := SafeCounter{}
\tp := &SafeCounter{v: 10}
\tvar wg sync.WaitGroup
\tfor i := 0; i < 2; i++ {
\t\twg.Add(1)
\t\tgo func() {
\t\t\tdefer wg.Done()
\t\t\tc.Inc()
\t\t\tp.Inc()
\t\t}()
\t}
\twg.Wait()
\tfmt.Println(c.Value(), p.Value())
}
"""


def test_a_go_program_with_a_struct_its_mutex_and_methods():
    test = load(GO_COUNTER, "t.go")
    report = check_test(test, get_model("go"))
    assert {o.value_map["stdout"] for o in report.outcomes} == {'"2 12\\n"'}
    assert not report.races
    assert {"main.c.v", "main.p.v", "main.c.mu"} <= {v.name for v in test.program.shared}


CHANNEL_FIELDS_GO = """package main

import "fmt"

type Worker struct {
\tjobs chan int
\tdone chan struct{}
\tn    int
}

func (w *Worker) run() {
\tfor j := range w.jobs {
\t\tw.n += j
\t}
\tclose(w.done)
}

func main() {
\tw := &Worker{jobs: make(chan int, 2), done: make(chan struct{})}
\tgo w.run()
\tw.jobs <- 1
\tw.jobs <- 2
\tclose(w.jobs)
\t<-w.done
\tfmt.Println(w.n)
}
"""


def test_assigning_a_channel_field_again_is_refused():
    """It kept sending on the first channel (the field was bound once, statically)."""
    src = CHANNEL_FIELDS_GO.replace("\tgo w.run()\n", "\tw.jobs = make(chan int, 2)\n\tgo w.run()\n")
    assert refused(src, "t.go").message == "assigning the channel field main.w.jobs again is not supported yet"


def test_a_go_program_with_channel_fields_and_go_on_a_method():
    report = check_test(load(CHANNEL_FIELDS_GO, "t.go"), get_model("go"))
    assert {o.value_map["stdout"] for o in report.outcomes} == {'"3\\n"'} and not report.races


@pytest.mark.parametrize("source, message", [
    ("type T int\ngo func P0() {\n}\n", "type declarations other than structs (type T int) are not supported yet"),
    (POINT + "var p Point\ngo func P0() {\n    r := p.z\n}\n", "p.z undefined (type Point has no field or method z)"),
    ("var a [3]int\ngo func P0() {\n    a[3] = 1\n}\n", "invalid argument: index 3 out of bounds [0:3]"),
    ("type T struct {\n    x int\n}\nvar a [2]T\nvar i int\ngo func P0() {\n    k := i\n    r := a[k]\n}\n",
     "computed indices into arrays of structs, arrays or objects (a[...]) are not supported yet"),
    ("type C struct {\n    mu sync.Mutex\n}\nfunc (c C) M() {\n}\nvar c C\ngo func P0() {\n    c.M()\n}\n",
     "copying c, which holds a mutex is not supported yet"),
    ("var x int\ngo func P0() {\n    r := x.f\n}\n", "x.f undefined (type int has no field or method f)"),
    ("var s []int\n", "slices ([]int) are not supported yet"),
    ("type Pipe struct {\n    c chan int\n}\nvar p Pipe\ngo func P0() {\n}\n",
     "a nil channel field or element (p.c) is not supported yet"),
    (POINT + "go func P0() {\n    var s Point\n    go func() {\n        s.x = 1\n    }()\n}\n",
     "the function literal captures the local s of its parent"),
    (POINT + "var a, b Point\ngo func P0() {\n    r := a == b\n}\n",
     "the Point value a used here (struct comparison, printing or conversion) is not supported yet"),
    ("type L struct {\n    next **L\n}\nvar l L\ngo func P0() {\n}\n",
     "pointer fields to other than structs, arrays and basic types (l.next **L) are not supported yet"),
    (POINT + "func origin() Point {\n    return Point{}\n}\ngo func P0() {\n    r := origin()\n}\n",
     "a Point value here (a result, a parameter of this kind or an element type) is not supported yet"),
])
def test_what_is_not_go_or_not_supported_yet_is_refused_at_the_construct(source, message):
    assert refused(source).message == message


def test_range_over_an_array_literal_in_a_for_header():
    """`for _, v := range [2]int{4, 5} {`: Go reads the literal in the header (only a bare
    type name there would be ambiguous), and range evaluates it once (checked with go run)."""
    src = ('package main\n\nimport "fmt"\n\nfunc main() {\n\ta := [3]int{1, 2, 3}\n\tfor i := range a {\n'
           '\t\tfmt.Print(a[i])\n\t}\n\tif a[0] == 1 {\n\t\tfmt.Println()\n\t}\n'
           '\tfor _, v := range [2]int{4, 5} {\n\t\tfmt.Print(v)\n\t}\n}\n')
    outcomes, races = answers(src, "main.go")
    assert {dict(o)["stdout"] for o in outcomes} == {'"123\\n45"'} and not races
