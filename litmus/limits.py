"""Size limits: a program beyond one is refused with exit 2 (TooLargeError,
code "too-large") instead of running for hours or exhausting memory.

docs/limits.md says why each value was chosen; every value is far above what
the catalog and the benchmark families need (see there).
"""

from __future__ import annotations

from litmus.errors import Diagnostic, Span, TooLargeError

MAX_STATEMENTS = 5_000  # statements of the whole program after inlining calls and unrolling constant loops
MAX_DEPTH = 100  # blocks, inlined calls and go statements nested in one another (Python's stack)
MAX_RECURSION = 16  # nested calls of one function (.go): a recursion must end at arguments known statically
MAX_PATHS = 5_000  # control paths of one goroutine (lists of states held at once)
MAX_COMBOS = 100_000  # combinations of one path per goroutine enumerated (before the static filter)


def too_large(message: str, span: Span, hint: str) -> TooLargeError:
    return TooLargeError(Diagnostic(message, span, hint, "too-large"))
