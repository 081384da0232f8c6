"""Which IR code may leave early: the one home of that fact for both engines.

A control dependency (docs/decisions.md) reaches past the end of an `if`
when one of its arms may leave the code that follows: then whether that code
runs depends on the condition. Code can leave
- RETURN: `return`, to the end of the enclosing inlined helper (or once.Do
  body, or the goroutine);
- LOOP: `break` / `continue`, to the end of the enclosing loop (a `break` in
  a select case only leaves the select: counted as LOOP, which is
  conservative);
- STOP: the goroutine may end here: `panic`, an operation that may panic or
  wait forever, a spin loop that may spin forever. Its effect lasts to the
  end of the goroutine.

Both engines ask these questions and keep their own semantics of what a
dependency scope is (paths.State, reference/interp.Interp).
"""

from __future__ import annotations

from litmus import program as ir
from litmus.primitives import never_stops
from litmus.program import INT_TYPES

RETURN, LOOP, STOP = "return", "loop", "stop"

# Semantic data dependencies (docs/decisions.md): a stored value computed from
# more reads than this keeps all of them (both engines check at most this many).
SEMANTIC_READS = 3


def same_code(a, b) -> bool:
    """Whether two statement lists are the same code apart from source positions
    (IR spans do not take part in ==; locals declared in each arm differ): an
    `if` with such arms runs the same whatever its condition (Go's compiler
    merges them), so nothing in or after it depends on the condition."""
    return tuple(a) == tuple(b)




def stops(n) -> bool:
    """Whether this one node (not what it contains) may panic or wait forever."""
    match n:
        case ir.Panic() | ir.Exit() | ir.ChanSend() | ir.ChanRecv() | ir.ChanClose() | ir.RangeLoop() | ir.OnceDo():
            return True  # channels may wait or find the channel closed; Do may wait for another's f
        case ir.SyncCall(op=op):
            # Lock, RLock, Wait and cond.Wait wait; Unlock, RUnlock and a negative Add panic;
            # TryLock returns false instead of waiting, Signal with no waiter does nothing
            return not never_stops(op)
        case ir.Select(cases=cases):
            # without default it may wait forever; a send case may find its channel closed
            return all(c.kind != "default" for c in cases) or any(c.kind == "send" for c in cases)
        case ir.Loop(spin=spin):
            return spin  # it may spin forever
        case ir.Binary(op="/" | "%", right=r):
            # a constant zero divisor does not compile; a float64 division never panics
            return not isinstance(r, ir.Const) and r.type != "float64"
        case ir.Binary(op="<<" | ">>", right=r):
            return not isinstance(r, ir.Const) and INT_TYPES.get(r.type, (0, False))[1]  # negative count
        case ir.Assert(comma_ok=comma_ok):
            return not comma_ok
        case ir.Atomic(value=True, op=op):
            return op != "load"  # nil, or a type other than the one stored
        case ir.Builtin(op=op):
            return op in ("strlen", "strindex", "strslice", "mapset")  # out of range, torn (cut), nil map
    return False


def may_stop(e) -> bool:
    """Whether evaluating an expression (or a statement without nested code)
    may end the goroutine: the code after it runs only if it does not."""
    return any(stops(n) for n in ir.walk(e, children=False))


def exits(stmts) -> frozenset[str]:
    """How control may leave `stmts` before their end (RETURN, LOOP, STOP)."""
    out: set[str] = set()
    for s in stmts:
        match s:
            case ir.Return():
                out.add(RETURN)
            case ir.Break() | ir.Continue():
                out.add(LOOP)
            case ir.If(cond, then, orelse):
                out |= exits(then) | exits(orelse)
                if may_stop(cond):
                    out.add(STOP)
            case ir.Unrolled(iterations):
                for it in iterations:
                    out |= exits(it) - {LOOP}
            case ir.Loop(cond, body, post):
                out |= exits(body + post) - {LOOP}
                if stops(s) or (cond is not None and may_stop(cond)):
                    out.add(STOP)
            case ir.RangeLoop(body=body) | ir.Inline(body=body) | ir.OnceDo(body=body):
                out |= exits(body) - {LOOP if isinstance(s, ir.RangeLoop) else RETURN}
                if stops(s):
                    out.add(STOP)
            case ir.Select(cases):
                for c in cases:
                    out |= exits(c.body)
                if stops(s) or any(c.value is not None and may_stop(c.value) for c in cases):
                    out.add(STOP)
            case ir.Spawn(args=args):
                if any(may_stop(a) for a in args):
                    out.add(STOP)
            case _:
                if may_stop(s):
                    out.add(STOP)
    return frozenset(out)
