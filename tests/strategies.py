"""Hypothesis strategies: small well-formed litmus programs, as source text.

`programs()` builds 2 to 3 goroutines over plain ints `x, y`, atomics `a, b`
(atomic.Int64) and an atomic.Value `v`, with reads into fresh locals,
constant and dependent writes (`x = r0`, `if r0 == 1 { y = 1 } else { ... }`),
`x++`, the atomic methods, the function forms on a plain variable (so `x` can
be mixed), Value stores and comma-ok loads, division by a read value (it may
panic) and println.

`sync_programs()` builds 2 to 3 goroutines over plain int64 `x, y` with a
`sync.Mutex` (mostly balanced Lock ... Unlock blocks in one goroutine, sometimes a
lone Unlock (fatal error) or a lone Lock (deadlock)), a channel
`make(chan int64, K)` with K in {0, 1} (send, receive, comma-ok receive, close,
select with a send and / or a receive case, with or without default),
a `sync.Once` (`once.Do(func() { x = 1 })`) and, in the `func main()` shape, a
`sync.WaitGroup` (`wg.Add(1)`, or `wg.Add(int(x) + 1)`, before each
`go func() { ... }()`, `wg.Done()` at the end of the child, usually, and
`wg.Wait()` in main). In the other shape the first body is sometimes
`func init()`, which the other goroutines wait for (forever, if it blocks).

`mixed_programs()` builds load buffering with a branch or a loop between a
read and a write that holds any primitive (channels, select, Mutex, RWMutex,
the try forms, WaitGroup, Once, Cond, atomics, atomic.Value, spin loops,
division, shifts, assertions, return, panic, a helper that may return early,
map and string operations, nil channels),
so that the engines' control-dependency rules are compared on every mix.
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


# --- programs with synchronization -------------------------------------------

@st.composite
def _sync_simple(draw, *, locals_: list[str], inside_lock: bool = False):
    """One statement without a block of its own; may declare a local."""
    kinds = ["write", "read", "incr", "dep-write", "print", "send", "recv", "recv-ok", "once", "select"]
    if not inside_lock:  # a close or a Do under the lock is fine, but keep blocks small
        kinds += ["close"]
    kind = draw(st.sampled_from(kinds))
    x = draw(st.sampled_from(PLAIN))
    k = draw(st.integers(1, 2))
    new = f"r{len(locals_)}"
    ints = [n for n in locals_ if not n.startswith("ok")]
    if kind in ("dep-write", "print") and not ints:
        kind = "write"
    if kind == "write":
        return [f"{x} = {k}"]
    if kind == "incr":
        return [f"{x}++"]
    if kind == "read":
        locals_.append(new)
        return [f"{new} := {x}"]
    if kind == "dep-write":
        return [f"{x} = {draw(st.sampled_from(ints))}"]
    if kind == "print":
        return [f"println({draw(st.sampled_from(ints))})"]
    if kind == "send":
        value = draw(st.sampled_from([str(k)] + ints))
        return [f"c <- {value}"]
    if kind == "recv":
        locals_.append(new)
        return [f"{new} := <-c"]
    if kind == "recv-ok":
        ok = f"ok{len(locals_)}"
        locals_.append(new)
        locals_.append(ok)
        return [f"{new}, {ok} := <-c"]
    if kind == "close":
        return ["close(c)"]
    if kind == "select":  # a send case, a receive case or both on c; default or not
        cases = draw(st.sampled_from([("send",), ("recv",), ("send", "recv")]))
        default = draw(st.booleans())
        locals_.append(new)
        lines = [f"{new} := int64(0)", "select {"]
        for i, case in enumerate(cases + (("default",) if default else ())):
            lines += {"send": [f"case c <- {k}:"], "recv": ["case v := <-c:", f"    {x} = v"],
                      "default": ["default:"]}[case]
            lines.append(f"    {new} = {i + 1}")
        return lines + ["}"]
    # once
    return [f"once.Do(func() {{ {x} = {k} }})"]


@st.composite
def _sync_body(draw, max_statements: int, misuse: bool, locals_: list[str] | None = None):
    """1..max_statements lines (Lock and Unlock count): simple statements, Lock ...
    Unlock blocks around one statement and, when `misuse`, a lone Lock or Unlock."""
    locals_ = [] if locals_ is None else locals_
    size = draw(st.integers(1, max_statements))
    lines: list[str] = []
    while len(lines) < size:
        room = size - len(lines)
        kinds = ["simple"] + (["locked"] if room >= 3 else [])
        kinds += ["lone-unlock", "lone-lock"] if misuse else []
        kind = draw(st.sampled_from(kinds))
        if kind == "simple":
            lines += draw(_sync_simple(locals_=locals_))
        elif kind == "locked":
            lines += ["mu.Lock()", *draw(_sync_simple(locals_=locals_, inside_lock=True)),
                      "mu.Unlock()"]
        else:
            lines.append("mu.Unlock()" if kind == "lone-unlock" else "mu.Lock()")
    return lines


@st.composite
def sync_programs(draw, *, min_goroutines: int = 2, max_goroutines: int = 3,
                  max_statements: int = 4):
    """Source text of a small program mixing plain int64s with sync and a channel."""
    if not 2 <= min_goroutines <= max_goroutines:
        raise ValueError("need 2 <= min_goroutines <= max_goroutines")
    n = draw(st.integers(min_goroutines, max_goroutines))
    cap = draw(st.integers(0, 1))
    lines = ['litmus "generated-sync"', "", "var x, y int64", "var mu sync.Mutex",
             f"var c = make(chan int64, {cap})", "var once sync.Once", "var wg sync.WaitGroup",
             "type pt struct {", "    f, g int64", "}", "var s pt", "var arr [2]int64",
             "var m = make(map[int64]int64)", "var nm map[int64]int64", 'var sv = "ab"', "var nc chan int64", "var fl = 1.5"]
    # mostly balanced lock use; one program in four may also have lone Lock/Unlock
    misuse = draw(st.sampled_from([False, False, False, True]))
    if draw(st.booleans()):
        # sometimes the first body is init's: the others start when it ends (or never)
        first = draw(st.sampled_from(["go func P0()", "go func P0()", "go func P0()", "func init()"]))
        for g in range(n):
            body = draw(_sync_body(max_statements, misuse))
            lines.append("")
            lines.append(f"{first if g == 0 else f'go func P{g}()'} {{")
            lines.extend(f"    {s}" for s in body)
            lines.append("}")
        return "\n".join(lines) + "\n"
    # WaitGroup shape: main starts n - 1 children, waits, then runs its own body.
    lines.append("")
    lines.append("func main() {")
    for _ in range(n - 1):
        child = draw(_sync_body(max(1, max_statements - 1), misuse))  # + Done
        # usually one Done at the end; sometimes none (Wait deadlocks) or two (panic)
        dones = draw(st.sampled_from([1, 1, 1, 1, 0, 2]))
        # the delta is usually 1; sometimes computed from x (above 1, Wait blocks forever)
        lines.append(draw(st.sampled_from(["    wg.Add(1)"] * 3 + ["    wg.Add(int(x) + 1)"])))
        lines.append("    go func() {")
        lines.extend(f"        {s}" for s in child)
        lines.extend("        wg.Done()" for _ in range(dones))
        lines.append("    }()")
    main_locals: list[str] = []
    if draw(st.booleans()):
        before = draw(_sync_body(1, misuse, main_locals))  # main may also act before waiting
        lines.extend(f"    {s}" for s in before)
    lines.append("    wg.Wait()")
    after = draw(_sync_body(max(1, max_statements - 3), misuse, main_locals))
    lines.extend(f"    {s}" for s in after)
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- branches and loops around every primitive ---------------------------------

# What a goroutine of `mixed_programs` may do inside a branch or a loop: one line
# each (a few lines for a lock held around a write). Locks are held around
# their code and cv.Wait runs under its lock, so most programs run; a lone
# Unlock or wg.Done panics and a receive, a Wait or a Lock may wait forever,
# which are outcomes too.
_PRIMITIVES = {
    "send": ["c <- 1"],
    "recv": ["<-c"],
    "recv-ok": ["_, _ = <-c"],
    "close": ["close(c)"],
    "select": ["select {", "case c <- 1:", "case <-c:", "}"],
    "select-default": ["select {", "case c <- 1:", "default:", "}"],
    "select-recv-default": ["select {", "case <-c:", "default:", "}"],
    "lock": ["mu.Lock()", "z = 1", "mu.Unlock()"],
    "unlock": ["mu.Unlock()"],
    "trylock": ["if mu.TryLock() {", "    mu.Unlock()", "}"],
    "rlock": ["rw.RLock()", "rw.RUnlock()"],
    "rwlock": ["rw.Lock()", "rw.Unlock()"],
    "tryrlock": ["if rw.TryRLock() {", "    rw.RUnlock()", "}"],
    "wg-add": ["wg.Add(1)"],
    "wg-done": ["wg.Done()"],
    "wg-wait": ["wg.Wait()"],
    "once": ["once.Do(func() { z = 1 })"],
    "cond-wait": ["mu.Lock()", "cv.Wait()", "mu.Unlock()"],
    "signal": ["cv.Signal()"],
    "broadcast": ["cv.Broadcast()"],
    "atomic-store": ["a.Store(1)"],
    "atomic-add": ["a.Add(1)"],
    "cas": ["a.CompareAndSwap(0, 1)"],
    "value-store": ["v.Store(int64(1))"],
    "spin": ["for a.Load() == 0 {", "}"],
    "div": ["z = 10 / {r}"],
    "shift": ["z = int64(1) << {r}"],
    "assert": ["z = v.Load().(int64)"],
    "helper": ["h({r})"],
    "defer-unlock": ["mu.Lock()", "defer mu.Unlock()"],
    "defer-write": ["defer func() {", "    z = 3", "}()"],
    "defer-recover": ["defer func() {", "    recover()", "}()", 'panic("p")'],
    "defer-print": ["defer println({r})"],
    "return": ["return"],
    "panic": ['panic("p")'],
    "write": ["z = 1"],
    "field": ["s.f = {r}"],  # struct fields and array elements (lower_data.py): locations of their own
    "index": ["arr[{r}+1] = 2"],  # a computed index: out of range (Go's run-time error) when {r} is 1
    "index-read": ["z = arr[{r}]"],
    # maps, strings and nil channels (litmus/ops.py, litmus/lower_maps.py)
    "map-write": ["m[{r}] = 1"],
    "map-incr": ["m[1]++"],
    "map-read": ["z = m[{r}]"],
    "map-comma-ok": ["_, _ = m[{r}]"],
    "map-delete": ["delete(m, {r})"],
    "map-len": ["z = int64(len(m))"],
    "nil-map-write": ["nm[{r}] = 1"],
    "str-index": ["z = int64(sv[{r}])"],
    "str-slice": ["z = int64(len(sv[{r}:]))"],
    "nil-send": ["nc <- 1"],
    "nil-recv": ["<-nc"],
    "cap": ["z = int64(cap(c))"],
    "float": ["z = int64(float64({r}) / 2.5 * fl)"],
}


@st.composite
def _mixed_block(draw, r: str, depth: int):
    """A branch or a loop around primitives; its conditions read `r`, a local
    holding a racy plain read (so the block may be control dependent on it)."""
    def inner(most: int = 2):
        lines = []
        for _ in range(draw(st.integers(1, most)) if depth else 1):
            if depth > 0 and draw(st.integers(0, 4)) == 0:
                lines += draw(_mixed_block(r, depth - 1))
            else:
                lines += [s.replace("{r}", r) for s in _PRIMITIVES[draw(st.sampled_from(sorted(_PRIMITIVES)))]]
        return ["    " + s for s in lines]

    k = draw(st.integers(0, 1))
    shapes = ["if", "if", "if-else", "else"]
    if depth:  # loops only outermost, around one statement: loops multiply the paths
        shapes += ["for-const", "for-break", "for-read", "for-atomic", "for-select"]
    shape = draw(st.sampled_from(shapes))
    if shape == "if":
        return [f"if {r} == {k} {{", *inner(), "}"]
    if shape == "if-else":
        return [f"if {r} == {k} {{", *inner(), "} else {", *inner(), "}"]
    if shape == "else":  # the primitive only in the else arm
        return [f"if {r} == {k} {{", "    z = 2", "} else {", *inner(), "}"]
    if shape == "for-const":
        return ["for i := 0; i < 2; i++ {", *inner(1), "}"]
    if shape == "for-break":
        return ["for i := 0; i < 2; i++ {", f"    if {r} == {k} {{", "        break", "    }", *inner(1), "}"]
    if shape == "for-read":  # a loop whose trip count is a read value (cut past --unroll)
        return [f"for j := int64(0); j < {r}; j++ {{", *inner(1), "}"]
    if shape == "for-atomic":  # an atomic in the loop condition
        return [f"for j := 0; j < 2 && a.Load() == {k}; j++ {{", *inner(1), "}"]
    return ["for i := 0; i < 2; i++ {", "    select {", "    case c <- 1:", *["    " + s for s in inner(1)],
            "    default:", "    }", "}"]


@st.composite
def mixed_programs(draw):
    """Load buffering (`r0 := x ... y = ...` beside `r1 := y ... x = r1`) with a
    branch or loop between each read and write that holds primitives: a send
    in an `if`, a Lock in an `else`, a select in a loop, Once in a branch, wg
    and Cond operations, spin loops, atomics in loop conditions, a helper
    that may return early. Whether the write after the block depends on the
    read decides whether the thin-air outcome `x == y == 1` is allowed, so a
    drift between the engines' control-dependency rules shows up here."""
    cap = draw(st.integers(0, 1))
    lines = ['litmus "generated-mixed"', "", "var x, y, z int64", "var a atomic.Int64", "var v atomic.Value",
             "var mu sync.Mutex", "var rw sync.RWMutex", "var cv = sync.NewCond(&mu)",
             f"var c = make(chan int64, {cap})", "var once sync.Once", "var wg sync.WaitGroup",
             "type pt struct {", "    f, g int64", "}", "var s pt", "var arr [2]int64",
             "var m = make(map[int64]int64)", "var nm map[int64]int64", 'var sv = "ab"', "var nc chan int64", "var fl = 1.5"]
    bodies = []
    for g, (src, dst) in enumerate([("x", "y"), ("y", "x")]):
        r = f"r{g}"
        body = [f"{r} := {src}"]
        if g == 0 or draw(st.integers(0, 3)) == 0:
            body += draw(_mixed_block(r, depth=1 if g == 0 else 0))
        body.append(f"{dst} = {'1' if g == 0 else r}")  # y = 1 is the write a control dependency holds back
        bodies.append(body)
    if any(s.startswith("h(") for b in bodies for s in map(str.strip, b)):
        lines += ["", "func h(r int64) {", "    if r == 1 {", "        return", "    }",
                  "    " + draw(st.sampled_from(["c <- 1", "mu.Lock()\n    mu.Unlock()", "z = 1", "cv.Signal()"])),
                  "}"]
    for g, body in enumerate(bodies):
        lines += ["", f"go func P{g}() {{", *["    " + s for s in body], "}"]
    return "\n".join(lines) + "\n"


def as_go_program(test):
    """A generated .lit test run as a Go program (`Program.go`): goroutine P0 is
    main, whose return ends the program, and println writes to the shared
    stdout stream. For the engines' Go-program semantics (litmus/go_end.py)."""
    import re
    from dataclasses import fields, is_dataclass, replace

    from litmus import program as ir
    from litmus.api import load

    def to_stdout(node):
        if isinstance(node, tuple):
            new = tuple(to_stdout(n) for n in node)
            return node if all(a is b for a, b in zip(new, node)) else new
        if isinstance(node, ir.Print):
            return replace(node, stream=ir.STDOUT)
        if is_dataclass(node) and not isinstance(node, type):
            changes = {f.name: to_stdout(getattr(node, f.name)) for f in fields(node)}
            changes = {k: v for k, v in changes.items() if v is not getattr(node, k)}
            return replace(node, **changes) if changes else node
        return node

    source = re.sub(r"\bP0\b", "main", test.source)
    t = load(source, "generated-go.lit")
    p = t.program
    return replace(t, program=replace(p, go=True, goroutines=to_stdout(p.goroutines), init=to_stdout(p.init)))
