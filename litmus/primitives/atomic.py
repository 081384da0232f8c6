"""sync/atomic's typed atomics (atomic.Int32, Int64, Uint32, Uint64, Uintptr,
Bool) and its function forms (atomic.AddInt64(&x, 1), ...) on plain variables.

go.dev/ref/mem: "If the effect of an atomic operation A is observed by atomic
operation B, then A is synchronized before B. All the atomic operations
executed in a program behave as though executed in some sequentially
consistent order."

Z3: litmus/solver/encode.py Encoding.sw_rule, reads_from (the sync-order
rule: an atomic read returns the so-latest atomic write). Reference:
litmus/reference/interp.py Interp.atomic (its reads and read-modify-writes).
"""

from __future__ import annotations

from types import MappingProxyType

from litmus.primitives import ELEM, Method, Primitive, methods
from litmus.program import VarKind

# atomic.XxxInt32 etc.: the type the typed atomic holds
TYPES = MappingProxyType({
    "atomic.Int32": "int32", "atomic.Int64": "int64", "atomic.Uint32": "uint32",
    "atomic.Uint64": "uint64", "atomic.Bool": "bool", "atomic.Uintptr": "uintptr",
})

METHODS = methods(
    Method("Load", "load", result=ELEM),
    Method("Store", "store", params=(ELEM,)),
    Method("Add", "add", params=(ELEM,), result=ELEM),  # not on atomic.Bool
    Method("Swap", "swap", params=(ELEM,), result=ELEM),
    Method("CompareAndSwap", "cas", params=(ELEM, ELEM), result="bool"),
)

# The function forms: atomic.<Op><Type>(&x, ...) on a plain variable of that type.
FUNCTION_TYPES = MappingProxyType({"Int32": "int32", "Int64": "int64", "Uint32": "uint32",
                                   "Uint64": "uint64", "Uintptr": "uintptr"})
FUNCTIONS = methods(*(Method(m.name, m.op, (ELEM,) + m.params, m.result) for m in METHODS.values()))

PRIMITIVE = Primitive(
    "sync/atomic", VarKind.ATOMIC, tuple(TYPES), METHODS, None,
    requests=frozenset({"read", "write"}), rules=("atomic",),
    z3="litmus/solver/encode.py: Encoding.sw_rule, reads_from",
    reference="litmus/reference/interp.py: Interp.atomic",
)


def result_type(op: str, elem: str) -> str:
    """What an atomic operation returns: nothing, a bool (CompareAndSwap) or the value."""
    m = next(m for m in METHODS.values() if m.op == op)
    return elem if m.result == ELEM else m.result
