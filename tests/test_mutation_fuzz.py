"""A mutation fuzzer over the whole catalog, run through the command line.

Each case takes a catalog test, mutates it (tokens, lines, bytes, keywords in
any position, huge literals), writes it to a file and runs `litmus check
--timeout T` on it in-process. The contract (spec/cli.md, issue 7):

- no traceback, ever: every failure is a diagnostic (`file:line:col: error:`
  or `file: error:`) and exit 2;
- the exit code is one of 0 (ok), 1 (an expectation failed), 2 (bad input),
  3 (inconclusive);
- the run ends: a watchdog (SIGALRM) fails the case when a check runs far past
  its --timeout.

The number of cases is bounded and the draws are derandomized, so CI runs the
same cases every time.
"""

from __future__ import annotations

import io
import re
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from litmus.cli import run
from test_parser_fuzz import TOKEN, mutate_tokens  # the parser fuzzer's tokens and mutations

CASES = Path(__file__).parent / "litmus_cases"
SOURCES = tuple(p.read_text(encoding="utf-8") for p in sorted(CASES.glob("*.lit")))

TIMEOUT = 2  # --timeout given to every check
WATCHDOG = 30  # seconds after which a case counts as a hang (generous: CI is loaded)

KEYWORDS = ("break case chan const continue default defer else fallthrough for func go goto if import "
            "interface map package range return select struct switch type var litmus exists forall "
            "expect under locations init main nil true false unset race deadlock").split()
HUGE = ("9" * 5000, "1 << 1000", "0x" + "f" * 300, '"' + "a" * 200_000 + '"', "`" + "b\n" * 5000 + "`",
        "(" * 150 + "1" + ")" * 150, "4294967296", "-9223372036854775809", "1e308", "'\\x00'")


def _mutate_tokens(draw, text: str) -> str:
    parts = TOKEN.findall(text)
    if not parts:
        return text
    return mutate_tokens(draw, parts, draw(st.integers(1, 4)),
                         inserts=st.sampled_from(KEYWORDS).map(lambda k: f" {k} "),
                         substitutes=st.sampled_from(HUGE))


def _mutate_lines(draw, text: str) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        match draw(st.sampled_from(["delete", "duplicate", "swap", "repeat"])):
            case "delete":
                del lines[i]
            case "duplicate":
                lines.insert(draw(st.integers(0, len(lines))), lines[i])
            case "swap":
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            case "repeat":  # a statement many times over: size, not syntax
                lines[i] = lines[i] * draw(st.sampled_from([50, 400]))
    return "".join(lines)


def _mutate_bytes(draw, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(0, len(b) - 1)))
        match draw(st.sampled_from(["flip", "insert", "delete", "invalid-utf8"])):
            case "flip" if b:
                b[i] ^= 1 << draw(st.integers(0, 7))
            case "insert":
                b.insert(i, draw(st.integers(0, 255)))
            case "delete" if b:
                del b[i]
            case _:
                b[i:i] = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]))
    return bytes(b)


@st.composite
def mutants(draw) -> bytes:
    text = draw(st.sampled_from(SOURCES))
    match draw(st.sampled_from(["tokens", "lines", "bytes", "tokens+lines"])):
        case "tokens":
            return _mutate_tokens(draw, text).encode("utf-8")
        case "lines":
            return _mutate_lines(draw, text).encode("utf-8")
        case "bytes":
            return _mutate_bytes(draw, text.encode("utf-8"))
        case _:
            return _mutate_lines(draw, _mutate_tokens(draw, text)).encode("utf-8")


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"the check ran past {WATCHDOG} s with --timeout {TIMEOUT}")


def check_contract(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "case.lit"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(WATCHDOG)
    try:
        code = run(["check", str(path), "--timeout", str(TIMEOUT), "--all-models"], out, err)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    stderr = err.getvalue()
    assert "Traceback" not in stderr and "Traceback" not in out.getvalue()
    assert code in (0, 1, 2, 3), (code, stderr)
    if code == 2:
        assert re.match(rf"{re.escape(str(path))}(:\d+:\d+)?: error: ", stderr), stderr[:2000]


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the watchdog needs SIGALRM")
# No shrinking: a hang would make it take minutes; the unshrunk input is reported.
@settings(max_examples=500, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(mutants())
def test_mutated_catalog_keeps_the_cli_contract(tmp_path, data):
    check_contract(tmp_path, data)
