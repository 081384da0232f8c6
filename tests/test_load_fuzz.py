"""Bad input never produces a traceback past the parser either: static checks
and lowering, then the engine, on generated and mutated programs, raise
LitmusError or answer."""

from hypothesis import HealthCheck, given, settings

from litmus.api import check_test, load
from litmus.errors import LitmusError
from litmus.models import get_model
from test_parser_fuzz import grammar_strategy, mutants


def loads_or_fails_cleanly(source: str):
    try:
        return load(source, "fuzz.lit")
    except LitmusError as err:
        assert str(err).startswith("fuzz.lit")
        return None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(grammar_strategy())
def test_grammar_generated_programs_load_cleanly(source):
    loads_or_fails_cleanly(source)


@settings(max_examples=150, deadline=None)
@given(mutants())
def test_mutated_programs_check_cleanly(source):
    test = loads_or_fails_cleanly(source)
    if test is not None:
        report = check_test(test, get_model("go"), timeout=5)
        assert report.error is None or "timed out" in report.error or "solver" in report.error
