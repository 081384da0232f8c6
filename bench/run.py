"""Benchmarks: wall time, outcomes and solver calls per test, and totals.

    python bench/run.py                 # catalog under every model + every family
    python bench/run.py --families-only --family iriw
    python bench/run.py --fresh         # each family instance in a fresh process (as the targets say)

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", action="append", choices=sorted(FAMILIES), help="only these families")
    ap.add_argument("--families-only", action="store_true")
    ap.add_argument("--catalog-only", action="store_true")
    ap.add_argument("--model", default="go")
    ap.add_argument("--fresh", action="store_true", help="one fresh process per family instance")
    args = ap.parse_args()
    if not args.families_only:
        bench_catalog(list(models()))
    if not args.catalog_only:
        for family in args.family or list(FAMILIES):
            bench_family(family, None, args.model, args.fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
