"""litmus/effects.py: which code may leave early, for every primitive."""

import pytest

from litmus.api import load
from litmus import program as ir
from litmus.effects import LOOP, RETURN, STOP, exits

DECLS = """var x, z int64
var a atomic.Int64
var v atomic.Value
var mu sync.Mutex
var rw sync.RWMutex
var cv = sync.NewCond(&mu)
var c = make(chan int64, 1)
var once sync.Once
var wg sync.WaitGroup

func h(r int64) {
    if r == 1 {
        return
    }
    mu.Lock()
    mu.Unlock()
}
"""

ARMS = {
    # may wait forever or panic: the rest of the goroutine depends on the condition
    "c <- 1": {STOP}, "<-c": {STOP}, "close(c)": {STOP}, "for range c {\n}": {STOP},
    "select {\ncase c <- 1:\ndefault:\n}": {STOP}, "select {\ncase <-c:\n}": {STOP},
    "mu.Lock()": {STOP}, "mu.Unlock()": {STOP}, "rw.RLock()": {STOP}, "rw.RUnlock()": {STOP},
    "wg.Add(1)": {STOP}, "wg.Done()": {STOP}, "wg.Wait()": {STOP}, "once.Do(func() { z = 1 })": {STOP},
    "mu.Lock()\ncv.Wait()": {STOP}, "v.Store(int64(1))": {STOP}, "for a.Load() == 0 {\n}": {STOP},
    "z = 10 / r": {STOP}, "z = int64(1) << r": {STOP}, "z = v.Load().(int64)": {STOP}, 'panic("p")': {STOP},
    "h(r)": {STOP},
    # never stop
    "select {\ncase <-c:\ndefault:\n}": set(), "cv.Signal()": set(), "cv.Broadcast()": set(),
    "if mu.TryLock() {\n}": set(), "if rw.TryRLock() {\n}": set(), "a.Store(1)": set(),
    "a.CompareAndSwap(0, 1)": set(), "z = 10 / 2": set(), "z = int64(1) << 3": set(),
    "_, _ = v.Load().(int64)": set(), "z = 1": set(),
    # leave only the enclosing helper or loop
    "return": {RETURN}, "for i := 0; i < 2; i++ {\nif r == 1 {\nbreak\n}\n}": set(),
    "for i := 0; i < 2; i++ {\nif r == 1 {\nreturn\n}\n}": {RETURN},
}


@pytest.mark.parametrize("arm", sorted(ARMS))
def test_what_an_if_arm_may_do(arm: str):
    src = DECLS + "\ngo func P() {\n    r := x\n    if r == 1 {\n" + arm + "\n    }\n}\n"
    body = load(src, "effects.lit").program.goroutines[0].body
    branch = next(s for s in body if isinstance(s, ir.If))
    assert exits(branch.then) == ARMS[arm]


def test_break_in_a_loop_body_leaves_the_loop():
    src = DECLS + "\ngo func P() {\n    r := x\n    for i := 0; i < 2; i++ {\n        if r == 1 {\n" \
                  "            break\n        }\n    }\n}\n"
    loop = next(s for s in load(src, "effects.lit").program.goroutines[0].body if isinstance(s, ir.Unrolled))
    assert exits(loop.iterations[0]) == {LOOP} and exits((loop,)) == set()
