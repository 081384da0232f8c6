"""Properties of the models on generated programs (tests/strategies.py).

- DRF-SC: for a race-free program, `go` and `sc` permit the same outcomes.
- Inclusion: every `sc` outcome is a `go` outcome (Go is weaker than SC).
- Determinism: the same input gives the same report.

DRF-SC and inclusion are checked on `programs()` and on `sync_programs()`
(mutex, channel, WaitGroup, Once); the latter must also always load.
"""

import os

from hypothesis import HealthCheck, given, settings

from litmus.api import check_test, load
from litmus.models import get_model
from strategies import programs, sync_programs

SETTINGS = settings(max_examples=int(os.environ.get("LITMUS_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome_set(test, model):
    return set(check_test(test, get_model(model)).outcomes)


@SETTINGS
@given(programs())
def test_race_free_programs_are_sc(source):
    test = load(source, "generated.lit")
    go = check_test(test, get_model("go"))
    if not go.racy_program:
        assert set(go.outcomes) == outcome_set(test, "sc")


@SETTINGS
@given(programs())
def test_every_sc_outcome_is_a_go_outcome(source):
    test = load(source, "generated.lit")
    assert outcome_set(test, "sc") <= outcome_set(test, "go")


@SETTINGS
@given(sync_programs())
def test_sync_programs_load(source):
    load(source, "generated.lit")  # parses and lowers: no LitmusError


@SETTINGS
@given(sync_programs())
def test_race_free_sync_programs_are_sc(source):
    test = load(source, "generated.lit")
    go = check_test(test, get_model("go"))
    if not go.racy_program:
        assert set(go.outcomes) == outcome_set(test, "sc")


@SETTINGS
@given(sync_programs())
def test_every_sc_outcome_is_a_go_outcome_sync(source):
    test = load(source, "generated.lit")
    assert outcome_set(test, "sc") <= outcome_set(test, "go")


@settings(max_examples=20, deadline=None)
@given(programs())
def test_same_input_same_report(source):
    test = load(source, "generated.lit")
    a = check_test(test, get_model("go"))
    b = check_test(load(source, "generated.lit"), get_model("go"))
    assert (a.outcomes, a.races, a.observation) == (b.outcomes, b.races, b.observation)
