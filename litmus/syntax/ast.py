"""The abstract syntax of `.lit` files.

Frozen, slotted dataclasses; children are tuples; every node has a `span` that
does not take part in equality, so two parses of the same text compare equal
however it is laid out. `syntax/parser.py` builds these from Lark trees and is
the only module that sees Lark.

The tree stays close to the source: the lowering (`litmus/lower.py`) gives it
meaning (which names are shared, which are locals, the types), inlines calls
and unrolls constant loops.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from litmus.errors import NO_SPAN, Span


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


# ---------------------------------------------------------------- types


@dataclass(frozen=True, slots=True)
class TypeName:
    """A type as written: `int`, `int64`, `bool`, `string`, `atomic.Int64`,
    `atomic.Value`, `sync.Mutex`, `struct{}`, `chan int` (elem set), `any`."""

    name: str  # "int", "atomic.Int64", "sync.Mutex", "chan", "chan<-", "<-chan", "struct{}", ...
    elem: "TypeName | None" = None  # element type of a chan (of the three kinds), an array or a slice
    span: Span = _span()
    fields: tuple["Field", ...] = ()  # a struct type's fields, in order
    length: "str | None" = None  # an array's length as written ("3", "N", "..."); None for a slice

    def __str__(self) -> str:
        return f"{self.name} {self.elem}" if self.name in CHAN_KINDS else self.name


@dataclass(frozen=True, slots=True)
class Field:
    """A struct field: `x int`, or an embedded `sync.Mutex` / `*T` (`name` is the type's own name)."""

    name: str
    type: TypeName
    embedded: bool = False
    span: Span = _span()


# The channel types: bidirectional, send-only, receive-only. Other types parsed from Go
# files (`func(int) bool`, `[]int`, `map[string]int`, `struct{ a int }`, `*T`) are a
# TypeName whose name is their source text, whitespace-normalised.
CHAN_KINDS = ("chan", "chan<-", "<-chan")


# ---------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class IntLit:
    value: int
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class BoolLit:
    value: bool
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class StrLit:
    value: str  # decoded (escapes resolved)
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class NilLit:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Name:
    """An identifier: a local, a shared variable, a constant, or `_`."""

    id: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-", "!", "+", "^"
    operand: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "&", "|", "^", "<<", ">>", "&^"
    left: "Expr"
    right: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class AddrOf:
    """`&x`: only as an argument of the atomic functions and sync.NewCond."""

    name: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Call:
    """A call of a package function or builtin or helper:
    `atomic.AddInt64(&x, 1)`, `print(a)`, `close(c)`, `f(1, 2)`, `runtime.Gosched()`,
    `sync.NewCond(&mu)`, `make(chan int, 2)` (type in `type_arg`).

    `func` is the dotted name as written ("atomic.AddInt64", "print", "f")."""

    func: str
    args: tuple["Expr", ...] = ()
    type_arg: TypeName | None = None  # make(chan T, n)
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class MethodCall:
    """`recv.method(args)` on a shared object: `x.Load()`, `mu.Lock()`, `av.Store(e)`,
    `once.Do(f)`, `cond.Wait()`. Arguments may include a `FuncLit` (once.Do)."""

    receiver: Name
    method: str
    args: tuple["Expr", ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TypeAssert:
    """`e.(T)`; the comma-ok form is `Assign`/`Define` with two targets."""

    expr: "Expr"
    type: TypeName
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Recv:
    """`<-c` as an expression."""

    chan: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter or a named result; `name` is "" for a type alone (`func(int)`),
    `variadic` for `nums ...int` (type `int`)."""

    name: str
    type: TypeName
    span: Span = _span()
    variadic: bool = False


@dataclass(frozen=True, slots=True)
class FuncLit:
    """`func(params) results { body }` (go statements, once.Do, values)."""

    params: tuple[Param, ...]
    body: "Block"
    span: Span = _span()
    results: tuple[Param, ...] = ()


# ---- Go expressions parsed for .go files; litmus/syntax/refusals.py refuses those the lowering does not implement.


@dataclass(frozen=True, slots=True)
class Selector:
    """`x.f` that is neither a package member nor a called method: `cond.L`, `p.f`."""

    expr: "Expr"
    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class CallExpr:
    """A call that `Call` and `MethodCall` do not describe: of a selector chain
    (`cond.L.Lock()`), of a call's result (`f()()`), or with a spread (`f(xs...)`)."""

    func: "Expr"
    args: tuple["Expr", ...] = ()
    spread: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class KeyedElement:
    """`key: value` in a composite literal."""

    key: "Expr"
    value: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class CompositeLit:
    """`T{...}`, `sync.Mutex{}`, `[]int{1, 2}`; `type` None for an elided `{...}` element."""

    type: TypeName | None
    elems: tuple["Expr | KeyedElement", ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Address:
    """`&e` of anything but a name (`AddrOf`): `&sync.Mutex{}`, `&T{}`."""

    expr: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Deref:
    """`*p`."""

    expr: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Index:
    """`a[i]`."""

    expr: "Expr"
    index: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SliceExpr:
    """`s[lo:hi]` (either bound may be omitted: None)."""

    expr: "Expr"
    lo: "Expr | None"
    hi: "Expr | None"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class FloatLit:
    """A floating-point literal: its exact value (a Fraction)."""

    value: object
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Paren:
    """Parentheses kept only so that nesting depth can be checked; lowering drops them."""

    expr: "Expr"
    span: Span = _span()


Expr = (IntLit | FloatLit | BoolLit | StrLit | NilLit | Name | Unary | Binary | AddrOf | Call
        | MethodCall | TypeAssert | Recv | FuncLit | Paren
        | Selector | CallExpr | CompositeLit | Address | Deref | Index | SliceExpr)


# ---------------------------------------------------------------- statements


@dataclass(frozen=True, slots=True)
class Block:
    stmts: tuple["Stmt", ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class VarDecl:
    """`var a, b T = e1, e2` (type or values may be missing). At package level it
    declares shared variables; inside a function, locals."""

    names: tuple[Name, ...]
    type: TypeName | None
    values: tuple[Expr, ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ConstDecl:
    names: tuple[Name, ...]
    type: TypeName | None
    values: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Define:
    """`a, b := e1, e2` or `v, ok := e.(T)` / `v, ok := <-c` (one value, two names)."""

    names: tuple[Name, ...]
    values: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Assign:
    """`a, b = e1, e2`; `x += e` has op "+" (and one target, one value);
    plain `=` has op ""."""

    targets: tuple[Name, ...]
    op: str
    values: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class IncDec:
    """`x++` / `x--`."""

    target: Name
    op: str  # "++" or "--"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ExprStmt:
    expr: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Send:
    """`c <- e`."""

    chan: Expr
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Go:
    """`go f(args)` or `go func(params) { ... }(args)`: `call` is a Call whose
    func names a helper, or a `GoLit`."""

    call: "Call | GoLit"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class GoLit:
    """The `func(params) { ... }(args)` of an anonymous go statement."""

    func: FuncLit
    args: tuple[Expr, ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class If:
    init: "Stmt | None"
    cond: Expr
    then: Block
    orelse: "Block | If | None" = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class For:
    """Three-clause, condition-only (`init`/`post` None) or infinite (`cond` None too)."""

    init: "Stmt | None"
    cond: Expr | None
    post: "Stmt | None"
    body: Block
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ForRange:
    """`for r := range c { }` (`var` None for `for range c`); `for k, v := range x`
    has `value` v. `chan` is what is ranged over: a channel, or an integer (Go 1.22)."""

    var: Name | None
    chan: Expr
    body: Block
    define: bool = True  # `:=` (True) or `=` (False)
    span: Span = _span()
    value: Name | None = None


@dataclass(frozen=True, slots=True)
class Return:
    values: tuple[Expr, ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Break:
    span: Span = _span()
    label: "Name | None" = None  # `break L`


@dataclass(frozen=True, slots=True)
class Continue:
    span: Span = _span()
    label: "Name | None" = None  # `continue L`


# ---- Go statements parsed for .go files (switch, labels, defer: lowered; goto, type declarations: refused).


@dataclass(frozen=True, slots=True)
class Labeled:
    """`L: stmt` (`stmt` None for a label before a closing brace)."""

    label: Name
    stmt: "Stmt | None"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SwitchCase:
    """`case e1, e2:` (`exprs`), or `default:` (`exprs` None)."""

    exprs: tuple[Expr, ...] | None
    body: tuple["Stmt", ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Switch:
    """An expression switch; `tag` None for `switch {`."""

    init: "Stmt | None"
    tag: Expr | None
    cases: tuple[SwitchCase, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Fallthrough:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Defer:
    """`defer call`."""

    call: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Goto:
    label: Name
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TypeDecl:
    """`type T U` or the alias `type T = U` (package level or local)."""

    name: Name
    type: TypeName
    alias: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SelectCase:
    """One `case`: `comm` is a Send, a receive statement (`ExprStmt(Recv)`,
    `Define`/`Assign` whose value is a `Recv`), or None for `default`."""

    comm: "Stmt | None"
    body: tuple["Stmt", ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Select:
    cases: tuple[SelectCase, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A construct the language names as "not in the language yet" (switch,
    defer, ...). Parsing it lets the checks give a precise error."""

    what: str
    span: Span = _span()


Stmt = (Block | VarDecl | ConstDecl | Define | Assign | IncDec | ExprStmt | Send | Go | If | For
        | ForRange | Return | Break | Continue | Select | Unsupported
        | Labeled | Switch | Fallthrough | Defer | Goto | TypeDecl)


# ---------------------------------------------------------------- top level


@dataclass(frozen=True, slots=True)
class FuncDecl:
    """`func NAME(params) { body }` or, with `is_go`, `go func NAME() { body }`."""

    name: Name
    params: tuple[Param, ...]
    body: Block
    is_go: bool = False
    results: tuple[TypeName, ...] = ()
    span: Span = _span()
    result_names: tuple[str, ...] = ()  # `(n int, err error)`: one per result
    receiver: "Param | None" = None  # a method: `func (r T) M()`
    type_params: tuple[Param, ...] = ()  # generics: `func F[T any]()`


@dataclass(frozen=True, slots=True)
class Import:
    """`import alias "path"` (alias None when absent, "_" or "." as written)."""

    path: str
    alias: str | None = None
    span: Span = _span()


# -- the question: condition expressions over observables


@dataclass(frozen=True, slots=True)
class Observable:
    """`G.r`, `G.out`, `G.blocked`, `G.panicked` (goroutine set), a shared
    variable `x` (goroutine None), or `deadlock` / `race` (goroutine None)."""

    goroutine: str | None
    name: str
    span: Span = _span()

    def __str__(self) -> str:
        return self.name if self.goroutine is None else f"{self.goroutine}.{self.name}"


@dataclass(frozen=True, slots=True)
class CondNot:
    operand: "CondExpr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class CondBin:
    """`&&`, `||`, `==`, `!=`, `<`, `<=`, `>`, `>=`, and arithmetic on values."""

    op: str
    left: "CondExpr"
    right: "CondExpr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class CondLit:
    """A literal in a condition: int, bool, string, `nil` (value None) or `unset`."""

    value: object  # int | bool | str | None | UNSET
    span: Span = _span()


CondExpr = Observable | CondNot | CondBin | CondLit


@dataclass(frozen=True, slots=True)
class Condition:
    kind: str  # "exists", "~exists", "forall"
    expr: CondExpr
    text: str  # the proposition as written, whitespace-normalised
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Expect:
    claim: str  # "never", "sometimes", "always", "race-free", "racy"
    model: str = "go"
    span: Span = _span()
    model_span: Span = _span()  # the name after `under` (the whole line if none)


@dataclass(frozen=True, slots=True)
class File:
    name: str | None  # from `litmus "NAME"`
    decls: tuple[VarDecl | ConstDecl | FuncDecl, ...]
    locations: tuple[Observable, ...] = ()
    condition: Condition | None = None
    expects: tuple[Expect, ...] = ()
    span: Span = _span()
    go: bool = False  # read from a .go file (its question from `// litmus:` comments)
    package: Name | None = None  # `package main`
    imports: tuple[Import, ...] = ()
    types: tuple[TypeDecl, ...] = ()  # package-level type declarations

class _Unset:
    """The value of a local never assigned (`unset` in conditions)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "unset"

    def __reduce__(self):
        return (_Unset, ())


UNSET = _Unset()
