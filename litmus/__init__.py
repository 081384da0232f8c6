"""litmus: every outcome the Go memory model permits for a litmus test.

    >>> import litmus
    >>> report = litmus.check(open("mp.lit").read())
    >>> report.observation
    'never'
"""

__version__ = "0.1.0"

from litmus.api import Report, check, check_file, load, parse  # noqa: E402
from litmus.errors import LitmusError, LitmusSemanticError, LitmusSyntaxError, NotSupportedError, SolverUnknown  # noqa: E402
from litmus.report.outcome import GoroutineEnd, Outcome, Status  # noqa: E402

__all__ = ["check", "check_file", "parse", "load", "Report", "Outcome", "GoroutineEnd", "Status",
           "LitmusError", "LitmusSyntaxError", "LitmusSemanticError", "NotSupportedError", "SolverUnknown",
           "__version__"]
