"""The checked, lowered program both engines interpret.

`litmus.lower` turns a parsed `ast.File` into a `Program`: names resolved
(shared variable, local, constant), types known, helper calls inlined,
constant loops unrolled, every goroutine given its static name. The IR is a
small tree of frozen nodes; an engine walks it, and each shared access it
meets becomes an event. Nothing here knows about memory models.

Types are strings: "int", "int8".."int64", "uint".."uint64", "bool",
"string", "any" (an interface{} value: what atomic.Value holds), "map[K]V".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from litmus.errors import NO_SPAN, Span

INT_TYPES = {
    "int": (64, True), "int8": (8, True), "int16": (16, True), "int32": (32, True), "int64": (64, True),
    "uint": (64, False), "uint8": (8, False), "uint16": (16, False), "uint32": (32, False),
    "uint64": (64, False), "uintptr": (64, False), "byte": (8, False), "rune": (32, True),
}
BASIC_TYPES = set(INT_TYPES) | {"bool", "string", "float64"}


def hidden(name: str) -> bool:
    """A shared variable the lowering made for itself (a timer's or a context's
    state, litmus/lower_time.py): no observable."""
    return "$" in name


def zero_value(typ: str) -> object:
    if typ in INT_TYPES:
        return 0
    if typ == "bool":
        return False
    if typ == "string":
        return ""
    if typ == "float64":
        return 0.0
    return None  # any


def wrap_int(value: int, typ: str) -> int:
    """Two's-complement wrap of `value` to the width and signedness of `typ`."""
    bits, signed = INT_TYPES[typ]
    value &= (1 << bits) - 1
    if signed and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


class VarKind(Enum):
    """What a package-level variable is; decides which operations it has."""

    PLAIN = "plain"  # int, bool, string: plain accesses, or atomic via atomic.XxxInt64(&x)
    ATOMIC = "atomic"  # atomic.Int32/Int64/Uint32/Uint64/Bool
    VALUE = "value"  # atomic.Value
    MUTEX = "mutex"
    RWMUTEX = "rwmutex"
    ONCE = "once"
    WAITGROUP = "waitgroup"
    CHAN = "chan"
    COND = "cond"


@dataclass(frozen=True, slots=True)
class SharedVar:
    name: str
    kind: VarKind
    type: str  # the value type: "int64" for atomic.Int64, "any" for atomic.Value, elem type for chan
    init: object  # initial value (Python), already wrapped to the type
    cap: int = 0  # channel capacity
    lock: str = ""  # the mutex a Cond is bound to
    span: Span = _span()


# ---------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Const:
    value: object  # int | bool | str | None | Boxed
    type: str
    span: Span = _span()
    # a variable's value the lowering knows (a parameter bound to a constant, `n := 10`
    # never assigned, a constant loop's variable), not a Go constant: arithmetic on it
    # wraps and a zero divisor panics at run time, as Go runs it
    known: bool = False


@dataclass(frozen=True, slots=True)
class Local:
    """A local variable; `id` is unique in its goroutine (name@line:col of its declaration)."""

    id: str
    type: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Read:
    """A plain read of a shared variable."""

    var: str
    type: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Atomic:
    """An atomic operation on a shared variable, as an expression.

    op: "load", "store", "add" (returns new), "swap" (returns old), "cas"
    (returns bool). On atomic.Value the same names with `value=True`.
    `type` is the result type ("bool" for cas, "" for store)."""

    op: str
    var: str
    args: tuple["Expr", ...]
    type: str
    value: bool = False  # atomic.Value operation
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-", "!", "^", "+"
    operand: "Expr"
    type: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: "Expr"
    right: "Expr"
    type: str  # result type; for comparisons "bool"; operand type in `operand_type`
    operand_type: str = ""
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Box:
    """Conversion of a basic value to interface{} (atomic.Value.Store argument,
    comparison of an `any` with a basic value)."""

    operand: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Assert:
    """`e.(T)`: panics unless `e` holds a T. With `comma_ok` it yields (value, ok)
    and never panics."""

    operand: "Expr"
    type: str
    comma_ok: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SyncCall:
    """A sync.Mutex or sync.WaitGroup operation, as an expression.

    op: "lock", "unlock", "trylock" (returns bool) on a Mutex or RWMutex;
    also "rlock", "runlock", "tryrlock" on an RWMutex; "add" (one argument, a
    constant; Done is add(-1)) and "wait" on a WaitGroup; "cwait", "signal",
    "broadcast" on a sync.Cond (whose Mutex is `SharedVar.lock`)."""

    op: str
    var: str
    args: tuple["Expr", ...]
    type: str  # "bool" for trylock, "" otherwise
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ChanRecv:
    """`<-c`; with `comma_ok` it yields (value, ok): ok is false when the
    channel is closed and empty (the value is then the zero value)."""

    var: str
    type: str  # the element type
    comma_ok: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Recover:
    """`recover()` (type any): called directly by a deferred function (`direct`,
    decided by the lowering) while its goroutine panics, it stops the panic and
    returns the panic's value; otherwise nil."""

    direct: bool
    type: str = "any"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Builtin:
    """A builtin operation on string and map values (litmus/ops.py): "strlen",
    "strindex", "strslice" (hi None: to the end), "maplen", "mapget" (map, key,
    zero value), "mapok", "mapset", "mapdel". It accesses no shared memory
    itself; it may panic (index out of range, nil map write)."""

    op: str
    args: tuple["Expr | None", ...]
    type: str
    span: Span = _span()


Expr = Const | Local | Read | Atomic | Unary | Binary | Box | Assert | SyncCall | ChanRecv | Recover | Builtin


# ---------------------------------------------------------------- statements


@dataclass(frozen=True, slots=True)
class SetLocals:
    """`a, b := e1, e2` / `a = e` / `v, ok := e.(T)` (one Assert with comma_ok
    and two targets). A target None is `_`: the value is computed and dropped."""

    targets: tuple[Local | None, ...]
    values: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Write:
    """A plain write of a shared variable (`x = e`; `x++` is a Write whose value reads x)."""

    var: str
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Eval:
    """An expression evaluated for its effects (`x.Store(1)`, `a.Add(1)`)."""

    expr: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class If:
    cond: Expr
    then: tuple["Stmt", ...]
    orelse: tuple["Stmt", ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Unrolled:
    """A constant loop, unrolled: `break` leaves it, `continue` ends the iteration."""

    iterations: tuple[tuple["Stmt", ...], ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Loop:
    """A loop whose trip count is not known statically: an engine runs it at
    most `unroll` times and marks a path that needs more as cut.
    `cond` None is `for { }`; `post` runs after each iteration.

    A `spin` loop (only shared loads, local assignments, Gosched, Sleep, break,
    continue: spec/language.md; also CompareAndSwap and Swap of typed atomics,
    docs/decisions.md) is a wait instead: it exits when the values its reads
    return end it, or spins forever (status spinning)."""

    cond: Expr | None
    body: tuple["Stmt", ...]
    post: tuple["Stmt", ...] = ()
    spin: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Inline:
    """An inlined helper call: `return` inside leaves this block."""

    body: tuple["Stmt", ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Break:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Continue:
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Return:
    """Leaves the innermost Inline, or ends the goroutine."""

    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Panic:
    """`panic(e)`: the message is Go's formatting of e (see values.print_text).
    With `pieces`, a run-time error (`index out of range [5] with length 3`):
    the message is the pieces' text, `value` is unused and recover() gets no value,
    as for the engines' own run-time errors (integer divide by zero)."""

    value: Expr
    span: Span = _span()
    pieces: tuple["Piece", ...] = ()


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of printed text: literal `text` when `expr` is None, else the
    value of `expr` formatted by `verb` (values.format_piece: "print" is the
    builtin print's formatting, "%v", "%5d", "%q", ... fmt's)."""

    text: str = ""
    expr: "Expr | None" = None
    verb: str = ""


OUT, STDOUT, STDERR = "out", "stdout", "stderr"
# what a .go program ends with, observable in its conditions (name -> type)
GO_OBSERVABLES = {"exit": "int", "stderr": "string", "stdout": "string"}


@dataclass(frozen=True, slots=True)
class Print:
    """print/println, fmt.Print*, log.Print*: the pieces, in order, written to
    `stream`: OUT is the goroutine's own output (G.out, .lit files); STDOUT and
    STDERR are a Go program's two streams (.go files), which every goroutine
    shares in the order the prints ran."""

    pieces: tuple[Piece, ...]
    stream: str = OUT
    span: Span = _span()

    @property
    def args(self) -> tuple["Expr", ...]:
        return tuple(p.expr for p in self.pieces if p.expr is not None)


@dataclass(frozen=True, slots=True)
class Exit:
    """`os.Exit(code)`: the program ends at once with that status; deferred
    calls do not run (.go files)."""

    code: "Expr"
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Defer:
    """`defer f(args)`: the lowering evaluated the arguments into locals just
    before; `body` (f's code, an Inline) runs when the enclosing function
    (goroutine body, Inline, once.Do's f) ends, by returning or panicking, the
    last deferred first. os.Exit runs none."""

    body: tuple["Stmt", ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Spawn:
    """`go f(args)` / `go func(){...}()`: the arguments are evaluated here, in
    the parent; the child binds them to its parameters."""

    child: "Goroutine"
    args: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class OnceDo:
    """`once.Do(f)`: f (a helper or a function literal, inlined) runs in the
    first Do of the Once; every Do returns after it finished. `return` in f
    leaves f."""

    var: str
    body: tuple["Stmt", ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ChanSend:
    """`c <- e`."""

    var: str
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ChanClose:
    """`close(c)`."""

    var: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SelectCase:
    """One case of a select: "send" (`value` to `var`), "recv" (into `targets`:
    value and ok locals, either may be None) or "default"; then its body,
    which `break` leaves."""

    kind: str
    var: str = ""
    value: Expr | None = None
    targets: tuple["Local | None", ...] = ()
    body: tuple["Stmt", ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Select:
    """`select { ... }`: one step that takes a ready case; `default` only when
    none is ready; without it, waits (forever when no case ever gets ready).
    `select {}` has no case."""

    cases: tuple[SelectCase, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class RangeLoop:
    """`for r := range c { body }`: receives until the channel is closed and
    empty; an engine runs it at most once more than the program has sends on c."""

    var: str
    target: Local | None
    body: tuple["Stmt", ...]
    span: Span = _span()


Stmt = (SetLocals | Write | Eval | If | Unrolled | Loop | Inline | Break | Continue | Return | Panic
        | Print | Exit | Defer | Spawn | OnceDo | ChanSend | ChanClose | RangeLoop | Select)


@dataclass(frozen=True, slots=True)
class Goroutine:
    """A goroutine's code. Top-level ones start at program start (after init);
    others start when their Spawn runs."""

    name: str
    params: tuple[Local, ...]
    body: tuple[Stmt, ...]
    locals: tuple[Local, ...]  # every local declared in it (params included), in order
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Program:
    name: str
    shared: tuple[SharedVar, ...]
    init: Goroutine | None  # func init(): runs before everything else
    goroutines: tuple[Goroutine, ...]  # started at program start (main and `go func NAME`)
    observables: tuple[str, ...]  # every local ("G.r") and shared variable, sorted
    go: bool = False  # a .go program: it ends when main returns (docs/semantics.md, "Go programs")

    @property
    def shared_by_name(self) -> dict[str, SharedVar]:
        return {v.name: v for v in self.shared}

    def all_goroutines(self) -> list[Goroutine]:
        """Every goroutine that may run, children included, in a stable order."""
        out: list[Goroutine] = []

        def visit(g: Goroutine) -> None:
            out.append(g)
            for child in spawned(g.body):
                visit(child)

        if self.init is not None:
            visit(self.init)
        for g in self.goroutines:
            visit(g)
        return out


def spawned(body: tuple[Stmt, ...]):
    """The goroutines a body's Spawn statements start (statically, all branches)."""
    for s in body:
        if isinstance(s, Spawn):
            yield s.child
        elif isinstance(s, If):
            yield from spawned(s.then)
            yield from spawned(s.orelse)
        elif isinstance(s, Unrolled):
            for it in s.iterations:
                yield from spawned(it)
        elif isinstance(s, (Loop, RangeLoop)):
            yield from spawned(s.body)
        elif isinstance(s, (Inline, OnceDo, Defer)):
            yield from spawned(s.body)
        elif isinstance(s, Select):
            for c in s.cases:
                yield from spawned(c.body)


def walk(node, *, children: bool = True):
    """Every IR node under `node` (itself included): statements, expressions and,
    with `children`, the bodies of the goroutines it spawns; depth first."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, tuple):
            stack.extend(reversed(n))
            continue
        if not hasattr(n, "__dataclass_fields__"):
            continue
        yield n
        for f in reversed(n.__dataclass_fields__):
            if f != "span" and (children or f != "child"):
                stack.append(getattr(n, f))


def access_modes(program: Program) -> dict[str, frozenset[bool]]:
    """For each shared variable, whether the program's text accesses it
    atomically (True), plainly (False), or both (a "mixed" variable)."""
    modes: dict[str, set[bool]] = {}
    for g in program.all_goroutines():
        for n in walk(g.body):
            if isinstance(n, (Read, Write)):
                modes.setdefault(n.var, set()).add(False)
            elif isinstance(n, Atomic):
                modes.setdefault(n.var, set()).add(True)
    return {v: frozenset(m) for v, m in modes.items()}


def closed_channels(program: Program) -> frozenset[str]:
    """The channels some `close` statement of the program names."""
    return frozenset(n.var for g in program.all_goroutines() for n in walk(g.body) if isinstance(n, ChanClose))


def send_sites(program: Program, var: str, unroll: int) -> int:
    """How many sends on channel `var` the program can execute at most (a send
    in a loop of unknown bound counts --unroll times)."""
    def count(body, times: int) -> int:
        n = 0
        for st in body:
            if isinstance(st, ChanSend) and st.var == var:
                n += times
            elif isinstance(st, If):
                n += count(st.then, times) + count(st.orelse, times)
            elif isinstance(st, Unrolled):
                n += sum(count(it, times) for it in st.iterations)
            elif isinstance(st, (Loop, RangeLoop)):
                n += count(st.body, times * max(unroll, 1))
            elif isinstance(st, (Inline, OnceDo, Defer)):
                n += count(st.body, times)
            elif isinstance(st, Spawn):
                n += count(st.child.body, times)
            elif isinstance(st, Select):
                n += sum(times if c.kind == "send" and c.var == var else 0 for c in st.cases)
                n += sum(count(c.body, times) for c in st.cases)
        return n

    roots = ([program.init] if program.init else []) + list(program.goroutines)
    return sum(count(g.body, 1) for g in roots)
