"""Timers and contexts in .go programs (issue 9, litmus/lower_time.py), answered as
Go's memory model and the time and context packages allow, by both engines:
a timer fires at any point and nothing happens before its send; Stop (Go 1.23
and later, and before); a program blocked on a pending timer is not
deadlocked; cancel() and a deadline close Done, the first one sets Err, a
parent's cancel cancels its children before it returns; the edges the context
package's implementation makes (cancel before a Done receive that returns,
before an Err that returns non-nil). What stays refused says so."""

import io

import pytest

from litmus.cli import run

ENGINES = ("z3", "reference")


def cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue() + err.getvalue()


def program(tmp_path, body: str, decls: str = "", go: str = "1.25") -> str:
    """A main.go (importing the packages it uses, so that `go build` takes it) and its go.mod."""
    (tmp_path / "go.mod").write_text(f"module litmus.test/t\n\ngo {go}\n")
    path = tmp_path / "main.go"
    imports = "; ".join(f'"{p}"' for p in ("context", "fmt", "time") if f"{p}." in body + decls)
    path.write_text(f"package main\n\nimport ({imports})\n\n{decls}\nfunc main() {{\n{body}\n}}\n")
    return str(path)


# (body, decls, question): each question's expect lines are Go's answer
ANSWERS = {
    # Go by Example "timeouts": the result or the timeout, whichever is first
    "timeout_or_result": (
        '\tc1 := make(chan string, 1)\n\tgo func() {\n\t\ttime.Sleep(2 * time.Second)\n\t\tc1 <- "result 1"\n\t}()\n'
        '\tselect {\n\tcase res := <-c1:\n\t\tfmt.Println(res)\n\tcase <-time.After(1 * time.Second):\n'
        '\t\tfmt.Println("timeout 1")\n\t}',
        "", '// litmus: exists (stdout == "timeout 1\\n")\n// litmus: expect sometimes'),
    "result_before_timeout": (
        '\tc1 := make(chan string, 1)\n\tgo func() {\n\t\tc1 <- "result 1"\n\t}()\n'
        '\tselect {\n\tcase res := <-c1:\n\t\tfmt.Println(res)\n\tcase <-time.After(time.Second):\n'
        '\t\tfmt.Println("timeout 1")\n\t}',
        "", '// litmus: exists (stdout == "result 1\\n")\n// litmus: expect sometimes'),
    # nothing happens before a timer's send: waiting for it orders nothing
    "timer_orders_nothing": (
        "\tx := 0\n\tgo func() {\n\t\tx = 1\n\t}()\n\t<-time.After(time.Millisecond)\n\tfmt.Println(x)",
        "", '// litmus: exists (stdout == "0\\n")\n// litmus: expect sometimes\n// litmus: expect racy'),
    # a program blocked only on a timer that will fire is not deadlocked
    "pending_timer_is_no_deadlock": (
        '\t<-time.After(time.Hour)\n\tfmt.Println("done")',
        "", '// litmus: forall (stdout == "done\\n" && exit == 0)\n// litmus: expect always'),
    # with default, the timer may not have fired yet, or may have
    "select_default_not_yet": (
        '\tselect {\n\tcase <-time.After(time.Second):\n\t\tfmt.Println("fired")\n\tdefault:\n\t\tfmt.Println("not yet")\n\t}',
        "", '// litmus: exists (stdout == "not yet\\n")\n// litmus: expect sometimes'),
    "named_timer_channel": (
        '\ttimeout := time.After(time.Second)\n\tt := time.NewTimer(time.Second)\n\tc := t.C\n'
        '\t<-timeout\n\t<-c\n\tfmt.Println("both")',
        "", '// litmus: forall (stdout == "both\\n")\n// litmus: expect always'),
    # Go 1.23: Stop of a timer nobody received from is true, and no value comes after it
    "stop_unreceived_is_true": (
        "\tt := time.NewTimer(time.Hour)\n\tfmt.Println(t.Stop())\n\tfmt.Println(t.Stop())",
        "", '// litmus: forall (stdout == "true\\nfalse\\n")\n// litmus: expect always'),
    "stop_after_receive_is_false": (
        "\tt := time.NewTimer(time.Hour)\n\t<-t.C\n\tfmt.Println(t.Stop())",
        "", '// litmus: forall (stdout == "false\\n")\n// litmus: expect always'),
    "receive_after_stop_deadlocks": (
        "\tt := time.NewTimer(time.Hour)\n\tt.Stop()\n\t<-t.C",
        "", "// litmus: forall (exit == 2 && deadlock)\n// litmus: expect always"),
    # cancel() happens before a receive from Done that returns
    "cancel_before_done": (
        "\tctx, cancel := context.WithCancel(context.Background())\n\tx := 0\n"
        "\tgo func() {\n\t\tx = 1\n\t\tcancel()\n\t}()\n\t<-ctx.Done()\n\terr := ctx.Err()\n\tfmt.Println(x, err)",
        "", '// litmus: forall (stdout == "1 context canceled\\n")\n// litmus: expect always\n'
            "// litmus: expect race-free"),
    # ... and before an Err that returns non-nil
    "cancel_before_err": (
        "\tctx, cancel := context.WithCancel(context.Background())\n\tx := 0\n"
        "\tgo func() {\n\t\tx = 1\n\t\tcancel()\n\t}()\n\tif ctx.Err() != nil {\n\t\tfmt.Println(x)\n\t}",
        "", '// litmus: forall (stdout == "" || stdout == "1\\n")\n// litmus: expect always\n'
            "// litmus: expect race-free"),
    # a loop that waits on Err is a spin loop: it ends when it reads the error
    "spin_on_err": (
        "\tctx, cancel := context.WithCancel(context.Background())\n\tx := 0\n"
        "\tgo func() {\n\t\tx = 1\n\t\tcancel()\n\t}()\n\tfor ctx.Err() == nil {\n\t}\n\tfmt.Println(x)",
        "", '// litmus: forall (stdout == "1\\n")\n// litmus: expect always\n// litmus: expect race-free'),
    # a write after cancel() is not ordered before the receiver
    "write_after_cancel_races": (
        "\tctx, cancel := context.WithCancel(context.Background())\n\tx := 0\n"
        "\tgo func() {\n\t\tcancel()\n\t\tx = 1\n\t}()\n\t<-ctx.Done()\n\tfmt.Println(x)",
        "", "// litmus: expect racy"),
    # the parent's cancel cancels its children before it returns
    "parent_cancels_child": (
        "\tparent, cancel := context.WithCancel(context.Background())\n"
        "\tchild, stop := context.WithCancel(parent)\n\tdefer stop()\n\tcancel()\n"
        "\t<-child.Done()\n\tfmt.Println(child.Err())",
        "", '// litmus: forall (stdout == "context canceled\\n")\n// litmus: expect always'),
    # a child of a cancelled parent is cancelled when it is made
    "child_of_cancelled_parent": (
        "\tparent, cancel := context.WithCancel(context.Background())\n\tcancel()\n"
        "\tchild, stop := context.WithTimeout(parent, time.Hour)\n\tdefer stop()\n\tfmt.Println(child.Err())",
        "", '// litmus: forall (stdout == "context canceled\\n")\n// litmus: expect always'),
    # a child's cancel leaves its parent alone
    "child_cancel_leaves_parent": (
        "\tparent, cancel := context.WithCancel(context.Background())\n\tdefer cancel()\n"
        "\tchild, stop := context.WithCancel(parent)\n\tstop()\n"
        "\tfmt.Println(parent.Err() == nil, child.Err() == context.Canceled)",
        "", '// litmus: forall (stdout == "true true\\n")\n// litmus: expect always'),
    # later cancels do nothing: the first one (here the deadline) stays
    "first_cancel_wins": (
        "\tctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)\n\t<-ctx.Done()\n"
        "\tcancel()\n\tfmt.Println(ctx.Err())",
        "", '// litmus: forall (stdout == "context deadline exceeded\\n")\n// litmus: expect always'),
    # the deadline may fire before an immediate cancel
    "deadline_any_time": (
        "\tctx, cancel := context.WithTimeout(context.Background(), time.Hour)\n\tcancel()\n"
        "\tfmt.Println(ctx.Err())",
        "", '// litmus: exists (stdout == "context deadline exceeded\\n")\n// litmus: expect sometimes'),
    "deadline": (
        "\tctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Second))\n"
        "\tdefer cancel()\n\t<-ctx.Done()\n\tfmt.Println(ctx.Err() == context.DeadlineExceeded)",
        "", '// litmus: forall (stdout == "true\\n")\n// litmus: expect always'),
    # a deadline already passed: cancelled before WithTimeout returns
    "expired_timeout": (
        "\tctx, cancel := context.WithTimeout(context.Background(), 0)\n\tdefer cancel()\n"
        "\tfmt.Println(ctx.Err())",
        "", '// litmus: forall (stdout == "context deadline exceeded\\n")\n// litmus: expect always'),
    # go cancel(): a goroutine that cancels
    "go_cancel": (
        "\tctx, cancel := context.WithCancel(context.Background())\n\tgo cancel()\n\t<-ctx.Done()\n"
        "\tfmt.Println(ctx.Err())",
        "", '// litmus: forall (stdout == "context canceled\\n")\n// litmus: expect always'),
    # ctx.Done() passed to a <-chan struct{} parameter; a switch on Err
    "done_as_argument": (
        "\tctx, cancel := context.WithCancel(context.Background())\n\tgo cancel()\n\twait(ctx.Done())\n"
        "\tswitch ctx.Err() {\n\tcase context.Canceled:\n\t\tfmt.Println(\"canceled\")\n"
        "\tcase context.DeadlineExceeded:\n\t\tfmt.Println(\"deadline\")\n\t}",
        "func wait(done <-chan struct{}) {\n\t<-done\n}\n",
        '// litmus: forall (stdout == "canceled\\n")\n// litmus: expect always'),
    # Background is never cancelled: its Done never ready, its Err nil
    "background": (
        "\tctx := context.TODO()\n\tselect {\n\tcase <-ctx.Done():\n\t\tfmt.Println(\"done\")\n"
        "\tdefault:\n\t\tfmt.Println(\"open\", ctx.Err())\n\t}",
        "", '// litmus: forall (stdout == "open <nil>\\n")\n// litmus: expect always'),
    # contexts, cancel functions and timers passed as parameters
    "parameters": (
        "\tctx, cancel := context.WithCancel(context.Background())\n\tt := time.NewTimer(time.Second)\n"
        "\tdone := make(chan bool)\n\tgo worker(ctx, t, done)\n\tstopIt(cancel)\n\t<-done",
        "func worker(ctx context.Context, t *time.Timer, done chan<- bool) {\n\tselect {\n"
        "\tcase <-ctx.Done():\n\t\tfmt.Println(ctx.Err())\n\tcase <-t.C:\n\t\tfmt.Println(\"timer\")\n\t}\n"
        "\tdone <- true\n}\n\nfunc stopIt(cancel context.CancelFunc) {\n\tcancel()\n}\n",
        '// litmus: forall (stdout == "context canceled\\n" || stdout == "timer\\n")\n// litmus: expect always'),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_go_answers(tmp_path, name, engine):
    body, decls, question = ANSWERS[name]
    code, text = cli("check", "--engine", engine, program(tmp_path, body + "\n", decls + "\n" + question))
    assert code == 0, text


@pytest.mark.parametrize("engine", ENGINES)
def test_stop_before_go_1_23_leaves_the_value(tmp_path, engine):
    """Before Go 1.23 (go.mod), a fired timer's value stays in the buffered channel:
    Stop is false, and the documented drain `if !t.Stop() { <-t.C }` never blocks."""
    body = "\tt := time.NewTimer(time.Second)\n\tif !t.Stop() {\n\t\t<-t.C\n\t\tfmt.Println(\"drained\")\n\t}"
    question = '// litmus: exists (stdout == "drained\\n")\n// litmus: expect sometimes'
    code, text = cli("check", "--engine", engine, program(tmp_path, body, question, go="1.22"))
    assert code == 0, text
    code, text = cli("check", "--engine", engine, program(tmp_path, body, question, go="1.25"))
    assert code == 1 and "Expect sometimes: FAILED" in text, text


def test_hidden_state_is_no_observable(tmp_path):
    path = program(tmp_path, "\tctx, cancel := context.WithCancel(context.Background())\n\tcancel()\n"
                             "\tt := time.NewTimer(time.Second)\n\tt.Stop()\n\t<-ctx.Done()")
    code, text = cli("check", path)
    assert code == 0 and "$" not in text.split("Outcomes:")[1], text


@pytest.mark.parametrize("body, message, hint", [
    ("\tt := time.NewTimer(time.Second)\n\tv := <-t.C\n\tfmt.Println(v)",
     "using the time.Time value of a timer is not supported yet", "<-t.C"),
    ("\tselect {\n\tcase v := <-time.After(time.Second):\n\t\tfmt.Println(v)\n\t}",
     "using the time.Time value of a timer is not supported yet", "case <-time.After(d):"),
    ("\tt := time.NewTimer(time.Second)\n\tt.Reset(time.Second)", "t.Reset is not supported yet", "new timer"),
    ("\tfor range time.Tick(time.Second) {\n\t}", "time.Tick is not supported yet", "time.After"),
    ("\tfor {\n\t\tselect {\n\t\tcase <-time.After(time.Second):\n\t\t\treturn\n\t\t}\n\t}",
     "a timer declared in a loop without a constant bound is not supported yet", "before the loop"),
    ("\tctx, cancel := context.WithCancel(context.Background())\n\tdefer cancel()\n"
     "\tctx, cancel = context.WithCancel(ctx)",
     "assigning a timer, context or cancel function is not supported yet", "new name"),
    ("\tctx := context.Background()\n\t<-ctx.Done()",
     "the Done channel of context.Background (a nil channel) is not supported yet", "select {}"),
    ("\tvar ctx context.Context\n\t_ = ctx", "a context.Context variable without a value is not supported yet",
     "ctx := context.Background()"),
    ("\tvar t *time.Timer\n\t_ = t", "a *time.Timer variable without a value is not supported yet",
     "t := time.NewTimer(d)"),
    ("\tfmt.Println(time.Now())", "time.Now is not supported yet", "time.After"),
    ("\td := time.Now()\n\tfmt.Println(d)", "the time d used as a value is not supported yet",
     "context.WithDeadline"),
    ("\tctx, cancel := context.WithDeadline(context.Background(), 5)\n\tdefer cancel()\n\t_ = ctx",
     "a deadline other than time.Now() or time.Now().Add(d) is not supported yet", "time.Now().Add(d)"),
    ("\tctx, cancel := context.WithCancel(context.Background())\n\tdefer cancel()\n\tclose(ctx.Done())",
     "invalid operation: cannot close receive-only channel ctx.Done()", "sending side"),
    ("\tctx, cancel := newCtx()\n\tdefer cancel()\n\t_ = ctx", "a context.Context here is not supported yet",
     "pass them as parameters"),
    ("\tctx := context.WithValue(context.Background(), 1, 2)\n\t_ = ctx",
     "context.WithValue is not supported yet", "parameter"),
    ("\tctx, cancel := context.WithCancel(context.Background())\n\tdefer cancel()\n\tfmt.Println(ctx)",
     "the context ctx used as a value is not supported yet", "parameter"),
])
def test_refused_with_what_to_write(tmp_path, body, message, hint):
    helper = "func newCtx() (context.Context, context.CancelFunc) {\n\treturn context.WithCancel(context.Background())\n}\n"
    code, text = cli("check", program(tmp_path, body, helper if "newCtx" in body else ""))
    assert code == 2, text
    assert message in text and hint in text and "Traceback" not in text, text


def test_one_timer_per_time_after(tmp_path):
    """Each evaluation of time.After makes one timer: a select case makes one
    (a regression: looking for Background's nil Done channel made a second)."""
    from litmus.api import load
    path = program(tmp_path, "\tfor i := 0; i < 2; i++ {\n\t\tselect {\n\t\tcase <-time.After(time.Second):\n"
                             "\t\t\tfmt.Println(i)\n\t\t}\n\t}")
    test = load(open(path).read(), path)
    fired = sorted(g.name for g in test.program.all_goroutines() if g.name.endswith("$fire"))
    assert fired == ["main.after#2$fire", "main.after$fire"]


PROGRAMS = ("timeouts", "timers", "context_withcancel", "context_withtimeout", "context_withdeadline")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", PROGRAMS)
def test_the_timer_and_context_examples_hold_in_both_engines(name, engine):
    """tests/go_programs' timer and context programs (their sources in their first comment)."""
    from pathlib import Path
    path = Path(__file__).parent / "go_programs" / name / "main.go"
    code, text = cli("check", "--engine", engine, str(path))
    assert code == 0 and "Expect" in text and "FAILED" not in text, text


@pytest.mark.parametrize("engine", ENGINES)
def test_a_local_of_main_named_like_a_helpers_captured_local(tmp_path, engine):
    """Found by the context package's WithCancel example: gen's captured `n`, inlined
    into main, is the shared variable main.n, and main's own local `n` has the same
    observable name; the shared one is the observable (the reference engine failed
    with a TypeError, the solver listed main.n twice)."""
    path = program(tmp_path, "\tfor n := range gen() {\n\t\tfmt.Println(n)\n\t\tbreak\n\t}",
                   "func gen() <-chan int {\n\tdst := make(chan int, 1)\n\tn := 1\n\tgo func() {\n"
                   "\t\tdst <- n\n\t\tn++\n\t}()\n\treturn dst\n}\n")
    code, text = cli("check", "--engine", engine, path)
    assert code == 0 and "internal error" not in text, text
    assert all(line.count("main.n=") <= 1 for line in text.splitlines()), text


def test_blank_assignment_uses_a_context(tmp_path):
    path = program(tmp_path, "\tctx, cancel := context.WithCancel(context.Background())\n\t_ = ctx\n\tcancel()\n"
                             "\td := time.Now()\n\t_ = d")
    code, text = cli("check", path)
    assert code == 0, text
