"""Regenerate the shipped parse tables after editing grammar/litmus.lark:

    python -m litmus.syntax.make_tables

(a module of its own: `litmus` imports litmus.syntax.tables, so `-m` could not run that one cleanly).
"""

from litmus.resources import parse_tables_path
from litmus.syntax import tables
from litmus.syntax.parser import build_parser

if __name__ == "__main__":
    tables.write(build_parser(cache=False))
    print(f"wrote {parse_tables_path()}")
