"""The question: evaluating a condition on an outcome, and herd's observation.

Values compare as Go values: `true` is not `1`; `unset` equals only `unset`,
and ordered comparisons with it are false.
"""

from __future__ import annotations

from litmus.report.outcome import Outcome, Status
from litmus.syntax import ast
from litmus.values import UNSET, Boxed, parse_value


def observables_in(expr: ast.CondExpr) -> list[ast.Observable]:
    """The observables a condition names, in order, once each."""
    match expr:
        case ast.Observable():
            return [expr]
        case ast.CondNot(x):
            return observables_in(x)
        case ast.CondBin(_, l, r):
            return list(dict.fromkeys(observables_in(l) + observables_in(r)))
    return []


def observables_of(expr: ast.CondExpr) -> set[str]:
    return {str(o) for o in observables_in(expr)}


def value_of(o: ast.Observable, outcome: Outcome):
    if o.goroutine is None:
        if o.name == "race":
            return outcome.racy
        if o.name == "deadlock":
            # some goroutine blocked, and every one that has not finished is blocked
            ends = [g.status for _, g in outcome.goroutines]
            return any(s in (Status.BLOCKED, Status.SPINNING) for s in ends) and Status.CUT not in ends
        return _lookup(outcome, o.name)
    ends = dict(outcome.goroutines)
    if o.name in ("out", "blocked", "panicked"):
        end = ends.get(o.goroutine)
        if end is None:  # the goroutine did not run in this execution
            return "" if o.name == "out" else False
        if o.name == "out":
            return end.out
        if o.name == "blocked":
            return end.status in (Status.BLOCKED, Status.SPINNING)
        return end.status is Status.PANIC
    return _lookup(outcome, f"{o.goroutine}.{o.name}")


def _lookup(outcome: Outcome, name: str):
    text = outcome.value_map.get(name)
    return UNSET if text is None else parse_value(text)


def _plain(v):
    return v.value if isinstance(v, Boxed) else v


def _eq(a, b) -> bool:
    a, b = _plain(a), _plain(b)
    if a is UNSET or b is UNSET:
        return a is b
    return type(a) is type(b) and a == b


def _value(expr, outcome: Outcome):
    match expr:
        case ast.CondLit(v):
            return v
        case ast.Observable():
            return value_of(expr, outcome)
        case ast.CondNot(x):
            return not _truth(x, outcome)
        case ast.CondBin(op, l, r):
            if op == "&&":
                return _truth(l, outcome) and _truth(r, outcome)
            if op == "||":
                return _truth(l, outcome) or _truth(r, outcome)
            a, b = _plain(_value(l, outcome)), _plain(_value(r, outcome))
            if op == "==":
                return _eq(a, b)
            if op == "!=":
                return not _eq(a, b)
            if a is UNSET or b is UNSET or type(a) is not type(b) or a is None:
                return False
            return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op] if op in ("<", "<=", ">", ">=") \
                else _arith(op, a, b)
    raise ValueError(f"bad condition {expr!r}")


def _arith(op, a, b):
    if not isinstance(a, int) or isinstance(a, bool):
        return False
    return {"+": a + b, "-": a - b, "*": a * b}.get(op, False)


def _truth(expr, outcome: Outcome) -> bool:
    v = _value(expr, outcome)
    return v is True


def evaluate(expr: ast.CondExpr, outcome: Outcome) -> bool:
    return _truth(expr, outcome)


def observation(positive: int, negative: int, complete: bool) -> str:
    """herd's Never / Sometimes / Always; a partial search cannot claim never or always."""
    if positive and negative:
        return "sometimes"
    if not complete:
        return "unknown"
    if positive:
        return "always"
    if negative:
        return "never"
    return "never"
