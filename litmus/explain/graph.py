"""Execution graphs in the style of CppMem and herd: DOT, SVG (through Graphviz's
`dot`, where it is installed) and Mermaid.

One column per goroutine (a DOT cluster, a Mermaid subgraph), events as
nodes with line:col, code and values, the initial writes a read reads above
them; edges po (black), rf (red), sw (blue, bold, labelled with the model
rule), fr (orange, dashed), co (brown, dotted), dep (purple, dashed); the
edges of a forbidden chain or cycle are drawn thick and crimson.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from litmus.explain.execution import Edge, Execution

STYLES = {  # kind -> (DOT attributes, Mermaid arrow, Mermaid colour)
    "po": ('color="black"', "-->", "#000000"),
    "rf": ('color="red", fontcolor="red"', "-->", "#d62728"),
    "rf-len": ('color="red", fontcolor="red", style="dashed"', "-.->", "#d62728"),
    "sw": ('color="blue", fontcolor="blue", style="bold"', "==>", "#1f3fbf"),
    "fr": ('color="orange", fontcolor="orange", style="dashed"', "-.->", "#ff7f0e"),
    "co": ('color="brown", fontcolor="brown", style="dotted"', "-.->", "#8c564b"),
    "dep": ('color="purple", fontcolor="purple", style="dashed"', "-.->", "#9467bd"),
}
HIGHLIGHT = "#dc143c"


def _id(k: tuple) -> str:
    return re.sub(r"\W", "_", f"init_{k[1]}" if k[0] == "" else f"{k[0]}_{k[1]}")


def _edges(x: Execution, extra: tuple[Edge, ...]) -> list[tuple[Edge, bool]]:
    """Every edge to draw once, with whether it is highlighted (on the chain or cycle `extra`):
    po between consecutive shown events, rf, sw, then the chain's own edges (fr, co, dep, and
    po spanning several steps). START and END are not drawn: their edges move to the nearest
    shown step of their goroutine."""
    shown = {s.key for _, steps in x.goroutines for s in steps if s.kind not in ("START", "END")}
    shown |= {s.key for s in x.inits}
    drawn: dict[Edge, bool] = {}

    def add(e: Edge, hot: bool) -> None:
        v = _visible(x, e, shown)
        if v is not None:
            drawn[v] = drawn.get(v, False) or hot

    for _, steps in x.goroutines:
        kept = [s for s in steps if s.kind not in ("START", "END")]
        for a, b in zip(kept, kept[1:]):
            add(Edge("po", a.key, b.key), False)
    hot = set(extra)
    for e in list(x.rf) + list(x.sw):
        add(e, e in hot)
    for e in extra:
        add(e, True)
    return list(drawn.items())


def _visible(x: Execution, e: Edge, shown: set) -> Edge | None:
    src, dst = _nearest(x, e.src, shown, after=False), _nearest(x, e.dst, shown, after=True)
    if src is None or dst is None or src == dst:
        return None
    return Edge(e.kind, src, dst, e.rule)


def _nearest(x: Execution, k: tuple, shown: set, after: bool) -> tuple | None:
    if k in shown:
        return k
    steps = dict(x.goroutines).get(k[0], ())
    order = [s.key for s in steps if s.key in shown]
    if not order:
        return None
    later = [s for s in order if s[1] > k[1]]
    earlier = [s for s in order if s[1] < k[1]]
    if after:  # a goroutine's start: its first shown step
        return (later or earlier)[0] if later else earlier[-1]
    return earlier[-1] if earlier else later[0]


def _used_inits(x: Execution, edges) -> list:
    used = {e.src for e, _ in edges} | {e.dst for e, _ in edges}
    return [s for s in x.inits if s.key in used]


def _dot_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(x: Execution, title: str, highlight: tuple[Edge, ...] = ()) -> str:
    edges = _edges(x, highlight)
    lines = [f'digraph "{_dot_text(title)}" {{',
             f'  label="{_dot_text(title)}"; labelloc="t"; rankdir="TB"; newrank=true;',
             '  node [shape="box", fontname="monospace", fontsize=10];',
             '  edge [fontname="monospace", fontsize=9];']
    for s in _used_inits(x, edges):
        lines.append(f'  {_id(s.key)} [label="{_dot_text(s.var + " = " + (s.wrote or ""))}\\n(initial)", '
                     f'shape="plaintext"];')
    for g, steps in x.goroutines:
        lines.append(f'  subgraph "cluster_{_dot_text(g)}" {{ label="{_dot_text(g)}";')
        for s in steps:
            if s.kind in ("START", "END"):
                continue
            label = _dot_text(f"{s.line}:{s.col} {s.code}") + "\\n" + _dot_text(s.action)
            lines.append(f'    {_id(s.key)} [label="{label}"];')
        lines.append("  }")
    for e, hot in edges:
        attrs, _, _ = STYLES.get(e.kind, STYLES["po"])
        label = e.kind + (f" [{e.rule}]" if e.rule else "")
        extra = f', penwidth=3, color="{HIGHLIGHT}"' if hot else ""
        weight = ", weight=10" if e.kind == "po" else ", constraint=false" if e.kind in ("fr", "co") else ""
        lines.append(f'  {_id(e.src)} -> {_id(e.dst)} [label="{_dot_text(label)}", {attrs}{extra}{weight}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_text(s: str) -> str:
    # Mermaid's entity codes: #quot; and numeric ones (#60; is <)
    return s.replace("#", "#35;").replace("&", "#38;").replace('"', "#quot;").replace("<", "#60;").replace(">", "#62;")


def to_mermaid(x: Execution, title: str, highlight: tuple[Edge, ...] = ()) -> str:
    edges = _edges(x, highlight)
    lines = ["---", "title: " + re.sub(r"[\n\"]", " ", title), "---", "flowchart TB"]
    for s in _used_inits(x, edges):
        lines.append(f'  {_id(s.key)}(["{_mermaid_text(s.var + " = " + (s.wrote or ""))} (initial)"])')
    for g, steps in x.goroutines:
        lines.append(f'  subgraph {_id((g, "g"))}["{_mermaid_text(g)}"]')
        lines.append("    direction TB")
        for s in steps:
            if s.kind in ("START", "END"):
                continue
            lines.append(f'    {_id(s.key)}["{_mermaid_text(f"{s.line}:{s.col} {s.code}")}<br/>'
                         f'{_mermaid_text(s.action)}"]')
        lines.append("  end")
    styles = []
    for i, (e, hot) in enumerate(edges):
        _, arrow, colour = STYLES.get(e.kind, STYLES["po"])
        label = e.kind + (f" {e.rule}" if e.rule else "")
        lines.append(f'  {_id(e.src)} {arrow}|"{_mermaid_text(label)}"| {_id(e.dst)}')
        width = "4px" if hot else "1.5px"
        styles.append(f"  linkStyle {i} stroke:{HIGHLIGHT if hot else colour},stroke-width:{width}")
    return "\n".join(lines + styles) + "\n"


FORMATS = ("dot", "svg", "mermaid")


def dot_available() -> bool:
    return shutil.which("dot") is not None


def svg(dot_source: str) -> str:
    """The SVG Graphviz's dot makes of a DOT text (dot must be installed)."""
    done = subprocess.run(["dot", "-Tsvg"], input=dot_source, capture_output=True, text=True, timeout=60,
                          check=False)
    if done.returncode != 0:
        raise OSError(f"dot failed: {done.stderr.strip() or done.returncode}")
    return done.stdout


def write(directory: Path, stem: str, x: Execution, title: str, highlight: tuple[Edge, ...],
          formats: tuple[str, ...]) -> list[Path]:
    """Write one picture in each format; the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    if "dot" in formats or "svg" in formats:
        dot = to_dot(x, title, highlight)
        if "dot" in formats:
            written.append(_put(directory / f"{stem}.dot", dot))
        if "svg" in formats:
            written.append(_put(directory / f"{stem}.svg", svg(dot)))
    if "mermaid" in formats:
        written.append(_put(directory / f"{stem}.mmd", to_mermaid(x, title, highlight)))
    return written


def _put(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def file_stem(*parts: str) -> str:
    return "-".join(re.sub(r"[^A-Za-z0-9+._]", "_", p) for p in parts)


def write_report(r, directory: Path, formats: tuple[str, ...]) -> list[Path]:
    """The pictures of a report's witnesses and explanation (litmus/explain/attach.py fills them)."""
    from litmus.explain.render import _outcome

    written = []
    for i, (o, x) in enumerate((r.witnesses or {}).items(), 1):
        title = f"{r.test} under {r.model}: witness of {_outcome(r, o)}"
        written += write(directory, file_stem(r.test, r.model, f"witness{i}"), x, title, (), formats)
    e = r.explanation
    if e is not None and not e.permitted:
        for i, reason in enumerate(e.reasons, 1):
            if reason.execution is None:
                continue
            title = f"{r.test} under {r.model}: why never {e.condition} ({', '.join(reason.rules)})"
            written += write(directory, file_stem(r.test, r.model, f"why{i}"), reason.execution, title,
                             reason.highlight, formats)
    return written
