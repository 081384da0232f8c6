"""Channels: `make(chan T)`, `make(chan T, C)`, send, receive, close, range.

go.dev/ref/mem: "A send on a channel is synchronized before the completion of
the corresponding receive from that channel." "The closing of a channel is
synchronized before a receive that returns because the channel is closed."
"The kth receive on a channel with capacity C is synchronized before the
completion of the k+Cth send from that channel completes."

Z3: litmus/solver/encode.py Encoding.channel_spec (each receive takes one
send, FIFO, the capacity bound), paths.py PathBuilder.chan_send / chan_recv.
Reference: `moves`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from litmus.primitives import Method, Primitive, methods
from litmus.program import VarKind, zero_value

SEND_ON_CLOSED = "send on closed channel"
CLOSE_OF_CLOSED = "close of closed channel"


class Event(StrEnum):
    SEND = "CH_SEND"  # a send begins: its value joins the queue
    SEND_DONE = "CH_SEND_DONE"  # the send completes
    RECV = "CH_RECV"  # a receive completes with a value
    RECV_CLOSED = "CH_RECV_CLOSED"  # a receive completes because the channel is closed
    CLOSE = "CH_CLOSE"
    CLOSE_FAIL = "CH_CLOSE_FAIL"  # close of a closed channel: the goroutine panics
    SEND_PANIC = "CH_SEND_PANIC"  # send on a closed channel: the goroutine panics


# The operations as statements and expressions (`c <- v`, `<-c`, `close(c)`), by name.
METHODS = methods(
    Method("send", "send", params=("elem",), waits=True, panics=(SEND_ON_CLOSED,)),
    Method("recv", "recv", result="elem", waits=True),
    Method("close", "close", panics=(CLOSE_OF_CLOSED,)),
)

PRIMITIVE = Primitive(
    "chan", VarKind.CHAN, ("chan",), METHODS, Event,
    requests=frozenset({"send", "send-end", "recv", "close"}), rules=("channel",),
    z3="litmus/solver/encode.py: Encoding.channel_spec, immediate_send",
    reference="litmus/primitives/channel.py: moves",
)


@dataclass(frozen=True, slots=True)
class Chan:
    """The state of a channel along `so`.

    queue: the values sent and not yet received, oldest first, as (id of the
    send, value, ordinal n: it is the n-th send that queued a value); the
    first `cap` are buffered, the others belong to waiting senders.
    waiting: (send id, n) of the sends that have not completed yet (a send
    whose value reached the buffer or a receiver has completed for Go, but
    does its "send-end" step later: nothing can come between for it).
    dropped: ids of waiting sends whose value a close dropped (they panic).
    recvs: ids of the receives that took a value, in order (the k-th is the
    source of the sw edge to the completion of the (k+cap)-th send)."""

    queue: tuple = ()
    waiting: frozenset = frozenset()
    dropped: frozenset = frozenset()
    recvs: tuple = ()
    sent: int = 0
    closed: bool = False
    close_id: object = None


def moves(cap: int, elem: str, st: Chan, kind: str, value: object, eid: object) -> list[tuple[Chan, object, tuple]]:
    """The sequential specification of a channel of capacity `cap` and element
    type `elem`: the ways operation `kind` (its `value`: what a send sends,
    the send id of a "send-end"; event id `eid`) can complete in state `st`,
    as (new state, answer, ids of the events synchronized before this one);
    [] when it waits. sw: a send's start -> the receive that takes its value
    (S5); the close -> a receive that returns the zero value because closed
    (S6); the k-th receive -> the completion of the (k+C)-th send (S7, S8)."""
    if kind == "send":
        if st.closed:
            return [(st, "closed", ())]
        n = st.sent + 1
        q = st.queue + ((eid, value, n),)
        if len(st.queue) < cap:  # buffer space: it completes now
            src = (st.recvs[n - cap - 1],) if n - cap >= 1 else ()
            return [(Chan(q, st.waiting, st.dropped, st.recvs, n, st.closed, st.close_id), "ok", src)]
        return [(Chan(q, st.waiting | {(eid, n)}, st.dropped, st.recvs, n, st.closed, st.close_id), "wait", ())]
    if kind == "send-end":
        sid = value
        if sid in st.dropped:
            return [(Chan(st.queue, st.waiting, st.dropped - {sid}, st.recvs, st.sent, st.closed, st.close_id),
                     False, ())]
        n = next(n for i, n in st.waiting if i == sid)
        pos = next((p for p, (i, _, _) in enumerate(st.queue) if i == sid), None)
        if pos is not None and pos >= cap:
            return []  # still waiting: neither buffered nor received
        src = (st.recvs[n - cap - 1],) if n - cap >= 1 else ()
        return [(Chan(st.queue, st.waiting - {(sid, n)}, st.dropped, st.recvs, st.sent, st.closed, st.close_id),
                 True, src)]
    if kind == "recv":
        if st.queue:
            sid, v, _ = st.queue[0]
            return [(Chan(st.queue[1:], st.waiting, st.dropped, st.recvs + (eid,), st.sent, st.closed,
                          st.close_id), (v, True), (sid,))]
        if st.closed:
            return [(st, (zero_value(elem), False), (st.close_id,))]
        return []
    if kind == "close":
        if st.closed:
            return [(st, False, ())]
        gone = st.queue[cap:]  # the values of waiting senders: dropped, the senders panic
        ids = {i for i, _, _ in gone}
        waiting = frozenset(w for w in st.waiting if w[0] not in ids)
        return [(Chan(st.queue[:cap], waiting, st.dropped | ids, st.recvs, st.sent, True, eid), True, ())]
    raise AssertionError(f"not a channel operation: {kind}")
