"""Strings are two words (docs/decisions.md, "Strings are two words"): a racy
plain read of a string may take its data word and its length word from two
different writes, an outcome shown as `torn`; both engines list it, only in
racy executions, and never for two writes of equal strings."""

import pytest

from litmus.api import check_test, load
from litmus.models import get_model
from litmus.values import TORN, format_value, parse_value, torn
from test_engines_agree import compare


def program(writes: tuple[str, str], reader: str = "r := s", guard: bool = False, cond: str = 'reader.r == "x"'):
    lock, unlock = ("mu.Lock()\n    ", "\n    mu.Unlock()") if guard else ("", "")
    return f"""litmus "T"
var s string
var mu sync.Mutex

go func P0() {{
    {lock}s = "{writes[0]}"{unlock}
}}

go func P1() {{
    {lock}s = "{writes[1]}"{unlock}
}}

go func reader() {{
    {lock}{reader}{unlock}
}}

exists ({cond})
"""


def reader_values(source: str, model: str) -> set[str]:
    report = check_test(load(source, "t.lit"), get_model(model))
    return {v for o in report.outcomes for k, v in o.values if k == "reader.r"}


def test_racy_string_read_tears_under_go_only():
    src = program(("ab", "xyz"))
    assert reader_values(src, "go") == {'""', '"ab"', '"xyz"', "torn"}
    assert reader_values(src, "sc") == {'""', '"ab"', '"xyz"'}


def test_race_free_string_read_never_tears():
    assert "torn" not in reader_values(program(("ab", "xyz"), guard=True), "go")


def test_equal_strings_do_not_tear():
    # both words of "ab" say the same thing whichever write they come from; only
    # the initial "" (length 0) mixes with them
    src = """litmus "T"
var s string = "ab"

go func P0() {
    s = "ab"
}

go func reader() {
    r := s
}

exists (reader.r == "ab")
"""
    assert reader_values(src, "go") == {'"ab"'}


def test_torn_is_no_string_in_conditions():
    report = check_test(load(program(("ab", "xyz"), cond='reader.r != "" && reader.r != "ab" && reader.r != "xyz"'),
                             "t.lit"), get_model("go"))
    assert report.positive == 1


@pytest.mark.parametrize("model", ["go", "sc", "relaxed-value"])
@pytest.mark.parametrize("reader", ["r := s", 'r := s + "!"', "r := s\n    print(r)", 'r := "none"\n    if s == "ab" { r = "yes" }'])
def test_engines_agree_on_torn_reads(reader: str, model: str):
    compare(load(program(("ab", "xyz"), reader=reader), "t.lit"), model)


def test_torn_value_text_round_trips():
    assert torn("ab", "ab") == "ab" and torn("ab", "xyz") == TORN
    for v in (TORN, "x" + TORN, TORN + 'a"b' + TORN, "plain", ""):
        assert parse_value(format_value(v)) == v
    assert format_value("x" + TORN) == '"x"+torn'
    assert parse_value('"torn"') == "torn" != TORN


def test_final_value_of_a_racy_string_may_tear():
    # the final observer reads both words too, each from an hb-maximal write
    src = program(("ab", "xyz"), cond='s == "ab"')
    for model in ("go", "sc"):
        report = check_test(load(src, "t.lit"), get_model(model))
        finals = {v for o in report.outcomes for k, v in o.values if k == "s"}
        assert finals == ({'"ab"', '"xyz"', "torn"} if model == "go" else {'"ab"', '"xyz"'})
        compare(load(src, "t.lit"), model)
