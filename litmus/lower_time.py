"""Timers and contexts in the Go front end (issue 9): `time.After`, `time.NewTimer`,
`context.Background/TODO/WithCancel/WithTimeout/WithDeadline`, `ctx.Done()`, `ctx.Err()`.

`Lowerer` (litmus/lower.py) mixes `TimeLowering` in. Everything is lowered to
the primitives both engines already have, so neither engine knows about time
(docs/decisions.md, "Timers and contexts (issue 9)"):

- a timer is a channel of capacity 1 (`INST.C`) and a hidden goroutine
  (`INST$fire`) started where the timer is made, whose one step sends a value on
  it: the send can happen at any point of the synchronization order after the
  timer exists, and nothing the program does happens before it (nobody can
  reach the channel before it is made, so the start edge adds nothing). A
  goroutine blocked on a timer that has not fired is not deadlocked: the hidden
  goroutine can still run. With `t.Stop()` in the file, the firing and Stop
  share a hidden mutex and state (`INST$mu`, `INST$state`: 0 pending, 1 fired, 2
  stopped); from Go 1.23 Stop also takes a fired value nobody received (Go's
  synchronous timer channels: no stale value after Stop, true unless received);
- a context made by WithCancel/WithTimeout/WithDeadline is what Go's cancelCtx
  is: a mutex (`INST$mu`), an atomic.Value error (`INST$err`, the error's text
  boxed as a string) and a done channel (`INST$done`) closed by the first cancel.
  cancel() is Go's `cancelCtx.cancel`: lock; if err is nil, store it, close done
  and cancel every child (the lowering knows the tree statically, so the code is
  expanded once the whole program is lowered: `expand_cancels`); unlock. Making
  a child locks and unlocks its parent's mutex (propagateCancel). A deadline is
  a hidden goroutine (`INST$deadline`) that cancels with DeadlineExceeded at any
  time. `ctx.Err()` is the atomic load (Go 1.26's Err); Background and TODO are
  never cancelled: their Done is a nil channel, their Err nil.

Hidden names contain `$`: they are no observables.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from litmus import program as ir
from litmus.errors import Span
from litmus.lower_go import not_supported
from litmus.program import VarKind
from litmus.syntax import ast

CANCELED, DEADLINE = "context canceled", "context deadline exceeded"
ERRORS = {"context.Canceled": CANCELED, "context.DeadlineExceeded": DEADLINE}
TIMER_FUNCS = ("time.After", "time.NewTimer")
CONTEXT_FUNCS = ("context.Background", "context.TODO", "context.WithCancel", "context.WithTimeout",
                 "context.WithDeadline")
STOP_SEMANTICS = (1, 23)  # Go 1.23: timer channels are synchronous; Stop leaves no stale value


@dataclass(frozen=True, slots=True)
class Timer:
    """A name bound to a *time.Timer made by time.NewTimer."""

    inst: str

    @property
    def chan(self) -> str:
        return f"{self.inst}.C"


@dataclass(frozen=True, slots=True)
class Context:
    """A name bound to a context: `inst` None for Background and TODO (never cancelled)."""

    inst: str | None


@dataclass(frozen=True, slots=True)
class CancelFunc:
    """A name bound to the cancel function of context `inst`."""

    inst: str


@dataclass(frozen=True, slots=True)
class CancelMarker:
    """Where context `inst` is cancelled with `message`: replaced by Go's cancel code
    (`TimeLowering.expand_cancels`) once every child of every context is known."""

    inst: str
    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class Instant:
    """A name bound to a time.Time (`d := time.Now().Add(x)`): only a deadline to pass
    to context.WithDeadline, which fires at any time anyway."""


TIME_BINDINGS = (Timer, Context, CancelFunc, Instant)
PARAM_TYPES = {"context.Context": Context, "*time.Timer": Timer, "context.CancelFunc": CancelFunc}


def is_instant(e) -> bool:
    """time.Now() or time.Now().Add(d)."""
    match e:
        case ast.Call(func="time.Now", args=()):
            return True
        case ast.CallExpr(func=ast.Selector(expr=ast.Call(func="time.Now", args=()), name="Add"), args=(_,)):
            return True
    return False


def is_time_call(e) -> bool:
    return isinstance(e, ast.Call) and (e.func in TIMER_FUNCS or e.func in CONTEXT_FUNCS)


class TimeLowering:
    """Timers and contexts, mixed into `lower.Lowerer`."""

    def reset_time(self) -> None:
        """Before each pass of the lowering: no context made yet."""
        self.children: dict[str, list[str]] = {}  # context -> its children, in the order they are made
        self.instances: set[str] = set()
        self.timer_chans: set[str] = set()
        self.stops = any(isinstance(n, ast.MethodCall) and n.method == "Stop" for n in ast_nodes(self.file.decls))

    # -------------------------------------------------------------- making them

    def instance(self, g, base: str) -> str:
        """A fresh name for one timer or context made in goroutine g (G.NAME, G.NAME#2, ...)."""
        name, k = f"{g.name}.{base}", 1
        while name in self.instances:
            k += 1
            name = f"{g.name}.{base}#{k}"
        self.instances.add(name)
        return name

    def add_hidden(self, var: ir.SharedVar) -> str:
        self.shared[var.name] = var
        return var.name

    def check_durations(self, e: ast.Call, n: int, scope, g) -> bool:
        """Check the duration argument; whether it is a constant <= 0 (written without
        time's units, which the lowering does not value)."""
        if len(e.args) != n:
            raise self.error(f"{e.func} takes {n} argument{'s' if n != 1 else ''}", e.span,
                             f"write {e.func}(" + ", ".join(("parent", "d")[2 - n:]) + ")", "call")
        d = e.args[-1]
        if e.func == "context.WithDeadline":
            if not (is_instant(d) or (isinstance(d, ast.Name) and isinstance(scope.lookup(d.id)[0], Instant))):
                raise not_supported("a deadline other than time.Now() or time.Now().Add(d)", d.span,
                                    "write context.WithDeadline(ctx, time.Now().Add(d))")
            return False  # the deadline fires at any time
        if isinstance(d, ast.Name) and d.id.startswith("time."):
            return False  # a named duration: the firing time does not matter (any time)
        v = self.expr(d, scope, g)
        if isinstance(v, ir.Const) and v.type.startswith("untyped"):
            self.convert_const(v, "int64", d.span)
        units = any(isinstance(x, ast.Name) and x.id.startswith("time.") for x in ast_nodes(d))
        return isinstance(v, ir.Const) and not units and v.value <= 0

    def new_timer(self, e: ast.Call, scope, g, base: str) -> tuple[Timer, list[ir.Stmt]]:
        """time.NewTimer(d) / time.After(d): the channel, and the hidden goroutine that fires it."""
        self.check_object_site("timer", e.span, g)
        self.check_durations(e, 1, scope, g)
        t = Timer(self.instance(g, base))
        span = e.span
        self.add_hidden(ir.SharedVar(t.chan, VarKind.CHAN, "int", None, 1, span=span))
        self.timer_chans.add(t.chan)
        send = ir.ChanSend(t.chan, ir.Const(0, "int", span), span)
        if self.stops:  # firing and Stop exclude each other
            mu = self.add_hidden(ir.SharedVar(f"{t.inst}$mu", VarKind.MUTEX, "", None, span=span))
            state = self.add_hidden(ir.SharedVar(f"{t.inst}$state", VarKind.PLAIN, "int", 0, span=span))
            pending = self.binary("==", ir.Read(state, "int", span), ir.Const(0, "int", span), span)
            body = (lock(mu, span), ir.If(pending, (ir.Write(state, ir.Const(1, "int", span), span), send), (), span),
                    unlock(mu, span))
        else:
            body = (send,)
        return t, [ir.Spawn(ir.Goroutine(f"{t.inst}$fire", (), body, (), span), (), span)]

    def timer_stop(self, t: Timer, e: ast.MethodCall, g) -> ir.Expr:
        """t.Stop(): true if it stopped the timer. Its statements go before the statement."""
        if e.args:
            raise self.error("t.Stop takes no arguments", e.span, "write t.Stop()", "call")
        span, mu, state = e.span, f"{t.inst}$mu", f"{t.inst}$state"
        was, r = self.temp("int", span, g), self.temp("bool", span, g)

        def result(v: bool):
            return (ir.SetLocals((r,), (ir.Const(v, "bool", span),), span),)

        def state_is(k: int):
            return self.binary("==", ir.Local(was.id, "int", span), ir.Const(k, "int", span), span)

        fired: tuple[ir.Stmt, ...] = result(False)
        if self.go_version is None or self.go_version >= STOP_SEMANTICS:  # take the value nobody received
            fired = (ir.Select((ir.SelectCase("recv", t.chan, body=result(True), span=span),
                                ir.SelectCase("default", body=result(False), span=span)), span),)
        self.pending.extend([
            lock(mu, span), ir.SetLocals((was,), (ir.Read(state, "int", span),), span),
            ir.If(state_is(0), result(True), (ir.If(state_is(1), fired, result(False), span),), span),
            ir.Write(state, ir.Const(2, "int", span), span), unlock(mu, span)])
        return ir.Local(r.id, "bool", span)

    def new_context(self, e: ast.Call, scope, g, base: str) -> tuple[Context, CancelFunc | None, list[ir.Stmt]]:
        """A context made by e: for WithCancel/WithTimeout/WithDeadline, its objects, the
        propagateCancel edge with its parent and, for a deadline, the hidden goroutine."""
        if e.func in ("context.Background", "context.TODO"):
            if e.args:
                raise self.error(f"{e.func} takes no arguments", e.span, f"write {e.func}()", "call")
            return Context(None), None, []
        self.check_object_site("context", e.span, g)
        timeout = e.func != "context.WithCancel"
        if not e.args:
            raise self.error(f"{e.func} needs a parent context", e.span, f"write {e.func}(ctx{', d' if timeout else ''})",
                             "call")
        parent = self.context_of(e.args[0], scope, g)
        expired = timeout and self.check_durations(e, 2, scope, g)
        if not timeout and len(e.args) != 1:
            raise self.error("context.WithCancel takes one argument", e.span, "write context.WithCancel(ctx)", "call")
        span = e.span
        c = Context(self.instance(g, base))
        self.add_hidden(ir.SharedVar(f"{c.inst}$mu", VarKind.MUTEX, "", None, span=span))
        self.add_hidden(ir.SharedVar(f"{c.inst}$err", VarKind.VALUE, "any", None, span=span))
        self.add_hidden(ir.SharedVar(f"{c.inst}$done", VarKind.CHAN, "int", None, 0, span=span))
        self.children[c.inst] = []
        out: list[ir.Stmt] = []
        if parent.inst is not None:  # propagateCancel: under the parent's lock, a child of it
            self.children[parent.inst].append(c.inst)
            out += [lock(f"{parent.inst}$mu", span), unlock(f"{parent.inst}$mu", span)]
        if expired:  # WithTimeout(ctx, 0): cancelled before it is returned, as Go's WithDeadline does
            out.append(CancelMarker(c.inst, DEADLINE, span))
        elif timeout:
            body = (CancelMarker(c.inst, DEADLINE, span),)
            out.append(ir.Spawn(ir.Goroutine(f"{c.inst}$deadline", (), body, (), span), (), span))
        return c, CancelFunc(c.inst), out

    def context_of(self, e: ast.Expr, scope, g) -> Context:
        """The context an argument denotes: a name bound to one, or context.Background()/TODO()."""
        if isinstance(e, ast.Paren):
            return self.context_of(e.expr, scope, g)
        if isinstance(e, ast.Call) and e.func in ("context.Background", "context.TODO"):
            return self.new_context(e, scope, g, "ctx")[0]
        if isinstance(e, ast.Name):
            entry = scope.lookup(e.id)[0]
            if isinstance(entry, Context):
                return entry
        raise not_supported("a context not known statically", e.span,
                            "pass a context made by context.Background() or context.WithCancel, by its name")

    # -------------------------------------------------------------- statements

    def time_stmt(self, s: ast.Stmt, scope, g) -> list[ir.Stmt] | None:
        """A declaration of a timer, context or timer channel, or a cancel() call; None otherwise."""
        match s:
            case ast.Define(names=names, values=(value,)) | ast.VarDecl(names=names, values=(value,)):
                if is_time_call(value):
                    return self.declare_time(names, value, scope, g)
                if len(names) == 1 and is_instant(value):
                    self.fresh_name(names[0], scope)
                    if names[0].id != "_":
                        scope.names[names[0].id] = Instant()
                    return []
                if len(names) == 1 and self.time_chan(value, scope, g, peek=True):
                    self.fresh_name(names[0], scope)
                    chan = self.time_chan(value, scope, g)
                    out = self.take_pending()
                    if names[0].id != "_":
                        scope.names[names[0].id] = chan
                    return out
            case ast.Assign(targets=(ast.Name("_"),), op="", values=(ast.Name(x),)) \
                    if isinstance(scope.lookup(x)[0], TIME_BINDINGS):
                return []  # `_ = ctx`: used, as Go wants
            case ast.Assign(targets=targets, values=values) if any(
                    isinstance(scope.lookup(t.id)[0], TIME_BINDINGS) for t in targets if isinstance(t, ast.Name)) \
                    or any(is_time_call(v) for v in values):
                raise not_supported("assigning a timer, context or cancel function", s.span,
                                    "declare a new name: ctx2, cancel2 := context.WithCancel(ctx)")
            case ast.Go(call=ast.Call(func=f, args=())) if isinstance(scope.lookup(f)[0], CancelFunc):
                if g.in_dynamic_loop:
                    raise not_supported("a go statement inside a loop without a constant bound", s.span,
                                        "give the loop a constant bound or write the go statements out")
                g.go_count += 1
                name = f"{g.name}.go{g.go_count}"
                self.add_goroutine_name(name, s.span)
                body = (CancelMarker(scope.lookup(f)[0].inst, CANCELED, s.span),)
                return [ir.Spawn(ir.Goroutine(name, (), body, (), s.span), (), s.span)]
            case ast.VarDecl(type=ast.TypeName(name=t), values=()) if t in PARAM_TYPES:
                raise not_supported(f"a {t} variable without a value", s.span,
                                    {"context.Context": "write ctx := context.Background() or ctx, cancel := "
                                                        "context.WithCancel(parent)",
                                     "*time.Timer": "write t := time.NewTimer(d)"}.get(t, "write ctx, cancel := "
                                                                                         "context.WithCancel(parent)"))
            case ast.ExprStmt(ast.Call(func=f, args=args)) if isinstance(scope.lookup(f)[0], CancelFunc):
                if args:
                    raise self.error(f"{f} takes no arguments", s.span, f"write {f}()", "call")
                return [CancelMarker(scope.lookup(f)[0].inst, CANCELED, s.span)]
        return None

    def fresh_name(self, n: ast.Name, scope) -> None:
        if n.id in scope.names and n.id != "_":
            raise not_supported(f"assigning {n.id} again", n.span,
                                "litmus binds timers, contexts and channels statically: use a new name")

    def declare_time(self, names, value: ast.Call, scope, g) -> list[ir.Stmt]:
        for n in names:
            self.fresh_name(n, scope)
        f = value.func
        if f in TIMER_FUNCS:
            if len(names) != 1:
                raise self.error(f"{f} has one result", value.span, f"write t := {f}(d)", "assign-count")
            timer, out = self.new_timer(value, scope, g, names[0].id if names[0].id != "_" else "timer")
            bound = timer if f == "time.NewTimer" else ir_obj(timer.chan)
            bindings = [bound]
        else:
            two = f not in ("context.Background", "context.TODO")
            if len(names) != (2 if two else 1):
                raise self.error(f"{f} has {'two results' if two else 'one result'}", value.span,
                                 "write ctx, cancel := " + f + "(...)" if two else f"write ctx := {f}()", "assign-count")
            ctx, cancel, out = self.new_context(value, scope, g, names[0].id if names[0].id != "_" else "ctx")
            bindings = [ctx, cancel]
        for n, b in zip(names, bindings):
            if n.id != "_":
                scope.names[n.id] = b
        return self.take_pending() + out

    # -------------------------------------------------------------- expressions

    def time_chan(self, e: ast.Expr, scope, g, peek: bool = False):
        """The channel (as an Obj binding, receive-only) of `t.C`, `ctx.Done()` or a
        `time.After(d)` made here; None if `e` is none of those. With `peek`, only
        whether it is one (nothing is made). Background's Done is "nil" (a nil channel)."""
        from litmus.lower import Obj
        match e:
            case ast.Paren(x):
                return self.time_chan(x, scope, g, peek)
            case ast.Selector(expr=ast.Name(id), name="C") if isinstance(scope.lookup(id)[0], Timer):
                return True if peek else Obj(scope.lookup(id)[0].chan, "recv")
            case ast.MethodCall(receiver=ast.Name(id), method="Done") if isinstance(scope.lookup(id)[0], Context):
                if e.args:
                    raise self.error("ctx.Done takes no arguments", e.span, "write ctx.Done()", "call")
                inst = scope.lookup(id)[0].inst
                return "nil" if inst is None else True if peek else Obj(f"{inst}$done", "recv")
            case ast.Call(func="time.After"):
                if peek:
                    return True
                timer, stmts = self.new_timer(e, scope, g, "after")
                self.pending.extend(stmts)
                return Obj(timer.chan, "recv")
        return None

    def check_timer_value(self, var: ir.SharedVar, span: Span) -> None:
        """A receive whose value is used: not from a timer (its time.Time is the clock's)."""
        if var.name in getattr(self, "timer_chans", ()):
            raise not_supported("using the time.Time value of a timer", span,
                                "receive it without using it: <-t.C, or case <-time.After(d):")

    def time_method(self, e: ast.MethodCall, entry, g) -> ir.Expr:
        """t.Stop(), ctx.Err(), and the methods refused."""
        if isinstance(entry, Timer):
            if e.method == "Stop":
                return self.timer_stop(entry, e, g)
            if e.method == "Reset":
                raise not_supported("t.Reset", e.span, "make a new timer: t2 := time.NewTimer(d)")
            raise self.error(f"*time.Timer {e.receiver.id} has no method {e.method} here", e.span,
                             "use t.C and t.Stop()", "method")
        if isinstance(entry, Context):
            if e.method == "Err":
                if e.args:
                    raise self.error("ctx.Err takes no arguments", e.span, "write ctx.Err()", "call")
                if entry.inst is None:
                    return ir.Const(None, "any", e.span)
                return ir.Atomic("load", f"{entry.inst}$err", (), "any", True, e.span)
            if e.method == "Done":
                raise not_supported("ctx.Done() used as a value here", e.span,
                                    "receive from it (<-ctx.Done(), case <-ctx.Done():) or name it: done := ctx.Done()")
            raise not_supported(f"ctx.{e.method}", e.span, "use ctx.Done() and ctx.Err()")
        raise not_supported(f"methods of {e.receiver.id}", e.span, f"call {e.receiver.id}() itself")

    def time_name(self, e: ast.Name, entry) -> ir.Expr:
        """A time or context name used as a value: the two context errors, else refused."""
        if e.id in ERRORS and entry is None:
            return ir.Const(ERRORS[e.id], "string", e.span)
        what = {Timer: "timer", Context: "context", CancelFunc: "cancel function",
                Instant: "time"}.get(type(entry), e.id)
        raise not_supported(f"the {what} {e.id} used as a value", e.span,
                            "a time.Time is only a deadline here: pass it to context.WithDeadline"
                            if isinstance(entry, Instant) else
                            "use it where it is declared or pass it to a parameter (ctx context.Context, "
                            "t *time.Timer, cancel context.CancelFunc)")

    def time_param(self, p: ast.Param, a: ast.Expr, scope, g):
        """The binding of a context.Context, *time.Timer or context.CancelFunc (or func())
        parameter; None if the parameter is not one."""
        want = PARAM_TYPES.get(p.type.name)
        inner = a.expr if isinstance(a, ast.Paren) else a
        entry = scope.lookup(inner.id)[0] if isinstance(inner, ast.Name) else None
        if want is None and not (p.type.name == "func()" and isinstance(entry, CancelFunc)):
            return None
        if want is Context:
            return self.context_of(a, scope, g)
        if want is None or isinstance(entry, want):
            return entry
        raise not_supported(f"a {p.type} argument not known statically", a.span,
                            "pass the timer, context or cancel function by its name")

    # -------------------------------------------------------------- cancellation

    def cancel_code(self, inst: str, message: str, span: Span) -> list[ir.Stmt]:
        """Go's cancelCtx.cancel(err): under the context's lock, the first cancel stores
        the error, closes done and cancels the children (each under its own lock)."""
        from litmus.lower import UNTYPED_NIL
        mu, err, done = f"{inst}$mu", f"{inst}$err", f"{inst}$done"
        first = self.binary("==", ir.Atomic("load", err, (), "any", True, span), ir.Const(None, UNTYPED_NIL, span), span)
        then: list[ir.Stmt] = [
            ir.Eval(ir.Atomic("store", err, (ir.Box(ir.Const(message, "string", span), span),), "", True, span), span),
            ir.ChanClose(done, span)]
        for child in self.children[inst]:
            then += self.cancel_code(child, message, span)
        return [lock(mu, span), ir.If(first, tuple(then), (), span), unlock(mu, span)]

    def expand_cancels(self, node):
        """`node` with every CancelMarker replaced by the cancel code of its context."""
        if isinstance(node, CancelMarker):
            return ir.Inline(tuple(self.cancel_code(node.inst, node.message, node.span)), node.span)
        if isinstance(node, tuple):
            new = tuple(self.expand_cancels(x) for x in node)
            return node if all(a is b for a, b in zip(new, node)) else new
        if not hasattr(node, "__dataclass_fields__") or not self.children:
            return node
        changes = {}
        for f in node.__dataclass_fields__:
            if f != "span":
                v = getattr(node, f)
                nv = self.expand_cancels(v)
                if nv is not v:
                    changes[f] = nv
        return replace(node, **changes) if changes else node


def chan_text(e) -> str | None:
    """How the source names a timer's or context's channel (`ctx.Done()`, `t.C`), for errors."""
    match e:
        case ast.MethodCall(receiver=ast.Name(x), method="Done", args=()):
            return f"{x}.Done()"
        case ast.Selector(expr=ast.Name(x), name="C"):
            return f"{x}.C"
        case ast.Call(func="time.After"):
            return "time.After(d)"
    return None


def lock(mu: str, span: Span) -> ir.Stmt:
    return ir.Eval(ir.SyncCall("lock", mu, (), "", span), span)


def unlock(mu: str, span: Span) -> ir.Stmt:
    return ir.Eval(ir.SyncCall("unlock", mu, (), "", span), span)


def ir_obj(var: str):
    from litmus.lower import Obj
    return Obj(var, "recv")


def ast_nodes(node):
    """Every AST node under `node`."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, tuple):
            stack.extend(n)
        elif hasattr(n, "__dataclass_fields__"):
            yield n
            stack.extend(getattr(n, f) for f in n.__dataclass_fields__ if f != "span")
