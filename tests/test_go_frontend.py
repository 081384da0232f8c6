"""The Go front end (issue 9): Go syntax parses, `.go` files are read with their
questions in `// litmus:` comments and lowered as Go programs (Program.go), and every
construct the checker does not implement is refused with "not supported yet" (exit 2)
and a position, never answered under semantics that differ from Go's."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from litmus import program as ir
from litmus.api import load
from litmus.cli import find_tests, run
from litmus.errors import LitmusError, LitmusSyntaxError, NotSupportedError
from litmus.syntax import ast
from litmus.syntax.ast import (Assign, Block, Break, Call, CallExpr, CompositeLit, Continue, Defer, Define,
                               ExprStmt, FuncDecl, FuncLit, Go, GoLit, Import, IntLit, KeyedElement, Labeled,
                               MethodCall, Name, Param, Selector, StrLit, Switch, SwitchCase, TypeDecl, TypeName)
from litmus.syntax.parser import parse

PROGRAMS = Path(__file__).parent / "go_programs"
GO_FILES = sorted(PROGRAMS.glob("*/main.go"))
INT = TypeName("int")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def func(source: str) -> FuncDecl:
    return parse(source).decls[-1]


def body(stmts: str) -> tuple:
    return func("func main() {\n" + stmts + "\n}\n").body.stmts


def refusal(source: str, filename: str = "t.lit"):
    with pytest.raises(NotSupportedError) as info:
        load(source, filename)
    return info.value


# ---------------------------------------------------------------- real programs


def test_the_programs_are_there():
    assert len(GO_FILES) >= 8


@pytest.mark.parametrize("path", GO_FILES, ids=lambda p: p.parent.name)
def test_a_real_go_program_parses_into_an_ast(path):
    file = parse(path.read_text(), str(path))
    assert file.go and file.package == Name("main")
    assert any(isinstance(d, FuncDecl) and d.name.id == "main" for d in file.decls)
    assert file.condition is not None or file.expects or file.locations, "each has its question in comments"


# What each program still needs (slices); the rest is lowered.
REFUSED = {"mem_limit": "slices",
           "sync_waitgroup": "slices"}


@pytest.mark.parametrize("path", [p for p in GO_FILES if p.parent.name not in REFUSED], ids=lambda p: p.parent.name)
def test_a_real_go_program_is_lowered_as_a_go_program(path):
    test = load(path.read_text(), str(path))
    assert test.program.go
    assert "main" in test.goroutine_names


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_go_program_with_what_the_next_issue_adds_is_refused_with_a_position(name):
    path = PROGRAMS / name / "main.go"
    code, out, err = cli("check", str(path))
    assert code == 2 and out == ""
    first = err.splitlines()[0]
    assert first.startswith(f"{path}:") and f"error: {REFUSED[name]}" in first and "not supported yet" in first, err
    line, column = first.split(":")[1:3]
    assert int(line) > 0 and int(column) > 0
    assert "^" in err and "hint: " in err and "Traceback" not in err


def test_a_directory_yields_its_go_files(tmp_path):
    assert set(GO_FILES) <= set(find_tests([str(PROGRAMS)], io.StringIO()))
    (tmp_path / "a.lit").write_text("")
    (tmp_path / "b.go").write_text("")
    (tmp_path / "notes.txt").write_text("")
    assert [p.name for p in find_tests([str(tmp_path)], io.StringIO())] == ["a.lit", "b.go"]


def test_checking_the_directory_refuses_only_what_is_not_supported():
    code, out, err = cli("check", "--unroll", "1", str(PROGRAMS / "mem_channel"), str(PROGRAMS / "mem_limit"))
    assert code == 2
    assert sum("not supported yet" in line for line in err.splitlines()) == 1
    assert out.startswith("Test main")


def _go_env(tmp_path):
    return {**os.environ, "GOCACHE": str(tmp_path / "cache"), "GOPATH": str(tmp_path / "gopath"),
            "GOPROXY": "off", "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local", "CGO_ENABLED": "0"}


@pytest.mark.skipif(shutil.which("go") is None, reason="go is not on PATH")
@pytest.mark.parametrize("command", [["build", "-o", os.devnull, "./..."], ["vet", "./..."]])
def test_every_go_program_builds(command, tmp_path):
    """The point of `// litmus:` comments: the test file is a Go program as it is."""
    result = subprocess.run(["go", *command], cwd=PROGRAMS, env=_go_env(tmp_path),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- questions in comments


GO_MP = """package main

var x int

func main() {
	x = 1
}

// litmus: locations [x]
// litmus: exists (x == 1 &&
//   litmus:   x != 2)
// litmus: expect sometimes
"""


def test_the_question_is_read_from_litmus_comments():
    file = parse(GO_MP, "mp.go")
    assert [str(o) for o in file.locations] == ["x"]
    assert file.condition.kind == "exists" and file.condition.text == "x == 1 && x != 2"
    assert [e.claim for e in file.expects] == ["sometimes"]
    assert file.condition.span.line == 10 and file.expects[0].span.line == 12


def test_a_lit_file_does_not_read_comments():
    file = parse(GO_MP, "mp.lit")
    assert not file.go and file.condition is None and not file.expects


def test_an_error_in_a_question_comment_points_into_the_comment():
    source = GO_MP.replace("expect sometimes", "expect sometims")
    with pytest.raises(LitmusSyntaxError) as info:
        parse(source, "mp.go")
    d = info.value.diagnostics[0]
    assert (d.span.line, d.span.column) == (12, 19)
    text = info.value.render()
    assert text.startswith("mp.go:12:19: error: unknown expectation") and "// litmus: expect sometims" in text


def test_a_question_outside_comments_is_refused_in_a_go_file():
    with pytest.raises(LitmusSyntaxError) as info:
        parse("package main\n\nfunc main() {\n}\n\nexists (x == 1)\n", "t.go")
    assert info.value.diagnostics[0].span.line == 6 and "// litmus:" in info.value.diagnostics[0].hint


def test_a_litmus_comment_holds_only_a_question():
    with pytest.raises(LitmusSyntaxError) as info:
        parse("package main\n\n// litmus: var y int\nfunc main() {\n}\n", "t.go")
    assert info.value.diagnostics[0].span.line == 3


def test_a_go_file_without_main_or_in_another_package_is_refused():
    assert "without func main" in str(refusal("package main\n\nvar x int\n", "t.go"))
    assert "package sync_test" in str(refusal("package sync_test\n\nfunc main() {\n}\n", "t.go"))


# ---------------------------------------------------------------- Go syntax into the AST


def test_imports_single_grouped_aliased():
    file = parse('package main\n\nimport "fmt"\nimport (\n\t"sync"\n\tat "sync/atomic"\n\t_ "os"\n\t. "time"\n)\n')
    assert file.imports == (Import("fmt"), Import("sync"), Import("sync/atomic", "at"), Import("os", "_"),
                            Import("time", "."))


@pytest.mark.parametrize("source, params, results, names", [
    ("func f() int { return 1 }", (), (INT,), ()),
    ("func f() (int, bool) { return 1, true }", (), (INT, TypeName("bool")), ()),
    ("func f() (n int, ok bool) { return }", (), (INT, TypeName("bool")), ("n", "ok")),
    ("func f(a, b int, s string) {}", (Param("a", INT), Param("b", INT), Param("s", TypeName("string"))), (), ()),
    ("func f(int, string) {}", (Param("", INT), Param("", TypeName("string"))), (), ()),
    ("func f(nums ...int) {}", (Param("nums", INT, variadic=True),), (), ()),
    ("func f(w func()) {}", (Param("w", TypeName("func()")),), (), ()),
    ("func f(ch chan<- int, in <-chan int) {}",
     (Param("ch", TypeName("chan<-", INT)), Param("in", TypeName("<-chan", INT))), (), ()),
    ("func f(c chan <-chan int) {}", (Param("c", TypeName("chan<-", TypeName("chan", INT))),), (), ()),
    ("func f(wg *sync.WaitGroup) {}", (Param("wg", TypeName("*sync.WaitGroup")),), (), ()),
    ("func gen(nums ...int) <-chan int { return nil }", (Param("nums", INT, variadic=True),),
     (TypeName("<-chan", INT),), ()),
])
def test_signatures(source, params, results, names):
    f = func(source)
    assert (f.params, f.results, f.result_names) == (params, results, names)


def test_mixed_named_and_unnamed_parameters_is_a_syntax_error():
    with pytest.raises(LitmusSyntaxError, match="mixed named and unnamed"):
        parse("func f(a int, string) {}")


def test_methods_and_generics():
    method = func("func (c *counter) inc(n int) {}")
    assert method.receiver == Param("c", TypeName("*counter")) and method.name == Name("inc")
    assert func("func (httpPkg) Get(url string) {}").receiver == Param("", TypeName("httpPkg"))
    generic = func("func Map[T any, U comparable](x T) U { return x }")
    assert [p.name for p in generic.type_params] == ["T", "U"]


def test_type_declarations():
    file = parse("type T struct {\n\ta, b int\n\tmu sync.Mutex\n}\ntype (\n\tA = int\n\tF func(int) bool\n)\n")
    fields = (ast.Field("a", INT), ast.Field("b", INT), ast.Field("mu", TypeName("sync.Mutex")))
    assert file.types == (TypeDecl(Name("T"), TypeName("struct{a, b int; mu sync.Mutex}", fields=fields)),
                          TypeDecl(Name("A"), INT, alias=True), TypeDecl(Name("F"), TypeName("func(int) bool")))


def test_struct_and_array_types_keep_their_parts():
    file = parse("type T struct {\n\tsync.Mutex\n\t*U\n\tin struct{ z int }\n}\nvar a [N]T\n")
    mutex, u, inner = file.types[0].type.fields
    assert (mutex.name, mutex.type.name, mutex.embedded) == ("Mutex", "sync.Mutex", True)
    assert (u.name, u.type.name, u.embedded) == ("U", "*U", True)
    assert inner.type.fields == (ast.Field("z", INT),) and not inner.embedded
    (decl,) = file.decls
    assert (decl.type.name, decl.type.length, decl.type.elem) == ("[N]T", "N", TypeName("T"))


def test_function_literals_are_values():
    (define,) = body("f := func(a int) bool { return true }")
    assert isinstance(define, Define) and isinstance(define.values[0], FuncLit)
    assert define.values[0].results == (Param("", TypeName("bool")),)


def test_switch_forms():
    tag, bare, init = body("switch x {\ncase 1, 2:\n\tfallthrough\ndefault:\n}\n"
                           "switch {\ncase x > 1:\n}\n"
                           "switch y := f(); y {\n}")
    assert tag == Switch(None, Name("x"), (SwitchCase((IntLit(1), IntLit(2)), (ast.Fallthrough(),)),
                                             SwitchCase(None, ())))
    assert bare.tag is None and bare.cases[0].exprs[0].op == ">"
    assert isinstance(init.init, Define) and init.tag == Name("y")


def test_defer_labels_goto():
    defer, labeled, goto = body("defer mu.Unlock()\nouter:\n\tfor {\n\t\tbreak outer\n\t\tcontinue outer\n\t}\n"
                                "goto outer")
    assert defer == Defer(MethodCall(Name("mu"), "Unlock"))
    assert isinstance(labeled, Labeled) and labeled.label == Name("outer")
    assert labeled.stmt.body.stmts == (Break(label=Name("outer")), Continue(label=Name("outer")))
    assert goto == ast.Goto(Name("outer"))


def test_range_forms():
    over_int, bare, two = body("for i := range 10 {\n}\nfor range 3 {\n}\nfor i, v := range xs {\n}")
    assert (over_int.var, over_int.chan, over_int.value) == (Name("i"), IntLit(10), None)
    assert (bare.var, bare.chan) == (None, IntLit(3))
    assert (two.var, two.value, two.chan) == (Name("i"), Name("v"), Name("xs"))


def test_composite_literals_and_selectors():
    mu, ptr, lit, chain, call, assertion = body(
        "mu := sync.Mutex{}\nc := sync.NewCond(&sync.Mutex{})\nt := T{a: 1, b: []int{1, 2}}\n"
        "cond.L.Lock()\nfmt.Println(\"x\", 1)\nv := x.(bool)")
    assert mu.values == (CompositeLit(TypeName("sync.Mutex")),)
    assert ptr.values == (Call("sync.NewCond", (ast.Address(CompositeLit(TypeName("sync.Mutex"))),)),)
    assert lit.values == (CompositeLit(TypeName("T"), (
        KeyedElement(Name("a"), IntLit(1)),
        KeyedElement(Name("b"), CompositeLit(TypeName("[]int"), (IntLit(1), IntLit(2)))))),)
    assert chain == ExprStmt(CallExpr(Selector(Selector(Name("cond"), "L"), "Lock")))
    assert call == ExprStmt(Call("fmt.Println", (StrLit("x"), IntLit(1))))
    assert assertion.values == (ast.TypeAssert(Name("x"), TypeName("bool")),)


def test_a_brace_after_a_name_is_a_block_in_headers_and_signatures():
    if_stmt, for_stmt = body("if x {\n}\nfor v := range c {\n}")
    assert if_stmt.then == Block(()) and for_stmt.body == Block(())
    assert func("func f() T {\n}").body == Block(())
    assert func("func f() func() {\n}").body == Block(())
    (define,) = body("work := []func(){\n\tfunc() { a() },\n}")
    assert define.values[0].type == TypeName("[]func()") and len(define.values[0].elems) == 1
    (empty,) = body("done := make(chan struct{})")
    assert empty.values[0].type_arg == TypeName("chan", TypeName("struct{}"))


def test_go_anywhere():
    in_loop, spread, lit = body("for i := 0; i < 3; i++ {\n\tgo f(i)\n}\ngo g(xs...)\ngo func() {\n}()")
    assert in_loop.body.stmts == (Go(Call("f", (Name("i"),))),)
    assert spread == Go(CallExpr(Name("g"), (Name("xs"),), spread=True))
    assert lit == Go(GoLit(FuncLit((), Block(()))))


# ---------------------------------------------------------------- refusals and hints in .lit files


def _lit(stmts: str, decls: str = "") -> str:
    return f'litmus "t"\n{decls}func main() {{\n{stmts}\n}}\n'


@pytest.mark.parametrize("source, message, hint", [
    # the wrong hints of issue 9
    (_lit("    var wg sync.WaitGroup\n    wg.Wait()"), "a local sync.WaitGroup is not supported yet",
     "declare it at package level: var wg sync.WaitGroup"),
    (_lit('    log.Println("x")'), "log.Println in a .lit test is not supported yet", "fmt.Println or println"),
    (_lit('    fmt.Errorf("x")'), "fmt.Errorf is not supported yet", "fmt.Println"),
    (_lit('    t := time.After(1)'), "time.After in a .lit test is not supported yet", "use a channel"),
    (_lit('    ctx := context.Background()'), "context.Background in a .lit test is not supported yet",
     "close(done)"),
    (_lit("", "func run(w func()) {\n}\n"), "function types (func()) are not supported yet", "helper by name"),
    (_lit("", "func sum(nums ...int) {\n}\n"), "variadic parameters (...int) are not supported yet",
     "separate parameters"),
    (_lit("", "func send(ch chan<- int) {\n}\n"), "directional channel types (chan<- int) are not supported yet",
     "make(chan int)"),
    (_lit("    c := sync.NewCond(&sync.Mutex{})"), "&sync.Mutex{} is not supported yet",
     "declare it at package level: var mu sync.Mutex"),
    (_lit("    cond.L.Lock()", "var mu sync.Mutex\nvar cond = sync.NewCond(&mu)\n"),
     "cond.L (the Locker of a sync.Cond) is not supported yet", "mu.Lock()"),
    (_lit("    mu := sync.Mutex{}"), "sync.Mutex{} (a composite literal) is not supported yet",
     "declare it at package level: var mu sync.Mutex"),
    # generics, unsafe, reflect, cgo
    (_lit("", "func F[T any](x T) {\n}\n"), "generic functions (type parameters) are not supported yet", ""),
    ('litmus "t"\nimport "unsafe"\nfunc main() {\n}\n', "package unsafe is not supported yet", ""),
    ('litmus "t"\nimport "reflect"\nfunc main() {\n}\n', "reflection (package reflect) is not supported yet", ""),
    ('litmus "t"\nimport "C"\nfunc main() {\n}\n', 'cgo (import "C") is not supported yet', ""),
    # the rest of the new syntax
    (_lit("    goto L"), "goto is not supported yet", "for loops"),
    (_lit("    type T int"), "local type declarations are not supported yet", "package level"),
    (_lit("", "type T int\n"), "type declarations other than structs (type T int) are not supported yet",
     "struct"),
    (_lit("", "func (t T) M() {\n}\n"), "methods of types that are not structs (T) are not supported yet", "struct type"),
    (_lit("    f := func() {\n    }"), "function values are not supported yet", "helper"),
    (_lit("    for i, v := range c {\n    }", "var c = make(chan int)\n"),
     "range with two variables (slices and maps) are not supported yet", ""),
    (_lit("    x.f = 1", "var y int\n"), "struct fields (x.f) are not supported yet", ""),
    (_lit("    os.Exit(1)"), "os.Exit in a .lit test is not supported yet", "return from main"),
])
def test_refused_with_a_useful_hint(source, message, hint):
    error = refusal(source)
    text = error.render()
    assert f"error: {message}" in text.splitlines()[0], text
    assert hint in error.diagnostics[0].hint
    assert "^" in text.splitlines()[2]


def test_the_refusal_points_at_the_construct():
    error = refusal(_lit("    x := 1\n    goto end\nend:\n    println(x)"))
    d = error.diagnostics[0]
    assert (d.span.line, d.span.column) == (4, 5)


# ---------------------------------------------------------------- for range N in .lit files


RANGE = _lit("    for i := range 3 {\n        go func(v int) {\n            x = v\n        }(i)\n    }\n"
             "    for range 2 {\n        println(\"a\")\n    }", "var x int\n") + "locations [x; main.out]\n"


def test_for_range_over_a_constant_is_the_counted_loop(tmp_path):
    """Go 1.22: `for i := range N` takes i = 0..N-1; answered like the three-clause loop."""
    counted = (RANGE.replace("for i := range 3 {", "for i := 0; i < 3; i++ {")
               .replace("for range 2 {", "for j := 0; j < 2; j++ {"))
    assert RANGE != counted
    code, out, err = cli("check", _write(tmp_path, RANGE, "r.lit"))
    code2, out2, _ = cli("check", _write(tmp_path, counted, "c.lit"))
    assert code == code2 == 0, err
    outcomes = [line for line in out.splitlines() if line.startswith("  x=")]
    assert outcomes == [line for line in out2.splitlines() if line.startswith("  x=")]
    assert len(outcomes) == 3 and all('main.out="a\\na\\n"' in line for line in outcomes)


def test_assigning_the_range_variable_does_not_change_the_iterations(tmp_path):
    source = _lit("    for i := range 2 {\n        println(i)\n        i = 5\n    }") + "locations [main.out]\n"
    code, out, err = cli("check", _write(tmp_path, source, "a.lit"))
    assert code == 0, err
    assert 'main.out="0\\n1\\n"' in out


def test_for_range_over_a_variable_is_a_loop_and_over_a_bool_is_refused_clearly():
    """`for range n` with n known at run time is `for i := 0; i < n; i++` (lower.range_as_for)."""
    test = load(_lit("    n := 3\n    for range n {\n    }"), "t.lit")
    assert any(isinstance(x, ir.Loop) for x in ir.walk(test.program.goroutines))
    error = refusal(_lit("    b := true\n    for range b {\n    }"))
    assert "neither a channel nor a constant int is not supported yet" in str(error)
    assert "a channel operation needs a channel variable" not in str(error)


def _write(directory: Path, text: str, name: str) -> str:
    path = directory / name
    path.write_text(text)
    return str(path)


def test_a_label_before_a_closing_brace():
    """Found by the parser fuzz test: `[_stmt]` leaves no placeholder when absent."""
    assert body("L:") == (Labeled(Name("L"), None),)


@pytest.mark.parametrize("source, message, line, column", [
    ("package main\n\ntype L[T any] struct{}\n", "generic types are not supported yet", 3, 10),
    ("package main\n\nfunc main() {\n\tswitch v := x.(type) {\n\t}\n}\n", "type switches are not supported yet", 4, 17),
])
def test_go_outside_the_grammar_is_named(source, message, line, column):
    with pytest.raises(LitmusSyntaxError) as info:
        parse(source, "t.go")
    d = info.value.diagnostics[0]
    assert (d.message, d.code, d.span.line, d.span.column) == (message, "not-supported", line, column)


# ---------------------------------------------------------------- the wrong hints of issue 9, in .go files


def _go(stmts: str, decls: str = "") -> str:
    return (f'package main\n\nimport (\n\t"fmt"\n\t"log"\n\t"sync"\n)\n\n{decls}\nfunc main() {{\n{stmts}\n}}\n')


@pytest.mark.parametrize("source", [
    _go("\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo func() {\n\t\twg.Done()\n\t}()\n\twg.Wait()"),  # "unknown type ..., use int"
    _go('\tlog.Println("x")'),  # "declare it at package level: var log int"
    _go('\tfmt.Println("x")'),  # never mentioned println
    _go("\trun(func() {\n\t\tfmt.Println(1)\n\t})", "func run(w func()) {\n\tw()\n}\n"),  # generic parse errors:
    _go("\tsum(1, 2, 3)", "func sum(nums ...int) {\n\tfor _, n := range nums {\n\t\tfmt.Println(n)\n\t}\n}\n"),
    _go("\tc := make(chan int, 1)\n\tsend(c)\n\tfmt.Println(<-c)", "func send(ch chan<- int) {\n\tch <- 1\n}\n"),
    _go("\tmu := &sync.Mutex{}\n\tmu.Lock()\n\tmu.Unlock()"),
    _go("\tcond := sync.NewCond(&sync.Mutex{})\n\tcond.L.Lock()\n\tcond.L.Unlock()"),
    _go('\tfor range 3 {\n\t\tfmt.Println("x")\n\t}'),  # "a channel operation needs a channel variable"
], ids=["local-waitgroup", "log", "fmt", "func-param", "variadic", "send-only", "addr-mutex", "cond-L", "range-3"])
def test_what_got_a_wrong_hint_is_accepted_in_a_go_file(source):
    assert load(source, "main.go").program.go


def test_a_local_object_in_a_lit_file_still_gets_the_package_level_hint():
    error = refusal(_lit("    var wg sync.WaitGroup\n    wg.Wait()"))
    assert "unknown type" not in str(error) and "declare it at package level" in error.diagnostics[0].hint


def test_an_unknown_package_member_names_what_litmus_knows():
    error = refusal(_go('\tx := strings.ToUpper("a")\n\tfmt.Println(x)'), "main.go")
    assert "strings.ToUpper is not supported yet" in str(error)
    assert "fmt's Print" in error.diagnostics[0].hint
