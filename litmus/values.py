"""Go values as litmus shows them.

Inside the engines a value is a plain Python object: `int`, `bool`, `str`,
`None` (nil) or `UNSET` (a local never assigned); a value held in an
`interface{}` (what `atomic.Value.Load` returns) is `Boxed(type, value)` so
that `int(1)`, `int64(1)` and `true` stay distinct. Outcomes store each value
as its Go literal text (`format_value`), which is what the user sees, what
JSON carries, and what makes `True` and `1` different keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from litmus.syntax.ast import UNSET

__all__ = ["UNSET", "Boxed", "format_value", "parse_value", "go_quote"]


@dataclass(frozen=True, slots=True)
class Boxed:
    """A dynamically typed value: the contents of an interface{}."""

    type: str  # "int", "int64", "bool", "string", ...
    value: object


def go_quote(s: str) -> str:
    """Go's strconv.Quote for the characters litmus programs use."""
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def format_value(v: object) -> str:
    """The Go literal text of a value: 42, true, "hi", nil, unset."""
    if isinstance(v, Boxed):
        return format_value(v.value)
    if v is UNSET:
        return "unset"
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return go_quote(v)
    raise TypeError(f"not a litmus value: {v!r}")


def parse_value(text: str) -> object:
    """Inverse of `format_value` (boxes are lost: conditions compare plain values)."""
    if text == "unset":
        return UNSET
    if text == "nil":
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    if text.startswith('"'):
        import ast as _pyast

        return _pyast.literal_eval(text)
    return int(text)
