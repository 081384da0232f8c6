"""Graphs: one picture per witness and per explanation, as DOT, SVG (through
Graphviz's dot) and Mermaid; one column per goroutine, edges by kind, the
forbidden chain highlighted."""

from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path

import pytest

from litmus.api import load
from litmus.cli import run
from litmus.explain.graph import HIGHLIGHT, to_dot, to_mermaid
from litmus.explain.why import explain
from litmus.models import get_model

CASES = Path(__file__).parent / "litmus_cases"
SEED = str(CASES / "seed_value_guarded.lit")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return run(list(argv), out, err), out.getvalue(), err.getvalue()


def seed_reason():
    test = load(Path(SEED).read_text(encoding="utf-8"), "seed.lit")
    return explain(test, get_model("go"), test.condition).reasons[0]


def test_dot_has_a_column_per_goroutine_and_the_chain_highlighted():
    r = seed_reason()
    dot = to_dot(r.execution, "MP+value", r.highlight)
    assert 'subgraph "cluster_writer"' in dot and 'subgraph "cluster_reader"' in dot
    assert re.search(r'writer_2 -> reader_1 \[label="sw \[atomic-value\]".*penwidth=3', dot)
    assert dot.count(HIGHLIGHT) == len(r.highlight)
    assert "init_data" in dot  # the initial write the forbidden read would see


def test_mermaid_styles_every_edge():
    r = seed_reason()
    text = to_mermaid(r.execution, "MP+value", r.highlight)
    assert "flowchart TB" in text and 'subgraph writer_g["writer"]' in text
    edges = [line for line in text.splitlines() if re.match(r"\s+\w+ (-->|==>|-\.->)\|", line)]
    styles = [line for line in text.splitlines() if line.strip().startswith("linkStyle")]
    assert len(edges) == len(styles) > 0
    assert any("==>" in e and "sw atomic-value" in e for e in edges)
    assert sum(HIGHLIGHT in s for s in styles) == len(r.highlight)


def test_graph_option_writes_dot_and_mermaid(tmp_path: Path):
    code, out, err = cli("check", SEED, "--model", "go", "--graph", str(tmp_path), "--graph-format", "dot",
                         "--graph-format", "mermaid")
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["MP+value-go-why1.dot", "MP+value-go-why1.mmd", "MP+value-go-witness1.dot",
                     "MP+value-go-witness1.mmd", "MP+value-go-witness2.dot", "MP+value-go-witness2.mmd"]
    assert f"litmus: wrote {tmp_path / 'MP+value-go-why1.dot'}" in err


def test_without_dot_svg_is_refused_and_the_default_says_so(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = cli("check", SEED, "--graph", str(tmp_path / "g"), "--graph-format", "svg")
    assert code == 2 and "needs Graphviz's dot, which is not installed" in err
    code, _, err = cli("check", SEED, "--model", "go", "--graph", str(tmp_path / "g"))
    assert code == 0 and "dot is not installed: writing DOT files only" in err
    assert not list((tmp_path / "g").glob("*.svg")) and list((tmp_path / "g").glob("*.dot"))


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for Graphviz")
def test_svg_goes_through_dot(tmp_path: Path, monkeypatch):
    fake = tmp_path / "bin" / "dot"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\n[ "$1" = "-Tsvg" ] || exit 1\necho "<svg><!--"; cat; echo "--></svg>"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    code, _, err = cli("check", SEED, "--model", "go", "--graph", str(tmp_path / "g"))
    assert code == 0, err
    svg = (tmp_path / "g" / "MP+value-go-why1.svg").read_text()
    assert svg.startswith("<svg>") and 'digraph "MP+value under go' in svg


def test_graph_format_needs_graph():
    code, _, err = cli("check", SEED, "--graph-format", "dot")
    assert code == 2 and "--graph-format needs --graph DIR" in err


def test_an_unwritable_graph_directory_is_exit_4(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = cli("check", SEED, "--model", "go", "--graph", str(blocker), "--graph-format", "dot")
    assert code == 4 and "cannot write the graphs" in err


def test_the_readme_picture_and_chain_are_the_real_output():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    source = re.search(r"```go\n(.*?)```", readme, re.S).group(1)
    test = load(source, "readme.lit")
    e = explain(test, get_model("go"), test.condition)
    chain = e.reasons[0].lines[0]
    assert f"  {chain}\n" in readme
    picture = re.search(r"```mermaid\n(.*?)```", readme, re.S).group(1)
    assert picture == to_mermaid(e.reasons[0].execution, f"MP+value under go: why never {e.condition} "
                                 f"({', '.join(e.reasons[0].rules)})", e.reasons[0].highlight)
