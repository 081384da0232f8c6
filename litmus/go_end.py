"""How a `.go` program ends, and what it shows then: one home for both engines.

A Go program ends (docs/semantics.md, "How a Go program ends"):
- when main returns: exit status 0, whatever the other goroutines were doing;
- at os.Exit(n): status n;
- when a goroutine panics: Go writes `panic: MESSAGE` to stderr (then the
  goroutines' stack traces, which litmus leaves out) and exits with status 2;
  a fatal error (an Unlock of an unlocked Mutex) writes `fatal error: MESSAGE`;
- when every goroutine is blocked: `fatal error: all goroutines are asleep -
  deadlock!` on stderr, status 2;
- never, when the others wait while some goroutine spins (status unset).

Its outcome shows `stdout`, `stderr` and `exit`, main's locals (unset when
another goroutine ended the program before main did) and the shared
variables; of the goroutines, only the one that panicked, those stuck in a
deadlock or a spin, and those stopped where they needed more iterations than
--unroll allows (the outcome is then incomplete).
"""

from __future__ import annotations

from dataclasses import dataclass

from litmus.report.outcome import GoroutineEnd, Status
from litmus.values import UNSET

DEADLOCK = "fatal error: all goroutines are asleep - deadlock!\n"
PANIC_STATUS = 2


@dataclass(frozen=True, slots=True)
class Exit:
    """What ended the program: `goroutine` (None when nobody exits: every
    goroutine waits or spins), and how: its panic message, or os.Exit's code."""

    goroutine: str | None
    panic: str | None = None
    code: int | None = None  # os.Exit's status
    fatal: bool = False  # the panic is a fatal error


def end_prefix(fatal: bool) -> str:
    """What Go writes on stderr before the message of the panic (or fatal error) that ends it."""
    return "fatal error: " if fatal else "panic: "


def end_text(message: str, fatal: bool) -> str:
    return f"{end_prefix(fatal)}{message}\n"


def streams_and_ends(stdout: str, stderr: str, exit: Exit, stuck: list[tuple[str, Status]],
                     cut: list[str]) -> tuple[dict[str, object], tuple[tuple[str, GoroutineEnd], ...]]:
    """The `stdout`/`stderr`/`exit` values and the goroutine ends to show.
    `stuck`: when nobody exits, every goroutine that did not finish, with its
    status (BLOCKED or SPINNING); `cut`: goroutines stopped at the unroll bound."""
    ends: list[tuple[str, GoroutineEnd]] = []
    code: object = UNSET
    if exit.goroutine is not None:
        if exit.panic is not None:
            stderr += end_text(exit.panic, exit.fatal)
            ends.append((exit.goroutine, GoroutineEnd(Status.PANIC, exit.panic)))
            code = PANIC_STATUS
        else:
            code = exit.code if exit.code is not None else 0
    else:
        ends.extend((g, GoroutineEnd(s)) for g, s in stuck)
        if stuck and all(s is Status.BLOCKED for _, s in stuck) and not cut:
            stderr += DEADLOCK
            code = PANIC_STATUS
    ends.extend((g, GoroutineEnd(Status.CUT)) for g in cut)
    return {"stdout": stdout, "stderr": stderr, "exit": code}, tuple(sorted(ends))


def main_cut(exit: Exit) -> bool:
    """Another goroutine ended the program before main ended: main's locals are unset."""
    return exit.goroutine is not None and exit.goroutine != "main"
