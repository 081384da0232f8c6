"""Go's composite data in the lowering: structs, fixed-size arrays, methods and pointers.

`Lowerer` (litmus/lower.py) mixes `DataLowering` in. Every struct field and array
element is its own memory location, as Go defines them, so a struct or array
variable is flattened when it is declared: one location per field or element,
named as Go writes it (`s.x`, `a[2]`, `s.inner.y`; `main.s.x` for a variable
declared in main of a .go program). A package-level one (and, in a .go program,
one declared in a function: it may be shared through a pointer) becomes one
shared variable per location; a local one in a .lit test one local per location.
Both engines see only the IR they already know (reads, writes, locals, sync
objects), so they are unchanged.

An expression that denotes one location (`s.x`, `p.inner.y`, `a[1]`, `*q`) is
rewritten to a name bound to that location in the current scope and handed to
the rest of the lowering, which treats it like any variable: `s.mu.Lock()`,
`atomic.AddInt64(&s.n, 1)`, `s.n++`, race reports under the location's name.

Pointers are bound statically (`p := &s`, `p := &T{}`, `new(T)`, pointer
parameters and receivers): `p.x` is the location `s.x` it points to. Methods are
inlined like the other calls, the receiver bound to the value (a copy, for a
value receiver) or to the pointer. Array indices are constants (or a constant
loop's variable); what is not supported yet is refused at the construct.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from litmus import program as ir
from litmus.errors import Diagnostic, LitmusSemanticError, Span
from litmus.limits import too_large
from litmus.program import VarKind, zero_value
from litmus.syntax import ast

MAX_LOCATIONS = 256  # locations of one struct or array variable


def not_supported(what: str, span: Span, hint: str):
    """"X is/are not supported yet"; the verb agrees with the words before any parenthesis."""
    from litmus.errors import NotSupportedError
    head = what.split(" (")[0]
    verb = "are" if head.endswith("s") and not head.endswith("ss") else "is"
    return NotSupportedError(Diagnostic(f"{what} {verb} not supported yet", span, hint, "not-supported"))


def _error(message: str, span: Span, hint: str, code: str = "data") -> LitmusSemanticError:
    return LitmusSemanticError(Diagnostic(message, span, hint, code))


@dataclass(frozen=True, slots=True)
class Agg:
    """A struct or array variable, flattened: `parts` are its fields (or elements,
    named "0", "1", ...) in order, each an Agg or the binding of one location (a
    Local, or an Obj naming a shared variable). `name` is the variable as Go writes
    it; `type` the struct (fields) or array (elem, length) type."""

    name: str
    type: ast.TypeName
    parts: tuple[tuple[str, object], ...]

    def part(self, key: str):
        return next((p for k, p in self.parts if k == key), None)


@dataclass(frozen=True, slots=True)
class Ptr:
    """A pointer bound statically: to an Agg, or to one location (Local or Obj)."""

    target: object
    type: ast.TypeName  # the pointed-to type


@dataclass(frozen=True, slots=True)
class Dyn:
    """`a[i]` with an index known only when the program runs: one of `choices` (the
    locations, or parts, a[0] .. a[n-1] lead to), chosen by the value of `index`."""

    index: ast.Expr
    choices: tuple
    array: str  # the array as Go writes it, for messages
    keys: tuple[int, ...] | None = None  # a pointer's: the id of each choice (0 is nil); None: 0..n-1


@dataclass(frozen=True, slots=True)
class PtrVar:
    """A pointer chosen when the program runs (declared nil, assigned again, or at
    package level): an int variable (`var`, a Local or an Obj) holding the id of
    the location it points to, 0 for nil (DataLowering.pointer_id)."""

    var: object
    type: ast.TypeName  # the pointed-to type
    name: str


NIL_DEREF = "runtime error: invalid memory address or nil pointer dereference"


def is_location(b) -> bool:
    return not isinstance(b, (Agg, Ptr, Dyn, PtrVar))


class DataLowering:
    """Structs, arrays, methods and pointers, mixed into `lower.Lowerer`."""

    # -------------------------------------------------------------- types and methods

    def declare_types(self) -> None:
        """The package's struct types and their methods (other named types are refused)."""
        self.struct_types: dict[str, ast.TypeName] = {}
        self.methods: dict[str, dict[str, ast.FuncDecl]] = {}
        self.aggs: dict[str, Agg] = {}  # package-level struct and array variables
        # what pointers chosen at run time may point to: id -> (type key, target), kept from
        # the first pass of the lowering to the second, so that a dereference sees them all
        self.pointer_targets: dict[int, tuple[str, object]] = {}
        self.pointer_ids: dict[object, int] = {}
        self.pointer_vars: set[str] = set()  # shared variables that hold pointers (their ids)
        # the targets' shared variables, for a dereference lowered before the second pass makes them
        self.target_vars: dict[str, ir.SharedVar] = {}
        self.preinserted: set[str] = set()
        for t in self.file.types:
            name = t.name.id
            if t.alias or not t.type.name.startswith("struct"):
                raise not_supported(f"type declarations other than structs (type {name} "
                                    f"{'= ' if t.alias else ''}{t.type})", t.span,
                                    f"declare a struct: type {name} struct {{ ... }}, or use the type itself")
            if name in self.struct_types:
                raise _error(f"{name} redeclared in this block", t.name.span, "give each type its own name",
                             "duplicate-name")
            self.struct_types[name] = replace(t.type, name=name)
        for decl in self.file.decls:
            if not isinstance(decl, ast.FuncDecl) or decl.receiver is None:
                continue
            base = decl.receiver.type.name.lstrip("*")
            if base not in self.struct_types:
                raise not_supported(f"methods of types that are not structs ({decl.receiver.type})",
                                    decl.receiver.span, "declare methods on a struct type: type T struct { ... }")
            table = self.methods.setdefault(base, {})
            m = decl.name.id
            if m in table:
                raise _error(f"method {base}.{m} already declared", decl.name.span, "rename one of them",
                             "duplicate-name")
            if any(f.name == m for f in self.struct_types[base].fields):
                raise _error(f"field and method with the same name {m}", decl.name.span, "rename one of them",
                             "duplicate-name")
            table[m] = decl

    def data_type(self, t: ast.TypeName | None) -> ast.TypeName | None:
        """The struct (with its fields) or array type `t` names, or None for other types."""
        if t is None:
            return None
        if t.name in self.struct_types:
            return self.struct_types[t.name]
        if t.name.startswith("struct") and t.fields:
            return t
        if t.length is not None and t.elem is not None:
            return t
        return None

    def pointer_type(self, t: ast.TypeName | None) -> ast.TypeName | None:
        """What `*T` points to, for a struct, array or basic T; None otherwise."""
        if t is None or not t.name.startswith("*"):
            return None
        base = ast.TypeName(t.name[1:], span=t.span)
        if self.data_type(base) is not None:
            return self.data_type(base)
        if base.name in ir.BASIC_TYPES or base.name in ("int", "bool", "string") or base.name in ir.INT_TYPES:
            return base
        return None

    def array_length(self, t: ast.TypeName, span: Span) -> int:
        text = t.length
        if text == "...":
            raise _error("invalid use of [...] array (outside a composite literal)", span,
                         "give the length: [3]int", "type")
        c = self.const_expr(ast.IntLit(int(text.replace("_", ""), 0), span) if text[0].isdigit()
                            else ast.Name(text, span))
        if isinstance(c.value, bool) or not isinstance(c.value, int) or c.value < 0:
            raise _error(f"array length {text} must be a non-negative integer constant", span,
                         "write [3]int", "type")
        return c.value

    def same_type(self, a: ast.TypeName, b: ast.TypeName) -> bool:
        if a.length is not None and b.length is not None:
            return self.array_length(a, a.span) == self.array_length(b, b.span) and self.same_type(a.elem, b.elem)
        return a.name == b.name

    # -------------------------------------------------------------- making variables

    def build_agg(self, name: str, t: ast.TypeName, leaf, span: Span, depth: int = 0) -> Agg:
        """The flattened variable `name` of data type `t`; `leaf(name, type)` binds each location."""
        shape = self.data_type(t)
        if depth > 16:
            raise _error(f"invalid recursive type {t}", span, "a struct cannot contain itself: use a pointer",
                         "type")
        if shape.length is not None:
            n = self.array_length(shape, span)
            keys = [(str(i), f"{name}[{i}]", shape.elem) for i in range(n)]
        else:
            keys = [(f.name, f"{name}.{f.name}", f.type) for f in shape.fields]
        parts = []
        for key, sub, ft in keys:
            if self.data_type(ft) is not None:
                parts.append((key, self.build_agg(sub, ft, leaf, span, depth + 1)))
            else:
                parts.append((key, leaf(sub, ft)))
        agg = Agg(name, shape, tuple(parts))
        if depth == 0 and len(self.leaves(agg)) > MAX_LOCATIONS:
            raise too_large(f"{name} has more than {MAX_LOCATIONS} fields and elements", span,
                            "litmus gives each field and element its own location: use a smaller array")
        return agg

    def leaves(self, agg: Agg) -> list:
        out = []
        for _, p in agg.parts:
            out.extend(self.leaves(p) if isinstance(p, Agg) else [p])
        return out

    def leaf_type(self, b) -> str:
        if isinstance(b, PtrVar):
            return "int"  # the id of what it points to
        return b.type if isinstance(b, ir.Local) else self.shared[b.var].type

    def leaf_name(self, b) -> str:
        from litmus.lower import local_name
        if isinstance(b, PtrVar):
            return self.leaf_name(b.var)
        return local_name(b) if isinstance(b, ir.Local) else b.var

    def leaf_kind(self, b) -> VarKind:
        """A location's kind: a local or a pointer field is plain."""
        return VarKind.PLAIN if isinstance(b, (ir.Local, PtrVar)) else self.shared[b.var].kind

    @staticmethod
    def is_local_leaf(b) -> bool:
        return isinstance(b, ir.Local) or isinstance(b, PtrVar) and isinstance(b.var, ir.Local)

    def leaf_vars(self, b) -> list[str]:
        """The shared variables behind a target's locations."""
        out = []
        for leaf in self.bound_leaves(b):
            leaf = leaf.var if isinstance(leaf, PtrVar) else leaf
            if not isinstance(leaf, ir.Local):
                out.append(leaf.var)
        return out

    def shared_leaf(self, name: str, t: ast.TypeName, span: Span, makes: dict | None = None, scope=None):
        from litmus.lower import Obj
        if t.name in ast.CHAN_KINDS:
            make = (makes or {}).get(name)
            if make is None:
                raise not_supported(f"a nil channel field or element ({name})", span,
                                    "make it in the composite literal: T{ch: make(chan int)}")
            if t.name != "chan":
                raise not_supported(f"a directional channel field ({name} {t})", span, "declare it chan T")
            var = self.channel(ast.Name(name, make.span), t, make, scope)
            elem = "int" if t.elem.name.startswith("struct") else self.type_name(t.elem)
            if var.type != elem:
                raise _error(f"cannot use make({make.type_arg}) as {t} value in struct literal", make.span,
                             f"make a {t}", "type")
            self.shared[name] = var
            self.preinserted.discard(name)
            return Obj(name)
        pointee = self.pointer_type(t)
        if pointee is not None:  # a pointer field: chosen at run time, nil at first
            self.shared[name] = ir.SharedVar(name, VarKind.PLAIN, "int", 0, span=span)
            self.preinserted.discard(name)
            self.pointer_vars.add(name)
            return PtrVar(Obj(name), pointee, name)
        if t.name.startswith("*"):
            raise not_supported(f"pointer fields to other than structs, arrays and basic types ({name} {t})", span,
                                "point at a struct, an array or a basic type")
        self.shared[name] = self.shared_var(ast.Name(name, span), t, None)
        self.preinserted.discard(name)
        return Obj(name)

    def channel_makes(self, name: str, t: ast.TypeName, value: ast.Expr | None) -> dict:
        """The `make(chan T, n)` a composite literal gives each channel field, by location name."""
        if not isinstance(value, ast.CompositeLit):
            return {}
        names = []

        def walk(n: str, ft: ast.TypeName):
            shape = self.data_type(ft)
            if shape is None:
                names.append(n)
            else:
                for k, sub in self.parts_of(shape):
                    walk(f"{n}[{k}]" if shape.length is not None else f"{n}.{k}", sub)
        walk(name, t)
        values = self.literal_values(value, t, None, None)
        return {n: v for n, v in zip(names, values)
                if isinstance(v, ast.Call) and v.func == "make" and v.type_arg is not None}

    def package_agg(self, name: ast.Name, t: ast.TypeName, value: ast.Expr | None) -> None:
        """`var s T` / `var s = T{...}` at package level: one shared variable per location,
        its initial value the literal's constant (or the zero value)."""
        from litmus.lower import Scope
        makes = self.channel_makes(name.id, t, value)
        agg = self.build_agg(name.id, t, lambda n, ft: self.shared_leaf(n, ft, name.span, makes), name.span)
        if value is not None:
            for leaf, v in zip(self.leaves(agg), self.literal_values(value, agg.type, None, None)):
                if v is None:
                    continue
                if isinstance(leaf, PtrVar):
                    inner = v.expr if isinstance(v, ast.Address) else None
                    if isinstance(inner, ast.CompositeLit) or isinstance(v, ast.Call):
                        raise not_supported("&T{...} and new(T) in a package-level literal", v.span,
                                            "declare the variable it points to: var t T, and write &t")
                    init = self.pointer_expr(v, Scope(), None, leaf.type)
                    self.shared[leaf.var.var] = replace(self.shared[leaf.var.var], init=init.value)
                    continue
                var = self.shared[leaf.var]
                if var.kind is VarKind.CHAN:
                    continue  # made with the variable (channel_makes)
                c = self.const_expr(v)
                if var.kind is not VarKind.PLAIN:
                    raise _error(f"{var.name} cannot have an initial value here", v.span,
                                 "leave the field out of the literal", "var")
                self.shared[leaf.var] = replace(var, init=self.convert_const(c, var.type, v.span))
        self.aggs[name.id] = agg

    def package_pointer(self, name: ast.Name, t: ast.TypeName | None, value: ast.Expr | None) -> None:
        """`var p *T` / `var p = &x` at package level: a shared variable holding an id."""
        from litmus.lower import Scope
        pointee = self.pointer_type(t) if t is not None else None
        if t is not None and pointee is None:
            raise not_supported(f"pointers to {t.name[1:]}", t.span, "point at a struct, an array or a basic type")
        init = 0
        if value is not None and not isinstance(value, ast.NilLit):
            ptr = self.pointer_value(value, t, Scope(), None, value.span, name.id)
            pointee, init = ptr.type, self.pointer_id(ptr, value.span)
        if pointee is None:
            raise _error(f"var {name.id} needs a type", name.span, f"write var {name.id} *T", "var")
        self.shared[name.id] = ir.SharedVar(name.id, VarKind.PLAIN, "int", init, span=name.span)
        self.pointer_vars.add(name.id)
        from litmus.lower import Obj
        self.aggs[name.id] = PtrVar(Obj(name.id), pointee, name.id)

    def type_key(self, b) -> str:
        if isinstance(b, Agg):
            return b.type.name if b.type.length is None else f"[{len(b.parts)}]{self.type_key_of(b.type.elem)}"
        return self.leaf_type(b)

    def type_key_of(self, t: ast.TypeName) -> str:
        shape = self.data_type(t)
        if shape is not None and shape.length is not None:
            return f"[{self.array_length(shape, t.span)}]{self.type_key_of(shape.elem)}"
        if shape is not None:
            return shape.name
        return self.type_name(t)

    def pointer_id(self, ptr: Ptr, span: Span) -> int:
        """The run-time value of a pointer bound statically: the id of its target."""
        target = ptr.target
        if any(self.is_local_leaf(x) for x in self.bound_leaves(target)):
            raise not_supported("a pointer to a local stored in a pointer variable", span,
                                "point at a package-level variable (a .lit test's locals are its goroutine's own)")
        key = tuple(self.leaves(target)) if isinstance(target, Agg) else target
        for v in self.leaf_vars(target):
            self.target_vars[v] = self.shared[v]
        if key not in self.pointer_ids:
            self.pointer_ids[key] = len(self.pointer_ids) + 1
            self.pointer_targets[self.pointer_ids[key]] = (self.type_key(target), target)
        return self.pointer_ids[key]

    @staticmethod
    def pointer_choices(b) -> bool:
        """Whether `b` is a pointer reached through a pointer or index chosen at run time (p.next)."""
        return isinstance(b, Dyn) and bool(b.choices) and all(isinstance(c, PtrVar) for c in b.choices)

    def pointer_dyn(self, p: PtrVar, scope, span: Span, via: ast.Expr | None = None) -> Dyn:
        """What `*p` denotes: one of the locations of p's type some pointer was set to
        (`via`: the expression whose value is the pointer, when it is not p's own variable)."""
        want = self.type_key_of(p.type)
        ids = tuple(k for k, (t, _) in sorted(self.pointer_targets.items()) if t == want)
        for k in ids:
            for v in self.leaf_vars(self.pointer_targets[k][1]):
                if v not in self.shared:  # made later in this pass: the same as in the first
                    self.shared[v] = self.target_vars[v]
                    self.preinserted.add(v)
        index = via if via is not None else ast.Name(self.bind_key(p.var, scope), span)
        return Dyn(index, tuple(self.pointer_targets[k][1] for k in ids), f"*{p.name}", ids)

    def pointer_expr(self, e: ast.Expr, scope, g, want: ast.TypeName | None = None) -> ir.Expr | None:
        """The run-time value (an int id) of a pointer expression, or None if `e` is not one:
        &x, &T{}, new(T), nil (when `want` says a pointer is expected), a pointer variable."""
        while isinstance(e, ast.Paren):
            e = e.expr
        if isinstance(e, ast.NilLit):
            return ir.Const(0, "int", e.span) if want is not None else None
        result = self.pointer_result(e, scope)
        if result is not None:
            if not self.pointee_ok(want, result):
                raise _error(f"cannot use {e.func}() (*{result.name}) as *{want.name} value", e.span,
                             f"use a *{want.name}", "type")
            r = self.call_value(e, scope, g)
            return ir.Local(r[0].id, r[0].type, e.span)
        if isinstance(e, (ast.Name, ast.Selector, ast.Index)):
            b = self.locate(e, scope, g)
            if self.pointer_choices(b):
                # p.next with p chosen at run time: the id held by the field it names, read then
                if not self.pointee_ok(want, b.choices[0].type):
                    raise _error(f"cannot use a pointer to {b.choices[0].type.name} as *{want.name} value", e.span,
                                 f"use a *{want.name}", "type")
                return self.dynamic_read(replace(b, choices=tuple(c.var for c in b.choices)), scope, g, e.span)
            if isinstance(b, PtrVar):
                if not self.pointee_ok(want, b.type):
                    raise _error(f"cannot use {b.name} (*{b.type.name}) as *{want.name} value", e.span,
                                 f"use a *{want.name}", "type")
                return self.expr(ast.Name(self.bind_key(b.var, scope), e.span), scope, g)
            if not isinstance(b, Ptr):
                return None
        elif not (isinstance(e, (ast.AddrOf, ast.Address)) or isinstance(e, ast.Call) and e.func == "new"):
            return None
        ptr = self.pointer_value(e, None, scope, g, e.span)
        if ptr is None:
            return None
        if not self.pointee_ok(want, ptr.type):
            raise _error(f"cannot use a pointer to {ptr.type.name} as *{want.name} value", e.span,
                         f"use a *{want.name}", "type")
        return ir.Const(self.pointer_id(ptr, e.span), "int", e.span)

    def is_pointer_expr(self, e: ast.Expr, scope, g) -> bool:
        """Whether `e` is a pointer (without evaluating it)."""
        while isinstance(e, ast.Paren):
            e = e.expr
        match e:
            case ast.Name() | ast.Selector() | ast.Index():
                return isinstance(self.locate(e, scope, g), (Ptr, PtrVar))
            case ast.AddrOf() | ast.Address():
                return self.value_data_type(e, scope, g) is not None
            case ast.Call(func="new"):
                return self.value_data_type(e, scope, g) is not None
        return False

    def pointer_compare(self, e: ast.Binary, scope, g) -> ir.Expr | None:
        """`p == nil`, `p != q`, `p == &x`: pointers are equal when they hold the same id."""
        if e.op not in ("==", "!=") or g is None:
            return None
        left, right = self.is_pointer_expr(e.left, scope, g), self.is_pointer_expr(e.right, scope, g)
        if not (left or right):
            return None
        if not (left and right or isinstance(e.left, ast.NilLit) or isinstance(e.right, ast.NilLit)):
            raise _error("invalid operation: mismatched types (a pointer and a value)", e.span,
                         "compare a pointer with nil or with another pointer", "type")
        any_t = ast.TypeName("any", span=e.span)
        lt = self.pointer_expr(e.left, scope, g, None if left else any_t)
        rt = self.pointer_expr(e.right, scope, g, None if right else any_t)
        return self.binary(e.op, lt, rt, e.span)

    def result_value(self, v: ast.Expr, t: ast.TypeName, scope, g) -> ir.Expr:
        """A returned value; a pointer result is its id (lowered with pointer_expr)."""
        pointee = self.pointer_type(t)
        if pointee is None:
            return self.expr(v, scope, g)
        value = self.pointer_expr(v, scope, g, pointee)
        if value is None:
            raise not_supported("returning this pointer", v.span, "return &x, &T{...}, nil or a pointer variable")
        return value

    def pointer_result(self, e: ast.Expr, scope) -> ast.TypeName | None:
        """What a call of a function with one pointer result points to, or None."""
        if not isinstance(e, ast.Call) or e.func == "new":
            return None
        types = self.result_types(e.func, scope)
        return self.pointer_type(types[0]) if types and len(types) == 1 else None

    def pointee_ok(self, want: ast.TypeName | None, have: ast.TypeName) -> bool:
        """Whether a pointer to `have` may be used where one to `want` is (None, "any": any)."""
        if want is None or want.name == "any":
            return True
        return self.same_type(self.data_type(want) or want, self.data_type(have) or have)

    def pointer_var(self, n: ast.Name, pointee: ast.TypeName, scope, g) -> PtrVar:
        """A pointer variable chosen at run time, declared in a function."""
        from litmus.lower import Obj
        if self.file.go and n.id in g.captured:
            self.check_object_site("pointer captured by a function literal", n.span, g)
            var = self.new_shared(n.id, g, lambda v: ir.SharedVar(v, VarKind.PLAIN, "int", 0, span=n.span))
            self.pointer_vars.add(var)
            b = PtrVar(Obj(var), pointee, n.id)
        else:
            self.temps += 1
            loc = ir.Local(f"$p{self.temps}.{n.id}@{n.span.line}:{n.span.column}", "int", n.span)
            g.locals.append(loc)
            b = PtrVar(loc, pointee, n.id)
        if n.id != "_":
            scope.names[n.id] = b
        return b

    def set_pointer(self, p: PtrVar, value: ir.Expr, span: Span) -> ir.Stmt:
        if isinstance(p.var, ir.Local):
            return ir.SetLocals((p.var,), (value,), span)
        return ir.Write(p.var.var, value, span)

    def local_agg(self, name: ast.Name, t: ast.TypeName, scope, g, span: Span, value=None) -> Agg:
        """A struct or array declared in a function: in a .go program shared variables
        (G.s.x: a pointer may take it to another goroutine); in a .lit test locals."""
        if self.file.go:
            self.check_object_site(f"{t}", span, g)
            base, k = f"{g.name}.{name.id}", 1
            while any((v == base or v.startswith((base + ".", base + "["))) and v not in self.preinserted
                      for v in self.shared):
                k += 1
                base = f"{g.name}.{name.id}#{k}"
            makes = self.channel_makes(base, t, value)
            agg = self.build_agg(base, t, lambda n, ft: self.shared_leaf(n, ft, span, makes, scope), span)
            agg = replace(agg, name=name.id)
        else:
            def leaf(n, ft):
                if self.pointer_type(ft) is not None:  # a pointer field: its goroutine's own id
                    self.temps += 1
                    loc = ir.Local(f"$p{self.temps}.{n}@{span.line}:{span.column}", "int", span)
                    g.locals.append(loc)
                    return PtrVar(loc, self.pointer_type(ft), n)
                if self.object_type(ft) is not None or ft.name.startswith(("atomic.", "sync.", "*")):
                    raise _error(f"a local {t} with a {ft} field", span,
                                 "objects are package-level in a .lit test: declare the variable at package level",
                                 "not-in-language")
                return self.new_local(ast.Name(n, span), self.type_name(ft), scope, g)
            agg = self.build_agg(name.id, t, leaf, span)
        if name.id != "_":
            scope.names[name.id] = agg
        return agg

    # -------------------------------------------------------------- values of a data type

    def literal_values(self, e: ast.Expr, t: ast.TypeName, scope, g) -> list:
        """The value expression of each location of a `t` made from `e` (None: the zero
        value): a composite literal, or (scope given) another variable of type `t`, read."""
        shape = self.data_type(t)
        while isinstance(e, ast.Paren):
            e = e.expr
        if isinstance(e, ast.CompositeLit):
            if e.type is not None and not self.same_type(self.literal_type(e.type, e), shape) \
                    and e.type.name != shape.name:
                raise _error(f"cannot use {e.type} literal as {shape.name} value", e.span,
                             f"write {shape.name}{{...}}", "type")
            return self.literal_parts(e, shape)
        if scope is None:
            raise _error("this must be a constant expression", e.span, "use a composite literal of constants",
                         "not-constant")
        src = self.locate(e, scope, g)
        if isinstance(src, Agg):
            if not self.same_type(src.type, shape) and src.type.name != shape.name:
                raise _error(f"cannot use {src.name} ({src.type.name}) as {shape.name} value", e.span,
                             f"assign a {shape.name}", "type")
            self.check_copyable(src, e.span)
            return [ast.Name(self.bind_key(leaf, scope), e.span) for leaf in self.leaves(src)]
        raise not_supported(f"this {shape.name} value", e.span, "use a variable or a composite literal")

    def check_copyable(self, src: Agg, span: Span) -> None:
        for leaf in self.leaves(src):
            if self.leaf_kind(leaf) is not VarKind.PLAIN:
                raise not_supported(f"copying {src.name}, which holds a {self.leaf_kind(leaf).value}",
                                    span, "use a pointer to it (&" + src.name + "), as go vet asks")

    def literal_type(self, t: ast.TypeName, e: ast.CompositeLit) -> ast.TypeName:
        shape = self.data_type(t)
        if shape is None:
            raise not_supported(f"composite literals of {t}", e.span,
                                "use a struct or a fixed-size array: T{...}, [3]int{...}")
        if shape.length == "...":
            return replace(shape, length=str(self.literal_count(e)))
        return shape

    def literal_count(self, e: ast.CompositeLit) -> int:
        n = i = 0
        for el in e.elems:
            if isinstance(el, ast.KeyedElement):
                i = self.const_expr(el.key).value
            i += 1
            n = max(n, i)
        return n

    def literal_parts(self, e: ast.CompositeLit, shape: ast.TypeName) -> list:
        """Go's rules: struct literals all positional or all keyed, arrays keyed by constant indices."""
        sizes = [len(self.zero_parts(t)) for _, t in self.parts_of(shape)]
        chosen: dict[int, ast.Expr] = {}
        keys = [k for k, _ in self.parts_of(shape)]
        keyed = [isinstance(el, ast.KeyedElement) for el in e.elems]
        if shape.length is None and any(keyed) and not all(keyed):
            raise _error("mixture of field:value and value elements in struct literal", e.span,
                         "name every field or none", "literal")
        if shape.length is None and e.elems and not any(keyed) and len(e.elems) != len(keys):
            raise _error(f"too {'few' if len(e.elems) < len(keys) else 'many'} values in struct literal of type "
                         f"{shape.name}", e.span, "give one value per field, or name the fields", "literal")
        i = 0
        for el in e.elems:
            if isinstance(el, ast.KeyedElement):
                if shape.length is None:
                    if not isinstance(el.key, ast.Name) or el.key.id not in keys:
                        raise _error(f"unknown field {getattr(el.key, 'id', el.key)} in struct literal of type "
                                     f"{shape.name}", el.key.span, "fields: " + ", ".join(keys), "literal")
                    i = keys.index(el.key.id)
                else:
                    i = self.const_expr(el.key).value
                value = el.value
            else:
                value = el
            if i >= len(keys) or i < 0:
                raise _error(f"index {i} out of bounds [0:{len(keys)}]", el.span,
                             f"the array has {len(keys)} elements", "literal")
            if i in chosen:
                raise _error(f"duplicate {'field' if shape.length is None else 'index'} {keys[i]} in literal",
                             el.span, "give each one value", "literal")
            chosen[i] = value
            i += 1
        out = []
        for j, (_, t) in enumerate(self.parts_of(shape)):
            v = chosen.get(j)
            if v is None:
                out.extend([None] * sizes[j])
            elif self.data_type(t) is not None:
                if isinstance(v, ast.CompositeLit) and v.type is None:
                    v = replace(v, type=t)
                out.extend(self.literal_values(v, t, None, None) if isinstance(v, ast.CompositeLit)
                           else [("copy", v, t)])
            else:
                out.append(v)
        return out

    def parts_of(self, shape: ast.TypeName) -> list:
        if shape.length is not None:
            return [(str(i), shape.elem) for i in range(self.array_length(shape, shape.span))]
        return [(f.name, f.type) for f in shape.fields]

    def zero_parts(self, t: ast.TypeName) -> list:
        shape = self.data_type(t)
        if shape is None:
            return [None]
        return [None for _, ft in self.parts_of(shape) for _ in self.zero_parts(ft)]

    def expand_copies(self, values: list, scope, g) -> list:
        out = []
        for v in values:
            if isinstance(v, tuple):  # a nested variable in a literal: its locations, read
                _, e, t = v
                out.extend(self.literal_values(e, t, scope, g))
            else:
                out.append(v)
        return out

    def store_values(self, agg: Agg, source: ast.Expr | None, scope, g, span: Span,
                     fresh: bool = False) -> list[ir.Stmt]:
        """Set every location of `agg` from `source` (None: zero values): every value is
        read first, then every location written, in field order. A `fresh` variable's
        shared locations take constants as their initial values, with no write (as a
        captured variable's, lower.declare_value): what is allocated is not racing."""
        values = (self.expand_copies(self.literal_values(source, agg.type, scope, g), scope, g)
                  if source is not None else self.zero_parts(agg.type))
        targets = self.leaves(agg)
        lowered = []
        for leaf, v in zip(targets, values):
            typ = self.leaf_type(leaf)
            if self.leaf_kind(leaf) is VarKind.CHAN and isinstance(v, ast.Call) and v.func == "make":
                lowered.append(None)  # made with the variable (channel_makes)
                continue
            if isinstance(leaf, PtrVar):
                x = ir.Const(0, "int", span) if v is None else self.pointer_expr(v, scope, g, leaf.type)
                if x is None:
                    raise not_supported("this pointer value", v.span, "use &x, &T{...}, new(T), nil or a pointer")
                self.check_mixing([x], getattr(v, "span", span))
                lowered.append(x)
                continue
            if self.leaf_kind(leaf) is not VarKind.PLAIN:
                if v is not None:
                    raise not_supported(f"setting {self.leaf_name(leaf)} in a literal", v.span,
                                        "leave the field out: it starts as its zero value")
                if source is not None and not isinstance(source, ast.CompositeLit):
                    raise not_supported(f"copying {self.leaf_name(leaf)}", span, "use a pointer, as go vet asks")
                lowered.append(None)
                continue
            x = ir.Const(zero_value(typ), typ, span) if v is None else self.expr(v, scope, g)
            self.check_mixing([x], getattr(v, "span", span))  # each value alone: they are read in field order
            lowered.append(self.assignable(x, typ, getattr(v, "span", span)))
        out: list[ir.Stmt] = []
        if len([x for x in lowered if x is not None and not isinstance(x, ir.Const)]) > 1:
            temps = []
            for x in lowered:
                if x is None or isinstance(x, ir.Const):
                    temps.append(x)
                    continue
                tmp = self.temp(x.type, span, g)
                out.append(ir.SetLocals((tmp,), (x,), span))
                temps.append(ir.Local(tmp.id, tmp.type, span))
            lowered = temps
        for leaf, x in zip(targets, lowered):
            if x is None:
                continue
            shared = leaf.var if isinstance(leaf, PtrVar) else leaf
            if fresh and isinstance(x, ir.Const) and not isinstance(shared, ir.Local):
                self.shared[shared.var] = replace(self.shared[shared.var], init=x.value)
                continue
            if isinstance(leaf, PtrVar):
                out.append(self.set_pointer(leaf, x, span))
            elif isinstance(leaf, ir.Local):
                out.append(ir.SetLocals((leaf,), (x,), span))
            else:
                out.append(ir.Write(leaf.var, x, span))
        return out

    # -------------------------------------------------------------- declarations and assignments

    def data_decl_type(self, names, values, t: ast.TypeName | None, scope, g) -> list | None:
        """For each name of a declaration, the data type it gets (None: not a data
        variable); None if no name is one."""
        if t is not None:
            if self.data_type(t) is not None:
                return [self.data_type(t)] * len(names)
            if self.pointer_type(t) is not None:
                return [("ptr", t)] * len(names)
            return None
        if len(values) != len(names):
            return None
        out = []
        for v in values:
            out.append(self.value_data_type(v, scope, g))
        return out if any(x is not None for x in out) else None

    def value_data_type(self, v: ast.Expr, scope, g):
        while isinstance(v, ast.Paren):
            v = v.expr
        match v:
            case ast.CompositeLit(type=ast.TypeName() as lt) if self.data_type(lt) is not None:
                return self.literal_type(lt, v)
            case ast.Address(expr=ast.CompositeLit(type=ast.TypeName() as lt)):
                return ("ptr", None) if self.data_type(lt) is not None else None
            case ast.Call() if self.pointer_result(v, scope) is not None:
                return ("ptr", None)
            case ast.Call(func="new", args=(ast.Name(id) | ast.CompositeLit(type=ast.TypeName(name=id)),)):
                t = ast.TypeName(id, span=v.span)
                return ("ptr", None) if self.data_type(t) is not None or id in ir.BASIC_TYPES else None
            case ast.AddrOf(name=n) if g is not None:
                b = self.locate(n, scope, g)
                return ("ptr", None) if isinstance(b, Agg) or (b is None and self.plain_location(n, scope)) else None
            case ast.Address(expr=x) if g is not None:
                b = self.locate(x, scope, g)
                plain = b is not None and (isinstance(b, (Agg, ir.Local)) or
                                           not isinstance(b, Ptr) and self.shared[b.var].kind is VarKind.PLAIN)
                return ("ptr", None) if plain else None
            case ast.Name() | ast.Selector() | ast.Index() | ast.Deref():
                b = self.locate(v, scope, g)
                if isinstance(b, Agg):
                    return b.type
                if isinstance(b, (Ptr, PtrVar)) or self.pointer_choices(b):
                    return ("ptr", None)
        return None

    def data_declare(self, names, values, t, scope, g, span: Span) -> list[ir.Stmt] | None:
        """`var s T`, `s := T{...}`, `p := &s`, `p := &T{}`, `p := new(T)`, `t := s`; None
        if the declaration declares no struct, array or pointer."""
        kinds = self.data_decl_type(names, values, t, scope, g)
        if kinds is None:
            return None
        out: list[ir.Stmt] = []
        for i, (n, kind) in enumerate(zip(names, kinds)):
            v = values[i] if values else None
            if kind is None:
                raise not_supported("declaring a struct or pointer with other values in one statement", n.span,
                                    "declare each on its own line")
            if n.id != "_" and n.id in scope.names and isinstance(scope.names[n.id], (Agg, Ptr)):
                raise not_supported(f"assigning {n.id} again", n.span,
                                    "litmus binds structs and pointers statically: use a new name")
            if isinstance(kind, tuple):
                dynamic = v is None or isinstance(v, ast.NilLit) or n.id in g.assigned or (
                    isinstance(v, (ast.Name, ast.Selector, ast.Index, ast.Paren))
                    and isinstance(self.locate(v, scope, g), (PtrVar, Dyn))) or (
                    self.pointer_result(v, scope) is not None)
                if not dynamic:
                    scope.names[n.id] = self.pointer_value(v, t, scope, g, span, n.id)
                    continue
                pointee = self.pointer_type(t) if t is not None else None
                if v is not None and not isinstance(v, ast.NilLit):
                    value = self.pointer_expr(v, scope, g, pointee)
                    if pointee is None:
                        b = self.locate(v, scope, g)
                        pointee = (b.type if isinstance(b, PtrVar) else b.choices[0].type if isinstance(b, Dyn)
                                   else self.pointer_result(v, scope) or self.pointer_value(v, None, scope, g, span).type)
                else:
                    value = ir.Const(0, "int", n.span)
                if pointee is None:
                    raise _error("use of untyped nil", v.span, f"give the pointer a type: var {n.id} *T", "type")
                out.append(self.set_pointer(self.pointer_var(n, pointee, scope, g), value, n.span))
                continue
            agg = self.local_agg(n, kind, scope, g, n.span, v)
            out.extend(self.store_values(agg, v, scope, g, n.span, fresh=True))
        return out

    def pointer_value(self, v: ast.Expr, t: ast.TypeName | None, scope, g, span: Span,
                      base: str = "") -> Ptr | None:
        """The pointer `v` denotes: &x, &T{...}, new(T), or another pointer; checked against `t`."""
        while isinstance(v, ast.Paren):
            v = v.expr
        if isinstance(v, ast.NilLit):
            return None
        if isinstance(v, ast.Call) and v.func == "new":
            if len(v.args) != 1 or not isinstance(v.args[0], (ast.Name, ast.CompositeLit)):
                raise _error("new takes one type", v.span, "write new(T)", "call")
            arg = v.args[0]
            tn = arg.type if isinstance(arg, ast.CompositeLit) else ast.TypeName(arg.id, span=arg.span)
            v = ast.Address(ast.CompositeLit(tn, (), v.span), v.span)
        if isinstance(v, ast.Address) and isinstance(v.expr, ast.CompositeLit):
            lit = v.expr
            lt = self.literal_type(lit.type, lit) if lit.type is not None else None
            if lt is None:
                raise _error("a composite literal needs a type", lit.span, "write &T{...}", "literal")
            # the variable has no name in Go: it is named after the pointer (`p := &T{}`: p.x)
            agg = self.local_agg(ast.Name(base or "obj", lit.span), lt, type(scope)(), g, lit.span, lit)
            self.pending.extend(self.store_values(agg, lit, scope, g, lit.span, fresh=True))
            p = Ptr(agg, lt)
        else:
            p = self.locate(v, scope, g)
            if not isinstance(p, Ptr):
                raise not_supported("this pointer value", v.span,
                                    "point at a variable, a field or a literal: &x, &s.f, &T{...}, new(T)")
        if t is not None:
            want = self.pointer_type(t)
            if want is None or not self.same_type(want, p.type):
                raise _error(f"cannot use a pointer to {p.type.name} as {t}", v.span, f"pass a {t}", "type")
        return p

    def data_assign(self, s: ast.Assign, scope, g, lowered=None) -> list[ir.Stmt] | None:
        """`s = t`, `s = T{...}`, `a[1] = v`, `p.x = 1`, `*p = v`: targets that are data are
        resolved; None if no target is."""
        from litmus.lower import Obj
        targets = [self.locate(t, scope, g) if isinstance(t, (ast.Selector, ast.Index, ast.Deref, ast.Name,
                                                            ast.Paren)) else None for t in s.targets]
        if all(b is None for b in targets):
            if any(isinstance(t, (ast.Selector, ast.Index, ast.Deref)) for t in s.targets):
                raise self.data_refusal(next(t for t in s.targets if isinstance(t, (ast.Selector, ast.Index,
                                                                                     ast.Deref))))
            return None
        if any(isinstance(b, Dyn) for b in targets):
            if len(s.targets) != 1 or (lowered is None and len(s.values) != 1):
                raise not_supported("assigning several values when one index is computed", s.span,
                                    "assign one at a time")
            d = targets[0]
            if d.choices and all(isinstance(c, PtrVar) for c in d.choices) and lowered is None and not s.op:
                def value():  # p.next = q: after p, as Go evaluates the left side's operands first
                    v = self.pointer_expr(s.values[0], scope, g, d.choices[0].type)
                    if v is None:
                        raise not_supported("this pointer value", s.values[0].span,
                                            "assign &x, &T{...}, new(T), nil or another pointer")
                    return v
                return self.dynamic_write(replace(d, choices=tuple(c.var for c in d.choices)), None, scope, g,
                                          s.span, value)
            return self.dynamic_write(targets[0], s.values[0] if lowered is None else None, scope, g, s.span,
                                      lowered[0] if lowered is not None else None)
        if any(isinstance(b, PtrVar) for b in targets):
            if len(s.targets) != 1 or s.op or lowered is not None or len(s.values) != 1:
                raise not_supported("assigning several pointers in one statement", s.span, "assign one at a time")
            p = targets[0]
            value = self.pointer_expr(s.values[0], scope, g, p.type)
            if value is None:
                raise not_supported("this pointer value", s.values[0].span,
                                    "assign &x, &T{...}, new(T), nil or another pointer variable")
            self.check_mixing([value], s.span)
            return [self.set_pointer(p, value, s.span)]
        if any(isinstance(b, Ptr) for b in targets):
            raise not_supported("assigning a pointer again", s.span,
                                "litmus binds pointers statically: declare a new pointer")
        if any(isinstance(b, Agg) for b in targets):
            if len(s.targets) != 1 or len(s.values) != 1 or s.op or lowered is not None:
                raise not_supported("assigning several structs or arrays in one statement", s.span,
                                    "assign one at a time")
            return self.store_values(targets[0], s.values[0], scope, g, s.span)
        for b, t in zip(targets, s.targets):
            if isinstance(b, Obj) and self.shared[b.var].kind is VarKind.CHAN:
                raise not_supported(f"assigning the channel field {b.var} again", t.span,
                                    "make the channel in the composite literal, once")
        names = tuple(ast.Name(self.bind_key(b, scope), t.span) if b is not None else t
                      for b, t in zip(targets, s.targets))
        return self.assign(replace(s, targets=names), scope, g, lowered)

    def bind_key(self, leaf, scope) -> str:
        """Bind one location under its own name in `scope`, for the rest of the lowering
        (a pointer variable's own int variable under a name no Go name can shadow)."""
        key = self.leaf_name(leaf)
        if isinstance(leaf, ir.Local) and leaf.id.startswith("$p") or not isinstance(leaf, ir.Local) \
                and leaf.var in self.pointer_vars:
            key = "$" + key
        scope.names[key] = leaf
        return key

    # -------------------------------------------------------------- expressions

    def locate(self, e: ast.Expr, scope, g):
        """What an addressable expression denotes statically: an Agg, a Ptr, or one
        location (Local or Obj); None for a name that is none of these (the rest of
        the lowering's)."""
        match e:
            case ast.Paren(x):
                return self.locate(x, scope, g)
            case ast.Name(id):
                entry, crossed = scope.lookup(id)
                if entry is None:
                    return self.aggs.get(id)
                if isinstance(entry, PtrVar):
                    if crossed and isinstance(entry.var, ir.Local) and not self.same_goroutine(entry.var, g):
                        raise self.capture_error(e)
                    return entry
                if isinstance(entry, (Agg, Ptr)):
                    if crossed and not self.file.go and any(self.is_local_leaf(x) for x in self.bound_leaves(entry)):
                        raise self.capture_error(e)
                    return entry
                return None
            case ast.Selector(x, name):
                base = self.locate(x, scope, g)
                if isinstance(base, Ptr):
                    base = base.target
                if isinstance(base, PtrVar):
                    base = self.pointer_dyn(base, scope, e.span)
                elif self.pointer_choices(base):  # p.next.v: through the pointer p.next holds
                    base = self.pointer_dyn(base.choices[0], scope, e.span, via=x)
                if base is None:
                    self.check_not_value(x, name, scope)
                    return None
                if not isinstance(base, (Agg, Dyn)):
                    raise _error(
                        f"{self.describe_loc(base)}.{name} undefined (it is not a struct)", e.span,
                        "select fields of struct variables", "field")
                if isinstance(base, Dyn):
                    return replace(base, choices=tuple(self.locate_in(c, e, name) for c in base.choices))
                if base.type.length is not None:
                    raise _error(f"{base.name}.{name} undefined (an array has no fields)", e.span,
                                 f"index it: {base.name}[0]", "field")
                found = self.field(base, name)
                if found is None:
                    raise _error(f"{base.name}.{name} undefined (type {base.type.name} has no field or method "
                                 f"{name})", e.span, "fields: " + ", ".join(k for k, _ in base.parts), "field")
                return found
            case ast.Index(x, i):
                base = self.locate(x, scope, g)
                if isinstance(base, Ptr) and isinstance(base.target, Agg):
                    base = base.target
                if base is None:
                    return None
                if not isinstance(base, (Agg, Ptr, PtrVar, Dyn)) and self.leaf_type(base).startswith("map["):
                    return None  # an element of a map field: lower_maps.py
                if not isinstance(base, Agg) or base.type.length is None:
                    raise _error(f"cannot index {self.describe_loc(base)} (it is not an array)", e.span,
                                 "index arrays: a[0]", "index")
                n = len(base.parts)
                if not self.is_constant_index(i, scope):
                    return Dyn(i, tuple(p for _, p in base.parts), base.name)
                idx = self.expr(i, scope, g, self.loop_values(i, scope))
                if isinstance(idx.value, bool) or not isinstance(idx.value, int):
                    raise _error(f"invalid argument: index of type {idx.type}", i.span, "index with an int", "index")
                if not 0 <= idx.value < n and idx.known:  # a variable's value: Go's run-time panic
                    return Dyn(i, tuple(p for _, p in base.parts), base.name)
                if not 0 <= idx.value < n:
                    raise _error(f"invalid argument: index {idx.value} out of bounds [0:{n}]", i.span,
                                 f"{base.name} has {n} elements", "index")
                return base.parts[idx.value][1]
            case ast.Deref(x):
                p = self.locate(x, scope, g)
                if isinstance(p, PtrVar):
                    return self.pointer_dyn(p, scope, e.span)
                if self.pointer_choices(p):
                    return self.pointer_dyn(p.choices[0], scope, e.span, via=x)
                if p is None and not isinstance(x, ast.Name):
                    return None
                if not isinstance(p, Ptr):
                    raise not_supported("dereferencing this (*p of a pointer not known statically)", e.span,
                                        "declare the pointer from a variable: p := &x")
                return p.target
            case ast.AddrOf(name=n):
                b = self.locate(n, scope, g)
                if b is None:
                    loc = self.plain_location(n, scope)
                    return Ptr(loc, ast.TypeName(self.leaf_type(loc), span=e.span)) if loc is not None else None
                return Ptr(b, b.type if isinstance(b, Agg) else ast.TypeName(self.leaf_type(b), span=e.span)) \
                    if not isinstance(b, Ptr) else None
            case ast.Address(x) if not isinstance(x, ast.CompositeLit):
                b = self.locate(x, scope, g)
                if b is None or isinstance(b, Ptr):
                    return None
                return Ptr(b, b.type if isinstance(b, Agg) else ast.TypeName(self.leaf_type(b), span=e.span))
        return None

    def check_not_value(self, x: ast.Expr, name: str, scope) -> None:
        """`x.f` of a basic variable x: Go's error (a package-level object's method is the lowering's)."""
        if isinstance(x, ast.Name):
            loc = self.plain_location(x, scope)
            if loc is not None:
                raise _error(f"{x.id}.{name} undefined (type {self.leaf_type(loc)} has no field or method {name})",
                             x.span, "select fields of struct variables: type T struct { ... }; var s T", "field")

    def locate_in(self, agg, e: ast.Selector, name: str):
        """Field `name` of one choice of a computed index (a[i].x)."""
        found = self.field(agg, name) if isinstance(agg, Agg) and agg.type.length is None else None
        if found is None:
            raise _error(f"{e.expr}.{name} undefined", e.span, "select a field of the struct", "field")
        return found

    def is_constant_index(self, i: ast.Expr, scope) -> bool:
        try:
            return isinstance(self.expr(i, scope, None, self.loop_values(i, scope)), ir.Const)
        except LitmusSemanticError:
            return False

    def dynamic_index(self, d: Dyn, scope, g, span: Span) -> tuple[ir.Local, list]:
        """The index of `d` evaluated once into a local, and the run-time error when it is
        out of range (Go's message)."""
        idx = self.pointer_expr(d.index, scope, g) if d.keys is not None else None  # via p.next
        idx = idx if idx is not None else self.expr(d.index, scope, g)
        self.check_mixing([idx], d.index.span)
        if idx.type not in ir.INT_TYPES:
            raise _error(f"invalid argument: index {d.index} (variable of type {idx.type}) must be integer",
                         d.index.span, "index with an int", "index")
        tmp = self.temp(idx.type, d.index.span, g)
        self.pending.append(ir.SetLocals((tmp,), (idx,), d.index.span))
        at = ir.Local(tmp.id, tmp.type, d.index.span)
        if d.keys is not None:  # a pointer: the only other value is nil
            return at, [ir.Panic(ir.Const(None, "any", span), span, (ir.Piece(NIL_DEREF),))]
        panic = ir.Panic(ir.Const(None, "any", span), span, (
            ir.Piece("runtime error: index out of range ["), ir.Piece(expr=at, verb="print"),
            ir.Piece(f"] with length {len(d.choices)}")))
        return at, [panic]

    def choose(self, d: Dyn, at: ir.Local, branch, last: list, span: Span) -> list:
        """if at == 0 { branch(choice 0) } else if at == 1 { ... } else { last }."""
        out = last
        keys = d.keys if d.keys is not None else range(len(d.choices))
        for i, k in reversed(list(enumerate(keys))):
            cond = self.binary("==", at, ir.Const(k, at.type, span), span)
            out = [ir.If(cond, tuple(branch(d.choices[i])), tuple(out), span)]
        return out

    def dynamic_read(self, d: Dyn, scope, g, span: Span) -> ir.Expr:
        if d.keys is not None and any(not is_location(c) for c in d.choices):
            raise not_supported(f"a struct or array read whole through a pointer chosen at run time ({d.array})",
                                span, "read its fields one by one")
        if any(not is_location(c) or self.leaf_kind(c) is not VarKind.PLAIN for c in d.choices):
            raise not_supported(f"computed indices into arrays of structs, arrays or objects ({d.array}[...])",
                                span, "index it with a constant, or a constant loop's variable")
        at, panic = self.dynamic_index(d, scope, g, span)
        typ = self.leaf_type(d.choices[0]) if d.choices else "int"
        result = self.temp(typ, span, g)
        self.pending.extend(self.choose(d, at, lambda c: [ir.SetLocals((result,), (self.expr(
            ast.Name(self.bind_key(c, scope), span), scope, g),), span)], panic, span))
        return ir.Local(result.id, result.type, span)

    def dynamic_write(self, d: Dyn, value: ast.Expr, scope, g, span: Span, lowered=None) -> list[ir.Stmt]:
        """`a[i] = v`: the index, then the value, then the write to the element it names."""
        if any(not is_location(c) for c in d.choices):
            raise not_supported(f"assigning a struct or array at a computed index ({d.array}[...])", span,
                                "assign its fields one by one")
        before = len(self.pending)
        at, panic = self.dynamic_index(d, scope, g, span)
        v = (lowered() if callable(lowered) else lowered) if lowered is not None else self.expr(value, scope, g)
        self.check_mixing([v], span)
        typ = self.leaf_type(d.choices[0]) if d.choices else "int"
        tmp = self.temp(typ, span, g)
        setup = self.pending[before:] + [ir.SetLocals((tmp,), (self.assignable(v, typ, span),), span)]
        del self.pending[before:]
        val = ir.Local(tmp.id, tmp.type, span)
        return setup + self.choose(d, at, lambda c: self.assign(ast.Assign(
            (ast.Name(self.bind_key(c, scope), span),), "", (ast.Name(tmp.id, span),), span), scope, g,
            (val,)), panic, span)

    def plain_location(self, n: ast.Name, scope):
        """The location of a basic variable `x` (for &x), or None."""
        from litmus.lower import Obj
        entry, _ = scope.lookup(n.id)
        if isinstance(entry, ir.Local):
            return entry
        if isinstance(entry, Obj) and not entry.ptr and self.shared[entry.var].kind is VarKind.PLAIN:
            return entry
        if entry is None and n.id in self.shared and self.shared[n.id].kind is VarKind.PLAIN:
            return Obj(n.id)
        return None

    def bound_leaves(self, b) -> list:
        if isinstance(b, Ptr):
            return self.bound_leaves(b.target)
        return self.leaves(b) if isinstance(b, Agg) else [b]

    def field(self, agg: Agg, name: str):
        """Field `name` of a struct, or one promoted from an embedded struct (Go's shallowest)."""
        direct = agg.part(name)
        if direct is not None:
            return direct
        for f in agg.type.fields:
            sub = agg.part(f.name)
            if f.embedded and isinstance(sub, Agg) and sub.type.length is None:
                found = self.field(sub, name)
                if found is not None:
                    return found
        return None

    def describe_loc(self, b) -> str:
        return b.name if isinstance(b, Agg) else self.leaf_name(b)

    def data_expr(self, e: ast.Expr, scope, g, bind=None) -> ir.Expr:
        """A selector, index or dereference read as a value."""
        b = self.locate(e, scope, g)
        if b is not None and g is None:
            raise _error("this must be a constant expression", e.span, "use literals and constants only here",
                         "not-constant")
        if b is None:
            raise self.data_refusal(e)
        if isinstance(b, Dyn):
            return self.dynamic_read(b, scope, g, e.span)
        if isinstance(b, Agg):
            raise not_supported(f"the {b.type.name} value {b.name} used here", e.span,
                                "use its fields, or assign it to a variable: t := " + b.name)
        if isinstance(b, Ptr):
            raise not_supported("a pointer used as a value", e.span, "dereference it or select a field: *p, p.x")
        return self.expr(ast.Name(self.bind_key(b, scope), e.span), scope, g)

    def loop_values(self, e: ast.Expr, scope) -> dict[str, ir.Const]:
        """The names in an index that are a constant loop's variable in this iteration."""
        out = {}
        stack = [e]
        while stack:
            n = stack.pop()
            if isinstance(n, ast.Name):
                entry, _ = scope.lookup(n.id)
                if isinstance(entry, ir.Local) and entry.id in self.iteration_values:
                    out[n.id] = self.iteration_values[entry.id]
            elif hasattr(n, "__dataclass_fields__"):
                stack.extend(getattr(n, f) for f in n.__dataclass_fields__ if f != "span")
            elif isinstance(n, tuple):
                stack.extend(n)
        return out

    def data_object(self, e: ast.Expr, scope, g):
        """The sync object, atomic or channel a field, element or &field denotes (`s.mu`,
        `&s.wg`), as the lowering's Obj; None otherwise."""
        from litmus.lower import Obj
        inner = e.expr if isinstance(e, ast.Address) else e
        b = self.locate(inner, scope, g)
        if isinstance(b, Obj) and self.shared[b.var].kind is not VarKind.PLAIN:
            return Obj(b.var, ptr=isinstance(e, ast.Address))
        return None

    def array_len_of(self, e: ast.Expr, scope, g) -> ir.Const:
        b = self.locate(e, scope, g)
        agg = b.target if isinstance(b, Ptr) else b
        if not isinstance(agg, Agg) or agg.type.length is None:
            raise _error(f"invalid argument: {self.describe_loc(agg)} for built-in len", e.span,
                         "len takes an array (or a variadic parameter)", "call")
        return ir.Const(len(agg.parts), "int", e.span)

    def range_over_array(self, s: ast.ForRange, scope, g) -> list[ir.Stmt]:
        """`for i, v := range a` over a fixed-size array: unrolled, as Go's range over an
        array reads each element when its iteration starts (the array is a copy only
        when the value variable is used: Go evaluates `a` once; litmus reads a[i] then)."""
        from litmus.lower import LOOPVAR_VERSION
        agg = self.locate(s.chan, scope, g)
        agg = agg.target if isinstance(agg, Ptr) else agg
        if not isinstance(agg, Agg) or agg.type.length is None:
            raise not_supported(f"range over the struct {agg.name}", s.chan.span, "range over an array")
        if not s.define and (s.var is not None and s.var.id != "_" or s.value is not None and s.value.id != "_"):
            raise not_supported("range with = over an array", s.span, "declare the variables: for i, v := range a")
        if s.value is not None and s.value.id != "_" and isinstance(agg.parts[0][1] if agg.parts else None, Agg):
            raise not_supported("range over an array of structs or arrays with a value variable", s.value.span,
                                "range over the indices: for i := range a, and use a[i]")
        iterations = []
        with self.expansion("loop", s.span):
            for k, (_, elem) in enumerate(agg.parts):
                inner = type(scope)(parent=scope)
                first: list[ir.Stmt] = []
                for n, typ, value in ((s.var, "int", lambda: ir.Const(k, "int", s.span)),
                                      (s.value, None, lambda: self.expr(ast.Name(self.bind_key(elem, inner), s.span),
                                                                        inner, g))):
                    if n is None or n.id == "_":
                        continue
                    if self.go_version is not None and self.go_version < LOOPVAR_VERSION and n.id in g.captured:
                        self.check_loopvar(n)
                    v = value()
                    first.extend(self.declare_value(n, typ or v.type, v, inner, g))
                    if isinstance(v, ir.Const) and n is s.var:
                        loc = inner.names.get(n.id)
                        if isinstance(loc, ir.Local):
                            self.iteration_values[loc.id] = v
                iterations.append(self.constant_iteration(s, tuple(first), inner, g))
        return [ir.Unrolled(tuple(iterations), s.span)] if iterations else []

    def data_value_refusal(self, e: ast.Name, b):
        """A struct, array or pointer variable used where a basic value is expected."""
        if isinstance(b, Agg):
            return not_supported(f"the {b.type.name} value {e.id} used here (struct comparison, printing or "
                                 "conversion)", e.span, f"use its fields: {e.id}.f, or copy it: t := {e.id}")
        return not_supported(f"the pointer {e.id} used here", e.span,
                             f"dereference it or select a field (*{e.id}, {e.id}.f), or compare it with nil")

    def location_name(self, e: ast.Expr, scope, g) -> ast.Expr:
        """`e` as a name bound to the one location it denotes (`s.ch`), or `e` itself."""
        if isinstance(e, (ast.Selector, ast.Index, ast.Deref)):
            b = self.locate(e, scope, g)
            if b is not None and is_location(b):
                return ast.Name(self.bind_key(b, scope), e.span)
        return e

    def address_name(self, e: ast.Expr, scope, g) -> ast.Expr:
        """`&s.n`, or a pointer `p` bound to one location, as `&NAME` of that location
        (the atomic functions take an address); `e` itself otherwise."""
        while isinstance(e, ast.Paren):
            e = e.expr
        if isinstance(e, ast.Address):
            b = self.locate(e.expr, scope, g)
            if b is not None and is_location(b):
                return ast.AddrOf(ast.Name(self.bind_key(b, scope), e.expr.span), e.span)
        if isinstance(e, ast.Name):
            b = self.locate(e, scope, g)
            if isinstance(b, Ptr) and is_location(b.target):
                return ast.AddrOf(ast.Name(self.bind_key(b.target, scope), e.span), e.span)
            if isinstance(b, PtrVar):
                raise not_supported("an atomic operation through a pointer chosen at run time", e.span,
                                    "pass the address of the variable: &x")
        return e

    def data_refusal(self, e: ast.Expr):
        from litmus.syntax.refusals import refusal_of
        return refusal_of(e)

    # -------------------------------------------------------------- methods

    def data_call(self, e: ast.Expr, scope, g, value: bool):
        """A call of a method of a struct variable (`c.Inc()`, `p.Value()`), or of an
        object held in one (`s.mu.Lock()`, `c.Lock()` embedded, `s.n.Add(1)`): its IR
        statement (`value` False) or expression; None if `e` is not such a call."""
        from litmus.lower import FuncVal
        parts = method_call_parts(e)
        if parts is None:
            return None
        recv_expr, m, args = parts
        if isinstance(recv_expr, ast.Name) and self.locate(recv_expr, scope, g) is None:
            return None  # a method of an object named directly: the lowering's own
        recv = self.locate(recv_expr, scope, g)
        if recv is None:
            return None
        if isinstance(recv, (PtrVar, Dyn)):
            raise not_supported("method calls through a pointer or index chosen at run time", e.span,
                                "call the method on the variable itself, or through a pointer bound once: p := &x")
        target = recv.target if isinstance(recv, Ptr) else recv
        if not isinstance(target, Agg):  # an object reached through a field: s.mu.Lock()
            call = ast.MethodCall(ast.Name(self.bind_key(target, scope), recv_expr.span), m, args, e.span)
            return self.expr(call, scope, g) if value else self.expr_stmt(call, scope, g)
        decl, holder = self.find_method(target, m)
        if decl is None:
            promoted = self.field(target, m) if target.type.length is None else None
            if promoted is None:
                promoted = next((p for f in target.type.fields if f.embedded and self.object_type(f.type) is not None
                                 for p in [target.part(f.name)] if m in self.object_methods(p)), None)
            if promoted is None or isinstance(promoted, Agg):
                raise _error(f"{target.name}.{m} undefined (type {target.type.name} has no field or method {m})",
                             e.span, "declare it: func (r *" + target.type.name + f") {m}() {{ ... }}", "method")
            call = ast.MethodCall(ast.Name(self.bind_key(promoted, scope), recv_expr.span), m, args, e.span)
            return self.expr(call, scope, g) if value else self.expr_stmt(call, scope, g)
        rp = decl.receiver
        fv = FuncVal(None, None, replace(decl, params=(replace(rp, name=rp.name or "_"), *decl.params),
                                         receiver=None))
        marker = ast.Name("$recv", recv_expr.span)
        inner_scope = type(scope)(parent=scope)
        inner_scope.names[marker.id] = Ptr(holder, holder.type) if rp.type.name.startswith("*") else holder
        stmt, results = self.inline(fv, ast.Call(f"{holder.type.name}.{m}", (marker, *args), span=e.span),
                                    inner_scope, g)
        if not value:
            return [stmt]
        if not decl.results:
            raise _error(f"{holder.type.name}.{m}() has no value", e.span, "call it as a statement", "no-value")
        if len(decl.results) != 1 or not isinstance(results, list):
            raise not_supported(f"the results of {holder.type.name}.{m}() used here", e.span,
                                "assign them: a, b := x.M()")
        self.pending.append(stmt)
        return ir.Local(results[0].id, results[0].type, e.span)

    def go_method(self, call: ast.Expr, scope, g, span: Span) -> ast.GoLit:
        """`go c.Inc(args)`: the receiver (a pointer, bound statically) and the arguments
        are evaluated by the go statement, the method runs in the new goroutine: a
        literal `go func(a...) { c.Inc(a...) }(args)`."""
        from litmus.syntax.refusals import go_call_refusal
        parts = method_call_parts(call)
        if parts is None:
            raise go_call_refusal(call, span)
        recv_expr, m, args = parts
        recv = self.locate(recv_expr, scope, g)
        target = recv.target if isinstance(recv, Ptr) else recv
        decl = self.find_method(target, m)[0] if isinstance(target, Agg) else None
        if decl is None:
            raise go_call_refusal(call, span)
        if not decl.receiver.type.name.startswith("*"):
            raise not_supported("go with a method that has a value receiver", span,
                                f"wrap it: go func() {{ ... .{m}(...) }}()")
        params = tuple(ast.Param(f"$a{i}", p.type, p.span, p.variadic) for i, p in enumerate(decl.params))
        body = ast.Block((ast.ExprStmt(ast.MethodCall(ast.Name("$recv", span), m,
                                                      tuple(ast.Name(p.name, span) for p in params), span),
                                       span),), span)
        scope.names["$recv"] = recv if isinstance(recv, Ptr) else Ptr(target, target.type)
        return ast.GoLit(ast.FuncLit(params, body, span), args, span)

    def find_method(self, agg: Agg, m: str):
        """(method, the struct it is declared on): on the struct's own type, else promoted
        from an embedded struct field."""
        table = self.methods.get(agg.type.name, {})
        if m in table:
            return table[m], agg
        for f in agg.type.fields:
            sub = agg.part(f.name)
            if f.embedded and isinstance(sub, Agg):
                found = self.find_method(sub, m)
                if found[0] is not None:
                    return found
        return None, None

    def object_methods(self, leaf) -> tuple[str, ...]:
        from litmus.lower import MUTEX_METHODS, RWMUTEX_METHODS
        if isinstance(leaf, (Agg, ir.Local, PtrVar)):
            return ()
        kind = self.shared[leaf.var].kind
        return {VarKind.MUTEX: tuple(MUTEX_METHODS), VarKind.RWMUTEX: tuple(RWMUTEX_METHODS),
                VarKind.WAITGROUP: ("Add", "Done", "Wait", "Go"), VarKind.ONCE: ("Do",)}.get(kind, ())

    def bind_data_param(self, p: ast.Param, a: ast.Expr, scope, inner, g, child) -> list[ir.Stmt] | None:
        """A struct, array or pointer parameter (a method's receiver too): a pointer is
        bound statically, a value copied into the callee's own variable; None if the
        parameter is none of these."""
        shape, pointee = self.data_type(p.type), self.pointer_type(p.type)
        if shape is None and pointee is None:
            return None
        if child is not None and pointee is None:
            raise not_supported(f"a {p.type} parameter of a function started by go", a.span,
                                "pass a pointer to it, or start a function literal: go func() { f(...) }()")
        if pointee is not None and (p.name in g.assigned or isinstance(self.locate(a, scope, g), PtrVar)
                                    or isinstance(a, ast.NilLit)):
            if child is not None:
                raise not_supported("a pointer chosen at run time passed to a new goroutine", a.span,
                                    "pass the address of a variable: go f(&x)")
            value = self.pointer_expr(a, scope, g, pointee)
            if value is None:
                raise not_supported("this pointer argument", a.span, "pass &x, &T{...} or a pointer variable")
            return [self.set_pointer(self.pointer_var(ast.Name(p.name or "_", p.span), pointee, inner, g),
                                     value, a.span)]
        if pointee is not None:
            ptr = self.pointer_value(a, p.type, scope, g, a.span)
            if ptr is None:
                raise not_supported(f"a nil {p.type} argument", a.span, "pass the address of a variable: &x")
            if child is not None and any(self.is_local_leaf(x) for x in self.bound_leaves(ptr)):
                raise not_supported("a pointer to a local passed to a new goroutine", a.span,
                                    "point at a package-level variable")
            if p.name and p.name != "_":
                inner.names[p.name] = ptr
            return []
        src = self.locate(a, scope, g) if not isinstance(a, ast.CompositeLit) else None
        if isinstance(src, Agg) and not self.same_type(src.type, shape) and src.type.name != shape.name:
            raise _error(f"cannot use {src.name} ({src.type.name}) as {shape.name} value in argument", a.span,
                         f"pass a {shape.name}", "type")
        if isinstance(src, Agg):
            self.check_copyable(src, a.span)
        agg = self.local_agg(ast.Name(p.name or "_", p.span), shape, inner, g, p.span)
        # the copy reads field by field: one statement, so that the call's arguments are not mixed
        return [ir.Inline(tuple(self.store_values(agg, a, scope, g, a.span, fresh=True)), a.span)]


def method_call_parts(e) -> tuple | None:
    """(receiver expression, method name, arguments) of `r.M(args)`, or None."""
    match e:
        case ast.MethodCall(receiver=r, method=m, args=args):
            return r, m, args
        case ast.CallExpr(func=ast.Selector(expr=x, name=m), args=args, spread=False):
            return x, m, args
    return None
