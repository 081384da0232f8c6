"""Errors and diagnostics.

Every problem with the user's input is a `Diagnostic`: data first (file, line,
column, message, hint), printed second in the compiler convention

    case.lit:9:15: error: undeclared variable 'dta'
        r2 := dta
              ^^^
    hint: declare it at package level: var dta int

`LitmusError` carries one or more diagnostics; the CLI prints them and exits 2.
`SolverUnknown` is raised when Z3 answers `unknown` (or times out): it is never
read as "forbidden".
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A source range; lines and columns count from 1, end is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @staticmethod
    def point(line: int, column: int) -> "Span":
        return Span(line, column, line, column + 1)


NO_SPAN = Span(0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One user-facing error: where, what, and what to write instead."""

    message: str
    span: Span = NO_SPAN
    hint: str = ""
    code: str = "error"  # a stable short name tests can assert on

    def render(self, filename: str, source: str | None) -> str:
        where = filename
        if self.span.line > 0:
            where = f"{filename}:{self.span.line}:{self.span.column}"
        lines = [f"{where}: error: {self.message}"]
        if source is not None and self.span.line > 0:
            src_lines = source.splitlines()
            if 0 < self.span.line <= len(src_lines):
                text = src_lines[self.span.line - 1].expandtabs(4)
                raw = src_lines[self.span.line - 1]
                # caret column in the tab-expanded line
                col = len(raw[: self.span.column - 1].expandtabs(4))
                width = 1
                if self.span.end_line == self.span.line and self.span.end_column > self.span.column:
                    width = max(1, self.span.end_column - self.span.column)
                width = min(width, max(1, len(text) - col))
                text, col, width = _window(text, col, width)
                lines.append("    " + text)
                lines.append("    " + " " * col + "^" * width)
        if self.hint:
            lines.append(f"hint: {self.hint}")
        return "\n".join(lines)


MAX_SHOWN = 120
"""The widest source excerpt a diagnostic prints: a 5,000-digit literal or a
minified line is cut around the caret instead of printed whole."""


def _window(text: str, col: int, width: int) -> tuple[str, int, int]:
    """At most MAX_SHOWN characters of `text` around [col, col+width), with `...`
    where it was cut, and the caret's new column and width."""
    if len(text) <= MAX_SHOWN:
        return text, col, width
    width = min(width, MAX_SHOWN - 8)
    start = max(0, min(col - (MAX_SHOWN - width) // 2, len(text) - MAX_SHOWN))
    end = start + MAX_SHOWN
    head, tail = ("..." if start > 0 else ""), ("..." if end < len(text) else "")
    return head + text[start:end] + tail, col - start + len(head), width


class LitmusError(Exception):
    """Bad input: one or more diagnostics. The CLI exits 2 on it."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic, *, filename: str = "<input>",
                 source: str | None = None):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = tuple(diagnostics)
        self.filename = filename
        self.source = source
        super().__init__(self.render())

    def with_file(self, filename: str, source: str | None) -> "LitmusError":
        return type(self)(list(self.diagnostics), filename=filename, source=source)

    def render(self) -> str:
        return "\n".join(d.render(self.filename, self.source) for d in self.diagnostics)


class LitmusSyntaxError(LitmusError):
    """The text does not parse."""


class LitmusSemanticError(LitmusError):
    """The text parses but breaks a static rule of the language."""


class NotSupportedError(LitmusError):
    """The language has the construct but the checker does not support it yet."""


class TooLargeError(LitmusError):
    """The program is beyond a size limit of the checker (litmus/limits.py, docs/limits.md)."""


@dataclass
class SolverUnknown(Exception):
    """Z3 answered `unknown` (or ran out of time): the answer is inconclusive."""

    reason: str = "unknown"

    def __str__(self) -> str:
        return f"solver gave up: {self.reason}"


@dataclass
class Timeout(Exception):
    """The per-test time limit (--timeout) ran out."""

    seconds: float = 0.0
    extra: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"timed out after {self.seconds:g} s"


class StateSpaceTooLarge(RuntimeError):
    """The reference enumeration took more steps than its `limit` (here, not in
    litmus/reference, so that the API need not load the reference to catch it)."""


class LitmusArgumentError(LitmusError, ValueError):
    """A bad argument rather than bad source text (`unroll=-1`, `timeout=nan`,
    an unknown model name): no position, and str() reads `litmus: error: ...`."""

    def __init__(self, message: str | list[Diagnostic] | Diagnostic, *, filename: str = "litmus",
                 source: str | None = None):
        if isinstance(message, str):
            message = Diagnostic(message, code="argument")
        super().__init__(message, filename=filename, source=source)
