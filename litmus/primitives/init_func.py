"""Package initialization: `func init()` runs before main (in `.lit`, before
every top-level goroutine).

go.dev/ref/mem: "If a package p imports package q, the completion of q's init
functions happens before the start of any of p's." "The start of the function
main.main happens after all init functions have finished."

Z3: litmus/solver/encode.py Combo.start_view, Encoding.acquire_view.
Reference: litmus/reference/sc.py ScEnumerator.settle, axiomatic.py Execution.
"""

from __future__ import annotations

from litmus.primitives import Primitive

PRIMITIVE = Primitive(
    "init", None, (), {}, None, rules=("init",),
    z3="litmus/solver/encode.py: Combo.start_view, Encoding.acquire_view",
    reference="litmus/reference/sc.py: ScEnumerator.settle; axiomatic.py: Execution",
)
