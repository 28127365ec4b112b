"""Unit names resolved to one form: the rules and aliases of the dbt seeds
``ref_unit_name_rule`` and ``ref_unit_alias``, the one statement of them, read here too.

The same body is printed in long and short forms across files and years (中国共产党江苏省委员会
办公厅, 江苏省委办公厅, 中共江苏省委办公厅): the rules rewrite the common forms, in order; the alias
seed names the rest. Names are compared without white space.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_SPACE = re.compile(r"\s+")


@cache
def _rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    with open(SEEDS / "ref_unit_name_rule.csv", encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["rule_order"]))
    return tuple((re.compile(r["pattern"]), r["replacement"]) for r in rows)


@cache
def _aliases() -> dict[str, str]:
    with open(SEEDS / "ref_unit_alias.csv", encoding="utf-8", newline="") as fh:
        return {_SPACE.sub("", r["printed_name"]): _SPACE.sub("", r["resolved_name"])
                for r in csv.DictReader(fh)}


@cache
def resolve_unit_name(printed: str) -> str:
    """The resolved form of a printed unit name (white space removed)."""
    name = _SPACE.sub("", printed)
    if name in _aliases():
        return _aliases()[name]
    for pattern, replacement in _rules():
        name = pattern.sub(replacement, name)
    return _aliases().get(name, name)
