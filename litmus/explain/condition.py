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

import math
import re

import z3

from litmus.errors import LitmusArgumentError
from litmus.program import INT_TYPES
from litmus.report.condition import _eq
from litmus import program as ir
from litmus.go_end import DEADLOCK, PANIC_STATUS, end_prefix
from litmus.program import GO_OBSERVABLES
from litmus.report.outcome import Status
from litmus.solver.paths import render_pieces
from litmus.solver.z3values import BOX_TYPES, accessor, recognizer, to_z3
from litmus.syntax import ast
from litmus.values import UNSET, Boxed, format_piece, parse_verb


class Unsupported(LitmusArgumentError):
    """A condition litmus cannot explain yet (it still answers it)."""


def condition_term(expr: ast.CondExpr, observe) -> z3.BoolRef:
    """`observe(observable) -> (value, type)`: a Python value (type None) or a Z3 term of that Go type."""
    v = _value(expr, observe)
    if isinstance(v, tuple):  # a bare observable or literal: true when it is the bool true
        x, typ = v
        if typ is None:
            return z3.BoolVal(_plain(x) is True)
        return x if typ == "bool" and not isinstance(x, StreamText) else z3.BoolVal(False)
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


def _same(x, y, typ: str) -> z3.BoolRef:
    """Python's == on values of the outcome (report.condition._eq): IEEE equality for floats."""
    return z3.fpEQ(x, y) if typ == "float64" else x == y


def _equal(a, b) -> z3.BoolRef:
    (x, tx), (y, ty) = a, b
    if isinstance(y, StreamText):
        (x, tx), (y, ty) = b, a
    if isinstance(x, StreamText):
        if ty is None and isinstance(_plain(y), str):
            return x.equals(_plain(y))
        x = x.term()
    if isinstance(y, StreamText):
        y = y.term()
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
            return z3.Or(False, *[z3.And(recognizer(t)(x), _same(accessor(t)(x), to_z3(y, t), t))
                                  for t in BOX_TYPES if _fits(y, t)])
        return _same(x, to_z3(y, tx), tx) if _fits(y, tx) else z3.BoolVal(False)
    if tx == ty and tx != "any":
        return _same(x, y, tx)
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


def observer(combo, enc, program, projection: dict[str, tuple], racy_term, end=None):
    """observe(observable) for one combo: `projection` maps shown names to (term or UNSET, type);
    `end`, a .go program's solver.program_end.ProgramEnd (its stdout, stderr and exit)."""
    ends = {p.goroutine: p for p in combo.paths}

    def observe(o: ast.Observable):
        if o.goroutine is None and o.name == "race":
            return (racy_term, "bool")
        if program.go and o.goroutine is None and o.name in GO_OBSERVABLES:
            return go_observable(o.name, combo, enc, end)
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
            return (StreamText([[(z3.BoolVal(True), p.out)]]), "string")
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
    if not plain_verb(verb):  # widths, flags, %x, %q...: not written as Z3 strings here
        raise Unsupported(f"explaining a condition on text printed with {verb} is not supported yet")
    t = v.term
    if typ == "string":
        return t
    if typ == "bool":
        return z3.If(t, z3.StringVal("true"), z3.StringVal("false"))
    if typ in INT_TYPES:
        n = z3.BV2Int(t, is_signed=INT_TYPES[typ][1])
        return z3.If(n < 0, z3.Concat(z3.StringVal("-"), z3.IntToStr(-n)), z3.IntToStr(n))
    raise Unsupported(f"explaining a condition on printed {typ} values is not supported yet")


# ---------------------------------------------------------------- a Go program's end


def pieces_term(pieces) -> z3.SeqRef:
    return z3.Concat(z3.StringVal(""), *[_printed(v, typ, verb) for v, typ, verb in pieces]) if pieces \
        else z3.StringVal("")


class Fallback(Exception):
    """A printed piece whose texts litmus does not invert: compare with Z3's strings instead."""


class StreamText:
    """A .go program's stdout or stderr in one combo, as slots: slot k is one of
    its alternatives (guard, pieces) whose guard holds, or empty when none does;
    the stream is the slots' texts in order. A comparison with a literal is
    matched piece by piece (`equals`): each printed value must be the value
    that prints as that part of the literal, an integer or bool constraint,
    without Z3's string theory (whose str.from_int over computed values can
    take minutes); other comparisons use the string term (`term`)."""

    def __init__(self, slots: list[list[tuple[z3.BoolRef, tuple]]]):
        self.slots = slots

    def term(self) -> z3.SeqRef:
        parts = []
        for alts in self.slots:
            slot = z3.StringVal("")
            for guard, pieces in reversed(alts):
                slot = z3.If(guard, pieces_term(pieces), slot)
            parts.append(slot)
        return z3.Concat(z3.StringVal(""), *parts) if parts else z3.StringVal("")

    def equals(self, text: str) -> z3.BoolRef:
        try:
            return self._equals(text)
        except Fallback:
            return self.term() == z3.StringVal(text)

    def _equals(self, text: str) -> z3.BoolRef:
        n, ends, memo = len(self.slots), {}, {}

        def piece_ends(k: int, a: int, i: int) -> list[tuple[int, z3.BoolRef]]:
            key = (k, a, i)
            if key not in ends:
                ends[key] = match_pieces(self.slots[k][a][1], text, i)
            return ends[key]

        def rest(k: int, i: int) -> z3.BoolRef:  # slots k.. print exactly text[i:]
            if (k, i) in memo:
                return memo[(k, i)]
            if k == n:
                out = z3.BoolVal(i == len(text))
            else:
                alts = self.slots[k]
                ways = [z3.And(*[z3.Not(g) for g, _ in alts], rest(k + 1, i))]
                for a, (guard, _) in enumerate(alts):
                    for j, cond in piece_ends(k, a, i):
                        ways.append(z3.And(guard, cond, rest(k + 1, j)))
                out = z3.Or(*ways)
            memo[(k, i)] = out
            return out

        return rest(0, 0)


def match_pieces(pieces, text: str, i: int) -> list[tuple[int, z3.BoolRef]]:
    """(j, condition): the pieces print exactly text[i:j] when the condition holds."""
    at = {i: z3.BoolVal(True)}
    for v, typ, verb in pieces:
        nxt: dict[int, list] = {}
        for pos, cond in at.items():
            if typ == "sep" or v.concrete:
                piece = v if typ == "sep" else format_piece(v.term, typ, verb)
                if text.startswith(piece, pos):
                    nxt.setdefault(pos + len(piece), []).append(cond)
                continue
            # an integer prints in at most 20 characters, a bool in 5; anything else may be longer
            longest = min(len(text), pos + 21) if typ in INT_TYPES or typ == "bool" else len(text)
            for j in range(pos, longest + 1):
                m = value_prints_as(v.term, typ, verb, text[pos:j])
                if not z3.is_false(m):
                    nxt.setdefault(j, []).append(z3.And(cond, m))
        at = {j: z3.Or(*cs) if len(cs) > 1 else cs[0] for j, cs in nxt.items()}
    return sorted(at.items(), key=lambda x: x[0])


def plain_verb(verb: str) -> bool:
    """print/println, or a fmt verb with no flags, width or precision (%v, %d, %s, %t)."""
    if verb == "print":
        return True
    parsed = parse_verb(verb)
    return parsed is not None and parsed[:3] == ("", 0, None) and parsed[3] in "vdst"


_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)")


def value_prints_as(term, typ: str, verb: str, s: str) -> z3.BoolRef:
    """When the value `term` of Go type `typ` prints as exactly `s` under `verb`."""
    letter = "v" if verb == "print" else verb[-1]
    if not plain_verb(verb):
        raise Fallback(verb)
    if typ == "string" and letter in "vs":
        return term == z3.StringVal(s)
    if typ == "bool" and letter in "vt":
        return term if s == "true" else z3.Not(term) if s == "false" else z3.BoolVal(False)
    if typ in INT_TYPES and letter in "vd":
        if not _DECIMAL.fullmatch(s) or s == "-0" or not _fits(int(s), typ):
            return z3.BoolVal(False)
        return term == to_z3(int(s), typ)
    if typ == "float64" and letter == "v":
        # %v is the shortest text that reads back as the same float: one value prints as s
        try:
            f = float(s)
        except ValueError:
            return z3.BoolVal(False)
        if format_piece(f, typ, verb) != s:
            return z3.BoolVal(False)
        return z3.fpIsNaN(term) if math.isnan(f) else term == to_z3(f, typ)  # == tells -0 from +0
    if typ == "any" and letter == "v" and verb != "print":  # the dynamic value, printed as itself
        ways = [recognizer("nil")(term)] if s == format_piece(None, "any", verb) else []
        ways += [z3.And(recognizer(t)(term), value_prints_as(accessor(t)(term), t, verb, s)) for t in BOX_TYPES]
        return z3.Or(*ways) if ways else z3.BoolVal(False)
    raise Fallback(f"{typ} {verb}")


def go_observable(name: str, combo, enc, end):
    """stdout, stderr or exit as Z3 terms (go_end.streams_and_ends, over every execution
    of the combo): the exit is the first ranked END among enc.exits (ProgramEnd.which_exit);
    nobody exits when every goroutine waits or spins."""
    if end is None:
        raise Unsupported(f"explaining a condition on a Go program's {name} is not supported yet")
    exits = enc.exits
    stuck = [p for p in combo.paths if p.status in (Status.BLOCKED, Status.SPINNING)]
    all_blocked = bool(stuck) and all(p.status is Status.BLOCKED for p in stuck)
    deadlock = z3.And(end.which_exit == -1, *[z3.Not(enc.executed(p.events[-1])) for p in end.cut_paths]) \
        if all_blocked else None
    if name in ("stdout", "stderr"):
        stream = ir.STDOUT if name == "stdout" else ir.STDERR
        evs = end.prints[stream]
        slots = [[(z3.And(enc.executed(e), end.positions[e.key] == k) if len(evs) > 1 else enc.executed(e),
                   e.pieces) for e in evs] for k in range(len(evs))]
        if name == "stderr":  # what Go writes at the end: a panic's message, the deadlock error
            slots.append([(end.which_exit == i, ((end_prefix(p.fatal), "sep", ""), *p.panic,
                                                 ("\n", "sep", "")))
                          for i, p in ((i, combo.by_goroutine[c.goroutine]) for i, c in enumerate(exits))
                          if p.status is Status.PANIC])
            slots.append([(deadlock, ((DEADLOCK, "sep", ""),))] if deadlock is not None else [])
        return (StreamText(slots), "string")
    if not exits:  # nobody exits: a deadlock (status 2), or the program never ends (exit unset)
        if deadlock is not None and not end.cut_paths:
            return (to_z3(PANIC_STATUS, "int"), "int")
        raise Unsupported("explaining a Go program's exit status where it may never end is not supported yet")
    code = to_z3(0, "int")
    for i, c in reversed(list(enumerate(exits))):
        p = combo.by_goroutine[c.goroutine]
        mine = (to_z3(PANIC_STATUS, "int") if p.status is Status.PANIC else
                to_z3(p.exit.term, "int") if p.exit is not None else to_z3(0, "int"))
        code = z3.If(end.which_exit == i, mine, code)
    return (code, "int")
