"""Time and size bounds (issue 7, items 3-5; docs/limits.md, "Time and size limits").

`--timeout S` bounds the whole check of a test, not only the Z3 calls: path
enumeration, the combinations and building the encodings check the deadline
too. A program beyond a size limit (litmus/limits.py) is refused with exit 2,
code "too-large", at the construct that made it large.

The cases measured in the issue run as subprocesses of the worktree's litmus
with an outer timeout far above --timeout (a regression fails, it does not
hang the suite); nothing here asserts how long a run took.
"""

import io
import subprocess
import sys
import time
from pathlib import Path

import pytest

from litmus.api import check, check_test, load
from litmus.cli import run
from litmus.errors import Timeout, TooLargeError
from litmus.limits import MAX_COMBOS, MAX_DEPTH, MAX_PATHS, MAX_STATEMENTS
from litmus.models import get_model
from litmus.solver.paths import PathBuilder
from litmus.solver.encode import INTERLEAVING, Encoding, race_candidates
from litmus.solver.search import combos
from litmus.solver.z3util import Budget

ROOT = Path(__file__).resolve().parent.parent
OUTER = 60  # seconds: the safety bound of a subprocess run with --timeout 2


def lines(*parts) -> str:
    out = []
    for p in parts:
        out.extend([p] if isinstance(p, str) else p)
    return "\n".join(out) + "\n"


def constant_loop(n: int, reader_loops: bool) -> str:
    """A writer of n values in a constant loop; the reader reads once or n times."""
    reader = (["    for i := 0; i < %d; i++ {" % n, "        r := x", "    }"] if reader_loops
              else ["    r := x"])
    return lines(f'litmus "loop{n}"', "var x int", "go func P0() {",
                 f"    for i := 0; i < {n}; i++ {{", "        x = i", "    }", "}",
                 "go func P1() {", reader, "}", "exists (P1.r == 5)")


def select_cases(n: int) -> str:
    return lines(f'litmus "select{n}"', [f"var c{i} = make(chan int)" for i in range(n)],
                 "go func P0() {", "    r := -1", "    select {",
                 [f"    case <-c{i}:\n        r = {i}" for i in range(n)], "    }", "}",
                 [f"go func S{i}() {{\n    c{i} <- 1\n}}" for i in range(n)], "exists (P0.r == 3)")


def ifs_in_a_row(n: int) -> str:
    return lines(f'litmus "ifs{n}"', "var x int", "var y int", "go func P0() {",
                 [f"    if x == {i} {{\n        y = {i}\n    }}" for i in range(n)], "}",
                 "go func P1() {", "    x = 1", "}", "exists (y == 1)")


def nested_loops(n: int) -> str:
    body = [("    " * (i + 1)) + f"for i{i} := 0; i{i} < 2; i{i}++ {{" for i in range(n)]
    body += ["    " * (n + 1) + "x = 1"] + ["    " * (i + 1) + "}" for i in reversed(range(n))]
    return lines(f'litmus "loops{n}"', "var x int", "go func P0() {", body, "}",
                 "go func P1() {", "    r := x", "}", "exists (P1.r == 1)")


def long_goroutine(n: int) -> str:
    return lines(f'litmus "long{n}"', "var x int", "go func P0() {", [f"    x = {i}" for i in range(n)], "}",
                 "go func P1() {", "    r := x", "}", "exists (P1.r == 1)")


def many_goroutines(n: int) -> str:
    return lines(f'litmus "go{n}"', "var x int", [f"go func G{i}() {{\n    x = {i}\n}}" for i in range(n)],
                 "exists (x == 1)")


def call_chain(n: int) -> str:
    return lines(f'litmus "chain{n}"', "var x int", [f"func f{i}() {{\n    f{i + 1}()\n}}" for i in range(n)],
                 f"func f{n}() {{", "    x = 1", "}", "go func P0() {", "    f0()", "}", "exists (x == 1)")


def channels(n: int, closed: bool = False) -> str:
    """A sender and a receiver over n buffered channels, one operation each."""
    return lines(f'litmus "chan{n}"', [f"var c{i} = make(chan int, 1)" for i in range(n)],
                 "go func P0() {", [f"    c{i} <- 1" for i in range(n)],
                 ["    close(c0)"] if closed else [], "}",
                 "go func P1() {", [f"    r{i} := <-c{i}" for i in range(n)], "}",
                 f"exists (P1.r{n - 1} == 1)")


def one_channel_many_sends(n: int) -> str:
    """n sends on one buffered channel by a goroutine main starts, one receive
    in main: the channel's position terms."""
    return lines('litmus "sends"', "var c = make(chan int, 10)", "var a string", "func f() {",
                 '    a = "hello"', ["    c <- 0"] * n, "}", "func main() {", "    go f()", "    <-c",
                 "    print(a)", "}", 'exists (main.out != "hello")')


def many_dones(n: int) -> str:
    """One goroutine calls wg.Done n times: the WaitGroup's counting terms."""
    return lines('litmus "dones"', "var wg sync.WaitGroup", "var x int", "func init() {",
                 f"    wg.Add({n})", "}", "go func P() {", ["    wg.Done()"] * n, "}", "go func Q() {",
                 "    wg.Wait()", "    r := x", "}", "exists (Q.r == 0)")


def litmus_subprocess(tmp_path: Path, source: str, *args: str) -> subprocess.CompletedProcess:
    f = tmp_path / "t.lit"
    f.write_text(source)
    return subprocess.run([sys.executable, "-m", "litmus", "check", *args, str(f)], cwd=ROOT,
                          capture_output=True, text=True, timeout=OUTER)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def expired() -> Budget:
    b = Budget(1.0)
    b.deadline = time.monotonic() - 1  # already past: the next check raises
    return b


def too_large(source: str, **kw) -> TooLargeError:
    with pytest.raises(TooLargeError) as e:
        check(source, filename="t.lit", **kw)
    assert e.value.diagnostics[0].code == "too-large"
    return e.value


# ------------------------------------------------------------------ the measured cases


@pytest.mark.parametrize("source", [
    constant_loop(200, reader_loops=True),  # was 49 s then "timed out after 5 s" (here: > 60 s)
    constant_loop(1000, reader_loops=False),  # was 503 s and 2 GB
    many_goroutines(985),  # was a RecursionError in combos.expand
    one_channel_many_sends(1000),  # found by the mutation fuzzer: minutes in the channel's terms
    many_dones(2000),  # found by the mutation fuzzer: the WaitGroup's terms had no check
], ids=["loop200", "loop1000", "goroutines985", "sends1000", "dones2000"])
def test_timeout_bounds_the_whole_run(tmp_path, source):
    r = litmus_subprocess(tmp_path, source, "--timeout", "2")
    assert r.returncode == 3, r.stderr
    assert "Inconclusive: timed out after 2 s" in r.stdout
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("source, line, words", [
    (select_cases(20), 22, "combinations"),  # the goroutine with the select (21 paths; 20 senders of 2)
    (ifs_in_a_row(20), None, "control paths"),  # 2^20 paths in one goroutine
    (nested_loops(30), 4, "unrolling this constant loop"),  # 2^30 statements: the outermost loop
    (long_goroutine(10_000), MAX_STATEMENTS + 4, "the program has more than"),
    (call_chain(246), None, "nested more than"),  # was a RecursionError in the inliner
], ids=["select20", "ifs20", "loops30", "lines10000", "calls246"])
def test_too_large_is_exit_2_at_the_construct(tmp_path, source, line, words):
    r = litmus_subprocess(tmp_path, source)  # no --timeout: refused, whatever the machine's speed
    assert r.returncode == 2, (r.stdout, r.stderr)
    first = r.stderr.splitlines()[0]
    assert "t.lit:" in first and ": error: " in first and words in first, first
    if line is not None:
        assert f"t.lit:{line}:" in first
    assert "^" in r.stderr and "hint: " in r.stderr and "docs/limits.md" in r.stderr
    assert "Traceback" not in r.stderr


# ------------------------------------------------------------------ where the deadline is checked


def test_path_enumeration_checks_the_deadline():
    test = load(ifs_in_a_row(3))
    with pytest.raises(Timeout):
        PathBuilder(test.program, 4, expired()).paths(test.program.goroutines[0])


def test_combinations_check_the_deadline():
    test = load(ifs_in_a_row(3))
    builder = PathBuilder(test.program, 4)
    assert len(list(combos(test, builder))) == 8  # P0: 2^3 paths, P1: 1
    builder.budget = expired()
    with pytest.raises(Timeout):
        list(combos(test, builder))


def test_encoding_and_race_pairs_check_the_deadline():
    test = load(ifs_in_a_row(3))
    combo = next(combos(test, PathBuilder(test.program, 4)))
    assert race_candidates(combo)
    with pytest.raises(Timeout):
        race_candidates(combo, expired())
    with pytest.raises(Timeout):
        Encoding(combo, test.program, get_model("go"), INTERLEAVING, budget=expired())


def test_a_timeout_in_python_work_is_reported_not_raised():
    report = check_test(load(ifs_in_a_row(3)), get_model("go"), timeout=1e-9)
    assert report.error == "timed out after 1e-09 s" and report.inconclusive


# ------------------------------------------------------------------ size limits, one by one


def helper_with_loop(calls: int, nested: int = 1) -> str:
    """A helper whose constant loops make about 1000^nested stores, called `calls` times."""
    loops = [("    " * (i + 1)) + f"for i{i} := 0; i{i} < 1000; i{i}++ {{" for i in range(nested)]
    loops += ["    " * (nested + 1) + "x = 1"] + ["    " * (i + 1) + "}" for i in reversed(range(nested))]
    return lines('litmus "calls"', "var x int", "func f() {", loops, "}",
                 "go func P0() {", ["    f()"] * calls, "}", "exists (x == 1)")


def test_statement_limit_blames_the_call_that_made_most_of_them():
    e = too_large(helper_with_loop(1, nested=2))
    d = e.diagnostics[0]
    assert d.message.startswith("inlining this call makes the program more than")
    assert d.span.line == 11  # the call, in P0


def test_statement_limit_without_one_culprit_blames_the_program():
    e = too_large(helper_with_loop(5))  # about 2000 statements per call
    d = e.diagnostics[0]
    assert d.message.startswith(f"the program has more than {MAX_STATEMENTS} statements")
    assert d.span.line == 9 + 2  # the third call crosses the limit


def test_statement_limit_counts_after_unrolling():
    # one loop of 1000 iterations is fine; the same body in nested loops is not
    ok = lines('litmus "one"', "var x int", "go func P0() {", "    for i := 0; i < 1000; i++ {",
               "        x = i", "    }", "}", "exists (x == 1)")
    assert load(ok).program.goroutines[0].body
    with pytest.raises(TooLargeError) as e:
        load(nested_loops(13))  # 2^13 stores
    assert e.value.diagnostics[0].span.line == 4


def test_nesting_limit_allows_a_chain_just_below_it():
    assert check(call_chain(MAX_DEPTH - 3)).observation == "always"
    e = too_large(call_chain(MAX_DEPTH + 10))
    assert f"nested more than {MAX_DEPTH} levels" in str(e) and "f0 -> f1 -> f2" in str(e)


def test_path_limit_points_at_the_statement_and_shows_the_source():
    e = too_large(ifs_in_a_row(20))
    d = e.diagnostics[0]
    assert f"more than {MAX_PATHS} control paths" in d.message
    n = MAX_PATHS.bit_length()  # the if after which P0 has 2^n > MAX_PATHS paths
    assert d.span.line == 5 + 3 * (n - 1)
    assert "    if x == " in e.render() and "^" in e.render()  # the file and source travel with it


def test_combination_limit_is_refused_before_the_product():
    e = too_large(select_cases(20))
    assert f"more than {MAX_COMBOS} combinations" in str(e) and "P0 21" in str(e)


def test_too_large_found_while_checking_is_exit_2_in_the_cli(tmp_path):
    f = tmp_path / "t.lit"
    f.write_text(ifs_in_a_row(20))
    code, out, err = cli("check", str(f))
    assert code == 2 and out == ""
    assert err.startswith(f"{f}:") and "control paths" in err


# ------------------------------------------------------------------ memory: channels and goroutines


def test_receives_on_channels_nothing_closes_make_linear_paths():
    """100 channels took 622 MB: each receive also forked "found it closed" (2^n
    paths, dropped only after they were built). Without a close statement on the
    channel, a receive takes a value or waits forever."""
    test = load(channels(100))
    builder = PathBuilder(test.program, 4)
    receiver = test.program.goroutines[1]
    assert len(builder.paths(receiver)) == 101  # 100 blocked at receive k, one that took them all
    closing = load(channels(12, closed=True))
    # c0 can be closed: its receive may see it closed (2 ways that go on)
    assert len(PathBuilder(closing.program, 4).paths(closing.program.goroutines[1])) == 2 * 12 + 1


def test_100_channels_are_checked():
    r = check(channels(100))
    assert r.observation == "always" and r.complete  # every send fits its buffer: P1 gets every value


def test_many_goroutines_enumerate_without_recursion():
    test = load(many_goroutines(1500))
    (combo,) = combos(test, PathBuilder(test.program, 4))
    assert len(combo.paths) == 1500


def test_the_models_of_one_file_share_its_timeout(tmp_path, monkeypatch):
    """--timeout S bounds the whole check of a file: every model's search gets
    the same deadline, set before the file is read (not S seconds per model)."""
    import litmus.api
    from litmus.cli import _check_file

    seen = []
    real = litmus.api.check_test

    def spy(test, model, **kw):
        seen.append(kw["deadline"])
        return real(test, model, **kw)

    monkeypatch.setattr(litmus.api, "check_test", spy)
    f = tmp_path / "t.lit"
    f.write_text(lines("var x int", "go func P() {", "    x = 1", "}", "exists (x == 1)"))
    before = time.monotonic()
    opts = dict(model=None, all_models=True, unroll=4, timeout=30.0, all_observables=False,
                count_executions=False, engine="z3")
    reports = _check_file(f, opts)
    assert len(reports) == 3 and len(set(seen)) == 1
    assert before + 30.0 <= seen[0] <= time.monotonic() + 30.0
