"""Start-up: what the command line loads before it checks a test.

`--version`, `--help`, `litmus models` and a refused option never load Z3 or
Lark (they cost most of a fresh process's start); a check loads both, and
still stops on Ctrl-C (tests/test_cli_robust.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import runpy, sys
sys.argv = ['litmus', *sys.argv[1:]]
try:
    runpy.run_module('litmus', run_name='__main__')
except SystemExit:
    pass
sys.__stderr__.write('LOADED ' + ' '.join(m for m in ('z3', 'lark') if m in sys.modules) + '\\n')
"""


def loaded(*argv: str) -> tuple[set[str], subprocess.CompletedProcess]:
    out = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    line = [ln for ln in out.stderr.splitlines() if ln.startswith("LOADED")][-1]
    return set(line.split()[1:]), out


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["models"], ["check"],
                                  ["check", "x.lit", "--unroll", "-1"], ["check", "x.lit", "--timeout", "0"],
                                  ["check", "x.lit", "--engine", "nope"], ["frobnicate"]])
def test_no_solver_or_parser_before_a_check(argv):
    mods, out = loaded(*argv)
    assert mods == set(), (argv, mods, out.stdout, out.stderr)


def test_a_check_loads_them_and_answers(tmp_path):
    f = tmp_path / "t.lit"
    f.write_text('litmus "T"\nvar x int\ngo func P() {\n    x = 1\n}\nexists (x == 1)\nexpect always\n')
    mods, out = loaded("check", str(f))
    assert mods == {"z3", "lark"}
    assert "Expect always: ok" in out.stdout
