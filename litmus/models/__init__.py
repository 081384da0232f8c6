"""The memory models litmus ships, loaded from their TOML files.

A model is data: which synchronization rules create happens-before edges,
which axioms hold, and whether race-free programs are judged by their
sequentially consistent executions (`levels = "drf-sc"`) or every execution
is an interleaving (`levels = "sc"`). Each rule carries the sentence of the
Go document it encodes, so a reader can check the model against the
specification. The engines implement rules by name; a model naming a rule
they do not know is refused when it is loaded.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from litmus.errors import LitmusArgumentError
from litmus.resources import models_dir

# What the engines implement. Adding a rule means implementing it in both
# litmus/solver/encode.py and litmus/reference/.
KNOWN_SYNC = {"go-statement", "init", "atomic", "atomic-value"}
KNOWN_AXIOMS = {"drf-sc", "data-race", "sync-order", "visible-write", "no-thin-air", "interleaving"}
LEVELS = {"drf-sc", "sc"}


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    quote: str
    source: str


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    title: str
    source: str
    summary: str
    levels: str
    sync: tuple[Rule, ...]
    axioms: tuple[Rule, ...]

    def synchronizes(self, rule: str) -> bool:
        return any(r.name == rule for r in self.sync)

    @property
    def interleaving(self) -> bool:
        """Every execution is an interleaving (the `sc` model)."""
        return self.levels == "sc"


class ModelError(LitmusArgumentError):
    """An unknown model name, or a model file that is malformed or names a rule
    the engines do not implement. A LitmusError (and a ValueError)."""


def _rules(data: dict, key: str, known: set[str], name: str) -> tuple[Rule, ...]:
    rules = []
    for entry in data.get(key, []):
        rule = entry.get("rule")
        if rule not in known:
            raise ModelError(f"model {name}: unknown {key} rule {rule!r}")
        if not entry.get("quote") or not entry.get("source"):
            raise ModelError(f"model {name}: rule {rule} needs a quote and a source")
        rules.append(Rule(rule, entry["quote"], entry["source"]))
    return tuple(rules)


def load_model_text(text: str) -> Model:
    data = tomllib.loads(text)
    name = data.get("name", "?")
    if data.get("levels") not in LEVELS:
        raise ModelError(f"model {name}: levels must be one of {sorted(LEVELS)}")
    return Model(name, data["title"], data["source"], data["summary"], data["levels"],
                 _rules(data, "sync", KNOWN_SYNC, name), _rules(data, "axiom", KNOWN_AXIOMS, name))


@cache
def models() -> dict[str, Model]:
    """Every shipped model by name, `go` first."""
    found = {}
    for path in sorted(models_dir().glob("*.toml")):
        m = load_model_text(path.read_text(encoding="utf-8"))
        if m.name != path.stem:
            raise ModelError(f"{path.name}: its name is {m.name!r}")
        found[m.name] = m
    order = ["go", "sc", "relaxed-value"]
    return {n: found[n] for n in sorted(found, key=lambda n: (order.index(n) if n in order else 99, n))}


def get_model(name: str) -> Model:
    try:
        return models()[name]
    except KeyError:
        raise ModelError(f"unknown model {name!r}; the models are: {', '.join(models())}") from None
