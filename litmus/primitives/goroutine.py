"""The go statement: `go f(x)` starts a goroutine; its arguments are evaluated
by the goroutine that runs the statement.

go.dev/ref/mem: "The go statement that starts a new goroutine is
synchronized before the start of the goroutine's execution." The exit of a
goroutine is not synchronized before any event.

Z3: litmus/solver/encode.py Combo.start_view, Encoding.acquire_view;
paths.py PathBuilder (GO in the parent, START and END in the child).
Reference: litmus/reference/sc.py ScEnumerator.perform,
axiomatic.py Execution.
"""

from __future__ import annotations

from enum import StrEnum

from litmus.primitives import Primitive


class Event(StrEnum):
    GO = "GO"  # the go statement, in the parent
    START = "START"  # the child's first event
    END = "END"  # the goroutine's last event


PRIMITIVE = Primitive(
    "go", None, (), {}, Event, requests=frozenset({"go"}), rules=("go-statement",),
    z3="litmus/solver/encode.py: Combo.start_view, Encoding.acquire_view",
    reference="litmus/reference/sc.py: ScEnumerator.perform; axiomatic.py: Execution",
)
