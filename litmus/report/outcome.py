"""Outcomes: what one or more executions of a test end with.

An `Outcome` is frozen and hashable: the shown observables with their values
(as Go literal text, see `litmus.values`), every goroutine's status and
output, and whether the execution behind it has a data race. Two executions
that agree on all of that are one outcome (spec/semantics.md, "Identity").
Both engines (Z3 and the reference enumerator) produce full outcomes with every
observable; `Outcome.project` keeps the shown ones.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum


class Status(IntEnum):
    """A goroutine's end, ordered so that the worst one is the max."""

    OK = 0
    BLOCKED = 1
    SPINNING = 2
    PANIC = 3
    CUT = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def never_returns(self) -> bool:
        """An init that ends so never returns: main and the top-level goroutines never
        start (blocked or spinning forever, or a panic, which exits the program)."""
        return self in (Status.BLOCKED, Status.SPINNING, Status.PANIC)


@dataclass(frozen=True, slots=True, order=True)
class GoroutineEnd:
    status: Status
    panic: str = ""  # Go's panic message without "panic: "
    out: str = ""  # what it printed


@dataclass(frozen=True, slots=True, order=True)
class Outcome:
    """Shown values (sorted by observable name) and every goroutine's end."""

    values: tuple[tuple[str, str], ...]
    goroutines: tuple[tuple[str, GoroutineEnd], ...]
    racy: bool = False

    @property
    def value_map(self) -> dict[str, str]:
        return dict(self.values)

    @property
    def status(self) -> Status:
        worst = max((g.status for _, g in self.goroutines), default=Status.OK)
        return Status.BLOCKED if worst is Status.SPINNING else worst

    def project(self, shown: frozenset[str] | None) -> "Outcome":
        """Keep only the observables in `shown` (None keeps all)."""
        if shown is None:
            return self
        return replace(self, values=tuple((k, v) for k, v in self.values if k in shown))
