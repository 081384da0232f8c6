"""The lowering of strings' and maps' operations (docs/decisions.md, "Maps,
strings, float64 and channels in full"), mixed into `lower.Lowerer`.

- strings: `len(s)`, `s[i]` (a byte), `s[lo:hi]`; their text must be ASCII
  (a byte is a character: litmus/ops.py);
- float64: constants exact (Fractions) until they meet the type, then the
  nearest double; conversions to and from the integer types;
- maps of basic key and value types: `make(map[K]V)`, literals, `m[k]`,
  `v, ok := m[k]`, `m[k] = v` (and `+=`, `++`), `delete(m, k)`, `len(m)`. A
  shared map is ONE plain location holding a map value: reading an element
  reads the location; an update is a read of it, then a write of the new map.
  A map in a local is a local value (no events).

Each operation is an `ir.Builtin` (program.py); both engines evaluate them
with litmus/ops.py.
"""

from __future__ import annotations

import math
from fractions import Fraction

from litmus import ops
from litmus import program as ir
from litmus.errors import LitmusSemanticError, Span
from litmus.lower_data import Agg, Dyn, Ptr, PtrVar
from litmus.lower_go import not_supported
from litmus.program import INT_TYPES, BASIC_TYPES, zero_value
from litmus.syntax import ast
from litmus.values import MapValue, format_value

UNTYPED_INT = "untyped int"
UNTYPED_STRING = "untyped string"


def _error(message: str, span: Span, hint: str, code: str) -> LitmusSemanticError:
    from litmus.lower import error

    return error(message, span, hint, code)


def is_map(typ: str) -> bool:
    return typ.startswith("map[")


class MapLowering:
    """String and map operations; `self` is a lower.Lowerer."""

    # -------------------------------------------------------------- types

    def map_type(self, t: ast.TypeName) -> str:
        """`map[K]V` with basic K and V, in canonical spelling."""
        k, v = ops.map_types(t.name)
        parts = []
        for part in (k, v):
            if part.startswith(("map[", "[", "*", "chan", "struct", "func")):
                raise not_supported(f"maps of {part}", t.span, "use keys and values of basic types: map[string]int")
            name = self.type_name(ast.TypeName(part, span=t.span))
            if name not in BASIC_TYPES:
                raise not_supported(f"maps of {name}", t.span, "use keys and values of basic types: map[string]int")
            parts.append(name)
        return f"map[{parts[0]}]{parts[1]}"

    def map_value(self, e: ast.Expr, tname: ast.TypeName | None, scope, g) -> ir.Expr | None:
        """`make(map[K]V[, n])` or `map[K]V{k: v, ...}` as an expression, else None."""
        match e:
            case ast.Call(func="make", type_arg=ast.TypeName(name=name) as t) if is_map(name):
                typ = self.map_type(t)
                if len(e.args) > 1:
                    raise _error("make of a map takes a size hint at most", e.span, f"write make({typ})", "call")
                for a in e.args:
                    self.expr(a, scope, g)
                return ir.Const(MapValue(), typ, e.span)
            case ast.CompositeLit(type=ast.TypeName(name=name) as t) if is_map(name):
                return self.map_literal(e, self.map_type(t), scope, g)
        return None

    def map_literal(self, e: ast.CompositeLit, typ: str, scope, g) -> ir.Expr:
        ktype, vtype = ops.map_types(typ)
        items: dict = {}
        value: ir.Expr = ir.Const(MapValue(), typ, e.span)
        dynamic = False
        for el in e.elems:
            if not isinstance(el, ast.KeyedElement):
                raise _error("missing key in map literal", el.span, 'write "key": value', "map")
            k = self.assignable(self.expr(el.key, scope, g), ktype, el.key.span)
            v = self.assignable(self.expr(el.value, scope, g), vtype, el.value.span)
            if isinstance(k, ir.Const):
                if k.value in items:
                    raise _error(f"duplicate key {format_value(k.value)} in map literal", el.key.span,
                                 "give each key once", "map")
                items[k.value] = None
            if isinstance(k, ir.Const) and isinstance(v, ir.Const) and not dynamic:
                value = ir.Const(value.value.set(k.value, v.value), typ, e.span)
                continue
            dynamic = True
            value = ir.Builtin("mapset", (value, k, v), typ, e.span)
        return value

    def shared_map(self, name: ast.Name, tname: ast.TypeName | None, value: ast.Expr | None) -> ir.SharedVar | None:
        """A package-level map: `var m = make(map[K]V)`, `var m = map[K]V{...}`
        (constant keys and values), `var m map[K]V` (nil)."""
        from litmus.lower import Scope

        typ = self.map_type(tname) if tname is not None and is_map(tname.name) else None
        made = self.map_value(value, tname, Scope(), None) if value is not None else None
        if made is None and typ is None:
            return None
        if made is not None and not isinstance(made, ir.Const):
            raise _error("this must be a constant expression", value.span,
                         "use literals and constants only here", "not-constant")
        if made is not None and typ is not None and made.type != typ:
            raise _error(f"cannot use {made.type} value as {typ}", value.span, f"use a {typ} value", "type")
        if made is None and value is not None:
            raise _error(f"cannot use this value as {typ}", value.span, f"write make({typ})", "type")
        return ir.SharedVar(name.id, ir.VarKind.PLAIN, typ or made.type, made.value if made else None,
                            span=name.span)

    def check_map_copy(self, v: ir.Expr, span: Span) -> None:
        """A map variable's value assigned, passed or returned: in Go the copy
        refers to the same map (a reference), which litmus's map values are not."""
        if is_map(v.type) and isinstance(v, (ir.Read, ir.Local)):
            raise not_supported("copying a map into another variable or a parameter", span,
                                "use the map by its own name (maps are references in Go: a copy would share "
                                "its elements)")

    # -------------------------------------------------------------- expressions

    def index_expr(self, e: ast.Index, scope, g, bind) -> ir.Expr:
        base = self.expr(e.expr, scope, g, bind)
        if base.type in ("string", UNTYPED_STRING):
            s = self.assignable(base, "string", e.expr.span) if base.type == UNTYPED_STRING else base
            i = self.index_value(e.index, scope, g, bind)
            if isinstance(s, ir.Const) and isinstance(i, ir.Const):
                self.ascii(s.value, e.span)
                if not 0 <= i.value < len(s.value):
                    raise _error(f"invalid argument: index {i.value} out of bounds [0:{len(s.value)}]", e.index.span,
                                 "use an index below the string's length", "index")
                return ir.Const(ord(s.value[i.value]), "byte", e.span)
            self.ascii_program(e.span)
            return ir.Builtin("strindex", (s, i), "byte", e.span)
        if is_map(base.type):
            ktype, vtype = ops.map_types(base.type)
            k = self.assignable(self.expr(e.index, scope, g, bind), ktype, e.index.span)
            return ir.Builtin("mapget", (base, k, ir.Const(zero_value(vtype), vtype, e.span)), vtype, e.span)
        raise not_supported(f"indexing a {base.type}", e.span, "index strings and maps")

    def index_value(self, x: ast.Expr, scope, g, bind) -> ir.Expr:
        i = self.expr(x, scope, g, bind)
        if i.type == UNTYPED_INT:
            i = self.assignable(i, "int", x.span)
        if i.type not in INT_TYPES:
            raise _error(f"invalid argument: index of type {i.type}", x.span, "index with an integer", "type")
        if isinstance(i, ir.Const) and i.value < 0:
            raise _error(f"invalid argument: index {i.value} (constant of type int) must not be negative", x.span,
                         "use an index >= 0", "index")
        return i

    def slice_expr(self, e: ast.SliceExpr, scope, g, bind) -> ir.Expr:
        base = self.expr(e.expr, scope, g, bind)
        if base.type not in ("string", UNTYPED_STRING):
            raise not_supported(f"slicing a {base.type}", e.span, "slice strings")
        s = self.assignable(base, "string", e.expr.span)
        lo = self.index_value(e.lo, scope, g, bind) if e.lo is not None else ir.Const(0, "int", e.span)
        hi = self.index_value(e.hi, scope, g, bind) if e.hi is not None else None
        if isinstance(lo, ir.Const) and isinstance(hi, ir.Const) and lo.value > hi.value:
            raise _error(f"invalid slice indices: {hi.value} < {lo.value}", e.span, "the low bound comes first", "index")
        if isinstance(s, ir.Const) and isinstance(lo, ir.Const) and (hi is None or isinstance(hi, ir.Const)):
            self.ascii(s.value, e.span)
            end = len(s.value) if hi is None else hi.value
            if end > len(s.value) or lo.value > end:
                raise _error(f"invalid argument: index {max(end, lo.value)} out of bounds [0:{len(s.value) + 1}]",
                             e.span, "slice within the string", "index")
            return ir.Const(s.value[lo.value:end], "string", e.span)
        self.ascii_program(e.span)
        return ir.Builtin("strslice", (s, lo, hi), "string", e.span)

    def len_call(self, e: ast.Call, scope, g) -> ir.Expr | None:
        """len(s), len(m); None when the argument is not one of these (a channel)."""
        if len(e.args) != 1:
            raise _error(f"{e.func} takes one argument", e.span, f"write {e.func}(x)", "call")
        if self.nil_chan(e.args[0], scope) or self.is_channel(e.args[0], scope):
            return None
        if e.func == "cap":
            raise not_supported("cap of this value", e.span, "cap applies to channels here")
        x = self.expr(e.args[0], scope, g)
        if x.type in ("string", UNTYPED_STRING):
            if isinstance(x, ir.Const):
                self.ascii(x.value, e.span)
                return ir.Const(len(x.value), "int" if x.type == "string" else UNTYPED_INT, e.span)
            self.ascii_program(e.span)
            return ir.Builtin("strlen", (x,), "int", e.span)
        if is_map(x.type):
            return ir.Builtin("maplen", (x,), "int", e.span)
        raise not_supported(f"len of a {x.type}", e.span, "len applies to strings, maps and channels")

    def map_comma_ok(self, v: ast.Index, scope, g) -> tuple[ir.Expr, ir.Expr]:
        """`m[k]` in `v, ok := m[k]`: the map is read once (into a temporary before
        the statement when it is shared), then the value and whether k is present."""
        got = self.index_expr(v, scope, g, None)
        if not (isinstance(got, ir.Builtin) and got.op == "mapget"):
            raise _error("two names need two values (or a comma-ok map index)", v.span,
                         "write `v, ok := m[k]` on a map", "assign-count")
        m, k, zero = got.args
        if not isinstance(m, (ir.Local, ir.Const)):
            tmp = self.temp(m.type, v.span, g)
            self.pending.append(ir.SetLocals((tmp,), (m,), v.span))
            m = tmp
        if not isinstance(k, (ir.Local, ir.Const)):
            ktmp = self.temp(k.type, v.span, g)
            self.pending.append(ir.SetLocals((ktmp,), (k,), v.span))
            k = ktmp
        return (ir.Builtin("mapget", (m, k, zero), got.type, v.span), ir.Builtin("mapok", (m, k), "bool", v.span))

    # -------------------------------------------------------------- statements

    def map_target(self, t: ast.Index, scope, g):
        """The map an element assignment updates: (a local or shared var name, its type)."""
        base = t.expr
        if not isinstance(base, ast.Name):  # a map field (c.n[k]): the name its location is bound to
            leaf = self.locate(base, scope, g)
            if leaf is None or isinstance(leaf, (Agg, Ptr, PtrVar, Dyn)):
                raise not_supported("assignment to an element of this expression", t.span,
                                    "assign to m[k] with a map m")
            base = ast.Name(self.bind_key(leaf, scope), base.span)
        target = self.assign_target(base, scope, g)
        typ = self.target_type(target) if target is not None else ""
        if not is_map(typ):
            raise not_supported(f"assignment to an element of a {typ or '_'}", t.span,
                                "element assignment works on maps here: m[k] = v")
        return target, typ

    def index_assign(self, s: ast.Assign, scope, g) -> list[ir.Stmt]:
        """`m[k] = v`, `m[k] op= v`: the key and the value first (Go evaluates
        the operands, then assigns), then the map is read and written."""
        if len(s.targets) != 1 or len(s.values) != 1:
            raise not_supported("assigning several map elements in one statement", s.span,
                                "write one assignment per element")
        t = s.targets[0]
        target, typ = self.map_target(t, scope, g)
        ktype, vtype = ops.map_types(typ)
        out: list[ir.Stmt] = []
        k = self.settled(self.assignable(self.expr(t.index, scope, g), ktype, t.index.span), out, g, s.span)
        if s.op:
            current = self.expr(ast.Index(t.expr, t.index, t.span), scope, g)
            current = ir.Builtin("mapget", (current.args[0], k, current.args[2]), vtype, t.span)
            v = self.binary(s.op, current, self.expr(s.values[0], scope, g), s.span)
        else:
            v = self.expr(s.values[0], scope, g)
        self.check_mixing([v], s.span)
        v = self.settled(self.assignable(v, vtype, s.values[0].span), out, g, s.span)
        return out + self.map_update(target, typ, "mapset", (k, v), s.span)

    def delete_call(self, e: ast.Call, scope, g) -> list[ir.Stmt]:
        if len(e.args) != 2:
            raise _error("delete takes a map and a key", e.span, "write delete(m, k)", "call")
        if not isinstance(e.args[0], ast.Name):
            raise not_supported("delete on this expression", e.span, "delete from a map variable: delete(m, k)")
        target, typ = self.map_target(ast.Index(e.args[0], e.args[1], e.span), scope, g)
        out: list[ir.Stmt] = []
        k = self.settled(self.assignable(self.expr(e.args[1], scope, g), ops.map_types(typ)[0], e.args[1].span),
                         out, g, e.span)
        return out + self.map_update(target, typ, "mapdel", (k,), e.span)

    def map_update(self, target, typ: str, op: str, args: tuple, span: Span) -> list[ir.Stmt]:
        if target is None:
            return []
        if isinstance(target, str):  # shared: a read of the map, then a write of the new map
            return [ir.Write(target, ir.Builtin(op, (ir.Read(target, typ, span), *args), typ, span), span)]
        return [ir.SetLocals((target,), (ir.Builtin(op, (target, *args), typ, span),), span)]

    def settled(self, v: ir.Expr, out: list, g, span: Span) -> ir.Expr:
        """`v`, computed into a temporary first unless it is a constant or a local."""
        if isinstance(v, (ir.Const, ir.Local)):
            return v
        tmp = self.temp(v.type, span, g)
        out.append(ir.SetLocals((tmp,), (v,), span))
        return tmp

    # -------------------------------------------------------------- channels: cap, nil channels

    def chan_len_cap(self, e: ast.Call, scope) -> ir.Expr:
        """cap(c) is the constant capacity; len(c) of a nil channel is 0; len of
        another channel is not supported yet (a racy read of the buffer count)."""
        if self.nil_chan(e.args[0], scope):
            return ir.Const(0, "int", e.span)
        var = self.chan_var(e.args[0], scope)
        if e.func == "cap":
            return ir.Const(var.cap, "int", e.span)
        raise not_supported("len of a channel", e.span,
                            "count the values in a variable of your own; cap(c) is known")

    def nil_chan(self, e: ast.Expr, scope) -> bool:
        """Whether `e` names a nil channel: `var c chan int` never made (Go: every
        send and receive on it blocks forever, close panics, a select never takes its case)."""
        from litmus.lower import NilChan

        if isinstance(e, ast.Paren):
            return self.nil_chan(e.expr, scope)
        if not isinstance(e, ast.Name):
            return False
        entry = scope.lookup(e.id)[0]
        return isinstance(entry, NilChan) or (entry is None and e.id in self.nil_chans)

    def nil_chan_type(self, e: ast.Expr, scope) -> str:
        from litmus.lower import NilChan

        while isinstance(e, ast.Paren):
            e = e.expr
        entry = scope.lookup(e.id)[0]
        t = entry.type if isinstance(entry, NilChan) else self.nil_chans[e.id]
        return "int" if t.elem.name.startswith("struct") else self.type_name(t.elem)

    def nil_select_case(self, comm, scope) -> bool:
        match comm:
            case ast.Send(chan) | ast.ExprStmt(ast.Recv(chan)) | ast.Define(_, (ast.Recv(chan),)) \
                    | ast.Assign(_, "", (ast.Recv(chan),)):
                return self.nil_chan(chan, scope)
        return False

    def nil_recv(self, chan: ast.Expr, scope, span: Span) -> tuple[ir.Expr, ir.Expr]:
        """A receive from a nil channel waits forever: the statement's receive is
        preceded by a wait that never ends (the value is never used)."""
        self.pending.append(ir.Select((), span))
        typ = self.nil_chan_type(chan, scope)
        return ir.Const(zero_value(typ), typ, span), ir.Const(False, "bool", span)

    def nil_send(self, s: ast.Send, scope, g) -> list[ir.Stmt]:
        v = self.send_value(s.value, scope, g)
        self.check_mixing([v], s.span)
        v = self.assignable(v, self.nil_chan_type(s.chan, scope), s.value.span)
        before = [] if isinstance(v, (ir.Const, ir.Local)) else [ir.Eval(v, s.span)]
        return before + [ir.Select((), s.span)]

    # -------------------------------------------------------------- float64

    def float_const(self, c: ir.Const, typ: str, span: Span):
        """Constant `c` as a `typ` value: a float64 is the nearest double (Go rounds
        float constants to the type); an integer type needs an integral value."""
        if isinstance(c.value, bool) or c.type not in ("untyped float", "untyped int", "float64"):
            raise _error(f"cannot use {c.type} value as {typ}", span, f"use a {typ} value", "type")
        if typ in INT_TYPES:
            v = Fraction(c.value)
            if v.denominator != 1:
                raise _error(f"cannot use {_float_text(c.value)} (untyped float constant) as {typ} value (truncated)",
                             span, "use an integer constant", "type")
            return self.convert_const(ir.Const(int(v), UNTYPED_INT, span), typ, span)
        try:
            f = float(Fraction(c.value))
        except OverflowError:
            f = math.inf
        if math.isinf(f):
            raise _error(f"constant {_float_text(c.value)} overflows float64", span, "use a smaller constant", "overflow")
        return f

    def float_conversion(self, typ: str, x: ir.Expr, span: Span) -> ir.Expr:
        """float64(n), int(f) (toward zero), float64(f)."""
        if typ not in INT_TYPES and typ != "float64":
            raise _error(f"cannot convert {x.type} to {typ}", span, "convert between integer and float64 values", "type")
        if x.type not in INT_TYPES and x.type not in ("untyped int", "untyped float", "float64"):
            raise _error(f"cannot convert {x.type} to {typ}", span, "convert between integer and float64 values", "type")
        if isinstance(x, ir.Const):
            if typ == "float64":
                return ir.Const(self.float_const(ir.Const(x.value, "untyped float", span), typ, span), typ, span)
            v = Fraction(x.value)
            if v.denominator != 1:  # Go: a constant conversion may not truncate
                raise _error(f"cannot convert {_float_text(x.value)} (untyped float constant) to type {typ} "
                             "(truncated)", span, f"use {typ}(v) on a variable, or an integral constant", "type")
            return ir.Const(self.convert_const(ir.Const(int(v), "untyped int", span), typ, span), typ, span)
        if x.type == typ:
            return x
        return ir.Unary("conv", x, typ, span)

    # -------------------------------------------------------------- strings are ASCII

    def ascii(self, s: str, span: Span) -> None:
        if not s.isascii():
            raise not_supported("len, indexing and slicing of strings that are not ASCII", span,
                                "litmus counts a string's bytes as characters: use ASCII text")

    def ascii_program(self, span: Span) -> None:
        """A string computed at run time comes from the program's literals: all ASCII."""
        for lit in _string_literals(self.file):
            self.ascii(lit, span)


def _string_literals(file: ast.File):
    stack = [file]
    while stack:
        n = stack.pop()
        if isinstance(n, tuple):
            stack.extend(n)
        elif isinstance(n, ast.StrLit):
            yield n.value
        elif hasattr(n, "__dataclass_fields__"):
            stack.extend(getattr(n, f) for f in n.__dataclass_fields__ if f != "span")


def _float_text(v) -> str:
    f = Fraction(v)
    return str(f.numerator) if f.denominator == 1 else repr(float(f))
