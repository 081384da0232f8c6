"""`&&` and `||` fix the order of the shared reads of their operands (Go spec,
§Logical operators: the right operand is evaluated conditionally, after the
left one); every other operator leaves it unspecified, so mixing a plain read
with another shared access there stays an error. The catalog has the verdicts
(mp_plain_and.lit, mp_value_and.lit, or_skips_racy_read.lit)."""

import pytest

from litmus.api import load
from litmus.errors import LitmusError
from litmus.solver.paths import PathBuilder
from litmus.reference.interp import End, Pending, Runner, ThreadSpec

HEAD = "var x, y, z int\nvar a atomic.Int64\n"


def lowered(body: str):
    return load(HEAD + "go func P() {\n" + body + "}\n", "t.lit")


@pytest.mark.parametrize("stmt", [
    "    r := x == 1 && y == 1\n",
    "    r := x == 1 || y == 1\n",
    "    if x == 1 && y == 1 || z == 1 {\n    }\n",
    "    r := a.Load() == 1 && x == 0\n",
    "    r := x == 0 && a.Add(1) == 1\n",
    "    for x == 0 && y == 0 {\n    }\n",
])
def test_short_circuit_operands_may_each_read_shared_memory(stmt):
    lowered(stmt)  # no "mixing" error


@pytest.mark.parametrize("stmt, var", [
    ("    r := x + y\n", "x"),
    ("    r := x == 1 && y + z == 2\n", "y"),  # the right operand alone mixes
    ("    r := (x == 1 && y == 1) == (z == 1)\n", "x"),  # `==` orders neither side
    ("    r := int64(x) + a.Load()\n", "x"),
    ("    print(x == 1 || y == 1, z)\n", "x"),  # arguments are unordered
    ("    r := a.Add(int64(x)) == 1 && y == 1\n", "x"),
])
def test_other_operators_keep_the_unspecified_order_rule(stmt, var):
    with pytest.raises(LitmusError) as info:
        lowered(stmt)
    d = info.value.diagnostics[0]
    assert d.code == "mixing"
    assert f"plain read of {var} " in str(info.value)


SOURCE = "    if x == 1 && y == 0 {\n        z = 1\n    }\n"


def test_z3_paths_read_the_right_operand_after_the_left_and_only_if_needed():
    test = lowered(SOURCE)
    g = test.program.goroutines[0]
    reads = {tuple(e.var for e in p.events if e.kind == "R")
             for p in PathBuilder(test.program, 4).paths(g)}
    assert reads == {("x",), ("x", "y")}


def test_reference_reads_the_right_operand_after_the_left_and_only_if_needed():
    runner = Runner(lowered(SOURCE).program, 4)
    spec = ThreadSpec("P")
    first = runner.run(spec, ())
    assert isinstance(first, Pending) and first.req.var == "x"
    skipped = runner.run(spec, (0,))  # x != 1: y is not read
    assert isinstance(skipped, End) and [r.var for r in skipped.events] == ["x"]
    second = runner.run(spec, (1,))
    assert isinstance(second, Pending) and second.req.var == "y"
