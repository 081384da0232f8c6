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

A map is an immutable `MapValue` (its items sorted by key), the nil map None:
the whole map is one shared location, and an update writes a new MapValue
(litmus/ops.py). It shows as `map["a":1 "b":2]` (the keys in order).
"""

from __future__ import annotations

import re
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from litmus.syntax.ast import UNSET

__all__ = ["UNSET", "Boxed", "MapValue", "TORN", "torn", "format_value", "parse_value", "go_quote", "print_text",
           "format_piece", "parse_verb", "FMT_VERBS"]

TORN = "\ud800"
_QUOTED_OR_TORN = re.compile(r'"(?:[^"\\]|\\.)*"|torn')


@dataclass(frozen=True, slots=True)
class Boxed:
    """A dynamically typed value: the contents of an interface{}."""

    type: str  # "int", "int64", "bool", "string", ...
    value: object


def _key_order(k):
    return (type(k).__name__, k)


@dataclass(frozen=True, slots=True)
class MapValue:
    """A map's contents: (key, value) pairs sorted by key (keys of one basic type)."""

    items: tuple[tuple[object, object], ...] = ()

    @staticmethod
    def of(d: dict) -> "MapValue":
        return MapValue(tuple(sorted(d.items(), key=lambda kv: _key_order(kv[0]))))

    def has(self, k) -> bool:
        return any(_same(k, key) for key, _ in self.items)

    def get(self, k, zero):
        return next((v for key, v in self.items if _same(k, key)), zero)

    def set(self, k, v) -> "MapValue":
        return MapValue.of({**{key: x for key, x in self.items if not _same(k, key)}, k: v})

    def delete(self, k) -> "MapValue":
        return MapValue(tuple((key, x) for key, x in self.items if not _same(k, key)))


def _same(a, b) -> bool:
    """Go's == on keys of one type (True and 1 never meet: a map has one key type)."""
    return a == b


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
    if isinstance(v, (float, Fraction)):
        return format_float(float(v), "g", -1)
    if isinstance(v, str):
        return go_quote(v)
    if isinstance(v, MapValue):
        return "map[" + " ".join(f"{format_value(k)}:{format_value(x)}" for k, x in v.items) + "]"
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
    if isinstance(v, (float, Fraction)):
        return format_float(float(v), "g", -1)  # go1.25's runtime prints floats as strconv's shortest %g
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


_VERB = re.compile(r"%([-+# 0]*)(\d*)(?:\.(\d*))?([a-zA-Z%])")
FMT_VERBS = frozenset("vdsqtxXcboeEfFg")  # the verbs format_piece knows (docs/language.md, "Printing")


def parse_verb(verb: str):
    """`%-5d` -> (flags "-", width 5, precision None, "d"), or None if it is not one verb."""
    m = _VERB.fullmatch(verb)
    if m is None:
        return None
    flags, width, prec, letter = m.groups()
    return flags, int(width) if width else 0, (int(prec) if prec else 0) if prec is not None else None, letter


def format_piece(v: object, typ: str, verb: str) -> str:
    """One printed value (program.Piece): `verb` "print" is the builtin print's
    formatting; the fmt verbs ("%v", "%-5d", "%q", ...) are fmt's for the basic
    types and interface{} (docs/language.md, "Printing"). `typ` is the static type."""
    if verb == "print":
        return print_text(v)
    parsed = parse_verb(verb)
    if parsed is None:
        raise ValueError(f"unknown print verb {verb!r}")
    flags, width, prec, letter = parsed
    if isinstance(v, Boxed):
        v, typ = v.value, v.type
    elif v is None and not typ.startswith("map["):
        typ = "nil"
    text = _fmt_value(v, typ, flags, prec, letter)
    if text.startswith("%!"):
        return text  # a bad verb is not padded
    return _pad(text, width, flags, letter, typ)


def _fmt_value(v: object, typ: str, flags: str, prec: int | None, letter: str) -> str:
    if typ == "nil":
        return "<nil>" if letter == "v" else f"%!{letter}(<nil>)"
    if isinstance(v, bool):
        if letter in "vt":
            return "true" if v else "false"
    elif isinstance(v, int):
        if letter in "vd":
            return _signed(str(abs(v)), v, flags, prec)
        if letter in "xXob":
            digits = {"x": f"{abs(v):x}", "X": f"{abs(v):X}", "o": f"{abs(v):o}", "b": f"{abs(v):b}"}[letter]
            prefix = {"x": "0x", "X": "0X", "o": "0", "b": "0b"}[letter] if "#" in flags else ""
            return _signed(digits, v, flags, prec, prefix)
        if letter == "c":
            return _rune(v)
        if letter == "q":
            return _quote_rune(v)
    elif isinstance(v, (float, Fraction)):
        if letter in "vgeEfF":
            f = float(v)
            text = format_float(f, "g" if letter == "v" else letter.lower(), -1 if prec is None and letter in "vg"
                                else 6 if prec is None else prec)
            if letter in "EF":
                text = text.upper() if letter == "E" else text
            if "+" in flags and not text.startswith(("-", "+")):
                text = "+" + text
            return text
    elif isinstance(v, MapValue) or typ.startswith("map["):
        if letter == "v":  # fmt prints a map's keys in order: map[a:1 b:2]
            items = v.items if v is not None else ()
            return "map[" + " ".join(f"{_fmt_value(k, '', '', None, 'v')}:{_fmt_value(x, '', '', None, 'v')}"
                                     for k, x in items) + "]"
    elif isinstance(v, str):
        if letter in "vs":
            return v[:prec] if prec is not None else v
        if letter == "q":
            return go_quote(v)
        if letter in "xX":
            data = v.encode("utf-8", "surrogatepass")
            text = data.hex() if letter == "x" else data.hex().upper()
            return text
    return f"%!{letter}({typ}={_fmt_value(v, typ, '', None, 'v')})"


def _signed(digits: str, v: int, flags: str, prec: int | None, prefix: str = "") -> str:
    if prec is not None:
        digits = "" if prec == 0 and v == 0 else digits.rjust(prec, "0")
    sign = "-" if v < 0 else "+" if "+" in flags else " " if " " in flags else ""
    return sign + prefix + digits


def _pad(text: str, width: int, flags: str, letter: str, typ: str) -> str:
    if len(text) >= width:
        return text
    if "-" in flags:
        return text.ljust(width)
    numeric = typ in _INT_NAMES and letter in "vdxXob"
    if "0" in flags and numeric:
        sign = text[0] if text[:1] in "+- " else ""
        return sign + text[len(sign):].rjust(width - len(sign), "0")
    return text.rjust(width)


_INT_NAMES = frozenset({"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
                        "uint64", "uintptr", "byte", "rune", "untyped int"})


def _rune(v: int) -> str:
    return chr(v) if 0 <= v <= 0x10FFFF and not 0xD800 <= v <= 0xDFFF else "\ufffd"


def _quote_rune(v: int) -> str:
    """Go's strconv.QuoteRune."""
    if not (0 <= v <= 0x10FFFF) or 0xD800 <= v <= 0xDFFF:
        v = 0xFFFD
    c = chr(v)
    special = {"'": "\\'", "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
               "\b": "\\b", "\f": "\\f", "\v": "\\v", "\0": "\\x00"}
    if c in special:
        return f"'{special[c]}'"
    if v < 0x20 or v == 0x7F:
        return f"'\\x{v:02x}'"
    return f"'{c}'"


# ------------------------------------------------------------------ float64


def format_float(f: float, fmt: str, prec: int) -> str:
    """strconv.FormatFloat(f, fmt, prec, 64) for fmt in e, f, g (prec -1: the
    shortest digits that read back as f, which Python's repr also finds)."""
    if f != f:
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    neg = math.copysign(1.0, f) < 0
    shortest = prec < 0
    if shortest:
        d = Decimal(repr(abs(f)))
    else:
        d = Decimal(abs(f))
    if fmt == "f" and not shortest:
        body = f"{d:.{prec}f}"
    elif fmt == "e" and not shortest:
        body = _go_exp(f"{d:.{prec}e}") if d != 0 else "0" + ("." + "0" * prec if prec else "") + "e+00"
    else:
        sign_, digs, exp = d.normalize().as_tuple() if d != 0 else (0, (0,), 0)
        digs = "".join(map(str, digs)).rstrip("0") or "0"
        dp = len(digs) + exp if d != 0 else 1  # the decimal point's position in digs
        if d == 0:
            digs, dp = "0", 1
        if fmt == "g" and not shortest:
            rounded = f"{d:.{max(prec, 1) - 1}e}"
            mant, ex = rounded.split("e")
            digs = mant.replace(".", "").rstrip("0") or "0"
            dp = int(ex) + 1
            eprec = max(prec, 1)
            if eprec > len(digs) and len(digs) >= dp:
                eprec = len(digs)
        else:
            eprec = 6
        nd = len(digs)
        x = dp - 1
        if fmt == "e" or (fmt == "g" and (x < -4 or x >= eprec)):
            mant = digs[0] + ("." + digs[1:] if nd > 1 else "")
            body = f"{mant}e{'-' if x < 0 else '+'}{abs(x):02d}"
        elif fmt == "f":
            body = f"{d:.{max(nd - dp, 0)}f}"
        else:
            body = f"{d:.{max(nd - dp, 0)}f}" if shortest else f"{Decimal(digs + 'e' + str(dp - nd)):.{max(nd - dp, 0)}f}"
    return ("-" if neg else "") + body


def _go_exp(text: str) -> str:
    """Python's 1.5e+00 / 1.5e+100 -> Go's (at least two exponent digits: the same)."""
    mant, ex = text.split("e")
    sign, digits = ex[0], ex[1:].lstrip("0") or "0"
    return f"{mant}e{sign}{digits.rjust(2, '0')}"
