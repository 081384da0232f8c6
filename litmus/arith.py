"""Go's operators on concrete values (ints wrap at their type's width, `/` and
`%` truncate toward zero). Used for constant folding and by the engines when
every operand is known."""

from __future__ import annotations

from litmus.program import INT_TYPES, wrap_int


class DivideByZero(Exception):
    """Go's run-time panic "integer divide by zero"."""


def arith(op: str, a, b, t: str):
    if op == "+" and isinstance(a, str):
        return a + b
    if op in ("/", "%") and b == 0:
        raise DivideByZero()
    if op == "+":
        r = a + b
    elif op == "-":
        r = a - b
    elif op == "*":
        r = a * b
    elif op == "/":
        q = abs(a) // abs(b)
        r = q if (a >= 0) == (b >= 0) else -q
    elif op == "%":
        r = abs(a) % abs(b)
        r = r if a >= 0 else -r
    elif op == "&":
        r = a & b
    elif op == "|":
        r = a | b
    elif op == "^":
        r = a ^ b
    elif op == "&^":
        r = a & ~b
    elif op == "<<":
        r = a << b if b < 256 else 0
    elif op == ">>":
        r = a >> min(b, 256)
    else:
        raise ValueError(op)
    return wrap_int(r, t) if t in INT_TYPES else r


def compare(op: str, a, b) -> bool:
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    if op == ">=":
        return a >= b
    raise ValueError(op)


def unary(op: str, v, t: str):
    if op == "!":
        return not v
    if op == "+":
        return v
    if op == "-":
        return wrap_int(-v, t) if t in INT_TYPES else -v
    if op == "^":
        return wrap_int(~v, t) if t in INT_TYPES else ~v
    if op == "conv":
        return wrap_int(v, t)
    raise ValueError(op)
