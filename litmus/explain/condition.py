"""A condition as a Z3 formula over one combo's encoding.

`litmus.report.condition` evaluates a condition on an outcome; an
explanation needs the same question asked of every execution at once, so
here each observable is the term the search would read (a local's value, a
shared variable's final value, the racy flag) or a Python value fixed by the
combo (a goroutine's status, a local its path never assigns). Comparisons
follow the same Go rules: `true` is not `1`, `unset` equals only `unset`, an
interface value compares by its contents.
"""

from __future__ import annotations

import z3

from litmus.errors import LitmusArgumentError
from litmus.program import INT_TYPES
from litmus.report.condition import _eq
from litmus.program import GO_OBSERVABLES
from litmus.report.outcome import Status
from litmus.paths import render_pieces
from litmus.solver.z3values import BOX_TYPES, accessor, recognizer, to_z3
from litmus.syntax import ast
from litmus.values import UNSET, Boxed, format_piece


class Unsupported(LitmusArgumentError):
    """A condition litmus cannot explain yet (it still answers it)."""


def condition_term(expr: ast.CondExpr, observe) -> z3.BoolRef:
    """`observe(observable) -> (value, type)`: a Python value (type None) or a Z3 term of that Go type."""
    v = _value(expr, observe)
    if isinstance(v, tuple):  # a bare observable or literal: true when it is the bool true
        x, typ = v
        if typ is None:
            return z3.BoolVal(_plain(x) is True)
        return x if typ == "bool" else z3.BoolVal(False)
    return v


def _bool(x) -> z3.BoolRef:
    return z3.BoolVal(x) if isinstance(x, bool) else x


def _value(expr, observe):
    match expr:
        case ast.CondLit(v):
            return (v, None)
        case ast.Observable():
            return observe(expr)
        case ast.CondNot(x):
            return z3.Not(condition_term(x, observe))
        case ast.CondBin(op, l, r):
            if op == "&&":
                return z3.And(condition_term(l, observe), condition_term(r, observe))
            if op == "||":
                return z3.Or(condition_term(l, observe), condition_term(r, observe))
            a, b = _value(l, observe), _value(r, observe)
            if not isinstance(a, tuple) or not isinstance(b, tuple):
                raise Unsupported(f"explaining a condition that compares {op} with a truth value is not supported yet")
            if op in ("==", "!="):
                eq = _equal(a, b)
                return eq if op == "==" else z3.Not(eq)
            if op in ("<", "<=", ">", ">="):
                return _ordered(op, a, b)
            raise Unsupported(f"explaining a condition with arithmetic ({op}) is not supported yet")
    raise Unsupported(f"explaining the condition {expr!r} is not supported yet")


def _plain(v):
    return v.value if isinstance(v, Boxed) else v


def _fits(v, typ: str) -> bool:
    if typ in INT_TYPES:
        bits, signed = INT_TYPES[typ]
        lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
        return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi
    return {"bool": bool, "string": str, "float64": float}.get(typ) is type(v)


def _equal(a, b) -> z3.BoolRef:
    (x, tx), (y, ty) = a, b
    if tx is None and ty is None:
        return z3.BoolVal(_eq(x, y))
    if tx is None:
        (x, tx), (y, ty) = b, a
    if ty is None:  # a term x of Go type tx against a Python value y
        y = _plain(y)
        if y is UNSET:
            return z3.BoolVal(False)
        if tx == "any":
            if y is None:
                return recognizer("nil")(x)
            return z3.Or(False, *[z3.And(recognizer(t)(x), accessor(t)(x) == to_z3(y, t))
                                  for t in BOX_TYPES if _fits(y, t)])
        return x == to_z3(y, tx) if _fits(y, tx) else z3.BoolVal(False)
    if tx == ty and tx != "any":
        return x == y
    if tx == "any" or ty == "any":
        raise Unsupported("explaining a comparison of an interface value with another variable is not supported yet")
    both_int = tx in INT_TYPES and ty in INT_TYPES
    if both_int:
        raise Unsupported(f"explaining a comparison of {tx} with {ty} is not supported yet")
    return z3.BoolVal(False)  # different kinds of value never compare equal


def _ordered(op: str, a, b) -> z3.BoolRef:
    (x, tx), (y, ty) = a, b
    if tx is None and ty is None:
        x, y = _plain(x), _plain(y)
        if x is UNSET or y is UNSET or type(x) is not type(y) or x is None:
            return z3.BoolVal(False)
        return z3.BoolVal({"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op])
    flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
    if tx is None:
        (x, tx), (y, ty), op = b, a, flip[op]
    if tx not in INT_TYPES:
        raise Unsupported(f"explaining an ordered comparison of a {tx} is not supported yet")
    if ty is None:
        y = _plain(y)
        if not isinstance(y, int) or isinstance(y, bool):
            return z3.BoolVal(False)
        bits, signed = INT_TYPES[tx]
        lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
        if y < lo or y > hi:  # every value of x is on one side of y
            return z3.BoolVal((op in ("<", "<=")) == (y > hi))
        y = to_z3(y, tx)
    elif ty != tx:
        raise Unsupported(f"explaining a comparison of {tx} with {ty} is not supported yet")
    signed = INT_TYPES[tx][1]
    if signed:
        return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]
    return {"<": z3.ULT(x, y), "<=": z3.ULE(x, y), ">": z3.UGT(x, y), ">=": z3.UGE(x, y)}[op]


def observer(combo, enc, program, projection: dict[str, tuple], racy_term):
    """observe(observable) for one combo: `projection` maps shown names to (term or UNSET, type)."""
    ends = {p.goroutine: p for p in combo.paths}

    def observe(o: ast.Observable):
        if o.goroutine is None and o.name == "race":
            return (racy_term, "bool")
        if program.go and o.goroutine is None and o.name in GO_OBSERVABLES:
            raise Unsupported(f"explaining a condition on a Go program's {o.name} is not supported yet")
        if o.goroutine is None and o.name == "deadlock":
            statuses = [p.status for p in combo.paths]
            stuck = any(s in (Status.BLOCKED, Status.SPINNING) for s in statuses) and Status.CUT not in statuses
            return (stuck, None)
        if o.goroutine is not None and o.name in ("out", "blocked", "panicked"):
            p = ends.get(o.goroutine)
            if p is None:
                return ("" if o.name == "out" else False, None)
            if o.name == "blocked":
                return (p.status in (Status.BLOCKED, Status.SPINNING), None)
            if o.name == "panicked":
                return (p.status is Status.PANIC, None)
            if all(typ == "sep" or v.concrete for v, typ, _ in p.out):
                return (render_pieces(p.out, lambda term, typ: term), None)
            return (z3.Concat(z3.StringVal(""), *[_printed(v, typ, verb) for v, typ, verb in p.out]), "string")
        name = str(o)
        if name not in projection:
            return (UNSET, None)
        term, typ = projection[name]
        if term is UNSET or not isinstance(term, z3.ExprRef):
            return (term, None)
        return (term, typ)

    return observe


def _printed(v, typ: str, verb: str) -> z3.SeqRef:
    """A printed piece as a Z3 string (values.format_piece on terms)."""
    if typ == "sep":
        return z3.StringVal(v)
    if v.concrete:
        return z3.StringVal(format_piece(v.term, typ, verb))
    t = v.term
    if typ == "string":
        return t
    if typ == "bool":
        return z3.If(t, z3.StringVal("true"), z3.StringVal("false"))
    if typ in INT_TYPES:
        n = z3.BV2Int(t, is_signed=INT_TYPES[typ][1])
        return z3.If(n < 0, z3.Concat(z3.StringVal("-"), z3.IntToStr(-n)), z3.IntToStr(n))
    raise Unsupported(f"explaining a condition on printed {typ} values is not supported yet")
