"""Benchmarks: wall time, outcomes and solver calls per test, and totals.

    python bench/run.py                 # catalog under every model + every family
    python bench/run.py --families-only --family iriw
    python bench/run.py --fresh         # each family instance in a fresh process (as the targets say)
    python bench/run.py --programs      # the scaling issue's table: fresh process each, with a timeout
    python bench/run.py --programs --program mp-chain-6 --timeout 60
    python bench/run.py --explain       # each catalog test's witnesses and explanation, beyond its check

Figures are printed, not asserted: the targets live in the issues and the
recorded figures in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from families import FAMILIES, file_stem  # noqa: E402
from programs import PROGRAMS  # noqa: E402

from litmus.api import check_test, load  # noqa: E402
from litmus.models import models  # noqa: E402


def row(name: str, model: str, seconds: float, outcomes: int, calls: int, obs: str) -> str:
    return f"{name:<34} {model:<14} {seconds:>8.3f} s {outcomes:>6} outcomes {calls:>7} calls  {obs}"


def bench_catalog(model_names: list[str]) -> float:
    total = 0.0
    files = sorted((ROOT / "tests" / "litmus_cases").glob("*.lit"))
    print(f"== catalog: {len(files)} tests x {len(model_names)} models, one process")
    slowest = []
    for name in model_names:
        model = models()[name]
        sub = 0.0
        for f in files:
            t0 = time.perf_counter()
            test = load(f.read_text(), f.name)
            r = check_test(test, model, filename=f.name)
            dt = time.perf_counter() - t0
            sub += dt
            slowest.append((dt, f.stem, name, len(r.outcomes), r.solver_calls))
        print(f"  model {name:<14} {sub:8.3f} s")
        total += sub
    print(f"  catalog total {total:.3f} s; slowest:")
    for dt, stem, name, n, calls in sorted(slowest, reverse=True)[:8]:
        print("  " + row(stem, name, dt, n, calls, ""))
    return total


def bench_family(family: str, sizes, model: str, fresh: bool) -> None:
    fn, default_sizes = FAMILIES[family]
    print(f"== family {family} (model {model}{', fresh process each' if fresh else ''})")
    for size in sizes or default_sizes:
        args = size if isinstance(size, tuple) else (size,)
        name, source = fn(*args)
        if fresh:
            with tempfile.TemporaryDirectory() as d:
                path = Path(d) / (file_stem(family, size) + ".lit")
                path.write_text(source)
                t0 = time.perf_counter()
                out = subprocess.run([sys.executable, "-m", "litmus", "check", str(path), "--model", model,
                                      "--json"], capture_output=True, text=True, cwd=ROOT)
                dt = time.perf_counter() - t0
                data = json.loads(out.stdout)
                print("  " + row(name, model, dt, len(data["outcomes"]), data["stats"]["solver_calls"],
                                 data["condition"]["observation"] if data["condition"] else ""))
        else:
            t0 = time.perf_counter()
            test = load(source, name)
            r = check_test(test, models()[model], filename=name)
            dt = time.perf_counter() - t0
            print("  " + row(name, model, dt, len(r.outcomes), r.solver_calls, r.observation or ""))


def run_fresh(args: list[str], timeout: float) -> tuple[float, subprocess.CompletedProcess | None]:
    """(wall seconds, the finished process or None when it ran out of time)."""
    t0 = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t0, None
    return time.perf_counter() - t0, out


def bench_programs(names: list[str], model: str, timeout: float) -> None:
    """The scaling issue's programs, each in a fresh process bounded by
    `timeout` seconds (litmus's --timeout, and a kill a little later), then
    `--version` and the catalog under `model` in one process."""
    print(f"== programs (model {model}, fresh process each, timeout {timeout:g} s)")
    with tempfile.TemporaryDirectory() as d:
        for key in names:
            fn, fargs = PROGRAMS[key]
            name, source = fn(*fargs)
            suffix = ".go" if "\npackage " in source else ".lit"  # bench/programs.py: a Go program
            path = Path(d) / (key + suffix)
            path.write_text(source)
            dt, out = run_fresh(["-m", "litmus", "check", str(path), "--model", model, "--json",
                                 "--timeout", str(timeout)], timeout + 10)
            data = None
            if out is not None:
                try:
                    data = json.loads(out.stdout)
                except ValueError:
                    pass
            if data is None or data["error"]:
                why = "killed" if out is None else data["error"] if data else \
                    (out.stderr.strip().splitlines() or ["no output"])[-1]
                print(f"{name:<34} {model:<14} {dt:>8.3f} s  no answer ({why})")
                continue
            print(row(name, model, dt, len(data["outcomes"]), data["stats"]["solver_calls"],
                      data["condition"]["observation"] if data["condition"] else ""))
    dt, out = run_fresh(["-m", "litmus", "--version"], timeout)
    print(f"{'litmus --version':<34} {'':<14} {dt:>8.3f} s")
    dt, out = run_fresh([str(ROOT / "bench" / "run.py"), "--catalog-only", "--catalog-model", model], timeout * 3)
    total = [ln for ln in (out.stdout.splitlines() if out else []) if "catalog total" in ln]
    print(f"{'catalog, one process':<34} {model:<14} {dt:>8.3f} s  ({total[0].strip() if total else 'timeout'})")


def bench_explain() -> None:
    """Issue 11's speed target: what `--show witness --show forbidden` costs beyond the
    check, per catalog test under go, in one process (the command line's own path)."""
    import io

    from litmus.cli import run

    files = sorted((ROOT / "tests" / "litmus_cases").glob("*.lit"))
    print(f"== explain: {len(files)} catalog tests, model go, one process (witnesses and explanations)")
    rows = []
    for f in files:
        times = []
        for extra in ([], ["--show", "witness", "--show", "forbidden"]):
            t0 = time.perf_counter()
            run(["check", str(f), "--model", "go", "--quiet", *extra], io.StringIO(), io.StringIO())
            times.append(time.perf_counter() - t0)
        rows.append((times[1] - times[0], times[0], f.stem))
    for more, check, stem in sorted(rows, reverse=True)[:10]:
        print(f"  {stem:<40} check {check:7.3f} s   witnesses + explanation {more:7.3f} s more")
    print(f"  the most any test adds: {max(r[0] for r in rows):.3f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", action="append", choices=sorted(FAMILIES), help="only these families")
    ap.add_argument("--families-only", action="store_true")
    ap.add_argument("--catalog-only", action="store_true")
    ap.add_argument("--model", default="go")
    ap.add_argument("--fresh", action="store_true", help="one fresh process per family instance")
    ap.add_argument("--catalog-model", action="append", help="the catalog under these models only")
    ap.add_argument("--programs", action="store_true", help="the scaling issue's programs (bench/programs.py)")
    ap.add_argument("--program", action="append", choices=list(PROGRAMS), help="only these programs")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per program (default 120)")
    ap.add_argument("--explain", action="store_true", help="witnesses and explanations beyond each check")
    args = ap.parse_args()
    if args.explain:
        bench_explain()
        return 0
    if args.programs or args.program:
        bench_programs(args.program or list(PROGRAMS), args.model, args.timeout)
        return 0
    if not args.families_only:
        bench_catalog(args.catalog_model or list(models()))
    if not args.catalog_only:
        for family in args.family or list(FAMILIES):
            bench_family(family, None, args.model, args.fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
