"""Semantic dependencies (docs/decisions.md, "Dependencies are semantic"): a
store depends on a read only if another value of the read could change whether
or what it stores. Folded arithmetic and identical arms lose the dependency in
both engines; real dependencies stay (else thin-air values would appear)."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litmus.api import check_test, load, shown_observables
from litmus.effects import same_code
from litmus.models import get_model
from litmus.reference import reference_outcomes

LB = """litmus "t"
var x int
var y int
go func P0() {{
    r1 := x
{p0}
}}
go func P1() {{
    r2 := y
    x = r2
}}
exists (P0.r1 == 1 && P1.r2 == 1)
"""


def cycle_allowed(p0: str) -> bool:
    """Whether both engines allow the LB cycle (1, 1) under go (they must agree)."""
    test = load(LB.format(p0=p0), "t.lit")
    model = get_model("go")
    z3_report = check_test(test, model)
    ref = reference_outcomes(test, model, shown=shown_observables(test, all_observables=False))
    assert set(z3_report.outcomes) == ref.outcomes
    return z3_report.positive > 0


@pytest.mark.parametrize("p0", [
    "    y = r1 - r1 + 1",
    "    y = r1*0 + 1",
    "    y = (r1 ^ r1) | 1",
    "    if r1 == 1 {\n        y = 1\n    } else {\n        y = 1\n    }",
    "    if r1 == 1 {\n    }\n    y = r1 - r1 + 1",
    "    z := 7\n    r3 := (z - r1 + r1) * 0\n    y = r3 + 1",
], ids=["minus", "times-zero", "xor", "same-arms", "empty-if", "two-terms"])
def test_no_dependency_allows_the_cycle(p0):
    assert cycle_allowed(p0)


@pytest.mark.parametrize("p0", [
    "    y = r1",
    "    y = r1*0 + r1",
    "    y = r1 - r1 + r1",
    "    if r1 == 1 {\n        y = 1\n    }",
    "    if r1 == 1 {\n        y = 1\n    } else {\n        y = 2\n    }",
    "    if r1 == 1 {\n        y = r1\n    } else {\n        y = 1\n    }",
    "    if r1 == 1 {\n        y = 1\n    } else {\n        y = 1\n        y = 1\n    }",
    "    r3 := r1 + 1\n    y = r3 - 1",
    "    var i any = r1\n    r4 := i.(int)\n    y = r4",
], ids=["data", "times-zero-plus", "minus-plus", "if-no-else", "if-other-value", "if-other-expr",
        "arms-differ", "through-local", "through-interface"])
def test_real_dependency_forbids_the_cycle(p0):
    assert not cycle_allowed(p0)


# Found by test_generated_mixed_programs: a replay of P1 with r1 != 0 skips
# a.Add and ends before the store; it must not be fed the Add's answers.
REPLAY_ENDS = """litmus "t"
var x, y, z int64
var v atomic.Value
var a atomic.Int64
go func P0() {
    r0 := x
    if r0 == 0 {
        z = v.Load().(int64)
    }
    y = 1
}
go func P1() {
    r1 := y
    if r1 == 0 {
        a.Add(1)
    }
    x = r1
}
"""


def test_replay_that_ends_before_the_store():
    test = load(REPLAY_ENDS, "t.lit")
    model = get_model("go")
    ref = reference_outcomes(test, model, shown=shown_observables(test, all_observables=False))
    assert set(check_test(test, model).outcomes) == ref.outcomes


def test_same_code_ignores_positions_only():
    body = load(LB.format(p0="    y = 1\n    y = 1"), "t.lit").program.goroutines[0].body
    assert body[1].span != body[2].span and same_code(body[1:2], body[2:3])
    assert not same_code(body[0:1], body[1:2])
    assert not same_code(body[1:], body[1:2])


@pytest.mark.parametrize("p0", [
    "    if r1 > 5 {\n        y = r1 - r1 + 1\n    } else {\n        y = 1\n    }",
    "    r3 := r1 - r1\n    if r3 == 0 {\n        y = 1\n    }",
], ids=["different-arms", "folded-condition"])
def test_conditions_stay_syntactic(p0):
    """Control dependencies are semantic only for identical arms (docs/decisions.md):
    arms storing the same value by different code, or a condition that folds to
    a constant, keep the condition, conservatively, in both engines."""
    assert not cycle_allowed(p0)


# Both engines on generated stores: folding and non-folding expressions over
# the read, alone or in identical / different if-arms.
def _exprs():
    leaf = st.sampled_from(["r1", "r1", "0", "1", "2", "-1"])
    return st.recursive(leaf, lambda sub: st.builds(
        lambda a, op, b: f"({a} {op} {b})", sub, st.sampled_from(["+", "-", "*", "^", "&", "|"]), sub),
        max_leaves=5)


@st.composite
def _stores(draw):
    a, b = draw(_exprs()), draw(_exprs())
    shape = draw(st.sampled_from(["plain", "same", "other", "then-only"]))
    if shape == "plain":
        return f"    y = {a}"
    arms = {"same": (a, a), "other": (a, b), "then-only": (a, None)}[shape]
    text = f"    if r1 == 1 {{\n        y = {arms[0]}\n    }}"
    return text + (f" else {{\n        y = {arms[1]}\n    }}" if arms[1] is not None else "")


@settings(max_examples=int(os.environ.get("LITMUS_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_stores())
def test_generated_stores_agree(p0):
    cycle_allowed(p0)  # asserts that the two engines list the same outcomes
