"""What a `.go` program ends with, read from a Z3 model: stdout, stderr, exit.

A Go program ends at its exit (encode.Encoding.exit_rank: main returns, an
os.Exit, a panic), when every goroutine is blocked (Go's deadlock error), or
never (a goroutine spins while the others wait). Its outcome is what it
printed on each stream, in the order the prints ran (their ranks: one order
for all goroutines, consistent with program order and the synchronization
order), its exit status, and main's locals when main returned.

`ProgramEnd(combo, enc)` builds the Z3 terms whose values decide that outcome
(`terms`: what the search blocks to find the next outcome) and reads them back
from a model (`read`). The text of a stream is blocked through its "slots":
slot k is the class of the k-th executed print, prints with the same constant
text sharing a class, so two executions that print the same text in a
different order of identical prints are one outcome, found once.
"""

from __future__ import annotations

import z3

from litmus import program as ir
from litmus.solver.paths import PRINT, Event, render_pieces
from litmus.program import zero_value
from litmus.go_end import Exit, main_cut, streams_and_ends
from litmus.report.outcome import Status
from litmus.solver.encode import Combo, Encoding
from litmus.solver.z3values import to_z3

class ProgramEnd:
    def __init__(self, combo: Combo, enc: Encoding):
        self.combo = combo
        self.enc = enc
        self.prints = {s: [e for e in combo.events if e.kind == PRINT and e.stream == s]
                       for s in (ir.STDOUT, ir.STDERR)}
        self.classes: dict[object, int] = {}
        self.positions: dict[tuple, z3.ArithRef] = {}  # print -> how many executed prints of its stream precede it
        self.slots = {s: self.stream_slots(evs) for s, evs in self.prints.items()}
        exits = enc.exits
        self.which_exit = _chain([(enc.rank[c.key] == enc.exit_rank, i) for i, c in enumerate(exits)], -1) \
            if exits else z3.IntVal(-1)
        self.cut_paths = [p for p in combo.paths if p.status is Status.CUT]

    # ------------------------------------------------------------ terms

    def piece_terms(self, e: Event) -> list[tuple[z3.ExprRef, str]]:
        return [(v.term, typ) for v, typ, _ in e.pieces if typ != "sep" and not v.concrete]

    def text_class(self, e: Event) -> int:
        """Prints with the same constant text share a class; one that prints a
        computed value has its own (its values are blocked separately)."""
        key = ("text", render_pieces(e.pieces, lambda t, typ: t)) if not self.piece_terms(e) else ("event", e.key)
        return self.classes.setdefault(key, len(self.classes) + 1)

    def stream_slots(self, evs: list[Event]) -> list[z3.ArithRef]:
        enc = self.enc
        if len(evs) > 1:
            enc.constraints.append(z3.Distinct(*[enc.rank[e.key] for e in evs]))
        pos = {e.key: z3.Sum([z3.IntVal(0)] + [z3.If(z3.And(enc.executed(q), enc.rank[q.key] < enc.rank[e.key]), 1, 0)
                                               for q in evs if q is not e]) for e in evs}
        self.positions.update(pos)
        return [z3.Sum([z3.IntVal(0)] + [z3.If(z3.And(enc.executed(e), pos[e.key] == k), self.text_class(e), 0)
                                         for e in evs]) for k in range(len(evs))]

    def terms(self) -> list[z3.ExprRef]:
        """Everything the outcome depends on, beyond the shown variables."""
        enc = self.enc
        out = [t for s in self.slots.values() for t in s]
        for evs in self.prints.values():
            for e in evs:
                # a print that did not run shows a fixed value: its reads may return anything
                out.extend(z3.If(enc.executed(e), t, to_z3(zero_value(typ), typ)) for t, typ in self.piece_terms(e))
        out.append(self.which_exit)
        for i, c in enumerate(enc.exits):
            p = self.combo.by_goroutine[c.goroutine]
            if p.exit is not None and not p.exit.concrete:
                out.append(z3.If(self.which_exit == i, p.exit.term, to_z3(0, "int")))
        out.extend(enc.executed(p.events[-1]) for p in self.cut_paths)
        return out

    # ------------------------------------------------------------ reading a model

    def read(self, model: z3.ModelRef, ev) -> tuple[dict[str, object], tuple, bool]:
        """(stdout/stderr/exit values, goroutine ends to show, whether another
        goroutine ended the program before main did) of one model.
        `ev(term, type)` evaluates a term in the model."""
        enc = self.enc

        def executed(e) -> bool:
            return z3.is_true(model.eval(enc.executed(e), model_completion=True))

        streams = {}
        for s, evs in self.prints.items():
            ran = sorted((e for e in evs if executed(e)), key=lambda e: model.eval(enc.rank[e.key]).as_long())
            streams[s] = "".join(render_pieces(e.pieces, ev) for e in ran)
        index = model.eval(self.which_exit, model_completion=True).as_long()
        stuck = []
        if index >= 0:
            p = self.combo.by_goroutine[enc.exits[index].goroutine]
            exit = Exit(p.goroutine, render_pieces(p.panic, ev) if p.status is Status.PANIC else None,
                        ev(p.exit.term, "int") if p.exit is not None else None, p.fatal)
        else:
            exit = Exit(None)
            stuck = [(p.goroutine, p.status) for p in self.combo.paths
                     if p.status in (Status.BLOCKED, Status.SPINNING)]
        cut = [p.goroutine for p in self.cut_paths if executed(p.events[-1])]
        values, ends = streams_and_ends(streams[ir.STDOUT], streams[ir.STDERR], exit, stuck, cut)
        return values, ends, main_cut(exit)


def _chain(cases: list[tuple[z3.BoolRef, int]], default: int) -> z3.ArithRef:
    expr = z3.IntVal(default)
    for cond, value in reversed(cases):
        expr = z3.If(cond, value, expr)
    return expr
