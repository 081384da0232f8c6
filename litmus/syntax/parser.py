"""Text to `ast.File`: the litmus grammar, Go's semicolon rule and friendly syntax errors.

    from litmus.syntax.parser import parse
    file = parse(source, filename="mp.lit")

`parse` returns an `ast.File` or raises `LitmusSyntaxError`, whose `str()` is the
rendered diagnostic (file:line:col, the line, a caret, a hint). Nothing else
escapes, whatever the input: binary junk, NUL bytes, unterminated strings, 2,000
nested parentheses. This is the only module that imports lark, with
litmus.syntax.tables, which ships its parse tables.

The pipeline:

1. `grammar/litmus.lark` is compiled once into an LALR parser with a contextual
   lexer, so that words like `exists` or `expect` are keywords only where the
   question may start and stay ordinary names inside functions.
2. A postlexer (`_GoLayout`) rejects unterminated strings and comments, marks
   the `{` of composite literals (LITBRACE: a `{` after a name, `]` or `}`
   outside the header of if/for/switch and a func signature, as Go's parser
   decides), and applies Go's semicolon rule: a newline ends a statement
   after a name, a literal, `break`/`continue`/`return`, `)`, `]`, `}`, `++`
   or `--`. Inside the parentheses of an expression a newline is only a space,
   so a long condition may be split anywhere (Go would insert a semicolon).
   Go's keywords are lexed as keywords everywhere (`always_accept`), so a
   misplaced `else` is reported as itself rather than as a name. Go
   constructs the checker does not implement (switch, defer, labels, types,
   methods, generics, composite literals, ...) parse into their own nodes,
   which litmus/lower.py refuses as "not supported yet" with a hint.
3. `_ToAst`, a non-recursive Transformer, builds the frozen nodes of
   `litmus.syntax.ast`, each with a `Span`.
4. `_check_shape` walks the result without recursion: no chain of nested nodes
   may be longer than 200 (so every later pass may recurse), and a few
   expressions that only make sense in one place (a called function literal, a
   field selector) are rejected where they stand.

A `.go` file (`parse(..., filename="x.go")`) is Go source: its question is read
from `// litmus: ...` line comments (`_question_text`), parsed at their own
lines and columns so that diagnostics point into the comment; `File.go` is set.

Choices where language.md is silent:
- `time.Second`, `time.Millisecond`, ... (a package-qualified name that is not
  called) is `Name("time.Second")`; a called one is `Call("time.Sleep", ...)`.
  The qualifiers in PACKAGES (`atomic`, `sync`, `runtime`, `time`, `fmt`,
  `log`, `os`, ...) are packages; `x.m(...)` on any other name is a
  `MethodCall`, and any other selector a `Selector` (lower.py refuses it).
- `true`, `false` and `nil` are literals, in programs and in conditions.
- String escapes follow Go; `\\x`/octal escapes are bytes and the result is
  decoded as UTF-8 (invalid sequences become U+FFFD).
- Integer literals are kept as Python ints of any size; range checks come later.

Errors carry a stable `Diagnostic.code`. Lark reports a parse failure as the
unexpected token, the set of terminals it would have accepted and the parser
state; `_explain` first tries a short list of rules for common mistakes, each
recognised from that token, that set and the surrounding source text (`else` on
a new line, a statement at package level, `=` for `==`, ...), and otherwise
names the token and the expected ones readably ("a newline", "'}'", "a name").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, fields, replace
from functools import cache

from lark import Lark, Token, Transformer_NonRecursive, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError
from lark.lark import PostLex

from litmus.errors import NO_SPAN, Diagnostic, LitmusSyntaxError, Span
from litmus.resources import grammar_text
from litmus.syntax import ast, tables

__all__ = ["parse", "decode", "MAX_NESTING", "MAX_SOURCE_BYTES"]

MAX_NESTING = 200
"""The deepest chain of nested syntax nodes (blocks, statements, expressions) accepted."""

MAX_SOURCE_BYTES = 1 << 20
"""The largest source accepted, in bytes of UTF-8 (docs/limits.md, "Input size")."""

CLAIMS = ("never", "sometimes", "always", "race-free", "racy")
PACKAGES = frozenset({"atomic", "sync", "runtime", "time", "fmt", "log", "os", "context", "errors",
                      "strings", "strconv", "math", "rand", "unsafe", "reflect", "C"})

# Go's keywords, by terminal name. The contextual lexer would otherwise read a keyword
# as a name wherever the grammar cannot use it (`}` newline `else`).
_GO_KEYWORDS = tuple(
    "BREAK CASE CHAN CONST CONTINUE DEFAULT DEFER ELSE FALLTHROUGH FOR FUNC GO GOTO IF "
    "IMPORT INTERFACE MAP PACKAGE RANGE RETURN SELECT STRUCT SWITCH TYPE VAR".split())

_OPENERS = {"LPAR": ")", "LSQB": "]", "LBRACE": "}", "LITBRACE": "}"}
_CLOSERS = {"RPAR", "RSQB", "RBRACE"}
_GROUPING_KEYWORDS = {"VAR", "CONST", "IMPORT", "TYPE"}  # `var (` opens a list of lines, not an expression
_ENDS_STATEMENT_TYPES = {"IDENT", "INT", "FLOAT", "RUNE", "STRING", "RAW_STRING", "OBSERVABLE",
                         "WORD", "RPAR", "RSQB", "RBRACE", "BREAK", "CONTINUE", "RETURN"}
_ENDS_STATEMENT_TEXT = {"++", "--"}


# ---------------------------------------------------------------- entry point


def parse(source: str | bytes, filename: str = "<input>") -> ast.File:
    """Parse the text of a `.lit` file (bytes are decoded as UTF-8).

    Raises `LitmusSyntaxError`, carrying `filename` and `source`, on any bad input."""
    text = decode(source, filename) if isinstance(source, bytes) else source
    try:
        _check_size(text)
        return _parse_go(text) if filename.endswith(".go") else _parse(text)
    except _Problem as problem:
        raise LitmusSyntaxError(problem.diagnostic, filename=filename, source=text) from None


def decode(data: bytes, filename: str = "<input>") -> str:
    """The UTF-8 text of a file; LitmusSyntaxError at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        shown = data.decode("utf-8", errors="replace")  # the line under the caret
        where = _point(shown, len(data[:exc.start].decode("utf-8")))
        problem = _error(f"the file is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded",
                         where, "save the file as UTF-8", "bad-character")
        raise LitmusSyntaxError(problem.diagnostic, filename=filename, source=shown) from None


def too_large(what: str) -> Diagnostic:
    """The diagnostic for a source over MAX_SOURCE_BYTES (also read_source's)."""
    return Diagnostic(f"{what} is larger than {MAX_SOURCE_BYTES >> 20} MiB ({MAX_SOURCE_BYTES:,} bytes), "
                      "the most litmus accepts", NO_SPAN,
                      "split it into smaller tests (docs/limits.md)", "too-large")


def _check_size(text: str) -> None:
    # The lexer and the later passes take memory in proportion to the text: bound it.
    if len(text) > MAX_SOURCE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
        raise _Problem(too_large("the source"))


def _parse(source: str) -> ast.File:
    _check_characters(source)
    # Go ignores a leading byte order mark; a space keeps the columns right.
    text = " " + source[1:] if source.startswith("\ufeff") else source
    try:
        file = _ToAst(text).transform(_parser().parse(text))
    except UnexpectedInput as exc:
        raise _Problem(_explain(exc, text)) from None
    except VisitError as exc:  # lark wraps what the transformer raises
        if isinstance(exc.orig_exc, _Problem):
            raise exc.orig_exc from None
        raise
    _check_shape(file)
    return file


# A `// litmus: ...` line comment of a .go file: a line of its question.
_QUESTION_LINE = re.compile(r"^[ \t]*//[ \t]*litmus:(.*)$", re.M)


def _question_text(source: str) -> str:
    """The `// litmus:` lines of a Go file, each at its own line and column, the rest blank."""
    lines = [""] * (source.count("\n") + 1)
    for match in _QUESTION_LINE.finditer(source):
        line_start = source.rfind("\n", 0, match.start()) + 1
        lines[source.count("\n", 0, match.start())] = " " * (match.start(1) - line_start) + match.group(1)
    return "\n".join(lines)


def _parse_go(source: str) -> ast.File:
    """A Go file: the program from the text, the question from its `// litmus:` comments."""
    file = _parse(source)
    if file.locations or file.condition or file.expects:
        first = next(iter(file.locations), None) or file.condition or file.expects[0]
        raise _error("in a .go file the question goes in comments", first.span,
                     "write it as // litmus: exists (...), so that the file still builds", "go-question")
    question = _question_text(source)
    if not question.strip():
        return replace(file, go=True)
    asked = _parse(question)
    if asked.decls or asked.types or asked.package or asked.imports or asked.name:
        what = (asked.decls or asked.types or asked.imports or (asked.package,))[0] if asked.name is None else None
        raise _error("a // litmus: comment holds the question only", what.span if what else NO_SPAN,
                     "write locations [...], exists (...), ~exists (...), forall (...) or expect lines",
                     "go-question")
    return replace(file, go=True, locations=asked.locations, condition=asked.condition,
                   expects=asked.expects)


@cache
def _parser() -> Lark:
    return build_parser(cache=True)


def build_parser(*, cache: bool) -> Lark:
    """The LALR parser. With `cache`, from the tables shipped in the package
    (litmus.syntax.tables) when they were made from this grammar by this lark;
    otherwise, or without `cache`, built from the grammar in memory. Nothing is
    read from or written to anywhere else. A parser from the tables lacks the
    grammar object that tools such as hypothesis' from_lark need."""
    postlex = _GoLayout()
    if cache and (shipped := tables.load(postlex)) is not None:
        return shipped
    # strict=True would also need the optional `interegular` package (it checks regex
    # terminals for overlaps, and IDENT, OBSERVABLE and WORD overlap on purpose: the
    # contextual lexer never offers two of them at once). tests/test_parser.py checks
    # instead that building the table reports no shift/reduce conflict.
    return Lark(grammar_text("litmus.lark"), postlex=postlex, **tables.OPTIONS)


class _Problem(Exception):
    """A diagnostic on its way out of the lexer, the transformer or a check."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _error(message: str, span: Span, hint: str, code: str) -> _Problem:
    return _Problem(Diagnostic(message, span, hint, code))


def _not_supported(what: str, span: Span, hint: str) -> _Problem:
    return _error(f"{what} {'are' if what.endswith('s') else 'is'} not in the litmus language yet",
                  span, hint, "not-supported")


_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def _check_characters(source: str) -> None:
    """NUL and lone surrogates (undecodable bytes) cannot be in a Go file."""
    if match := _BAD_CHARACTER.search(source):
        what = "a NUL character" if match.group() == "\x00" else "a byte that is not UTF-8"
        raise _error(f"the file contains {what}", _point(source, match.start()),
                     "remove it; a .lit file is UTF-8 text", "bad-character")


def _point(source: str, offset: int) -> Span:
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return Span.point(line, column)


def _token_span(tok: Token) -> Span:
    return Span(tok.line, tok.column, tok.end_line, tok.end_column)


def _meta_span(meta) -> Span:
    if meta.empty:
        return NO_SPAN
    return Span(meta.line, meta.column, meta.end_line, meta.end_column)


# ---------------------------------------------------------------- the postlexer


class _GoLayout(PostLex):
    """Between the lexer and the parser: token checks, then semicolons."""

    always_accept = ("_NL", "BLOCK_COMMENT", "LBRACE", *_GO_KEYWORDS)  # LBRACE: `struct{}{}` (the postlexer marks it)

    def process(self, stream):
        return _insert_semicolons(_mark_composite_braces(_check_tokens(stream)))


_LITERAL_OR_SPACE = re.compile(r'("(?:[^"\\\n]|\\.)*"|`[^`]*`)|\s+')


def _squash(text: str) -> str:
    """A condition's text on one line: each run of white space one blank, but
    inside string literals, whose spaces are part of the value."""
    return _LITERAL_OR_SPACE.sub(lambda m: m.group(1) or " ", text).strip()


_CLOSED_STRING = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*+"')  # linear: see STRING


def _check_tokens(tokens):
    """Name the unterminated strings and comments (the terminals accept them for this)."""
    for tok in tokens:
        if tok.type == "STRING" and not _CLOSED_STRING.fullmatch(tok):
            raise _error("string not terminated", _token_span(tok),
                         'close it with " on the same line (a raw string `...` may span lines)',
                         "unterminated-string")
        if tok.type == "RAW_STRING" and (len(tok) < 2 or not tok.endswith("`")):
            raise _error("raw string not terminated", Span.point(tok.line, tok.column),
                         "close it with a backquote `", "unterminated-string")
        if tok.type == "BLOCK_COMMENT" and (len(tok) < 4 or not tok.endswith("*/")):
            raise _error("comment not terminated", Span.point(tok.line, tok.column),
                         "close it with */", "unterminated-comment")
        yield tok


_BLOCK_OPENERS = {"IF", "FOR", "SWITCH", "FUNC"}  # the next `{` at their depth opens a block
_TYPE_ENDS = {"IDENT", "RSQB", "RBRACE"}  # `T{`, `[]int{`, `struct{}{`


def _mark_composite_braces(tokens):
    """Go's rule for `{`: after a type it opens a composite literal, except in the header
    of if/for/switch and in a func signature, where it opens the block (so `if x {`
    and `func f() T {` are blocks; Go asks for parentheses around `T{}` there). A
    `func` after `]` or `chan` is an element type: `[]func(){...}` is a literal."""
    depth = 0
    pending: list[tuple[int, bool]] = []  # (bracket depth, whether the next `{` there opens a block)
    last = None
    recent: list[str] = []  # the types of the last few tokens, for a literal type in a header
    for tok in tokens:
        if tok.type in _BLOCK_OPENERS:
            in_type = tok.type == "FUNC" and last is not None and last.type in ("RSQB", "CHAN")
            pending.append((depth, not in_type))
        elif tok.type == "LBRACE":
            if last is not None and last.type in ("STRUCT", "INTERFACE"):
                pass
            elif pending and pending[-1][0] == depth and _after_literal_type(recent):
                tok = Token.new_borrow_pos("LITBRACE", tok.value, tok)  # `range [2]string{...} {`
            elif pending and pending[-1][0] == depth:
                if not pending[-1][1]:
                    tok = Token.new_borrow_pos("LITBRACE", tok.value, tok)
                while pending and pending[-1][0] == depth:
                    pending.pop()
            elif last is not None and last.type in _TYPE_ENDS:
                tok = Token.new_borrow_pos("LITBRACE", tok.value, tok)
            depth += 1
        elif tok.type in _OPENERS:
            depth += 1
        elif tok.type in _CLOSERS:
            depth = max(0, depth - 1)
            while pending and pending[-1][0] > depth:
                pending.pop()
        if tok.type != "BLOCK_COMMENT" or "\n" in tok:
            last = tok  # a newline too: `x` newline `{` is a block
            recent = (recent + [tok.type])[-6:]
        yield tok


def _after_literal_type(recent: list[str]) -> bool:
    """Whether the tokens before a `{` end with `]T`, `]*T` or `]pkg.T`: an array,
    slice or map type (`[2]string`, `[]*T`, `map[K]V`), which Go reads as a composite
    literal even in an if/for/switch header (only a bare type name there is
    ambiguous: Go's spec, "Composite literals"). An index expression is never
    followed by a name, so `range a[i] {` stays a block."""
    i = len(recent) - 1
    if i < 1 or recent[i] != "IDENT":
        return False
    i -= 1
    if i >= 1 and recent[i] == "DOT" and recent[i - 1] == "IDENT":
        i -= 2
    while i >= 0 and recent[i] == "STAR":
        i -= 1
    return i >= 0 and recent[i] == "RSQB"


def _insert_semicolons(tokens):
    """Go's semicolon rule, plus: a newline inside expression parentheses is a space."""
    open_brackets: list[tuple[Token, bool]] = []  # (opener, newlines end statements inside)
    last = None  # the last token passed on, inserted semicolons included
    last_written = None  # the last token of the source text, for end-of-file positions
    for tok in tokens:
        newline = tok.type == "_NL" or (tok.type == "BLOCK_COMMENT" and "\n" in tok)
        if newline:
            in_expression = bool(open_brackets) and not open_brackets[-1][1]
            if last is not None and _ends_statement(last) and not in_expression:
                last = Token.new_borrow_pos("_SEMI", "\n", tok)
                yield last
            continue
        if tok.type == "BLOCK_COMMENT":
            continue
        if tok.type == "GO" and last is not None and last.type == "UNDER":
            tok = Token.new_borrow_pos("WORD", tok.value, tok)  # `expect ... under go`: a model name
        if tok.type in _OPENERS:
            lines = tok.type not in ("LPAR", "LITBRACE") or (last is not None and last.type in _GROUPING_KEYWORDS)
            open_brackets.append((tok, lines))
        elif tok.type in _CLOSERS and open_brackets:
            open_brackets.pop()
        last = last_written = tok
        yield tok
    if open_brackets:
        raise _unclosed(open_brackets[-1][0], last_written)
    if last is not None and _ends_statement(last):
        yield Token("_SEMI", "", last.end_pos, last.end_line, last.end_column,
                    last.end_line, last.end_column + 1, last.end_pos)


def _ends_statement(tok: Token) -> bool:
    return tok.type in _ENDS_STATEMENT_TYPES or tok.value in _ENDS_STATEMENT_TEXT


def _unclosed(opener: Token, last: Token) -> _Problem:
    closer = _OPENERS[opener.type]
    return _error(f"unexpected end of file: missing '{closer}'",
                  Span.point(last.end_line, last.end_column),
                  f"add '{closer}' to close the '{opener}' on line {opener.line}",
                  "missing-brace" if closer == "}" else "missing-paren")


# ---------------------------------------------------------------- literals


# Possessive loops: a capturing group repeated per digit kept every repetition's
# state (a 1 MB literal took 294 MB).
_INT_FORMS = re.compile(r"0[xX](?:_?[0-9a-fA-F])++|0[bB](?:_?[01])++|0[oO](?:_?[0-7])++"
                        r"|0(?:_?[0-7])*+|[1-9](?:_?[0-9])*+")


def _int_value(tok: Token) -> int:
    if not _INT_FORMS.fullmatch(tok):
        raise _error(f"malformed integer literal {tok}", _token_span(tok),
                     "write digits of the base, separated by single underscores: 1_000, 0x_ff, 0o17, 0b101",
                     "bad-number")
    digits = tok.replace("_", "")
    if digits[:2].lower() in ("0x", "0b", "0o"):
        return int(digits, 0)
    if len(digits) > 1 and digits[0] == "0":
        return int(digits, 8)  # Go's legacy octal 0777
    # Python refuses int() of more than 4300 decimal digits; such literals are range
    # errors later, but must not crash here.
    value = 0
    for start in range(0, len(digits), 1000):
        chunk = digits[start:start + 1000]
        value = value * 10 ** len(chunk) + int(chunk)
    return value


_ESCAPE = re.compile(r'\\(?:([abfnrtv\\"])|x([0-9a-fA-F]{2})|([0-7]{3})'
                     r'|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.?))', re.S)
_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, '"': 34}


def _string_value(tok: Token) -> str:
    if tok.type == "RAW_STRING":
        return tok[1:-1].replace("\r", "")  # as in Go
    out = bytearray()
    body, pos = tok[1:-1], 0
    for match in _ESCAPE.finditer(body):
        out += body[pos:match.start()].encode("utf-8")
        pos = match.end()
        simple, hex2, octal, u4, u8, bad = match.groups()
        if simple:
            out.append(_SIMPLE_ESCAPES[simple])
        elif hex2 or octal:
            byte = int(hex2, 16) if hex2 else int(octal, 8)
            if byte > 255:
                raise _bad_escape(tok, match.group())
            out.append(byte)
        elif u4 or u8:
            code = int(u4 or u8, 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise _bad_escape(tok, match.group())
            out += chr(code).encode("utf-8")
        else:
            raise _bad_escape(tok, "\\" + bad)
    out += body[pos:].encode("utf-8")
    return out.decode("utf-8", errors="replace")


def _bad_escape(tok: Token, escape: str) -> _Problem:
    return _error(f"unknown escape sequence {escape}", _token_span(tok),
                  r'use \n, \t, \\, \", \xhh, \ooo, \uhhhh or \Uhhhhhhhh, or a raw string `...`',
                  "bad-escape")


# ---------------------------------------------------------------- tree -> ast


@dataclass(frozen=True, slots=True)
class _Entry:
    """One entry of a parameter list before Go's naming rule is applied (`_params`)."""

    name: str | None
    type: ast.TypeName
    variadic: bool
    span: Span


@dataclass(frozen=True, slots=True)
class _Header:
    """`litmus "NAME"`, until `start` checks that it comes first."""

    name: str
    span: Span


def _flatten(items) -> tuple:
    """Statements in order: a grouped `var (...)` gives a list, an absent optional None."""
    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(item)
        elif item is not None:
            out.append(item)
    return tuple(out)


_ADDRESSABLE = (ast.Name, ast.Selector, ast.Index, ast.Deref)  # lower.py refuses all but names


def _targets(exprs: tuple, what: str) -> tuple[ast.Name, ...]:
    for e in exprs:
        if not isinstance(e, ast.Name if what == "declare" else _ADDRESSABLE):
            raise _error(f"cannot {what} this expression", e.span,
                         "the left side must be variable names", "bad-assign")
    return exprs


def _params(entries: list[_Entry]) -> tuple[ast.Param, ...]:
    """Go's rule: either every parameter is named or none is; in `a, b int` the lone
    `a` (parsed as a type) is a name that takes the type of the next named one."""
    if not any(e.name for e in entries):
        return tuple(ast.Param("", e.type, e.span, e.variadic) for e in entries)
    out, following = [], None
    for e in reversed(entries):
        if e.name is not None:
            following = e
            out.append(ast.Param(e.name, e.type, e.span, e.variadic))
        elif following is None or e.variadic or not re.fullmatch(r"[^\W\d]\w*", e.type.name):
            raise _error("mixed named and unnamed parameters", e.span,
                         "name every parameter (a, b int) or none (int, int)", "bad-params")
        else:
            out.append(ast.Param(e.type.name, following.type, e.span, following.variadic))
    return tuple(reversed(out))


def _type_of(expr, span: Span) -> ast.TypeName:
    """The type before the `{` of a composite literal."""
    match expr:
        case ast.TypeName():
            return expr
        case ast.Name(id=name):
            return ast.TypeName(name, span=span)
        case ast.Selector(expr=ast.Name(id=package), name=name):
            return ast.TypeName(f"{package}.{name}", span=span)
    raise _error("a composite literal needs a type", span, "write T{...}, such as sync.Mutex{}", "bad-literal")


def _literal_name(tok: Token, span: Span):
    """`true`, `false` and `nil` are literals (Go's predeclared names, never redeclared here)."""
    if tok in ("true", "false"):
        return ast.BoolLit(tok == "true", span)
    if tok == "nil":
        return ast.NilLit(span)
    return ast.Name(str(tok), span)


@v_args(meta=True)
class _ToAst(Transformer_NonRecursive):
    """Lark tree -> `ast` nodes, bottom up. Methods are named after grammar rules and aliases."""

    def __init__(self, source: str):
        super().__init__()
        self._source = source

    # -- top level

    def start(self, meta, children):
        header, decls, locations, condition, expects = None, [], (), None, []
        package, imports, types = None, [], []
        for item in _flatten(children):
            match item:
                case ast.Name():
                    package = package or item
                case ast.Import():
                    imports.append(item)
                case ast.TypeDecl():
                    types.append(item)
                case _Header():
                    if header is not None or decls:
                        raise _error("the litmus header must come first", item.span,
                                     'write one litmus "NAME" line before the declarations',
                                     "header-position")
                    header = item
                case ast.VarDecl() | ast.ConstDecl() | ast.FuncDecl():
                    decls.append(item)
                case tuple():
                    locations = item
                case ast.Condition():
                    condition = item
                case ast.Expect():
                    expects.append(item)
        name = header.name if header else None
        return ast.File(name, tuple(decls), locations, condition, tuple(expects), _meta_span(meta),
                        package=package, imports=tuple(imports), types=tuple(types))

    def header(self, meta, children):
        return _Header(_string_value(children[0]), _meta_span(meta))

    def package(self, meta, children):
        return ast.Name(str(children[0]), _meta_span(meta))

    def import_decl(self, meta, specs):
        return [spec for spec in specs if spec is not None]

    def import_spec(self, meta, children):
        alias, path = children
        return ast.Import(_string_value(path), str(alias) if alias is not None else None, _meta_span(meta))

    def type_decl(self, meta, specs):
        return _decl_list(specs, meta)

    def type_spec(self, meta, children, alias=False):
        name, type_ = children
        return ast.TypeDecl(name, type_, alias, _meta_span(meta))

    def type_alias(self, meta, children):
        return self.type_spec(meta, children, alias=True)

    def var_decl(self, meta, specs):
        return _decl_list(specs, meta)

    const_decl = var_decl

    def var_spec(self, meta, children):
        names, type_, values = children
        values = values or ()
        if type_ is None and not values:
            name = names[0].id
            raise _error(f"var {name} needs a type or a value", _meta_span(meta),
                         f"write `var {name} int` or `var {name} = 0`", "bad-var")
        return ast.VarDecl(names, type_, values, _meta_span(meta))

    def const_spec(self, meta, children):
        names, type_, values = children
        return ast.ConstDecl(names, type_, values or (), _meta_span(meta))

    def func_decl(self, meta, children):
        receiver, name, type_params, (params, results), body = children
        if receiver is not None and len(receiver) != 1:
            raise _error("a method has one receiver", _meta_span(meta), "write func (r T) NAME()", "bad-receiver")
        named = tuple(r.name for r in results) if any(r.name for r in results) else ()
        return ast.FuncDecl(name, params, body, False, tuple(r.type for r in results), _meta_span(meta),
                            result_names=named, receiver=receiver[0] if receiver else None,
                            type_params=type_params or ())

    def go_func_decl(self, meta, children):
        name, (params, results), body = children
        return ast.FuncDecl(name, params, body, True, tuple(r.type for r in results), _meta_span(meta))

    def receiver(self, meta, children):
        return children[0] or ()

    def type_params(self, meta, groups):
        return _flatten(groups)

    def type_param(self, meta, children):
        names, *constraint = children
        text = " | ".join(str(t) for t in constraint)
        return [ast.Param(n.id, ast.TypeName(text, span=constraint[0].span), n.span) for n in names]

    def signature(self, meta, children):
        params, results = children
        return params or (), results or ()

    def params(self, meta, entries):
        return _params(entries)

    def named_param(self, meta, children):
        name, type_ = children
        return _Entry(str(name), type_, False, _meta_span(meta))

    def named_variadic(self, meta, children):
        name, _, type_ = children
        return _Entry(str(name), type_, True, _meta_span(meta))

    def type_param_only(self, meta, children):
        return _Entry(None, children[0], False, _meta_span(meta))

    def variadic_only(self, meta, children):
        return _Entry(None, children[1], True, _meta_span(meta))

    def results(self, meta, children):
        return (ast.Param("", children[0], _meta_span(meta)),)

    def results_list(self, meta, children):
        return children[0] or ()

    def name_list(self, meta, names):
        return tuple(names)

    def name(self, meta, children):
        name = _literal_name(children[0], _meta_span(meta))
        if not isinstance(name, ast.Name):
            raise _error(f"'{children[0]}' cannot be declared", name.span, "pick another name", "keyword")
        return name

    # -- types

    def named_type(self, meta, children):
        package, name = children
        text = f"{package}.{name}" if name is not None else str(package)
        return ast.TypeName(text, span=_meta_span(meta))

    def chan_type(self, meta, children, kind="chan"):
        return ast.TypeName(kind, children[-1], _meta_span(meta))

    def send_chan_type(self, meta, children):
        return self.chan_type(meta, children, "chan<-")

    def recv_chan_type(self, meta, children):
        return self.chan_type(meta, children, "<-chan")

    def _as_written(self, meta) -> ast.TypeName:
        # Whitespace-normalised, a newline between fields written "; ": struct{a, b int; mu sync.Mutex}
        text = " ".join(re.sub(r"[ \t]*\n\s*", "; ", self._source[meta.start_pos:meta.end_pos]).split())
        text = re.sub(r"\s*([{(\[])[;\s]*", r"\1", text)
        text = re.sub(r"[;\s]*([})\]])", r"\1", text)
        return ast.TypeName(re.sub(r"\s*,\s*", ", ", text), span=_meta_span(meta))

    def struct_type(self, meta, children):
        fields = tuple(f for group in children if isinstance(group, list) for f in group)
        return replace(self._as_written(meta), fields=fields)

    def slice_type(self, meta, children):
        length, elem = children
        if length is None:  # a slice: kept as its text
            return self._as_written(meta)
        return replace(self._as_written(meta), elem=elem, length=str(length))

    def interface_type(self, meta, children):
        return self._as_written(meta)

    func_type = map_type = interface_type

    def field_decl(self, meta, children):
        *names, type_ = children
        return [ast.Field(str(n), type_, False, _token_span(n)) for n in names]

    def embedded_field(self, meta, children):
        (type_,) = children
        pointer = self._source[meta.start_pos:meta.end_pos].lstrip().startswith("*")
        named = replace(type_, name="*" + type_.name) if pointer else type_
        return [ast.Field(type_.name.rpartition(".")[2], named, True, _meta_span(meta))]

    def iface_method(self, meta, children):
        return None  # an interface type is kept as its text

    iface_union = iface_method

    def pointer_type(self, meta, children):
        return ast.TypeName("*" + str(children[0]), span=_meta_span(meta))

    # -- statements

    def block(self, meta, stmts):
        return ast.Block(_flatten(stmts), _meta_span(meta))

    def expr_stmt(self, meta, children):
        return ast.ExprStmt(children[0], _meta_span(meta))

    def send(self, meta, children):
        return ast.Send(children[0], children[1], _meta_span(meta))

    def inc(self, meta, children, op="++"):
        (target,) = _targets(children, f"apply {op} to")
        return ast.IncDec(target, op, _meta_span(meta))

    def dec(self, meta, children):
        return self.inc(meta, children, op="--")

    def assign(self, meta, children):
        targets, op, values = children
        op = op[:-1]  # "+=" -> "+", "=" -> ""
        if op and (len(targets) != 1 or len(values) != 1):
            raise _error(f"{op}= takes one variable and one value", _meta_span(meta),
                         f"write one assignment per line: x {op}= e", "bad-assign")
        return ast.Assign(_targets(targets, "assign to"), op, values, _meta_span(meta))

    def define(self, meta, children):
        names, values = children
        return ast.Define(_targets(names, "declare"), values, _meta_span(meta))

    def assign_op(self, meta, children):
        return str(children[0])

    def go_stmt(self, meta, children):
        call, span = children[0], _meta_span(meta)
        if not isinstance(call, ast.Call | ast.GoLit | ast.MethodCall | ast.CallExpr):
            raise _error("go needs a function call", span,
                         "write go f(args) or go func() { ... }()", "bad-go")
        return ast.Go(call, span)

    def return_stmt(self, meta, children):
        return ast.Return(children[0] or (), _meta_span(meta))

    def break_stmt(self, meta, children):
        return ast.Break(_meta_span(meta), children[0])

    def continue_stmt(self, meta, children):
        return ast.Continue(_meta_span(meta), children[0])

    def labeled_stmt(self, meta, children):
        label, *rest = children  # `[_stmt]` leaves no placeholder when absent
        stmt = rest[0] if rest else None
        if isinstance(stmt, list):  # a grouped declaration
            stmt = ast.Block(tuple(stmt), _meta_span(meta))
        return ast.Labeled(label, stmt, _meta_span(meta))

    def defer_stmt(self, meta, children):
        return ast.Defer(children[0], _meta_span(meta))

    def goto_stmt(self, meta, children):
        return ast.Goto(children[0], _meta_span(meta))

    def fallthrough_stmt(self, meta, children):
        return ast.Fallthrough(_meta_span(meta))

    def switch_stmt(self, meta, children):
        init, tag, *cases = children
        return ast.Switch(init, tag, tuple(cases), _meta_span(meta))

    def switch_case(self, meta, children):
        exprs, *body = children
        return ast.SwitchCase(exprs, _flatten(body), _meta_span(meta))

    def switch_default(self, meta, body):
        return ast.SwitchCase(None, _flatten(body), _meta_span(meta))

    def if_stmt(self, meta, children):
        init, cond, then, orelse = children
        return ast.If(init, cond, then, orelse, _meta_span(meta))

    def for_forever(self, meta, children):
        return ast.For(None, None, None, children[0], _meta_span(meta))

    def for_cond(self, meta, children):
        cond, body = children
        return ast.For(None, cond, None, body, _meta_span(meta))

    def for_clause(self, meta, children):
        init, cond, post, body = children
        return ast.For(init, cond, post, body, _meta_span(meta))

    def for_range_define(self, meta, children, define=True):
        targets, chan, body = children
        if len(targets) > 2:
            raise _error("range gives at most two values", _meta_span(meta),
                         "write for k, v := range x", "bad-range")
        var, *value = _targets(targets, "range into")
        return ast.ForRange(var, chan, body, define, _meta_span(meta), value[0] if value else None)

    def for_range_assign(self, meta, children):
        return self.for_range_define(meta, children, define=False)

    def for_range_bare(self, meta, children):
        chan, body = children
        return ast.ForRange(None, chan, body, span=_meta_span(meta))

    def select_stmt(self, meta, clauses):
        return ast.Select(tuple(clauses), _meta_span(meta))

    def case_clause(self, meta, children):
        comm, *body = children
        if not _is_communication(comm):
            raise _error("a select case must send or receive", comm.span,
                         "write case c <- v:, case <-c:, case r := <-c: or case r, ok := <-c:",
                         "bad-select-case")
        return ast.SelectCase(comm, _flatten(body), _meta_span(meta))

    def default_clause(self, meta, body):
        return ast.SelectCase(None, _flatten(body), _meta_span(meta))

    # -- expressions

    def expr_list(self, meta, exprs):
        return tuple(exprs)

    def args(self, meta, children):
        """(the arguments, whether the last is spread: `f(xs...)`)."""
        exprs = tuple(c for c in children if c is not None and not isinstance(c, Token))
        return exprs, len(exprs) < len([c for c in children if c is not None])

    def binary(self, meta, children):
        left, op, right = children
        return ast.Binary(op, left, right, _meta_span(meta))

    def or_op(self, meta, children):
        return str(children[0])

    and_op = cmp_op = add_op = mul_op = unary_op = or_op
    cond_or_op = cond_and_op = cond_cmp_op = cond_add_op = cond_mul_op = or_op

    def unary(self, meta, children):
        op, operand = children
        return ast.Unary(op, operand, _meta_span(meta))

    def addr_of(self, meta, children):
        if not isinstance(children[0], ast.Name):
            return ast.Address(children[0], _meta_span(meta))
        return ast.AddrOf(children[0], _meta_span(meta))

    def deref(self, meta, children):
        return ast.Deref(children[0], _meta_span(meta))

    def recv(self, meta, children):
        return ast.Recv(children[0], _meta_span(meta))

    def selector(self, meta, children):
        base, name = children
        span = _meta_span(meta)
        if isinstance(base, ast.Name) and base.id in PACKAGES:
            return ast.Name(f"{base.id}.{name.id}", span)
        return ast.Selector(base, name.id, span)

    def type_assert(self, meta, children):
        expr, type_ = children
        return ast.TypeAssert(expr, type_, _meta_span(meta))

    def call(self, meta, children):
        callee, args = children
        (args, spread), span = args or ((), False), _meta_span(meta)
        match callee:
            case _ if spread:
                pass
            case ast.Name(id=func):
                return ast.Call(func, args, span=span)
            case ast.Selector(expr=ast.Name() as receiver, name=method):
                return ast.MethodCall(receiver, method, args, span)
            case ast.FuncLit():
                return ast.GoLit(callee, args, span)
        return ast.CallExpr(callee, args, spread, span)

    def index(self, meta, children):
        return ast.Index(children[0], children[1], _meta_span(meta))

    def slice_expr(self, meta, children):
        return ast.SliceExpr(children[0], children[1], children[2], _meta_span(meta))

    def composite_lit(self, meta, children):
        type_, _, elems = children
        return ast.CompositeLit(_type_of(type_, _meta_span(meta)), elems or (), _meta_span(meta))

    def elided_lit(self, meta, children):
        return ast.CompositeLit(None, children[1] or (), _meta_span(meta))

    def elements(self, meta, children):
        return tuple(children)

    def element(self, meta, children):
        return children[0]

    def keyed_element(self, meta, children):
        return ast.KeyedElement(children[0], children[1], _meta_span(meta))

    def ident(self, meta, children):
        return _literal_name(children[0], _meta_span(meta))

    def int_lit(self, meta, children):
        return ast.IntLit(_int_value(children[0]), _meta_span(meta))

    def str_lit(self, meta, children):
        return ast.StrLit(_string_value(children[0]), _meta_span(meta))

    def float_lit(self, meta, children):
        from fractions import Fraction

        text = str(children[0]).replace("_", "")
        return ast.FloatLit(Fraction(text), _meta_span(meta))  # exact, as Go's constants

    def rune_lit(self, meta, children):
        raise _not_supported("rune literals", _meta_span(meta), "use an integer or a string")

    def paren(self, meta, children):
        return ast.Paren(children[0], _meta_span(meta))

    def func_lit(self, meta, children):
        (params, results), body = children
        return ast.FuncLit(params, body, _meta_span(meta), results)

    def make(self, meta, children):
        type_, *args = children
        return ast.Call("make", tuple(args), type_, _meta_span(meta))

    # -- the question

    def locations(self, meta, children):
        observables = tuple(c for c in children if c is not None)
        for obs in observables:
            if not isinstance(obs, ast.Observable):
                raise _error("locations lists observables", obs.span,
                             "write names such as x or P0.r1", "bad-location")
        return observables

    def condition(self, meta, children):
        keyword, expr = children
        inner = self._source[keyword.end_pos:meta.end_pos].strip()[1:-1]
        return ast.Condition(str(keyword), expr, _squash(inner), _meta_span(meta))

    def cond_bin(self, meta, children):
        left, op, right = children
        return ast.CondBin(op, left, right, _meta_span(meta))

    def cond_not(self, meta, children):
        return ast.CondNot(children[0], _meta_span(meta))

    def cond_int(self, meta, children):
        return ast.CondLit(_int_value(children[-1]), _meta_span(meta))

    def cond_neg_int(self, meta, children):
        return ast.CondLit(-_int_value(children[0]), _meta_span(meta))

    def cond_str(self, meta, children):
        return ast.CondLit(_string_value(children[0]), _meta_span(meta))

    def observable(self, meta, children):
        text, span = str(children[0]), _meta_span(meta)
        literals = {"true": True, "false": False, "nil": None, "unset": ast.UNSET}
        if text in literals:
            return ast.CondLit(literals[text], span)
        goroutine, _, name = text.rpartition(".")
        return ast.Observable(goroutine or None, name, span)

    def expect(self, meta, children):
        claim, model = children
        if claim not in CLAIMS:
            raise _error(f"unknown expectation '{claim}'", _token_span(claim),
                         "write one of: " + ", ".join(CLAIMS), "bad-expect")
        span = _meta_span(meta)
        return ast.Expect(str(claim), str(model or "go"), span, _token_span(model) if model else span)


def _decl_list(specs: list, meta) -> list:
    """One node per spec; a lone spec gets the span of the whole `var ...` line."""
    specs = [spec for spec in specs if spec is not None]  # the optional last line of a group
    if len(specs) == 1:
        return [replace(specs[0], span=_meta_span(meta))]
    return specs


def _is_communication(stmt) -> bool:
    match stmt:
        case ast.Send() | ast.ExprStmt(expr=ast.Recv()):
            return True
        case ast.Define(values=(ast.Recv(),)) | ast.Assign(op="", values=(ast.Recv(),)):
            return True
    return False


# ---------------------------------------------------------------- shape checks


@cache
def _child_fields(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "span")


def _check_shape(file: ast.File) -> None:
    """Depth limit and misplaced expressions, checked without recursion."""
    stack = [(file, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            raise _error(f"nesting deeper than {MAX_NESTING} levels", node.span,
                         "split the expression or the blocks into smaller pieces", "too-deep")
        for name in _child_fields(type(node)):
            value = getattr(node, name)
            children = value if isinstance(value, tuple) else (value,)
            for child in children:
                if hasattr(child, "__dataclass_fields__"):
                    stack.append((child, depth + 1))


# ---------------------------------------------------------------- syntax errors


def _explain(exc: UnexpectedInput, text: str) -> Diagnostic:
    """A raw lark failure -> a diagnostic with a hint, via the specific rules first."""
    if isinstance(exc, UnexpectedCharacters):
        return _stray_character(exc, text)
    assert isinstance(exc, UnexpectedToken), exc  # LALR raises nothing else
    expected = _acceptable(exc)
    for rule in _RULES:
        if diagnostic := rule(exc.token, expected, text):
            return diagnostic
    return _unexpected(exc.token, expected, text)


_CHARACTER_HINTS = {
    "~": "write ~exists, without a space, for the negated condition",
    "#": "'#' appears only in goroutine names in the condition, such as worker#2.r",
    "'": "rune literals are not in the language; use an integer or a string",
    "?": "Go has no ?: operator; use if/else",
}


def _stray_character(exc: UnexpectedCharacters, text: str) -> Diagnostic:
    char = text[exc.pos_in_stream]
    hint = _CHARACTER_HINTS.get(char, "remove it")
    return Diagnostic(f"unexpected character {char!r}", Span.point(exc.line, exc.column), hint,
                      "bad-character")


def _token_text(name: str) -> str | None:
    return _terminal_texts().get(name)


@cache
def _terminal_texts() -> dict[str, str]:
    return {t.name: t.pattern.value for t in _parser().terminals if t.pattern.type == "str"}


def _acceptable(exc: UnexpectedToken) -> set[str]:
    """The terminals the parser would have taken. Read from the parse table rather than
    `exc.expected`: when the contextual lexer raises, that holds only what the state's
    lexer knows, without `$END`."""
    actions = exc.state.parse_conf.parse_table.states[exc.state.position]
    return {name for name in actions if name.isupper() and name not in _HIDDEN_TERMINALS}


def _is_word(tok: Token) -> bool:
    return tok.type in ("IDENT", "OBSERVABLE", "WORD")


def _at_top_level(expected: set[str]) -> bool:
    return "$END" in expected  # only a complete top-level item may end the file


def _before(tok: Token, text: str) -> str:
    """The source just before the token: enough context for the rules, never the whole file."""
    return text[max(0, tok.start_pos - 200):tok.start_pos]


def _error_span(tok: Token, text: str) -> Span:
    if tok.type == "$END" or (tok.type == "_SEMI" and not tok.value):
        return _point(text, len(text.rstrip()))  # just after the last written character
    return _token_span(tok)


def _else_on_new_line(tok, expected, text):
    if tok.type == "ELSE" and re.search(r"\}[ \t]*(//[^\n]*)?\n\s*$", _before(tok, text)):
        return Diagnostic("else must be on the same line as the closing brace", _token_span(tok),
                          "write } else { on one line", "else-newline")
    return None


_TOP_LEVEL_WORDS = ("exists", "forall", "expect", "locations", "func", "var", "const", "go",
                    "package", "import", "litmus", "type")
_STATEMENT_KEYWORDS = {"IF", "FOR", "SELECT", "RETURN", "BREAK", "CONTINUE", "SWITCH", "DEFER", "GOTO"}
_DEFINE_AHEAD = re.compile(r"[^\W\d]\w*(?:\s*,\s*[^\W\d]\w*)*+\s*:=")  # possessive: constant memory


def _statement_at_top_level(tok, expected, text):
    if not _at_top_level(expected) or not (_is_word(tok) or tok.type in _STATEMENT_KEYWORDS):
        return None
    span = _token_span(tok)
    word = tok.value.split(".")[0]
    if _DEFINE_AHEAD.match(text, tok.start_pos):
        return Diagnostic(":= cannot be used at package level", span,
                          f"use var at package level: var {word} = ...", "define-at-top")
    if _is_word(tok) and (close := difflib.get_close_matches(word, _TOP_LEVEL_WORDS, n=1, cutoff=0.75)):
        return Diagnostic(f"unknown keyword '{word}'", span, f"did you mean '{close[0]}'?",
                          "unknown-keyword")
    return Diagnostic("statements must be inside a function", span,
                      "put it in a goroutine: go func P0() { ... }", "stmt-at-top")


def _anonymous_top_level_goroutine(tok, expected, text):
    if tok.type == "LPAR" and re.search(r"(^|\n)\s*go\s+func\s*$", _before(tok, text)):
        return Diagnostic("a top-level goroutine needs a name", _token_span(tok),
                          "write go func P0() { ... }", "anonymous-goroutine")
    return None


_QUESTION_STARTS = {"LOCATIONS", "EXISTS", "NOT_EXISTS", "FORALL", "EXPECT"}
_DECLARATION_STARTS = {"VAR", "CONST", "FUNC", "GO", "PACKAGE", "IMPORT", "TYPE"}


def _out_of_order(tok, expected, text):
    if not _at_top_level(expected) or "FUNC" in expected:
        return None
    if tok.type in _DECLARATION_STARTS:
        return Diagnostic(f"'{tok}' after the question", _token_span(tok),
                          "declarations and functions come before locations, the condition and expect lines",
                          "out-of-order")
    if tok.type in _QUESTION_STARTS:
        return Diagnostic(f"'{tok}' out of place", _token_span(tok),
                          "write at most one condition, in the order locations, condition, expect lines",
                          "out-of-order")
    return None


# The start of a line that only makes sense at top level, written at column 1.
_TOP_LEVEL_LINE = re.compile(r"(exists|~exists|forall|expect|locations|(go\s+)?func\s+\w+\s*\()")


def _question_inside_function(tok, expected, text):
    """A line that can only start a top-level item, met inside a body: a '}' is missing."""
    if _at_top_level(expected) or tok.type == "$END":
        return None
    line_start = text.rfind("\n", 0, tok.start_pos) + 1
    starts = _TOP_LEVEL_LINE.match(text, line_start)
    # Counting braces ignores strings and comments: good enough for a hint.
    if starts is None or text.count("{", 0, line_start) <= text.count("}", 0, line_start):
        return None
    return Diagnostic(f"'{starts.group(1)}' inside a function body: a '}}' is missing above",
                      _point(text, line_start), "close every block and function with '}' before this line",
                      "missing-brace")


def _unclosed_before(tok, expected, text):
    """`f(1 }`: a closer where another one is due."""
    due = [name for name in ("RPAR", "RSQB", "RBRACE") if name in expected and name != tok.type]
    if tok.type not in _CLOSERS or len(due) != 1:
        return None
    closer = _token_text(due[0])
    return Diagnostic(f"unexpected '{tok}': missing '{closer}'", _token_span(tok),
                      f"add '{closer}' before this '{tok}'",
                      "missing-brace" if closer == "}" else "missing-paren")


# `if x = 1 {`: an assignment where the condition should be (as Go says, "used as value").
_ASSIGN_IN_HEADER = re.compile(r"\b(if|for)\b[^;{\n]*?[\w)\]\s](=)[^=]")


def _assign_for_equal(tok, expected, text):
    if tok.value == "=" and any(_token_text(name) == "==" for name in expected):
        return Diagnostic("unexpected '='", _token_span(tok), "use == to compare", "use-eq")
    if tok.type == "LBRACE" and expected == {"_SEMI"}:
        line_start = text.rfind("\n", 0, tok.start_pos) + 1
        if match := _ASSIGN_IN_HEADER.search(text, line_start, tok.start_pos + 1):
            return Diagnostic("assignment used as a condition", _point(text, match.start(2)),
                              "use == to compare", "use-eq")
    return None


def _brace_on_next_line(tok, expected, text):
    """`func f()` newline `{`: the semicolon rule ends the line before the brace."""
    if (tok.type == "_SEMI" and tok.value == "\n" and "LBRACE" in expected
            and text[tok.start_pos:].lstrip().startswith("{")):
        return Diagnostic("'{' must be on the same line", _token_span(tok),
                          "move the '{' to the end of this line, as Go requires", "brace-newline")
    return None


def _missing_word(tok, expected, text):
    if expected != {"WORD"}:
        return None
    if re.search(r"under\s*$", _before(tok, text)):
        hint = "name a model, such as go, sc or relaxed-value"
    else:
        hint = "write one of: " + ", ".join(CLAIMS)
    return Diagnostic(f"unexpected {_describe(tok)}", _error_span(tok, text), hint, "bad-expect")


def _go_outside_the_grammar(tok, expected, text):
    """Go that the grammar leaves out: type switches and generic types."""
    before = _before(tok, text)
    if tok.type == "TYPE" and re.search(r"\.\s*\(\s*$", before):
        return Diagnostic("type switches are not supported yet", _token_span(tok),
                          "use a comma-ok assertion: if v, ok := x.(int); ok { ... }", "not-supported")
    if _is_word(tok) and re.search(r"\btype\s+[^\W\d]\w*\s*\[\s*[^\W\d]\w*\s*$", before):
        return Diagnostic("generic types are not supported yet", _token_span(tok),
                          "write the type for one element type, such as int", "not-supported")
    return None


_RULES = (_go_outside_the_grammar, _else_on_new_line, _anonymous_top_level_goroutine, _question_inside_function,
          _statement_at_top_level, _out_of_order, _unclosed_before, _assign_for_equal,
          _brace_on_next_line, _missing_word)


# -- the fallback: "unexpected X; expected A, B or C"

_HIDDEN_TERMINALS = {"_NL", "BLOCK_COMMENT", "LINE_COMMENT", "FLOAT", "RUNE"}
_PHRASES = {"IDENT": "a name", "INT": "a number", "STRING": "a string", "RAW_STRING": "a string",
            "OBSERVABLE": "an observable such as P0.r1", "WORD": "a word",
            "_SEMI": "a newline", "$END": "end of file", "LITBRACE": "'{'"}
_OPERATORS = {"||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "|", "^", "*", "/", "%",
              "<<", ">>", "&", "&^"}
_ASSIGNMENTS = {"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^="}
_EXPRESSION_STARTS = {"a name", "a number", "a string", "'('", "'func'", "'make'", "'-'", "'+'",
                      "'!'", "'^'", "'&'", "'*'", "'<-'"}
_STATEMENT_STARTS = {"'if'", "'for'", "'go'", "'var'", "'const'", "'return'", "'break'",
                     "'continue'", "'select'", "'{'", "an expression", "'switch'", "'defer'",
                     "'goto'", "'fallthrough'", "'type'"}
_MAX_LISTED = 8


def _describe(tok: Token) -> str:
    if tok.type == "$END" or (tok.type == "_SEMI" and not tok.value):
        return "end of file"
    if tok.type == "_SEMI" and tok.value == "\n":
        return "newline"
    if _is_word(tok):
        return f"name '{tok}'"
    if tok.type in ("INT", "STRING", "RAW_STRING"):
        return f"{'number' if tok.type == 'INT' else 'string'} {tok}"
    return f"'{tok}'"


def _expected_phrases(expected: set[str]) -> list[str]:
    texts = {_token_text(name) for name in expected} - {None}
    phrases = {_PHRASES.get(n) or f"'{_token_text(n)}'" for n in expected}
    if len(texts & _OPERATORS) >= 3:
        phrases = phrases - {f"'{op}'" for op in _OPERATORS} | {"an operator"}
    if len(texts & _ASSIGNMENTS) >= 3:
        phrases = phrases - {f"'{op}'" for op in _ASSIGNMENTS} | {"an assignment"}
    if {"a name", "a number"} <= phrases:
        phrases = phrases - _EXPRESSION_STARTS | {"an expression"}
    if {"'if'", "'for'"} <= phrases:
        phrases = phrases - _STATEMENT_STARTS | {"a statement"}
    # Words ("a newline", "an expression") before quoted tokens, each group sorted.
    return sorted(phrases, key=lambda p: (p.startswith("'"), p))


def _unexpected(tok: Token, expected: set[str], text: str) -> Diagnostic:
    phrases = _expected_phrases(expected)
    listed = phrases[:_MAX_LISTED]
    if len(phrases) > len(listed):
        listed.append(f"{len(phrases) - len(listed)} more")
    message = f"unexpected {_describe(tok)}"
    if listed:
        message += "; expected " + (listed[0] if len(listed) == 1 else
                                    ", ".join(listed[:-1]) + " or " + listed[-1])
    if "a newline" in phrases:
        hint = "end the statement here: one statement per line, or separate them with ';'"
    elif len(phrases) == 1:
        hint = f"write {phrases[0]} here"
    else:
        hint = "check this line against the litmus language reference"
    return Diagnostic(message, _error_span(tok, text), hint, "syntax")
