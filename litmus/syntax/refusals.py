"""Go constructs the parser accepts and the checker does not implement yet: refused.

    from litmus.syntax.refusals import refuse_unsupported
    refuse_unsupported(file)   # NotSupportedError, or None

litmus/lower.py calls this first, so none of the nodes the Go front end added
(switch, defer, labels, type declarations, methods, generics, selectors,
composite literals, ...) ever reaches the lowering, whose meaning for them would
not be Go's. The first construct in source order is reported: "X is not
supported yet", its position and what to write instead. A `.go` program is then
refused as a whole (`_refuse_go_program`): the engines do not model how a Go
program ends (when main returns) nor its one standard output, so no `.go` file
gets an answer yet, whatever it contains.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache

from litmus.errors import Diagnostic, NotSupportedError, Span
from litmus.syntax import ast

__all__ = ["refuse_unsupported", "GO_PROGRAM_HINT"]

GO_PROGRAM_HINT = ("Go programs end when main returns; litmus does not model that yet: "
                   "write the test as a .lit file, see docs/language.md")

# Package members the .lit language knows (the rest of these packages is the lowering's).
_KNOWN_PACKAGES = ("sync.", "atomic.", "runtime.", "time.")
_PRINT_HINT = "use println(...) in a .lit test: what a goroutine G prints is the observable G.out"
_PACKAGE_HINTS = {
    "fmt": _PRINT_HINT,
    "log": _PRINT_HINT,
    "os": "return from main instead; litmus knows sync, sync/atomic, runtime.Gosched and time.Sleep",
    "unsafe": "use sync/atomic for shared memory",
    "reflect": "use variables of a known type",
    "C": "litmus checks pure Go: move the C code out",
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
    for item in sorted((*file.imports, *file.types, *file.decls), key=lambda n: (n.span.line, n.span.column)):
        match item:
            case ast.Import(path=path) if path in _IMPORTS:
                raise _refused(_IMPORTS[path], item.span, _PACKAGE_HINTS[path.rpartition("/")[2]])
            case _:
                _walk(item, None, top=True)
    if file.go:
        _refuse_go_program(file)


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
    raise _refused("checking a .go program", main.span, GO_PROGRAM_HINT)


@cache
def _child_fields(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "span")


def _walk(node, parent, top: bool = False) -> None:
    """Pre-order, children in field order (source order): the first refusal wins.
    Nesting is bounded by the parser (MAX_NESTING), so recursion is safe."""
    _check(node, parent, top)
    for name in _child_fields(type(node)):
        value = getattr(node, name)
        for child in value if isinstance(value, tuple) else (value,):
            if hasattr(child, "__dataclass_fields__"):
                _walk(child, node)


def _check(node, parent, top: bool) -> None:
    span = node.span
    match node:
        case ast.FuncDecl(receiver=ast.Param()):
            raise _refused("methods", span, "declare a function: func NAME(r T, ...)")
        case ast.FuncDecl(type_params=(_, *_)):
            raise _refused("generic functions (type parameters)", span, "write the function for one type, such as int")
        case ast.FuncDecl(result_names=(_, *_)):
            raise _refused("named results", span, "write results to a package-level var instead")
        case ast.FuncLit(results=(_, *_)):
            raise _refused("function literals with results", span, "declare a helper: func NAME() int { ... }")
        case ast.Param(variadic=True):
            raise _refused(f"variadic parameters (...{node.type})", span, "pass the values as separate parameters")
        case ast.TypeName(name="chan<-" | "<-chan" as kind):
            raise _refused(f"directional channel types ({kind} {node.elem})", span,
                           "in a .lit test a channel is package-level: var c = make(chan int), used by name")
        case ast.TypeName(name=name) if name.startswith("func"):
            raise _refused(f"function types ({name})", span, "call a package-level helper by name instead")
        case ast.TypeName(name=name) if name.startswith(("[", "map[")):
            raise _refused(f"slices, arrays and maps ({name})", span, "use separate variables")
        case ast.FuncLit() if not isinstance(parent, ast.GoLit | ast.MethodCall):
            raise _refused("function values", span, "declare a helper `func NAME() { ... }` and call it by name")
        case ast.TypeDecl():
            raise _refused("type declarations", span, "named types and structs are not in the language yet: "
                           "use one package-level variable per field")
        case ast.VarDecl(type=ast.TypeName(name=name)) if not top and name in _SYNC_TYPES:
            var = node.names[0].id
            raise _refused(f"a local {name}", span, f"sync objects and atomics are package-level in a .lit "
                           f"test: declare it at package level: var {var} {name}")
        case ast.Switch():
            raise _refused("switch statements", span, "use if / else if chains")
        case ast.Fallthrough():
            raise _refused("fallthrough", span, "use if / else if chains")
        case ast.Goto():
            raise _refused("goto", span, "use for loops with break and continue")
        case ast.Labeled():
            raise _refused("labels", span, "use a flag variable and a plain break")
        case ast.Break(label=ast.Name(id=label)) | ast.Continue(label=ast.Name(id=label)):
            word = "break" if isinstance(node, ast.Break) else "continue"
            raise _refused(f"labelled {word} ({word} {label})", span, f"use a flag variable and a plain {word}")
        case ast.ForRange(value=ast.Name()):
            raise _refused("range with two variables (slices and maps)", span,
                           "range over a channel: for v := range c, or over a constant: for i := range 3")
        case ast.Go(call=ast.MethodCall(receiver=ast.Name(id=receiver), method=method)):
            raise _refused("go with a method call", span, f"wrap it: go func() {{ {receiver}.{method}(...) }}()")
        case ast.Go(call=ast.CallExpr()):
            raise _refused("go with this call", span, "start a helper by name: go f(args), or go func() { ... }()")
        case ast.GoLit() if not isinstance(parent, ast.Go | ast.Defer):
            raise _refused("calls of function literals outside go and defer statements", span,
                           "start a goroutine with go func() { ... }() or declare a helper")
        case ast.Assign(targets=targets) if any(not isinstance(t, ast.Name) for t in targets):
            raise _target(next(t for t in targets if not isinstance(t, ast.Name)))
        case ast.IncDec(target=target) if not isinstance(target, ast.Name):
            raise _target(target)
        case ast.ForRange(var=var) if var is not None and not isinstance(var, ast.Name):
            raise _target(var)
        case ast.CallExpr(spread=True):
            raise _refused("spread arguments (f(xs...))", span, "pass the values one by one")
        case ast.CallExpr(func=ast.Selector() as selector):
            raise _selector(selector, called=True)
        case ast.CallExpr():
            raise _refused("calls of this expression", span, "call a function by name: f(args)")
        case ast.Selector():
            raise _selector(node, called=False)
        case ast.Address(expr=ast.CompositeLit(type=ast.TypeName(name=name))) if name in _SYNC_TYPES:
            var = _LOCAL_NAMES.get(name, "v")
            raise _refused(f"&{name}{{}}", span, f"declare it at package level: var {var} {name}, and write &{var}")
        case ast.Address():
            raise _refused("the address of an expression that is not a variable", span,
                           "take the address of a package-level variable: &x")
        case ast.CompositeLit(type=ast.TypeName(name=name)) if name in _SYNC_TYPES:
            var = _LOCAL_NAMES.get(name, "v")
            raise _refused(f"{name}{{}} (a composite literal)", span, f"declare it at package level: var {var} {name}")
        case ast.CompositeLit():
            raise _refused("composite literals (structs, arrays, slices and maps)", span,
                           "use one package-level variable per value")
        case ast.Deref():
            raise _refused("pointers (*p)", span, "share the value through a package-level var")
        case ast.Index():
            raise _refused("indexing (arrays, slices and maps)", span, "use separate variables")
        case ast.Call(func=func) | ast.Name(id=func) if "." in func and not func.startswith(_KNOWN_PACKAGES):
            package = func.partition(".")[0]
            hint = _PACKAGE_HINTS.get(package, "litmus knows sync, sync/atomic, runtime.Gosched and time.Sleep")
            raise _refused(func, span, hint)


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
