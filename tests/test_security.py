"""Security and input bounds (issue 7, items 1, 2, 4 and invalid UTF-8).

- No code from caches: the parse tables ship with the package as JSON; nothing is
  unpickled, and nothing is written at run time (a pickle planted where lark's
  `cache=True` looked, in a shared temp directory, ran as whoever ran litmus next).
- A .lit file makes litmus open nothing but the file named and litmus' own files.
- Long literals and comments lex in memory proportional to their length; a source
  is at most MAX_SOURCE_BYTES; a file that is not UTF-8 is refused at its first bad byte.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from lark.grammar import Rule
from lark.lexer import TerminalDef

import litmus
from litmus.api import check_file, read_source
from litmus.cli import run
from litmus.errors import LitmusError
from litmus.resources import grammar_dir, parse_tables_path
from litmus.syntax import parser as parser_module
from litmus.syntax import tables
from litmus.syntax.parser import MAX_SOURCE_BYTES, build_parser
from test_cli import MP

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "litmus_cases"


def _python(code: str, *args: str, env: dict[str, str], cwd: Path,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter on this checkout, without writing bytecode."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run([sys.executable, "-c", code, *args], env=full, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def _listing(directory: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(directory)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(directory.rglob("*"))}


# ---------------------------------------------------------------- item 1: no code from caches


class _Payload:
    """Unpickling this runs `code` (what a planted cache would do)."""

    def __init__(self, code: str):
        self.code = code

    def __reduce__(self):
        return (exec, (self.code,))


_LARK_CACHE_PROBE = """
from lark import Lark
from litmus.resources import grammar_text
from litmus.syntax import tables
from litmus.syntax.parser import _GoLayout
# The call litmus made before the fix (the same options in the same order, which
# lark's cache file name hashes).
Lark(grammar_text("litmus.lark"), postlex=_GoLayout(), cache=True, **tables.OPTIONS)
"""


def test_a_planted_parser_cache_runs_no_code_and_nothing_is_written(tmp_path):
    # Where lark's cache=True keeps its pickle: ask lark itself, in a scratch TMPDIR.
    probe = tmp_path / "probe"
    probe.mkdir()
    done = _python(_LARK_CACHE_PROBE, env={"TMPDIR": str(probe)}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [cache_name] = [p.name for p in probe.iterdir()]
    assert cache_name.startswith(".lark_cache_")

    # Plant a malicious pickle there, and under the cache_grammar variant of the name.
    shared_tmp = tmp_path / "shared-tmp"
    shared_tmp.mkdir()
    marker = tmp_path / "payload-ran"
    planted = pickle.dumps(_Payload(f"open({str(marker)!r}, 'w').close()"))
    for name in (cache_name, cache_name.replace(".lark_cache_", ".lark_cache_grammar_")):
        sha = name.split("_")[-3].encode()
        (shared_tmp / name).write_bytes(sha + b"\n" + planted)

    # The plant is live: lark's cache loads it and runs the payload.
    control = _python(_LARK_CACHE_PROBE, env={"TMPDIR": str(shared_tmp)}, cwd=tmp_path)
    assert marker.exists(), ("the planted pickle did not run under lark's cache=True, so this test "
                             f"would prove nothing: {control.stderr[-2000:]}")
    marker.unlink()
    before = _listing(shared_tmp)

    # litmus parses and checks with that TMPDIR, and an empty HOME and working directory.
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    (work / "mp.lit").write_text(MP)
    code = ("import sys, litmus.syntax.parser as p\n"
            "p.parse(open('mp.lit').read())\n"
            "from litmus.cli import run\n"
            "sys.exit(run(['check', 'mp.lit'], sys.stdout, sys.stderr))\n")
    done = _python(code, env={"TMPDIR": str(shared_tmp), "HOME": str(home)}, cwd=work)
    assert done.returncode == 0, done.stderr
    assert "Condition exists" in done.stdout

    assert not marker.exists(), "litmus unpickled the planted parser cache"
    assert _listing(shared_tmp) == before, "litmus wrote into TMPDIR"
    assert _listing(home) == {}, "litmus wrote into HOME"
    assert list(_listing(work)) == ["mp.lit"], "litmus wrote into the working directory"


def test_the_shipped_tables_are_made_from_this_grammar():
    shipped = tables.shipped()
    assert shipped is not None, f"{parse_tables_path()} is missing: run `{tables.REGENERATE}`"
    now, then = tables.made_from(), shipped["made_from"]
    stale = [k for k in ("grammar_sha256", "options") if now[k] != then[k]]
    assert not stale, (f"the shipped parse tables are stale ({', '.join(stale)} changed): "
                       f"regenerate them with `{tables.REGENERATE}` and commit {parse_tables_path().name}")
    if now["lark"] != then["lark"]:
        pytest.skip(f"tables made with lark {then['lark']}, lark {now['lark']} is installed: "
                    "litmus builds its parser from the grammar (regenerate to ship tables for it)")
    assert not hasattr(build_parser(cache=True), "grammar"), "the shipped tables were not used"


_BROKEN = [
    "", "litmus", 'litmus "t"\nfunc P0() {\n\tx = "abc\n}\n', 'litmus "t"\n/* open',
    'litmus "t"\nfunc P0() {\n\tr := \'ab\n}\n', 'litmus "t"\nfunc P0() {\n\tif x\n\t{\n}\n',
    'litmus "t"\nx = 1\n', 'litmus "t"\nfunc P0() {\n}\n}\nexists (P0.r = 1)\n',
    'litmus "t"\nfunc P0() {\n\ts := `raw\n', 'litmus "t"\nfunc P0() {\n\tswitch x {}\n}\n',
]


def _outcome(source: str):
    try:
        return parser_module.parse(source, "t.lit")
    except LitmusError as e:
        return e.render()


def test_the_shipped_tables_parse_like_the_grammar(monkeypatch):
    if tables.shipped() is None or tables.shipped()["made_from"] != tables.made_from():
        pytest.skip("the shipped tables do not fit this grammar and lark (see the test above)")
    sources = [p.read_text(encoding="utf-8") for p in sorted(CASES.glob("*.lit"))] + _BROKEN
    shipped = [_outcome(s) for s in sources]
    built = build_parser(cache=False)
    monkeypatch.setattr(parser_module, "_parser", lambda: built)
    assert [_outcome(s) for s in sources] == shipped


def test_tables_that_do_not_fit_are_ignored(monkeypatch, tmp_path):
    monkeypatch.setattr(tables, "made_from", lambda: {"grammar_sha256": "edited"})
    assert hasattr(build_parser(cache=True), "grammar")  # built from the grammar
    monkeypatch.undo()
    junk = tmp_path / "parse_tables.json"
    junk.write_text('{"made_from": ')
    monkeypatch.setattr(tables, "parse_tables_path", lambda: junk)
    assert tables.load(parser_module._GoLayout()) is None
    monkeypatch.setattr(tables, "parse_tables_path", lambda: tmp_path / "missing.json")
    assert tables.load(parser_module._GoLayout()) is None


def test_the_tables_survive_json_exactly():
    # JSON cannot carry code, nor ints as keys or tuples: what load reads back is what
    # lark serialized, tuples aside (lark reads lists as well).
    parser = build_parser(cache=False)
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    data["options"].pop("postlex")
    read = json.loads(tables.serialize(parser), object_hook=tables._int_keys)
    assert [read["data"], read["memo"]] == _lists([data, memo])


def _lists(value):
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- item 2: nothing but the named file


_AUDIT = """
import sys
import litmus.cli
events = []
def hook(event, args):
    if event == "open":
        events.append([event, str(args[0]), str(args[1]), args[2]])
    elif event.startswith(("os.", "shutil.")) and event not in ("os.system", "os.exec"):
        events.append([event, str(args[0]) if args else "", "", 0])
sys.addaudithook(hook)
code = litmus.cli.run(sys.argv[1:], sys.stdout, sys.stderr)
import json
print("EVENTS", json.dumps(events))
"""

_BAIT = """package main
import "{bait}/1"
import (
    b "{bait}/2"
    "../bait3"
)
litmus "includes"
var x int
var s string
go func P0() {{
    x = 1
    s = "{bait}/4"
}}
exists (x == 1)
expect sometimes under sc
"""


def test_a_lit_file_opens_nothing_but_itself(tmp_path):
    bait = tmp_path / "bait"
    bait.mkdir()
    for n in "124":
        (bait / n).write_text("not to be read")
    work = tmp_path / "work"
    work.mkdir()
    (work / "t.lit").write_text(_BAIT.format(bait=bait))
    done = _python(_AUDIT + "sys.exit(code)\n", "check", "t.lit", env={}, cwd=work)
    assert done.returncode in (0, 1), done.stderr
    events = json.loads(done.stdout.split("EVENTS ", 1)[1])
    ours = (Path(litmus.__file__).resolve().parent, grammar_dir().resolve())
    python = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    for event, path, mode, flags in events:
        assert "bait" not in path, (event, path)
        if event == "open" and path.isdigit():  # open(fd) on a descriptor os.open gave (its path was checked)
            continue
        if event == "open" and path != "t.lit":
            where = Path(path).resolve()
            assert any(where.is_relative_to(d) for d in (*ours, *python)), (event, path)
        if event == "open":
            assert not set(mode) & set("wax+") and not flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT), \
                (event, path, mode)
        else:
            assert event in ("os.scandir", "os.listdir"), (event, path)
    assert ["open", "t.lit"] in [e[:2] for e in events]


# ---------------------------------------------------------------- item 4: memory and size


def _near_limit(kind: str) -> str:
    n = MAX_SOURCE_BYTES - 200
    head = 'litmus "long"\nvar s string\n'
    return head + {
        "string": 'func P0() {\n\ts = "' + "a" * n + '"\n}\n',
        "escapes": 'func P0() {\n\ts = "' + "\\n" * (n // 2) + '"\n}\n',
        "unterminated string": 'func P0() {\n\ts = "' + "ab\\t" * (n // 4) + "\n}\n",
        "rune": "func P0() {\n\tr := '" + "\\n" * (n // 2) + "'\n}\n",
        "raw string": "func P0() {\n\ts = `" + "a\n" * (n // 2) + "`\n}\n",
        "block comment": "/*" + "a*\n" * (n // 3) + "*/\nfunc P0() {\n\ts = \"x\"\n}\n",
        "unterminated comment": "/*" + "a*" * (n // 2),
        "names at top level": ",".join(["a"] * (n // 2)) + "\n",  # read ahead for a `:=`
        "integer": "func P0() {\n\tr := " + "1_0" * (n // 3) + "\n}\n",
        "hex integer": "func P0() {\n\tr := 0x" + "f" * n + "\n}\n",
    }[kind]


@pytest.mark.parametrize("kind", ["string", "escapes", "unterminated string", "rune", "raw string",
                                  "block comment", "unterminated comment", "names at top level",
                                  "integer", "hex integer"])
def test_a_long_literal_parses_in_proportional_memory(kind):
    # A backtracking terminal took ~450 bytes of regex stack per source byte (1.7 GB for 1 MB).
    source = _near_limit(kind)
    parser_module._parser()
    tracemalloc.start()
    try:
        _outcome(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * len(source), f"{kind}: {peak / 2**20:.0f} MiB for {len(source) / 2**20:.1f} MiB"


def test_read_source_reads_at_most_the_limit(tmp_path):
    exact = tmp_path / "exact.lit"
    exact.write_bytes(b" " * MAX_SOURCE_BYTES)
    assert len(read_source(exact)) == MAX_SOURCE_BYTES
    over = tmp_path / "over.lit"
    over.write_bytes(b" " * (MAX_SOURCE_BYTES + 1))
    with pytest.raises(LitmusError) as e:
        read_source(over)
    assert e.value.diagnostics[0].code == "too-large"
    if Path("/dev/zero").exists():  # an endless file: refused as a device, never read
        with pytest.raises(LitmusError, match="not a regular file"):
            read_source(Path("/dev/zero"))


def test_the_cli_refuses_a_file_over_the_limit(tmp_path):
    big = tmp_path / "big.lit"
    big.write_text(MP + "// " + "x" * MAX_SOURCE_BYTES + "\n")
    out, err = io.StringIO(), io.StringIO()
    assert run(["check", str(big)], out, err) == 2
    text = out.getvalue() + err.getvalue()
    assert f"{big}: error: the file is larger than 1 MiB (1,048,576 bytes)" in text
    assert "Traceback" not in text


@pytest.mark.parametrize("source", ["x" * (MAX_SOURCE_BYTES + 1), MP + "// " + "é" * (MAX_SOURCE_BYTES // 2)],
                         ids=["ascii", "multi-byte"])
def test_the_api_refuses_a_source_over_the_limit(source):
    for call in (litmus.parse, litmus.load, litmus.check):
        with pytest.raises(LitmusError) as e:
            call(source)
        assert e.value.diagnostics[0].code == "too-large"
        assert "larger than 1 MiB (1,048,576 bytes)" in str(e.value)


def test_a_source_at_the_limit_is_accepted():
    source = MP + "//" + "x" * (MAX_SOURCE_BYTES - len(MP) - 3) + "\n"
    assert len(source.encode()) == MAX_SOURCE_BYTES
    assert litmus.load(source).name == "MP"


# ---------------------------------------------------------------- invalid UTF-8


BAD_UTF8 = MP.encode().replace(b"x = 1\n", b"x = 1 // caf\xe9\n")
BAD_LINE = next(i for i, line in enumerate(BAD_UTF8.split(b"\n"), 1) if b"\xe9" in line)


def _assert_bad_utf8(rendered: str, filename: str):
    assert f"{filename}:{BAD_LINE}:17: error: the file is not UTF-8 text: byte 0xe9" in rendered
    lines = rendered.splitlines()
    caret = next(i for i, line in enumerate(lines) if line.strip() == "^")
    assert lines[caret].index("^") == lines[caret - 1].index("\ufffd")
    assert "hint: save the file as UTF-8" in rendered


def test_the_cli_refuses_invalid_utf8_at_the_byte(tmp_path):
    path = tmp_path / "bad.lit"
    path.write_bytes(BAD_UTF8)
    out, err = io.StringIO(), io.StringIO()
    assert run(["check", str(path)], out, err) == 2
    _assert_bad_utf8(out.getvalue() + err.getvalue(), str(path))


def test_the_api_refuses_invalid_utf8_at_the_byte(tmp_path):
    for call in (litmus.parse, litmus.load, litmus.check):
        with pytest.raises(LitmusError) as e:
            call(BAD_UTF8, filename="bad.lit")
        _assert_bad_utf8(str(e.value), "bad.lit")
    path = tmp_path / "bad.lit"
    path.write_bytes(BAD_UTF8)
    with pytest.raises(LitmusError) as e:
        check_file(path)
    _assert_bad_utf8(str(e.value), str(path))
