"""The command line: exit codes, output forms and options (spec/cli.md)."""

import io
import json
from pathlib import Path

import pytest

from litmus.cli import run

CASES = Path(__file__).parent / "litmus_cases"
GUARDED = str(CASES / "seed_value_guarded.lit")

MP = """litmus "MP"
var x int
var y atomic.Int64
go func P0() {
    x = 1
    y.Store(1)
}
go func P1() {
    r1 := y.Load()
    r2 := x
}
exists (P1.r1 == 1 && P1.r2 == 0)
"""


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str, name: str = "t.lit") -> str:
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def test_check_passes_and_lists_outcomes():
    code, out, err = cli("check", GUARDED)
    assert code == 0, err
    assert "Test MP+value  model go" in out
    assert "model relaxed-value" in out  # named by an expect line
    assert "Observation MP+value Never 0 2" in out


def test_model_option_runs_only_that_model():
    code, out, _ = cli("check", GUARDED, "--model", "relaxed-value")
    assert code == 0
    assert "model go" not in out and "model relaxed-value" in out
    assert "Expect never: skipped" in out


def test_all_models():
    code, out, _ = cli("check", GUARDED, "--all-models", "--quiet")
    assert code == 0
    assert [line.split()[1] for line in out.splitlines()] == ["go", "sc", "relaxed-value"]


def test_json_fields():
    code, out, _ = cli("check", GUARDED, "--model", "go", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("test", "file", "model", "complete", "outcomes", "condition", "races", "expect", "stats"):
        assert key in data
    assert data["condition"] == {"kind": "exists", "text": "reader.v == true && reader.r == 0",
                                 "observation": "never", "positive": 0, "negative": 2}
    o = data["outcomes"][0]
    assert set(o) >= {"state", "goroutines", "status", "racy", "executions"}
    assert o["goroutines"]["writer"] == {"status": "ok", "out": ""}
    assert {tuple(sorted(x["state"].items())) for x in data["outcomes"]} == {
        (("reader.r", "42"), ("reader.v", "true")), (("reader.r", "unset"), ("reader.v", "nil"))}
    assert data["expect"][0] == {"model": "go", "claim": "never", "holds": True, "skipped": False}


def test_json_array_for_several_reports():
    code, out, _ = cli("check", GUARDED, "--json")
    assert isinstance(json.loads(out), list)


def test_failed_expectation_exits_1(tmp_path):
    code, out, _ = cli("check", write(tmp_path, MP + "expect sometimes\n"))
    assert code == 1
    assert "Expect sometimes: FAILED" in out


def test_bad_input_exits_2_with_location(tmp_path):
    code, _, err = cli("check", write(tmp_path, MP.replace("r2 := x", "r2 := xx")))
    assert code == 2
    assert "t.lit:10:11: error: undeclared name xx" in err
    assert "Traceback" not in err


def test_not_supported_yet_exits_2(tmp_path):
    src = 'var x int\nfunc main() {\n    for i := 0; i < x; i++ {\n        go func() {\n        }()\n    }\n}\n'
    code, _, err = cli("check", write(tmp_path, src))
    assert code == 2
    assert "not supported yet" in err


def test_unknown_model_exits_2():
    code, _, err = cli("check", GUARDED, "--model", "tso")
    assert code == 2 and "unknown model" in err


def test_unreadable_file_exits_2(tmp_path):
    code, _, err = cli("check", str(tmp_path / "missing.lit"))
    assert code == 2 and "cannot read" in err


def test_timeout_is_inconclusive(tmp_path):
    code, out, _ = cli("check", write(tmp_path, MP + "expect never\n"), "--timeout", "0.000001")
    assert code == 3
    assert "Inconclusive" in out


def test_cut_loop_is_inconclusive(tmp_path):
    src = """var x int
go func P0() {
    x = 1
}
go func P1() {
    n := 0
    for n < 10 {
        n++
    }
    r := x
}
exists (P1.r == 0)
expect sometimes
expect race-free
"""
    code, out, _ = cli("check", write(tmp_path, src), "--unroll", "2")
    assert "P1:cut" in out and "(incomplete)" in out
    assert code == 3  # "race-free" cannot be decided; "sometimes" could


def test_count_executions(tmp_path):
    code, out, _ = cli("check", write(tmp_path, MP), "--count-executions", "--json")
    data = json.loads(out)
    assert all(isinstance(o["executions"], int) and o["executions"] >= 1 for o in data["outcomes"])


def test_quiet_and_jobs_keep_input_order():
    code, out, _ = cli("check", str(CASES), "--quiet", "-j", "2", "--model", "go")
    code1, out1, _ = cli("check", str(CASES), "--quiet", "--model", "go")
    assert code == code1 == 0
    assert out == out1


def test_models_and_version():
    code, out, _ = cli("models")
    assert code == 0 and out.split()[0] == "go" and "relaxed-value" in out
    with pytest.raises(SystemExit):
        cli("--version")


def test_show_witness_lists_an_execution_per_outcome():
    """--show used to answer "not supported yet"; it now shows a witness for each outcome
    (tests/test_explain.py checks what they say)."""
    code, out, err = cli("check", GUARDED, "--model", "go", "--show", "witness")
    assert code == 0 and err == ""
    assert out.count("Witness for") == 2


def test_output_is_deterministic():
    assert cli("check", str(CASES))[1] == cli("check", str(CASES))[1]


def test_json_state_shows_the_observables_the_condition_names():
    path = str(CASES / "mutex_abba_deadlock.lit")
    code, out, _ = cli("check", path, "--model", "go", "--json")
    states = [o["state"] for o in json.loads(out)["outcomes"]]
    assert {"deadlock": "true", "T1.blocked": "true", "T2.blocked": "true"}.items() <= max(
        states, key=lambda s: s.get("deadlock") == "true").items()
    assert all(set(s) >= {"deadlock", "T1.blocked", "T2.blocked"} for s in states)
