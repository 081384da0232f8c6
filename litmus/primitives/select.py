"""select: the first ready case (any of them, when several are), or default.

go.dev/ref/mem treats a select's communication like the case's send or
receive (the channel rules apply to it); a default is taken only when no case
is ready. A select with no default and no ready case waits (forever, when no
case can become ready); a send case may find its channel closed and panic.

Z3: litmus/solver/encode.py Encoding.select_default, immediate_send (a
case of a select with default never waits), paths.py PathBuilder.select.
Reference: litmus/reference/common.py SelectView.
"""

from __future__ import annotations

from enum import StrEnum

from litmus.primitives import Primitive
from litmus.primitives.channel import SEND_ON_CLOSED


class Event(StrEnum):
    DEFAULT = "SELECT_DEFAULT"  # a select takes its default: no case was ready


PANICS = (SEND_ON_CLOSED,)

PRIMITIVE = Primitive(
    "select", None, (), {}, Event, requests=frozenset({"select"}), rules=("channel",),
    z3="litmus/solver/encode.py: Encoding.select_default, immediate_send; paths.py: PathBuilder.select",
    reference="litmus/reference/common.py: SelectView",
)
