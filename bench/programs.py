"""The scaling issue's programs as `.lit` tests: real Go examples at their
real sizes (sync.Once's package example, a Cond broadcast, the race
detector's WaitGroup tests) next to the scaled families.

Each generator returns ``(name, source)`` like bench/families.py. A source
that starts with a comment and `package` is a `.go` program. No third-party
imports.
"""

from __future__ import annotations

from families import _lines, iriw, mp_chain, mutex_incr, pipeline, sb_ring, wg_fan_in

__all__ = ["once_example", "cond_broadcast", "wg_chan_fan_in", "wg_reuse", "wg_mutex_fan_in", "trivial", "PROGRAMS"]


def once_example(n: int) -> tuple[str, str]:
    """sync.Once's package example: n goroutines call once.Do(onceBody), then
    send on a channel; main receives n times. "Only once" is printed once."""
    name = f"Once-example-{n}"
    src = _lines(
        f'litmus "{name}"',
        f"// sync.Once's package example with {n} goroutines.",
        "",
        "var once sync.Once",
        "var count int",
        "var done = make(chan bool)",
        "",
        "func onceBody() {",
        "    count = count + 1",
        "}",
        "",
        "func worker() {",
        "    once.Do(onceBody)",
        "    done <- true",
        "}",
        "",
        "func main() {",
        f"    for i := 0; i < {n}; i++ {{",
        "        go worker()",
        "    }",
        f"    for i := 0; i < {n}; i++ {{",
        "        <-done",
        "    }",
        "    r := count",
        "}",
        "",
        "exists (main.r != 1)",
        "expect never",
        "expect race-free",
    )
    return name, src


def cond_broadcast(n: int) -> tuple[str, str]:
    """n readers wait on a sync.Cond until main sets a flag and broadcasts."""
    name = f"Cond-broadcast-{n}"
    blocked = " || ".join(f"reader#{i}.blocked" for i in range(1, n + 1)) if n > 1 else "reader.blocked"
    src = _lines(
        f'litmus "{name}"',
        f"// A Broadcast wakes {n} readers waiting for a flag under the lock.",
        "",
        "var mu sync.Mutex",
        "var cond = sync.NewCond(&mu)",
        "var ready bool",
        "",
        "func reader() {",
        "    mu.Lock()",
        "    for !ready {",
        "        cond.Wait()",
        "    }",
        "    mu.Unlock()",
        "}",
        "",
        "func main() {",
        f"    for i := 0; i < {n}; i++ {{",
        "        go reader()",
        "    }",
        "    mu.Lock()",
        "    ready = true",
        "    cond.Broadcast()",
        "    mu.Unlock()",
        "}",
        "",
        f"exists ({blocked})",
        "expect never",
        "expect race-free",
    )
    return name, src


def wg_chan_fan_in(n: int) -> tuple[str, str]:
    """The race detector's TestNoRaceChanWaitGroup: n workers each write their
    own variable and send on a buffered channel (capacity n/2), then Done; a
    closer waits and closes the channel; main ranges over it, then reads."""
    name = f"WG-chan-fan-in-{n}"
    decls = [f"var x{i} int" for i in range(n)] + ["var wg sync.WaitGroup",
                                                   f"var ch = make(chan bool, {max(1, n // 2)})"]
    helpers = [line for i in range(n)
               for line in (f"func w{i}() {{", f"    x{i} = 42", "    ch <- true", "    wg.Done()", "}", "")]
    body = [f"wg.Add({n})", *(f"go w{i}()" for i in range(n)), "go closer()", "for range ch {", "}",
            *(f"r{i} := x{i}" for i in range(n))]
    cond = " || ".join(f"main.r{i} != 42" for i in range(n))
    src = _lines(f'litmus "{name}"', "// TestNoRaceChanWaitGroup (runtime/race).", "", decls, "", helpers,
                 "func closer() {", "    wg.Wait()", "    close(ch)", "}", "",
                 "func main() {", *("    " + b for b in body), "}", "", f"exists ({cond})", "expect never",
                 "expect race-free")
    return name, src


def wg_reuse(rounds: int, workers: int) -> tuple[str, str]:
    """One WaitGroup reused for several rounds of workers (after the race
    detector's TestRaceWaitGroupReuse, made race-free): round k's workers
    increment their own counter; main waits each round, then reads them."""
    name = f"WG-reuse-{rounds}x{workers}"
    decls = [f"var x{p} int" for p in range(workers)] + ["var wg sync.WaitGroup"]
    helpers = [line for p in range(workers)
               for line in (f"func w{p}() {{", f"    x{p}++", "    wg.Done()", "}", "")]
    body = []
    for _ in range(rounds):
        body += [f"wg.Add({workers})", *(f"go w{p}()" for p in range(workers)), "wg.Wait()"]
    body += [f"r{p} := x{p}" for p in range(workers)]
    cond = " || ".join(f"main.r{p} != {rounds}" for p in range(workers))
    src = _lines(f'litmus "{name}"', "// A WaitGroup reused round after round.", "", decls, "", helpers,
                 "func main() {", *("    " + b for b in body), "}", "", f"exists ({cond})", "expect never",
                 "expect race-free")
    return name, src


def wg_mutex_fan_in(n: int) -> tuple[str, str]:
    """A Go program (a `.go` file): n workers started in a loop, each after its
    own wg.Add(1), increment a counter under a Mutex with `defer wg.Done()`;
    main waits and prints the count."""
    name = f"WG-mutex-fan-in-{n}"
    src = "\n".join([
        f"// {name}: a WaitGroup + Mutex fan-in.", "package main", "", 'import (', '\t"fmt"', '\t"sync"', ")", "",
        "func main() {", "\tvar wg sync.WaitGroup", "\tvar mu sync.Mutex", "\tcount := 0",
        f"\tfor i := 0; i < {n}; i++ {{", "\t\twg.Add(1)", "\t\tgo func() {", "\t\t\tdefer wg.Done()",
        "\t\t\tmu.Lock()", "\t\t\tcount++", "\t\t\tmu.Unlock()", "\t\t}()", "\t}", "\twg.Wait()",
        "\tfmt.Println(count)", "}", "", f'// litmus: forall (stdout == "{n}\\n")', ""])
    return name, src


def trivial() -> tuple[str, str]:
    return "Trivial", _lines('litmus "Trivial"', "", "var x int", "", "go func P() {", "    x = 1", "}", "",
                             "exists (x == 1)", "expect always")


# name -> (generator, arguments) in the issue's table order
PROGRAMS: dict[str, tuple] = {
    "once-example-10": (once_example, (10,)),
    "cond-broadcast-4": (cond_broadcast, (4,)),
    "wg-chan-fan-in-10": (wg_chan_fan_in, (10,)),
    "wg-reuse-3x3": (wg_reuse, (3, 3)),
    "wg-mutex-fan-in-10": (wg_mutex_fan_in, (10,)),
    "mutex-incr-8": (mutex_incr, (8,)),
    "mutex-incr-12": (mutex_incr, (12,)),
    "pipeline-12": (pipeline, (12,)),
    "wg-fan-in-12": (wg_fan_in, (12,)),
    "iriw-6": (iriw, (6,)),
    "sb-12": (sb_ring, (12,)),
    "mp-chain-6": (mp_chain, (6,)),
    "trivial": (trivial, ()),
}
