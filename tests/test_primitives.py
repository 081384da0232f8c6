"""The registry of primitives (litmus/primitives): every primitive's facts are
written once there, and the lowering and both engines follow them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from litmus import primitives
from litmus.solver import paths
from litmus import program as ir
from litmus.api import check, load
from litmus.effects import stops
from litmus.errors import LitmusError
from litmus.models import RULES

LITMUS = Path(__file__).resolve().parent.parent / "litmus"

OBJECTS = {  # a declaration of each object kind, for the programs below
    ir.VarKind.MUTEX: "var o sync.Mutex",
    ir.VarKind.RWMUTEX: "var o sync.RWMutex",
    ir.VarKind.WAITGROUP: "var o sync.WaitGroup",
    ir.VarKind.COND: "var mu sync.Mutex\nvar o = sync.NewCond(&mu)",
    ir.VarKind.ATOMIC: "var o atomic.Int64",
    ir.VarKind.VALUE: "var o atomic.Value",
}
ARGS = {"int": "1", "elem": "1", "func()": "func() {}"}


def test_every_object_kind_has_one_primitive():
    kinds = [p.kind for p in primitives.PRIMITIVES if p.kind is not None]
    assert len(kinds) == len(set(kinds))
    assert set(kinds) == set(ir.VarKind) - {ir.VarKind.PLAIN}


def test_every_sync_event_of_the_paths_belongs_to_one_primitive():
    owned = [e.value for p in primitives.PRIMITIVES if p.events for e in p.events]
    assert len(owned) == len(set(owned))
    assert set(owned) | {paths.PRINT} == paths.SYNC_KINDS


def test_every_rule_a_primitive_names_is_a_model_rule():
    for p in primitives.PRIMITIVES:
        assert p.rules and all(r in RULES and RULES[r].kind == "sync" for r in p.rules), p.name
    assert {r for p in primitives.PRIMITIVES for r in p.rules} == {n for n, r in RULES.items() if r.kind == "sync"}


@pytest.mark.parametrize("kind", sorted(OBJECTS, key=lambda k: k.value))
def test_the_lowering_follows_the_registry(kind):
    """Each method the registry gives is accepted with its arguments and lowered
    to its operation; any other name is refused with the registry's list."""
    prim = primitives.of_kind(kind)
    for m in prim.methods.values():
        if m.name == "Do":
            continue  # once.Do(f) is a statement (ir.OnceDo): tests/test_lower.py
        args = ", ".join(ARGS[p] for p in m.params)
        call = f"o.{m.name}({args})"
        stmt = f"r := {call}" if m.result else call
        test = load(f"{OBJECTS[kind]}\ngo func P0() {{ {stmt} }}\n", "t.lit")
        calls = [n for n in ir.walk(test.program.goroutines) if isinstance(n, (ir.SyncCall, ir.Atomic))]
        assert [c.op for c in calls][-1:] == [m.op], (kind, m.name, calls)
    with pytest.raises(LitmusError) as e:
        load(f"{OBJECTS[kind]}\ngo func P0() {{ o.Frobnicate() }}\n", "t.lit")
    assert "has no method Frobnicate" in str(e.value)


def test_effects_follow_what_may_wait_or_panic():
    for kind in primitives.SYNC_OBJECTS:
        for m in primitives.of_kind(kind).methods.values():
            if m.name == "Do":
                continue  # once.Do is a statement (ir.OnceDo), which may wait
            assert stops(ir.SyncCall(m.op, "o", (), "")) == (m.waits or bool(m.panics)), (kind, m.name)


@pytest.mark.parametrize("source,message", [
    ("var mu sync.Mutex\ngo func P0() { mu.Unlock() }", primitives.mutex.UNLOCK_OF_UNLOCKED),
    ("var mu sync.RWMutex\ngo func P0() { mu.RUnlock() }", primitives.rwmutex.RUNLOCK_OF_UNLOCKED),
    ("var mu sync.RWMutex\ngo func P0() { mu.Unlock() }", primitives.rwmutex.UNLOCK_OF_UNLOCKED),
    ("var wg sync.WaitGroup\ngo func P0() { wg.Done() }", primitives.waitgroup.NEGATIVE_COUNTER),
    ("var c = make(chan int)\ngo func P0() { close(c); close(c) }", primitives.channel.CLOSE_OF_CLOSED),
    ("var c = make(chan int, 1)\ngo func P0() { close(c); c <- 1 }", primitives.channel.SEND_ON_CLOSED),
    ("var v atomic.Value\ngo func P0() { v.Store(nil) }", primitives.value.nil_value("store")),
])
@pytest.mark.parametrize("engine", ["z3", "reference"])
def test_both_engines_panic_with_the_registry_message(source, message, engine):
    out = check(source + "\n", engine=engine, all_observables=True)
    texts = {e.panic for o in out.outcomes for _, e in o.goroutines if e.panic}
    assert texts == {message}, texts


def test_panic_messages_have_one_home():
    """No engine or the lowering spells a primitive's panic message itself."""
    messages = {msg for p in primitives.PRIMITIVES for m in p.methods.values() for msg in m.panics}
    for path in [LITMUS / "lower.py", *sorted((LITMUS / "reference").glob("*.py")),
                 *sorted((LITMUS / "solver").glob("*.py"))]:
        text = path.read_text()
        for msg in messages:
            assert msg not in text, (path.name, msg)


def test_reference_requests_belong_to_primitives():
    """The reference's request kinds for sync objects and goroutines are the ones
    the registry lists (plus its own bookkeeping: print, select, spin)."""
    source = (LITMUS / "reference" / "interp.py").read_text()
    made = set(re.findall(r'Req\("([a-z-]+)"', source))
    listed = {r for p in primitives.PRIMITIVES for r in p.requests}
    assert made - listed <= {"print", "spin"}, made - listed
