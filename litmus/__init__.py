"""litmus: every outcome the Go memory model permits for a litmus test.

    >>> import litmus
    >>> report = litmus.check(open("mp.lit").read())
    >>> report.observation
    'never'

Every error the API raises is a `LitmusError` (see litmus.api).

The names below are imported when first used, so that `import litmus` (and
the command line's start, before it handles Ctrl-C) does not load Z3 and Lark.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # what typing.TYPE_CHECKING is, without importing typing

__version__ = "0.1.0"

_EXPORTS = {
    "litmus.api": ["check", "check_file", "parse", "load", "Report"],
    "litmus.errors": ["LitmusError", "LitmusSyntaxError", "LitmusSemanticError", "NotSupportedError",
                      "LitmusArgumentError", "SolverUnknown"],
    "litmus.models": ["ModelError"],
    "litmus.report.outcome": ["Outcome", "GoroutineEnd", "Status"],
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [*_HOME, "__version__"]


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'litmus' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


if TYPE_CHECKING:
    from litmus.api import Report, check, check_file, load, parse
    from litmus.errors import (LitmusArgumentError, LitmusError, LitmusSemanticError, LitmusSyntaxError,
                               NotSupportedError, SolverUnknown)
    from litmus.models import ModelError
    from litmus.report.outcome import GoroutineEnd, Outcome, Status
