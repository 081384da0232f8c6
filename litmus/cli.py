"""The `litmus` command: a thin shell over the library (spec/cli.md).

`run(argv, stdout, stderr) -> int` does the work and returns the exit code;
`main()` is the only caller of sys.exit. Exit codes, the highest that
applies: 2 bad input, 3 inconclusive, 1 an expectation failed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TextIO

from litmus import __version__
from litmus.api import Report, check_test, load, models_for, read_source
from litmus.errors import LitmusError
from litmus.models import ModelError, models

EXIT_OK, EXIT_EXPECT, EXIT_INPUT, EXIT_INCONCLUSIVE = 0, 1, 2, 3


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2 with our own message, no traceback
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="litmus", description="List every outcome the Go memory model permits for a litmus test.")
    p.add_argument("--version", action="version", version=f"litmus {__version__}")
    sub = p.add_subparsers(dest="command")
    c = sub.add_parser("check", help="check .lit files or directories")
    c.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    c.add_argument("--model", help="go, sc or relaxed-value (default: go and the models expect lines name)")
    c.add_argument("--all-models", action="store_true", help="check under every shipped model")
    c.add_argument("--json", action="store_true", help="JSON on standard output")
    c.add_argument("--all-observables", action="store_true", help="show every local and shared variable")
    c.add_argument("--count-executions", action="store_true", help="count the executions behind each outcome")
    c.add_argument("--unroll", type=int, default=4, metavar="K", help="loop bound (default 4)")
    c.add_argument("--timeout", type=float, default=None, metavar="S", help="give up on a test after S seconds")
    c.add_argument("-j", type=int, default=1, metavar="N", dest="jobs", help="check N tests at once")
    c.add_argument("--quiet", action="store_true", help="one line per test and model")
    c.add_argument("--show", choices=["witness", "forbidden"], help="execution graphs (not supported yet)")
    c.add_argument("--graph", metavar="DIR", help="write execution graphs (not supported yet)")
    sub.add_parser("models", help="list the shipped models")
    return p


def find_tests(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():  # .lit tests and Go programs (.go files read their question from comments)
            out.extend(sorted([*p.rglob("*.lit"), *p.rglob("*.go")]))
        else:
            out.append(p)
    return out


def check_one(path: Path, opts: dict) -> tuple[list[Report], str | None]:
    """Check one file under its models: (reports, error text)."""
    try:
        source = read_source(path)
        test = load(source, str(path))
        chosen = models_for(test, opts["model"], opts["all_models"])
    except LitmusError as e:
        return [], e.render()
    except ModelError as e:
        return [], f"{path}: error: {e}"
    names = tuple(m.name for m in chosen)
    reports = [check_test(test, m, filename=str(path), unroll=opts["unroll"], timeout=opts["timeout"],
                          all_observables=opts["all_observables"], count_executions=opts["count_executions"],
                          checked_models=names) for m in chosen]
    return reports, None


def run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as e:
        stderr.write(f"litmus: error: {e}\n")
        return EXIT_INPUT
    if args.command == "models":
        for m in models().values():
            stdout.write(f"{m.name:<14} {m.summary}\n")
        return EXIT_OK
    if args.command != "check":
        build_parser().print_help(stdout)
        return EXIT_INPUT
    if args.show or args.graph:
        stderr.write("litmus: error: --show and --graph are not supported yet\n")
        return EXIT_INPUT
    if args.unroll < 0 or args.jobs < 1:
        stderr.write("litmus: error: --unroll must be >= 0 and -j >= 1\n")
        return EXIT_INPUT
    if args.model is not None and args.model not in models():
        stderr.write(f"litmus: error: unknown model {args.model!r}; the models are: {', '.join(models())}\n")
        return EXIT_INPUT
    from litmus.report.json import report_json
    from litmus.report.text import render

    opts = dict(model=args.model, all_models=args.all_models, unroll=args.unroll, timeout=args.timeout,
                all_observables=args.all_observables, count_executions=args.count_executions)
    paths = find_tests(args.paths)
    if not paths:
        stderr.write("litmus: error: no .lit files found\n")
        return EXIT_INPUT
    if args.jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            results = list(pool.map(check_one, paths, [opts] * len(paths)))
    else:
        results = [check_one(p, opts) for p in paths]
    code = EXIT_OK
    all_reports = []
    for reports, err in results:
        if err is not None:
            stderr.write(err + "\n")
            code = max(code, EXIT_INPUT)
            continue
        for r in reports:
            all_reports.append(r)
            if not args.json:
                stdout.write(render(r, quiet=args.quiet))
                if not args.quiet:
                    stdout.write("\n")
            if r.inconclusive:
                code = max(code, EXIT_INCONCLUSIVE)
            elif r.failed:
                code = max(code, EXIT_EXPECT)
    if args.json:
        data = [report_json(r) for r in all_reports]
        json.dump(data[0] if len(data) == 1 else data, stdout, indent=2)
        stdout.write("\n")
    return code


def main() -> None:
    try:
        code = run(sys.argv[1:], sys.stdout, sys.stderr)
        sys.stdout.flush()
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:  # `litmus check ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code)
