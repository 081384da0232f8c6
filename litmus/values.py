"""Go values as litmus shows them.

Inside the engines a value is a plain Python object: `int`, `bool`, `str`,
`None` (nil) or `UNSET` (a local never assigned); a value held in an
`interface{}` (what `atomic.Value.Load` returns) is `Boxed(type, value)` so
that `int(1)`, `int64(1)` and `true` stay distinct. Outcomes store each value
as its Go literal text (`format_value`), which is what the user sees, what
JSON carries, and what makes `True` and `1` different keys.

A string is two machine words, (data pointer, length). A racy read may take
the two words from different writes (docs/decisions.md, "Strings are two
words"); unless the two strings are equal the result is `TORN`, a string
value no program can write (a lone surrogate: literals are valid UTF-8), so
it differs from every string a program can name. It shows as `torn`, and a
string built from one (`"x: " + r`, or printed) as `"x: "+torn`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from litmus.syntax.ast import UNSET

__all__ = ["UNSET", "Boxed", "TORN", "torn", "format_value", "parse_value", "go_quote", "print_text",
           "format_piece"]

TORN = "\ud800"
_QUOTED_OR_TORN = re.compile(r'"(?:[^"\\]|\\.)*"|torn')


@dataclass(frozen=True, slots=True)
class Boxed:
    """A dynamically typed value: the contents of an interface{}."""

    type: str  # "int", "int64", "bool", "string", ...
    value: object


def torn(data: str, length: str) -> str:
    """What a string read returns when its data word comes from a write of
    `data` and its length word from a write of `length`."""
    return data if data == length else TORN


def go_quote(s: str) -> str:
    """Go's strconv.Quote for the characters litmus programs use; a torn piece
    (TORN) is spelled `torn` outside the quotes: `"a"+torn+"b"`."""
    if TORN in s:
        return "+".join(go_quote(p) if p else "torn" for p in _torn_pieces(s))
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


def _torn_pieces(s: str) -> list[str]:
    """s split into its runs without TORN and its TORN characters (as "")."""
    return ["" if p == TORN else p for p in re.split(f"({TORN})", s) if p]


def format_value(v: object) -> str:
    """The Go literal text of a value: 42, true, "hi", nil, unset (and torn)."""
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
    if text.startswith('"') or text.startswith("torn"):
        import ast as _pyast

        pieces = _QUOTED_OR_TORN.findall(text)
        assert "+".join(pieces) == text, text
        return "".join(TORN if p == "torn" else _pyast.literal_eval(p) for p in pieces)
    return int(text)


# ------------------------------------------------------------------ printing


def print_text(v: object) -> str:
    """How Go's builtin print/println and panic show a basic value."""
    if isinstance(v, Boxed):
        return print_text(v.value)
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def format_piece(v: object, typ: str, verb: str) -> str:
    """One printed value (program.Piece): `verb` "print" is the builtin print's
    formatting; the fmt verbs are fmt's (docs/language.md, "Printing")."""
    if verb in ("print", "%v"):
        return print_text(v)
    raise ValueError(f"unknown print verb {verb!r}")
