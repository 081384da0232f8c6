"""Witnesses: every witness of every catalog test is a consistent execution of
the program that produces its outcome.

Two checks, one per witness. In Python, on the witness as shown: each read
returns the value of the write it reads from; an interleaving's reads return
the latest write before them; a racy execution's reads obey the racy-read rule
(not after, not hidden by happens-before) and its atomic reads the latest
atomic write in the synchronization order. And by re-solving: a fresh encoding
of the same control paths with the witness's reads-from and order fixed has an
execution, every such execution has the outcome's values, and its reads return
exactly the witness's values."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import z3

import litmus
from litmus.api import load, models_for, shown_observables
from litmus.cli import run
from litmus.explain.execution import Execution, hb_closure
from litmus.explain.witness import witness_of
from litmus.models import get_model
from litmus.solver.encode import Encoding
from litmus.solver.search import Search
from litmus.solver.z3values import from_z3
from litmus.values import format_value

CASES = Path(__file__).parent / "litmus_cases"


def cases():
    for path in sorted(CASES.glob("*.lit")):
        test = load(path.read_text(encoding="utf-8"), path.name)
        for m in models_for(test, None):
            yield pytest.param(path, m.name, id=f"{path.stem}-{m.name}")


def consistent(x: Execution, model) -> None:
    """The axioms, checked in Python on the witness itself."""
    steps = x.steps
    src = {e.dst: steps[e.src] for e in x.rf if e.kind == "rf"}
    torn = {e.dst for e in x.rf if e.kind == "rf-len" and src.get(e.dst) is not None and e.src != src[e.dst].key}
    reads = [s for _, g in x.goroutines for s in g if s.read is not None]
    for r in reads:
        w = src[r.key]
        assert w.var == r.var
        assert r.key in torn or w.wrote == r.read, f"{r.label} returned {r.read} but read {w.label}"
    writes = [s for _, g in x.goroutines for s in g if s.wrote is not None]
    if x.interleaving:
        order = {k: i for i, k in enumerate(x.sync_order)}
        for _, g in x.goroutines:
            assert [order[s.key] for s in g] == sorted(order[s.key] for s in g), "program order"
        for r in reads:
            before = [w for w in writes if w.var == r.var and order[w.key] < order[r.key]]
            latest = max(before, key=lambda w: order[w.key]) if before else None
            assert (src[r.key].kind == "INIT") if latest is None else src[r.key].key == latest.key, \
                f"{r.label} does not read the latest write"
        return
    reach = hb_closure(x)
    rank = {k: i for i, k in enumerate(x.sync_order)}
    for r in reads:
        w = src[r.key]
        assert w.kind == "INIT" or w.key not in reach[r.key], f"{r.label} happens before the write it reads"
        for w2 in writes:
            if w2.var == r.var and w2.key not in (w.key, r.key):
                hidden = (w.kind == "INIT" or w2.key in reach[w.key]) and r.key in reach[w2.key]
                assert not hidden, f"{r.label} reads {w.label}, hidden by {w2.label}"
        atomic_only = all("atomic" in s.action for s in writes + reads if s.var == r.var)
        if "atomic" in r.action and atomic_only and model.has("sync-order"):
            before = [w2 for w2 in writes if w2.var == r.var and w2.key in rank and rank[w2.key] < rank[r.key]]
            latest = max(before, key=lambda w2: rank[w2.key]) if before else None
            assert (w.kind == "INIT") if latest is None else w.key == latest.key, f"{r.label}: not so-latest"


def resolved(test, model, combo, enc, x: Execution, outcome) -> None:
    """A fresh encoding with the witness's reads-from and order fixed gives the outcome."""
    fresh = Encoding(combo, test.program, model, enc.mode, budget=None)
    s = z3.Solver()
    s.add(*fresh.constraints)
    chosen = {(e.dst if e.kind == "rf" else (*e.dst, "len")): e.src for e in x.rf}
    for key, options in fresh.rf.items():
        for w, b in options:
            s.add(b == (w.key == chosen.get(key)))
    order = [k for k in x.sync_order if k in fresh.rank]
    s.add(*[fresh.rank[a] < fresh.rank[b] for a, b in zip(order, order[1:])])
    assert s.check() == z3.sat, "the witness's reads-from and order are no execution of the program"
    wrong = []
    steps = x.steps
    for e in combo.events:
        if e.reads and e.key in steps:
            typ = fresh.var_type(e.var)
            m = s.model()
            wrong.append(e.read != m.eval(e.read, model_completion=True))
            assert format_value(from_z3(m.eval(e.read, model_completion=True), typ)) == steps[e.key].read
    if wrong:
        s.push()
        s.add(z3.Or(*wrong))
        assert s.check() == z3.unsat, "the same reads-from and order can give other values"
        s.pop()


@pytest.mark.parametrize("path,model_name", list(cases()))
def test_every_witness_is_a_consistent_execution(path: Path, model_name: str):
    test = load(path.read_text(encoding="utf-8"), path.name)
    model = get_model(model_name)
    search = Search(test, model, shown=shown_observables(test, False), symmetric=False)
    seen = {}

    def keep(combo, enc, m, outcome, terms):
        if outcome not in seen:
            seen[outcome] = (combo, enc, witness_of(enc, m, terms, test.source))

    search.on_outcome = keep
    result = search.run()
    assert set(seen) == set(result.outcomes), "a witness for every outcome"
    for outcome, (combo, enc, x) in seen.items():
        consistent(x, model)
        resolved(test, model, combo, enc, x, outcome)
        if outcome.racy:
            assert x.races, "the witness of a racy outcome has its race"


def test_witness_of_one_outcome():
    out, err = io.StringIO(), io.StringIO()
    code = run(["check", str(CASES / "seed_value_guarded.lit"), "--model", "relaxed-value", "--outcome",
                "reader.r == 0"], out, err)
    text = out.getvalue()
    assert code == 0 and text.count("Witness for") == 1 and "Witness for reader.r=0" in text
    assert "Races in this execution:\n    `data = 42` (writer 21:5) and `r := data` (reader 28:14)" in text


def test_the_api_gives_a_witness():
    r = litmus.check_file(CASES / "seed_value_guarded.lit")
    o = r.outcomes[0]
    x = r.witness(o)
    assert any(e.rule == "atomic-value" for e in x.sw)
    other = litmus.check_file(CASES / "l20_sb_sc.lit").outcomes[0]
    with pytest.raises(litmus.LitmusError, match="not an outcome"):
        r.witness(other)


def test_json_has_a_witness_per_outcome():
    import json

    out, err = io.StringIO(), io.StringIO()
    code = run(["check", str(CASES / "l20_sb_sc.lit"), "--model", "go", "--show", "witness", "--json"], out, err)
    data = json.loads(out.getvalue())
    assert code == 0 and all(o["witness"]["goroutines"] for o in data["outcomes"])
    sw = [e for o in data["outcomes"] for e in o["witness"]["sw"]]
    assert all(e["kind"] == "sw" and e["rule"] for e in sw)


def test_why_racy_says_what_would_order_the_accesses():
    out, err = io.StringIO(), io.StringIO()
    run(["check", str(CASES / "seed_value_guarded.lit"), "--model", "relaxed-value", "--show", "witness"], out, err)
    text = out.getvalue()
    assert "Why racy:\n  data: reader read at 28:14 and writer write at 21:5 are unordered in the witness" in text
    assert "to order them, make `data = 42` (writer 21:5) happen before `r := data` (reader 28:14)" in text
    assert "Under relaxed-value there is no atomic-value rule" in text


def test_a_wrong_witness_is_caught():
    """The checks above can fail: a witness with a read moved to another write, or an
    interleaving put out of program order, is refused."""
    from dataclasses import replace

    from litmus.explain.execution import Edge
    from litmus.explain.witness import witnesses

    test = load((CASES / "seed_value_guarded.lit").read_text(encoding="utf-8"), "s.lit")
    for name in ("go", "relaxed-value"):
        model = get_model(name)
        found = witnesses(test, model, shown=shown_observables(test, False))
        x = next(x for o, x in found.items() if dict(o.values)["reader.r"] == "42")
        consistent(x, model)
        moved = tuple(Edge("rf", ("", "data"), e.dst) if e.dst == ("reader", 2) else e for e in x.rf)
        with pytest.raises(AssertionError):
            consistent(replace(x, rf=moved), model)
        if x.interleaving:
            with pytest.raises(AssertionError):
                consistent(replace(x, sync_order=x.sync_order[::-1]), model)


def test_an_outcome_condition_that_matches_nothing_says_so():
    out, err = io.StringIO(), io.StringIO()
    code = run(["check", str(CASES / "l20_sb_sc.lit"), "--model", "go", "--outcome", "P0.r1 == 7"], out, err)
    assert code == 0 and "Witness: no listed outcome matches --outcome" in out.getvalue()


def test_witnesses_cross_worker_processes():
    """With -j the reports (witnesses, explanations) come back from worker processes unchanged."""
    files = [str(CASES / "l20_sb_sc.lit"), str(CASES / "seed_value_guarded.lit")]
    texts = []
    for jobs in ("1", "2"):
        out, err = io.StringIO(), io.StringIO()
        assert run(["check", *files, "-j", jobs, "--model", "go", "--show", "witness", "--show", "forbidden"],
                   out, err) == 0
        texts.append(out.getvalue())
    assert texts[0] == texts[1] and texts[0].count("Why never") == 2


GO_PROGRAM = """package main

import "fmt"

func main() {
\tgo func() {
\t\tfmt.Println("child")
\t}()
\tfmt.Println("main")
}
"""


def test_a_go_program_witness_shows_only_what_ran_and_its_prints_in_order():
    """main may return before the child prints: that witness has no child print;
    the others list the prints in the order that made the stdout."""
    r = litmus.check(GO_PROGRAM, filename="main.go")
    by_stdout = {o.value_map["stdout"]: r.witness(o) for o in r.outcomes}
    assert set(by_stdout) == {'"main\\n"', '"main\\nchild\\n"', '"child\\nmain\\n"'}
    for stdout, x in by_stdout.items():
        prints = {s.key: s.action for _, steps in x.goroutines for s in steps if s.kind == "PRINT"}
        order = [prints[k] for k in x.sync_order if k in prints]
        assert "".join(a.split('"')[1] for a in order) == stdout.strip('"')  # in the synchronization order
    child = dict(by_stdout['"main\\n"'].goroutines).get("main.go1", ())
    assert not any(s.kind == "PRINT" for s in child)  # it never printed: the program had ended
