"""Goldens: the witnesses and explanations of a dozen teaching cases, as the
command line prints them (`--show witness --show forbidden`), reviewed by
reading them as a student would. `pytest --update-goldens` rewrites them; a
change then shows in the diff, to be read again."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from litmus.cli import run

ROOT = Path(__file__).parent
CASES = ROOT / "litmus_cases"
GOLDENS = ROOT / "goldens" / "explain"

# (case, model): MP through atomic.Value under go and relaxed-value, SB with atomics,
# double-checked locking, busy waiting on a plain bool, the buffered-channel semaphore,
# mutex handoff, goroutine exit, the unbuffered channel's receive-before-send-completes
# edge, k+C, WaitGroup, Once, load buffering out of thin air
TEACHING = [
    ("seed_value_guarded", "go"), ("seed_value_guarded", "relaxed-value"), ("l20_sb_sc", "go"),
    ("l46_double_checked_locking", "go"), ("l46_double_checked_locking", "sc"),
    ("l54_busy_wait_plain", "go"), ("l54_busy_wait_plain", "sc"), ("l36_chan_semaphore_mp", "go"),
    ("l38_mutex_handoff", "go"), ("l52_goroutine_exit", "go"), ("l33_chan_unbuffered_hello", "go"),
    ("l35_chan_k_plus_c", "go"), ("l48_wg_done_wait", "go"), ("l45_once_twoprint", "go"),
    ("l04_lb_data_oota", "go"),
]


@pytest.mark.parametrize("case,model", TEACHING, ids=[f"{c}-{m}" for c, m in TEACHING])
def test_golden(case: str, model: str, update_goldens: bool, monkeypatch):
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.chdir(ROOT.parent)  # the file names in the output are relative
    code = run(["check", f"tests/litmus_cases/{case}.lit", "--model", model, "--show", "witness",
                "--show", "forbidden"], out, err)
    assert code == 0 and err.getvalue() == ""
    golden = GOLDENS / f"{case}-{model}.txt"
    if update_goldens:
        golden.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == golden.read_text(encoding="utf-8")
