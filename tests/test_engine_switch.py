"""`litmus check --engine reference` prints what `litmus check` prints (text,
--quiet, --json but for its stats), gives up with a clear inconclusive answer
past its step limit, honours --timeout, and refuses what it cannot give."""

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import litmus
import litmus.reference
from litmus.api import check_test, load
from litmus.cli import run
from litmus.models import get_model

ROOT = Path(__file__).parent.parent
CASES = ROOT / "tests" / "litmus_cases"

# across constructs: plain and atomic accesses, RMW races, channels, select,
# Mutex, RWMutex, WaitGroup, Once, Cond, atomic.Value, spin loops, init,
# panics, output, and main returning before the goroutines it starts
CHOSEN = ["l01_mp_plain", "l03_lb_plain", "atomic_plain_mixed_race", "mixed_atomic_read_hidden",
          "chan_close_twice_panics", "select_publication", "mutex_abba_deadlock", "l44_rwmutex_readers_race",
          "l48_wg_done_wait", "l45_once_twoprint", "cond_broadcast_wakes_all", "l58_value_handle_publication",
          "l54_busy_wait_plain_spins", "l63_init_goroutine_main", "go_args_evaluated_in_caller",
          "l17_string_race", "println_format"]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def without_stats(text: str):
    data = json.loads(text)
    for entry in data if isinstance(data, list) else [data]:
        entry.pop("stats")
    return data


@pytest.mark.parametrize("name", CHOSEN)
@pytest.mark.parametrize("options", [[], ["--quiet"], ["--all-models"], ["--all-models", "--quiet"]],
                         ids=["text", "quiet", "all-models", "all-models-quiet"])
def test_same_text_output(name, options):
    path = str(CASES / f"{name}.lit")
    z3 = cli("check", *options, path)
    ref = cli("check", "--engine", "reference", *options, path)
    assert ref == z3
    assert z3[1]  # something was compared


@pytest.mark.parametrize("name", CHOSEN)
def test_same_json_output(name):
    path = str(CASES / f"{name}.lit")
    z3 = cli("check", "--json", "--all-models", path)
    ref = cli("check", "--json", "--all-models", "--engine", "reference", path)
    assert ref[0] == z3[0] and ref[2] == z3[2]
    assert without_stats(ref[1]) == without_stats(z3[1])


def test_the_chosen_files_show_races_notes_and_panics():
    """The comparison above covers what only a full report shows."""
    texts = "".join(cli("check", "--all-models", str(CASES / f"{n}.lit"))[1] for n in CHOSEN)
    for piece in ("Races: 2", "Note: main can return before", "panic(", "[racy]", ":blocked", ".out="):
        assert piece in texts, piece


def test_cut_executions_give_the_same_note(tmp_path):
    f = tmp_path / "cut.lit"
    f.write_text("var x int\nfunc main() {\n    n := 0\n    for n < 10 {\n        n++\n        x = n\n    }\n}\n"
                 "exists (x == 10)\n")
    z3 = cli("check", str(f))
    assert "Note: some executions need more loop iterations" in z3[1]
    assert cli("check", "--engine", "reference", str(f)) == z3


def test_api_engine_switch():
    source = (CASES / "l01_mp_plain.lit").read_text()
    z3, ref = litmus.check(source), litmus.check(source, engine="reference")
    assert (ref.outcomes, ref.races, ref.observation, ref.expects, ref.notes) == \
           (z3.outcomes, z3.races, z3.observation, z3.expects, z3.notes)
    assert ref.solver_calls == 0 < z3.solver_calls
    test = load(source, "mp.lit")
    assert check_test(test, get_model("sc"), engine="reference").outcomes == \
           check_test(test, get_model("sc")).outcomes


def test_api_refuses_an_unknown_engine_and_count_executions():
    with pytest.raises(litmus.LitmusArgumentError, match="unknown engine 'herd'"):
        litmus.check("var x int\ngo func P() { x = 1 }\n", engine="herd")
    with pytest.raises(litmus.LitmusArgumentError, match="--count-executions is not supported"):
        litmus.check("var x int\ngo func P() { x = 1 }\n", engine="reference", count_executions=True)


def test_cli_refuses_count_executions_with_the_reference():
    code, out, err = cli("check", "--engine", "reference", "--count-executions", str(CASES / "l01_mp_plain.lit"))
    assert (code, out) == (2, "")
    assert "--count-executions is not supported with --engine reference" in err


def test_cli_offers_every_engine():
    from litmus.cli import build_parser
    from litmus.engine import ENGINES

    check = next(a for a in build_parser()._subparsers._group_actions[0].choices["check"]._actions
                 if a.dest == "engine")
    assert tuple(check.choices) == ENGINES and check.default == ENGINES[0]


def test_cli_refuses_an_unknown_engine():
    code, _, err = cli("check", "--engine", "herd", str(CASES / "l01_mp_plain.lit"))
    assert code == 2 and "invalid choice: 'herd'" in err


def test_beyond_the_step_limit_is_inconclusive(monkeypatch):
    """docs/cli.md: the test under that model is inconclusive (exit 3) and says why."""
    monkeypatch.setattr(litmus.reference, "STEP_LIMIT", 5)
    path = str(CASES / "l01_mp_plain.lit")
    code, out, _ = cli("check", "--engine", "reference", path)
    assert code == 3
    assert ("Inconclusive: reference: gave up after 5 steps of the sc state space: "
            "the test is too large for the reference enumerator") in out
    assert "Outcomes: 0 (incomplete)" in out
    code, out, _ = cli("check", "--engine", "reference", "--json", path)
    assert code == 3 and all(e["error"].startswith("reference: gave up after 5 steps") for e in json.loads(out))
    code, out, _ = cli("check", "--engine", "reference", "--quiet", path)
    assert code == 3 and "inconclusive" in out


def test_racy_search_beyond_the_step_limit(monkeypatch):
    """The racy-execution search has its own budget of the same kind."""
    from litmus.reference import axiomatic, common

    monkeypatch.setattr(axiomatic, "Budget", lambda _limit, what, deadline=None: common.Budget(10, what, deadline))
    code, out, _ = cli("check", "--engine", "reference", str(CASES / "l03_lb_plain.lit"))
    assert code == 3 and "reference: gave up after 10 steps of the racy-execution search" in out


def test_unsupported_program_is_refused(monkeypatch):
    def unsupported(*a, **kw):
        raise litmus.reference.UnsupportedProgram("reference: goroutine g is started twice")

    monkeypatch.setattr(litmus.reference, "reference_outcomes", unsupported)
    code, out, err = cli("check", "--engine", "reference", str(CASES / "l01_mp_plain.lit"))
    assert (code, out) == (2, "")
    assert "l01_mp_plain.lit: error: reference: goroutine g is started twice" in err
    assert "hint: check this test with --engine z3" in err
    assert "Traceback" not in err


BIG = ('litmus "big"\nvar x, y, z int\n'
       + "".join(f"go func P{i}() {{ x = {i + 1}; r{i} := y; y = {i + 1}; s{i} := z; z = r{i} + s{i}; t{i} := x }}\n"
                 for i in range(6))
       + "exists (x == 1)\n")


def test_timeout_holds_for_the_reference(tmp_path):
    """A search far beyond one second ends at --timeout 1 and says so (outer bound generous)."""
    f = tmp_path / "big.lit"
    f.write_text(BIG)
    p = subprocess.run([sys.executable, "-m", "litmus", "check", "--engine", "reference", "--timeout", "1",
                        str(f)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 3, p.stderr
    assert "Inconclusive: timed out after 1 s" in p.stdout


def test_deadline_is_called_during_the_search():
    """The reference reads the clock while it searches, not only at its end."""
    calls = []
    test = load(BIG, "big.lit")

    def deadline():
        calls.append(time.monotonic())
        if len(calls) == 3:
            raise TimeoutError

    with pytest.raises(TimeoutError):
        litmus.reference.reference_outcomes(test, get_model("go"), deadline=deadline)
    assert len(calls) == 3
