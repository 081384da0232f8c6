"""Litmus programs shared by the engine tests (test_reference.py, test_sync.py).

A program that is in the catalog is read from tests/litmus_cases/ with
`catalog` rather than written out again; the few programs both files use that
are not in the catalog are defined here once."""

from __future__ import annotations

from pathlib import Path

CASES = Path(__file__).parent / "litmus_cases"


def catalog(name: str, exists: str | None = None) -> str:
    """The text of litmus_cases/NAME.lit. With `exists`, the file's condition is
    replaced by `exists (EXISTS)`, or left out when EXISTS is empty, and so are
    its expect lines, which judge the file's own condition."""
    text = (CASES / f"{name}.lit").read_text(encoding="utf-8")
    if exists is None:
        return text
    kept = "\n".join(line for line in text.splitlines() if not line.startswith(("exists", "expect")))
    return kept.rstrip("\n") + "\n" + (f"exists ({exists})\n" if exists else "")


def variant(source: str, old: str, new: str) -> str:
    """`source` with its one occurrence of `old` replaced by `new`; an error when
    `old` is missing or ambiguous (say, after the catalog file was edited)."""
    n = source.count(old)
    if n != 1:
        raise ValueError(f"{old!r} occurs {n} times in the program, not once")
    return source.replace(old, new)


# ------------------------------------------------------------------ not in the catalog

CLOSE_TWICE = """
var c = make(chan int, 1)
func main() {
    close(c)
    close(c)
}
"""

# no receiver: the send waits until the close makes it panic
SEND_THEN_CLOSE = """
var c = make(chan int)
go func A() {
    c <- 1
}
go func B() {
    close(c)
}
"""

SPIN_NEVER_SET = """
var f atomic.Bool
func main() {
    for {
        if f.Load() {
            break
        }
    }
}
"""
