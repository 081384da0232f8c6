"""Go's builtin operations on strings and maps, for both engines: the one home
of what `ir.Builtin` nodes mean (docs/decisions.md, "Maps, strings, float64
and channels in full").

An operation takes values and gives a value; it reads no shared memory (a map
is one shared location: the lowering reads it with an ordinary `ir.Read` and
writes the updated map with an `ir.Write`, so an update is a read then a
write, as in Go). It may panic with Go's message, or end the path as `cut`
when it would need the bytes of a torn string (values.TORN), which litmus does
not follow.

- `concrete(op, args)` gives the result of known values, or raises `Stop`;
- `symbolic(op, terms, types)` gives (result term, checks): each check is
  (condition, status, message pieces) and applies, in order, when the
  earlier ones passed; the message pieces are Path.out pieces (text, "sep", "")
  or (value, type, "print") so that a computed index shows in the message.

Strings are Go's bytes: litmus requires their text to be ASCII where these
operations are used (the lowering refuses others), so a character is a byte.
Maps are `MapValue`s (None is the nil map); in Z3 a map of type map[K]V is the
datatype `mnil | mk(has: Array K Bool, val: Array K V, size: int)` whose
`val` holds the zero value at every absent key, so that equal maps are equal
terms.
"""

from __future__ import annotations

from functools import cache

import z3

from litmus.program import INT_TYPES, zero_value
from litmus.report.outcome import Status
from litmus.values import TORN, MapValue

__all__ = ["Stop", "concrete", "symbolic", "map_types", "map_sort", "map_to_z3", "map_from_z3", "RESULT"]

NIL_MAP_WRITE = "assignment to entry in nil map"
MAX_STRING = 64  # the longest string len/index/slice follow; a longer one is cut (both engines)
TORN_CUT = "cut"  # message of a Stop(Status.CUT): not shown


class Stop(Exception):
    """The operation ends the goroutine: a panic (Go's message) or a cut."""

    def __init__(self, status: Status, message: str):
        self.status, self.message = status, message


# ------------------------------------------------------------------ concrete


def concrete(op: str, args: tuple):
    if op in ("strlen", "strindex", "strslice") and (TORN in args[0] or len(args[0]) > MAX_STRING):
        raise Stop(Status.CUT, TORN_CUT)
    if op == "strlen":
        return len(args[0])
    if op == "strindex":
        s, i = args
        if not 0 <= i < len(s):
            raise Stop(Status.PANIC, _index_message(i, len(s)))
        return ord(s[i])
    if op == "strslice":
        s, lo, hi = args
        hi = len(s) if hi is None else hi
        if not 0 <= hi <= len(s):
            raise Stop(Status.PANIC, _alen_message(hi, len(s)))
        if not 0 <= lo <= hi:
            raise Stop(Status.PANIC, _sliceb_message(lo, hi))
        return s[lo:hi]
    if op == "maplen":
        return 0 if args[0] is None else len(args[0].items)
    if op == "mapget":  # (map, key, zero) -> value
        m, k, zero = args
        return zero if m is None else m.get(k, zero)
    if op == "mapok":  # (map, key) -> present
        m, k = args
        return m is not None and m.has(k)
    if op == "mapset":
        m, k, v = args
        if m is None:
            raise Stop(Status.PANIC, NIL_MAP_WRITE)
        return m.set(k, v)
    if op == "mapdel":
        m, k = args
        return None if m is None else m.delete(k)
    raise ValueError(op)


def _index_message(i: int, n: int) -> str:
    return f"runtime error: index out of range [{i}]" + ("" if i < 0 else f" with length {n}")


def _alen_message(hi: int, n: int) -> str:
    return f"runtime error: slice bounds out of range [:{hi}]" + ("" if hi < 0 else f" with length {n}")


def _sliceb_message(lo: int, hi: int) -> str:
    return f"runtime error: slice bounds out of range [{lo}:" + ("]" if lo < 0 else f"{hi}]")


# ------------------------------------------------------------------ symbolic


def symbolic(op: str, terms: tuple, types: tuple[str, ...]):
    """(result, checks) for terms (Z3 or Python values lifted by the caller's to_z3)."""
    from litmus.solver.z3values import to_z3

    checks = []
    if op in ("strlen", "strindex", "strslice"):
        # Z3's string solver gives up on int_to_bv of a length: lengths, indices and
        # bytes cross between Int and bit-vectors through ladders over 0..MAX_STRING
        s = to_z3(terms[0], "string")
        checks.append((z3.Contains(s, z3.StringVal(TORN)), Status.CUT, ()))
        checks.append((z3.Length(s) > MAX_STRING, Status.CUT, ()))
        n = _ladder(z3.Length(s), lambda k: z3.IntVal(k), lambda k: z3.BitVecVal(k, 64), MAX_STRING)
        if op == "strlen":
            return n, checks
        length = (n, "int", "print")
        if op == "strindex":
            i, shown = _bv(terms[1], types[1]), (terms[1], types[1], "print")
            head = ("runtime error: index out of range [", "sep", "")
            checks.append((_negative(i, types[1]), Status.PANIC, (head, shown, ("]", "sep", ""))))
            checks.append((z3.UGE(i, n), Status.PANIC, (head, shown, ("] with length ", "sep", ""), length)))
            code = z3.StrToCode(z3.SubString(s, _index(i), 1))
            return _ladder(code, lambda k: z3.IntVal(k), lambda k: z3.BitVecVal(k, 8), 127), checks
        head = ("runtime error: slice bounds out of range [", "sep", "")
        lo, lo_shown = _bv(terms[1], types[1]), (terms[1], types[1], "print")
        if terms[2] is None:
            hi, hi_shown = n, length
        else:
            hi, hi_shown = _bv(terms[2], types[2]), (terms[2], types[2], "print")
            checks.append((_negative(hi, types[2]), Status.PANIC, (head, (":", "sep", ""), hi_shown, ("]", "sep", ""))))
            checks.append((z3.UGT(hi, n), Status.PANIC, (head, (":", "sep", ""), hi_shown,
                                                      ("] with length ", "sep", ""), length)))
        checks.append((_negative(lo, types[1]), Status.PANIC, (head, lo_shown, (":]", "sep", ""))))
        checks.append((z3.UGT(lo, hi), Status.PANIC, (head, lo_shown, (":", "sep", ""), hi_shown, ("]", "sep", ""))))
        lo_i, hi_i = _index(lo), _index(hi)
        return z3.SubString(s, lo_i, hi_i - lo_i), checks
    ktype, vtype = map_types(types[0])
    m = map_to_z3(terms[0], types[0])
    srt = map_sort(types[0])
    if op == "maplen":
        return z3.If(srt.is_mnil(m), z3.BitVecVal(0, 64), srt.size(m)), checks
    k = to_z3(terms[1], ktype)
    if op == "mapget":
        zero = to_z3(terms[2], vtype)
        return z3.If(z3.And(srt.is_mk(m), srt.has(m)[k]), srt.val(m)[k], zero), checks
    if op == "mapok":
        return z3.And(srt.is_mk(m), srt.has(m)[k]), checks
    if op == "mapset":
        checks.append((srt.is_mnil(m), Status.PANIC, ((NIL_MAP_WRITE, "sep", ""),)))
        v = to_z3(terms[2], vtype)
        grown = z3.If(srt.has(m)[k], srt.size(m), srt.size(m) + 1)
        return srt.mk(z3.Store(srt.has(m), k, True), z3.Store(srt.val(m), k, v), grown), checks
    if op == "mapdel":
        shrunk = z3.If(srt.has(m)[k], srt.size(m) - 1, srt.size(m))
        # the value of an absent key is the zero value: equal maps are equal terms (the domains rely on it)
        deleted = srt.mk(z3.Store(srt.has(m), k, False), z3.Store(srt.val(m), k, to_z3(zero_value(vtype), vtype)),
                         shrunk)
        return z3.If(srt.is_mnil(m), m, deleted), checks
    raise ValueError(op)


def _bv(term, typ: str) -> z3.BitVecRef:
    """An index as a 64-bit vector (sign- or zero-extended from its type)."""
    bits, signed = INT_TYPES[typ]
    if not isinstance(term, z3.ExprRef):
        return z3.BitVecVal(term, 64)
    if bits == 64:
        return term
    return (z3.SignExt if signed else z3.ZeroExt)(64 - bits, term)


def _negative(i: z3.BitVecRef, typ: str):
    return i < 0 if INT_TYPES[typ][1] else z3.BoolVal(False)


def _index(i: z3.BitVecRef) -> z3.ArithRef:
    """A checked index (0..MAX_STRING) as a Z3 Int."""
    return _ladder(i, lambda k: z3.BitVecVal(k, 64), lambda k: z3.IntVal(k), MAX_STRING)


def _ladder(x, key, value, top: int):
    """value(k) where x == key(k), for k in 0..top (the checks keep x in range)."""
    out = value(top)
    for k in range(top - 1, -1, -1):
        out = z3.If(x == key(k), value(k), out)
    return out


RESULT = {"strlen": "int", "strindex": "byte", "strslice": "string", "maplen": "int", "mapok": "bool"}


# ------------------------------------------------------------------ maps in Z3


def map_types(typ: str) -> tuple[str, str]:
    """map[K]V -> (K, V)."""
    assert typ.startswith("map["), typ
    depth, i = 0, 3
    for i in range(3, len(typ)):
        depth += {"[": 1, "]": -1}.get(typ[i], 0)
        if depth == 0:
            break
    return typ[4:i], typ[i + 1:]


@cache
def map_sort(typ: str) -> z3.DatatypeSortRef:
    from litmus.solver.z3values import sort_of

    k, v = map_types(typ)
    dt = z3.Datatype(typ)
    dt.declare("mnil")
    dt.declare("mk", ("has", z3.ArraySort(sort_of(k), z3.BoolSort())),
               ("val", z3.ArraySort(sort_of(k), sort_of(v))), ("size", z3.BitVecSort(64)))
    return dt.create()


def map_to_z3(value, typ: str) -> z3.ExprRef:
    from litmus.solver.z3values import sort_of, to_z3

    if isinstance(value, z3.ExprRef):
        return value
    srt = map_sort(typ)
    if value is None:
        return srt.mnil
    k, v = map_types(typ)
    has = z3.K(sort_of(k), z3.BoolVal(False))
    val = z3.K(sort_of(k), to_z3(zero_value(v), v))
    for key, item in value.items:
        has = z3.Store(has, to_z3(key, k), True)
        val = z3.Store(val, to_z3(key, k), to_z3(item, v))
    return srt.mk(has, val, z3.BitVecVal(len(value.items), 64))


def map_from_z3(term: z3.ExprRef, typ: str, model=None):
    """The MapValue of an evaluated map term (None for nil)."""
    from litmus.solver.z3values import from_z3

    srt = map_sort(typ)
    term = z3.simplify(term)
    if z3.is_true(z3.simplify(srt.is_mnil(term))):
        return None
    k, v = map_types(typ)
    has, val = z3.simplify(srt.has(term)), z3.simplify(srt.val(term))
    keys = []
    node = has
    while z3.is_store(node):
        keys.append(node.arg(1))
        node = node.arg(0)
    items = {}
    for key in keys:
        if z3.is_true(z3.simplify(z3.Select(has, key))):
            items[from_z3(key, k)] = from_z3(z3.simplify(z3.Select(val, key)), v)
    return MapValue.of(items)
