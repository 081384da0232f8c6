"""Go's operators on concrete values (ints wrap at their type's width, `/` and
`%` truncate toward zero). Used by the engines when every operand is known, and
(`constant`) for constant folding, where Go's arithmetic is exact."""

from __future__ import annotations

import math
from fractions import Fraction

from litmus.program import INT_TYPES, wrap_int


# gc's limit on an integer constant's magnitude (the spec asks for at least 256 bits):
# go build rejects `1 << 600` and a 200-digit literal with "constant overflow".
CONST_BITS = 512
SHIFT_BOUND = 1074  # gc's largest count in a constant shift ("invalid shift count" beyond)

# Go's run-time panics of the operators (both engines print them)
DIVIDE_BY_ZERO = "runtime error: integer divide by zero"
NEGATIVE_SHIFT = "runtime error: negative shift amount"


class DivideByZero(Exception):
    """Go's run-time panic "integer divide by zero"."""


class ConstantOverflow(Exception):
    """A constant expression whose exact value is beyond CONST_BITS."""


def fits_constant(v: int) -> bool:
    return abs(v).bit_length() <= CONST_BITS


def constant(op: str, a, b):
    """The exact value of constant `a op b` (Go: "Constant expressions are always
    evaluated exactly"); the caller checks it against the operands' type."""
    if op == "+" and isinstance(a, str):
        return a + b
    if isinstance(a, (Fraction, float)) or isinstance(b, (Fraction, float)):
        return _float_exact(op, Fraction(a), Fraction(b))
    if op == "<<":
        # checked before shifting: `1 << 1000000` must not build a huge number
        if a and abs(a).bit_length() + b > CONST_BITS:
            raise ConstantOverflow()
        return a << b
    if op == ">>":
        return a >> min(b, abs(a).bit_length() + 1)
    r = _exact(op, a, b)
    if not fits_constant(r):
        raise ConstantOverflow()
    return r


def arith(op: str, a, b, t: str):
    """A run-time operation: the result wraps at the width of `t`; a float64
    operation is IEEE 754's (Python's float is a double, round to nearest even)."""
    if op == "+" and isinstance(a, str):
        return a + b
    if t == "float64":
        return float_op(op, float(a), float(b))
    if op == "<<":
        r = a << b if b < 256 else 0  # wider than any typed value: the wrap gives 0
    elif op == ">>":
        r = a >> min(b, 256)
    else:
        r = _exact(op, a, b)
    return wrap_int(r, t) if t in INT_TYPES else r


def _float_exact(op: str, a: Fraction, b: Fraction) -> Fraction:
    """Untyped float constants are exact (Go: "evaluated exactly")."""
    if op == "/" and b == 0:
        raise DivideByZero()
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b}[op]()


def float_op(op: str, a: float, b: float) -> float:
    if op == "/" and b == 0.0:  # IEEE: no panic for floats
        if a != a or a == 0.0:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b}[op]()


def _exact(op: str, a: int, b: int) -> int:
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
    else:
        raise ValueError(op)
    return r


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
        return convert(v, t)
    raise ValueError(op)


def convert(v, t: str):
    """A run-time conversion between integer types and float64 (float to int
    truncates toward zero; a value out of the type's range gives what amd64
    gives: the minimum of a 64-bit type, wrapped to t)."""
    if t == "float64":
        return float(v)
    if isinstance(v, float):
        if v != v or math.isinf(v) or abs(v) >= 2.0 ** 63:
            return wrap_int(-(1 << 63), t)
        return wrap_int(int(v), t)
    return wrap_int(v, t)
