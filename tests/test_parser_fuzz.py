"""Properties of the parser on hostile input: it returns an `ast.File` or raises
`LitmusSyntaxError`, never anything else, and its errors always render."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from litmus.errors import LitmusSyntaxError
from litmus.syntax import parser as parser_module
from litmus.syntax.ast import File
from litmus.syntax.parser import MAX_NESTING, parse

MESSAGE_PASSING = """\
litmus "MP+value"

var data int
var av atomic.Value

go func writer() {
    data = 42
    av.Store(true)
}

go func reader() {
    v := av.Load()
    if v != nil {
        r := data
    }
}

exists (reader.v == true && reader.r == 0)
expect never
expect sometimes under relaxed-value
"""

EVERYTHING = """\
litmus "Everything"
package main
import "sync"
var (
    x, y int = 1, 2
    s = "a\\tb"
)
const N = 2
var c = make(chan int, 1)
var mu sync.Mutex
var n atomic.Int64
func helper(a int) {
    x += a
}
go func P0() {
    for i := 0; i < N; i++ {
        helper(i)
    }
    if r := n.Load(); r > 0 {
        c <- r
    } else if x == 0 {
        x++
    } else {
        mu.Lock()
        mu.Unlock()
    }
    select {
    case v, ok := <-c:
        println(v, ok)
    default:
    }
    go func() { x = 1 }()
}
go func P1() {
    for r := range c {
        print(r)
        break
    }
    time.Sleep(10 * time.Millisecond)
}
locations [x; P0.r]
~exists (P0.r == -1 || !(P1.out == "") && worker#2.v != unset)
expect never under relaxed-value
expect racy
"""

SEEDS = (MESSAGE_PASSING, EVERYTHING)


def parses_or_fails_cleanly(source) -> File | None:
    try:
        return parse(source, "fuzz.lit")
    except LitmusSyntaxError as err:
        for diagnostic in err.diagnostics:
            assert diagnostic.span.line >= 0 and diagnostic.code
        assert str(err).startswith("fuzz.lit")
        return None


def test_seeds_parse():
    for seed in SEEDS:
        assert parses_or_fails_cleanly(seed) is not None


# -- (1) arbitrary text

GO_ALPHABET = st.sampled_from(list("{}()[];:=<-!&|^%*/+.,\"`'#~_ \n\t") + ["x", "go", "func ", "if ", "P0",
                                                                            "exists ", "1", "0x", "\\"])


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text(text):
    parses_or_fails_cleanly(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(GO_ALPHABET, max_size=80).map("".join))
def test_go_looking_text(text):
    parses_or_fails_cleanly(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(), st.sampled_from(["replace", "surrogateescape", "ignore"]))
def test_binary_input(data, errors):
    parses_or_fails_cleanly(data.decode("utf-8", errors=errors))


# -- (2) strings generated from the grammar itself


def grammar_strategy():
    """`from_lark` over the real grammar. Terminals are drawn from small pools and padded
    with spaces (from_lark joins them with nothing, and `varx` is not `var x`); `_SEMI`
    is `;` or a newline, so the postlexer's semicolon rule is exercised too."""
    lark = parser_module.build_parser(cache=False)
    used = {sym.name for rule in lark.rules for sym in rule.expansion if sym.is_term}

    def pad(strategy):
        return strategy.map(lambda s: f" {s} ")

    explicit = {t.name: pad(st.just(t.pattern.value))
                for t in lark.terminals if t.name in used and t.pattern.type == "str"}
    explicit.update({
        "_SEMI": st.sampled_from([" ; ", "\n"]),
        "IDENT": pad(st.sampled_from(["x", "r", "c", "mu", "atomic", "time", "int", "true", "nil"])),
        "OBSERVABLE": pad(st.sampled_from(["x", "P0.r", "main.go1.r", "w#2.out", "unset", "race"])),
        "WORD": pad(st.sampled_from([*parser_module.CLAIMS, "sc", "maybe"])),
        "INT": pad(st.sampled_from(["0", "1", "42", "0x1f", "1_000", "08"])),
        "FLOAT": st.just(" 1.5 "),
        "RUNE": st.just(" 'a' "),
        "STRING": pad(st.sampled_from(['"s"', r'"a\n"', '""', r'"\q"'])),
        "RAW_STRING": st.just(" `r` "),
    })
    for name in lark.lexer_conf.ignore:  # whitespace and line comments (which end the line)
        explicit[name] = st.sampled_from([" ", "// note\n"])
    return from_lark(lark, explicit=explicit)


# from_lark draws hundreds of choices per program: 100 examples take a few seconds.
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(grammar_strategy())
def test_grammar_generated_programs(source):
    parses_or_fails_cleanly(source)


# -- (3) mutations of valid programs

TOKEN = re.compile(r'\s+|\w+|"(?:[^"\\\n]|\\.)*"|`[^`]*`|:=|<-|&&|\|\||[=!<>]=|\+\+|--|.', re.S)


def tokens(source: str) -> list[str]:
    return TOKEN.findall(source)


def mutate_tokens(draw, parts: list[str], rounds: int, inserts=None, substitutes=None) -> str:
    """`rounds` times: delete, duplicate, swap or replace a token by another of the
    program; with `inserts` (a strategy) also insert new text before a token, with
    `substitutes` also put new text in a token's place. Shared with the CLI's
    mutation fuzzer (test_mutation_fuzz.py)."""
    ops = ["delete", "duplicate", "swap", "replace"]
    ops += ["insert"] * (inserts is not None) + ["substitute"] * (substitutes is not None)
    for _ in range(rounds):
        if not parts:
            break
        i = draw(st.integers(0, len(parts) - 1))
        match draw(st.sampled_from(ops)):
            case "delete":
                del parts[i]
            case "duplicate":
                parts.insert(i, parts[i])
            case "swap":
                j = draw(st.integers(0, len(parts) - 1))
                parts[i], parts[j] = parts[j], parts[i]
            case "replace":
                parts[i] = draw(st.sampled_from(parts))
            case "insert":
                parts.insert(i, draw(inserts))
            case "substitute":
                parts[i] = draw(substitutes)
    return "".join(parts)


@st.composite
def mutants(draw):
    return mutate_tokens(draw, tokens(draw(st.sampled_from(SEEDS))), draw(st.integers(1, 3)))


@settings(max_examples=200, deadline=None)
@given(mutants())
def test_mutated_programs(source):
    parses_or_fails_cleanly(source)


# -- (4) deep nesting is an error, not a RecursionError


def too_deep(source: str) -> bool:
    with pytest.raises(LitmusSyntaxError) as info:
        parse(source)
    return info.value.diagnostics[0].code == "too-deep"


def test_two_thousand_nested_parentheses():
    assert too_deep("go func P() {\n    x := " + "(" * 2000 + "1" + ")" * 2000 + "\n}\n")


def test_three_hundred_nested_blocks():
    assert too_deep("go func P() " + "{\n" * 300 + "}\n" * 300)
    assert too_deep("go func P() {\n" + "if x {\n" * 300 + "}\n" * 301)


def test_long_operator_chains():
    assert too_deep("go func P() {\n    x := " + "-" * 2000 + "1\n}\n")
    assert too_deep("go func P() {\n    x := " + "1 + " * 2000 + "1\n}\n")


def test_just_below_the_limit_parses():
    depth = MAX_NESTING - 10
    assert parse("go func P() {\n    x := " + "(" * depth + "1" + ")" * depth + "\n}\n")


@pytest.mark.parametrize("source", [
    "(" * 5000,
    "go func P() {\n    x := " + "(" * 5000,
    "go func P() " + "{" * 5000,
    "exists (" + "(" * 2000 + "x == 1" + ")" * 2000 + ")",
    "go func P() {}\nexists (" + "!" * 3000 + "x)",
])
def test_deep_or_unclosed_input_never_crashes(source):
    parses_or_fails_cleanly(source)
