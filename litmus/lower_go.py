"""The Go front end's part of the lowering: what `.go` programs need beyond `.lit`.

`Lowerer` (litmus/lower.py) mixes `GoLowering` in. Here:
- printing: fmt.Print/Println/Printf (and Fprint* to os.Stdout / os.Stderr),
  fmt.Sprint/Sprintln/Sprintf of constants, log.Print*/Fatal*, and the builtin
  print/println, each turned into `ir.Print` pieces on its stream (STDOUT for
  fmt, STDERR for log and the builtins in a .go file; a goroutine's own G.out in
  a .lit file); fmt.Print's "spaces between operands when neither is a string"
  is decided from the static types;
- which locals a function literal captures (`captured_names`): those become
  shared variables, so that a goroutine running the literal reads and writes
  the same memory as its parent;
- the Go language version of a file, from the nearest go.mod (`go_version`):
  per-iteration loop variables from Go 1.22 on.
"""

from __future__ import annotations

import re
from pathlib import Path

from litmus import program as ir
from litmus.errors import Diagnostic, NotSupportedError, Span
from litmus.syntax import ast
from litmus.values import format_piece

PRINT_FUNCS = {  # name -> (separator rule, newline, formatted)
    "Print": ("print", False, False), "Println": ("println", True, False), "Printf": ("", False, True),
}
FMT_STREAMS = {"os.Stdout": ir.STDOUT, "os.Stderr": ir.STDERR}
LOG_FATAL = {"log.Fatal": "Print", "log.Fatalln": "Println", "log.Fatalf": "Printf"}
FMT_VALUE_FUNCS = {"fmt.Sprint": "Print", "fmt.Sprintln": "Println", "fmt.Sprintf": "Printf"}
LOOPVAR_VERSION = (1, 22)  # Go 1.22: each iteration of a loop has its own variables


def not_supported(what: str, span: Span, hint: str) -> NotSupportedError:
    verb = "are" if what.endswith("s") and not what.endswith("ss") else "is"
    return NotSupportedError(Diagnostic(f"{what} {verb} not supported yet", span, hint, "not-supported"))


def go_version(filename: str | None) -> tuple[int, int] | None:
    """The `go` line of the go.mod nearest the file (as the go command finds it:
    the file's directory, then its parents), or None without one."""
    if not filename or not filename.endswith(".go"):
        return None
    try:
        directory = Path(filename).resolve().parent
    except OSError:
        return None
    for d in (directory, *directory.parents):
        mod = d / "go.mod"
        try:
            if not mod.is_file():
                continue
            text = mod.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        m = re.search(r"^\s*go\s+(\d+)\.(\d+)", text, re.M)
        return (int(m.group(1)), int(m.group(2))) if m else (1, 16)  # go.mod without a go line: 1.16
    return None


def captured_names(node) -> frozenset[str]:
    """The names some function literal under `node` uses without declaring them
    (conservatively: a literal's own declarations are subtracted wherever they are),
    and the names whose address is taken (`&x`: a pointer may take x to another
    goroutine, lower_data.py)."""
    out: set[str] = set()

    def visit(n, in_lit: bool) -> None:
        if isinstance(n, tuple):
            for c in n:
                visit(c, in_lit)
            return
        if not hasattr(n, "__dataclass_fields__"):
            return
        if isinstance(n, ast.AddrOf):
            out.add(n.name.id)
        if isinstance(n, ast.FuncLit):
            used: set[str] = set()
            declared = {p.name for p in n.params}
            collect(n.body, used, declared)
            out.update(used - declared)
            visit(n.body, True)
            return
        for f in n.__dataclass_fields__:
            if f != "span":
                visit(getattr(n, f), in_lit)

    def collect(n, used: set[str], declared: set[str]) -> None:
        if isinstance(n, tuple):
            for c in n:
                collect(c, used, declared)
            return
        if not hasattr(n, "__dataclass_fields__"):
            return
        match n:
            case ast.Name(id):
                used.add(id)
            case ast.Call(func=f):
                used.add(f)
            case ast.MethodCall(receiver=r):
                used.add(r.id)
            case ast.Define(names=names) | ast.VarDecl(names=names):
                declared.update(x.id for x in names)
            case ast.ForRange(var=v, value=w, define=True):
                declared.update(x.id for x in (v, w) if x is not None)
            case ast.FuncLit(params=params):
                declared.update(p.name for p in params)
        for f in n.__dataclass_fields__:
            if f != "span":
                collect(getattr(n, f), used, declared)

    visit(node, False)
    return frozenset(out)


def assigned_names(node) -> frozenset[str]:
    """The names some assignment under `node` targets (`x = ...`, `x++`, `for x = range`),
    in function literals too, and those whose address is taken (`&x`: written through it)."""
    out: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, tuple):
            stack.extend(n)
            continue
        if not hasattr(n, "__dataclass_fields__"):
            continue
        match n:
            case ast.Assign(targets=targets):
                out.update(t.id for t in targets if isinstance(t, ast.Name))
                # m[k] = v updates the map variable m (litmus/lower_maps.py)
                out.update(t.expr.id for t in targets if isinstance(t, ast.Index) and isinstance(t.expr, ast.Name))
            case ast.IncDec(target=ast.Name(id) | ast.Index(expr=ast.Name(id))) | ast.AddrOf(name=ast.Name(id)):
                out.add(id)
            case ast.Call(func="delete", args=(ast.Name(id), *_)):
                out.add(id)
            case ast.ForRange(var=v, value=w, define=False):
                out.update(x.id for x in (v, w) if isinstance(x, ast.Name))
        stack.extend(getattr(n, f) for f in n.__dataclass_fields__ if f != "span")
    return frozenset(out)


class GoLowering:
    """Printing and the Go-only statements, mixed into `lower.Lowerer`."""

    # -------------------------------------------------------------- printing

    def print_call(self, e: ast.Call, scope, g) -> list[ir.Stmt] | None:
        """The statements of a print call, or None if `e` is not one."""
        f = e.func
        go = self.file.go
        if f in ("print", "println"):
            args = tuple(self.expr(a, scope, g) for a in e.args)
            for a in args:
                self.check_default_int(a)
                if go and a.type == "any":
                    raise not_supported(f"{f} of an interface value", a.span,
                                        "Go's builtin prints an interface's two words (type and data "
                                        "pointers): print it with fmt.Println")
                if a.type.startswith("map["):
                    raise not_supported(f"{f} of a map", a.span,
                                        "Go's builtin prints the map's address: print it with fmt.Println")
            self.check_mixing(args, e.span)
            from litmus.lower import builtin_print_pieces
            return [ir.Print(self.join_pieces(builtin_print_pieces(args, f == "println")),
                             ir.STDERR if go else ir.OUT, e.span)]
        package, _, member = f.partition(".")
        args = e.args
        if package == "fmt" and member.startswith("Fprint"):
            stream = FMT_STREAMS.get(args[0].id) if args and isinstance(args[0], ast.Name) else None
            if stream is None:
                raise not_supported(f"{f} to a writer other than os.Stdout and os.Stderr",
                                    args[0].span if args else e.span, "write to os.Stdout or os.Stderr")
            member, args = member[1:].capitalize(), args[1:]
        elif package == "fmt" and member in PRINT_FUNCS:
            stream = ir.STDOUT
        elif package == "log" and member in PRINT_FUNCS:
            stream = ir.STDERR
        elif f in LOG_FATAL:
            stream, member = ir.STDERR, LOG_FATAL[f]
        else:
            return None
        pieces = self.print_pieces(member, args, scope, g, e.span)
        if package == "log":  # log adds the newline a message lacks (litmus prints no timestamp)
            last = pieces[-1] if pieces else ir.Piece("")
            if last.expr is not None and last.expr.type in ("string", "any"):
                raise not_supported("a log message that ends with a string value", e.span,
                                    "end the message with a literal, or use log.Println")
            if last.expr is not None or not last.text.endswith("\n"):
                pieces = self.join_pieces(pieces + (ir.Piece("\n"),))
        out: list[ir.Stmt] = [ir.Print(pieces, stream if go else ir.OUT, e.span)]
        if f in LOG_FATAL:
            if not go:
                raise self.go_only(f, e.span)
            out.append(ir.Exit(ir.Const(1, "int", e.span), e.span))
        return out

    def print_pieces(self, member: str, args, scope, g, span: Span) -> tuple[ir.Piece, ...]:
        """The pieces of fmt's Print, Println or Printf of `args` (literal text
        joined, constants formatted now)."""
        sep, newline, formatted = PRINT_FUNCS[member]
        if formatted:
            if not args:
                raise self.error(f"{member} needs a format string", span, 'write fmt.Printf("%d\\n", x)', "call")
            fmt = self.expr(args[0], scope, g)
            if not (isinstance(fmt, ir.Const) and isinstance(fmt.value, str)):
                raise not_supported("a format that is not a constant string", args[0].span,
                                    'write the format as a literal: fmt.Printf("%d\\n", x)')
            values = self.print_args(args[1:], scope, g, span)
            pieces = self.format_pieces(fmt.value, values, args[0].span)
        else:
            values = self.print_args(args, scope, g, span)
            pieces = []
            for i, v in enumerate(values):
                if i and (sep == "println" or (v.type != "string" and values[i - 1].type != "string")):
                    if sep == "print" and "any" in (v.type, values[i - 1].type):
                        raise not_supported("fmt.Print of an interface value next to another operand", v.span,
                                            "fmt.Print puts spaces by the values' dynamic types: use "
                                            "fmt.Println or fmt.Printf")
                    pieces.append(ir.Piece(" "))
                pieces.append(ir.Piece(expr=v, verb="%v"))
            if newline:
                pieces.append(ir.Piece("\n"))
        return self.join_pieces(pieces)

    def print_args(self, args, scope, g, span: Span) -> list[ir.Expr]:
        if len(args) == 1 and self.result_count(args[0], scope) > 1:  # fmt.Println(f()): f's results, in order
            results = self.call_value(args[0], scope, g)
            values = [ir.Local(r.id, r.type, args[0].span) for r in results]
            self.check_mixing(values, span)
            return values
        values = []
        for a in args:
            v = self.expr(a, scope, g)
            if v.type == "untyped nil":
                v = ir.Const(None, "any", v.span)
            elif v.type == "":
                raise self.error("this call has no value", a.span, "call it as a statement", "no-value")
            elif isinstance(v, ir.Const) and v.type.startswith("untyped"):
                from litmus.lower import default_type
                v = self.assignable(v, default_type(v.type), a.span)
            values.append(v)
        self.check_mixing(values, span)
        return values

    def format_pieces(self, fmt: str, values: list[ir.Expr], span: Span) -> list[ir.Piece]:
        """fmt's Printf: literal text, `%%`, and one verb per value (Go's texts for a
        missing or extra operand)."""
        pieces: list[ir.Piece] = []
        i, k = 0, 0
        verb = re.compile(r"%([-+# 0]*)(\d*|\*)(?:\.(\d*|\*))?(.?)", re.S)
        while i < len(fmt):
            j = fmt.find("%", i)
            if j < 0:
                pieces.append(ir.Piece(fmt[i:]))
                break
            pieces.append(ir.Piece(fmt[i:j]))
            m = verb.match(fmt, j)
            i = m.end()
            flags, width, prec, letter = m.groups()
            if "*" in (width, prec):
                raise not_supported("a * width or precision in a format", span, "write the width as a number: %5d")
            if letter == "%" and not (flags or width or prec is not None):
                pieces.append(ir.Piece("%"))
                continue
            if letter == "":
                pieces.append(ir.Piece("%!(NOVERB)"))
                continue
            text = fmt[j:i]
            if k >= len(values):
                pieces.append(ir.Piece(f"%!{letter}(MISSING)"))
                continue
            v = values[k]
            k += 1
            if letter == "T":
                if v.type == "any":
                    raise not_supported("%T of an interface value", v.span, "print the value with %v")
                pieces.append(ir.Piece(v.type))
                continue
            pieces.append(ir.Piece(expr=v, verb=text))
        if k < len(values):
            extra = values[k:]
            if any(v.type == "any" for v in extra):
                raise not_supported("an extra interface operand of Printf", extra[0].span, "give each operand a verb")
            pieces.append(ir.Piece("%!(EXTRA "))
            for n, v in enumerate(extra):
                pieces.append(ir.Piece((", " if n else "") + f"{v.type}="))
                pieces.append(ir.Piece(expr=v, verb="%v"))
            pieces.append(ir.Piece(")"))
        return pieces

    @staticmethod
    def join_pieces(pieces) -> tuple[ir.Piece, ...]:
        """Constants formatted now, adjacent literal texts joined, empty ones dropped."""
        out: list[ir.Piece] = []
        for p in pieces:
            if isinstance(p.expr, ir.Const):
                p = ir.Piece(format_piece(p.expr.value, p.expr.type, p.verb))
            if p.expr is None and out and out[-1].expr is None:
                out[-1] = ir.Piece(out[-1].text + p.text)
            elif p.expr is not None or p.text:
                out.append(p)
        return tuple(out)

    def sprint_value(self, e: ast.Call, scope, g) -> ir.Expr:
        """fmt.Sprint/Sprintln/Sprintf: a string, computed now (its operands must be constants)."""
        pieces = self.print_pieces(FMT_VALUE_FUNCS[e.func], e.args, scope, g, e.span)
        if any(p.expr is not None for p in pieces):
            first = next(p.expr for p in pieces if p.expr is not None)
            raise not_supported(f"{e.func} of a non-constant value", first.span,
                                f"print it directly: fmt.{FMT_VALUE_FUNCS[e.func]}(...) with the same operands")
        return ir.Const("".join(p.text for p in pieces), "string", e.span)

    @staticmethod
    def error(message: str, span: Span, hint: str = "", code: str = "semantic"):
        from litmus.lower import error
        return error(message, span, hint, code)

    def go_only(self, what: str, span: Span):
        return self.error(f"{what} is only in .go programs", span,
                          "a .lit test ends when all its goroutines do; write a .go file for os.Exit and log.Fatal",
                          "go-only")
