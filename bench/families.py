"""Scaled benchmark families of `.lit` litmus tests.

Each generator returns ``(name, source)``: ``name`` is the herd-style test name
that also appears in the source's ``litmus "NAME"`` header (``SB-8``,
``IRIW-4``, ``CoW-4x2``, ``MP-chain-3``, ``Incr-5``), ``source`` is the text of
a complete `.lit` file with its condition and ``expect`` lines.

Expected state counts (outcomes projected on the condition's observables),
useful to sanity-check an engine: SB-n has 2^n - 1 states (SB-8: 255),
IRIW-4 has 255, CoW-n x m has (n*m + 1) + sum over the n*m stored values of
(1 + later values of the same writer + (n-1)*m) states (CoW-4x2: 69).

Usage: ``python bench/families.py OUTDIR`` writes every family at every size
of ``FAMILIES`` to ``OUTDIR/<family>_<size>.lit``. No third-party imports.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

__all__ = ["sb_ring", "iriw", "cow", "mp_chain", "incr", "pipeline", "mutex_incr", "wg_fan_in", "once_race",
           "FAMILIES", "file_stem", "generate_all", "main"]


def _lines(*parts: str | list[str]) -> str:
    out: list[str] = []
    for p in parts:
        if isinstance(p, list):
            out.extend(p)
        else:
            out.append(p)
    return "\n".join(out) + "\n"


def _goroutine(name: str, body: list[str]) -> list[str]:
    return [f"go func {name}() {{", *("    " + s for s in body), "}", ""]


def sb_ring(n: int) -> tuple[str, str]:
    """Store buffering on a ring of n atomics: P_i stores x_i, then loads x_(i+1 mod n).

    All loads returning 0 is forbidden (SC atomics); race-free.
    """
    if n < 2:
        raise ValueError("sb_ring needs n >= 2")
    name = f"SB-{n}"
    decls = [f"var x{i} atomic.Int64" for i in range(n)]
    gos: list[str] = []
    for i in range(n):
        gos += _goroutine(f"P{i}", [f"x{i}.Store(1)", f"r := x{(i + 1) % n}.Load()"])
    cond = " && ".join(f"P{i}.r == 0" for i in range(n))
    src = _lines(
        f'litmus "{name}"',
        f"// Store buffering ring of {n} goroutines over sequentially consistent",
        "// atomics: every load returning 0 would need a cycle in the SC order.",
        "",
        decls,
        "",
        gos,
        f"exists ({cond})",
        "expect never",
        "expect race-free",
    )
    return name, src


def iriw(n: int) -> tuple[str, str]:
    """Independent reads of independent writes, generalised to n variables.

    Writer W_i stores 1 to x_i; reader R_j loads x_j, x_(j+1), ..., x_(j+n-1)
    (indices mod n) into r0..r(n-1). The condition asks every reader to see
    (r0, r1) == (1, 0), i.e. x_j before x_(j+1): a cycle, forbidden for SC
    atomics; race-free.
    """
    if n < 2:
        raise ValueError("iriw needs n >= 2")
    name = f"IRIW-{n}"
    decls = [f"var x{i} atomic.Int64" for i in range(n)]
    gos: list[str] = []
    for i in range(n):
        gos += _goroutine(f"W{i}", [f"x{i}.Store(1)"])
    for j in range(n):
        gos += _goroutine(f"R{j}", [f"r{k} := x{(j + k) % n}.Load()" for k in range(n)])
    cond = " && ".join(f"R{j}.r0 == 1 && R{j}.r1 == 0" for j in range(n))
    src = _lines(
        f'litmus "{name}"',
        f"// IRIW with {n} writers and {n} readers over SC atomics: the readers",
        "// cannot disagree on the order of the writes all around the ring.",
        "",
        decls,
        "",
        gos,
        f"exists ({cond})",
        "expect never",
        "expect race-free",
    )
    return name, src


def cow(n: int, m: int) -> tuple[str, str]:
    """Coherence of one atomic x: n writers each store m distinct values.

    Writer W_i stores i*m+1, ..., i*m+m in order; reader R loads x into r1 then
    r2. The condition (r1 == 2 && r2 == 1) reads W0's second store before its
    first: forbidden (coherence of SC atomics); race-free. Outcomes are
    projected on R.r1 and R.r2.
    """
    if n < 1 or m < 2:
        raise ValueError("cow needs n >= 1 and m >= 2")
    name = f"CoW-{n}x{m}"
    gos: list[str] = []
    for i in range(n):
        gos += _goroutine(f"W{i}", [f"x.Store({i * m + k})" for k in range(1, m + 1)])
    gos += _goroutine("R", ["r1 := x.Load()", "r2 := x.Load()"])
    src = _lines(
        f'litmus "{name}"',
        f"// Coherence: {n} writers store {m} values each to one atomic; a reader",
        "// loading twice never sees a writer's stores out of program order.",
        "",
        "var x atomic.Int64",
        "",
        gos,
        "exists (R.r1 == 2 && R.r2 == 1)",
        "expect never",
        "expect race-free",
    )
    return name, src


def mp_chain(n: int) -> tuple[str, str]:
    """Message passing over a chain of n hops: plain data, atomic flags f1..fn.

    H0 writes data then sets f1; hop H_i (0 < i < n) runs
    ``if f_i.Load() == 1 { f_(i+1).Store(1) }``; the reader R loads f_n and reads
    data only under it. Seeing the flag and stale data is forbidden; the program
    is race-free (hb is transitive through every hop). n == 1 is plain MP with
    an atomic flag. No spin loops.
    """
    if n < 1:
        raise ValueError("mp_chain needs n >= 1")
    name = f"MP-chain-{n}"
    decls = ["var data int", *(f"var f{i} atomic.Int64" for i in range(1, n + 1))]
    gos: list[str] = []
    gos += _goroutine("H0", ["data = 1", "f1.Store(1)"])
    for i in range(1, n):
        gos += _goroutine(f"H{i}", [f"if f{i}.Load() == 1 {{", f"    f{i + 1}.Store(1)", "}"])
    gos += _goroutine("R", [f"f := f{n}.Load()", "if f == 1 {", "    r := data", "}"])
    src = _lines(
        f'litmus "{name}"',
        f"// Message passing through {n} hop(s) of atomic flags: the plain data",
        "// write happens before the final read whenever the last flag is seen.",
        "",
        decls,
        "",
        gos,
        "exists (R.f == 1 && R.r == 0)",
        "expect never",
        "expect race-free",
    )
    return name, src


def incr(n: int) -> tuple[str, str]:
    """n goroutines each do ``x++`` on one plain int; final x == 1 (all but one
    update lost) is possible, even under sc; the program is racy."""
    if n < 2:
        raise ValueError("incr needs n >= 2")
    name = f"Incr-{n}"
    gos: list[str] = []
    for i in range(n):
        gos += _goroutine(f"P{i}", ["x++"])
    src = _lines(
        f'litmus "{name}"',
        f"// {n} unsynchronized plain increments: updates can be lost.",
        "",
        "var x int",
        "",
        gos,
        "exists (x == 1)",
        "expect sometimes",
        "expect racy",
    )
    return name, src


def pipeline(n: int) -> tuple[str, str]:
    """A value passed through n unbuffered channels by n+1 goroutines; the last
    one reads the plain data the first one wrote (never stale; race-free)."""
    if n < 1:
        raise ValueError("pipeline needs n >= 1")
    name = f"Pipeline-{n}"
    decls = ["var data int"] + [f"var c{i} = make(chan int)" for i in range(n)]
    gos = _goroutine("P0", ["data = 42", "c0 <- 1"])
    for i in range(1, n):
        gos += _goroutine(f"P{i}", [f"v := <-c{i - 1}", f"c{i} <- v"])
    gos += _goroutine(f"P{n}", [f"v := <-c{n - 1}", "r := data"])
    src = _lines(f'litmus "{name}"', f"// A value handed through {n} unbuffered channels.", "", decls, "",
                 gos, f"exists (P{n}.r == 0)", "expect never", "expect race-free")
    return name, src


def mutex_incr(n: int) -> tuple[str, str]:
    """n goroutines increment a plain int under one mutex: always n, race-free."""
    if n < 1:
        raise ValueError("mutex_incr needs n >= 1")
    name = f"Mutex-incr-{n}"
    gos: list[str] = []
    for i in range(n):
        gos += _goroutine(f"P{i}", ["mu.Lock()", "x++", "mu.Unlock()"])
    src = _lines(f'litmus "{name}"', f"// {n} increments serialized by a mutex.", "", "var x int",
                 "var mu sync.Mutex", "", gos, f"exists (x != {n})", "expect never", "expect race-free")
    return name, src


def wg_fan_in(n: int) -> tuple[str, str]:
    """main starts n workers that each write their own variable, waits on a
    WaitGroup, then reads them all: never stale, race-free."""
    if n < 1:
        raise ValueError("wg_fan_in needs n >= 1")
    name = f"WG-fan-in-{n}"
    decls = [f"var x{i} int" for i in range(n)] + ["var wg sync.WaitGroup"]
    helpers = [line for i in range(n) for line in (f"func w{i}() {{", f"    x{i} = 1", "    wg.Done()", "}", "")]
    body = [f"wg.Add({n})"] + [f"go w{i}()" for i in range(n)] + ["wg.Wait()"] + \
        [f"r{i} := x{i}" for i in range(n)]
    cond = " || ".join(f"main.r{i} == 0" for i in range(n))
    src = _lines(f'litmus "{name}"', f"// A WaitGroup join of {n} workers.", "", decls, "", helpers,
                 "func main() {", *("    " + b for b in body), "}", "", f"exists ({cond})", "expect never",
                 "expect race-free")
    return name, src


def once_race(n: int) -> tuple[str, str]:
    """n goroutines race on once.Do(setup), then read what setup wrote: exactly
    one runs it, every one sees its write; race-free."""
    if n < 1:
        raise ValueError("once_race needs n >= 1")
    name = f"Once-race-{n}"
    gos: list[str] = []
    for i in range(n):
        gos += _goroutine(f"P{i}", ["once.Do(setup)", "r := x"])
    cond = " || ".join(f"P{i}.r != 1" for i in range(n))
    src = _lines(f'litmus "{name}"', f"// {n} goroutines racing on once.Do.", "", "var x int", "var once sync.Once",
                 "", "func setup() {", "    x = x + 1", "}", "", gos, f"exists ({cond})", "expect never",
                 "expect race-free")
    return name, src


FAMILIES: dict[str, tuple[Callable[..., tuple[str, str]], list]] = {
    "sb_ring": (sb_ring, list(range(2, 9))),
    "iriw": (iriw, list(range(2, 5))),
    "cow": (cow, [(2, 2), (3, 2), (4, 2), (3, 3), (5, 2)]),
    "mp_chain": (mp_chain, list(range(1, 7))),
    "incr": (incr, list(range(2, 9))),
    "pipeline": (pipeline, list(range(1, 6))),
    "mutex_incr": (mutex_incr, list(range(1, 6))),
    "wg_fan_in": (wg_fan_in, list(range(1, 6))),
    "once_race": (once_race, list(range(1, 6))),
}


def file_stem(family: str, size) -> str:
    """`sb_ring_8`, `cow_4x2`: the file name (without `.lit`) for one instance."""
    if isinstance(size, tuple):
        return f"{family}_" + "x".join(str(s) for s in size)
    return f"{family}_{size}"


def generate_all():
    """Yield (family, size, name, source) for every family at every size."""
    for family, (fn, sizes) in FAMILIES.items():
        for size in sizes:
            args = size if isinstance(size, tuple) else (size,)
            name, src = fn(*args)
            yield family, size, name, src


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python bench/families.py OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for family, size, _name, src in generate_all():
        (out / f"{file_stem(family, size)}.lit").write_text(src, encoding="utf-8")
        count += 1
    print(f"wrote {count} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
