"""The IR the lowering makes for .go programs (issue 9): printing, objects and
captured locals declared in functions, parameters bound statically, results,
variadic parameters, function values, switch, labels, wg.Go, os.Exit, and the
go.mod language version."""

import pytest

from litmus import program as ir
from litmus.api import load
from litmus.errors import LitmusError, NotSupportedError
from litmus.program import VarKind
from litmus.values import Boxed, format_piece


def go(body: str, decls: str = "", question: str = "") -> ir.Program:
    return load(gosrc(body, decls, question), "t.go").program


def gosrc(body: str, decls: str = "", question: str = "") -> str:
    imports = 'import (\n\t"fmt"\n\t"log"\n\t"os"\n\t"sync"\n\t"sync/atomic"\n)\n'
    return f"package main\n\n{imports}\n{decls}\nfunc main() {{\n{body}\n}}\n{question}"


def refused(body: str, decls: str = "", filename: str = "t.go") -> LitmusError:
    with pytest.raises(LitmusError) as info:
        load(gosrc(body, decls) if filename.endswith(".go") else body, filename)
    return info.value


def main(p: ir.Program) -> ir.Goroutine:
    return next(g for g in p.goroutines if g.name == "main")


def nodes(p: ir.Program, cls) -> list:
    return [n for g in p.all_goroutines() for n in ir.walk(g.body, children=False) if isinstance(n, cls)]


def texts(pieces) -> list:
    return [p.text if p.expr is None else (p.verb, p.expr) for p in pieces]


# ---------------------------------------------------------------- printing


def test_println_joins_constants_and_keeps_values_with_their_verb():
    p = go('\tvar x int\n\tx = 1\n\tfmt.Println("a", 1, x, true)')
    (pr,) = nodes(p, ir.Print)
    assert pr.stream == ir.STDOUT
    assert texts(pr.pieces)[0] == "a 1 "
    assert pr.pieces[1].verb == "%v" and isinstance(pr.pieces[1].expr, ir.Local)
    assert texts(pr.pieces)[2:] == [" true\n"]


def test_print_puts_spaces_only_between_operands_that_are_not_strings():
    (pr,) = nodes(go('\tfmt.Print(1, 2, "a", 3, "b", "c")'), ir.Print)
    assert texts(pr.pieces) == ["1 2a3bc"]


def test_printf_verbs_widths_flags_and_go_texts_for_missing_and_extra_operands():
    (pr,) = nodes(go('\tvar x int\n\tx = 255\n\tfmt.Printf("%d|%-4s|%%|%#x|%05d|%q\\n", x, "ab", x, -42, "q")'), ir.Print)
    assert texts(pr.pieces)[0] == ("%d", ir.Local(pr.pieces[0].expr.id, "int"))
    assert texts(pr.pieces)[1] == "|ab  |%|"
    assert pr.pieces[2].verb == "%#x"
    assert texts(pr.pieces)[3] == '|-0042|"q"\n'
    (missing,) = nodes(go('\tfmt.Printf("%d %s\\n", 1)'), ir.Print)
    assert texts(missing.pieces) == ["1 %!s(MISSING)\n"]
    (extra,) = nodes(go('\tfmt.Printf("x", 1, "a")'), ir.Print)
    assert texts(extra.pieces) == ['x%!(EXTRA int=1, string=a)']


def test_sprintf_of_constants_is_a_constant_and_of_a_value_not_supported_yet():
    p = go('\ts := fmt.Sprintf("%d-%s", 7, "x")\n\tfmt.Println(s)')
    (set_s,) = [n for n in nodes(p, ir.SetLocals) if n.targets[0] and n.targets[0].id.startswith("s@")]
    assert set_s.values == (ir.Const("7-x", "string"),)
    error = refused('\tvar x int\n\tx = 1\n\ts := fmt.Sprint(x)\n\tfmt.Println(s)')
    assert "fmt.Sprint of a non-constant value is not supported yet" in str(error)
    assert "print it directly" in error.diagnostics[0].hint


def test_log_and_the_builtins_write_standard_error_and_log_fatal_exits_1():
    p = go('\tlog.Println("a", 1)\n\tlog.Printf("n=%d", 2)\n\tprintln("b")\n\tlog.Fatal("bye")')
    prints = nodes(p, ir.Print)
    assert [pr.stream for pr in prints] == [ir.STDERR] * 4
    assert [texts(pr.pieces) for pr in prints] == [["a 1\n"], ["n=2\n"], ["b\n"], ["bye\n"]]
    (exit_,) = nodes(p, ir.Exit)
    assert exit_.code == ir.Const(1, "int")


def test_fprintln_to_os_stderr_and_stdout():
    p = go('\tfmt.Fprintln(os.Stderr, "e")\n\tfmt.Fprint(os.Stdout, "o")')
    assert [(pr.stream, texts(pr.pieces)) for pr in nodes(p, ir.Print)] == [(ir.STDERR, ["e\n"]),
                                                                               (ir.STDOUT, ["o"])]


def test_builtin_println_of_an_interface_value_is_not_supported_in_a_go_file():
    error = refused("\tvar v atomic.Value\n\tv.Store(1)\n\tprintln(v.Load())")
    assert "println of an interface value is not supported yet" in str(error)
    assert "fmt.Println" in error.diagnostics[0].hint


def test_fmt_in_a_lit_file_prints_to_the_goroutines_own_output():
    test = load('litmus "t"\nfunc main() {\n    fmt.Println("hi", 2)\n}\n', "t.lit")
    (pr,) = nodes(test.program, ir.Print)
    assert pr.stream == ir.OUT and texts(pr.pieces) == ["hi 2\n"]
    assert not test.program.go


def test_os_exit_is_an_exit_and_the_program_is_a_go_program():
    p = go("\tos.Exit(3)")
    assert p.go and nodes(p, ir.Exit) == [ir.Exit(ir.Const(3, "int"))]


@pytest.mark.parametrize("value, typ, verb, text", [
    (5, "int", "%v", "5"), (-5, "int", "%05d", "-0005"), (5, "int", "%+d", "+5"), (5, "int", "% d", " 5"),
    (255, "int", "%x", "ff"), (255, "int", "%#X", "0XFF"), (5, "int", "%b", "101"), (8, "int", "%o", "10"),
    (65, "int", "%c", "A"), (65, "int", "%q", "'A'"), (10, "int", "%q", "'\\n'"), (7, "int", "%-3d", "7  "),
    ("hi", "string", "%q", '"hi"'), ("hi", "string", "%5s", "   hi"), ("hi", "string", "%x", "6869"),
    ("hello", "string", "%.2s", "he"), (True, "bool", "%t", "true"), (False, "bool", "%v", "false"),
    (None, "any", "%v", "<nil>"), (Boxed("int", 3), "any", "%d", "3"), (Boxed("string", "a"), "any", "%v", "a"),
    ("x", "string", "%d", "%!d(string=x)"), (True, "bool", "%d", "%!d(bool=true)"), (None, "any", "%d", "%!d(<nil>)"),
    (3, "int", "print", "3"),
])
def test_format_piece_is_fmts_formatting(value, typ, verb, text):
    assert format_piece(value, typ, verb) == text


# ---------------------------------------------------------------- objects declared in functions


def test_sync_objects_channels_and_atomics_declared_in_main_are_shared_variables():
    p = go("\tvar wg sync.WaitGroup\n\tmu := sync.Mutex{}\n\tpm := &sync.RWMutex{}\n\tc := make(chan int, 3)\n"
           "\tvar n atomic.Int64\n\tvar v atomic.Value\n\tcond := sync.NewCond(&sync.Mutex{})\n"
           "\twg.Add(1)\n\tmu.Lock()\n\tpm.RLock()\n\tc <- 1\n\tn.Add(1)\n\tv.Store(1)\n\tcond.L.Lock()\n")
    shared = p.shared_by_name
    assert shared["main.wg"].kind is VarKind.WAITGROUP
    assert shared["main.mu"].kind is VarKind.MUTEX and shared["main.pm"].kind is VarKind.RWMUTEX
    assert shared["main.c"].kind is VarKind.CHAN and shared["main.c"].cap == 3
    assert shared["main.n"].kind is VarKind.ATOMIC and shared["main.v"].kind is VarKind.VALUE
    assert shared["main.cond"].kind is VarKind.COND and shared["main.cond"].lock == "main.cond.L"
    calls = [(n.op, n.var) for n in nodes(p, ir.SyncCall)]
    assert ("add", "main.wg") in calls and ("lock", "main.mu") in calls and ("rlock", "main.pm") in calls
    assert ("lock", "main.cond.L") in calls
    assert {"main.n", "main.v"} <= set(p.observables)


def test_a_local_captured_by_a_goroutine_is_shared_and_observable_as_main_name():
    p = go("\tcount := 0\n\tprivate := 1\n\tdone := make(chan bool)\n"
           "\tgo func() {\n\t\tcount++\n\t\tdone <- true\n\t}()\n\t<-done\n\tprivate++\n\t_ = count")
    var = p.shared_by_name["main.count"]
    assert var.kind is VarKind.PLAIN and var.init == 0
    child = next(g for g in p.all_goroutines() if g.name == "main.go1")
    assert any(isinstance(n, ir.Write) and n.var == "main.count" for n in ir.walk(child.body))
    assert "main.private" in p.observables and "main.private" not in p.shared_by_name
    assert "main.count" in p.observables


def test_each_instance_of_a_declaration_is_its_own_object():
    p = go("\tfor i := 0; i < 2; i++ {\n\t\tvar mu sync.Mutex\n\t\tmu.Lock()\n\t}\n\tspawn()\n\tspawn()",
           "func spawn() {\n\tc := make(chan int, 1)\n\tc <- 1\n}\n")
    names = {v.name for v in p.shared}
    assert {"main.mu", "main.mu#2", "main.c", "main.c#2"} <= names


def test_a_local_object_in_a_loop_without_a_constant_bound_is_not_supported_yet():
    error = refused("\tn := 0\n\tfor n < 3 {\n\t\tvar mu sync.Mutex\n\t\tmu.Lock()\n\t\tn++\n\t}")
    assert "declared in a loop without a constant bound is not supported yet" in str(error)


def test_go_122_loop_variables_are_per_iteration_constants_in_the_literals():
    p = go("\tvar wg sync.WaitGroup\n\tfor i := 0; i < 3; i++ {\n\t\twg.Add(1)\n"
           "\t\tgo func() {\n\t\t\tfmt.Println(i)\n\t\t\twg.Done()\n\t\t}()\n\t}\n\twg.Wait()")
    printed = [texts(pr.pieces) for pr in nodes(p, ir.Print)]
    assert printed == [["0\n"], ["1\n"], ["2\n"]]


def test_before_go_122_a_captured_loop_variable_is_not_supported_yet(tmp_path):
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.21\n")
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "main.go"
    path.write_text(gosrc("\tfor i := 0; i < 2; i++ {\n\t\tgo func() {\n\t\t\tfmt.Println(i)\n\t\t}()\n\t}"))
    with pytest.raises(NotSupportedError) as info:
        load(path.read_text(), str(path))
    assert "under Go 1.21 (one variable for the whole loop)" in str(info.value)
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    assert load(path.read_text(), str(path)).program.go


# ---------------------------------------------------------------- parameters and functions


WORKER = """func worker(id int, wg *sync.WaitGroup, out chan<- int) {
	defer_ := id
	out <- defer_
	wg.Done()
}
"""


def test_object_parameters_bind_statically_to_the_objects_passed():
    p = go("\tvar wg sync.WaitGroup\n\tch := make(chan int, 2)\n\tfor i := 1; i <= 2; i++ {\n\t\twg.Add(1)\n"
           "\t\tgo worker(i, &wg, ch)\n\t}\n\twg.Wait()", WORKER)
    workers = [g for g in p.all_goroutines() if g.name.startswith("worker")]
    assert [g.name for g in workers] == ["worker#1", "worker#2"]
    for w in workers:
        assert [loc.id.split("@")[0] for loc in w.params] == ["id"]
        assert [n.var for n in ir.walk(w.body) if isinstance(n, (ir.ChanSend, ir.SyncCall))] == ["main.ch", "main.wg"]
    spawns = nodes(p, ir.Spawn)  # the parent passes its loop variable, a value
    assert [[a.id.split("@")[0] for a in s.args] for s in spawns] == [["i"], ["i"]]


@pytest.mark.parametrize("body, decls, message", [
    ("\tc := make(chan int)\n\tgo recv(c)", "func recv(c <-chan int) {\n\tc <- 1\n}\n",
     "cannot send to receive-only channel c"),
    ("\tc := make(chan int)\n\tgo send(c)", "func send(c chan<- int) {\n\t<-c\n}\n",
     "cannot receive from send-only channel c"),
    ("\tc := make(chan int)\n\tgo recv(c)", "func recv(c <-chan int) {\n\tclose(c)\n}\n",
     "cannot close receive-only channel c"),
    ("\tc := make(chan string)\n\tgo send(c)", "func send(c chan<- int) {\n}\n", "cannot use main.c (chan string) as chan<- int"),
    ("\tvar wg sync.WaitGroup\n\tgo w(wg)", "func w(wg *sync.WaitGroup) {\n}\n", "cannot use main.wg"),
])
def test_directional_channels_and_object_parameters_type_check_like_go(body, decls, message):
    assert message in str(refused(body, decls))


def test_a_parameter_object_not_known_statically_is_not_supported_yet():
    error = refused("\tgo w(nil)", "func w(wg *sync.WaitGroup) {\n}\n")
    assert "argument not known statically is not supported yet" in str(error)


def test_results_and_multiple_results_are_inlined_into_result_locals():
    p = go("\tx := add(1, 2)\n\tq, r := divmod(7, 2)\n\tfmt.Println(x, q, r, add(x, 1))",
           "func add(a, b int) int {\n\treturn a + b\n}\n\n"
           "func divmod(a, b int) (int, int) {\n\treturn a / b, a % b\n}\n")
    inlines = [s for s in main(p).body if isinstance(s, ir.Inline)]
    assert len(inlines) == 3
    (pr,) = nodes(p, ir.Print)
    assert len(pr.args) == 4


def test_a_function_returning_a_channel_binds_the_callers_name_to_it():
    source = (gosrc("\tfor n := range sq(gen(2, 3)) {\n\t\tfmt.Println(n)\n\t}",
                    "func gen(nums ...int) <-chan int {\n\tout := make(chan int)\n\tgo func() {\n"
                    "\t\tfor _, n := range nums {\n\t\t\tout <- n\n\t\t}\n\t\tclose(out)\n\t}()\n\treturn out\n}\n\n"
                    "func sq(in <-chan int) <-chan int {\n\tout := make(chan int)\n\tgo func() {\n"
                    "\t\tfor n := range in {\n\t\t\tout <- n * n\n\t\t}\n\t\tclose(out)\n\t}()\n\treturn out\n}\n"))
    p = load(source, "t.go").program
    (loop,) = [n for n in nodes(p, ir.RangeLoop) if n.var == "main.out#2"]
    sends = [s for s in nodes(p, ir.ChanSend) if s.var == "main.out"]
    assert len(sends) == 2  # gen's goroutine sends 2 and 3
    values = [n.values[0] for n in nodes(p, ir.SetLocals) if n.targets[0] and n.targets[0].id.startswith("n@")]
    assert values[:2] == [ir.Const(2, "int"), ir.Const(3, "int")]
    assert loop.target is not None


def test_variadic_parameters_range_and_len():
    p = go("\tfmt.Println(sum(1, 2, 3))",
           "func sum(nums ...int) int {\n\ttotal := 0\n\tfor _, n := range nums {\n\t\ttotal += n\n\t}\n"
           "\treturn total + len(nums)\n}\n")
    assert len(nodes(p, ir.Unrolled)[0].iterations) == 3


def test_function_values_once_do_and_func_parameters():
    p = go("\tvar once sync.Once\n\tbody := func() {\n\t\tfmt.Println(\"once\")\n\t}\n\tonce.Do(body)\n"
           "\trun(body)\n\tbody()\n\tfunc() {\n\t\tfmt.Println(\"now\")\n\t}()",
           "func run(f func()) {\n\tf()\n}\n")
    (do,) = nodes(p, ir.OnceDo)
    assert do.var == "main.once"
    assert [texts(pr.pieces) for pr in nodes(p, ir.Print)] == [["once\n"]] * 3 + [["now\n"]]


def test_waitgroup_go_adds_one_then_starts_a_goroutine_that_calls_done():
    p = go("\tvar wg sync.WaitGroup\n\twg.Go(func() {\n\t\tfmt.Println(1)\n\t})\n\twg.Wait()")
    body = main(p).body
    assert isinstance(body[0], ir.Eval) and body[0].expr.op == "add" and body[0].expr.args == (ir.Const(1, "int"),)
    (child,) = [s.child for s in body if isinstance(s, ir.Spawn)]
    ops = [(n.op, n.args) for n in ir.walk(child.body) if isinstance(n, ir.SyncCall)]
    assert ops == [("add", (ir.Const(-1, "int"),))]


# ---------------------------------------------------------------- switch and labels


def test_switch_with_tag_default_and_fallthrough_is_an_if_chain():
    p = go("\tvar x int\n\tx = 2\n\tswitch x {\n\tcase 1:\n\t\tfmt.Println(\"one\")\n\tcase 2, 3:\n\t\tfmt.Println(\"two\")\n"
           "\t\tfallthrough\n\tdefault:\n\t\tfmt.Println(\"many\")\n\t}")
    ifs = [s for s in main(p).body if isinstance(s, ir.If)]
    assert len(ifs) == 1
    outer = ifs[0]
    assert texts(outer.then[0].pieces) == ["one\n"]
    (second,) = outer.orelse
    assert [texts(s.pieces) for s in second.then] == [["two\n"], ["many\n"]]
    assert [texts(s.pieces) for s in second.orelse] == [["many\n"]]


def test_a_switch_that_break_leaves_is_one_unrolled_iteration():
    p = go("\tx := 1\n\tswitch {\n\tcase x > 0:\n\t\tif x == 1 {\n\t\t\tbreak\n\t\t}\n\t\tfmt.Println(x)\n\t}")
    assert any(isinstance(s, ir.Unrolled) and len(s.iterations) == 1 for s in main(p).body)


def test_labelled_break_and_continue_of_the_enclosing_loop():
    p = go("\tc := make(chan int, 2)\n\tc <- 1\n\tclose(c)\nouter:\n\tfor v := range c {\n\t\tswitch v {\n"
           "\t\tcase 1:\n\t\t\tcontinue outer\n\t\tcase 2:\n\t\t\tbreak outer\n\t\t}\n\t}")
    assert nodes(p, ir.Continue) and nodes(p, ir.Break)


def test_labelled_jumps_out_of_nested_loops_and_selects_go_through_a_flag():
    p = go("\tc := make(chan int, 1)\nloop:\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tbreak loop\n\t\t}\n\t}\n"
           "outer:\n\tfor i := 0; i < 2; i++ {\n\t\tfor j := 0; j < 2; j++ {\n\t\t\tcontinue outer\n\t\t}\n\t}")
    body = main(p).body
    flags = [s for s in body if isinstance(s, ir.SetLocals) and s.targets[0].id.startswith(("$break", "$continue"))]
    # one flag per jump lowered (the constant loop's make four), false as their labelled loop starts
    assert len(flags) == 5 and all(f.values == (ir.Const(False, "bool"),) for f in flags)
    (loop,) = [s for s in body if isinstance(s, ir.Loop)]
    check = loop.body[-1]  # after the select: leave the loop too
    assert isinstance(check, ir.If) and check.then == (ir.Break(),)
    (unrolled,) = [s for s in body if isinstance(s, ir.Unrolled)]
    check = unrolled.iterations[0][-1]  # after the inner loop: reset, then continue the outer one
    assert isinstance(check, ir.If) and isinstance(check.then[-1], ir.Continue)


# ---------------------------------------------------------------- observables


def test_stdout_stderr_and_exit_are_observables_of_a_go_program():
    test = load(gosrc('\tfmt.Println("hi")', question='\n// litmus: exists (stdout == "hi\\n" && exit == 0 && '
                      'stderr == "")\n'), "t.go")
    assert test.condition is not None
    error = refused('litmus "t"\nfunc main() {\n}\nexists (stdout == "")\n', filename="t.lit")
    assert "stdout is not a shared variable" in str(error)


def test_other_goroutines_locals_are_not_observables_of_a_go_program():
    p = go("\tdone := make(chan bool)\n\tgo func() {\n\t\tr := 1\n\t\t_ = r\n\t\tdone <- true\n\t}()\n\t<-done\n"
           "\tx := 2\n\t_ = x")
    assert "main.x" in p.observables
    assert not any(o.startswith("main.go1.") for o in p.observables)


def test_a_local_set_once_to_a_constant_bounds_a_constant_loop_and_a_capacity():
    p = go("\tn := 3\n\tc := make(chan int, n)\n\tfor i := 0; i < n; i++ {\n\t\tgo func() {\n\t\t\tc <- i\n\t\t}()\n\t}")
    assert p.shared_by_name["main.c"].cap == 3
    assert len(nodes(p, ir.Spawn)) == 3
    error = refused("\tn := 3\n\tn++\n\tfor i := 0; i < n; i++ {\n\t\tgo func() {\n\t\t}()\n\t}")
    assert "a go statement inside a loop without a constant bound is not supported yet" in str(error)


# ---------------------------------------------------------------- defer


def ends(body: str, decls: str = "") -> set[tuple[str, str, str]]:
    """(stdout, stderr, exit) of every outcome of the program."""
    from litmus.api import check_test
    from litmus.models import get_model

    test = load(gosrc(body, decls), "t.go")
    return {(o.value_map["stdout"], o.value_map["stderr"], o.value_map["exit"])
            for o in check_test(test, get_model("go"), all_observables=True).outcomes}


def test_a_defer_is_an_ir_defer_with_its_arguments_held():
    p = go("\tf(1)", "func f(n int) {\n\tdefer fmt.Println(\"first\", n)\n\tn = 5\n}\n")
    (d,) = nodes(p, ir.Defer)
    (printed,) = [n for n in ir.walk(d.body) if isinstance(n, ir.Print)]
    held = printed.pieces[1].expr  # n as it was at the defer: a temporary, not n
    assert isinstance(held, ir.Local) and held.id.startswith("$")


def test_deferred_calls_run_last_first_at_each_return_with_arguments_evaluated_at_the_defer():
    decls = ("func f(n int) {\n\tdefer fmt.Println(\"first\", n)\n\tn = 5\n\tdefer fmt.Println(\"second\")\n"
             "\tif n == 5 {\n\t\treturn\n\t}\n\tfmt.Println(\"end\")\n}\n")
    assert ends("\tf(1)\n\tf(2)", decls) == {('"second\\nfirst 1\\nsecond\\nfirst 2\\n"', '""', "0")}


def test_main_defers_run_when_it_returns_but_not_at_os_exit():
    assert ends('\tdefer fmt.Println("deferred")\n\tfmt.Println("body")') == {('"body\\ndeferred\\n"', '""', "0")}
    assert ends('\tdefer fmt.Println("deferred")\n\tos.Exit(3)') == {('""', '""', "3")}


def test_deferred_calls_run_during_a_panic_and_recover_ends_it():
    assert ends('\tdefer fmt.Println("x")\n\tpanic("boom")') == {('"x\\n"', '"panic: boom\\n"', "2")}
    safe = ('func safe() {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tfmt.Println("recovered:", r)'
            '\n\t\t}\n\t}()\n\tpanic("boom")\n}\n')
    assert ends("\tsafe()\n\tfmt.Println(\"after\")", safe) == {('"recovered: boom\\nafter\\n"', '""', "0")}


def test_a_defer_inside_a_block_runs_when_its_function_ends():
    assert ends('\tif true {\n\t\tdefer fmt.Println("deferred")\n\t}\n\tfmt.Println("body")') == {
        ('"body\\ndeferred\\n"', '""', "0")}


def test_defer_wg_done_in_workers():
    body = ("\tvar wg sync.WaitGroup\n\tfor i := 1; i <= 2; i++ {\n\t\twg.Add(1)\n\t\tgo func() {\n"
            "\t\t\tdefer wg.Done()\n\t\t\tfmt.Println(\"worker\")\n\t\t}()\n\t}\n\twg.Wait()\n\tfmt.Println(\"done\")")
    assert ends(body) == {('"worker\\nworker\\ndone\\n"', '""', "0")}


# ---------------------------------------------------------------- recursion and values known when lowering


def test_recursion_ends_at_arguments_known_when_lowering():
    p = go("\tfmt.Println(fib(6))\n\tx := 1\n\tx, y := 2, 3\n\tfmt.Println(x, y)",
           "func fib(n int) int {\n\tif n <= 1 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}\n")
    first, second = nodes(p, ir.Print)
    assert first.pieces[0].expr is not None  # fib's result goes through its temporary
    assert texts(second.pieces) == ["2 3\n"]  # x is 2 after `x, y := 2, 3`


def test_recursion_that_does_not_end_statically_is_too_large():
    with pytest.raises(LitmusError) as info:
        load(gosrc("\tc := make(chan int, 1)\n\tc <- 3\n\tcount(<-c)",
                   "func count(n int) {\n\tif n == 0 {\n\t\treturn\n\t}\n\tcount(n - 1)\n}\n"), "t.go")
    assert info.value.diagnostics[0].code == "too-large"
    assert "recursion deeper than 16 calls of count" in str(info.value)


def test_an_if_decided_when_lowering_keeps_only_its_branch():
    p = go('\tn := 2\n\tif n > 1 {\n\t\tfmt.Println("big")\n\t} else {\n\t\tfmt.Println("small")\n\t}')
    assert not [s for s in main(p).body if isinstance(s, ir.If)]
    assert [texts(pr.pieces) for pr in nodes(p, ir.Print)] == [["big\n"]]


def test_a_send_of_an_empty_struct():
    p = go("\tdone := make(chan struct{})\n\tgo func() {\n\t\tdone <- struct{}{}\n\t}()\n\t<-done")
    assert [s.value for s in nodes(p, ir.ChanSend)] == [ir.Const(0, "int")]


def test_a_goroutines_out_is_not_an_observable_of_a_go_program():
    with pytest.raises(LitmusError) as info:
        load(gosrc('\tfmt.Println("hi")', question='\n// litmus: exists (main.out == "hi\\n")\n'), "t.go")
    assert "a Go program prints to stdout and stderr" in str(info.value)


def test_a_channel_variable_assigned_in_its_block_is_bound_statically():
    p = go("\tvar c chan int\n\tc = make(chan int, 1)\n\tvar r <-chan int\n\tr = c\n\tc <- 5\n\tfmt.Println(<-r)")
    assert [s.var for s in nodes(p, ir.ChanSend)] == ["main.c"]
    assert [n.var for n in nodes(p, ir.ChanRecv)] == ["main.c"]
    assert "cannot send to receive-only channel r" in str(refused("\tc := make(chan int, 1)\n\tvar r <-chan int\n"
                                                                "\tr = c\n\tr <- 1"))


@pytest.mark.parametrize("body, message", [
    ("\tc := make(chan int)\n\tn := len(c)\n\tfmt.Println(n)", "len of a channel is not supported yet"),
    ("\tvar c chan int\n\tif true {\n\t\tc = make(chan int)\n\t}", "assigning the channel or object variable c here"),
    ("\tc := make(chan int)\n\tgo func() {\n\t\tc = make(chan int)\n\t}()", "assigning the channel or object variable c"),
])
def test_a_channel_variable_not_known_statically_is_not_supported_yet(body, message):
    assert message in str(refused(body))


def test_a_captured_local_that_is_a_constant_stays_a_local_and_bounds_the_literals_loops():
    p = go("\tn := 2\n\tdone := make(chan bool)\n\tgo func() {\n\t\tfor i := range n {\n\t\t\tfmt.Println(i)\n\t\t}\n"
           "\t\tdone <- true\n\t}()\n\t<-done")
    assert "main.n" not in p.shared_by_name and "main.n" in p.observables
    (loop,) = nodes(p, ir.Unrolled)
    assert len(loop.iterations) == 2


def test_a_loop_starting_at_a_call_inlines_the_call_once():
    p = go("\tfor i := start(); i < 3; i++ {\n\t\tfmt.Println(i)\n\t}", "func start() int {\n\tfmt.Println(\"s\")\n\treturn 0\n}\n")
    assert [texts(pr.pieces) for pr in nodes(p, ir.Print)].count(["s\n"]) == 1


def test_assigning_multiple_results():
    p = go("\tvar q, r int\n\tq, r = divmod(7, 2)\n\tfmt.Println(q, r)",
           "func divmod(a, b int) (int, int) {\n\treturn a / b, a % b\n}\n")
    (pr,) = nodes(p, ir.Print)
    assert [a.id.split("@")[0] for a in pr.args] == ["q", "r"]


def test_a_parameter_is_a_constant_only_in_the_calls_that_pass_one():
    p = go("\tshow(1)\n\tc := make(chan int, 1)\n\tc <- 2\n\tshow(<-c)", "func show(n int) {\n\tfmt.Println(n)\n}\n")
    first, second = nodes(p, ir.Print)
    assert texts(first.pieces) == ["1\n"]
    assert isinstance(second.pieces[0].expr, ir.Local)  # not the 1 of the first call
