"""Go constructs the parser accepts and the checker does not implement yet: refused.

    from litmus.syntax.refusals import refuse_unsupported
    refuse_unsupported(file)   # NotSupportedError, or None

litmus/lower.py calls this first, so none of the nodes the lowering does not
implement (defer, goto, type declarations, methods, generics, struct fields,
composite literals other than sync objects, ...) ever reaches it, where their
meaning would not be Go's. The first construct in source order is reported: "X
is not supported yet", its position and what to write instead. A `.go` file
may use more than a `.lit` one (objects declared in functions, function values,
variadic and object parameters, log, os.Exit): those are the lowering's
(litmus/lower.py, litmus/lower_go.py); a `.lit` test keeps its package-level objects.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache

from litmus.errors import Diagnostic, NotSupportedError, Span
from litmus.syntax import ast

__all__ = ["refuse_unsupported", "refusal_of"]

# Package members the language knows (the rest of sync and atomic is the lowering's).
_KNOWN_PACKAGES = ("sync.", "atomic.")
_KNOWN_MEMBERS = {"runtime.Gosched", "time.Sleep", "fmt.Print", "fmt.Println", "fmt.Printf", "fmt.Sprint",
                  "fmt.Sprintln", "fmt.Sprintf", "fmt.Fprint", "fmt.Fprintln", "fmt.Fprintf", "os.Stdout",
                  "os.Stderr"}
_GO_MEMBERS = {"log.Print", "log.Println", "log.Printf", "log.Fatal", "log.Fatalln", "log.Fatalf", "os.Exit",
               # timers and contexts (litmus/lower_time.py)
               "time.After", "time.NewTimer", "context.Background", "context.TODO", "context.WithCancel",
               "context.WithTimeout", "context.WithDeadline", "context.Canceled", "context.DeadlineExceeded"}
_KNOWN_HINT = ("litmus knows sync, sync/atomic, fmt's Print and Sprint functions, log.Print and log.Fatal, "
               "os.Exit, runtime.Gosched and time.Sleep")
_PACKAGE_HINTS = {
    "fmt": "print with fmt.Println, fmt.Printf or fmt.Print",
    "log": "in a .lit test print with fmt.Println or println: what a goroutine G prints is the observable G.out",
    "os": "return from main instead (os.Exit is for .go programs)",
    "time": "litmus knows time.Sleep, and in .go programs time.After and time.NewTimer; in a .lit test use a channel",
    "context": "litmus knows context.Background, TODO, WithCancel, WithTimeout and WithDeadline in .go programs; "
               "in a .lit test cancel through a channel you close: close(done)",
    "errors": "litmus values are basic types: return a bool or an int code",
    "runtime": "runtime.Gosched is known",
    "unsafe": "use sync/atomic for shared memory",
    "reflect": "use variables of a known type",
    "C": "litmus checks pure Go: move the C code out",
}
_MEMBER_HINTS = {  # the time and context members litmus does not know (.go programs)
    "time.Tick": "use one timer per wait: <-time.After(d)",
    "time.NewTicker": "use one timer per wait: t := time.NewTimer(d)",
    "time.AfterFunc": "start a goroutine that waits on a timer: go func() { <-time.After(d); f() }()",
    "context.WithValue": "pass the value as a parameter",
    "context.WithCancelCause": "use context.WithCancel",
    "context.WithTimeoutCause": "use context.WithTimeout",
    "context.WithDeadlineCause": "use context.WithDeadline",
    "context.WithoutCancel": "use context.Background()",
    "context.AfterFunc": "start a goroutine that waits on ctx.Done()",
    "context.Cause": "use ctx.Err()",
}
_IMPORTS = {
    "C": "cgo (import \"C\")",
    "unsafe": "package unsafe",
    "reflect": "reflection (package reflect)",
}
_SYNC_TYPES = {"sync.Mutex", "sync.RWMutex", "sync.WaitGroup", "sync.Once", "sync.Cond", "atomic.Value",
               "atomic.Int32", "atomic.Int64", "atomic.Uint32", "atomic.Uint64", "atomic.Bool",
               "atomic.Uintptr", "atomic.Pointer"}
_LOCAL_NAMES = {"sync.Mutex": "mu", "sync.RWMutex": "mu", "sync.WaitGroup": "wg", "sync.Once": "once",
                "sync.Cond": "cond"}


def refuse_unsupported(file: ast.File) -> None:
    """Raise NotSupportedError at the first construct the checker does not implement."""
    if file.go:
        _refuse_go_program(file)
    for item in sorted((*file.imports, *file.types, *file.decls), key=lambda n: (n.span.line, n.span.column)):
        match item:
            case ast.Import(path=path) if path in _IMPORTS:
                raise _refused(_IMPORTS[path], item.span, _PACKAGE_HINTS[path.rpartition("/")[2]])
            case _:
                _walk(item, None, file.go, top=True)


def _refused(what: str, span: Span, hint: str) -> NotSupportedError:
    head = what.split(" (")[0]  # "variadic parameters (...int)" is plural
    verb = "are" if head.endswith("s") and not head.endswith("ss") else "is"
    return NotSupportedError(Diagnostic(f"{what} {verb} not supported yet", span, hint, "not-supported"))


def _refuse_go_program(file: ast.File) -> None:
    if file.package is not None and file.package.id != "main":
        raise _refused(f"package {file.package.id}", file.package.span,
                       "litmus checks programs: write package main with a func main")
    main = next((d for d in file.decls if isinstance(d, ast.FuncDecl) and d.name.id == "main"
                 and d.receiver is None), None)
    if main is None:
        raise _refused("a Go file without func main", file.package.span if file.package else Span.point(1, 1),
                       "litmus checks programs: write package main with a func main")


@cache
def _child_fields(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "span")


def _walk(node, parent, go: bool, top: bool = False) -> None:
    """Pre-order, children in field order (source order): the first refusal wins.
    Nesting is bounded by the parser (MAX_NESTING), so recursion is safe."""
    if _check(node, parent, go, top):
        return  # accepted with its children (sync.Mutex{}), or only its arguments to walk (cond.L.Lock())
    for name in _child_fields(type(node)):
        value = getattr(node, name)
        for child in value if isinstance(value, tuple) else (value,):
            if hasattr(child, "__dataclass_fields__"):
                _walk(child, node, go)


def _check(node, parent, go: bool, top: bool) -> bool:
    """Refuse `node`, or return whether its children are already dealt with."""
    if go:
        if _is_cond_locker_call(node):  # cond.L.Lock(): the lowering's; only its arguments are walked
            for child in node.args:
                _walk(child, node, go)
            return True
        if _check_go(node, parent):
            return True
    else:
        _check_lit(node, parent, top)
    if isinstance(node, ast.TypeDecl) and not top:
        raise _refused("local type declarations", node.span, "declare the type at package level")
    _check_both(node, parent)
    return False


def _is_cond_locker_call(node) -> bool:
    return (isinstance(node, ast.CallExpr) and not node.spread and isinstance(node.func, ast.Selector)
            and isinstance(node.func.expr, ast.Selector) and node.func.expr.name == "L"
            and isinstance(node.func.expr.expr, ast.Name))


def _check_go(node, parent) -> bool:
    """What a .go file may not use yet (objects and function values are the lowering's);
    True for a sync object literal, accepted whole."""
    span = node.span
    match node:
        case ast.FuncLit(results=(_, *_)):
            raise _refused("function literals with results", span, "declare a function: func NAME() int { ... }")
        case ast.TypeName(name=name) if name.startswith("func") and name != "func()":
            raise _refused(f"function types ({name})", span, "use a func() parameter, or call the function by name")
        case ast.Address(expr=ast.CompositeLit(type=ast.TypeName(name=name), elems=())) if name in _SYNC_TYPES:
            return True
        case ast.CompositeLit(type=ast.TypeName(name=name), elems=()) if name in _SYNC_TYPES:
            return True
        case ast.CompositeLit(type=ast.TypeName(name="struct{}"), elems=()) if isinstance(parent, ast.Send):
            return True  # `done <- struct{}{}`
        case ast.Selector(expr=ast.Name(), name="C"):
            return True  # a timer's channel t.C (litmus/lower_time.py refuses any other)
        case ast.Call(func="context.WithDeadline", args=(parent_ctx, _)):
            _walk(parent_ctx, node, True)
            return True  # the deadline (time.Now().Add(d)) is any time: it is not lowered
        case ast.CallExpr(func=ast.Selector(expr=ast.Call(func="time.Now", args=()), name="Add"), args=(d,)) \
                if isinstance(parent, ast.Define | ast.VarDecl):
            _walk(d, node, True)
            return True  # d := time.Now().Add(x): a deadline (litmus/lower_time.py)
        case ast.Call(func="time.Now", args=()) if isinstance(parent, ast.Define | ast.VarDecl):
            return True  # d := time.Now(): a deadline
    return False


def _check_lit(node, parent, top: bool) -> None:
    """What a .lit test may not use: its objects are package-level, its helpers called by name."""
    span = node.span
    match node:
        case ast.Param(variadic=True):
            raise _refused(f"variadic parameters (...{node.type})", span, "pass the values as separate parameters")
        case ast.TypeName(name="chan<-" | "<-chan" as kind):
            raise _refused(f"directional channel types ({kind} {node.elem})", span,
                           "in a .lit test a channel is package-level: var c = make(chan int), used by name")
        case ast.TypeName(name=name) if name.startswith("func"):
            raise _refused(f"function types ({name})", span, "call a package-level helper by name instead")
        case ast.FuncLit(results=(_, *_)):
            raise _refused("function literals with results", span, "declare a helper: func NAME() int { ... }")
        case ast.FuncLit() if not isinstance(parent, ast.GoLit | ast.MethodCall):
            raise _refused("function values", span, "declare a helper `func NAME() { ... }` and call it by name")
        case ast.GoLit() if not isinstance(parent, ast.Go | ast.Defer):
            raise _refused("calls of function literals outside go and defer statements", span,
                           "start a goroutine with go func() { ... }() or declare a helper")
        case ast.VarDecl(type=ast.TypeName(name=name)) if not top and name in _SYNC_TYPES:
            var = node.names[0].id
            raise _refused(f"a local {name}", span, f"sync objects and atomics are package-level in a .lit "
                           f"test: declare it at package level: var {var} {name}")
        case ast.Address(expr=ast.CompositeLit(type=ast.TypeName(name=name))) if name in _SYNC_TYPES:
            var = _LOCAL_NAMES.get(name, "v")
            raise _refused(f"&{name}{{}}", span, f"declare it at package level: var {var} {name}, and write &{var}")
        case ast.CompositeLit(type=ast.TypeName(name=name)) if name in _SYNC_TYPES:
            var = _LOCAL_NAMES.get(name, "v")
            raise _refused(f"{name}{{}} (a composite literal)", span, f"declare it at package level: var {var} {name}")
        case ast.Call(func=func) | ast.Name(id=func) if func in _GO_MEMBERS:
            raise _refused(f"{func} in a .lit test", span, _PACKAGE_HINTS.get(func.partition(".")[0], _KNOWN_HINT))


def _check_both(node, parent) -> None:
    span = node.span
    match node:
        case ast.FuncDecl(type_params=(_, *_)):
            raise _refused("generic functions (type parameters)", span, "write the function for one type, such as int")
        case ast.TypeName(name=name, length=None) if name.startswith("["):
            raise _refused(f"slices ({name})", span, "use a fixed-size array ([3]int) or separate variables")
        case ast.Goto():
            raise _refused("goto", span, "use for loops with break and continue")
        case ast.GoLit() if not isinstance(parent, ast.Go | ast.ExprStmt | ast.Defer):
            raise _refused("calls of function literals in expressions", span,
                           "call it as a statement, or declare a function with results")
        case ast.ForRange(var=var) if var is not None and not isinstance(var, ast.Name):
            raise _target(var)
        case ast.CallExpr(spread=True):
            raise _refused("spread arguments (f(xs...))", span, "pass the values one by one")
        case ast.CallExpr(func=ast.Selector() as selector) if _is_cond_locker_call(node):
            raise _selector(selector, called=True)  # .lit: lock the Mutex by name
        case ast.CallExpr(func=ast.Selector()):
            pass  # a method of a field (s.mu.Lock()) or of a struct: litmus/lower_data.py
        case ast.CallExpr():
            raise _refused("calls of this expression", span, "call a function by name: f(args)")
        case ast.Call(func=func) | ast.Name(id=func) if "." in func and not func.startswith(_KNOWN_PACKAGES) \
                and func not in _KNOWN_MEMBERS and func not in _GO_MEMBERS and not _is_duration(node):
            package = func.partition(".")[0]
            raise _refused(func, span, _MEMBER_HINTS.get(func) or _PACKAGE_HINTS.get(package, _KNOWN_HINT))


_DURATIONS = {"time.Nanosecond", "time.Microsecond", "time.Millisecond", "time.Second", "time.Minute", "time.Hour"}


def _is_duration(node) -> bool:
    return isinstance(node, ast.Name) and node.id in _DURATIONS


def go_call_refusal(call, span: Span) -> NotSupportedError:
    """`go x.M()` of what is not a struct's method (litmus/lower_data.py starts those)."""
    if isinstance(call, ast.MethodCall):
        return _refused("go with a method call", span,
                        f"wrap it: go func() {{ {call.receiver.id}.{call.method}(...) }}()")
    return _refused("go with this call", span, "start a helper by name: go f(args), or go func() { ... }()")


def refusal_of(node) -> NotSupportedError:
    """The refusal of a selector, index, dereference, address or composite literal that
    the lowering (litmus/lower_data.py) found to be none of the data it implements."""
    span = node.span
    match node:
        case ast.CallExpr(func=ast.Selector() as selector):
            return _selector(selector, called=True)
        case ast.CallExpr():
            return _refused("calls of this expression", span, "call a function by name: f(args)")
        case ast.Selector():
            return _selector(node, called=False)
        case ast.Address():
            return _refused("the address of an expression that is not a variable", span,
                            "take the address of a variable: &x, &s.f")
        case ast.CompositeLit():
            return _refused("composite literals of slices and maps, and composite literals used as values", span,
                            "declare a variable: s := T{...}")
        case ast.Deref():
            return _refused("pointers (*p) not bound to a variable", span, "declare the pointer: p := &x")
        case ast.Index():
            return _refused("indexing (slices and maps)", span, "use a fixed-size array: var a [3]int")
    return _refused("this expression", span, "see docs/language.md for what is supported")


def _target(target) -> NotSupportedError:
    what = {ast.Selector: "assignment to a field (x.f = ...)", ast.Index: "assignment to an element (a[i] = ...)",
            ast.Deref: "assignment through a pointer (*p = ...)"}.get(type(target), "this assignment")
    return _refused(what, target.span, "assign to a variable by name")


def _selector(node: ast.Selector, called: bool) -> NotSupportedError:
    if isinstance(node.expr, ast.Selector):  # a chain: name the innermost selector (cond.L)
        return _selector(node.expr, called=False)
    base = node.expr.id if isinstance(node.expr, ast.Name) else "..."
    if node.name == "L":
        return _refused(f"{base}.L (the Locker of a sync.Cond)", node.span,
                        f"lock the mutex by name: var mu sync.Mutex; var {base} = sync.NewCond(&mu); mu.Lock()")
    if called:
        return _refused(f"method calls on {base}.{node.name}", node.span, "call methods on a variable by name: x.M()")
    return _refused(f"struct fields ({base}.{node.name})", node.span, "use one package-level variable per field")
