"""Inputs that crashed or were answered wrongly (issue 7, items 5 and 6): each is
an exit-2 diagnostic with file:line:col, the source line and a caret, never a
traceback. One test per measured case."""

import io
from pathlib import Path

import pytest

from litmus.cli import run

# ----------------------------------------------------------------- constants and conditions

PROGRAM = "go func P0() {\n    r := 1\n    print(r)\n}\n"  # line 5 is the condition


def check_file(tmp_path: Path, text: str) -> tuple[int, str, str]:
    path = tmp_path / "t.lit"
    path.write_text(text)
    out, err = io.StringIO(), io.StringIO()
    code = run(["check", str(path)], out, err)
    return code, out.getvalue(), err.getvalue()


def assert_diagnostic(tmp_path: Path, text: str, line: int, col: int, *words: str) -> str:
    code, out, err = check_file(tmp_path, text)
    assert code == 2, out + err
    assert err.startswith(f"{tmp_path / 't.lit'}:{line}:{col}: error: "), err
    assert "^" in err and "hint: " in err and "Traceback" not in err
    for w in words:
        assert w in err, err
    return err


def test_literal_over_4300_digits_is_a_constant_overflow(tmp_path):
    # was: ValueError "Exceeds the limit (4300 digits) for integer string conversion"
    assert_diagnostic(tmp_path, "var x = " + "9" * 5000 + "\n" + PROGRAM, 1, 9, "constant overflow")


def test_channel_capacity_over_4300_digits(tmp_path):
    # was: the same ValueError, from inside Z3
    src = "var c = make(chan int, " + "9" * 5000 + ")\ngo func P0() {\n    c <- 1\n}\n"
    assert_diagnostic(tmp_path, src, 1, 24, "constant overflow")


def test_channel_capacity_that_overflows_int(tmp_path):
    # was accepted; go build: "99999999999999999999 (untyped int constant) overflows int"
    src = "var c = make(chan int, 99999999999999999999)\ngo func P0() {\n    c <- 1\n}\n"
    assert_diagnostic(tmp_path, src, 1, 24, "99999999999999999999", "overflows")


def test_overflowing_constant_message_stays_short(tmp_path):
    # a 150-digit value is abbreviated rather than printed whole
    err = assert_diagnostic(tmp_path, "go func P0() {\n    q := 1 << 500\n    print(q)\n}\n", 2, 10, "digits)")
    assert len(err.splitlines()[0]) < 200


@pytest.mark.parametrize("cond, col, hint", [
    ("P0.r", 9, "write P0.r != 0"),      # was answered "Never"
    ("!P0.r", 10, "write P0.r == 0"),    # was answered "Always"
    ("1", 9, "write a comparison"),
    ('"s"', 9, "write a comparison"),
    ("nil", 9, "write a comparison"),
    ("P0.r == 1 && P0.r", 22, "write P0.r != 0"),
    ("P0.out || race", 9, 'write P0.out != ""'),
    ("(P0.r + 1)", 10, "write a comparison"),
])
def test_condition_that_is_not_a_bool(tmp_path, cond, col, hint):
    assert_diagnostic(tmp_path, PROGRAM + f"exists ({cond})\n", 5, col, "needs a bool", hint)


@pytest.mark.parametrize("cond", ["race", "!deadlock", "P0.blocked || P0.panicked", "!(P0.r == 1)",
                                  "P0.r + 1 == 2 && !race"])
def test_bool_conditions_are_still_accepted(tmp_path, cond):
    code, out, err = check_file(tmp_path, PROGRAM + f"exists ({cond})\n")
    assert code == 0, err


def test_bool_local_is_a_condition(tmp_path):
    src = "var a atomic.Bool\ngo func P0() {\n    ok := a.CompareAndSwap(false, true)\n}\nexists (P0.ok)\n"
    code, out, err = check_file(tmp_path, src)
    assert code == 0, err


def test_shared_variable_named_like_a_status_is_its_own_type(tmp_path):
    # `blocked` is a status only after a goroutine name; a shared int of that name is an int
    src = "var blocked int\ngo func P0() {\n    blocked = 1\n}\nexists (blocked)\n"
    assert_diagnostic(tmp_path, src, 5, 9, "write blocked != 0")


def test_interface_local_as_condition_asks_for_a_comparison(tmp_path):
    src = "var v atomic.Value\ngo func P0() {\n    r := v.Load()\n}\nexists (P0.r)\n"
    assert_diagnostic(tmp_path, src, 5, 9, "write P0.r == true, or P0.r != nil")


def test_unknown_model_in_expect_is_located_at_the_name(tmp_path):
    # was: "t.lit: error: unknown model 'foo'" with no line, column or caret
    src = PROGRAM + "exists (P0.r == 1)\nexpect always\nexpect never under foo\n"
    assert_diagnostic(tmp_path, src, 7, 20, "unknown model foo", "the models are: go, sc, relaxed-value")
