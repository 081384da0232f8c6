"""How Go values live in Z3.

One sort per Go type: integers are bit-vectors of their width (so wrapping,
truncating division and signed/unsigned comparison are Z3's own bit-vector
operations), bool is Bool, string is Z3's String, float64 is Float64 (exact), and an interface{} value
(what atomic.Value holds) is the datatype `Any`: `nil` or a box per basic
type. `to_z3` lifts a Python value, `from_z3` reads one back from a model.
A torn string (litmus/values.py TORN) is the Z3 string of that sentinel; a
map is litmus/ops.py's datatype.
"""

from __future__ import annotations

import math
import struct
from functools import cache

import z3

from litmus.program import INT_TYPES
from litmus.values import TORN, Boxed

BOX_TYPES = tuple(sorted(INT_TYPES)) + ("bool", "string", "float64")


@cache
def any_sort() -> z3.DatatypeSortRef:
    dt = z3.Datatype("Any")
    dt.declare("nil")
    for t in BOX_TYPES:
        dt.declare(f"box_{t}", (f"un_{t}", sort_of(t)))
    return dt.create()


def sort_of(typ: str) -> z3.SortRef:
    if typ in INT_TYPES:
        return z3.BitVecSort(INT_TYPES[typ][0])
    if typ == "bool":
        return z3.BoolSort()
    if typ == "string":
        return z3.StringSort()
    if typ == "float64":
        return z3.Float64()  # IEEE binary64: Z3's arithmetic rounds as Go's does (to nearest even)
    if typ == "any":
        return any_sort()
    if typ.startswith("map["):
        from litmus.ops import map_sort
        return map_sort(typ)
    raise ValueError(f"no Z3 sort for type {typ!r}")


def constructor(typ: str):
    """The box constructor of basic type `typ` (or nil for None)."""
    s = any_sort()
    if typ == "nil":
        return s.nil
    return getattr(s, f"box_{typ}")


def recognizer(typ: str):
    s = any_sort()
    return getattr(s, "is_nil" if typ == "nil" else f"is_box_{typ}")


def accessor(typ: str):
    return getattr(any_sort(), f"un_{typ}")


def torn(data: z3.ExprRef, length: z3.ExprRef) -> z3.ExprRef:
    """values.torn on Z3 strings: the data word of one write, the length word of another."""
    return z3.If(data == length, data, z3.StringVal(TORN))


def to_z3(value, typ: str) -> z3.ExprRef:
    if isinstance(value, z3.ExprRef):
        return value
    if typ == "any":
        if value is None:
            return any_sort().nil
        assert isinstance(value, Boxed), value
        return constructor(value.type)(to_z3(value.value, value.type))
    if typ in INT_TYPES:
        return z3.BitVecVal(value, INT_TYPES[typ][0])
    if typ == "bool":
        return z3.BoolVal(bool(value))
    if typ == "string":
        return z3.StringVal(value)
    if typ == "float64":
        return z3.FPVal(float(value), z3.Float64())
    if typ.startswith("map["):
        from litmus.ops import map_to_z3
        return map_to_z3(value, typ)
    raise ValueError(typ)


def from_z3(term: z3.ExprRef, typ: str):
    """The Python value of an evaluated (model_completion) term."""
    if typ in INT_TYPES:
        bits, signed = INT_TYPES[typ]
        v = term.as_long()
        if signed and v >= 1 << (bits - 1):
            v -= 1 << bits
        return v
    if typ == "bool":
        return z3.is_true(term)
    if typ == "float64":
        if z3.is_true(z3.simplify(z3.fpIsNaN(term))):
            return math.nan
        bits = z3.simplify(z3.fpToIEEEBV(term)).as_long()
        return struct.unpack("<d", bits.to_bytes(8, "little"))[0]
    if typ == "string":
        if z3.is_true(z3.simplify(z3.Contains(term, z3.StringVal(TORN)))):
            # as_string() would spell the sentinel as the text \u{d800}: read it by code points
            n = z3.simplify(z3.Length(term)).as_long()
            return "".join(chr(z3.simplify(z3.StrToCode(z3.SubString(term, i, 1))).as_long()) for i in range(n))
        return term.as_string()
    if typ == "any":
        decl = term.decl().name()
        if decl == "nil":
            return None
        inner = decl[len("box_"):]
        return Boxed(inner, from_z3(term.arg(0), inner))
    if typ.startswith("map["):
        from litmus.ops import map_from_z3
        return map_from_z3(term, typ)
    raise ValueError(typ)
