"""Static checks: every error of spec/language.md gives file:line:col, the
line with a caret, and a hint; none is a traceback. Cases assert the stable
`code`, line and column rather than the wording."""

import pytest

from litmus.api import load
from litmus.errors import LitmusError, NotSupportedError

HEAD = "var x int\nvar a atomic.Int64\nvar av atomic.Value\n"

CASES = {
    # name: (source, code, line, col)
    "for-int-shared": (HEAD + "go func P0() {\n    for x {\n    }\n}\ngo func P1() {\n    x = 1\n}\n", "type", 5, 9),
    "for-int-local": (HEAD + "go func P0() {\n    r := 1\n    for r {\n        r = 0\n    }\n}\n", "type", 6, 9),
    "unknown-identifier": (HEAD + "go func P0() {\n    r := y\n}\n", "unknown-name", 5, 10),
    "undeclared-shared-write": (HEAD + "go func P0() {\n    z = 1\n}\n", "unknown-name", 5, 5),
    "method-on-plain": (HEAD + "go func P0() {\n    x.Store(1)\n}\n", "method", 5, 5),
    "wrong-method-value": (HEAD + "go func P0() {\n    av.Add(1)\n}\n", "method", 5, 5),
    "atomic-call-type": (HEAD + "go func P0() {\n    atomic.AddInt64(&x, 1)\n}\n", "atomic-type", 5, 21),
    "atomic-assign": (HEAD + "go func P0() {\n    a = 1\n}\n", "atomic-assign", 5, 5),
    "atomic-plain-read": (HEAD + "go func P0() {\n    r := a\n}\n", "atomic-read", 5, 10),
    "capture": (HEAD + "func main() {\n    r := 1\n    go func() {\n        x = r\n    }()\n}\n",
                "capture", 7, 13),
    "recursion": (HEAD + "func f() {\n    f()\n}\ngo func P0() {\n    f()\n}\n", "recursion", 5, 5),
    "duplicate-goroutine": (HEAD + "go func P0() {\n}\ngo func P0() {\n}\n", "duplicate-goroutine", 6, 9),
    "reserved-local": (HEAD + "go func P0() {\n    out := 1\n}\n", "reserved-name", 5, 5),
    "reserved-shared": ("var race int\ngo func P0() {\n}\n", "reserved-name", 1, 5),
    "mixing": ("var x, y int\ngo func P0() {\n    r := x + y\n}\n", "mixing", 3, 10),
    "mixing-atomic": ("var x int64\nvar a atomic.Int64\ngo func P0() {\n    r := x + a.Load()\n}\n",
                      "mixing", 4, 10),
    "unknown-observable": (HEAD + "go func P0() {\n    r := x\n}\nexists (P0.q == 1)\n",
                           "unknown-observable", 7, 9),
    "unknown-goroutine": (HEAD + "go func P0() {\n    r := x\n}\nexists (P9.r == 1)\n",
                          "unknown-observable", 7, 9),
    "ambiguous-local": (HEAD + "go func P0() {\n    if true {\n        r := x\n    }\n    r := 2\n}\n"
                        "exists (P0.r == 1)\n", "ambiguous-local", 10, 9),
    "no-goroutine": ("var x int\n", "no-goroutine", 1, 1),
    "expect-needs-condition": (HEAD + "go func P0() {\n    x = 1\n}\nexpect never\n",
                               "expect-needs-condition", 7, 1),
    "overflow": ("var x int8 = 300\ngo func P0() {\n}\n", "overflow", 1, 14),
    "type-mismatch": ("var x int\nvar b bool\ngo func P0() {\n    x = b\n}\n", "type", 4, 9),
    "no-new-variables": (HEAD + "go func P0() {\n    r := 1\n    r := 2\n}\n", "define", 6, 5),
    "helper-args": (HEAD + "func f(n int) {\n    x = n\n}\ngo func P0() {\n    f()\n}\n", "call", 8, 5),
    "mutex-wrong-method": ("var mu sync.Mutex\ngo func P0() {\n    mu.Store(1)\n}\n", "method", 3, 5),
    "once-do-args": ("var once sync.Once\nfunc f(n int) {\n}\ngo func P0() {\n    once.Do(f)\n}\n",
                     "call", 5, 13),
    "mutex-as-value": ("var mu sync.Mutex\ngo func P0() {\n    r := mu\n}\n", "not-a-value", 3, 10),
    "send-on-non-channel": ("var x int\ngo func P0() {\n    x <- 1\n}\n", "chan", 3, 5),
    "cond-without-mutex": ("var x int\nvar c = sync.NewCond(&x)\ngo func P0() {\n}\n", "cond", 2, 9),
    "cond-without-newcond": ("var c sync.Cond\ngo func P0() {\n}\n", "var", 1, 7),
    "local-channel-type": ("go func P0() {\n    var d chan int\n}\n", "not-in-language", 2, 11),
    "local-make": ("go func P0() {\n    c := make(chan int)\n}\n", "not-in-language", 2, 10),
    "channel-as-value": ("var c = make(chan int)\ngo func P0() {\n    r := c\n}\n", "not-a-value", 3, 10),
    "cond-as-value": ("var mu sync.Mutex\nvar cv = sync.NewCond(&mu)\ngo func P0() {\n    r := cv\n}\n",
                      "not-a-value", 4, 10),
    "channel-method": ("var c = make(chan int)\ngo func P0() {\n    c.Close()\n}\n", "method", 3, 5),
    "continue-in-select-outside-loop": ("var c = make(chan int)\ngo func P0() {\n    select {\n    case <-c:\n"
                                        "        continue\n    }\n}\n", "continue", 5, 9),
    "assert-non-interface": (HEAD + "go func P0() {\n    r := x.(int)\n}\n", "type", 5, 10),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_static_error(name):
    source, code, line, col = CASES[name]
    with pytest.raises(LitmusError) as info:
        load(source, "case.lit")
    d = info.value.diagnostics[0]
    assert (d.code, d.span.line, d.span.column) == (code, line, col), str(info.value)
    text = str(info.value)
    assert text.startswith(f"case.lit:{line}:{col}: error: ")
    assert d.hint, "every error says what to write instead"
    assert "^" in text.splitlines()[2]


@pytest.mark.parametrize("source", [
    "var x int\nfunc main() {\n    for i := 0; i < x; i++ {\n        go func() {\n        }()\n    }\n}\n",
])
def test_not_supported_yet(source):
    with pytest.raises(NotSupportedError) as info:
        load(source, "case.lit")
    assert "not supported yet" in str(info.value)
    assert info.value.diagnostics[0].span.line > 0


def test_a_long_line_is_cut_around_the_caret():
    """A 5,000-digit literal: the excerpt stays readable and the caret still points at it."""
    from litmus.errors import MAX_SHOWN

    source = "go func P() {\n    x := 1 + " + "9" * 5000 + " + y\n}\n"
    with pytest.raises(LitmusError) as info:
        load(source, "long.lit")
    text, caret = str(info.value).splitlines()[1:3]
    assert len(text) <= MAX_SHOWN + 12 and text.strip().startswith(("x :=", "..."))
    assert set(caret.strip()) == {"^"} and len(caret) <= MAX_SHOWN + 12
    assert text[caret.index("^")] in "9y"
