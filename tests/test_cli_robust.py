"""The command line under real conditions (issue 7, items 7-13): special files,
bad option values, signals, -j, broken output streams, one bad file among
good ones, and honest "incomplete" answers. Each test reproduces a measured
defect. Tests that could hang or that need a real process (signals, closed
streams) run `python -m litmus` from this checkout in a subprocess with a
generous outer timeout; a hang fails the test instead of hanging the suite."""

import importlib.util
import io
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import litmus
from litmus.cli import run
from litmus.errors import Timeout
from litmus.solver.z3util import Budget

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "litmus_cases"
GUARDED = str(CASES / "seed_value_guarded.lit")
# this checkout's code, with standard output buffered as a user's is
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
       "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
LITMUS = [sys.executable, "-m", "litmus"]

MP = """litmus "{name}"
var x int
var y atomic.Int64
go func P0() {{
    x = 1
    y.Store(1)
}}
go func P1() {{
    r1 := y.Load()
    r2 := x
}}
exists (P1.r1 == 1 && P1.r2 == 0)
"""


def mp(name: str = "MP") -> str:
    return MP.format(name=name)


def slow_source(n: int = 7) -> str:
    """Mutex-incr-n from bench/families.py, but each goroutine names its local
    apart (`r0 := x`, ...), so that the symmetry reduction (solver/symmetry.py)
    does not apply: many short Z3 calls, seconds to minutes."""
    spec = importlib.util.spec_from_file_location("families", ROOT / "bench" / "families.py")
    families = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(families)
    source = families.mutex_incr(n)[1]
    for i in range(n):
        source = source.replace(f"go func P{i}() {{\n    mu.Lock()\n    x++\n",
                                f"go func P{i}() {{\n    mu.Lock()\n    r{i} := x\n    x = r{i} + 1\n")
    assert source.count(" := x") == n
    return source


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def write(dir: Path, name: str, text: str) -> str:
    p = dir / name
    p.write_text(text)
    return str(p)


def litmus_run(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("capture_output", True)
    return subprocess.run([*LITMUS, *args], cwd=ROOT, env=ENV, text=True, timeout=timeout, **kw)


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def children(pid: int) -> set[int]:
    out = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


def wait_until(pred, limit: float = 60.0) -> bool:
    """Poll pred until it holds or the generous limit passes (no timing is asserted)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return pred()


# ------------------------------------------------------------------ 7. special files

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


@needs_fifo
def test_fifo_in_a_directory_is_skipped_and_the_other_files_are_checked(tmp_path):
    write(tmp_path, "a.lit", mp())
    os.mkfifo(tmp_path / "b.lit")
    r = litmus_run("check", str(tmp_path), "--quiet", "--timeout", "5", timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[:2] == ["MP", "go"]
    assert f"litmus: note: skipping {tmp_path / 'b.lit'}: not a regular file (a FIFO)" in r.stderr


@needs_fifo
def test_a_named_fifo_is_an_error_naming_it(tmp_path):
    os.mkfifo(tmp_path / "b.lit")
    a = write(tmp_path, "a.lit", mp())
    r = litmus_run("check", str(tmp_path / "b.lit"), a, "--quiet", timeout=60)
    assert r.returncode == 2
    assert f"{tmp_path / 'b.lit'}: error: cannot read {tmp_path / 'b.lit'}: not a regular file (a FIFO)" in r.stderr
    assert "MP" in r.stdout and "Traceback" not in r.stderr


@needs_fifo
def test_the_library_refuses_a_fifo_without_blocking(tmp_path):
    """check_file opens without blocking and checks the type on the open file,
    so a FIFO (no writer) is an error at once, not a hang."""
    os.mkfifo(tmp_path / "f.lit")
    code = ("import litmus, sys\n"
            "try:\n    litmus.check_file(sys.argv[1])\n"
            "except litmus.LitmusError as e:\n    print(e)\n")
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "f.lit")], cwd=ROOT, env=ENV,
                       capture_output=True, text=True, timeout=60)
    assert "not a regular file (a FIFO)" in r.stdout, r.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_without_reading_it():
    def small_memory():  # before the fix litmus read /dev/zero until MemoryError
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    r = litmus_run("check", "/dev/zero", timeout=60, preexec_fn=small_memory)
    assert r.returncode == 2
    assert "/dev/zero: error: cannot read /dev/zero: not a regular file (a character device)" in r.stderr
    assert "Traceback" not in r.stderr


# ------------------------------------------------------------------ 8. option values

@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400", "0", "-0", "-1", "abc", ""])
def test_bad_timeout_is_refused(value):
    code, out, err = cli("check", GUARDED, "--timeout", value)
    assert code == 2 and out == ""
    assert err.startswith("litmus: error: argument --timeout: ") and err.count("\n") == 1


def test_huge_timeout_is_accepted_and_clamped():
    code, out, err = cli("check", GUARDED, "--timeout", "1e308", "--quiet")
    assert code == 0, err
    assert "inconclusive" not in out


def test_budget_never_exceeds_z3s_unsigned_32_bit_milliseconds():
    # 4294967.3 s is 4294967300 ms: Z3 wrapped it to a few ms, and tests came out inconclusive
    for seconds in (4294967.3, 1e9, 1e308):
        assert 4294967000 < Budget(seconds).remaining_ms() <= 2**32 - 1


@pytest.mark.parametrize("argv", [["-j", "-1"], ["-j", "many"], ["--unroll", "-1"]])
def test_bad_jobs_and_unroll_are_refused(argv):
    code, _, err = cli("check", GUARDED, *argv)
    assert code == 2 and err.startswith("litmus: error: ")


@pytest.mark.parametrize("kw", [dict(unroll=-1), dict(unroll=1.5), dict(unroll="4"), dict(unroll=True),
                                dict(timeout=0), dict(timeout=-1), dict(timeout=math.nan),
                                dict(timeout=math.inf), dict(timeout="5")])
def test_api_refuses_bad_arguments_with_a_litmus_error(kw):
    with pytest.raises(litmus.LitmusArgumentError) as info:
        litmus.check(mp(), **kw)
    assert isinstance(info.value, litmus.LitmusError)
    assert str(info.value).startswith("litmus: error: ")


def test_api_unknown_model_is_a_litmus_error():
    with pytest.raises(litmus.ModelError) as info:
        litmus.check(mp(), model="tso")
    assert isinstance(info.value, litmus.LitmusError) and isinstance(info.value, ValueError)
    assert "unknown model 'tso'" in str(info.value)


def test_cli_unknown_model_in_an_expect_line_names_the_file(tmp_path):
    path = write(tmp_path, "t.lit", mp() + "expect never under tso\n")
    code, _, err = cli("check", path)
    assert code == 2 and "t.lit:13:20: error: unknown model tso" in err and "Traceback" not in err


# ------------------------------------------------------------------ 9. signals

def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([*LITMUS, *args], cwd=ROOT, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("delay", [0.0, 0.3, 1.5])
def test_sigint_stops_everything_with_one_line_and_exit_130(tmp_path, delay):
    quick, slow, after = (write(tmp_path, "a.lit", mp("First")), write(tmp_path, "b.lit", slow_source()),
                          write(tmp_path, "c.lit", mp("After")))
    p = start("check", quick, slow, after, "--quiet")
    try:
        first = p.stdout.readline()  # reported as soon as it is done: the slow test is running now
        assert first.startswith("First")
        time.sleep(delay)  # land in different places: parsing, path building, a Z3 call
        os.kill(p.pid, signal.SIGINT)
        out, err = p.communicate(timeout=120)
    finally:
        p.kill()
    assert p.returncode == 130, err
    assert err == "litmus: interrupted\n"
    assert out == ""  # neither the slow test (as "inconclusive") nor the next file


def busy_pool(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, set[int]]:
    """litmus -j 2 on two slow files, once both workers exist."""
    files = [write(tmp_path, f"s{i}.lit", slow_source().replace("Mutex-incr-7", f"Slow{i}")) for i in (1, 2)]
    p = start("check", *files, "-j", "2", "--quiet", *extra)
    assert wait_until(lambda: len(children(p.pid)) >= 2 or p.poll() is not None)
    workers = children(p.pid)
    assert p.poll() is None and len(workers) == 2
    return p, workers


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_to_the_parent_ends_the_workers_too(tmp_path, sig, code):
    p, workers = busy_pool(tmp_path)
    try:
        os.kill(p.pid, sig)
        out, err = p.communicate(timeout=120)
        assert p.returncode == code, err
        assert "Traceback" not in err and out == ""
        assert wait_until(lambda: not any(map(alive, workers))), "workers outlived the parent"
    finally:
        p.kill()
        for w in workers:
            if alive(w):
                os.kill(w, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux")
def test_workers_die_when_the_parent_is_killed(tmp_path):
    p, workers = busy_pool(tmp_path)
    try:
        os.kill(p.pid, signal.SIGKILL)
        p.communicate(timeout=120)
        assert wait_until(lambda: not any(map(alive, workers))), "workers outlived the parent"
    finally:
        for w in workers:
            if alive(w):
                os.kill(w, signal.SIGKILL)


def test_z3_interrupted_answer_is_an_interrupt(monkeypatch):
    import z3

    from litmus import stopping
    from litmus.solver import z3util

    s = z3util.make_solver()
    monkeypatch.setattr(z3.Solver, "check", lambda self, *a: z3.unknown)
    monkeypatch.setattr(z3.Solver, "reason_unknown", lambda self: "interrupted from keyboard")
    with pytest.raises(KeyboardInterrupt):
        z3util.is_sat(s, Budget(None))
    # "canceled" is our watcher's ctx.interrupt() after SIGINT or SIGTERM...
    monkeypatch.setattr(z3.Solver, "reason_unknown", lambda self: "canceled")
    monkeypatch.setattr(stopping, "_stop_signal", signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        z3util.is_sat(s, Budget(None))
    # ... or Z3's own timer, which may fire a little before our clock's deadline:
    # a timeout, not an interrupt (the mutation fuzzer saw exit 130 without a signal)
    monkeypatch.setattr(stopping, "_stop_signal", 0)
    with pytest.raises(Timeout):
        z3util.is_sat(s, Budget(100.0))


# ------------------------------------------------------------------ 10. -j

class SpyPool:
    """Records how many workers the CLI asked for."""

    asked: list[int] = []

    def __init__(self, real):
        self.real = real

    def __call__(self, max_workers=None, **kw):
        SpyPool.asked.append(max_workers)
        return self.real(max_workers, **kw)


@pytest.fixture
def spy_pool(monkeypatch):
    import concurrent.futures  # litmus.cli imports ProcessPoolExecutor from here when it starts a pool

    SpyPool.asked = []
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", SpyPool(concurrent.futures.ProcessPoolExecutor))
    return SpyPool.asked


def test_at_most_one_worker_per_file(tmp_path, spy_pool):
    files = [write(tmp_path, f"{n}.lit", mp(n)) for n in "AB"]
    code, out, _ = cli("check", *files, "-j", "8", "--quiet")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["A", "B"]
    assert spy_pool == [2]


@pytest.mark.parametrize("jobs", ["0", "auto"])
def test_jobs_auto_uses_the_cores(tmp_path, spy_pool, monkeypatch, jobs):
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    files = [write(tmp_path, f"{n}.lit", mp(n)) for n in "ABCDE"]
    code, out, _ = cli("check", *files, "-j", jobs, "--quiet")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == list("ABCDE")
    assert spy_pool == [3]


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method")
def test_workers_that_cannot_start_fall_back_to_one_at_a_time(tmp_path):
    files = [write(tmp_path, f"{n}.lit", mp(n)) for n in "ABC"]
    # the second fork fails as under a process limit (ulimit -u)
    driver = f"""
import errno, os, sys
real, calls = os.fork, []
def fork():
    calls.append(1)
    if len(calls) > 1:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
    return real()
os.fork = fork
sys.argv = ["litmus", "check", *{files!r}, "-j", "3", "--quiet"]
from litmus.cli import main
main()
"""
    r = subprocess.run([sys.executable, "-c", driver], cwd=ROOT, env=ENV, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert [line.split()[0] for line in r.stdout.splitlines()] == ["A", "B", "C"]
    assert r.stderr == ("litmus: note: cannot start 3 worker processes (Resource temporarily unavailable); "
                        "checking one file at a time\n")


# ------------------------------------------------------------------ 11. output errors

def test_closed_stdout_is_a_clean_output_error(tmp_path):
    a = write(tmp_path, "a.lit", mp())
    r = subprocess.run(["sh", "-c", 'exec "$0" -m litmus check "$1" >&-', sys.executable, a], cwd=ROOT, env=ENV,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 4
    assert r.stderr == "litmus: error: cannot write the output: standard output is closed\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_is_a_clean_output_error(tmp_path):
    a = write(tmp_path, "a.lit", mp())
    with open("/dev/full", "w") as full:
        r = litmus_run("check", a, stdout=full, stderr=subprocess.PIPE, capture_output=False)
    assert r.returncode == 4
    assert r.stderr == "litmus: error: cannot write the output: No space left on device\n"


def test_reader_leaving_the_pipe_exits_141_silently():
    p = start("check", str(CASES), "--quiet", "--model", "go")
    try:
        assert p.stdout.readline()
        p.stdout.close()  # `| head -1`
        err = p.stderr.read()
        p.wait(timeout=300)
    finally:
        p.kill()
    assert p.returncode == 141  # 128 + SIGPIPE, as a shell reports a writer killed by SIGPIPE
    assert err == ""


# ------------------------------------------------------------------ 12. one bad file

def test_internal_error_in_one_file_is_reported_next_to_it_and_the_run_goes_on(tmp_path, monkeypatch):
    from litmus.solver.search import Search

    real = Search.run

    def run_or_crash(self):
        if self.test.name == "B":
            raise RuntimeError("boom")
        return real(self)

    monkeypatch.setattr(Search, "run", run_or_crash)
    files = [write(tmp_path, f"{n}.lit", mp(n)) for n in "ABC"]
    code, out, err = cli("check", *files, "--quiet")
    assert code == 2
    assert [line.split()[0] for line in out.splitlines()] == ["A", "C"]
    assert err == f"{files[1]}: internal error: RuntimeError: boom (please report it)\n"


def test_each_result_and_error_comes_out_in_input_order(tmp_path):
    files = [write(tmp_path, "a.lit", mp("A")), write(tmp_path, "b.lit", "litmus \"B\"\nvar x int x\n"),
             write(tmp_path, "c.lit", mp("C"))]
    for jobs in ("1", "2"):
        r = litmus_run("check", *files, "--quiet", "-j", jobs, stderr=subprocess.STDOUT, capture_output=False,
                       stdout=subprocess.PIPE)
        lines = r.stdout.splitlines()
        assert r.returncode == 2
        assert lines[0].startswith("A ") and lines[1].startswith(f"{files[1]}:2:") and lines[-1].startswith("C ")


def test_json_stays_valid_and_names_each_bad_file(tmp_path):
    files = [write(tmp_path, "a.lit", mp("A")), write(tmp_path, "b.lit", "litmus \"B\"\nvar x int x\n")]
    code, out, err = cli("check", *files, "--json")
    assert code == 2
    a, b = json.loads(out)
    assert a["test"] == "A" and a["error"] is None
    assert b["file"] == files[1] and b["test"] is None and b["error"].startswith(f"{files[1]}:2:")
    assert err.startswith(f"{files[1]}:2:")


def test_json_with_several_reports_matches_one_dump(tmp_path):
    """The streamed array is byte for byte what json.dump(indent=2) writes."""
    files = [write(tmp_path, f"{n}.lit", mp(n)) for n in "ABC"]
    _, out, _ = cli("check", *files, "--json")
    assert out == json.dumps(json.loads(out), indent=2) + "\n"
    _, one, _ = cli("check", files[0], "--json")
    assert isinstance(json.loads(one), dict) and one == json.dumps(json.loads(one), indent=2) + "\n"


# ------------------------------------------------------------------ 13. honest incompleteness

def test_timed_out_race_search_is_null_in_json(tmp_path):
    code, out, _ = cli("check", write(tmp_path, "t.lit", mp()), "--timeout", "0.000001", "--json")
    assert code == 3
    assert json.loads(out)["racy"] is None


CUT_NO_CONDITION = """litmus "Cut"
var x int
go func P0() {
    n := 0
    for n < 10 {
        n++
    }
    x = n
}
"""


def test_quiet_does_not_say_race_free_when_the_search_was_cut(tmp_path):
    code, out, _ = cli("check", write(tmp_path, "t.lit", CUT_NO_CONDITION), "--unroll", "2", "--quiet")
    assert out.split()[:3] == ["Cut", "go", "unknown"]
    code, out, _ = cli("check", write(tmp_path, "t.lit", CUT_NO_CONDITION), "--unroll", "2", "--json")
    assert json.loads(out)["racy"] is None


def test_complete_search_still_says_race_free(tmp_path):
    code, out, _ = cli("check", write(tmp_path, "t.lit", CUT_NO_CONDITION), "--unroll", "20", "--quiet")
    assert code == 0 and out.split()[:3] == ["Cut", "go", "race-free"]


def test_empty_path_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.lit", mp())  # `litmus check ''` used to check the current directory
    code, out, err = cli("check", "")
    assert code == 2 and out == ""
    assert err == "litmus: error: an empty path ('') names no file\n"
