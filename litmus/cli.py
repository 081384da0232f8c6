"""The `litmus` command: a thin shell over the library (spec/cli.md).

`run(argv, stdout, stderr) -> int` does the work and returns the exit code;
`main()` is the only caller of sys.exit. Exit codes, the highest that
applies: 2 bad input, 3 inconclusive, 1 an expectation failed, 0 otherwise.
These end the run at once instead: 4 the output cannot be written, 130
interrupted (Ctrl-C), 141 the reader of the output left (a closed pipe),
143 terminated (SIGTERM); 128 + the signal is what a shell reports.

Each file's result is printed as soon as it and every file before it are
done, so a bad file, a crash or an interrupt loses nothing already checked.
The library is imported only once main() handles Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from contextlib import closing
from typing import Iterator, TextIO

from litmus import __version__

# pathlib, litmus.errors and litmus.files are imported where used: `--version`
# and a usage error need none of them (tests/test_startup.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

EXIT_OK, EXIT_EXPECT, EXIT_INPUT, EXIT_INCONCLUSIVE, EXIT_OUTPUT = 0, 1, 2, 3, 4
EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED = 130, 141, 143


class UsageError(Exception):
    pass


class OutputError(Exception):
    """Standard output cannot be written: the run stops."""

    def __init__(self, reason: str, pipe: bool = False):
        super().__init__(reason)
        self.pipe = pipe  # the reader left (`| head`): say nothing


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2 with our own message, no traceback
        raise UsageError(message)


def _checked(convert, validator: str):
    """An argparse type: `convert` the text, then the API's own check
    (litmus.options.valid_*), so the command line and the library refuse alike."""
    def parse(text: str):
        import litmus.options
        from litmus.errors import LitmusArgumentError

        try:
            value: object = convert(text)
        except ValueError:
            value = text
        try:
            return getattr(litmus.options, validator)(value)
        except LitmusArgumentError as e:
            raise argparse.ArgumentTypeError(e.diagnostics[0].message) from None
    return parse


_timeout = _checked(float, "valid_timeout")
_unroll = _checked(int, "valid_unroll")


def _jobs(text: str) -> int:
    """N >= 1 processes; 0 or `auto` for one per core."""
    if text == "auto":
        return os.cpu_count() or 1
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"-j takes a number of processes >= 0 or 'auto', got {text!r}")
    return int(text) or os.cpu_count() or 1


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
    # litmus/engine.py ENGINES (not imported here: it loads Z3; tests/test_engine_switch.py compares)
    c.add_argument("--engine", choices=["z3", "reference"], default="z3",
                   help="z3 (default) or reference: the explicit enumerator, to cross-check a test")
    c.add_argument("--unroll", type=_unroll, default=4, metavar="K", help="loop bound (default 4)")
    c.add_argument("--timeout", type=_timeout, default=None, metavar="S", help="give up on a test after S seconds")
    c.add_argument("-j", type=_jobs, default=1, metavar="N", dest="jobs",
                   help="check N tests at once (0 or auto: one per core)")
    c.add_argument("--quiet", action="store_true", help="one line per test and model")
    c.add_argument("--show", choices=["witness", "forbidden"], action="append",
                   help="witness: an execution behind each outcome; forbidden: why the question's "
                        "outcome is forbidden (may be given twice)")
    c.add_argument("--outcome", metavar="COND", help="a witness for the outcomes COND holds in only")
    c.add_argument("--why", metavar="COND", help="why each model forbids (or permits) the outcomes COND describes")
    c.add_argument("--graph", metavar="DIR", help="write a picture of each witness and explanation into DIR")
    c.add_argument("--graph-format", choices=["dot", "svg", "mermaid"], action="append", metavar="FORMAT",
                   help="dot, svg or mermaid (default: dot, and svg where Graphviz's dot is installed)")
    sub.add_parser("models", help="list the shipped models")
    return p


# ------------------------------------------------------------------ files

def find_tests(paths: list[str], stderr: TextIO) -> list[Path]:
    """The named files, and the *.lit and *.go files under the named directories
    in sorted order (a .go file reads its question from comments); a special
    file met in a directory is skipped with a note."""
    from pathlib import Path

    from litmus.files import not_regular
    out = []
    for p in map(Path, paths):
        if not p.is_dir():
            out.append(p)
            continue
        for f in sorted([*p.rglob("*.lit"), *p.rglob("*.go")]):
            kind = not_regular(f)
            if kind is None:
                out.append(f)
            elif kind != "a directory":
                _say(stderr, f"litmus: note: skipping {f}: not a regular file ({kind})\n")
    return out


# ------------------------------------------------------------------ checking

def check_one(path: Path, opts: dict) -> tuple[list, str | None]:
    """Check one file under its models: (reports, error text). Never raises
    but for an interrupt: an unexpected exception is this file's error."""
    from litmus.errors import LitmusError
    from litmus.stopping import raise_if_stopped

    try:
        return _check_file(path, opts), None
    except LitmusError as e:
        return [], e.render()
    except Exception as e:
        raise_if_stopped()  # an interrupt that surfaced as another exception (ctypes.ArgumentError)
        return [], f"{path}: internal error: {type(e).__name__}: {e} (please report it)"


def _check_file(path: Path, opts: dict) -> list:
    from litmus.api import check_test, load, models_for
    from litmus.files import read_source
    from litmus.models import ModelError

    # --timeout S bounds the whole check of the file: its models share the S seconds
    deadline = None if opts["timeout"] is None else time.monotonic() + opts["timeout"]
    source = read_source(path)  # a regular file only: a FIFO or a device is an error
    test = load(source, str(path))
    try:
        chosen = models_for(test, opts["model"], opts["all_models"])
    except ModelError as e:  # an expect line names an unknown model
        raise e.with_file(str(path), source) from None
    names = tuple(m.name for m in chosen)
    collectors = witness_collectors(test, chosen, opts)
    reports = [check_test(test, m, filename=str(path), unroll=opts["unroll"], timeout=opts["timeout"],
                          all_observables=opts["all_observables"], count_executions=opts["count_executions"],
                          checked_models=names, engine=opts["engine"], deadline=deadline,
                          on_outcome=collectors.get(m.name)) for m in chosen]
    for r in reports:  # the witnesses the check found on its way
        if r.model in collectors and r.error is None:
            r.witnesses = collectors[r.model].witnesses()
    asked = opts.get("show") or opts.get("outcome") is not None or opts.get("why") is not None or opts.get("graph")
    if asked or len(reports) > 1:
        from litmus.explain.attach import attach, models_differ

        if asked or models_differ(reports):
            attach(test, chosen, reports, opts)  # a bad --why / --outcome condition: this file's error
    return reports


def witness_collectors(test, models, opts: dict) -> dict:
    """model -> an explain.witness.Collector when witnesses are asked (--show witness,
    --outcome, --graph) of the z3 engine: the check's own search then finds them."""
    if opts["engine"] != "z3" or opts.get("count_executions") or not (
            "witness" in (opts.get("show") or ()) or opts.get("outcome") is not None or opts.get("graph")):
        return {}
    from litmus.explain import parse_condition
    from litmus.explain.witness import Collector
    from litmus.report.condition import evaluate

    chosen = parse_condition(test, opts["outcome"], "--outcome") if opts.get("outcome") is not None else None
    wanted = (lambda o: evaluate(chosen.expr, o)) if chosen is not None else None
    return {m.name: Collector(test, wanted) for m in models}


def results(paths: list[Path], opts: dict, jobs: int, stderr: TextIO) -> Iterator[tuple[list, str | None]]:
    """Each file's (reports, error) in input order, each as soon as it is done;
    with jobs > 1 in at most one worker process per file."""
    from litmus.stopping import raise_if_stopped

    started = None
    if jobs > 1 and len(paths) > 1:
        # Z3 loaded before the workers fork, signals held while it loads, as for a check in this
        # process: without it a SIGINT sometimes left the parent waiting (test_cli_robust)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            import litmus.solver.z3util  # noqa: F401
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        started = _start_pool(min(jobs, len(paths)), paths, opts, stderr)
    if started is None:
        for p in paths:
            result = check_one(p, opts)
            raise_if_stopped()  # an interrupt Python could not raise (in Solver.__del__)
            yield result
        return
    from concurrent.futures.process import BrokenProcessPool

    pool, futures = started
    finished = False
    try:
        for p, f in zip(paths, futures):
            try:
                result = f.result()
            except BrokenProcessPool:
                result = [], f"{p}: internal error: its worker process died (please report it)"
            raise_if_stopped()
            yield result
        finished = True
    finally:
        if finished:
            pool.shutdown()
        else:
            _kill(pool)


def _start_pool(workers: int, paths: list[Path], opts: dict, stderr: TextIO):
    """(pool, futures), or None when the processes cannot start (ulimit -u)."""
    from concurrent.futures import ProcessPoolExecutor  # here: loading it costs start-up

    pool = None
    try:
        pool = ProcessPoolExecutor(workers, initializer=_worker_init, initargs=(os.getpid(),))
        return pool, [pool.submit(check_one, p, opts) for p in paths]
    except BaseException as e:  # an interrupt too: the workers that did start must end
        if pool is not None:
            _kill(pool)
        if not isinstance(e, OSError):
            raise
        _say(stderr, f"litmus: note: cannot start {workers} worker processes ({e.strerror or e}); "
                     f"checking one file at a time\n")
        return None


def _kill(pool) -> None:
    """End the workers now (shutdown() alone waits for their tests). SIGKILL:
    a worker just forked may not have left the parent's SIGTERM handler yet."""
    if hasattr(pool, "kill_workers"):  # Python 3.14
        pool.kill_workers()
        return
    for proc in list((pool._processes or {}).values()):
        proc.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _worker_init(parent: int) -> None:
    """A worker leaves signals to the parent, which ends the workers, and dies with it."""
    signal.set_wakeup_fd(-1)  # the parent's (inherited over fork) wakes the parent's Z3 watcher
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: killed when the parent dies
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)


# ------------------------------------------------------------------ output

def _write(stream: TextIO, text: str) -> None:
    """Standard output: written at once (a result is out when it is done) or OutputError."""
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise OutputError("broken pipe", pipe=True) from None
    except (OSError, ValueError) as e:  # ValueError: the stream was closed
        raise OutputError(getattr(e, "strerror", None) or str(e)) from None


def _say(stream: TextIO, text: str) -> None:
    """Standard error, best effort: a message that cannot be shown stops nothing."""
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


class Printer:
    """Each file's result as it comes: its error on stderr, its reports as
    text or JSON. JSON keeps spec/cli.md's shape (one object for one entry, an
    array otherwise) with one entry of look-ahead: the first waits until a
    second makes the output an array. A bad file is an entry too."""

    def __init__(self, stdout: TextIO, stderr: TextIO, as_json: bool, quiet: bool, graph=None):
        self.stdout, self.stderr, self.as_json, self.quiet = stdout, stderr, as_json, quiet
        self.graph = graph  # (directory, formats) for --graph
        self.entries = 0
        self.first = ""

    def file(self, path: Path, reports: list, error: str | None) -> int:
        """Print one file's result; its exit code."""
        from litmus.report.json import report_json
        from litmus.report.text import render

        code = EXIT_OK
        if error is not None:
            _say(self.stderr, error + "\n")
            if self.as_json:
                self._entry({"test": None, "file": str(path), "model": None, "error": error})
            code = EXIT_INPUT
        for r in reports:
            if self.as_json:
                self._entry(report_json(r))
            else:
                _write(self.stdout, render(r, quiet=self.quiet) + explained(r, self.quiet)
                       + ("" if self.quiet else "\n"))
            if self.graph is not None and r.error is None:
                code = max(code, self._graphs(r))
            code = max(code, EXIT_INCONCLUSIVE if r.inconclusive else EXIT_EXPECT if r.failed else EXIT_OK)
        return code

    def _graphs(self, r) -> int:
        from litmus.explain.graph import write_report

        try:
            for path in write_report(r, *self.graph):
                _say(self.stderr, f"litmus: wrote {path}\n")
        except OSError as e:
            _say(self.stderr, f"litmus: error: cannot write the graphs of {r.test} into {self.graph[0]}: {e}\n")
            return EXIT_OUTPUT
        return EXIT_OK

    def _entry(self, data: dict) -> None:
        text = json.dumps(data, indent=2)
        self.entries += 1
        if self.entries == 1:
            self.first = text
        elif self.entries == 2:
            _write(self.stdout, "[\n" + _indent(self.first) + ",\n" + _indent(text))
        else:
            _write(self.stdout, ",\n" + _indent(text))

    def close(self) -> None:
        if self.as_json:
            _write(self.stdout, {0: "[]\n", 1: self.first + "\n"}.get(self.entries, "\n]\n"))


def explained(r, quiet: bool) -> str:
    """The witnesses, races and explanation of a report, when asked (litmus/explain)."""
    if quiet or (r.witnesses is None and r.explanation is None and not r.between):
        return ""
    from litmus.explain.render import explanation_text, races_text, witnesses_text
    from litmus.models import get_model

    model = get_model(r.model)
    return "".join([witnesses_text(r, model) if r.witnesses is not None else "",
                    races_text(r, model) if r.witnesses is not None else "", explanation_text(r, model)])


def graph_formats(args, stderr: TextIO) -> tuple[str, ...] | None:
    """The --graph-format list (default dot, and svg where dot is installed); None after an error."""
    if args.graph_format and args.graph is None:
        _say(stderr, "litmus: error: --graph-format needs --graph DIR\n")
        return None
    if args.graph is None:
        return ()
    from litmus.explain.graph import dot_available

    if args.graph_format:
        if "svg" in args.graph_format and not dot_available():
            _say(stderr, "litmus: error: --graph-format svg needs Graphviz's dot, which is not installed "
                         "(install graphviz, or use --graph-format dot or mermaid)\n")
            return None
        return tuple(dict.fromkeys(args.graph_format))
    if dot_available():
        return ("dot", "svg")
    _say(stderr, "litmus: note: Graphviz's dot is not installed: writing DOT files only "
                 "(install graphviz for SVG, or use --graph-format mermaid)\n")
    return ("dot",)


# ------------------------------------------------------------------ the command

def run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    try:
        return _run(argv, stdout, stderr)
    except KeyboardInterrupt:
        return _stopped(stderr)
    except OutputError as e:
        return _output_failed(e, stderr)


def _run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as e:
        _say(stderr, f"litmus: error: {e}\n")
        return EXIT_INPUT
    from litmus.models import models

    if args.command == "models":
        _write(stdout, "".join(f"{m.name:<14} {m.summary}\n" for m in models().values()))
        return EXIT_OK
    if args.command != "check":
        _write(stdout, build_parser().format_help())
        return EXIT_INPUT
    explaining = args.show or args.outcome is not None or args.why is not None or args.graph is not None
    if explaining and args.engine != "z3":
        _say(stderr, "litmus: error: --show, --outcome, --why and --graph need --engine z3 "
                     "(witnesses and explanations are read from Z3's models)\n")
        return EXIT_INPUT
    formats = graph_formats(args, stderr)
    if formats is None:
        return EXIT_INPUT
    if args.model is not None and args.model not in models():
        _say(stderr, f"litmus: error: unknown model {args.model!r}; the models are: {', '.join(models())}\n")
        return EXIT_INPUT
    if "" in args.paths:  # Path("") is the current directory
        _say(stderr, "litmus: error: an empty path ('') names no file\n")
        return EXIT_INPUT
    if args.engine == "reference" and args.count_executions:
        from litmus.engine import ENGINE_UNSUPPORTED

        _say(stderr, f"litmus: error: {ENGINE_UNSUPPORTED['count_executions']}\n")
        return EXIT_INPUT
    opts = dict(model=args.model, all_models=args.all_models, unroll=args.unroll, timeout=args.timeout,
                all_observables=args.all_observables, count_executions=args.count_executions,
                engine=args.engine, show=tuple(args.show or ()), outcome=args.outcome, why=args.why,
                graph=args.graph)
    paths = find_tests(args.paths, stderr)
    if not paths:
        _say(stderr, "litmus: error: no .lit or .go files found\n")
        return EXIT_INPUT
    from pathlib import Path

    printer = Printer(stdout, stderr, args.json, args.quiet, None if args.graph is None else (Path(args.graph), formats))
    code = EXIT_OK
    with closing(results(paths, opts, args.jobs, stderr)) as each:
        for path, (reports, error) in zip(paths, each):
            code = max(code, printer.file(path, reports, error))
    printer.close()
    return code


def _stopped(stderr: TextIO) -> int:
    stopping = sys.modules.get("litmus.stopping")  # absent or cut short: it was a Ctrl-C
    if hasattr(stopping, "stop_signal") and stopping.stop_signal() == signal.SIGTERM:
        _say(stderr, "litmus: terminated\n")
        return EXIT_TERMINATED
    _say(stderr, "litmus: interrupted\n")
    return EXIT_INTERRUPTED


def _output_failed(e: OutputError, stderr: TextIO) -> int:
    if e.pipe:
        return EXIT_PIPE
    _say(stderr, f"litmus: error: cannot write the output: {e}\n")
    return EXIT_OUTPUT


def main() -> None:
    stderr = sys.stderr if sys.stderr is not None else open(os.devnull, "w")  # `2>&-`
    try:
        # held back while the handlers go in (Z3 is loaded later, only to check a test)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            from litmus.stopping import stop_on_signals

            stop_on_signals()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a held signal arrives here
        if sys.stdout is None:  # `>&-`
            raise OutputError("standard output is closed")
        try:
            code = run(sys.argv[1:], sys.stdout, stderr)
        except SystemExit as e:  # argparse after --help or --version
            code = e.code or 0
        if code not in (EXIT_OUTPUT, EXIT_PIPE):
            _write(sys.stdout, "")  # what argparse printed, still buffered
    except KeyboardInterrupt:
        code = _stopped(stderr)
    except OutputError as e:
        code = _output_failed(e, stderr)
    # CPython marks a KeyboardInterrupt that leaves exec()'d code (dataclasses
    # build their methods so) as unhandled, and kills the process by SIGINT at
    # exit even once it is caught; an exec that ends normally clears the mark.
    exec("pass")
    if code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        # stopped by a signal: end now. Python's own exit joins the threads of a
        # worker pool whose processes were just killed, which can wait forever.
        for stream in (sys.stdout, stderr):
            try:
                if stream is not None:
                    stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    if code in (EXIT_OUTPUT, EXIT_PIPE) and sys.stdout is not None:
        # what is still buffered cannot be written either: no second complaint at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
