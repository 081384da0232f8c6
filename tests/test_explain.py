"""Why not: every `expect never` of the catalog gets an explanation whose cited
rules are minimal, re-solved here: with its rules and facts the choice of
control paths cannot produce the outcome, and without any one of them it can.
Plus the words of a few explanations, --why, between models, JSON and the API."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import litmus
from litmus.api import load
from litmus.cli import run
from litmus.errors import LitmusArgumentError, LitmusError, NotSupportedError
from litmus.explain import parse_condition, render
from litmus.explain.why import MAX_REASONS, checks_of, explain
from litmus.models import RULES, get_model
from litmus.syntax import ast

CASES = Path(__file__).parent / "litmus_cases"


def never_cases():
    for path in sorted(CASES.glob("*.lit")):
        test = load(path.read_text(encoding="utf-8"), path.name)
        for e in test.expects:
            if e.claim == "never":
                yield pytest.param(path, e.model, id=f"{path.stem}-{e.model}")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return run(list(argv), out, err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("path,model", list(never_cases()))
def test_every_never_is_explained_by_minimal_rules(path: Path, model: str):
    test = load(path.read_text(encoding="utf-8"), path.name)
    m = get_model(model)
    e = explain(test, m, test.condition)
    assert not e.permitted, f"{path.name}: the catalog says never under {model}"
    assert e.reasons or e.by_facts, "some choice of control paths must have been ruled out"
    assert len(e.reasons) <= MAX_REASONS
    checks = checks_of(test, m, e, test.condition)
    for reason in e.reasons:
        c = checks[reason.combo]
        assert set(reason.rules) <= set(RULES) and set(reason.rules) <= set(reason.tags)
        assert all(r in RULES for r in reason.rules) and reason.lines
        assert not c.check(reason.tags), "the cited rules and facts rule the outcome out"
        for tag in reason.tags:  # dropping any one makes the outcome possible on these paths
            assert c.check(set(reason.tags) - {tag}), f"{tag} is not needed: the core is not minimal"
        assert all(f"[{j}]" in " ".join(reason.lines) for j in reason.rules
                   if j in ("visible-write", "sync-order", "no-thin-air", "interleaving", "drf-sc"))


def explain_text(case: str, model: str = "go", condition: str | None = None) -> str:
    test = load((CASES / f"{case}.lit").read_text(encoding="utf-8"), f"{case}.lit")
    cond = parse_condition(test, condition) if condition else test.condition
    return "\n".join(line for r in explain(test, get_model(model), cond).reasons for line in r.lines)


def test_the_article_example_is_the_atomic_value_chain():
    """issue 11's example: data = 42 →po Store →sw[atomic-value] Load →po r := data, so not 0."""
    text = explain_text("seed_value_guarded")
    assert ("`data = 42` (writer 21:5) →po `av.Store(true)` (writer 22:5) →sw[atomic-value] `v := av.Load()` "
            "(reader 26:10: atomic read av -> true) →po `r := data` (reader 28:14: read data -> 0): the write "
            "of 42 happens before the read, so the read cannot see the initial 0 [visible-write]") in text


def test_store_buffering_with_atomics_is_a_cycle_in_the_synchronization_order():
    text = explain_text("l20_sb_sc")
    assert "→fr" in text and "[sync-order]" in text and "cycle" in text
    assert text.count("→po") == 2 and text.count("→fr") == 2


def test_thin_air_is_a_cycle_of_reads_from_and_dependencies():
    text = explain_text("l04_lb_data_oota")
    assert "→dep" in text and "→rf" in text and "[no-thin-air]" in text


def test_under_sc_the_argument_is_over_interleavings():
    test = load((CASES / "seed_value_guarded.lit").read_text(encoding="utf-8"), "s.lit")
    e = explain(test, get_model("sc"), test.condition)
    assert e.level == "interleaving" and e.rules == ("interleaving",)


def test_a_race_free_program_says_drf_sc():
    code, out, _ = cli("check", str(CASES / "seed_value_guarded.lit"), "--model", "go", "--show", "forbidden")
    assert code == 0 and "race-free, so by DRF-SC" in out


def test_a_permitted_condition_is_said_permitted():
    test = load((CASES / "seed_value_guarded.lit").read_text(encoding="utf-8"), "s.lit")
    e = explain(test, get_model("relaxed-value"), test.condition)
    assert e.permitted and not e.reasons


def test_why_a_condition_on_the_command_line():
    code, out, err = cli("check", str(CASES / "l20_sb_sc.lit"), "--model", "go", "--why", "P0.r1 == 0 && P1.r2 == 0")
    assert code == 0 and err == ""
    assert "Why never: P0.r1 == 0 && P1.r2 == 0 under go" in out
    code, out, _ = cli("check", str(CASES / "l20_sb_sc.lit"), "--model", "go", "--why", "P0.r1 == 1")
    assert code == 0 and "is permitted under go" in out


@pytest.mark.parametrize("cond,message", [
    ("P9.r == 0", "P9.r is no observable"),
    ("P0.r1 ==", "error"),
    ("", "needs a condition"),
])
def test_a_bad_why_condition_is_exit_2_without_a_traceback(cond: str, message: str):
    code, out, err = cli("check", str(CASES / "l20_sb_sc.lit"), "--why", cond)
    assert code == 2 and message in err and "Traceback" not in err


def test_between_models_names_the_rule_that_makes_the_difference():
    code, out, _ = cli("check", str(CASES / "seed_value_guarded.lit"), "--all-models", "--show", "forbidden")
    assert code == 0
    assert ("Between models: reader.v == true && reader.r == 0 is permitted under relaxed-value: there is no "
            "atomic-value rule") in out


def test_all_models_alone_names_the_rule_that_makes_the_difference():
    """Without --show or --why: the checks disagree, so the forbidding model is explained
    and the line points at how to see its reasons."""
    code, out, _ = cli("check", str(CASES / "seed_value_guarded.lit"), "--all-models")
    assert code == 0
    assert ("Between models: reader.v == true && reader.r == 0 is permitted under relaxed-value: there is no "
            "atomic-value rule") in out
    assert "under go it is forbidden (--show forbidden --model go says why)" in out
    assert "Why never" not in out and "Witness" not in out  # nothing else is explained


def test_all_models_that_agree_explain_nothing():
    code, out, _ = cli("check", str(CASES / "l20_sb_sc.lit"), "--all-models")
    assert code == 0 and "Between models" not in out


def test_json_carries_the_explanation():
    code, out, _ = cli("check", str(CASES / "seed_value_guarded.lit"), "--model", "go", "--show", "forbidden",
                       "--json")
    data = json.loads(out)
    e = data["explanation"]
    assert e["permitted"] is False and "visible-write" in e["rules"] and "atomic-value" in e["rules"]
    assert any(edge["kind"] == "sw" and edge["rule"] == "atomic-value" for r in e["reasons"] for edge in r["edges"])


def test_the_api_explains_and_refuses_bad_conditions():
    r = litmus.check_file(CASES / "seed_value_guarded.lit")
    e = r.why("reader.v == true && reader.r == 0")
    assert not e.permitted and "visible-write" in e.rules
    with pytest.raises(LitmusArgumentError, match="no observable"):
        r.why("reader.nope == 1")
    with pytest.raises(LitmusError):
        r.why("reader.r ==")


def test_reference_engine_cannot_explain():
    code, _, err = cli("check", str(CASES / "l20_sb_sc.lit"), "--engine", "reference", "--show", "forbidden")
    assert code == 2 and "need --engine z3" in err


@pytest.mark.parametrize("case,model", [("seed_value_guarded", "go"), ("seed_value_guarded", "sc"),
                                        ("l04_lb_data_oota", "go"), ("l46_double_checked_locking", "sc")])
def test_the_checks_race_verdict_gives_the_same_explanation(case: str, model: str):
    """The command line passes the check's racy verdict to save the race check: same answer."""
    test = load((CASES / f"{case}.lit").read_text(encoding="utf-8"), f"{case}.lit")
    r = litmus.api.check_test(test, get_model(model))
    assert explain(test, get_model(model), test.condition, racy_program=r.racy_program) == \
        explain(test, get_model(model), test.condition)


def test_a_known_never_leaves_the_other_combos_unexamined():
    """--show forbidden after a complete Never solves at most a few combos again; the rest are
    counted, and the reasons are those of the full explanation."""
    test = load((CASES / "spin_cas_bool_lock.lit").read_text(encoding="utf-8"), "spin.lit")
    full = explain(test, get_model("go"), test.condition)
    quick = explain(test, get_model("go"), test.condition, forbidden=True)
    assert quick.reasons == full.reasons[:len(quick.reasons)] and quick.unexamined > 0
    assert quick.unexamined + quick.more + quick.by_facts + len(quick.reasons) == \
        full.more + full.by_facts + len(full.reasons)


def test_a_timeout_while_explaining_is_a_note(monkeypatch):
    """The check's answer stands; the report says the explanation is incomplete (no internal error)."""
    from litmus.errors import Timeout
    from litmus.explain import attach

    def slow(*args, **kwargs):
        raise Timeout(5.0)

    monkeypatch.setattr(attach, "explain", slow)
    code, out, err = cli("check", str(CASES / "l20_sb_sc.lit"), "--model", "go", "--show", "forbidden",
                         "--timeout", "5")
    assert code == 0 and "internal error" not in err
    assert "Note: the witnesses and explanations are incomplete: timed out after 5 s" in out


GO_PROGRAMS = Path(__file__).parent / "go_programs"


def go_questions():
    """The shipped Go programs whose question a model answers Never or Always."""
    for path in sorted(GO_PROGRAMS.glob("*/main.go")):
        try:
            test = load(path.read_text(encoding="utf-8"), str(path))
        except NotSupportedError:  # a program waiting for issue 12's data types (tests/test_go_run.py)
            continue
        for e in test.expects:
            if e.claim in ("never", "always") and test.condition is not None:
                yield pytest.param(path, e.model, e.claim, id=f"{path.parent.name}-{e.model}")


@pytest.mark.parametrize("path,model,claim", list(go_questions()))
def test_a_go_programs_forbidden_streams_are_explained_minimally(path: Path, model: str, claim: str):
    """Why-not over stdout, stderr and exit: the rules and facts cited rule the outcome out,
    and dropping any one of them lets some execution have it."""
    test = load(path.read_text(encoding="utf-8"), str(path))
    c = test.condition.expr
    expr = ast.CondNot(c) if claim == "always" else c  # what the answer says cannot happen
    m = get_model(model)
    e = explain(test, m, expr)
    assert not e.permitted and (e.reasons or e.by_facts)
    checks = checks_of(test, m, e, expr)
    for reason in e.reasons:
        c = checks[reason.combo]
        assert not c.check(reason.tags)
        for tag in reason.tags:
            assert c.check(set(reason.tags) - {tag}), f"{tag} is not needed: the core is not minimal"


ORDERED_PRINTS = r"""package main

import "fmt"

var x int

func main() {
	c := make(chan int, 2)
	go func() { x = 1; c <- 10 }()
	go func() { c <- -3 }()
	fmt.Println(<-c, <-c)
	fmt.Print(x == 1, "\n")
}
"""


@pytest.mark.parametrize("text", ["10 -3\ntrue\n", "-3 10\ntrue\n", "10 -3\nfalse\n", "-3 -3\ntrue\n",
                                  "10 -3\ntrue", "", "10 -3\n", "10  -3\ntrue\n", "010 -3\ntrue\n"])
def test_why_on_stdout_is_exact(tmp_path, text):
    """The piece-by-piece match of a stream with a literal (explain/condition.StreamText)
    permits exactly the texts the check lists."""
    src = tmp_path / "main.go"
    src.write_text(ORDERED_PRINTS)
    r = litmus.check_file(src, all_observables=True)
    printed = {o.value_map["stdout"] for o in r.outcomes}
    assert printed == {json.dumps("10 -3\ntrue\n"), json.dumps("-3 10\ntrue\n")}
    e = r.why(f"stdout == {json.dumps(text)}")
    assert e.permitted == (json.dumps(text) in printed)


def test_why_on_stderr_and_exit_of_a_panic(tmp_path):
    src = tmp_path / "main.go"
    src.write_text("package main\n\nvar c = make(chan int)\n\nfunc main() {\n\tclose(c)\n\tclose(c)\n}\n")
    r = litmus.check_file(src)
    assert not r.why("exit == 0").permitted
    assert r.why('stderr == "panic: close of closed channel\\n"').permitted
    assert not r.why('stderr == ""').permitted
    code, out, _ = cli("check", str(src), "--why", "exit == 0")
    assert code == 0 and "Why never: exit == 0" in out and "how a Go program ends" in out


def test_why_on_the_deadlock_message(tmp_path):
    src = tmp_path / "main.go"
    src.write_text("package main\n\nfunc main() {\n\tc := make(chan int)\n\t<-c\n}\n")
    r = litmus.check_file(src)
    assert r.why('stderr == "fatal error: all goroutines are asleep - deadlock!\\n" && exit == 2').permitted
    assert not r.why("exit == 0").permitted


def test_why_on_a_padded_print_is_not_supported_yet(tmp_path):
    """A verb with a width is neither inverted piece by piece nor written as Z3
    strings: refused as not supported yet (exit 2), never a wrong answer."""
    src = tmp_path / "main.go"
    src.write_text('package main\n\nimport "fmt"\n\nfunc main() {\n\tc := make(chan int, 1)\n'
                   '\tgo func() { c <- 7 }()\n\tfmt.Printf("%3d|\\n", <-c)\n}\n')
    assert litmus.check_file(src).outcomes[0].value_map["stdout"] == '"  7|\\n"'
    code, out, err = cli("check", str(src), "--why", 'stdout == "  7|\\n"')
    assert code == 2 and "printed with %3d is not supported yet" in err


def test_why_on_a_long_printed_string_and_an_interface(tmp_path):
    """Printed values longer than any integer (a string, an interface holding one, a float)
    are matched against the whole rest of the literal (found by the context example)."""
    src = tmp_path / "main.go"
    src.write_text('package main\n\nimport (\n\t"fmt"\n\t"sync/atomic"\n)\n\nfunc main() {\n'
                   '\tvar v atomic.Value\n\tc := make(chan string, 1)\n'
                   '\tgo func() { v.Store("an interface holding a long string"); c <- "a string longer than '
                   'twenty-one characters" }()\n\tfmt.Println(<-c, v.Load(), 0.1+0.2)\n}\n')
    r = litmus.check_file(src)
    (o,) = r.outcomes
    text = json.loads(o.value_map["stdout"])
    assert r.why(f"stdout == {json.dumps(text)}").permitted
    assert not r.why(f"stdout == {json.dumps(text.replace('long', 'short'))}").permitted


@pytest.mark.parametrize("case", ["seed_value_guarded", "l20_sb_sc", "spin_cas_int32_lock", "mutex_counter_three"])
def test_the_checks_own_search_gives_every_outcome_a_witness(case):
    """The command line collects witnesses during the check (explain.witness.Collector): every
    outcome of every model gets one, reading exactly the outcome's values, as the API's do."""
    path = CASES / f"{case}.lit"
    code, out, _ = cli("check", str(path), "--all-models", "--show", "witness", "--json")
    assert code in (0, 1)
    data = json.loads(out)
    for entry in data if isinstance(data, list) else [data]:
        report = litmus.check_file(path, model=entry["model"])
        assert len(entry["outcomes"]) == len(report.outcomes)
        for o, e in zip(report.outcomes, entry["outcomes"]):
            assert e["witness"] is not None
            assert e["witness"] == render.execution_json(report.witness(o)), (case, entry["model"], o)
