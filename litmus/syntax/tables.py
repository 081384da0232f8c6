"""The LALR tables of grammar/litmus.lark, shipped with the package as JSON.

Building the parser from the grammar costs about 0.1 s of CPU at every start
(loading these tables a quarter of that), so the tables are generated once and
committed as `litmus/parse_tables.json`: lark's own serialized form of the
parser, the data `lark.tools.standalone` embeds, as plain JSON, which cannot
carry code (lark's `cache=True` pickles into the temp directory, where anyone
may plant a file). The file records what it was made from: the sha256 of the
grammar text, the construction options and the lark version; when these do not
match (the grammar was edited, or another lark version is installed), `load`
returns None and the parser is built from the grammar in memory. Nothing is
ever written at run time.

Regenerate after editing the grammar (tests/test_security.py fails until then):

    python -m litmus.syntax.make_tables
"""

from __future__ import annotations

import hashlib
import json

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from litmus.resources import grammar_text, parse_tables_path

REGENERATE = "python -m litmus.syntax.make_tables"

# How litmus.syntax.parser builds its parser (a postlexer is passed besides; it is code,
# so it is not in the tables).
OPTIONS = {"parser": "lalr", "lexer": "contextual", "propagate_positions": True,
           "maybe_placeholders": True}


def made_from() -> dict:
    """What tables are made from: the grammar, the options, the lark version."""
    grammar = hashlib.sha256(grammar_text("litmus.lark").encode("utf-8")).hexdigest()
    return {"grammar_sha256": grammar, "options": OPTIONS, "lark": lark.__version__}


def shipped() -> dict | None:
    """The shipped file's content, or None when it is missing or unreadable."""
    try:
        with open(parse_tables_path(), encoding="utf-8") as f:
            return json.load(f, object_hook=_int_keys)
    except (OSError, ValueError):
        return None


def load(postlex) -> Lark | None:
    """The parser from the shipped tables, or None when they do not fit this grammar and lark."""
    tables = shipped()
    if tables is None or tables.get("made_from") != made_from():
        return None
    return Lark._load_from_dict(tables["data"], tables["memo"], postlex=postlex)


def write(parser: Lark) -> None:
    """Ship `parser`'s tables (litmus.syntax.make_tables; never at run time)."""
    parse_tables_path().write_text(serialize(parser), encoding="utf-8")


def serialize(parser: Lark) -> str:
    """The JSON text of `parser`'s tables. lark numbers its states in an order that
    varies from run to run, so regenerating changes the file even for the same grammar."""
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    data["options"] = {k: v for k, v in data["options"].items() if k != "postlex"}
    return json.dumps({"made_from": made_from(), "data": data, "memo": memo},
                      sort_keys=True, separators=(",", ":")) + "\n"


def _int_keys(obj: dict) -> dict:
    # JSON keys are strings; lark's parse states, token numbers and memo ids are ints.
    # No grammar name is all digits, and each of lark's dicts has keys of one kind.
    return {int(k): v for k, v in obj.items()} if obj and next(iter(obj)).isdigit() else obj
