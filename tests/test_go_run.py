"""End-to-end answers for .go programs, the ones Go gives (issue 9): stdout and
stderr across goroutines, the exit status, a program that ends when main returns,
os.Exit and log.Fatal, races. The engines' Go-program semantics are in
litmus/go_end.py (main's return ends the program, the two streams are shared)."""

import io
from pathlib import Path

import pytest

from litmus.cli import run


PROGRAMS = Path(__file__).parent / "go_programs"
# The programs whose `// litmus: expect` lines state Go's answer (the others ask questions only).
WITH_EXPECT = sorted(p for p in PROGRAMS.glob("*/main.go") if "// litmus: expect" in p.read_text()
                     and p.parent.name not in ("constructs", "mem_limit", "sync_waitgroup"))


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("path", WITH_EXPECT, ids=lambda p: p.parent.name)
def test_every_expectation_of_a_real_program_holds(path):
    code, out, err = cli("check", str(path))
    assert code == 0, out + err


def check(tmp_path, body: str, question: str, decls: str = "", imports: str = '"fmt"') -> tuple[int, str]:
    path = tmp_path / "main.go"
    path.write_text(f"package main\n\nimport ({imports})\n\n{decls}\nfunc main() {{\n{body}\n}}\n\n{question}\n")
    code, out, err = cli("check", str(path))
    return code, out + err


@pytest.mark.parametrize("body, decls, question", [
    # prints of two goroutines, ordered by the channel: one stdout
    ('\tdone := make(chan bool)\n\tgo func() {\n\t\tfmt.Println("a")\n\t\tdone <- true\n\t}()\n\t<-done\n'
     '\tfmt.Println("b")', "", '// litmus: forall (stdout == "a\\nb\\n")\n// litmus: expect always'),
    # main returns without waiting: the goroutine may never print
    ('\tgo func() {\n\t\tfmt.Println("a")\n\t}()', "", '// litmus: exists (stdout == "")\n// litmus: expect sometimes'),
    # a captured counter under a mutex: always 2
    ("\tvar mu sync.Mutex\n\tvar wg sync.WaitGroup\n\tcount := 0\n\tfor range 2 {\n\t\twg.Add(1)\n"
     "\t\tgo func() {\n\t\t\tmu.Lock()\n\t\t\tcount++\n\t\t\tmu.Unlock()\n\t\t\twg.Done()\n\t\t}()\n\t}\n"
     "\twg.Wait()\n\tfmt.Println(count)", "", '// litmus: forall (stdout == "2\\n" && main.count == 2)\n'
     "// litmus: expect always\n// litmus: expect race-free"),
    # without the mutex the increments race
    ("\tvar wg sync.WaitGroup\n\tcount := 0\n\tfor range 2 {\n\t\twg.Add(1)\n"
     "\t\tgo func() {\n\t\t\tcount++\n\t\t\twg.Done()\n\t\t}()\n\t}\n\twg.Wait()\n\tfmt.Println(count)", "",
     "// litmus: expect racy"),
    # os.Exit ends the program at once with its status
    ('\tfmt.Println("x")\n\tos.Exit(3)\n\tfmt.Println("y")', "",
     '// litmus: forall (stdout == "x\\n" && exit == 3)\n// litmus: expect always'),
    # log.Fatal: to stderr, then exit 1
    ('\tlog.Fatal("bad")', "", '// litmus: forall (stderr == "bad\\n" && exit == 1)\n// litmus: expect always'),
    # Printf verbs and widths
    ('\tx := 42\n\tfmt.Printf("%5d|%-3s|%q|%x|%v|%t\\n", x, "a", "q", x, nil, true)', "",
     '// litmus: forall (stdout == "   42|a  |\\"q\\"|2a|<nil>|true\\n")\n// litmus: expect always'),
    # a pipeline of functions returning channels
    ("\tfor n := range sq(gen(2, 3)) {\n\t\tfmt.Println(n)\n\t}",
     "func gen(nums ...int) <-chan int {\n\tout := make(chan int)\n\tgo func() {\n\t\tfor _, n := range nums {\n"
     "\t\t\tout <- n\n\t\t}\n\t\tclose(out)\n\t}()\n\treturn out\n}\n\n"
     "func sq(in <-chan int) <-chan int {\n\tout := make(chan int)\n\tgo func() {\n\t\tfor n := range in {\n"
     "\t\t\tout <- n * n\n\t\t}\n\t\tclose(out)\n\t}()\n\treturn out\n}\n",
     '// litmus: forall (stdout == "4\\n9\\n")\n// litmus: expect always'),
    # switch with fallthrough, labelled continue, results
    ("\tfor i := range 3 {\n\t\tswitch k := kind(i); k {\n\t\tcase \"zero\":\n\t\t\tfallthrough\n\t\tcase \"one\":\n"
     "\t\t\tfmt.Print(i)\n\t\tdefault:\n\t\t\tfmt.Print(\"-\")\n\t\t}\n\t}\n\tfmt.Println()",
     "func kind(i int) string {\n\tif i == 0 {\n\t\treturn \"zero\"\n\t}\n\tif i == 1 {\n\t\treturn \"one\"\n\t}\n"
     "\treturn \"many\"\n}\n", '// litmus: forall (stdout == "01-\\n")\n// litmus: expect always'),
])
def test_go_gives_these_answers(tmp_path, body, decls, question):
    code, text = check(tmp_path, body, question, decls, '"fmt"; "log"; "os"; "sync"')
    assert code == 0, text
