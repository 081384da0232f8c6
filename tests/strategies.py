"""Hypothesis strategies: small well-formed litmus programs, as source text.

`programs()` builds 2 to 3 goroutines over plain ints `x, y`, atomics `a, b`
(atomic.Int64) and an atomic.Value `v`, with reads into fresh locals,
constant and dependent writes (`x = r0`, `if r0 == 1 { y = 1 } else { ... }`),
`x++`, the atomic methods, the function forms on a plain variable (so `x` can
be mixed), Value stores and comma-ok loads, division by a read value (it may
panic) and println.
Text is what the engines see, so a shrunk failure reads as a litmus file.
"""

from __future__ import annotations

from hypothesis import strategies as st

PLAIN = ("x", "y")
ATOMIC = ("a", "b")


@st.composite
def statements(draw, goroutine: int, *, locals_: list[str], atomics: bool):
    """One statement; may declare a new local (appended to `locals_`)."""
    kinds = ["write", "read", "incr", "dep-write", "ctrl-write", "if-else", "div", "print"]
    if atomics:
        kinds += ["store", "load", "add", "swap", "cas", "func-add", "value-store", "value-load"]
    kind = draw(st.sampled_from(kinds))
    x = draw(st.sampled_from(PLAIN))
    a = draw(st.sampled_from(ATOMIC))
    k = draw(st.integers(1, 2))
    new = f"r{len(locals_)}"
    ints = [n for n in locals_ if not n.startswith("ok")]
    if kind in ("dep-write", "ctrl-write", "if-else", "div", "print") and not ints:
        kind = "write"
    if kind == "write":
        return f"{x} = {k}"
    if kind == "incr":
        return f"{x}++"
    if kind == "read":
        locals_.append(new)
        return f"{new} := {x}"
    if kind == "dep-write":
        return f"{x} = {draw(st.sampled_from(ints))}"
    if kind == "ctrl-write":
        r = draw(st.sampled_from(ints))
        target = draw(st.sampled_from(PLAIN + ((a,) if atomics else ())))
        body = f"{target}.Store({k})" if target in ATOMIC else f"{target} = {k}"
        return f"if {r} == {draw(st.integers(0, 1))} {{ {body} }}"
    if kind == "if-else":
        r = draw(st.sampled_from(ints))
        y = draw(st.sampled_from(PLAIN))
        return f"if {r} == {draw(st.integers(0, 1))} {{ {x} = {k} }} else {{ {y} = {k + 1} }}"
    if kind == "div":
        locals_.append(new)
        return f"{new} := {k} / {draw(st.sampled_from(ints))}"
    if kind == "print":
        return f"println({draw(st.sampled_from(ints))})"
    if kind == "func-add":
        locals_.append(new)
        return f"{new} := atomic.AddInt64(&{x}, 1)"
    if kind == "value-store":
        return f"v.Store(int64({k}))"
    if kind == "value-load":
        name = f"ok{len(locals_)}"
        locals_.append(new)
        locals_.append(name)
        return f"{new}, {name} := v.Load().(int64)"
    if kind == "store":
        return f"{a}.Store({k})"
    if kind == "load":
        locals_.append(new)
        return f"{new} := {a}.Load()"
    if kind == "add":
        locals_.append(new)
        return f"{new} := {a}.Add(1)"
    if kind == "swap":
        locals_.append(new)
        return f"{new} := {a}.Swap({k})"
    name = f"ok{len(locals_)}"
    locals_.append(name)
    return f"{name} := {a}.CompareAndSwap({draw(st.integers(0, 1))}, {k})"


@st.composite
def programs(draw, *, min_goroutines: int = 2, max_goroutines: int = 3, max_statements: int = 3,
             atomics: bool = True):
    """Source text of a small litmus program with no condition (every observable shown)."""
    if not 1 <= min_goroutines <= max_goroutines:
        raise ValueError("need 1 <= min_goroutines <= max_goroutines")
    n = draw(st.integers(min_goroutines, max_goroutines))
    lines = ['litmus "generated"', "", "var x, y int64"]
    if atomics:
        lines.append("var a, b atomic.Int64")
        lines.append("var v atomic.Value")
    for g in range(n):
        locals_: list[str] = []
        body = draw(st.lists(statements(g, locals_=locals_, atomics=atomics), min_size=1,
                             max_size=max_statements))
        lines.append("")
        lines.append(f"go func P{g}() {{")
        lines.extend(f"    {s}" for s in body)
        lines.append("}")
    return "\n".join(lines) + "\n"
