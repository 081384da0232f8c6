"""sync/atomic.Value: Load, Store, Swap, CompareAndSwap of interface values.

go.dev/ref/mem's atomic sentence covers it ("If the effect of an atomic
operation A is observed by atomic operation B, then A is synchronized before
B"); the model `relaxed-value` drops that edge for atomic.Value only, to
show what the motivating article assumed. sync/atomic/value.go panics on a
nil value and on a value of another dynamic type than the first one stored.

Z3: litmus/solver/paths.py PathBuilder.value_op (the type checks as reads),
encode.py Encoding.sw_rule. Reference: litmus/reference/interp.py
Interp.value_op.
"""

from __future__ import annotations

from litmus.primitives import ELEM, Method, Primitive, methods
from litmus.program import VarKind

VERBS = {"store": "store", "swap": "swap", "cas": "compare and swap"}
CAS_OF_INCONSISTENT_TYPES = "sync/atomic: compare and swap of inconsistently typed values"


def nil_value(op: str) -> str:
    return f"sync/atomic: {VERBS[op]} of nil value into Value"


def inconsistent_type(op: str) -> str:
    return f"sync/atomic: {VERBS[op]} of inconsistently typed value into Value"


METHODS = methods(
    Method("Load", "load", result=ELEM),
    Method("Store", "store", params=(ELEM,), panics=(nil_value("store"), inconsistent_type("store"))),
    Method("Swap", "swap", params=(ELEM,), result=ELEM,
           panics=(nil_value("swap"), inconsistent_type("swap"))),
    Method("CompareAndSwap", "cas", params=(ELEM, ELEM), result="bool",
           panics=(nil_value("cas"), CAS_OF_INCONSISTENT_TYPES, inconsistent_type("cas"))),
)

PRIMITIVE = Primitive(
    "atomic.Value", VarKind.VALUE, ("atomic.Value",), METHODS, None,
    requests=frozenset({"read", "write", "check"}), rules=("atomic-value",),
    z3="litmus/solver/paths.py: PathBuilder.value_op; solver/encode.py: Encoding.sw_rule",
    reference="litmus/reference/interp.py: Interp.value_op",
)
