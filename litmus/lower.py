"""Static checks and lowering: `ast.File` -> `Test` (a `program.Program` plus its question).

One pass over the syntax tree that
- resolves every name (local, constant, shared variable, helper) with Go's
  scoping, and rejects captures of a parent's locals in a .lit test; in a .go
  program (litmus/lower_go.py for printing and the static facts of a function)
  objects declared in functions and captured locals are shared variables, and
  object and function parameters, results and function values are bound
  statically;
- type-checks what the engines rely on (atomic calls, widths, assertions);
- inlines helper calls, unrolls constant `for` loops, gives every goroutine its
  static name (spec/language.md, "Names are static");
- rejects what the checker does not support yet, with exit 2, never a wrong
  answer.

All diagnostics carry a span and a hint; the first problem stops the pass
(errors cascade badly in a language without declarations of locals).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from litmus import arith
from litmus import program as ir
from litmus.errors import Diagnostic, LitmusSemanticError, NotSupportedError, Span, TooLargeError
from litmus.limits import MAX_DEPTH, MAX_RECURSION, MAX_STATEMENTS, too_large
from litmus.lower_data import Agg, DataLowering, Ptr, PtrVar
from litmus.lower_data import not_supported as refused
from litmus.lower_maps import MapLowering
from litmus.lower_go import (FMT_VALUE_FUNCS, LOOPVAR_VERSION, GoLowering, assigned_names, captured_names,
                             go_version, not_supported)
from litmus.lower_time import TIME_BINDINGS, TimeLowering, chan_text
from litmus.models import models
from litmus import primitives
from litmus.primitives import atomic, cond, mutex, rwmutex, waitgroup
from litmus.primitives import value as atomic_value
from litmus.program import INT_TYPES, VarKind, wrap_int, zero_value
from litmus.syntax import ast
from litmus.syntax.refusals import refuse_unsupported
from litmus.values import Boxed

UNTYPED_INT = "untyped int"
UNTYPED_BOOL = "untyped bool"
UNTYPED_STRING = "untyped string"
UNTYPED_FLOAT = "untyped float"
UNTYPED_NIL = "untyped nil"
MAX_UNROLL_STATIC = 1000  # a constant loop with more iterations is an error
RESERVED_LOCALS = {"out", "blocked", "panicked"}
GO_OBSERVABLES = {"stdout": "string", "stderr": "string", "exit": "int"}  # a .go program's, with their types
RESERVED_SHARED = {"race", "deadlock", "unset"}
# The Go API of each primitive comes from its module in litmus/primitives.
SYNC_KINDS = primitives.SYNC_OBJECTS
SYNC_TYPES = {t: k for k in SYNC_KINDS for t in primitives.of_kind(k).go_types}
SUPPORTED_SYNC = {t: k for t, k in SYNC_TYPES.items() if k is not VarKind.COND}  # declared with a zero value
MUTEX_METHODS = {m.name: m.op for m in mutex.METHODS.values()}
RWMUTEX_METHODS = {m.name: m.op for m in rwmutex.METHODS.values()}
COND_METHODS = {m.name: m.op for m in cond.METHODS.values()}
ATOMIC_TYPES = dict(atomic.TYPES)
# atomic.OpT(&x, ...) function forms: T -> Go type of x; Op -> operation
ATOMIC_FUNC_TYPES = dict(atomic.FUNCTION_TYPES)
ATOMIC_FUNC_OPS = {m.name: m.op for m in atomic.FUNCTIONS.values()}
# methods of the typed atomics and of atomic.Value: name -> (op, number of args)
ATOMIC_METHODS = {m.name: (m.op, len(m.params)) for m in atomic.METHODS.values()}
VALUE_METHODS = {m.name: (m.op, len(m.params)) for m in atomic_value.METHODS.values()}
NO_OP_CALLS = {"runtime.Gosched", "time.Sleep"}
NOT_IN_LANGUAGE_CALLS = {
    "len": "len and cap of channels", "cap": "len and cap of channels", "new": "pointers",
    "runtime.SetFinalizer": "finalizers", "append": "slices",
    "delete": "maps", "runtime.GC": "finalizers", "runtime.KeepAlive": "finalizers",
}
COMPARISONS = {"==", "!=", "<", "<=", ">", ">="}
ARITH = {"+", "-", "*", "/", "%", "&", "|", "^", "&^", "<<", ">>"}


@dataclass(frozen=True, slots=True)
class Test:
    """A checked litmus test: the program and the question asked about it."""

    name: str
    program: ir.Program
    condition: ast.Condition | None
    locations: tuple[str, ...]
    expects: tuple[ast.Expect, ...]
    goroutine_names: tuple[str, ...]
    notes: tuple[str, ...] = ()
    source: str | None = None  # the text, for errors found after lowering (a size limit while searching)


def error(message: str, span: Span, hint: str = "", code: str = "semantic") -> LitmusSemanticError:
    return LitmusSemanticError(Diagnostic(message, span, hint, code))




# ------------------------------------------------------------------ scopes


@dataclass(frozen=True, slots=True)
class Obj:
    """A name bound statically to a shared variable (.go files): a channel, sync
    object or atomic declared in a function, one passed as a parameter or
    returned, or a local that function literals capture. `dir` is the channel
    direction of the name's type: "" both, "send" (chan<- T), "recv" (<-chan T);
    `ptr` that the name holds a pointer to the object (&wg, wg *sync.WaitGroup)."""

    var: str
    dir: str = ""
    ptr: bool = False


@dataclass(frozen=True, slots=True)
class NilChan:
    """`var c chan int` in a function (.go): nil until `c = make(...)` binds it."""

    type: "ast.TypeName"


@dataclass(frozen=True, slots=True)
class FuncVal:
    """A name bound statically to a function: a literal with the scope it was
    written in, or a helper (`decl`)."""

    lit: "ast.FuncLit | None"
    scope: "Scope | None" = None
    decl: "ast.FuncDecl | None" = None


@dataclass(frozen=True, slots=True)
class StaticSlice:
    """A variadic parameter (`nums ...int`): its elements, constants or locals."""

    elems: tuple
    type: str


@dataclass
class Scope:
    names: dict[str, "ir.Local | Obj | FuncVal | ir.Const"] = field(default_factory=dict)
    parent: "Scope | None" = None
    barrier: bool = False  # a function literal: names above it are a parent's locals

    def lookup(self, name: str) -> tuple["ir.Local | Obj | FuncVal | ir.Const | None", bool]:
        """What the name is bound to (a local, a static object or function, a
        constant loop variable of this iteration) and whether it is reached across
        a function-literal barrier."""
        scope, crossed = self, False
        while scope is not None:
            if name in scope.names:
                return scope.names[name], crossed
            crossed = crossed or scope.barrier
            scope = scope.parent
        return None, False


@dataclass
class GoroutineBuilder:
    """Per-goroutine state while lowering its body."""

    name: str
    locals: list[ir.Local] = field(default_factory=list)
    go_count: int = 0
    call_stack: tuple[str, ...] = ()
    in_dynamic_loop: bool = False  # inside a loop whose trip count is not static
    captured: frozenset[str] = frozenset()  # names function literals of the current function use
    assigned: frozenset[str] = frozenset()  # names the current function assigns (with its literals)
    results: list | None = None  # the inlined function being lowered: its result targets (see call_value)
    labels: tuple = ()  # enclosing labelled statements: (label, loop_depth, for_depth)
    defer_direct: bool = False  # lowering the body of a deferred function: recover() works here
    deferred_call: bool = False  # the call being lowered is a defer's: its function is the deferred one
    jumps: list = field(default_factory=list)  # flagged labelled jumps made: (flag, label entry)
    local_suffix: str = ""  # "^2" inside the second nested call of a recursive function: its own locals
    loop_depth: int = 0  # enclosing for loops and selects (break leaves the innermost)
    for_depth: int = 0  # enclosing for loops (continue starts the next iteration of the innermost)


class Lowerer(GoLowering, TimeLowering, DataLowering, MapLowering):
    def __init__(self, file: ast.File, test_name: str, filename: str | None = None):
        self.file = file
        self.go_version = go_version(filename) if file.go else None
        self.temps = 0  # result temporaries made so far (their ids are unique in the program)
        self.pending: list[ir.Stmt] = []
        self.iteration_values: dict[str, ir.Const] = {}  # constant loop variable -> its value now
        self.known_values: dict[str, ir.Const] = {}  # .go: a local set once to a constant -> that constant  # inlined calls of the statement being lowered, before it
        self.test_name = test_name
        self.shared: dict[str, ir.SharedVar] = {}
        self.nil_chans: dict[str, ast.TypeName] = {}  # package-level `var c chan T`: nil channels (lower_maps.py)
        self.consts: dict[str, ir.Const] = {}
        self.funcs: dict[str, ast.FuncDecl] = {}
        self.helper_sites: dict[str, int] = {}  # helper -> number of go-sites (first pass)
        self.helper_seen: dict[str, int] = {}
        self.counting = True
        self.goroutine_names: list[str] = []
        # size limits (litmus/limits.py): statements made so far, blocks nested now, and the
        # constant loops and calls being expanded now, outermost first: (what, span, statements before)
        self.statements = 0
        self.depth = 0
        self.expanding: list[tuple[str, Span, int]] = []

    # -------------------------------------------------------------- entry

    def lower(self) -> Test:
        self.declare_package()
        tops = self.top_level_funcs()
        # Pass 1 counts the go-sites of each helper (names depend on it); pass 2 builds.
        package_shared = dict(self.shared)
        for counting in (True, False):
            self.counting = counting
            self.shared = dict(package_shared)  # objects declared in functions are made again
            self.reset_time()
            self.temps = 0
            self.helper_seen = {}
            self.goroutine_names = []
            self.statements = 0
            init = self.lower_goroutine(tops["init"], "init") if "init" in tops else None
            goroutines = [self.lower_goroutine(decl, name) for name, decl in tops.items()
                          if name != "init"]
        init, goroutines = self.expand_cancels((init, tuple(goroutines)))  # contexts' cancel code (lower_time.py)
        if not goroutines and (init is None or not list(ir.spawned(init.body))):
            raise error("the test has no goroutine", self.file.span,
                        "add `go func P0() { ... }` or `func main() { ... }`", "no-goroutine")
        observables = self.observable_names(init, goroutines)
        prog = ir.Program(self.test_name, tuple(self.shared.values()), init, tuple(goroutines),
                          tuple(sorted(k for k, v in observables.items() if v is not None)), go=self.file.go)
        locations = tuple(self.check_observable(o, prog, observables) for o in self.file.locations)
        if self.file.condition is not None:
            self.check_condition(self.file.condition.expr, prog, observables)
        for e in self.file.expects:
            if e.model not in models():
                raise error(f"unknown model {e.model}", e.model_span,
                            "the models are: " + ", ".join(models()), "unknown-model")
            if e.claim in ("never", "sometimes", "always") and self.file.condition is None:
                raise error(f"`expect {e.claim}` needs a condition", e.span,
                            "add a condition such as `exists (P0.r == 1)` before the expect lines, "
                            "or use `expect racy` / `expect race-free`", "expect-needs-condition")
        return Test(self.test_name, prog, self.file.condition, locations, self.file.expects,
                    tuple(self.goroutine_names))

    # -------------------------------------------------------------- package level

    def declare_package(self) -> None:
        self.declare_types()
        for decl in self.file.decls:
            if isinstance(decl, ast.FuncDecl) and decl.receiver is None:  # methods: declare_types
                name = decl.name.id
                if name in self.funcs:
                    raise error(f"function {name} is declared twice", decl.name.span,
                                "give each function and goroutine its own name", "duplicate-goroutine")
                self.funcs[name] = decl
        for decl in self.file.decls:
            if isinstance(decl, ast.ConstDecl):
                self.declare_consts(decl)
            elif isinstance(decl, ast.VarDecl):
                self.declare_shared(decl)
        for name, decl in self.funcs.items():
            if name in self.shared or name in self.consts:
                raise error(f"{name} is both a function and a variable", decl.name.span,
                            "rename one of them", "duplicate-name")

    def declare_consts(self, decl: ast.ConstDecl) -> None:
        if len(decl.values) != len(decl.names):
            raise error("a const declaration needs one value per name", decl.span,
                        "write `const N = 3`", "const")
        for name, value in zip(decl.names, decl.values):
            self.check_new_package_name(name)
            e = self.const_expr(value)
            if decl.type is None:  # an untyped constant stays untyped, as in Go
                self.consts[name.id] = ir.Const(e.value, e.type, name.span)
                continue
            typ = self.type_name(decl.type)
            self.consts[name.id] = ir.Const(self.convert_const(e, typ, value.span), typ, name.span)

    def declare_shared(self, decl: ast.VarDecl) -> None:
        if decl.values and len(decl.values) != len(decl.names):
            raise error("a var declaration needs one value per name", decl.span,
                        "write `var x, y int = 1, 2`", "var")
        for i, name in enumerate(decl.names):
            self.check_new_package_name(name)
            if name.id in RESERVED_SHARED:
                raise error(f"`{name.id}` is reserved and cannot name a shared variable", name.span,
                            "pick another name", "reserved-name")
            value = decl.values[i] if decl.values else None
            if value is None and decl.type is not None and decl.type.name == "chan":
                if name.id in self.nil_chans:
                    raise error(f"{name.id} is declared twice", name.span, "give each variable its own name",
                                "duplicate-name")
                self.nil_chans[name.id] = decl.type  # a nil channel (lower_maps.py)
                continue
            data = self.data_type(decl.type) if decl.type is not None else (
                self.value_data_type(value, Scope(), None) if value is not None else None)
            if data is not None and not isinstance(data, tuple):
                self.package_agg(name, data, value)
                continue
            if data is not None or (decl.type is not None and decl.type.name.startswith("*")) \
                    or isinstance(value, (ast.AddrOf, ast.Address)):
                self.package_pointer(name, decl.type, value)
                continue
            self.shared[name.id] = self.shared_var(name, decl.type, value)

    def check_new_package_name(self, name: ast.Name) -> None:
        if name.id in self.shared or name.id in self.consts or name.id in self.aggs:
            raise error(f"{name.id} is declared twice", name.span, "give each variable its own name",
                        "duplicate-name")
        if name.id == "_":
            raise error("`_` cannot be declared at package level", name.span, "give it a name", "var")

    def shared_var(self, name: ast.Name, tname: ast.TypeName | None, value: ast.Expr | None) -> ir.SharedVar:
        if (m := self.shared_map(name, tname, value)) is not None:  # lower_maps.py
            return m
        if isinstance(value, ast.Call) and value.func == "make":
            return self.channel(name, tname, value)
        if isinstance(value, ast.Call) and value.func == "sync.NewCond":
            return self.cond_var(name, value)
        if tname is not None:
            t = tname.name
            if t == "chan":
                raise error("a channel declared without make is nil: every operation on it blocks "
                            "forever", tname.span, f"write `var {name.id} = make({tname}, 0)`", "nil-channel")
            if t in SUPPORTED_SYNC:
                self.no_initializer(value, t)
                return ir.SharedVar(name.id, SUPPORTED_SYNC[t], "", None, span=name.span)
            if t in SYNC_TYPES:  # sync.Cond: it needs its Locker
                raise error(f"a {t.lstrip('*')} is made with sync.NewCond", tname.span,
                            f"write `var {name.id} = sync.NewCond(&mu)` with a sync.Mutex mu", "var")
            if t in ATOMIC_TYPES:
                self.no_initializer(value, t)
                return ir.SharedVar(name.id, VarKind.ATOMIC, ATOMIC_TYPES[t], zero_value(ATOMIC_TYPES[t]),
                                    span=name.span)
            if t == "atomic.Value":
                self.no_initializer(value, t)
                return ir.SharedVar(name.id, VarKind.VALUE, "any", None, span=name.span)
            if t.startswith("atomic."):
                raise error(f"unknown atomic type {t}", tname.span,
                            "use atomic.Int32, Int64, Uint32, Uint64, Bool or Value", "type")
            typ = self.type_name(tname)
            if typ == "any":
                raise error("a shared interface{} variable is not in the language", tname.span,
                            "use atomic.Value", "type")
        else:
            typ = ""
        init = zero_value(typ) if typ else None
        if value is not None:
            e = self.const_expr(value)
            typ = typ or default_type(e.type)
            init = self.convert_const(e, typ, value.span)
        if not typ:
            raise error(f"var {name.id} needs a type or a value", name.span, f"write `var {name.id} int`", "var")
        return ir.SharedVar(name.id, VarKind.PLAIN, typ, init, span=name.span)

    def cond_var(self, name: ast.Name, call: ast.Call) -> ir.SharedVar:
        """`var cond = sync.NewCond(&mu)`: a condition variable bound to a Mutex
        declared before it."""
        arg = call.args[0] if len(call.args) == 1 else None
        lock = self.shared.get(arg.name.id) if isinstance(arg, ast.AddrOf) else None
        if lock is None or lock.kind is not VarKind.MUTEX:
            raise error("sync.NewCond needs the address of a sync.Mutex declared before it", call.span,
                        "write `var mu sync.Mutex` and then `var cond = sync.NewCond(&mu)`", "cond")
        return ir.SharedVar(name.id, VarKind.COND, "", None, lock=lock.name, span=name.span)

    def channel(self, name: ast.Name, tname: ast.TypeName | None, make: ast.Call, scope=None) -> ir.SharedVar:
        t = make.type_arg
        if t is None or t.name != "chan" or t.elem is None:
            raise error("make needs a channel type here", make.span, "write make(chan int) or make(chan int, 2)",
                        "type")
        if len(make.args) > 1:
            raise error("make(chan T, n) takes one capacity", make.span, "write make(chan int, 2)", "call")
        cap = 0
        if make.args:
            c = self.const_expr_in(make.args[0], scope) if scope is not None else self.const_expr(make.args[0])
            if not is_int_type(c.type) or isinstance(c.value, bool) or c.value < 0:
                raise error("a channel capacity is a constant >= 0", make.args[0].span, "write make(chan int, 2)",
                            "type")
            cap = self.convert_const(c, c.type if c.type in INT_TYPES else "int", make.args[0].span)
        # struct{} elements carry no data: litmus gives them the values of an int
        elem = "int" if t.elem.name.startswith("struct") else self.type_name(t.elem)
        return ir.SharedVar(name.id, VarKind.CHAN, elem, None, cap, span=name.span)

    def chan_var(self, e: ast.Expr, scope: Scope, op: str = "", g=None) -> ir.SharedVar:
        """The channel an expression names: a package-level channel, or (.go) one
        bound statically to a name or returned by a call. `op` ("send", "recv",
        "close") is checked against the direction of the name's type, as Go does."""
        if isinstance(e, ast.Paren):
            return self.chan_var(e.expr, scope, op, g)
        e = self.location_name(e, scope, g)  # a channel field or element: s.ch (lower_data.py)
        obj = self.time_chan(e, scope, g) if g is not None and self.file.go else None  # t.C, ctx.Done(), time.After
        if obj == "nil":
            raise not_supported("the Done channel of context.Background (a nil channel)", e.span,
                                "a receive from it blocks forever: use select {} or drop the case")
        obj = obj or (self.object_value(e, scope, g) if g is not None and isinstance(e, ast.Call) else None)
        if obj is None and not isinstance(e, ast.Name):
            raise error("a channel operation needs a channel variable", e.span, "write c <- v or <-c", "chan")
        if obj is None:
            obj = self.obj_of(e, scope)
            if obj is None:
                if isinstance(scope.lookup(e.id)[0], ir.Local):
                    raise error(f"{e.id} is not a channel", e.span, "make it with c := make(chan int)", "chan")
                raise self.unknown_name(e)
        var = self.shared[obj.var]
        if var.kind is not VarKind.CHAN:
            raise error(f"{getattr(e, 'id', var.name)} is not a channel", e.span,
                        "declare it with var c = make(chan int)", "chan")
        name = getattr(e, "id", None) or chan_text(e) or var.name
        if obj.dir == "recv" and op in ("send", "close"):
            raise error(f"invalid operation: cannot {op} {'to' if op == 'send' else ''}{' ' if op == 'send' else ''}"
                        f"receive-only channel {name} (<-chan {var.type})", e.span,
                        "only the sending side holds a chan or chan<- value", "chan-direction")
        if obj.dir == "send" and op == "recv":
            raise error(f"invalid operation: cannot receive from send-only channel {name} (chan<- {var.type})",
                        e.span, "only the receiving side holds a chan or <-chan value", "chan-direction")
        return var

    # -------------------------------------------------------------- objects in functions (.go)

    def obj_of(self, n: ast.Name, scope: Scope) -> Obj | None:
        """The shared variable a name denotes: a static binding, else a package-level
        variable no local shadows."""
        entry, _ = scope.lookup(n.id)
        if isinstance(entry, Obj):
            return entry
        if isinstance(entry, NilChan):
            raise not_supported(f"an operation on the nil channel {n.id}", n.span,
                                f"make it first: {n.id} = make({entry.type}) (on a nil channel it blocks forever)")
        if entry is None and n.id in self.shared:
            return Obj(n.id)
        return None

    def shared_of(self, n: ast.Name, scope: Scope) -> ir.SharedVar | None:
        obj = self.obj_of(n, scope)
        return self.shared[obj.var] if obj is not None else None

    def new_shared(self, base: str, g: GoroutineBuilder, make) -> str:
        """A fresh shared variable for one instance of a declaration in goroutine g,
        named G.NAME (G.NAME#2, ... for further instances); `make(name)` builds it."""
        name, k = f"{g.name}.{base}", 1
        while name in self.shared and name not in self.preinserted:  # preinserted: lower_data.pointer_dyn
            k += 1
            name = f"{g.name}.{base}#{k}"
        self.shared[name] = make(name)
        self.preinserted.discard(name)
        return name

    def check_object_site(self, what: str, span: Span, g: GoroutineBuilder) -> None:
        if not self.file.go:
            raise error(f"a local {what}", span, "objects are package-level in a .lit test: declare it at "
                        "package level (in a .go file it may be a local)", "not-in-language")
        if g.in_dynamic_loop:
            raise not_supported(f"a {what} declared in a loop without a constant bound", span,
                                "declare it before the loop, or give the loop a constant bound")

    def object_value(self, e: ast.Expr, scope: Scope, g: GoroutineBuilder | None, base: str = "") -> Obj | None:
        """The object an expression denotes statically (a channel, sync object, atomic),
        making a new one for make(chan T), sync.NewCond, T{} and &T{}; None if `e`
        is a plain value."""
        if isinstance(e, (ast.Selector, ast.Index, ast.Address, ast.Deref)):
            found = self.data_object(e, scope, g)
            if found is not None:
                return found
        match e:
            case ast.Paren(x):
                return self.object_value(x, scope, g, base)
            case ast.MethodCall(method="Done") | ast.Selector(name="C") if g is not None and self.file.go:
                obj = self.time_chan(e, scope, g)  # ctx.Done(), t.C (lower_time.py)
                if obj == "nil":
                    raise not_supported("the Done channel of context.Background (a nil channel)", e.span,
                                        "a receive from it blocks forever: pass a context that can be cancelled")
                return obj
            case ast.Name():
                obj = self.obj_of(e, scope)
                if obj is not None and self.shared[obj.var].kind is not VarKind.PLAIN:
                    return obj
                return None
            case ast.AddrOf(name=n):
                obj = self.obj_of(n, scope)
                if obj is not None and self.shared[obj.var].kind is not VarKind.PLAIN and not obj.ptr:
                    return Obj(obj.var, ptr=True)
                return None
            case ast.Address(expr=ast.CompositeLit() as lit):
                obj = self.object_value(lit, scope, g, base)
                return Obj(obj.var, ptr=True) if obj is not None else None
            case ast.CompositeLit(type=ast.TypeName(name=t), elems=elems) if t in SUPPORTED_SYNC or t in ATOMIC_TYPES \
                    or t == "atomic.Value":
                if g is None:
                    return None
                if elems:
                    raise error(f"{t}{{}} takes no fields here", e.span, f"write {t}{{}}", "var")
                self.check_object_site(t, e.span, g)
                return Obj(self.new_shared(base or "obj", g, lambda n: self.object_var(n, t, e.span)))
            case ast.Call(func="make", type_arg=ast.TypeName(name="chan")) if g is not None:
                self.check_object_site("channel", e.span, g)
                return Obj(self.new_shared(base or "chan", g, lambda n: self.channel(ast.Name(n, e.span), None, e, scope)))
            case ast.Call(func="sync.NewCond", args=(arg,)) if g is not None:
                self.check_object_site("sync.Cond", e.span, g)
                lock = self.object_value(arg, scope, g, (base or "cond") + ".L")
                var = self.shared[lock.var] if lock is not None and lock.ptr else None
                if var is None or var.kind is not VarKind.MUTEX:
                    raise error("sync.NewCond needs the address of a sync.Mutex", arg.span,
                                "write sync.NewCond(&mu) or sync.NewCond(&sync.Mutex{})", "cond")
                return Obj(self.new_shared(base or "cond", g, lambda n: ir.SharedVar(
                    n, VarKind.COND, "", None, lock=var.name, span=e.span)), ptr=True)
            case ast.Call(func=f) if g is not None and self.result_types(f, scope) is not None:
                types = self.result_types(f, scope)
                if len(types) == 1 and self.object_type(types[0]) is not None:
                    return self.call_value(e, scope, g)
        return None

    def object_var(self, name: str, t: str, span: Span) -> ir.SharedVar:
        if t in SUPPORTED_SYNC:
            return ir.SharedVar(name, SUPPORTED_SYNC[t], "", None, span=span)
        if t in ATOMIC_TYPES:
            return ir.SharedVar(name, VarKind.ATOMIC, ATOMIC_TYPES[t], zero_value(ATOMIC_TYPES[t]), span=span)
        return ir.SharedVar(name, VarKind.VALUE, "any", None, span=span)

    @staticmethod
    def object_type(t: ast.TypeName) -> tuple[VarKind, str, str, bool] | None:
        """(kind, value type, channel direction, pointer) of an object type:
        chan T, chan<- T, <-chan T, *sync.Mutex, sync.Mutex, *atomic.Int64, ...; None
        for a value type."""
        n = t.name
        if n in ast.CHAN_KINDS:
            return VarKind.CHAN, "", {"chan": "", "chan<-": "send", "<-chan": "recv"}[n], False
        ptr = n.startswith("*")
        base = n.lstrip("*")
        if base in SYNC_TYPES:
            return SYNC_TYPES[base], "", "", ptr
        if base in ATOMIC_TYPES:
            return VarKind.ATOMIC, ATOMIC_TYPES[base], "", ptr
        if base == "atomic.Value":
            return VarKind.VALUE, "any", "", ptr
        return None

    def bind_object(self, name: ast.Name, obj: Obj, t: ast.TypeName | None, scope: Scope, span: Span) -> None:
        """Bind `name` to `obj`; with a declared type (a parameter, `var c <-chan int = ...`),
        check the object has it and take its channel direction."""
        if t is not None:
            want = self.object_type(t)
            var = self.shared[obj.var]
            if want is None:
                raise error(f"cannot use {self.describe(obj)} as {t}", span, f"pass a value of type {t}", "type")
            kind, typ, direction, ptr = want
            if kind is VarKind.CHAN and var.kind is VarKind.CHAN:
                elem = "int" if t.elem.name.startswith("struct") else self.type_name(t.elem)
                if elem != var.type or (obj.dir and obj.dir != direction):
                    raise error(f"cannot use {self.describe(obj)} as {t}", span,
                                f"pass a channel of type {t}", "type")
                obj = Obj(obj.var, direction)
            elif kind is not var.kind or (typ and typ != var.type) or ptr != obj.ptr:
                hint = "pass its address: &NAME" if ptr and not obj.ptr else f"pass a value of type {t}"
                raise error(f"cannot use {self.describe(obj)} as {t}", span, hint, "type")
            if kind is not VarKind.CHAN and not ptr and kind is not VarKind.COND:
                raise not_supported(f"a {t} passed by value (a copy)", span,
                                    f"pass a pointer: *{t} and &NAME, as go vet asks")
        if name.id != "_":
            scope.names[name.id] = obj

    def describe(self, obj: Obj) -> str:
        var = self.shared[obj.var]
        if var.kind is VarKind.CHAN:
            return f"{var.name} ({ {'': 'chan', 'send': 'chan<-', 'recv': '<-chan'}[obj.dir]} {var.type})"
        kind = {VarKind.ATOMIC: f"atomic {var.type}", VarKind.VALUE: "atomic.Value"}.get(var.kind, f"sync.{var.kind.value}")
        return f"{'&' if obj.ptr else ''}{var.name} ({kind})"

    def note_known(self, loc: ir.Local, value, g: GoroutineBuilder) -> None:
        """A .go local declared with a constant and never assigned has that value
        wherever it is in scope: it may bound a constant loop or a channel capacity."""
        if self.file.go and isinstance(value, ir.Const) and local_name(loc) not in g.assigned \
                and value.type != "float64":  # a float stays a variable: 1 / z is +Inf, not a compile error
            self.known_values[loc.id] = ir.Const(value.value, value.type, loc.span, known=True)
        else:  # this instance of the declaration (a call's parameter, say) has a value of its own
            self.known_values.pop(loc.id, None)

    def declare_value(self, name: ast.Name, typ: str, value: ir.Expr | None, scope: Scope,
                      g: GoroutineBuilder) -> list[ir.Stmt]:
        """Declare a value variable set to `value`: a local, or (.go) a shared
        variable when a function literal captures it (`go func() { count++ }()`)."""
        if name.id == "_":
            return [ir.Eval(value, name.span)] if value is not None and not isinstance(value, ir.Const) else []
        constant = isinstance(value, ir.Const) and name.id not in g.assigned  # read as that constant anywhere
        if not (self.file.go and name.id in g.captured) or constant:
            loc = self.new_local(name, typ, scope, g)
            self.note_known(loc, value, g)
            return [ir.SetLocals((loc,), (value,), name.span)] if value is not None else []
        self.check_object_site("variable captured by a function literal", name.span, g)
        init = value.value if isinstance(value, ir.Const) else zero_value(typ)
        var = self.new_shared(name.id, g, lambda n: ir.SharedVar(n, VarKind.PLAIN, typ, init, span=name.span))
        scope.names[name.id] = Obj(var)
        return [] if value is None or isinstance(value, ir.Const) else [ir.Write(var, value, name.span)]

    def no_initializer(self, value: ast.Expr | None, t: str) -> None:
        if value is not None:
            raise error(f"a {t} cannot have an initial value here", value.span,
                        "declare it without a value and Store in init", "var")

    def type_name(self, t: ast.TypeName) -> str:
        n = t.name
        if n in INT_TYPES or n in ("bool", "string", "float64"):
            return n
        if n in ("float32", "complex64", "complex128"):
            raise not_supported(f"the type {n}", t.span, "use float64")
        if n in ("any", "interface{}"):
            return "any"
        if n == "struct{}" or n.startswith("struct"):
            raise error("structs are not in the litmus language yet", t.span,
                        "use one shared variable per field", "not-in-language")
        if n == "chan":
            raise error("a channel is a package-level variable", t.span,
                        "declare it at package level: var c = make(chan int)", "not-in-language")
        if n.startswith("map["):
            return self.map_type(t)  # lower_maps.py
        if self.file.go and n.lstrip("*").startswith(("time.", "context.")):  # lower_time.py binds them statically
            raise not_supported(f"a {n} here", t.span, "make timers and contexts where they are used, and pass "
                                "them as parameters (ctx context.Context, t *time.Timer, cancel context.CancelFunc)")
        if n.startswith("*") or n.startswith("["):
            raise error(f"type {n} is not in the litmus language yet (pointers, slices and maps)", t.span,
                        "use basic types: int, bool, string", "not-in-language")
        if n.lstrip("*") in self.struct_types or n.startswith("["):  # a struct or array value here
            raise not_supported(f"a {n} value here (a result, a parameter of this kind or an element type)",
                                t.span, f"pass a pointer (*{n.lstrip('*')}) or the fields one by one")
        raise error(f"unknown type {n}", t.span, "use int, int8..int64, uint..uint64, bool or string", "type")

    def top_level_funcs(self) -> dict[str, ast.FuncDecl]:
        tops: dict[str, ast.FuncDecl] = {}
        for decl in self.file.decls:
            if not isinstance(decl, ast.FuncDecl):
                continue
            if decl.is_go or decl.name.id in ("main", "init"):
                if decl.params:
                    raise error(f"{decl.name.id} cannot take parameters", decl.span,
                                "goroutines started at program start take no parameters; "
                                "start a helper with `go f(args)` instead", "params")
                if decl.results:
                    raise error(f"{decl.name.id} cannot return values", decl.span, "drop the result types",
                                "results")
                tops[decl.name.id] = decl
        return tops

    # -------------------------------------------------------------- constants

    def const_expr(self, e: ast.Expr) -> ir.Const:
        """A constant expression (package var initial values, const, loop bounds)."""
        low = self.expr(e, Scope(), None)
        if not isinstance(low, ir.Const):
            raise error("this must be a constant expression", e.span,
                        "use literals and constants only here", "not-constant")
        return low

    def convert_const(self, c: ir.Const, typ: str, span: Span) -> object:
        """The value of constant `c` converted to type `typ` (Go's assignability)."""
        if typ == "float64" or (typ in INT_TYPES and c.type == UNTYPED_FLOAT):
            return self.float_const(c, typ, span)  # lower_maps.py
        if typ in INT_TYPES:
            if c.type not in (UNTYPED_INT, typ) or isinstance(c.value, bool):
                raise error(f"cannot use {c.type} value as {typ}", span, f"use a {typ} value", "type")
            if wrap_int(c.value, typ) != c.value:
                raise overflows(c.value, typ, span)
            return c.value
        if typ == "bool":
            if c.type not in (UNTYPED_BOOL, "bool"):
                raise error(f"cannot use {c.type} value as bool", span, "use true or false", "type")
            return c.value
        if typ == "string":
            if c.type not in (UNTYPED_STRING, "string"):
                raise error(f"cannot use {c.type} value as string", span, 'use a string like "hi"', "type")
            return c.value
        if typ == "any":
            if c.type == UNTYPED_NIL:
                return None
            typ = default_type(c.type)  # boxing gives the constant its default type
            return Boxed(typ, self.convert_const(c, typ, span))
        raise error(f"cannot use a constant as {typ}", span, "use a value of a basic type", "type")

    # -------------------------------------------------------------- goroutines

    def lower_goroutine(self, decl: ast.FuncDecl, name: str) -> ir.Goroutine:
        g = GoroutineBuilder(name, call_stack=(decl.name.id,),
                             captured=captured_names(decl.body) if self.file.go else frozenset(),
                             assigned=assigned_names(decl.body))
        self.add_goroutine_name(name, decl.name.span)
        body = self.function_block(decl.body.stmts, Scope(barrier=True), g)
        return ir.Goroutine(name, (), body, tuple(g.locals), decl.span)

    def add_goroutine_name(self, name: str, span: Span) -> None:
        if name in self.goroutine_names:
            raise error(f"goroutine name {name} is used twice", span,
                        "give each goroutine its own name", "duplicate-goroutine")
        self.goroutine_names.append(name)

    def new_local(self, name: ast.Name, typ: str, scope: Scope, g: GoroutineBuilder) -> ir.Local:
        if name.id in RESERVED_LOCALS:
            raise error(f"`{name.id}` is reserved and cannot name a local", name.span,
                        f"`G.{name.id}` is an observable; pick another name", "reserved-name")
        if name.id in self.funcs:
            raise error(f"{name.id} is a function name", name.span, "pick another name for the local",
                        "duplicate-name")
        loc = ir.Local(f"{name.id}@{name.span.line}:{name.span.column}{g.local_suffix}", typ, name.span)
        scope.names[name.id] = loc
        if loc not in g.locals:
            g.locals.append(loc)
        self.known_values.pop(loc.id, None)  # a new instance of the declaration: nothing known yet
        self.iteration_values.pop(loc.id, None)
        return loc

    # -------------------------------------------------------------- statements

    def block(self, stmts, scope: Scope, g: GoroutineBuilder) -> tuple[ir.Stmt, ...]:
        if not stmts:
            return ()
        if self.depth >= MAX_DEPTH:
            raise self.too_deep(stmts[0].span, g)
        self.depth += 1
        try:
            out: list[ir.Stmt] = []
            for s in stmts:
                made = self.stmt(s, scope, g)
                self.add_statements(len(made), s.span)
                out.extend(made)
                if self.file.go and made and isinstance(made[-1], ir.Return):
                    break  # the rest is unreachable (a recursion's base case, decided when lowering)
        finally:
            self.depth -= 1
        return tuple(out)

    # -------------------------------------------------------------- functions and defer (.go)

    def function_block(self, stmts, scope: Scope, g: GoroutineBuilder) -> tuple[ir.Stmt, ...]:
        """A function's body (its deferred calls are ir.Defer statements, which the
        engines run when the function returns or panics)."""
        return self.block(stmts, scope, g)

    def defer(self, s: ast.Defer, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        """`defer f(args)`: the arguments are evaluated here, as Go does ("the function
        value and parameters to the call are evaluated as usual and saved anew but the
        actual function is not invoked"), into temporaries; the call is an ir.Defer that
        the engines run, last deferred first, when the enclosing function returns or
        panics (litmus/solver/paths.py and litmus/reference/interp.py `run_defers`).
        recover() works in the body of the function the defer names (`defer_direct`)."""
        call = s.call.expr if isinstance(s.call, ast.Paren) else s.call
        inner = Scope(parent=scope)
        out: list[ir.Stmt] = []

        def held(args):
            new = []
            for a in args:
                if isinstance(a, ast.FuncLit) or self.object_value(a, scope, None) is not None or \
                        (isinstance(a, ast.Name) and self.callee(a.id, scope) is not None):
                    new.append(a)
                    continue
                v = self.expr(a, scope, g)
                if isinstance(v, ir.Const):
                    new.append(a)
                    continue
                out.extend(self.take_pending())
                tmp = self.temp(self.value_type(v, a.span), a.span, g)
                out.append(ir.SetLocals((tmp,), (self.assignable(v, tmp.type, a.span),), a.span))
                name = f"$defer{len(out)}@{a.span.line}:{a.span.column}"
                inner.names[name] = tmp
                new.append(ast.Name(name, a.span))
            return tuple(new)

        saved, self.pending = self.pending, []
        try:
            match call:
                case ast.Call(func="recover"):  # recover called by defer itself: not by a deferred function
                    body = [ir.Eval(ir.Recover(False, span=call.span), call.span)]
                case ast.Call(func=f, args=args):
                    body = self.deferred_body(ast.Call(f, held(args), call.type_arg, call.span), inner, g)
                case ast.MethodCall(receiver=r, method=m, args=args):
                    body = self.deferred_body(ast.MethodCall(r, m, held(args), call.span), inner, g)
                case ast.GoLit(func=lit, args=args):
                    body = self.deferred_body(ast.GoLit(lit, held(args), call.span), inner, g)
                case ast.CallExpr(func=f, args=args) if not call.spread:
                    body = self.deferred_body(ast.CallExpr(f, held(args), False, call.span), inner, g)
                case _:
                    raise error("expression in defer must be function call", s.call.span,
                                "write defer f(...)", "defer")
            out = self.pending + out
        finally:
            self.pending = saved
        return out + [ir.Defer((ir.Inline(tuple(body), s.span),), s.span)]

    def deferred_body(self, call: ast.Expr, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        """The deferred call's statements; the function it calls is the deferred function."""
        saved, g.deferred_call = g.deferred_call, True
        try:
            return list(self.stmt(ast.ExprStmt(call, call.span), scope, g))
        finally:
            g.deferred_call = saved

    # -------------------------------------------------------------- size limits

    @contextmanager
    def expansion(self, what: str, span: Span):
        """A constant loop being unrolled or a helper being inlined (for the size messages)."""
        self.expanding.append((what, span, self.statements))
        try:
            yield
        finally:
            self.expanding.pop()

    def add_statements(self, n: int, span: Span) -> None:
        """Count statements made; past MAX_STATEMENTS, blame the outermost loop or call
        being expanded if it made most of them, else the program."""
        self.statements += n
        if self.statements <= MAX_STATEMENTS:
            return
        limit = f"more than {MAX_STATEMENTS} statements after inlining calls and unrolling constant loops"
        if self.expanding and self.statements - self.expanding[0][2] > MAX_STATEMENTS // 2:
            what, where, _ = self.expanding[0]
            if what == "loop":
                raise too_large(f"unrolling this constant loop makes the program {limit}", where,
                                "litmus unrolls a constant loop completely and nested loops multiply: use "
                                "fewer iterations or fewer nested constant loops (docs/limits.md)")
            raise too_large(f"inlining this call makes the program {limit}", where,
                            "litmus inlines every call of a helper: call it fewer times, or make it "
                            "smaller (docs/limits.md)")
        where = self.expanding[0][1] if self.expanding else span
        raise too_large(f"the program has {limit}", where,
                        "litmus tests are small: split this one, or use fewer loop iterations and "
                        "helper calls (docs/limits.md)")

    def too_deep(self, span: Span, g: GoroutineBuilder) -> TooLargeError:
        calls = g.call_stack[1:]  # [0] is the goroutine
        chain = f" (inside a chain of {len(calls)} helper calls: {' -> '.join(calls[:3])} -> ...)" \
            if len(calls) > 3 else ""
        return too_large(f"blocks, helper calls and go statements nested more than {MAX_DEPTH} levels "
                         f"deep{chain}", span,
                         "litmus inlines each call into its caller: flatten the chain (call the "
                         "helpers one after another) or nest fewer blocks (docs/limits.md)")

    def stmt(self, s: ast.Stmt, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        """A statement's IR, after the calls of functions with results its expressions
        make (inlined first, in the order Go evaluates them)."""
        saved, self.pending = self.pending, []
        jumps = len(g.jumps)
        try:
            made = self.stmt_inner(s, scope, g)
            if len(g.jumps) > jumps and isinstance(s, (ast.For, ast.ForRange, ast.Select, ast.Switch)):
                made = self.jump_checks(made, jumps, g, s)
            return self.pending + made
        finally:
            self.pending = saved

    def stmt_inner(self, s: ast.Stmt, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        made = self.time_stmt(s, scope, g) if self.file.go else None  # timers and contexts (lower_time.py)
        if made is not None:
            return made
        match s:
            case ast.Block(stmts):
                return list(self.block(stmts, Scope(parent=scope), g))
            case ast.VarDecl():
                return self.local_var(s, scope, g)
            case ast.ConstDecl():
                if not self.file.go:
                    raise error("local constants are not in the language", s.span,
                                "declare the const at package level", "not-in-language")
                return self.local_consts(s, scope)
            case ast.Define():
                return self.define(s, scope, g)
            case ast.Assign():
                return self.assign(s, scope, g)
            case ast.IncDec(target, op):
                one = ast.IntLit(1, s.span)
                return self.assign(ast.Assign((target,), "+" if op == "++" else "-", (one,), s.span), scope, g)
            case ast.ExprStmt(expr):
                return self.expr_stmt(expr, scope, g)
            case ast.Go(call):
                if isinstance(call, (ast.MethodCall, ast.CallExpr)):  # go c.Inc(): lower_data.py
                    call = self.go_method(call, scope, g, s.span)
                return [self.go(call, scope, g, s.span)]
            case ast.If():
                return self.if_stmt(s, scope, g)
            case ast.For():
                return self.for_stmt(s, scope, g)
            case ast.ForRange(var, chan, body, define) if isinstance(chan, ast.CompositeLit) \
                    and chan.type is not None and chan.type.length is not None:
                # `range [2]int{4, 5}`: range evaluates the array once, into a variable of its own
                tmp = ast.Name("$range", chan.span)
                inner = Scope(parent=scope)
                made = self.stmt(ast.Define((tmp,), (chan,), chan.span), inner, g)
                return made + self.stmt(replace(s, chan=tmp), inner, g)
            case ast.ForRange(var, chan, body, define):
                if isinstance(self.locate(chan, scope, g), (Agg, Ptr)):
                    return self.range_over_array(s, scope, g)
                if self.nil_chan(chan, scope):
                    return [ir.Select((), s.span)]  # range over a nil channel blocks forever (lower_maps.py)
                if s.value is not None and not self.file.go:
                    raise refused("range with two variables (slices and maps)", s.span,
                                        "range over a channel: for v := range c, or over a constant: for i := range 3")
                if isinstance(chan, ast.Name) and isinstance(scope.lookup(chan.id)[0], StaticSlice):
                    return self.range_over_slice(s, scope, g)
                if not self.is_channel(chan, scope):
                    return self.range_over_int(s, scope, g)
                return [self.range_loop(s, scope, g)]
            case ast.Return():
                return self.return_stmt(s, scope, g)
            case ast.Labeled():
                return self.labeled(s, scope, g)
            case ast.Switch():
                return self.switch(s, scope, g)
            case ast.Fallthrough():
                raise error("fallthrough statement out of place", s.span,
                            "fallthrough is the last statement of a switch case", "fallthrough")
            case ast.Break(label=ast.Name()) | ast.Continue(label=ast.Name()):
                made = self.labelled_jump(s, g)
                return made if isinstance(made, list) else [made]
            case ast.Break():
                if g.loop_depth == 0:
                    raise error("break is not in a loop", s.span, "break leaves a for loop (or a select); remove it", "break")
                return [ir.Break(s.span)]
            case ast.Continue():
                if g.for_depth == 0:
                    raise error("continue is not in a loop", s.span, "continue starts the next iteration of a for loop; remove it", "continue")
                return [ir.Continue(s.span)]
            case ast.Send(chan, value) if self.nil_chan(chan, scope):
                return self.nil_send(s, scope, g)  # blocks forever (lower_maps.py)
            case ast.Send(chan, value):
                var = self.chan_var(chan, scope, "send", g)
                v = self.send_value(value, scope, g)
                self.check_mixing([v], s.span)
                return [ir.ChanSend(var.name, self.assignable(v, var.type, value.span), s.span)]
            case ast.Select():
                return [self.select(s, scope, g)]
            case ast.Defer():
                return self.defer(s, scope, g)
            case ast.Unsupported(what):
                raise error(f"{what} is not in the litmus language yet", s.span,
                            "see the language reference for what is supported", "not-in-language")
        raise error(f"unexpected statement {type(s).__name__}", s.span, "this is a bug in litmus: please report it", "internal")

    def local_consts(self, s: ast.ConstDecl, scope: Scope) -> list[ir.Stmt]:
        """`const n = 5` in a function (.go): the name is bound to the constant."""
        if len(s.values) != len(s.names):
            raise error("a const declaration needs one value per name", s.span, "write `const N = 3`", "const")
        for name, value in zip(s.names, s.values):
            e = self.const_expr_in(value, scope)
            if s.type is not None:
                typ = self.type_name(s.type)
                e = ir.Const(self.convert_const(e, typ, value.span), typ, name.span)
            if name.id != "_":
                scope.names[name.id] = ir.Const(e.value, e.type, name.span)
        return []

    def const_expr_in(self, e: ast.Expr, scope: Scope) -> ir.Const:
        low = self.expr(e, scope, None)
        if not isinstance(low, ir.Const):
            raise error("this must be a constant expression", e.span,
                        "use literals and constants only here", "not-constant")
        return low

    def return_stmt(self, s: ast.Return, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        return self.return_values(s, scope, g)

    def return_values(self, s: ast.Return, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        if g.results is None:
            if s.values:
                raise error(f"too many return values: {g.call_stack[0] if g.call_stack else 'this function'} "
                            "has no results", s.span, "write return without values", "results")
            return [ir.Return(s.span)]
        types, results, objects, named = g.results
        if not s.values:
            if types and not named:
                raise error("not enough return values", s.span, f"return {len(types)} values", "results")
            return [ir.Return(s.span)]
        if objects:
            obj = self.object_value(s.values[0], scope, g) if len(s.values) == 1 else None
            if obj is None:
                raise not_supported(f"returning this as a {types[0]}", s.values[0].span,
                                    "return a channel or object made or received in the function")
            self.bind_object(ast.Name("_", s.span), obj, types[0], Scope(), s.values[0].span)
            results.append(obj)
            return [ir.Return(s.span)]
        if len(s.values) == 1 and len(types) > 1 and self.result_count(s.values[0], scope) == len(types):
            inner = self.call_value(s.values[0], scope, g)
            values = [ir.Local(r.id, r.type, s.span) for r in inner]
        elif len(s.values) != len(types):
            raise error(f"{len(s.values)} return values for {len(types)} results", s.span,
                        f"return {len(types)} values", "results")
        else:
            values = [self.result_value(v, t, scope, g) for v, t in zip(s.values, types)]
        self.check_mixing(values, s.span)
        values = [self.assignable(v, r.type, v.span) for v, r in zip(values, results)]
        return [ir.SetLocals(tuple(results), tuple(values), s.span), ir.Return(s.span)]

    def local_var(self, s: ast.VarDecl, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        if s.values and len(s.values) != len(s.names):
            raise error("a var declaration needs one value per name", s.span, "write `var a, b = 1, 2`", "var")
        made = self.data_declare(s.names, s.values, s.type, scope, g, s.span)
        if made is not None:
            return made
        if self.file.go and self.declares_objects(s.names, s.values, s.type, scope):
            return self.declare_objects(s.names, s.values, s.type, scope, g, s.span)
        if self.file.go and s.type is not None and self.object_type(s.type) is not None and not s.values:
            t = s.type.name
            if t.lstrip("*") in SYNC_TYPES or t.lstrip("*") in ATOMIC_TYPES or t.lstrip("*") == "atomic.Value":
                if t.startswith("*") or t == "sync.Cond":
                    raise error(f"a nil {t}: every method call on it panics", s.type.span,
                                f"write {s.names[0].id} := &{t.lstrip('*')}{{}}" if t != "*sync.Cond" and
                                t != "sync.Cond" else f"write {s.names[0].id} := sync.NewCond(&mu)", "nil-object")
                out = []
                for n in s.names:
                    self.check_object_site(t, n.span, g)
                    self.bind_object(n, Obj(self.new_shared(n.id, g, lambda v: self.object_var(v, t, n.span))),
                                     None, scope, n.span)
                return out
            for n in s.names:  # `var c chan int`: nil until assigned (assign_object)
                if n.id != "_":
                    scope.names[n.id] = NilChan(s.type)
            return []
        declared_type = self.type_name(s.type) if s.type else None
        if declared_type and not s.values:
            # `var r int`: its zero value, assigned at the declaration
            zero = ir.Const(zero_value(declared_type), declared_type, s.span)
            if self.file.go and any(n.id in g.captured for n in s.names):
                return [st for n in s.names for st in self.declare_value(n, declared_type, zero, scope, g)]
            targets = [self.new_local(n, declared_type, scope, g) if n.id != "_" else None for n in s.names]
            return [ir.SetLocals(tuple(targets), tuple(zero for _ in targets), s.span)]
        if len(s.values) == 1 and len(s.names) == 2 and self.result_count(s.values[0], scope) == 2:
            return self.define_from_call(ast.Define(s.names, s.values, s.span), scope, g, s.type)
        values = [self.expr(v, scope, g) for v in s.values]
        self.check_mixing(values, s.span)
        types = []
        for i, (n, v) in enumerate(zip(s.names, values)):
            typ = declared_type or self.value_type(v, n.span)
            values[i] = self.assignable(v, typ, v.span)  # an error points at the value, as Go's does
            types.append(typ)
        if self.file.go and any(n.id in g.captured for n in s.names):
            return [st for n, t, v in zip(s.names, types, values) for st in self.declare_value(n, t, v, scope, g)]
        targets = [self.new_local(n, t, scope, g) if n.id != "_" else None for n, t in zip(s.names, types)]
        for t, v in zip(targets, values):
            if t is not None:
                self.note_known(t, v, g)
        return [ir.SetLocals(tuple(targets), tuple(values), s.span)]

    def declares_objects(self, names, values, t: ast.TypeName | None, scope: Scope) -> bool:
        """Whether a declaration binds objects or functions (.go): `c := make(chan int)`,
        `mu := &sync.Mutex{}`, `f := func() {...}`, `out := gen(1, 2)`."""
        if len(values) != len(names):
            return False
        for v in values:
            while isinstance(v, ast.Paren):
                v = v.expr
            match v:
                case ast.FuncLit() | ast.CompositeLit() | ast.Address():
                    return True
                case ast.Call(func="make" | "sync.NewCond"):
                    return True
                case ast.Name(id) | ast.AddrOf(name=ast.Name(id)):
                    entry = scope.lookup(id)[0]
                    if isinstance(entry, FuncVal) or (entry is None and id in self.funcs):
                        return True
                    var = self.shared_of(ast.Name(id), scope)
                    if var is not None and var.kind is not VarKind.PLAIN:
                        return True
                case ast.Call(func=f):
                    types = self.result_types(f, scope)
                    if types and len(types) == 1 and self.object_type(types[0]) is not None:
                        return True
        return False

    def declare_objects(self, names, values, t, scope: Scope, g: GoroutineBuilder, span: Span) -> list[ir.Stmt]:
        """A declaration that binds objects or function values, one name at a time
        (each must be new); value names among them are declared as usual."""
        out: list[ir.Stmt] = []
        for n, v in zip(names, values):
            if n.id in scope.names and n.id != "_":
                raise not_supported(f"assigning {n.id} again", n.span,
                                    "litmus binds channels, sync objects and functions statically: use a new name")
            inner = v.expr if isinstance(v, ast.Paren) else v
            if isinstance(inner, ast.FuncLit):
                if inner.results:
                    raise not_supported("function literals with results", inner.span,
                                        "declare a helper: func NAME() int { ... }")
                scope.names[n.id] = FuncVal(inner, scope)
                continue
            if isinstance(inner, ast.Name) and (isinstance(scope.lookup(inner.id)[0], FuncVal)
                                                or (scope.lookup(inner.id)[0] is None and inner.id in self.funcs)):
                entry = scope.lookup(inner.id)[0]
                scope.names[n.id] = entry if entry is not None else FuncVal(None, None, self.funcs[inner.id])
                continue
            before = len(self.pending)
            obj = self.object_value(v, scope, g, n.id)
            if obj is None:
                value = self.expr(v, scope, g)
                typ = self.type_name(t) if t is not None else self.value_type(value, n.span)
                out.extend(self.take_pending(before))
                out.extend(self.declare_value(n, typ, self.assignable(value, typ, v.span), scope, g))
                continue
            out.extend(self.take_pending(before))
            self.bind_object(n, obj, t, scope, v.span)
        return out

    def is_object_name(self, n: ast.Name, scope: Scope) -> bool:
        """A name bound to a channel or sync object in a function (not a captured value)."""
        entry = scope.lookup(n.id)[0]
        if isinstance(entry, NilChan):
            return True
        return isinstance(entry, Obj) and self.shared[entry.var].kind is not VarKind.PLAIN

    def assign_object(self, s: ast.Assign, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        """`c = make(chan int)` / `c = other` for a channel or object variable declared in
        this block (.go): the name is bound again, statically. Elsewhere (in a nested
        block, or when a function literal uses the name) the value depends on the run:
        not supported yet."""
        t = s.targets[0]
        entry = scope.lookup(t.id)[0]
        if t.id not in scope.names or t.id in g.captured:
            raise not_supported(f"assigning the channel or object variable {t.id} here", t.span,
                                "assign it in the block that declares it, before any function literal uses it")
        before = len(self.pending)
        obj = self.object_value(s.values[0], scope, g, t.id)
        if obj is None:
            raise not_supported(f"assigning {t.id} a value not known statically", s.values[0].span,
                                f"assign a channel made here or another channel: {t.id} = make(...)")
        out = self.take_pending(before)
        declared = entry.type if isinstance(entry, NilChan) else None
        if declared is None:  # keep the type of the name: an object of the same kind and direction
            var = self.shared[entry.var]
            new = self.shared[obj.var]
            if new.kind is not var.kind or new.type != var.type or obj.ptr != entry.ptr:
                raise error(f"cannot assign {self.describe(obj)} to {t.id} ({self.describe(entry)})", s.span,
                            "assign an object of the same type", "type")
            scope.names[t.id] = Obj(obj.var, entry.dir or obj.dir, entry.ptr)
        else:
            self.bind_object(t, obj, declared, scope, s.values[0].span)
        return out

    def take_pending(self, since: int = 0) -> list[ir.Stmt]:
        """The inlined calls made since `since`, removed from the pending list."""
        taken = self.pending[since:]
        del self.pending[since:]
        return taken

    def same_goroutine(self, loc: ir.Local, g) -> bool:
        """A .go literal inlined in the goroutine that declared `loc` reads it as a local."""
        return self.file.go and g is not None and loc in g.locals

    def define(self, s: ast.Define, scope: Scope, g: GoroutineBuilder, lowered=None) -> list[ir.Stmt]:
        """`lowered`: the values already lowered (`v, ok := m[k]`)."""
        if lowered is None:
            made = self.data_declare(s.names, s.values, None, scope, g, s.span)
            if made is not None:
                return made
        if self.file.go and lowered is None and self.declares_objects(s.names, s.values, None, scope):
            return self.declare_objects(s.names, s.values, None, scope, g, s.span)
        comma_ok = len(s.names) == 2 and len(s.values) == 1
        if lowered is not None:
            values = lowered
            types = [v.type for v in values]
        elif comma_ok:
            v = s.values[0]
            if isinstance(v, ast.Recv) and self.nil_chan(v.chan, scope):
                return self.define(ast.Define(s.names, (), s.span), scope, g, self.nil_recv(v.chan, scope, v.span))
            if isinstance(v, ast.Recv):
                var = self.chan_var(v.chan, scope, "recv", g)
                self.check_timer_value(var, v.span)
                value = ir.ChanRecv(var.name, var.type, True, v.span)
            elif self.result_count(v, scope) == 2:
                return self.define_from_call(s, scope, g)
            elif isinstance(v, ast.Index):  # v, ok := m[k]: two values (lower_maps.py)
                return self.define(ast.Define(s.names, (), s.span), scope, g, self.map_comma_ok(v, scope, g))
            elif not isinstance(v, ast.TypeAssert):
                raise error("two names need two values (or a comma-ok type assertion)", s.span,
                            "write `a, b := e1, e2` or `v, ok := av.Load().(int)`", "assign-count")
            else:
                value = self.type_assert(v, scope, g, comma_ok=True)
            types = [value.type, "bool"]
            values = (value,)
        else:
            if len(s.names) != len(s.values):
                raise error(f"{len(s.names)} names but {len(s.values)} values", s.span,
                            "give one value per name", "assign-count")
            values = tuple(self.expr(v, scope, g) for v in s.values)
            self.check_mixing(values, s.span)
            types = [self.value_type(v, n.span) for v, n in zip(values, s.names)]
            values = tuple(self.assignable(v, t, v.span) for v, t in zip(values, types))
        # Go: at least one new name on the left; names already in this scope are assigned
        targets: list[ir.Local | None] = []
        new_any = False
        for i, (n, typ) in enumerate(zip(s.names, types)):
            if n.id == "_":
                targets.append(None)
                continue
            if n.id in scope.names:
                existing = scope.names[n.id]
                if isinstance(existing, ir.Local):
                    self.known_values.pop(existing.id, None)  # `n, m := ...` assigns n again
                if isinstance(existing, Obj) and self.shared[existing.var].kind is VarKind.PLAIN:
                    existing = existing.var  # a captured variable: written
                elif not isinstance(existing, ir.Local):
                    raise not_supported(f"assigning {n.id} again", n.span,
                                        "litmus binds channels, sync objects and functions statically: use a new name")
                if self.target_type(existing) != typ:
                    raise error(f"cannot assign {typ} to {n.id} ({self.target_type(existing)})", n.span, "use a new name, or a value of the same type", "type")
                targets.append(existing)
            else:
                constant = len(values) == len(s.names) and isinstance(values[i], ir.Const) \
                    and n.id not in g.assigned  # a literal reads the constant: it may stay a local
                if self.file.go and n.id in g.captured and not constant:
                    targets.append(n)  # a shared variable, declared below
                else:  # (shadowing a shared variable with a local is allowed, as in Go)
                    targets.append(self.new_local(n, typ, scope, g))
                new_any = True
        if not new_any:
            raise error("no new variables on left side of :=", s.span, "use = to assign", "define")
        if all(t is None or isinstance(t, ir.Local) for t in targets):
            if len(values) == len(targets):
                for t, v in zip(targets, values):
                    if t is not None:
                        self.note_known(t, v, g)
            return [ir.SetLocals(tuple(targets), values, s.span)]
        # some names are captured: compute the values into temporaries, then set each
        temps = [self.temp(t, s.span, g) for t in types]
        out: list[ir.Stmt] = [ir.SetLocals(tuple(temps), values, s.span)]
        for t, typ, tmp in zip(targets, types, temps):
            if isinstance(t, ast.Name):
                out.extend(self.declare_value(t, typ, tmp, scope, g))
            elif isinstance(t, str):
                out.append(ir.Write(t, tmp, s.span))
            elif t is not None:
                out.append(ir.SetLocals((t,), (tmp,), s.span))
        return out

    def temp(self, typ: str, span: Span, g: GoroutineBuilder) -> ir.Local:
        """A fresh local for an intermediate value (its id starts with $: no observable)."""
        self.temps += 1
        loc = ir.Local(f"$v{self.temps}@{span.line}:{span.column}", typ, span)
        g.locals.append(loc)
        return loc

    def assign(self, s: ast.Assign, scope: Scope, g: GoroutineBuilder, lowered=None) -> list[ir.Stmt]:
        """`a, b = e1, e2` (`lowered`: the values already lowered, for `a, b = f()`)."""
        if any(isinstance(t, ast.Index) and self.locate(t, scope, g) is None for t in s.targets):
            return self.index_assign(s, scope, g)  # m[k] = v: lower_maps.py (a[i] = v: lower_data.py)
        if s.op:
            if len(s.targets) != 1 or len(s.values) != 1:
                raise error(f"{s.op}= takes one target and one value", s.span, "write one assignment per variable", "assign-count")
            target = s.targets[0]
            combined = ast.Binary(s.op, target, s.values[0], s.span)
            return self.assign(ast.Assign((target,), "", (combined,), s.span), scope, g)
        made = self.data_assign(s, scope, g, lowered)
        if made is not None:
            return made
        if self.file.go and len(s.targets) == 1 == len(s.values) and isinstance(s.targets[0], ast.Name) \
                and self.is_object_name(s.targets[0], scope):
            return self.assign_object(s, scope, g)
        comma_ok = len(s.targets) == 2 and len(s.values) == 1
        if comma_ok:
            v = s.values[0]
            if isinstance(v, ast.Recv) and self.nil_chan(v.chan, scope):
                return self.assign(ast.Assign(s.targets, "", (), s.span), scope, g, self.nil_recv(v.chan, scope, v.span))
            if isinstance(v, ast.Recv):
                var = self.chan_var(v.chan, scope, "recv", g)
                self.check_timer_value(var, v.span)
                value = ir.ChanRecv(var.name, var.type, True, v.span)
            elif isinstance(v, ast.TypeAssert):
                value = self.type_assert(v, scope, g, comma_ok=True)
            elif isinstance(v, ast.Index):  # v, ok = m[k] (lower_maps.py)
                return self.assign(ast.Assign(s.targets, "", (), s.span), scope, g, self.map_comma_ok(v, scope, g))
            elif self.result_count(v, scope) == 2:  # `a, b = f()`: through the result locals
                results = self.call_value(v, scope, g)
                values = tuple(ir.Local(r.id, r.type, v.span) for r in results)
                return self.assign(ast.Assign(s.targets, "", (), s.span), scope, g, values)
            else:
                raise error("two targets need two values (or a comma-ok type assertion)", s.span,
                            "write `a, b = e1, e2`", "assign-count")
            targets = [self.assign_target(t, scope, g) for t in s.targets]
            for t, typ in zip(targets, (value.type, "bool")):
                if isinstance(t, str):
                    raise error("a comma-ok assertion assigns locals only", s.span, "write `v, ok := av.Load().(int)` and then store v", "assign")
                if t is not None and t.type != typ:
                    raise error(f"cannot assign {typ} to a {t.type} local", s.span, "use locals of the asserted type and bool", "type")
            return [ir.SetLocals(tuple(targets), (value,), s.span)]
        if lowered is None and len(s.targets) != len(s.values):
            raise error(f"{len(s.targets)} targets but {len(s.values)} values", s.span, "give one value per target", "assign-count")
        values = list(lowered) if lowered is not None else [self.expr(v, scope, g) for v in s.values]
        sources = s.values if lowered is None else tuple(ast.NilLit(v.span) for v in values)  # for the spans
        self.check_mixing(values, s.span)
        targets = [self.assign_target(t, scope, g) for t in s.targets]
        out: list[ir.Stmt] = []
        if len(targets) > 1:
            # Go evaluates every right-hand side before assigning: go through temporaries
            temps = []
            for i, (t, v) in enumerate(zip(targets, values)):
                typ = self.target_type(t) if t is not None else self.value_type(v, s.span)
                tmp = ir.Local(f"$t{i}@{s.span.line}:{s.span.column}", typ, s.span)
                g.locals.append(tmp) if tmp not in g.locals else None
                temps.append(tmp)
                out.append(ir.SetLocals((tmp,), (self.assignable(v, typ, sources[i].span),), s.span))
            values = temps
        for t, v, src in zip(targets, values, sources):
            if t is None:
                if len(targets) == 1:
                    out.append(ir.Eval(v, s.span))
                continue
            v = self.assignable(v, self.target_type(t), src.span)
            if isinstance(t, str):
                out.append(ir.Write(t, v, s.span))
            else:
                out.append(ir.SetLocals((t,), (v,), s.span))
        return out

    def assign_target(self, t: ast.Name, scope: Scope, g=None) -> ir.Local | str | None:
        """A local, the name of a plain shared variable, or None for `_`."""
        if not isinstance(t, ast.Name):
            raise error("only variables can be assigned", t.span, "assign to a local or a shared variable", "assign")
        if t.id == "_":
            return None
        loc, crossed = scope.lookup(t.id)
        if isinstance(loc, ir.Local):
            if crossed and not self.same_goroutine(loc, g):
                raise self.capture_error(t)
            return loc
        if isinstance(loc, (FuncVal, StaticSlice)) or (isinstance(loc, ir.Const) and crossed):
            raise not_supported(f"assigning {t.id} here", t.span,
                                "litmus binds function values, variadic parameters and captured loop variables "
                                "statically: declare a new variable")
        if t.id in self.consts and loc is None:
            raise error(f"cannot assign to constant {t.id}", t.span, f"declare it with var to change it: var {t.id} = ...", "assign")
        var = self.shared_of(t, scope)
        if var is None:
            raise self.unknown_name(t)
        if var.kind is VarKind.ATOMIC or var.kind is VarKind.VALUE:
            raise error(f"{t.id} is an atomic; assignment would not be atomic", t.span,
                        f"write {t.id}.Store(v)", "atomic-assign")
        if var.kind is not VarKind.PLAIN:
            raise error(f"cannot assign to {t.id}", t.span, "only plain variables and locals can be assigned", "assign")
        return var.name

    def target_type(self, t: ir.Local | str) -> str:
        return self.shared[t].type if isinstance(t, str) else t.type

    def expr_stmt(self, e: ast.Expr, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        if isinstance(e, ast.Paren):
            return self.expr_stmt(e.expr, scope, g)
        made = self.data_call(e, scope, g, value=False)
        if made is not None:
            return made
        if isinstance(e, ast.Call):
            f = e.func
            if f in NO_OP_CALLS:
                for a in e.args:  # type-check the duration (an int64) but it has no event
                    if not (isinstance(a, ast.Name) and a.id.startswith("time.")):
                        d = self.expr(a, scope, g)
                        if isinstance(d, ir.Const) and d.type == UNTYPED_INT:
                            self.convert_const(d, "int64", a.span)
                return []
            printed = self.print_call(e, scope, g)
            if printed is not None:
                return printed
            if f == "os.Exit":
                if not self.file.go:
                    raise self.go_only("os.Exit", e.span)
                if len(e.args) != 1:
                    raise error("os.Exit takes one status", e.span, "write os.Exit(1)", "call")
                code = self.expr(e.args[0], scope, g)
                self.check_mixing([code], e.span)
                return [ir.Exit(self.assignable(code, "int", e.args[0].span), e.span)]
            if f == "panic":
                if len(e.args) != 1:
                    raise error("panic takes one argument", e.span, 'write panic("message")', "call")
                value = self.expr(e.args[0], scope, g)
                self.check_default_int(value)
                if value.type.startswith("map["):  # Go prints its type and address
                    raise not_supported("panic with a map value", value.span, "panic with a string")
                return [ir.Panic(value, e.span)]
            if self.callee(f, scope) is not None:
                return [self.inline_call(e, scope, g)]
        if isinstance(e, ast.Recv) and self.nil_chan(e.chan, scope):
            return [ir.Eval(self.expr(e, scope, g), e.span)]  # blocks forever (lower_maps.py)
        if isinstance(e, ast.Recv):
            var = self.chan_var(e.chan, scope, "recv", g)  # the value is dropped (a timer's time too)
            return [ir.Eval(ir.ChanRecv(var.name, var.type, False, e.span), e.span)]
        if isinstance(e, ast.GoLit):  # func() { ... }(): inlined
            if e.func.results:
                raise not_supported("function literals with results", e.span, "declare a function with results")
            stmt, _ = self.inline(FuncVal(e.func, scope), ast.Call("func literal", e.args, span=e.span), scope, g)
            return [stmt]
        if isinstance(e, ast.Call) and e.func == "delete":
            return self.delete_call(e, scope, g)  # lower_maps.py
        if isinstance(e, ast.Call) and e.func == "close":
            if len(e.args) != 1:
                raise error("close takes one channel", e.span, "write close(c)", "call")
            if self.nil_chan(e.args[0], scope):  # Go: panic: close of nil channel
                return [ir.Panic(ir.Const("close of nil channel", "string", e.span), e.span)]
            return [ir.ChanClose(self.chan_var(e.args[0], scope, "close", g).name, e.span)]
        if isinstance(e, ast.MethodCall) and e.method == "Do" and self.kind_of(e.receiver, scope) is VarKind.ONCE:
            return [self.once_do(e, scope, g)]
        if isinstance(e, ast.MethodCall) and e.method == "Go" and self.kind_of(e.receiver, scope) is VarKind.WAITGROUP:
            return self.waitgroup_go(e, scope, g)
        if isinstance(e, ast.CallExpr) and not e.spread:
            lock = self.cond_locker(e.func, scope)
            if lock is not None:
                return [ir.Eval(self.method_call(ast.MethodCall(lock, e.func.name, e.args, e.span), scope, g),
                                e.span)]
        if isinstance(e, (ast.Call, ast.MethodCall)):
            return [ir.Eval(self.expr(e, scope, g), e.span)]
        raise error("this expression is evaluated but not used", e.span,
                    "assign it to a local: `r := ...`", "unused")

    def kind_of(self, n: ast.Name, scope: Scope) -> VarKind | None:
        var = self.shared_of(n, scope)
        return var.kind if var is not None else None

    def cond_locker(self, f: ast.Expr, scope: Scope) -> ast.Name | None:
        """`cond.L.Lock()`: the Mutex of sync.Cond cond, as a name bound to it."""
        if not (isinstance(f, ast.Selector) and isinstance(f.expr, ast.Selector) and f.expr.name == "L"
                and isinstance(f.expr.expr, ast.Name)):
            return None
        var = self.shared_of(f.expr.expr, scope)
        if var is None or var.kind is not VarKind.COND:
            return None
        name = f"{f.expr.expr.id}.L"
        scope.names[name] = Obj(var.lock, ptr=True)
        return ast.Name(name, f.expr.span)

    def waitgroup_go(self, e: ast.MethodCall, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        """`wg.Go(f)` (Go 1.25): wg.Add(1), then a goroutine that runs f and then wg.Done()."""
        if len(e.args) != 1:
            raise error("wg.Go takes one function", e.span, "write wg.Go(func() { ... })", "call")
        f = e.args[0].expr if isinstance(e.args[0], ast.Paren) else e.args[0]
        lit_scope = scope  # where the function literal was written
        if isinstance(f, ast.Name):
            fv = self.callee(f.id, scope)
            if fv is None:
                raise not_supported("a function for wg.Go not known statically", f.span,
                                    "pass a function literal or a function's name")
            if fv.lit is not None:
                f, lit_scope = fv.lit, fv.scope
            else:
                f = ast.FuncLit((), ast.Block((ast.ExprStmt(ast.Call(fv.decl.name.id, (), span=f.span), f.span),),
                                              f.span), f.span)
        if not isinstance(f, ast.FuncLit) or f.params or f.results:
            raise error("wg.Go takes a func()", e.args[0].span, "write wg.Go(func() { ... })", "call")
        wg = self.shared_of(e.receiver, scope)
        add = ir.Eval(ir.SyncCall("add", wg.name, (ir.Const(1, "int", e.span),), "", e.span), e.span)
        # the goroutine: f, inlined so that its return ends f only, then Done
        done = ast.ExprStmt(ast.MethodCall(e.receiver, "Done", (), e.span), e.span)
        saved = scope.names.get("$wg.Go")
        scope.names["$wg.Go"] = FuncVal(f, lit_scope)
        try:
            lit = ast.FuncLit((), ast.Block((ast.ExprStmt(ast.Call("$wg.Go", (), span=f.span), f.span), done),
                                            f.span), e.span)
            spawn = self.go(ast.GoLit(lit, (), e.span), scope, g, e.span)
        finally:
            if saved is None:
                scope.names.pop("$wg.Go", None)
            else:
                scope.names["$wg.Go"] = saved
        return [add, spawn]

    def once_do(self, e: ast.MethodCall, scope: Scope, g: GoroutineBuilder) -> ir.Stmt:
        """`once.Do(f)` with a helper name or a function literal, inlined."""
        if len(e.args) != 1:
            raise error("once.Do takes one function", e.span, "write once.Do(setup) or once.Do(func() { ... })",
                        "call")
        f = e.args[0]
        fv = self.callee(f.id, scope) if isinstance(f, ast.Name) else None
        if fv is not None and fv.lit is not None:
            if fv.lit.params or fv.lit.results:
                raise error("the function passed to once.Do takes no parameters", f.span,
                            "write once.Do(func() { ... })", "call")
            inner, body, name = Scope(parent=fv.scope, barrier=True), fv.lit.body, f.id
        elif isinstance(f, ast.FuncLit):
            if f.params:
                raise error("the function passed to once.Do takes no parameters", f.span,
                            "write once.Do(func() { ... })", "call")
            inner, body, name = Scope(parent=scope, barrier=True), f.body, None
        elif fv is not None:
            decl = fv.decl
            if decl.params or decl.is_go or f.id in ("main", "init"):
                raise error(f"once.Do needs a helper without parameters, not {f.id}", f.span,
                            "declare `func setup() { ... }`", "call")
            if f.id in g.call_stack:
                raise error(f"recursive call of {f.id}", e.span,
                            "litmus inlines calls; write the recursion out as straight-line code", "recursion")
            inner, body, name = Scope(barrier=True), decl.body, f.id
        else:
            raise error("once.Do needs a function", f.span,
                        "pass a helper name or a function literal: once.Do(setup)", "call")
        saved = (g.call_stack, g.loop_depth, g.for_depth, g.results, g.captured, g.labels)
        g.call_stack = g.call_stack + ((name,) if name else ())
        g.loop_depth = g.for_depth = 0
        g.results, g.labels = None, ()
        g.captured = captured_names(body) if self.file.go else frozenset()
        saved_assigned, g.assigned = g.assigned, g.assigned | assigned_names(body)
        try:
            stmts = self.function_block(body.stmts, Scope(parent=inner), g)
        finally:
            g.call_stack, g.loop_depth, g.for_depth, g.results, g.captured, g.labels = saved
            g.assigned = saved_assigned
        return ir.OnceDo(self.shared_of(e.receiver, scope).name, stmts, e.span)

    def callee(self, f: str, scope: Scope) -> FuncVal | None:
        """The function a called name denotes: a function value bound in scope, or a helper."""
        entry, _ = scope.lookup(f)
        if isinstance(entry, FuncVal):
            return entry
        if entry is None and f in self.funcs:
            return FuncVal(None, None, self.funcs[f])
        return None

    def result_types(self, f, scope: Scope) -> tuple | None:
        c = self.callee(f, scope) if isinstance(f, str) else None
        if c is None:
            return None
        return c.decl.results if c.decl is not None else tuple(p.type for p in c.lit.results)

    def result_count(self, v: ast.Expr, scope: Scope) -> int:
        types = self.result_types(v.func, scope) if isinstance(v, ast.Call) else None
        return len(types) if types else 0

    def inline_call(self, e: ast.Call, scope: Scope, g: GoroutineBuilder) -> ir.Stmt:
        stmts, _ = self.inline(self.callee(e.func, scope), e, scope, g)
        return stmts

    def inline(self, c: FuncVal, e: ast.Call, scope: Scope, g: GoroutineBuilder):
        """An inlined call: the Inline statement, and its results (result locals, or the
        object a function returning a channel or sync object returns)."""
        decl = c.decl
        if decl is not None and (decl.name.id in ("main", "init") or decl.is_go):
            raise error(f"{e.func} cannot be called", e.span,
                        "only helpers declared with `func NAME(params)` can be called", "call")
        name = decl.name.id if decl is not None else f"{e.func}"
        if name in g.call_stack and not self.file.go:
            raise error(f"recursive call of {name}", e.span,
                        "litmus inlines calls; write the recursion out as straight-line code", "recursion")
        if g.call_stack.count(name) >= MAX_RECURSION:
            raise too_large(f"recursion deeper than {MAX_RECURSION} calls of {name}", e.span,
                            "litmus inlines every call: the recursion must end at arguments known when the "
                            "program is lowered, within that depth (docs/limits.md)")
        params = decl.params if decl is not None else c.lit.params
        body = decl.body if decl is not None else c.lit.body
        types = decl.results if decl is not None else tuple(p.type for p in c.lit.results)
        names = decl.result_names if decl is not None else tuple(p.name for p in c.lit.results if p.name)
        inner = Scope(barrier=True) if decl is not None else Scope(parent=c.scope, barrier=True)
        stmts: list[ir.Stmt] = []
        captured = captured_names(body) if self.file.go else frozenset()
        depth = g.call_stack.count(name)
        saved_suffix, g.local_suffix = g.local_suffix, (f"^{depth + 1}" if depth else g.local_suffix)
        saved_captured, g.captured = g.captured, captured
        saved_assigned, g.assigned = g.assigned, assigned_names(body)
        try:
            stmts.extend(self.bind_params(params, e.args, scope, inner, g, e.span, name))
        finally:
            g.captured = saved_captured
        results: list = []
        objects = len(types) == 1 and self.object_type(types[0]) is not None
        if not objects:
            for t in types:
                typ = "int" if self.pointer_type(t) is not None else self.type_name(t)  # a pointer: its id
                results.append(self.temp(typ, e.span, g))
            if results:
                stmts.append(ir.SetLocals(tuple(results), tuple(ir.Const(zero_value(r.type), r.type, e.span)
                                                                 for r in results), e.span))
            for n, r in zip(names, results):  # named results: locals of the body, returned as they are
                if n != "_":
                    inner.names[n] = r
        saved = (g.call_stack, g.loop_depth, g.for_depth, g.results, g.captured, g.labels, g.defer_direct,
                 g.deferred_call)
        g.call_stack, g.loop_depth, g.for_depth = g.call_stack + (name,), 0, 0
        g.results, g.captured, g.labels = (types, results, objects, bool(names)), captured, ()
        # recover() works in the body of a deferred function, not in the functions it calls
        g.defer_direct, g.deferred_call = g.deferred_call, False
        try:
            with self.expansion("call", e.span):
                stmts.extend(self.function_block(body.stmts, Scope(parent=inner), g))
        finally:
            (g.call_stack, g.loop_depth, g.for_depth, g.results, g.captured, g.labels, g.defer_direct,
             g.deferred_call) = saved
            g.assigned, g.local_suffix = saved_assigned, saved_suffix
        if objects:
            returned = {o.var for o in results}
            if len(returned) != 1:
                raise not_supported(f"a function returning {'no' if not returned else 'different'} "
                                    f"{types[0]} values", e.span,
                                    "litmus binds channels and sync objects statically: return the same one "
                                    "at every return")
            var = returned.pop()
            return ir.Inline(tuple(stmts), e.span), Obj(var, self.object_type(types[0])[2],
                                                       any(o.ptr for o in results))
        return ir.Inline(tuple(stmts), e.span), results

    def call_value(self, e: ast.Call, scope: Scope, g: GoroutineBuilder):
        """A call of a function with results in an expression: the call is inlined
        before the statement (self.pending); its value is the result locals (or the
        object it returns)."""
        stmt, results = self.inline(self.callee(e.func, scope), e, scope, g)
        self.pending.append(stmt)
        return results

    def define_from_call(self, s: ast.Define, scope: Scope, g: GoroutineBuilder,
                         t: ast.TypeName | None = None) -> list[ir.Stmt]:
        """`a, b := f()` (and `var a, b = f()`)."""
        before = len(self.pending)
        results = self.call_value(s.values[0], scope, g)
        out = self.take_pending(before)
        for n, r in zip(s.names, results):
            typ = self.type_name(t) if t is not None else r.type
            value = self.assignable(ir.Local(r.id, r.type, r.span), typ, s.span)
            if n.id != "_" and n.id in scope.names and isinstance(scope.names[n.id], ir.Local):
                self.known_values.pop(scope.names[n.id].id, None)  # assigned again
                out.append(ir.SetLocals((scope.names[n.id],), (value,), s.span))
            else:
                out.extend(self.declare_value(n, typ, value, scope, g))
        return out

    def bind_params(self, params, args, scope: Scope, inner: Scope, g: GoroutineBuilder, span: Span,
                    what: str, child: GoroutineBuilder | None = None):
        """Bind a call's arguments to the callee's parameters in `inner`: objects and
        functions statically, values as locals of the callee (`child`: a new
        goroutine, whose value parameters the Spawn passes; their locals and values are
        returned instead of statements)."""
        variadic = bool(params) and params[-1].variadic
        fixed = params[:-1] if variadic else params
        if len(args) != len(params) and not (variadic and len(args) >= len(fixed)):
            raise error(f"{what} takes {len(params)} arguments, got {len(args)}", span,
                        "pass one argument per parameter", "call")
        stmts: list[ir.Stmt] = []
        spawn: list[tuple[ir.Local, ir.Expr]] = []
        owner = child or g
        for i, p in enumerate(params):
            pname = ast.Name(p.name or "_", p.span)
            if p.variadic:
                if child is not None:
                    raise not_supported("a variadic function started by go", span, "pass the values one by one")
                typ = self.type_name(p.type)
                elems = []
                for a in args[len(fixed):]:
                    v = self.assignable(self.expr(a, scope, g), typ, a.span)
                    if not isinstance(v, ir.Const):
                        if p.name in g.captured:
                            raise not_supported("a variadic argument that is not a constant, used by a "
                                                "function literal", a.span, "pass constants")
                        tmp = self.temp(typ, a.span, g)
                        stmts.append(ir.SetLocals((tmp,), (v,), a.span))
                        v = ir.Local(tmp.id, tmp.type, a.span)
                    elems.append(v)
                inner.names[p.name] = StaticSlice(tuple(elems), typ)
                continue
            a = args[i]
            bound = self.time_param(p, a, scope, g) if self.file.go else None  # contexts, timers (lower_time.py)
            if bound is not None:
                inner.names[p.name] = bound
                continue
            if p.type.name.startswith("func"):
                inner_a = a.expr if isinstance(a, ast.Paren) else a
                if isinstance(inner_a, ast.FuncLit):
                    fv = FuncVal(inner_a, scope)
                elif isinstance(inner_a, ast.Name) and self.callee(inner_a.id, scope) is not None:
                    fv = self.callee(inner_a.id, scope)
                else:
                    raise not_supported(f"a {p.type} argument not known statically", a.span,
                                        "pass a function literal or a function's name")
                fparams = fv.decl.params if fv.decl is not None else fv.lit.params
                if p.type.name != "func()" or fparams:
                    raise not_supported(f"a parameter of type {p.type}", p.span,
                                        "use a func() parameter")
                inner.names[p.name] = fv
                continue
            if self.object_type(p.type) is not None:
                if not self.file.go:
                    raise error(f"a {p.type} parameter", p.span, "objects are package-level in a .lit test: "
                                "use them by name", "not-in-language")
                obj = self.object_value(a, scope, g)
                if obj is None:
                    raise not_supported(f"a {p.type} argument not known statically", a.span,
                                        "pass the object itself: &wg, ch")
                self.bind_object(pname, obj, p.type, inner, a.span)
                continue
            made = self.bind_data_param(p, a, scope, inner, g, child)
            if made is not None:
                stmts.extend(made)
                continue
            typ = self.type_name(p.type)
            v = self.expr(a, scope, g)
            if child is not None:
                spawn.append((self.new_local(pname, typ, inner, child), self.assignable(v, typ, a.span)))
                if self.file.go and p.name in child.captured:  # the parameter is shared with its literals
                    loc = spawn[-1][0]
                    stmts.extend(self.declare_value(pname, typ, ir.Local(loc.id, loc.type, p.span), inner, child))
                continue
            stmts.extend(self.declare_value(pname, typ, self.assignable(v, typ, a.span), inner, owner))
        values = [st.values[0] for st in stmts if isinstance(st, ir.SetLocals)]
        self.check_mixing(values + [v for _, v in spawn], span)
        if child is not None:
            return spawn, stmts
        return stmts

    def go(self, call: ast.Call | ast.GoLit, scope: Scope, g: GoroutineBuilder, span: Span) -> ir.Stmt:
        g.go_count += 1
        if g.loop_depth and g.in_dynamic_loop:
            raise not_supported("a go statement inside a loop without a constant bound", span,
                                "give the loop a constant bound (for i := 0; i < 3; i++) or write the go statements out")
        fv = self.callee(call.func, scope) if isinstance(call, ast.Call) else None
        if isinstance(call, ast.GoLit) or (fv is not None and fv.lit is not None):
            lit = call.func if isinstance(call, ast.GoLit) else fv.lit
            name = f"{g.name}.go{g.go_count}"
            params, body, args, stack = lit.params, lit.body, call.args, g.call_stack
            # a literal sees its parent's scope: objects and captured variables (.go), captures (.lit)
            inner = Scope(parent=scope if isinstance(call, ast.GoLit) else fv.scope, barrier=True)
        else:
            decl = fv.decl if fv is not None else None
            if decl is None or decl.is_go or call.func in ("main", "init"):
                raise error(f"go needs a helper function, not {call.func}", call.span,
                            "declare `func NAME(params) { ... }` and write `go NAME(args)`", "go")
            if decl.name.id in g.call_stack:
                raise error(f"recursive go of {call.func}", call.span, "litmus names goroutines statically; write the goroutines out", "recursion")
            params, body, args, stack = decl.params, decl.body, call.args, g.call_stack + (decl.name.id,)
            name = self.helper_name(decl.name.id)
            inner = Scope(barrier=True)
        if not self.file.go and len(args) != len(params):
            raise error(f"the goroutine takes {len(params)} arguments, got {len(args)}", span, "pass one argument per parameter", "call")
        self.add_goroutine_name(name, span)
        child = GoroutineBuilder(name, call_stack=stack,
                                 captured=captured_names(body) if self.file.go else frozenset(),
                                 assigned=assigned_names(body))
        spawn, pre = self.bind_params(params, args, scope, inner, g, span, "the goroutine", child)
        locals_ = [loc for loc, _ in spawn]
        child_body = pre + list(self.function_block(body.stmts, Scope(parent=inner), child))
        return ir.Spawn(ir.Goroutine(name, tuple(locals_), tuple(child_body), tuple(child.locals), span),
                        tuple(v for _, v in spawn), span)

    def helper_name(self, helper: str) -> str:
        if self.counting:
            self.helper_sites[helper] = self.helper_sites.get(helper, 0) + 1
            return f"{helper}#{self.helper_sites[helper]}"
        k = self.helper_seen[helper] = self.helper_seen.get(helper, 0) + 1
        return helper if self.helper_sites.get(helper, 1) == 1 else f"{helper}#{k}"

    # -------------------------------------------------------------- switch and labels (.go)

    def labeled(self, s: ast.Labeled, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        """`L: stmt`: `break L` / `continue L` reach L only when no other loop, select or
        switch that break leaves stands between (then they are a plain break / continue)."""
        if s.stmt is None:
            return []
        if not isinstance(s.stmt, (ast.For, ast.ForRange, ast.Select, ast.Switch)):
            return self.stmt(s.stmt, scope, g)
        loop = isinstance(s.stmt, (ast.For, ast.ForRange))
        wraps = isinstance(s.stmt, ast.Select) or (isinstance(s.stmt, ast.Switch)
                                                   and switch_breaks(s.stmt, s.label.id))
        entry = (s.label.id, g.loop_depth + (1 if loop or wraps else 0), g.for_depth + (1 if loop else 0), loop, [],
                 s.stmt)
        saved, g.labels = g.labels, g.labels + (entry,)
        try:
            made = self.stmt(s.stmt, scope, g)
        finally:
            g.labels = saved
        # the flags of the jumps to L from inside nested loops, selects and switches: false as L starts
        return [ir.SetLocals((f,), (ir.Const(False, "bool", s.span),), s.span) for f, _ in entry[4]] + made

    def jump_checks(self, made: list[ir.Stmt], before: int, g: GoroutineBuilder, s) -> list[ir.Stmt]:
        """After a loop, select or switch that a flagged `break L` / `continue L` left:
        leave the next construct too, until L's body, where `continue L` continues."""
        out = list(made)
        span = s.span
        for flag, entry in g.jumps[before:]:
            if entry[5] is s or not any(e is entry for e in g.labels):
                continue  # L is this statement itself: its own break and continue reached it
            at_l = g.loop_depth == entry[1]
            kind = "continue" if flag.id.startswith("$continue") else "break"
            read = ir.Local(flag.id, "bool", span)
            if kind == "continue" and at_l:
                then = (ir.SetLocals((flag,), (ir.Const(False, "bool", span),), span), ir.Continue(span))
            else:
                then = (ir.Break(span),)
            out.append(ir.If(read, then, (), span))
        return out

    def labelled_jump(self, s: ast.Break | ast.Continue, g: GoroutineBuilder) -> ir.Stmt:
        label = s.label.id
        word = "break" if isinstance(s, ast.Break) else "continue"
        entry = next((e for e in reversed(g.labels) if e[0] == label), None)
        if entry is None:
            raise error(f"invalid {word} label {label}", s.label.span,
                        f"{word} names a label of an enclosing {'loop' if word == 'continue' else 'for, switch or select'}",
                        "label")
        _, loop_depth, for_depth, loop, flags, _ = entry
        if word == "continue":
            if not loop:
                raise error(f"invalid continue label {label}", s.label.span, "continue names a loop's label", "label")
            if g.for_depth == for_depth:  # only selects between (a switch with continue is not wrapped)
                return ir.Continue(s.span)
        elif g.loop_depth == loop_depth and (loop or g.for_depth == for_depth):
            return ir.Break(s.span)
        # out of nested loops, selects or switches: set a flag, leave the innermost; jump_checks does the rest
        self.temps += 1
        flag = ir.Local(f"${word}{self.temps}@{s.span.line}:{s.span.column}", "bool", s.span)
        g.locals.append(flag)
        flags.append((flag, word))
        g.jumps.append((flag, entry))
        return [ir.SetLocals((flag,), (ir.Const(True, "bool", s.span),), s.span), ir.Break(s.span)]

    def switch(self, s: ast.Switch, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        """An expression switch, as an if / else chain (cases are tried in order, each
        expression only until one matches, as in Go); `fallthrough` appends the next
        clause's body. A switch that `break` leaves is one iteration of an Unrolled."""
        inner = Scope(parent=scope)
        pre = list(self.stmt(s.init, inner, g)) if s.init is not None else []
        tag = None
        if s.tag is not None:
            tag = self.expr(s.tag, inner, g)
            pre.extend(self.take_pending())
            self.check_mixing([tag], s.tag.span)
            if not isinstance(tag, (ir.Const, ir.Local)):
                tmp = self.temp(self.value_type(tag, s.tag.span), s.tag.span, g)
                pre.append(ir.SetLocals((tmp,), (self.assignable(tag, tmp.type, s.tag.span),), s.tag.span))
                tag = ir.Local(tmp.id, tmp.type, s.tag.span)
            elif tag.type.startswith("untyped"):
                tag = self.assignable(tag, self.value_type(tag, s.tag.span), s.tag.span)
        bodies: list[tuple] = []
        for i, c in enumerate(s.cases):
            body = list(c.body)
            j = i
            while body and isinstance(body[-1], ast.Fallthrough):
                if j + 1 >= len(s.cases):
                    raise error("cannot fallthrough final case in switch", body[-1].span, "remove it", "fallthrough")
                body = body[:-1] + list(s.cases[j + 1].body)
                j += 1
            for st in body:
                if isinstance(st, ast.Fallthrough):
                    raise error("fallthrough statement out of place", st.span,
                                "fallthrough is the last statement of a case", "fallthrough")
            bodies.append(tuple(body))
        if sum(c.exprs is None for c in s.cases) > 1:
            raise error("multiple defaults in switch", s.span, "keep one default", "switch")
        label = g.labels[-1][0] if g.labels and g.labels[-1][3] is False and g.labels[-1][1] == g.loop_depth + 1 \
            else None
        wrap = switch_breaks(s, label)
        if wrap and switch_continues(s):
            raise not_supported("a switch with both break and continue", s.span,
                                "use if / else if chains, or a flag variable")
        if wrap:
            g.loop_depth += 1
        try:
            default: tuple = ()
            chain: list[tuple[ir.Expr, tuple]] = []
            for c, body in zip(s.cases, bodies):
                if c.exprs is None:
                    default = self.block(body, Scope(parent=inner), g)
                    continue
                cond = None
                for e in c.exprs:
                    before = len(self.pending)
                    if tag is None:
                        low = self.expr(e, inner, g)
                        if self.value_type(low, e.span) != "bool":
                            raise error("a case of a switch without a tag is a bool", e.span,
                                        "compare it: case x > 0:", "type")
                    else:
                        low = self.binary("==", tag, self.expr(e, inner, g), e.span)
                    if len(self.pending) != before:
                        raise not_supported("a call of a function with results in a case", e.span,
                                            "compute it before the switch")
                    self.check_mixing([low], e.span)
                    cond = low if cond is None else self.binary("||", cond, low, e.span)
                chain.append((cond, self.block(body, Scope(parent=inner), g)))
        finally:
            if wrap:
                g.loop_depth -= 1
        out: tuple = default
        for cond, then in reversed(chain):
            if isinstance(cond, ir.Const):  # a constant case: Go tries it in order, and so does the chain
                out = then if cond.value else out
            else:
                out = (ir.If(cond, then, out, s.span),)
        if wrap:
            return pre + [ir.Unrolled((tuple(out),), s.span)]
        return pre + list(out)

    def if_stmt(self, s: ast.If, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        inner = Scope(parent=scope)
        pre = list(self.stmt(s.init, inner, g)) if s.init is not None else []
        cond = self.expr(s.cond, inner, g)
        pre.extend(self.take_pending())
        self.check_mixing([cond], s.cond.span)
        if self.value_type(cond, s.cond.span) not in ("bool", UNTYPED_BOOL):
            raise error("the condition of an if must be a bool", s.cond.span,
                        "compare it: `if r == 1 {`", "type")
        if self.file.go and isinstance(cond, ir.Const):  # decided when lowering (`if n <= 1` in fib(5))
            if cond.value:
                return pre + list(self.block(s.then.stmts, Scope(parent=inner), g))
            if isinstance(s.orelse, ast.If):
                return pre + self.if_stmt(s.orelse, inner, g)
            return pre + (list(self.block(s.orelse.stmts, Scope(parent=inner), g)) if s.orelse else [])
        then = self.block(s.then.stmts, Scope(parent=inner), g)
        if s.orelse is None:
            orelse: tuple[ir.Stmt, ...] = ()
        elif isinstance(s.orelse, ast.If):
            orelse = tuple(self.if_stmt(s.orelse, inner, g))
        else:
            orelse = self.block(s.orelse.stmts, Scope(parent=inner), g)
        return pre + [ir.If(cond, then, orelse, s.span)]

    def for_stmt(self, s: ast.For, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        unrolled = self.try_constant_loop(s, scope, g)
        if unrolled is not None:
            return unrolled
        spin = self.is_spin_loop(s)
        inner = Scope(parent=scope)
        pre = list(self.stmt(s.init, inner, g)) if s.init is not None else []
        cond = self.expr(s.cond, inner, g) if s.cond is not None else None
        if self.pending:
            raise not_supported("a call of a function with results in a loop condition", s.cond.span,
                                "compute it in the loop: for { ok := f(); if !ok { break } ... }")
        if cond is not None:
            self.check_mixing([cond], s.cond.span)
            if self.value_type(cond, s.cond.span) not in ("bool", UNTYPED_BOOL):
                raise error("the condition of a for loop must be a bool", s.cond.span,
                            "compare it: `for r != 0 {`", "type")
        g.loop_depth += 1
        g.for_depth += 1
        saved = g.in_dynamic_loop
        g.in_dynamic_loop = True
        try:
            body = self.block(s.body.stmts, Scope(parent=inner), g)
            post = tuple(self.stmt(s.post, inner, g)) if s.post is not None else ()
        finally:
            g.loop_depth -= 1
            g.for_depth -= 1
            g.in_dynamic_loop = saved
        return pre + [ir.Loop(cond, body, post, spin, s.span)]

    def send_value(self, value: ast.Expr, scope: Scope, g: GoroutineBuilder) -> ir.Expr:
        """The value a send sends; `struct{}{}` is 0 (a chan struct{} holds ints in litmus)."""
        if isinstance(value, ast.CompositeLit) and value.type is not None and value.type.name == "struct{}" \
                and not value.elems:
            return ir.Const(0, "int", value.span)
        return self.expr(value, scope, g)

    def select(self, s: ast.Select, scope: Scope, g: GoroutineBuilder) -> ir.Stmt:
        cases = []
        for c in s.cases:
            inner = Scope(parent=scope)
            kind, var, value, targets = "default", "", None, ()
            comm = c.comm
            if self.file.go and isinstance(comm, ast.ExprStmt) and isinstance(comm.expr, ast.Recv) \
                    and self.time_chan(comm.expr.chan, scope, g, peek=True) == "nil":
                continue  # a receive from Background's Done (a nil channel) is never ready
            if self.nil_select_case(comm, scope):
                continue  # a case on a nil channel is never ready (lower_maps.py)
            if isinstance(comm, ast.Send):
                chan = self.chan_var(comm.chan, scope, "send", g)
                v = self.send_value(comm.value, scope, g)
                self.check_mixing([v], comm.span)
                kind, var, value = "send", chan.name, self.assignable(v, chan.type, comm.value.span)
            elif comm is not None:
                kind = "recv"
                var, targets = self.select_receive(comm, inner, g)
            g.loop_depth += 1  # break leaves the select
            try:
                body = self.block(c.body, Scope(parent=inner), g)
            finally:
                g.loop_depth -= 1
            cases.append(ir.SelectCase(kind, var, value, targets, body, c.span))
        kinds = [c.kind for c in cases]
        if kinds.count("default") > 1:
            raise error("a select has at most one default", s.span, "keep one default case", "select")
        return ir.Select(tuple(cases), s.span)

    def select_receive(self, comm: ast.Stmt, scope: Scope, g: GoroutineBuilder):
        """The channel and the (value, ok) targets of a receive case."""
        match comm:
            case ast.ExprStmt(ast.Recv(chan)):
                return self.chan_var(chan, scope, "recv", g).name, ()
            case ast.Define(names, (ast.Recv(chan),)) if 1 <= len(names) <= 2:
                var = self.chan_var(chan, scope, "recv", g)
                self.check_timer_value(var, comm.span)
                types = (var.type, "bool")
                return var.name, tuple(None if n.id == "_" else self.new_local(n, t, scope, g)
                                       for n, t in zip(names, types))
            case ast.Assign(targets, "", (ast.Recv(chan),)) if 1 <= len(targets) <= 2:
                var = self.chan_var(chan, scope, "recv", g)
                self.check_timer_value(var, comm.span)
                out = []
                for t, typ in zip(targets, (var.type, "bool")):
                    tgt = self.assign_target(t, scope)
                    if isinstance(tgt, str) or (tgt is not None and tgt.type != typ):
                        raise error("a receive case assigns locals of the element type and bool", t.span,
                                    f"write case v, ok := <-{var.name}:", "select")
                    out.append(tgt)
                return var.name, tuple(out)
        raise error("a select case is a send or a receive", comm.span,
                    "write case c <- v:, case v := <-c: or case v, ok := <-c:", "select")

    def range_loop(self, s: ast.ForRange, scope: Scope, g: GoroutineBuilder) -> ir.Stmt:
        var = self.chan_var(s.chan, scope, "recv", g)
        inner = Scope(parent=scope)
        target = None
        if s.var is not None and s.var.id != "_":
            self.check_timer_value(var, s.var.span)
            if s.define:
                target = self.new_local(s.var, var.type, inner, g)
            else:
                t = self.assign_target(s.var, scope)
                if not isinstance(t, ir.Local) or t.type != var.type:
                    raise error("range over a channel assigns a local of the element type", s.var.span,
                                f"write for {s.var.id} := range {var.name}", "type")
                target = t
        g.loop_depth += 1
        g.for_depth += 1
        saved = g.in_dynamic_loop
        g.in_dynamic_loop = True
        try:
            body = self.block(s.body.stmts, Scope(parent=inner), g)
        finally:
            g.loop_depth -= 1
            g.for_depth -= 1
            g.in_dynamic_loop = saved
        return ir.RangeLoop(var.name, target, body, s.span)

    def is_channel(self, e: ast.Expr, scope: Scope) -> bool:
        """Whether `for ... range e` ranges over a channel."""
        match e:
            case ast.Paren(x):
                return self.is_channel(x, scope)
            case ast.Selector() | ast.Index():
                named = self.location_name(e, scope, None)
                return named is not e and self.is_channel(named, scope)
            case ast.Name():
                var = self.shared_of(e, scope)
                return var is not None and var.kind is VarKind.CHAN
            case ast.Call(func=f):
                types = self.result_types(f, scope)
                return bool(types) and len(types) == 1 and types[0].name in ast.CHAN_KINDS
        return False

    def range_over_slice(self, s: ast.ForRange, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        """`for i, v := range nums` over a variadic parameter: unrolled, each iteration
        with its own variables (Go 1.22)."""
        sl = scope.lookup(s.chan.id)[0]
        if not s.define and (s.var is not None and s.var.id != "_" or s.value is not None and s.value.id != "_"):
            raise not_supported("range with = over a variadic parameter", s.span, "declare the variables: for i, v := range")
        iterations = []
        with self.expansion("loop", s.span):
            for k, elem in enumerate(sl.elems):
                inner = Scope(parent=scope)
                first: list[ir.Stmt] = []
                for n, typ, value in ((s.var, "int", ir.Const(k, "int", s.span)), (s.value, sl.type, elem)):
                    if n is None or n.id == "_":
                        continue
                    if self.go_version is not None and self.go_version < LOOPVAR_VERSION and n.id in g.captured:
                        self.check_loopvar(n)
                    first.extend(self.declare_value(n, typ, value, inner, g))
                iterations.append(self.constant_iteration(s, tuple(first), inner, g))
        return [ir.Unrolled(tuple(iterations), s.span)] if iterations else []

    def range_over_int(self, s: ast.ForRange, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt]:
        """`for i := range N` / `for range N` (Go 1.22) with a constant N: i takes 0..N-1,
        whatever the body does, so the loop is unrolled; anything else is refused."""
        try:
            n = self.const_expr_in(s.chan, scope)
        except LitmusSemanticError:
            n = None
        var = s.var if s.var is not None and s.var.id != "_" else None
        if n is None and (var is None or s.define):
            loop = self.range_as_for(s, var, scope, g)
            if loop is not None:  # its counter is assigned (i++): never a known value (note_known)
                saved, g.assigned = g.assigned, g.assigned | {loop.init.names[0].id}
                try:
                    return self.for_stmt(loop, scope, g)
                finally:
                    g.assigned = saved
        if (n is None or n.type not in (UNTYPED_INT, "int") or isinstance(n.value, bool)
                or not isinstance(n.value, int) or (var is not None and not s.define)):
            raise NotSupportedError(Diagnostic(
                "range over a value that is neither a channel nor a constant int is not supported yet",
                s.chan.span, "range over a package-level channel (for v := range c) or a constant "
                "(for i := range 3), or write for i := 0; i < N; i++", "not-supported"))
        if n.value > MAX_UNROLL_STATIC:
            raise error(f"a constant loop with more than {MAX_UNROLL_STATIC} iterations", s.span,
                        "litmus tests are small: use fewer iterations", "loop-too-long")
        inner = Scope(parent=scope)
        loop_var = self.new_local(var, "int", inner, g) if var is not None else None
        iterations = []
        with self.expansion("loop", s.span):
            for value in range(n.value):
                first = (ir.SetLocals((loop_var,), (ir.Const(value, "int", s.span),), s.span),) if loop_var else ()
                if loop_var is not None:
                    self.iteration_values[loop_var.id] = ir.Const(value, "int", s.span, known=True)
                iterations.append(self.constant_iteration(s, first, inner, g))
        return [ir.Unrolled(tuple(iterations), s.span)] if iterations else []

    def range_as_for(self, s: ast.ForRange, var: ast.Name | None, scope: Scope, g) -> ast.For | None:
        """`for i := range n` with n known only at run time is `for i := 0; i < n; i++`
        when the body assigns neither i nor any name n reads (range evaluates n once and
        sets i from its own counter: then the two loops are the same); None otherwise."""
        if not _pure(s.chan) or not is_int_type(self.expr(s.chan, scope, g).type):
            return None  # a call (evaluated once by range), or not an integer
        names = {x.id for x in _names_in(s.chan)}
        counter = var if var is not None else ast.Name("range$", s.span)  # `for range n`: a hidden counter
        if assigns(s.body, counter.id) or any(assigns(s.body, x) for x in names):
            return None
        return ast.For(ast.Define((counter,), (ast.IntLit(0, s.span),), s.span),
                       ast.Binary("<", counter, s.chan, s.span), ast.IncDec(counter, "++", s.span), s.body, s.span)

    def constant_iteration(self, s: ast.For | ast.ForRange, first: tuple, inner: Scope,
                           g: GoroutineBuilder) -> tuple[ir.Stmt, ...]:
        """One unrolled iteration of a constant loop: `first` (the loop variable's
        value), then the body, lowered inside the loop (break and continue)."""
        g.loop_depth += 1
        g.for_depth += 1
        try:
            body = self.block(s.body.stmts, Scope(parent=inner), g)
        finally:
            g.loop_depth -= 1
            g.for_depth -= 1
        self.add_statements(len(first), s.span)
        return first + body

    def try_constant_loop(self, s: ast.For, scope: Scope, g: GoroutineBuilder) -> list[ir.Stmt] | None:
        """`for i := A; i OP B; i++ {}` with constant A, B and i not assigned in the body."""
        if not (isinstance(s.init, ast.Define) and len(s.init.names) == 1 and len(s.init.values) == 1
                and s.cond is not None and s.post is not None):
            return None
        var = s.init.names[0].id
        before = len(self.pending)
        try:
            start = self.expr(s.init.values[0], scope, g)
        except (LitmusSemanticError, NotSupportedError):  # not a value: a pointer (lower_data.py), ...
            return None
        finally:
            del self.pending[before:]  # a call's inlining, made again when the loop is lowered as dynamic
        if not isinstance(start, ir.Const) or isinstance(start.value, bool) or not isinstance(start.value, int):
            return None
        if assigns(s.body, var) or not self.loop_shape_ok(s, var):
            return None
        typ = default_type(start.type)
        self.convert_const(start, typ, s.init.values[0].span)
        inner = Scope(parent=scope)
        loop_var = self.new_local(s.init.names[0], typ, inner, g)
        with self.expansion("loop", s.span):
            return self.unroll(s, scope, g, inner, loop_var, typ, start.value)

    def unroll(self, s: ast.For, scope: Scope, g: GoroutineBuilder, inner: Scope, loop_var: ir.Local,
               typ: str, value: int) -> list[ir.Stmt] | None:
        """The iterations of a constant loop whose shape try_constant_loop checked."""
        var = s.init.names[0].id
        iterations = []
        while True:
            inner.names[var] = loop_var
            cond = self.eval_with(s.cond, var, value, typ, scope)
            if cond is None:
                return None
            if not cond:
                break
            if len(iterations) >= MAX_UNROLL_STATIC:
                raise error(f"a constant loop with more than {MAX_UNROLL_STATIC} iterations", s.span,
                            "litmus tests are small: use fewer iterations", "loop-too-long")
            first = (ir.SetLocals((loop_var,), (ir.Const(value, typ, s.span),), s.span),)
            self.iteration_values[loop_var.id] = ir.Const(value, typ, s.span, known=True)
            iterations.append(self.constant_iteration(s, first, inner, g))
            nxt = self.eval_post(s.post, var, value, typ, scope)
            if nxt is None:
                return None
            value = nxt
        final = ir.SetLocals((loop_var,), (ir.Const(value, typ, s.span),), s.span)
        return [ir.Unrolled(tuple(iterations), s.span), final] if iterations else [final]

    def loop_shape_ok(self, s: ast.For, var: str) -> bool:
        post = s.post
        if isinstance(post, ast.IncDec):
            return isinstance(post.target, ast.Name) and post.target.id == var
        if isinstance(post, ast.Assign) and len(post.targets) == 1:
            return isinstance(post.targets[0], ast.Name) and post.targets[0].id == var
        return False

    def eval_with(self, e: ast.Expr, var: str, value: int, typ: str, scope: Scope):
        """Evaluate a loop condition with the loop variable bound to `value`."""
        sc = Scope(parent=scope)
        sc.names[var] = ir.Local("$const", typ)
        try:
            low = self.expr(e, sc, None, bind={var: ir.Const(value, typ)})
        except LitmusSemanticError:
            return None
        return low.value if isinstance(low, ir.Const) and isinstance(low.value, bool) else None

    def eval_post(self, post: ast.Stmt, var: str, value: int, typ: str, scope: Scope):
        if isinstance(post, ast.IncDec):
            return wrap_int(value + (1 if post.op == "++" else -1), typ)
        assert isinstance(post, ast.Assign)
        rhs = post.values[0]
        if post.op:
            rhs = ast.Binary(post.op, post.targets[0], rhs, post.span)
        sc = Scope(parent=scope)
        try:
            low = self.expr(rhs, sc, None, bind={var: ir.Const(value, typ)})
        except LitmusSemanticError:
            return None
        return low.value if isinstance(low, ir.Const) and isinstance(low.value, int) else None

    def is_spin_loop(self, s: ast.For) -> bool:
        """Spin loops: only shared loads, local assignments, Gosched/Sleep, break
        and continue (spec/language.md, "Loops"), and at least one shared load.
        A CompareAndSwap or Swap of a typed atomic counts as a load: the engines
        check that an iteration that goes round stores only the value it read
        (a failed CAS stores nothing), else the path is cut (docs/decisions.md,
        "Spin loops")."""
        reads = []

        def rmw(e) -> bool:
            match e:
                case ast.MethodCall(recv, "CompareAndSwap" | "Swap", args):
                    var = self.shared.get(recv.id)
                    return var is not None and var.kind is VarKind.ATOMIC and all(map(ok_expr, args))
                case ast.Call(f, (ast.AddrOf(), *args)) if f.startswith(("atomic.CompareAndSwap", "atomic.Swap")):
                    return all(map(ok_expr, args))
            return False

        def ok_expr(e) -> bool:
            match e:
                case ast.Name(id):
                    if id in self.shared:
                        reads.append(id)
                    return True
                case ast.IntLit() | ast.BoolLit() | ast.StrLit() | ast.NilLit():
                    return True
                case ast.Unary(_, x) | ast.Paren(x) | ast.TypeAssert(x, _):
                    return ok_expr(x)
                case ast.Binary(_, l, r):
                    return ok_expr(l) and ok_expr(r)
                case ast.MethodCall(recv, method, args):
                    if (method in ("Load", "Err") and not args) or rmw(e):  # ctx.Err(): an atomic.Value Load
                        reads.append(recv.id)
                        return True
                    return False
                case ast.Call(f, args):
                    if f.startswith("atomic.Load") or rmw(e):
                        reads.append(f)
                        return True
                    return f in NO_OP_CALLS
            return False

        def ok_stmt(st) -> bool:
            match st:
                case ast.Break() | ast.Continue():
                    return True
                case ast.Block(stmts):
                    return all(ok_stmt(x) for x in stmts)
                case ast.ExprStmt(e):
                    return ok_expr(e)
                case ast.Define(_, values) | ast.VarDecl(values=values):
                    return all(ok_expr(v) for v in values)
                case ast.Assign(targets, _, values):  # (m[k] = v writes a map: not a spin)
                    return all(isinstance(t, ast.Name) and t.id not in self.shared for t in targets) \
                        and all(ok_expr(v) for v in values)
                case ast.IncDec(t, _):
                    return isinstance(t, ast.Name) and t.id not in self.shared
                case ast.If(init, cond, then, orelse):
                    return ((init is None or ok_stmt(init)) and ok_expr(cond) and ok_stmt(then)
                            and (orelse is None or ok_stmt(orelse)))
            return False

        parts_ok = ((s.cond is None or ok_expr(s.cond)) and ok_stmt(s.body)
                    and (s.init is None or ok_stmt(s.init)) and (s.post is None or ok_stmt(s.post)))
        return parts_ok and bool(reads)

    # -------------------------------------------------------------- expressions

    def expr(self, e: ast.Expr, scope: Scope, g: GoroutineBuilder | None,
             bind: dict[str, ir.Const] | None = None) -> ir.Expr:
        match e:
            case ast.IntLit(v):
                if not arith.fits_constant(v):
                    raise constant_overflow(e.span)
                return ir.Const(v, UNTYPED_INT, e.span)
            case ast.FloatLit(v):
                return ir.Const(v, UNTYPED_FLOAT, e.span)
            case ast.BoolLit(v):
                return ir.Const(v, UNTYPED_BOOL, e.span)
            case ast.StrLit(v):
                return ir.Const(v, UNTYPED_STRING, e.span)
            case ast.NilLit():
                return ir.Const(None, UNTYPED_NIL, e.span)
            case ast.Paren(x):
                return self.expr(x, scope, g, bind)
            case ast.Name(id):
                return self.name(e, scope, g, bind)
            case ast.Unary(op, x):
                return self.unary(op, self.expr(x, scope, g, bind), e.span)
            case ast.Binary() if (compared := self.pointer_compare(e, scope, g)) is not None:
                return compared
            case ast.Binary(op, l, r):
                left = self.expr(l, scope, g, bind)
                before = len(self.pending)
                right = self.expr(r, scope, g, bind)
                if op in ("&&", "||") and len(self.pending) != before:
                    raise not_supported(f"a call of a function with results on the right of {op}", r.span,
                                        "compute it in an if statement first")
                return self.binary(op, left, right, e.span)
            case ast.MethodCall() | ast.CallExpr() if g is not None and (
                    made := self.data_call(e, scope, g, value=True)) is not None:
                return made
            case ast.CompositeLit() | ast.Call(func="make") if (m := self.map_value(e, None, scope, g)) is not None:
                return m  # a map (lower_maps.py)
            case ast.MethodCall():
                return self.method_call(e, scope, g)
            case ast.Call():
                return self.call_expr(e, scope, g)
            case ast.Index() if self.locate(e, scope, g) is None:
                return self.index_expr(e, scope, g, bind)  # a map or a string (lower_maps.py)
            case ast.Selector() | ast.Index() | ast.Deref():
                return self.data_expr(e, scope, g, bind)  # a field, an array element (lower_data.py)
            case ast.CallExpr() | ast.Address() | ast.CompositeLit():
                raise self.data_refusal(e)
            case ast.TypeAssert():
                return self.type_assert(e, scope, g, comma_ok=False)
            case ast.Recv(chan):
                if g is None:
                    raise error("a receive is not a constant", e.span, "use a constant expression here",
                                "not-constant")
                if self.nil_chan(chan, scope):
                    return self.nil_recv(chan, scope, e.span)[0]  # blocks forever (lower_maps.py)
                var = self.chan_var(chan, scope, "recv", g)
                self.check_timer_value(var, e.span)
                return ir.ChanRecv(var.name, var.type, False, e.span)
            case ast.SliceExpr():
                return self.slice_expr(e, scope, g, bind)
            case ast.AddrOf():
                raise error("& is only allowed in the atomic functions and sync.NewCond", e.span,
                            "the language has no pointers", "not-in-language")
            case ast.FuncLit():
                raise error("a function literal can only be started with go or passed to once.Do", e.span,
                            "declare a helper `func NAME() { ... }`", "not-in-language")
            case ast.Selector(ast.Name(x), f) if f == "C" and isinstance(scope.lookup(x)[0], TIME_BINDINGS):
                raise not_supported(f"the channel {x}.C used as a value here", e.span,
                                    f"receive from it (<-{x}.C) or name it: c := {x}.C")
            case ast.Selector():
                raise not_supported("struct fields", e.span, "use one variable per field")
        raise error(f"unexpected expression {type(e).__name__}", e.span, "this is a bug in litmus: please report it", "internal")

    def name(self, e: ast.Name, scope: Scope, g, bind) -> ir.Expr:
        if bind and e.id in bind:
            return bind[e.id]
        if e.id == "_":
            raise error("cannot use _ as a value", e.span, "name the value with a local", "blank")
        if e.id.startswith("time."):
            return ir.Const(0, "int64", e.span)  # durations only feed time.Sleep, which is no event
        loc, crossed = scope.lookup(e.id)
        if isinstance(loc, TIME_BINDINGS) or (loc is None and self.file.go and e.id.startswith("context.")):
            return self.time_name(e, loc)
        if isinstance(loc, ir.Local) and loc.id in self.known_values:
            c = self.known_values[loc.id]  # `n := 10`, never assigned: its value, known when lowering
            return ir.Const(c.value, c.type, e.span, known=True)
        if isinstance(loc, ir.Local):
            if crossed and not self.same_goroutine(loc, g):
                if self.file.go and loc.id in self.iteration_values:
                    self.check_loopvar(e)
                    c = self.iteration_values[loc.id]
                    return ir.Const(c.value, c.type, e.span)
                raise self.capture_error(e)
            return ir.Local(loc.id, loc.type, e.span)
        if isinstance(loc, ir.Const):  # a loop variable of this iteration, captured (Go 1.22)
            return ir.Const(loc.value, loc.type, e.span)
        if isinstance(loc, FuncVal):
            raise not_supported(f"the function value {e.id} used here", e.span,
                                f"call it ({e.id}()), pass it to a func() parameter, once.Do or go")
        if isinstance(loc, (Agg, Ptr, PtrVar)) or (loc is None and e.id in self.aggs):
            raise self.data_value_refusal(e, loc if loc is not None else self.aggs[e.id])
        if isinstance(loc, StaticSlice):
            raise not_supported(f"the variadic parameter {e.id} used as a value", e.span,
                                f"range over it (for _, v := range {e.id}) or use len({e.id})")
        if e.id in self.consts and loc is None:
            c = self.consts[e.id]
            return ir.Const(c.value, c.type, e.span)
        var = self.shared_of(e, scope)
        if var is None:
            if e.id in self.funcs:
                raise error(f"{e.id} is a function, not a value", e.span, f"call it: {e.id}()", "call")
            raise self.unknown_name(e)
        if g is None:
            raise error(f"{e.id} is a variable, not a constant", e.span, "use a constant here", "not-constant")
        if var.kind is VarKind.PLAIN:
            return ir.Read(var.name, var.type, e.span)
        if isinstance(loc, Obj) and loc.ptr:
            raise not_supported(f"the pointer {e.id} used as a value", e.span,
                                f"call its methods ({e.id}.M()) or pass it to a parameter")
        if var.kind in (VarKind.ATOMIC, VarKind.VALUE):
            raise error(f"{e.id} is an atomic; reading it directly is not atomic", e.span,
                        f"write {e.id}.Load()", "atomic-read")
        method = {VarKind.MUTEX: "Lock()", VarKind.RWMUTEX: "Lock()", VarKind.WAITGROUP: "Wait()",
                  VarKind.COND: "Wait()", VarKind.ONCE: "Do(f)"}
        hint = (f"receive from it: r := <-{e.id}" if var.kind is VarKind.CHAN
                else f"call its methods, e.g. {e.id}.{method.get(var.kind, 'Lock()')}")
        raise error(f"{e.id} is a {var.kind.value}, not a value", e.span,
                    hint, "not-a-value")

    def check_loopvar(self, n: ast.Name) -> None:
        """A function literal reads loop variable n: one per iteration from Go 1.22 on."""
        if self.go_version is not None and self.go_version < LOOPVAR_VERSION:
            raise not_supported(f"a loop variable captured by a function literal under Go "
                                f"{self.go_version[0]}.{self.go_version[1]} (one variable for the whole loop)",
                                n.span, "copy it in the loop body (n := n), or say go 1.22 or later in go.mod")

    def capture_error(self, n: ast.Name) -> LitmusSemanticError:
        return error(f"the function literal captures the local {n.id} of its parent", n.span,
                     f"share it through a package-level var, or pass it as a parameter: "
                     f"go func({n.id} int) {{ ... }}({n.id})", "capture")

    def unknown_name(self, n: ast.Name) -> LitmusSemanticError:
        known = sorted(set(self.shared) | set(self.consts))
        hint = f"declare it at package level: var {n.id} int"
        close = [k for k in known if _similar(k, n.id)]
        if close:
            hint = f"did you mean {close[0]}? Otherwise " + hint
        return error(f"undeclared name {n.id}", n.span, hint, "unknown-name")

    def unary(self, op: str, x: ir.Expr, span: Span) -> ir.Expr:
        t = x.type
        if op == "!":
            if t not in ("bool", UNTYPED_BOOL):
                raise error(f"operator ! needs a bool, not {t}", span, "compare it instead: r == 0", "type")
        elif op in ("-", "+", "^"):
            if not is_int_type(t) and not (op != "^" and is_float_type(t)):
                raise error(f"operator {op} needs an integer, not {t}", span, "apply it to an integer value", "type")
        else:
            raise error(f"operator {op} is not in the language", span, "use + - * / % == != < <= > >= && || !", "not-in-language")
        if isinstance(x, ir.Const) and x.known:  # a variable: Go's run-time arithmetic
            return ir.Const(arith.unary(op, x.value, t), t, span, known=True)
        if isinstance(x, ir.Const):
            return ir.Const(self.fold_unary(op, x.value, t, span), t, span)
        return ir.Unary(op, x, t, span)

    def fold_unary(self, op: str, v, t: str, span: Span):
        """Constant `op v`, exact: `-x` of a typed constant must fit its type, `^x` of
        an unsigned one flips its bits (Go: "the bitwise complement ... for unsigned x")."""
        if op == "!":
            return not v
        if is_float_type(t):
            return -v if op == "-" else v
        r = -v if op == "-" else v if op == "+" else ~v
        if op == "^" and t in INT_TYPES:
            return wrap_int(r, t)
        return self.fits(r, t, span)

    def fits(self, v: int, t: str, span: Span) -> int:
        """An exact constant result, checked against its type (untyped: CONST_BITS)."""
        if not arith.fits_constant(v):
            raise constant_overflow(span)
        if t in INT_TYPES and wrap_int(v, t) != v:
            raise error(f"constant {const_text(v)} of type {t} overflows {t}", span,
                        f"use a value that fits in {t}", "overflow")
        return v

    def binary(self, op: str, l: ir.Expr, r: ir.Expr, span: Span) -> ir.Expr:
        if op in ("&&", "||"):
            for side in (l, r):
                if side.type not in ("bool", UNTYPED_BOOL):
                    raise error(f"operator {op} needs bools, not {side.type}", side.span, "compare it: r == 1", "type")
            typ = "bool" if "bool" in (l.type, r.type) else UNTYPED_BOOL
            if isinstance(l, ir.Const) and isinstance(r, ir.Const):
                return ir.Const(l.value and r.value if op == "&&" else l.value or r.value, typ, span)
            return ir.Binary(op, l, r, typ, "bool", span)
        if op in COMPARISONS:
            l, r, t = self.unify(l, r, span, comparison=True)
            if op not in ("==", "!=") and not (is_int_type(t) or is_float_type(t) or t in ("string", UNTYPED_STRING)):
                raise error(f"operator {op} is not defined on {t}", span, "use == or != on this type", "type")
            if isinstance(l, ir.Const) and isinstance(r, ir.Const):
                return ir.Const(arith.compare(op, l.value, r.value), UNTYPED_BOOL, span, known=l.known or r.known)
            return ir.Binary(op, l, r, "bool", t, span)
        if op in ("<<", ">>"):
            if not is_int_type(l.type) or not is_int_type(r.type):
                raise error("shift needs integers", span, "shift an integer by an integer count", "type")
            if isinstance(r, ir.Const) and r.value < 0 and not r.known:
                raise error("negative shift count", r.span, "use a count >= 0", "type")
            if isinstance(l, ir.Const) and isinstance(r, ir.Const) and r.value > arith.SHIFT_BOUND \
                    and not (l.known or r.known):
                raise error(f"invalid shift count {const_text(r.value)}", r.span,
                            f"a constant shift count is at most {arith.SHIFT_BOUND} in Go", "overflow")
            t = l.type
            if t == UNTYPED_INT and not isinstance(r, ir.Const):
                # a non-constant shift of an untyped constant: the constant becomes an int
                l, t = self.assignable(l, "int", l.span), "int"
        elif op in ARITH:
            l, r, t = self.unify(l, r, span)
            if op == "+" and t in ("string", UNTYPED_STRING):
                pass
            elif is_float_type(t) and op in "+-*/":
                pass
            elif not is_int_type(t):
                raise error(f"operator {op} is not defined on {t}", span, "use == or != on this type", "type")
            if op in ("/", "%") and isinstance(r, ir.Const) and r.value == 0 and not r.known:
                raise error("division by zero", r.span, "divide by a non-zero constant (a zero divisor read at run time panics)", "div-zero")
        else:
            raise error(f"operator {op} is not in the language", span, "use + - * / % == != < <= > >= && || !", "not-in-language")
        if isinstance(l, ir.Const) and isinstance(r, ir.Const) and (l.known or r.known):
            # a variable's known value: Go computes it at run time (it wraps; a zero divisor
            # or a negative shift count panics there, so that is left to the engines)
            if t in INT_TYPES and (op in ("/", "%") and r.value == 0 or op in ("<<", ">>") and r.value < 0):
                return ir.Binary(op, l, r, t, t, span)
            return ir.Const(arith.arith(op, l.value, r.value, t), t, span, known=True)
        if isinstance(l, ir.Const) and isinstance(r, ir.Const):
            try:
                v = arith.constant(op, l.value, r.value)
            except arith.ConstantOverflow:
                raise constant_overflow(span) from None
            if is_float_type(t):
                return ir.Const(self.float_const(ir.Const(v, UNTYPED_FLOAT, span), t, span) if t == "float64" else v,
                                t, span)
            return ir.Const(v if isinstance(v, str) else self.fits(v, t, span), t, span)
        return ir.Binary(op, l, r, t, t, span)

    def unify(self, l: ir.Expr, r: ir.Expr, span: Span, comparison: bool = False):
        """Go's operand conversion: an untyped constant takes the other side's type."""
        lt, rt = l.type, r.type
        if lt == rt:
            return l, r, lt
        if "any" in (lt, rt) and comparison:
            # comparing an interface with a basic value or nil: box the other side
            other, other_t = (r, rt) if lt == "any" else (l, lt)
            if other_t == UNTYPED_NIL:
                boxed = ir.Const(None, "any", other.span)
            else:
                boxed = ir.Box(self.assignable(other, default_type(other_t), other.span), other.span)
            return (l, boxed, "any") if lt == "any" else (boxed, r, "any")
        if {lt, rt} == {UNTYPED_INT, UNTYPED_FLOAT}:
            return l, r, UNTYPED_FLOAT
        if lt.startswith("untyped") and not rt.startswith("untyped"):
            return self.assignable(l, rt, l.span), r, rt
        if rt.startswith("untyped") and not lt.startswith("untyped"):
            return l, self.assignable(r, lt, r.span), lt
        raise error(f"mismatched types {lt} and {rt}", span, "convert one side so both have the same type",
                    "type")

    def assignable(self, v: ir.Expr, typ: str, span: Span) -> ir.Expr:
        """`v` converted for assignment to type `typ` (constants checked for overflow)."""
        self.check_map_copy(v, span)  # lower_maps.py
        if v.type == typ:
            return v
        if isinstance(v, ir.Const) and v.type.startswith("untyped"):
            return ir.Const(self.convert_const(v, typ, span), typ, v.span)
        if typ == "any" and v.type in ir.BASIC_TYPES:
            return ir.Box(v, v.span)
        raise error(f"cannot use {v.type} value as {typ}", span, f"use a {typ} value", "type")

    def check_default_int(self, v: ir.Expr) -> None:
        """An untyped int constant passed to print or panic becomes an int, so it must fit."""
        if isinstance(v, ir.Const) and v.type == UNTYPED_INT:
            self.convert_const(v, "int", v.span)
        if isinstance(v, ir.Const) and v.type == UNTYPED_FLOAT:
            self.convert_const(v, "float64", v.span)

    def value_type(self, v: ir.Expr, span: Span) -> str:
        if v.type == UNTYPED_NIL:
            raise error("use of untyped nil", span, "give the local a type: var v any = nil", "type")
        if v.type == "":
            raise error("this call has no value", span, "call it as a statement", "no-value")
        return default_type(v.type)

    def method_call(self, e: ast.MethodCall, scope: Scope, g) -> ir.Expr:
        recv = e.receiver.id
        if g is None:
            raise error("a method call is not a constant", e.span, "use a constant expression here", "not-constant")
        loc, _ = scope.lookup(recv)
        if isinstance(loc, TIME_BINDINGS):
            return self.time_method(e, loc, g)
        var = self.shared_of(e.receiver, scope)
        if var is None:
            if loc is not None:
                raise error(f"{recv} is a local; methods are called on shared objects", e.span, f"declare {recv} at package level", "method")
            raise self.unknown_name(e.receiver)
        if var.kind is VarKind.ATOMIC:
            table, value = ATOMIC_METHODS, False
            if e.method == "Add" and var.type == "bool":
                raise error("atomic.Bool has no method Add", e.span, "use Store, Swap or CompareAndSwap",
                            "method")
        elif var.kind is VarKind.VALUE:
            table, value = VALUE_METHODS, True
        elif var.kind in SYNC_KINDS:
            return self.sync_call(e, var, scope, g)
        elif var.kind is VarKind.PLAIN:
            raise error(f"{recv} is a plain {var.type}; it has no method {e.method}", e.span,
                        f"declare it as an atomic (var {recv} atomic.Int64) or use "
                        f"atomic.{e.method}Int64(&{recv}, ...)", "method")
        else:  # a channel
            raise error(f"{recv} is a channel; it has no method {e.method}", e.span,
                        f"use the channel operations: {recv} <- v, <-{recv}, close({recv})", "method")
        if e.method not in table:
            kind = "atomic.Value" if value else f"atomic {var.type}"
            raise error(f"{kind} {recv} has no method {e.method}", e.span,
                        "its methods are " + ", ".join(table), "method")
        op, nargs = table[e.method]
        if len(e.args) != nargs:
            raise error(f"{recv}.{e.method} takes {nargs} arguments, got {len(e.args)}", e.span, "see sync/atomic for the signature", "call")
        arg_type = var.type
        args = []
        for a in e.args:
            low = self.expr(a, scope, g)
            if value and low.type == UNTYPED_NIL:
                args.append(ir.Const(None, "any", a.span))
            else:
                args.append(self.assignable(low, arg_type if not value else
                                            ("any" if low.type == "any" else default_type(low.type)), a.span))
        if value:
            args = [a if a.type == "any" else ir.Box(a, a.span) for a in args]
        return ir.Atomic(op, var.name, tuple(args), atomic.result_type(op, var.type), value, e.span)

    def sync_call(self, e: ast.MethodCall, var: ir.SharedVar, scope: Scope, g) -> ir.Expr:
        recv = var.name
        if var.kind in (VarKind.MUTEX, VarKind.RWMUTEX):
            table = MUTEX_METHODS if var.kind is VarKind.MUTEX else RWMUTEX_METHODS
            if e.method not in table:
                kind = "sync.Mutex" if var.kind is VarKind.MUTEX else "sync.RWMutex"
                raise error(f"{kind} {recv} has no method {e.method}", e.span,
                            "its methods are " + ", ".join(table), "method")
            if e.args:
                raise error(f"{recv}.{e.method} takes no arguments", e.span, f"write {recv}.{e.method}()", "call")
            op = table[e.method]
            return ir.SyncCall(op, recv, (), "bool" if op.startswith("try") else "", e.span)
        if var.kind is VarKind.COND:
            if e.method not in COND_METHODS:
                raise error(f"sync.Cond {recv} has no method {e.method}", e.span,
                            "its methods are Wait, Signal and Broadcast", "method")
            if e.args:
                raise error(f"{recv}.{e.method} takes no arguments", e.span, f"write {recv}.{e.method}()", "call")
            return ir.SyncCall(COND_METHODS[e.method], recv, (), "", e.span)
        if var.kind is VarKind.ONCE:
            raise error(f"once.{e.method} is not a value" if e.method == "Do" else
                        f"sync.Once {recv} has no method {e.method}", e.span,
                        f"call {recv}.Do(f) as a statement", "method")
        m = waitgroup.METHODS.get(e.method)
        if m is None:
            raise error(f"sync.WaitGroup {recv} has no method {e.method}", e.span,
                        "its methods are Add, Done and Wait", "method")
        want = len(m.params)
        if len(e.args) != want:
            raise error(f"{recv}.{e.method} takes {want} argument{'s' if want != 1 else ''}", e.span,
                        f"write {recv}.Add(1)" if want else f"write {recv}.{e.method}()", "call")
        if m.fixed:  # Done is Add(-1)
            return ir.SyncCall(m.op, recv, tuple(ir.Const(a, "int", e.span) for a in m.fixed), "", e.span)
        if not want:
            return ir.SyncCall(m.op, recv, (), "", e.span)
        delta = self.expr(e.args[0], scope, g)
        self.check_mixing([delta], e.args[0].span)
        return ir.SyncCall(m.op, recv, (self.assignable(delta, m.params[0], e.args[0].span),), "", e.span)

    def call_expr(self, e: ast.Call, scope: Scope, g) -> ir.Expr:
        f = e.func
        if f.startswith("atomic."):
            return self.atomic_func(e, scope, g)
        if f in FMT_VALUE_FUNCS:
            return self.sprint_value(e, scope, g)
        if f == "len" and len(e.args) == 1 and isinstance(self.locate(e.args[0], scope, g), (Agg, Ptr)):
            return self.array_len_of(e.args[0], scope, g)
        if f == "len" and len(e.args) == 1 and isinstance(e.args[0], ast.Name) \
                and isinstance(scope.lookup(e.args[0].id)[0], StaticSlice):
            return ir.Const(len(scope.lookup(e.args[0].id)[0].elems), "int", e.span)
        if f in ("len", "cap") and (n := self.len_call(e, scope, g)) is not None:  # lower_maps.py
            return n
        if f in ("len", "cap"):
            return self.chan_len_cap(e, scope)
        types = self.result_types(f, scope)
        if types and g is not None:
            if len(types) != 1:
                raise error(f"multiple-value {f}() (value of {len(types)} results) in single-value context",
                            e.span, f"assign the results: a, b := {f}()", "results")
            result = self.call_value(e, scope, g)
            if isinstance(result, Obj):
                raise not_supported(f"the {types[0]} {f}() returns, used here", e.span,
                                    f"name it first: c := {f}(...)")
            return ir.Local(result[0].id, result[0].type, e.span)
        if f == "recover":
            if e.args:
                raise error("recover takes no arguments", e.span, "write recover()", "call")
            return ir.Recover(bool(g is not None and g.defer_direct), span=e.span)
        if f in NOT_IN_LANGUAGE_CALLS:
            raise error(f"{f} is not in the litmus language yet ({NOT_IN_LANGUAGE_CALLS[f]})", e.span,
                        "see the language reference for what is supported", "not-in-language")
        if f == "close":
            raise error("close has no value", e.span, "call it as a statement: close(c)", "no-value")
        if f in ("make", "sync.NewCond"):
            raise error(f"{f} is only allowed in a package-level declaration", e.span,
                        "var c = make(chan int)" if f == "make" else "var cond = sync.NewCond(&mu)",
                        "not-in-language")
        if f in INT_TYPES or f in ("bool", "string", "float64"):
            if len(e.args) != 1:
                raise error(f"conversion to {f} takes one value", e.span, f"write {f}(v)", "call")
            return self.conversion(f, self.expr(e.args[0], scope, g), e.span)
        if self.callee(f, scope) is not None:
            raise error(f"{f}() has no value", e.span, f"call it as a statement: {f}()", "no-value")
        if f in ("print", "println", "panic") or f in NO_OP_CALLS:
            raise error(f"{f} has no value", e.span, "call it as a statement", "no-value")
        raise error(f"unknown function {f}", e.span, "declare it with func, or use a sync/atomic function", "unknown-name")

    def conversion(self, typ: str, x: ir.Expr, span: Span) -> ir.Expr:
        if typ == "float64" or is_float_type(x.type):
            return self.float_conversion(typ, x, span)  # lower_maps.py
        if typ in INT_TYPES and is_int_type(x.type):
            if isinstance(x, ir.Const) and x.known:  # a variable: the conversion wraps
                return ir.Const(wrap_int(x.value, typ), typ, span, known=True)
            if isinstance(x, ir.Const):  # Go: a constant converts only to a type that holds it
                if wrap_int(x.value, typ) != x.value:
                    raise error(f"constant {const_text(x.value)} overflows {typ}", span,
                                f"use a value that fits in {typ}", "overflow")
                return ir.Const(x.value, typ, span)
            return ir.Unary("conv", x, typ, span)
        if x.type == typ or (typ == "bool" and x.type == UNTYPED_BOOL) or (
                typ == "string" and x.type == UNTYPED_STRING):
            return self.assignable(x, typ, span)
        raise error(f"cannot convert {x.type} to {typ}", span, "only integer types convert to each other", "type")

    def atomic_func(self, e: ast.Call, scope: Scope, g) -> ir.Expr:
        name = e.func[len("atomic."):]
        op = next((o for o in ATOMIC_FUNC_OPS if name.startswith(o) and name[len(o):] in ATOMIC_FUNC_TYPES),
                  None)
        if op is None:
            raise error(f"unknown function {e.func}", e.span,
                        "use atomic.LoadInt64, StoreInt64, AddInt64, SwapInt64, CompareAndSwapInt64 "
                        "(or the Int32, Uint32, Uint64 forms)", "unknown-name")
        if g is None:
            raise error("an atomic call is not a constant", e.span, "use a constant expression here", "not-constant")
        typ = ATOMIC_FUNC_TYPES[name[len(op):]]
        nargs = len(atomic.FUNCTIONS[op].params)
        if len(e.args) != nargs:
            raise error(f"{e.func} takes {nargs} arguments, got {len(e.args)}", e.span, "see sync/atomic for the signature", "call")
        target = self.address_name(e.args[0], scope, g)  # &s.n, p := &n (lower_data.py)
        if not isinstance(target, ast.AddrOf):
            raise error(f"the first argument of {e.func} is a pointer", target.span,
                        f"write {e.func}(&x, ...)", "atomic-type")
        var = self.shared_of(target.name, scope)
        if var is None:
            loc, _ = scope.lookup(target.name.id)
            if loc is not None:
                raise error("atomic functions work on shared variables, not locals", target.span, "",
                            "atomic-type")
            raise self.unknown_name(target.name)
        if var.kind is not VarKind.PLAIN or var.type != typ:
            declared = var.type if var.kind is VarKind.PLAIN else f"a {var.kind.value}"
            raise error(f"{e.func} needs a {typ} variable, but {var.name} is {declared}", target.span,
                        f"declare `var {var.name} {typ}`" if var.kind is VarKind.PLAIN
                        else f"use {var.name}'s methods", "atomic-type")
        args = tuple(self.assignable(self.expr(a, scope, g), typ, a.span) for a in e.args[1:])
        low_op = ATOMIC_FUNC_OPS[op]
        return ir.Atomic(low_op, var.name, args, atomic.result_type(low_op, typ), False, e.span)

    def type_assert(self, e: ast.TypeAssert, scope: Scope, g, comma_ok: bool) -> ir.Expr:
        x = self.expr(e.expr, scope, g)
        if x.type != "any":
            raise error(f"a type assertion needs an interface value, not {x.type}", e.span,
                        "only atomic.Value results can be asserted", "type")
        typ = self.type_name(e.type)
        return ir.Assert(x, typ, comma_ok, e.span)

    def check_mixing(self, exprs, span: Span) -> None:
        """Go leaves the order of a plain shared read relative to other shared
        accesses in one expression unspecified: reject the mix (`&&` and `||`
        do fix it, see `unordered_plain_read`)."""
        if self.pending and any(isinstance(n, (ir.Read, ir.Atomic, ir.SyncCall, ir.ChanRecv))
                                for n in ir.walk(tuple(exprs))):
            raise not_supported("a call of a function with results in an expression that also accesses "
                                "shared memory", span, "assign the call's result to a variable first")
        first = unordered_plain_read(exprs)
        if first is not None:
            raise error("this expression mixes a plain read of "
                        f"{first.var} with another shared access; Go does not fix their order",
                        first.span if first.span.line else span, f"split it into statements: `r := {first.var}` first, then use r", "mixing")

    # -------------------------------------------------------------- the question

    def observable_names(self, init, goroutines) -> dict[str, object]:
        """Every observable: "G.r" for locals declared once in G, shared value variables."""
        out: dict[str, object] = {}
        allg = []

        def visit(g: ir.Goroutine):
            allg.append(g)
            for c in ir.spawned(g.body):
                visit(c)

        if init is not None:
            visit(init)
        for g in goroutines:
            visit(g)
        self.all_goroutines = {g.name: g for g in allg}
        for g in allg:
            if self.file.go and g.name != "main":
                continue  # a Go program's other goroutines vanish when main returns: their locals too
            by_name: dict[str, list[ir.Local]] = {}
            for loc in g.locals:
                if not loc.id.startswith("$"):
                    by_name.setdefault(local_name(loc), []).append(loc)
            for n, locs in by_name.items():
                out[f"{g.name}.{n}"] = locs[0] if len(locs) == 1 else None  # None: ambiguous
        for v in self.shared.values():
            if v.kind in (VarKind.PLAIN, VarKind.ATOMIC, VarKind.VALUE) and not ir.hidden(v.name):
                out[v.name] = v
        return out

    def check_observable(self, o: ast.Observable, prog, observables) -> str:
        if o.goroutine is None:
            if o.name in ("deadlock", "race") or (self.file.go and o.name in GO_OBSERVABLES):
                return o.name
            if o.name in observables:
                return o.name
            close = [k for k in observables if "." not in k and _similar(k, o.name)]
            raise error(f"{o.name} is not a shared variable", o.span,
                        f"did you mean {close[0]}?" if close else
                        "name a shared variable, or a local as GOROUTINE.NAME", "unknown-observable")
        if o.goroutine not in self.all_goroutines and str(o) in observables:
            return str(o)  # a field or element: s.x, main.s.x, G.p.x (lower_data.py)
        if o.goroutine not in self.all_goroutines:
            raise error(f"there is no goroutine {o.goroutine}", o.span,
                        "goroutines: " + ", ".join(sorted(self.all_goroutines)), "unknown-observable")
        if o.name == "out" and self.file.go:
            raise error(f"{o} is a .lit test's output; a Go program prints to stdout and stderr", o.span,
                        'write stdout (or stderr), e.g. exists (stdout == "hello\\n")', "unknown-observable")
        if o.name in ("out", "blocked", "panicked"):
            return str(o)
        key = f"{o.goroutine}.{o.name}"
        if key not in observables:
            names = sorted(k.split(".")[-1] for k in observables if k.rsplit(".", 1)[0] == o.goroutine)
            raise error(f"goroutine {o.goroutine} has no local {o.name}", o.span,
                        ("its locals are: " + ", ".join(names)) if names else "it declares no locals",
                        "unknown-observable")
        if observables[key] is None:
            raise error(f"{o.goroutine} declares {o.name} more than once", o.span,
                        "give each declaration its own name so the condition can say which", "ambiguous-local")
        return key

    def check_condition(self, c: ast.CondExpr, prog, observables) -> None:
        """Every name exists, and the proposition and the operands of ! && || are bools
        (a bare int would otherwise be silently false: `exists (P0.r)` said Never)."""
        self.want_bool(c, self.condition_type(c, prog, observables), "the condition")

    def condition_type(self, c: ast.CondExpr, prog, observables) -> str:
        """The kind of a condition's value: bool, int, string, any, nil or unset."""
        match c:
            case ast.Observable():
                key = self.check_observable(c, prog, observables)
                if c.goroutine is None and key in ("race", "deadlock"):
                    return "bool"
                if c.goroutine is None and key in GO_OBSERVABLES and self.file.go:
                    return GO_OBSERVABLES[key]
                if c.goroutine is not None and c.name in ("out", "blocked", "panicked"):
                    return "string" if c.name == "out" else "bool"
                t = observables[key].type
                if t.startswith("map["):
                    raise not_supported(f"a map ({key}) in a condition", c.span,
                                        "compare its elements: read them into locals first (r := m[k])")
                if t == "float64":
                    raise not_supported(f"a float64 ({key}) in a condition", c.span,
                                        "compare it in the program: ok := f == 1.5, and ask about ok")
                return "int" if t in INT_TYPES else t
            case ast.CondLit(v):
                if v is ast.UNSET:
                    return "unset"
                return {bool: "bool", int: "int", str: "string", type(None): "nil"}[type(v)]
            case ast.CondNot(x):
                self.want_bool(x, self.condition_type(x, prog, observables), "operator !", negated=True)
                return "bool"
            case ast.CondBin(op, l, r):
                lt, rt = self.condition_type(l, prog, observables), self.condition_type(r, prog, observables)
                if op in ("&&", "||"):
                    self.want_bool(l, lt, f"operator {op}")
                    self.want_bool(r, rt, f"operator {op}")
                return "int" if op in ("+", "-", "*") else "bool"
        raise error(f"unexpected condition {type(c).__name__}", c.span, "this is a bug in litmus: please report it",
                    "internal")

    @staticmethod
    def want_bool(c: ast.CondExpr, t: str, where: str, negated: bool = False) -> None:
        if t == "bool":
            return
        rel = "==" if negated else "!="
        if isinstance(c, ast.Observable) and t in ("int", "string", "any"):
            hint = {"int": f"write {c} {rel} 0", "string": f'write {c} {rel} ""',
                    "any": f"write {c} {'!=' if negated else '=='} true, or {c} {rel} nil"}[t]
        else:
            hint = "write a comparison, such as P0.r != 0"
        raise error(f"{where} needs a bool, not {'a value of type ' + t if t in ('int', 'string', 'any') else t}",
                    c.span, hint, "condition-type")


# ------------------------------------------------------------------ helpers


def builtin_print_pieces(args: tuple[ir.Expr, ...], newline: bool) -> tuple[ir.Piece, ...]:
    """print's pieces: the values side by side; println's: separated by spaces, then a newline."""
    pieces: list[ir.Piece] = []
    for i, a in enumerate(args):
        if newline and i:
            pieces.append(ir.Piece(" "))
        pieces.append(ir.Piece(expr=a, verb="print"))
    if newline:
        pieces.append(ir.Piece("\n"))
    return tuple(pieces)


def local_name(loc: ir.Local) -> str:
    return loc.id.split("@", 1)[0]


def const_text(v: int) -> str:
    """A constant for a message: Go prints it whole, but a 150-digit number helps no one."""
    text = str(v)
    return text if len(text) <= 40 else f"{text[:20]}...{text[-6:]} ({len(text.lstrip('-'))} digits)"


def overflows(v: int, typ: str, span: Span) -> LitmusSemanticError:
    return error(f"cannot use {const_text(v)} (untyped int constant) as {typ} value (overflows)", span,
                 f"use a value that fits in {typ}", "overflow")


def constant_overflow(span: Span) -> LitmusSemanticError:
    return error(f"constant overflow: the exact value needs more than {arith.CONST_BITS} bits", span,
                 f"Go evaluates constants exactly, up to {arith.CONST_BITS} bits (gc's limit); "
                 "use smaller values", "overflow")


def default_type(t: str) -> str:
    return {UNTYPED_INT: "int", UNTYPED_BOOL: "bool", UNTYPED_STRING: "string", UNTYPED_FLOAT: "float64"}.get(t, t)


def is_int_type(t: str) -> bool:
    return t in INT_TYPES or t == UNTYPED_INT


def is_float_type(t: str) -> bool:
    return t in ("float64", UNTYPED_FLOAT)


def unordered_plain_read(exprs) -> ir.Read | None:
    """A plain shared read that Go evaluates in no fixed order relative to another
    shared access of `exprs` (evaluated together), or None. `&&` and `||` fix the
    order: the left operand first, the right one after it and only if needed.
    Every other operator, and a call with its arguments, leaves the accesses of
    its parts unordered (a call's own access counts as one more part)."""
    found: list[ir.Read] = []

    def unordered(*parts: list) -> list:
        seen: list = []
        for part in parts:
            if part and seen and not found:
                plain = [a for a in seen + part if isinstance(a, ir.Read)]
                if plain:
                    found.append(plain[0])
            seen += part
        return seen

    def accesses(e: ir.Expr) -> list:
        match e:
            case ir.Read() | ir.ChanRecv():
                return [e]
            case ir.Atomic(args=args) | ir.SyncCall(args=args):
                return unordered([e], *(accesses(a) for a in args))
            case ir.Binary(op="&&" | "||", left=l, right=r):
                return accesses(l) + accesses(r)
            case ir.Binary(_, l, r):
                return unordered(accesses(l), accesses(r))
            case ir.Unary(_, x) | ir.Box(x) | ir.Assert(x):
                return accesses(x)
        return []

    unordered(*(accesses(e) for e in exprs))
    return found[0] if found else None


def _pure(e) -> bool:
    """An expression of names, literals and operators only: evaluating it again reads the same."""
    match e:
        case ast.Name() | ast.IntLit():
            return True
        case ast.Paren(x) | ast.Unary(_, x):
            return _pure(x)
        case ast.Binary(_, l, r):
            return _pure(l) and _pure(r)
    return False


def _names_in(e) -> list:
    """The names an expression reads."""
    out, stack = [], [e]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Name):
            out.append(n)
        elif isinstance(n, tuple):
            stack.extend(n)
        elif hasattr(n, "__dataclass_fields__"):
            stack.extend(getattr(n, f) for f in n.__dataclass_fields__ if f != "span")
    return out


def assigns(node, var: str) -> bool:
    """Whether statement tree `node` assigns the name `var` (loop variables)."""
    match node:
        case ast.Assign(targets):
            return any(isinstance(t, ast.Name) and t.id == var for t in targets)
        case ast.IncDec(t):
            return isinstance(t, ast.Name) and t.id == var
        case ast.Define(names) | ast.VarDecl(names=names):
            return False  # declares a new one (shadowing) in an inner scope
    if hasattr(node, "__dataclass_fields__"):
        for f in node.__dataclass_fields__:
            child = getattr(node, f)
            children = child if isinstance(child, tuple) else (child,)
            for c in children:
                if hasattr(c, "__dataclass_fields__") and assigns(c, var):
                    return True
    return False


def _similar(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


def lower(file: ast.File, test_name: str, filename: str | None = None) -> Test:
    """Check and lower a parsed file; raises LitmusSemanticError / NotSupportedError.
    `filename` locates the go.mod of a .go file (its Go language version)."""
    refuse_unsupported(file)  # Go constructs not implemented yet
    return Lowerer(file, test_name, filename).lower()


def _clause_stmts(s: ast.Switch):
    """The statements of a switch's clauses that a break or continue there would
    apply to: not inside nested loops, selects, switches or function literals."""
    stack = [st for c in s.cases for st in c.body]
    while stack:
        st = stack.pop()
        yield st
        match st:
            case ast.Block(stmts):
                stack.extend(stmts)
            case ast.If(then=then, orelse=orelse):
                stack.append(then)
                if orelse is not None:
                    stack.append(orelse)
            case ast.Labeled(stmt=inner) if inner is not None and not isinstance(
                    inner, (ast.For, ast.ForRange, ast.Select, ast.Switch)):
                stack.append(inner)


def switch_breaks(s: ast.Switch, label: str | None = None) -> bool:
    """Whether a break leaves the switch (a plain one, or one naming its label)."""
    return any(isinstance(st, ast.Break) and (st.label is None or st.label.id == label)
               for st in _clause_stmts(s))


def switch_continues(s: ast.Switch) -> bool:
    return any(isinstance(st, ast.Continue) for st in _clause_stmts(s))
