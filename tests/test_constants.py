"""Go's constant arithmetic: exact on untyped constants, checked when a constant
meets a type. Each error case was confirmed with `go build` (Go 1.26): gc keeps
integer constants exact up to 512 bits and rejects a constant that does not fit
the type it is used as."""

import pytest

from litmus import arith
from litmus.api import check, load
from litmus.errors import LitmusError


def value(expr: str) -> str:
    """The final value of `r := EXPR`."""
    rep = check(f"go func P() {{\n    r := {expr}\n    print(r)\n}}\n", all_observables=True)
    return dict(rep.outcomes[0].values)["P.r"]


def error_at(source: str) -> tuple[str, int, int, str]:
    with pytest.raises(LitmusError) as exc:
        load(source, "t.lit")
    d = exc.value.diagnostics[0]
    return d.code, d.span.line, d.span.column, d.message


@pytest.mark.parametrize("expr, want", [
    ("(1 << 300) >> 299", "2"),               # the case: exact, not 0
    ("(1 << 511) / (1 << 509)", "4"),         # gc's largest constant still works
    ("(1 << 62) * 4 >> 63", "2"),             # 1 << 64 on the way: wider than any type
    ("(-(1 << 500)) >> 1074", "-1"),          # the longest constant shift, of a negative constant
    ("9999999999999999999999999 % 10", "9"),
    ("-9999999999999999999999999 / 1000000000000000000000000", "-9"),  # truncated toward zero
])
def test_untyped_arithmetic_is_exact(expr, want):
    assert value(expr) == want


def test_typed_unsigned_complement_flips_the_bits():
    assert value("^uint8(1)") == "254"


@pytest.mark.parametrize("source, line, col, words", [
    # q := 1 << 1000: beyond the constant limit (go build: "constant shift overflow")
    ("go func P() {\n    q := 1 << 1000\n    print(q)\n}\n", 2, 10, "constant overflow"),
    # go build: "cannot use 9999999999999999999999999 (untyped int constant) as int value
    # in argument to built-in print (overflows)"
    ("go func P() {\n    print(9999999999999999999999999)\n}\n", 2, 11, "as int value (overflows)"),
    ("go func P() {\n    panic(1 << 100)\n}\n", 2, 11, "as int value (overflows)"),
    # a time.Duration is an int64
    ("go func P() {\n    time.Sleep(99999999999999999999)\n}\n", 2, 16, "as int64 value"),
    # go build: "99999999999999999999 (untyped int constant) overflows int"
    ("var c = make(chan int, 99999999999999999999)\ngo func P() {\n    c <- 1\n}\n", 1, 24,
     "as int value (overflows)"),
    # := gives the default type int
    ("go func P() {\n    q := 1 << 63\n    print(q)\n}\n", 2, 10, "as int value (overflows)"),
    ("go func P() {\n    for i := 1 << 100; i < 3; i++ {\n    }\n}\n", 2, 14, "(overflows)"),
    # a typed constant declaration and a comparison with a typed operand
    ("const N int8 = 1000\ngo func P() {\n}\n", 1, 16, "as int8 value (overflows)"),
    ("var x int8\ngo func P() {\n    r := x == 1000\n    print(r)\n}\n", 3, 15, "as int8 value"),
    ("var x uint\ngo func P() {\n    x = -1\n}\n", 3, 9, "as uint value"),
    # boxing in an interface gives the default type int (go build: "... as int value in variable
    # declaration (overflows)"), also for atomic.Value's Store
    ("go func P() {\n    var v any = 1 << 100\n    print(v)\n}\n", 2, 17, "as int value"),
    ("var av atomic.Value\ngo func P() {\n    av.Store(1 << 100)\n}\n", 3, 14, "as int value"),
    # typed constant arithmetic must fit its type (go build: "a * 2 (constant 200 of type int8)
    # overflows int8", "int8(1) << 10 (constant 1024 ...)", "-a (constant -1 of type uint8)")
    ("const a int8 = 100\ngo func P() {\n    x := a * 2\n    print(x)\n}\n", 3, 10, "constant 200 of type int8"),
    ("go func P() {\n    x := int8(1) << 10\n    print(x)\n}\n", 2, 10, "constant 1024 of type int8"),
    ("const a uint8 = 1\ngo func P() {\n    x := -a\n    print(x)\n}\n", 3, 10, "constant -1 of type uint8"),
    # a constant converts only to a type that holds it (go build: "constant 1000 overflows int8")
    ("const a = 1000\ngo func P() {\n    x := int8(a)\n    print(x)\n}\n", 3, 10, "constant 1000 overflows int8"),
    ("const a int = 1000\ngo func P() {\n    x := int8(a)\n    print(x)\n}\n", 3, 10, "constant 1000 overflows int8"),
    # gc: 200 decimal digits is "constant overflow", as is 1 << 600 and -c - c for c = 1 << 511
    ("const c = " + "9" * 200 + "\ngo func P() {\n}\n", 1, 11, "constant overflow"),
    ("const c = 1 << 511\nconst d = -c - c\ngo func P() {\n}\n", 2, 11, "constant overflow"),
])
def test_constant_that_does_not_fit_is_an_error_at_the_expression(source, line, col, words):
    code, l, c, message = error_at(source)
    assert (code, l, c) == ("overflow", line, col)
    assert words in message


def test_largest_constant_is_accepted_and_one_bit_more_is_not():
    assert value("(1 << 511) >> 511") == "1"
    assert error_at("const c = 1 << 512\ngo func P() {\n}\n")[0] == "overflow"


def test_constant_shift_count_beyond_gcs_bound_is_an_error():
    # go build: "invalid operation: invalid shift count 100000 (untyped int constant)"
    src = "go func P() {\n    r := 1 >> 100000\n    print(r)\n}\n"
    assert error_at(src)[:3] == ("overflow", 2, 15)
    assert "invalid shift count 100000" in error_at(src)[3]


def test_huge_shift_count_fails_fast_without_building_the_number():
    # `1 << 100000000` would be a 12 MB integer; the limit is checked before shifting
    with pytest.raises(arith.ConstantOverflow):
        arith.constant("<<", 1, 100_000_000)
    assert arith.constant("<<", 0, 100_000_000) == 0


def test_run_time_arithmetic_still_wraps():
    assert arith.arith("+", 127, 1, "int8") == -128
    assert arith.arith("<<", 1, 1000, "int64") == 0
    assert arith.arith(">>", -8, 1000, "int64") == -1
