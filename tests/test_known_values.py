"""A variable whose value the lowering knows (a parameter bound to a constant,
`n := 10` never assigned, a constant loop's variable) is still a variable:
Go computes with it at run time, so arithmetic on it wraps, a zero divisor and
an index out of range panic when the program runs, and none of it is a
compile error (program.Const.known). Each expected output is what `go run`
printed (Go 1.26)."""

from __future__ import annotations

import pytest

import litmus

PROGRAMS = {
    "wrap-and-divide": ("""package main

import "fmt"

func add(a int8) int8 { return a + 1 }

func div(a, b int) int { return a / b }

func main() {
\tfmt.Println(add(127))
\tx := 0
\tfmt.Println(div(1, x))
}
""", '"-128\\n"', '"panic: runtime error: integer divide by zero\\n"', "2"),
    "index-in-a-loop": ("""package main

import "fmt"

func main() {
\tvar a [3]int
\tfor i := 0; i <= 3; i++ {
\t\ta[i] = i
\t}
\tfmt.Println(a[0])
}
""", '""', '"panic: runtime error: index out of range [3] with length 3\\n"', "2"),
    "conversions-and-negation": ("""package main

import "fmt"

func main() {
\tn := int8(100)
\tm := n + n
\ts := uint8(0)
\ts--
\tk := -128
\tfmt.Println(m, int8(k)-1, s, -int8(k))
}
""", '"-56 127 255 -128\\n"', '""', "0"),
    "named-results-and-defer": ("""package main

import "fmt"

func safeDiv(a, b int) (q int, err string) {
\tdefer func() {
\t\tif r := recover(); r != nil {
\t\t\terr = "recovered"
\t\t}
\t}()
\tq = a / b
\treturn
}

func split(sum int) (x, y int) {
\tx = sum * 4 / 9
\ty = sum - x
\treturn
}

func twice() (n int) {
\tdefer func() { n *= 2 }()
\treturn 3
}

func main() {
\tfmt.Println(safeDiv(7, 2))
\tfmt.Println(safeDiv(1, 0))
\tfmt.Println(split(17))
\tfmt.Println(twice())
}
""", '"3 \\n0 recovered\\n7 10\\n6\\n"', '""', "0"),
    "range-over-a-parameter": ("""package main

import "fmt"

type counter struct {
\tn map[string]int
}

func producer(ch chan<- int, n int) {
\tfor i := range n {
\t\tch <- i
\t}
\tclose(ch)
}

func main() {
\tc := counter{n: map[string]int{}}
\tch := make(chan int, 3)
\tgo producer(ch, 3)
\tfor v := range ch {
\t\tc.n["k"] += v
\t}
\tfmt.Println(c.n["k"], len(c.n))
}
""", '"3 1\\n"', '""', "0"),
}


@pytest.mark.parametrize("engine", ["z3", "reference"])
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_known_values_run_as_go_runs_them(tmp_path, name, engine):
    source, stdout, stderr, code = PROGRAMS[name]
    path = tmp_path / "main.go"
    path.write_text(source)
    (o,) = litmus.check_file(path, engine=engine).outcomes
    assert (o.value_map["stdout"], o.value_map["stderr"], o.value_map["exit"]) == (stdout, stderr, code)


@pytest.mark.parametrize("source,message", [
    ("var x int\ngo func P0() { x = 1 / 0 }\n", "division by zero"),
    ("var x int8\ngo func P0() { x = int8(200) }\n", "overflows int8"),
])
def test_go_constants_keep_their_compile_errors(source, message):
    with pytest.raises(litmus.LitmusError, match=message):
        litmus.check(source)
