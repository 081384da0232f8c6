"""Text and JSON for witnesses, explanations, races and the between-models line."""

from __future__ import annotations

from litmus.explain.execution import Edge, Execution, Step
from litmus.explain.why import Explanation, fact_text
from litmus.explain.witness import model_quotes, quote
from litmus.models import RULES, Model, get_model

# -------------------------------------------------------------- witnesses


def witness_lines(x: Execution, model: Model) -> list[str]:
    """A witness in Go terms: events with values, reads-from, order, sw edges with their rules, races."""
    steps = x.steps
    lines = []
    if x.interleaving:
        lines.append("  An interleaving" + (" (the program is race-free: by DRF-SC its outcomes are those of "
                                            "its interleavings)" if x.model != "sc" else "") + ":")
    read_from = {e.dst: e.src for e in x.rf if e.kind == "rf"}
    len_from = {e.dst: e.src for e in x.rf if e.kind == "rf-len"}
    for g, gsteps in x.goroutines:
        lines.append(f"  {g}:")
        shown: list[str] = []
        for s in gsteps:
            if s.kind in ("START", "END"):
                continue
            text = f"    {s.line}:{s.col}".ljust(12) + f"{s.code:<28} {s.action}"
            if s.key in len_from and len_from[s.key] != read_from.get(s.key):  # a torn string read
                text += (f"  (data word {_source(steps[read_from[s.key]])}, "
                         f"length word {_source(steps[len_from[s.key]])})")
            elif s.key in read_from:
                text += f"  ({_source(steps[read_from[s.key]])})"
            shown.append(text.rstrip())
        lines.extend(_runs(shown))
    sync = [steps[k] for k in x.sync_order if steps[k].kind not in ("START", "END")]
    if sync:
        what = "Interleaving" if x.interleaving else "Synchronization order"
        lines.append(f"  {what}: " + " < ".join(f"{s.goroutine} {s.line}:{s.col}"
                                                 + (f" ({PHASES[s.kind]})" if s.kind in PHASES else "")
                                                 for s in sync))
    if x.sw:
        lines.append("  Happens-before edges besides program order:")
        lines.extend(f"    {steps[e.src].label} -> {steps[e.dst].label}  [{e.rule}]" for e in x.sw)
    else:
        lines.append("  Happens-before edges besides program order: none")
    if x.races:
        lines.append("  Races in this execution:")
        pairs = dict.fromkeys(f"    {steps[a].label} and {steps[b].label}: unordered by happens-before"
                              for a, b in x.races)  # a spin loop's iterations race alike: once
        lines.extend(pairs)
    else:
        lines.append("  Races in this execution: none")
    lines.extend(rule_lines(sorted({e.rule for e in x.sw}), model))
    return lines


# the events that share their statement's line:col with another one, told apart in an order
PHASES = {"CH_SEND_DONE": "completes", "ONCE_RUN": "runs f", "ONCE_DONE": "f ends", "ONCE_WAIT": "returns",
          "COND_JOIN": "waits", "COND_WAKE": "wakes", "RW_PENDING": "called"}


def _runs(lines: list[str]) -> list[str]:
    """Repeated lines (a spin loop's iterations) once, with their count."""
    out: list[str] = []
    for line in lines:
        if out and out[-1][0] == line:
            out[-1][1] += 1
        else:
            out.append([line, 1])
    return [line if n == 1 else f"{line}  ({n} times)" for line, n in out]


def _source(w: Step) -> str:
    return "the initial value" if w.kind == "INIT" else f"from {w.where}"


def rule_lines(rules, model: Model) -> list[str]:
    """Each cited rule once, with the Go document's sentence."""
    quotes = model_quotes(model)
    return [f"  [{r}] {quote(quotes, r)}" for r in rules]


def _outcome(report, o) -> str:
    """An outcome as the report lists it (with the outputs the question names, even empty)."""
    from litmus.report.condition import observables_of
    from litmus.report.text import outcome_line

    asked = frozenset(observables_of(report.condition.expr)) if report.condition is not None else frozenset()
    return outcome_line(o, asked=asked).strip()


def witnesses_text(report, model: Model) -> str:
    out = []
    for o, x in report.witnesses.items():
        out.append(f"Witness for {_outcome(report, o)}")
        out.extend(witness_lines(x, model))
    if report.witnesses == {} and report.outcomes:
        out.append("Witness: no listed outcome matches --outcome")
    return "\n".join(out) + "\n" if out else ""


# -------------------------------------------------------------- races

# what orders two accesses in Go, in one line
ORDER_HINT = ("to order them, make one happen before the other: a channel send after the first and the "
              "matching receive before the second, one sync.Mutex held around both, or sync/atomic for both")


def races_text(report, model: Model) -> str:
    """Why racy: for each race, an execution where the two accesses are unordered, and what orders them."""
    if not report.races or not report.witnesses:
        return ""
    go = get_model("go")
    missing = [r.name for r in go.sync if not model.has(r.name)]
    out = ["Why racy:"]
    for race in report.races:
        found = None
        for o, x in report.witnesses.items():
            steps = x.steps
            for a, b in x.races:
                pair = sorted([(steps[a].goroutine, steps[a].line, steps[a].col),
                               (steps[b].goroutine, steps[b].line, steps[b].col)])
                if pair == sorted([(race.a.goroutine, race.a.line, race.a.col),
                                   (race.b.goroutine, race.b.line, race.b.col)]):
                    found = (o, steps[a], steps[b])
                    break
            if found:
                break
        what = f"  {race.var}: {race.a.goroutine} {race.a.kind} at {race.a.line}:{race.a.col} and " \
               f"{race.b.goroutine} {race.b.kind} at {race.b.line}:{race.b.col}"
        if found:
            what += f" are unordered in the witness of {_outcome(report, found[0])}"
            first, second = sorted(found[1:], key=lambda s: s.wrote is None)  # a write before the read
            what += (f"; to order them, make {first.label} happen before {second.label}: a channel send "
                     "after the first and its receive before the second, one sync.Mutex held around both, "
                     "or sync/atomic for both")
        else:  # a race of an interleaving whose outcome another execution already witnessed
            what += f" are unordered in some interleaving; {ORDER_HINT}"
        out.append(what)
    if missing:
        out.append(f"  Under {model.name} there is no {', '.join(missing)} rule: "
                   + "; ".join(RULES[r].means for r in missing) + ".")
    return "\n".join(out) + "\n"


# -------------------------------------------------------------- explanations


def explanation_lines(e: Explanation, model: Model) -> list[str]:
    if e.permitted:
        return [f"Why: {e.condition} is permitted under {e.model} (see its witness)"]
    lines = [f"Why never: {e.condition} under {e.model}"]
    if not e.reasons and not e.more and not e.unexamined:
        pass  # no model rule is needed: nothing to say about levels
    elif e.race_free and e.level == "racy":
        lines.append("  The program is race-free, so by DRF-SC its outcomes are those of its interleavings; "
                     "the argument below holds in every execution, interleaving or not.")
    elif e.race_free:
        lines.append("  The program is race-free, so by DRF-SC only its interleavings count, and none of them "
                     "has this outcome:")
    elif e.level == "interleaving":
        lines.append(f"  Under {e.model} every execution is an interleaving, and none of them has this outcome:")
    for i, r in enumerate(e.reasons, 1):
        prefix = f"  {i}. " if len(e.reasons) > 1 else "  "
        for j, line in enumerate(r.lines):
            lines.append((prefix if j == 0 else " " * len(prefix)) + line)
        facts = [fact_text(f) for f in r.facts]
        if facts:
            lines.append(" " * len(prefix) + "with the program's facts: " + "; ".join(facts))
    if e.more:
        lines.append(f"  {e.more} more choice{'s' if e.more > 1 else ''} of control paths "
                     f"{'are' if e.more > 1 else 'is'} ruled out by the model's rules too (not shown).")
    if e.unexamined:
        lines.append(f"  {e.unexamined} more choice{'s' if e.unexamined > 1 else ''} of control paths "
                     f"{'are' if e.unexamined > 1 else 'is'} not analysed: the check found the outcome in "
                     f"none of them.")
    n = e.by_facts
    if n and (e.reasons or e.more):
        lines.append(f"  In {n} other choice{'s' if n > 1 else ''} of control paths the program alone rules "
                     "it out (the branches taken, or the values they need).")
    elif not e.reasons and not e.more and not e.unexamined:
        which = "its choice" if n == 1 else f"each of its {n} choices"
        why = "; ".join(fact_text(f) for f in e.program_facts) or "the values its paths compute"
        lines.append(f"  The program's facts alone rule it out, in {which} of control paths: {why}.")
    lines.extend(rule_lines(e.rules, model))
    return lines


def between_line(permitting: Model, forbidding: Model, e: Explanation, shown: bool = True) -> str:
    """The rule that makes the difference between a model that permits and one that
    forbids; `shown`: the forbidding model's report prints its explanation."""
    where = "its report says why" if shown else f"--show forbidden --model {forbidding.name} says why"
    diff = [r for r in e.rules if not permitting.has(r)]
    if not diff:
        return (f"Between models: {e.condition} is permitted under {permitting.name} and forbidden under "
                f"{forbidding.name}, whose rules it has too: they judge other executions ({where})")
    why = "; ".join(f"there is no {r} rule ({RULES[r].means})" for r in diff)
    return (f"Between models: {e.condition} is permitted under {permitting.name}: {why}; under "
            f"{forbidding.name} it is forbidden ({where})")


def explanation_text(report, model: Model) -> str:
    out = []
    if report.explanation is not None:
        out.extend(explanation_lines(report.explanation, model))
    out.extend(report.between)
    return "\n".join(out) + "\n" if out else ""


# -------------------------------------------------------------- JSON


def step_json(s: Step) -> dict:
    return {"goroutine": s.goroutine or None, "index": s.index, "kind": s.kind, "var": s.var,
            "line": s.line, "col": s.col, "code": s.code, "action": s.action, "read": s.read, "wrote": s.wrote}


def _key(k) -> str:
    return f"init:{k[1]}" if k[0] == "" else f"{k[0]}:{k[1]}"


def edge_json(e: Edge) -> dict:
    d = {"kind": e.kind, "from": _key(e.src), "to": _key(e.dst)}
    if e.rule:
        d["rule"] = e.rule
    return d


def execution_json(x: Execution) -> dict:
    return {
        "interleaving": x.interleaving,
        "goroutines": {g: [step_json(s) for s in steps] for g, steps in x.goroutines},
        "initial": [step_json(s) for s in x.inits],
        "rf": [edge_json(e) for e in x.rf],
        "sync_order": [_key(k) for k in x.sync_order],
        "sw": [edge_json(e) for e in x.sw],
        "races": [[_key(a), _key(b)] for a, b in x.races],
    }


def explanation_json(e: Explanation) -> dict:
    return {
        "condition": e.condition, "model": e.model, "permitted": e.permitted, "level": e.level or None,
        "race_free": e.race_free, "rules": list(e.rules),
        "reasons": [{"rules": list(r.rules), "facts": list(r.facts), "text": list(r.lines),
                     "edges": [edge_json(x) for x in r.highlight]} for r in e.reasons],
        "ruled_out_by_program": e.by_facts, "ruled_out_by_rules_not_shown": e.more,
        "not_analysed": e.unexamined,
    }
