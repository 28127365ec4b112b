"""The catalogue of checks (expectations/checks.yaml), read without importing Great Expectations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CATALOGUE = Path(__file__).with_name("checks.yaml")
SEVERITIES = ("error", "warning")
GROUPS = ("structure", "within_table", "cross_table", "prose")
DOC_KINDS = ("budget", "final_account")


@dataclass(frozen=True)
class Rule:
    """One check: a reconciliation model in schema ``checks`` and one expectation over it."""

    id: str
    group: str
    severity: str
    title: str
    tolerance: str
    model: str | None = None
    expectation: dict[str, Any] | None = None
    applies_to: tuple[str, ...] = DOC_KINDS
    where: str | None = None
    lookup: str | None = None
    finding: dict[str, str] = field(default_factory=dict)

    @property
    def numeric(self) -> bool:
        """True for the identities validated on ``excess`` (expected/actual amounts)."""
        return bool(self.expectation) and self.expectation.get("kwargs", {}).get(
            "column") == "excess"


def load_catalogue(path: Path = CATALOGUE) -> list[Rule]:
    """Read and validate the catalogue; raise ValueError naming the first bad rule."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules: list[Rule] = []
    seen: set[str] = set()
    for raw in data["rules"]:
        rid = raw.get("id")
        if not rid or rid in seen:
            raise ValueError(f"{path}: rule id missing or duplicated: {rid!r}")
        seen.add(rid)
        if raw.get("severity") not in SEVERITIES:
            raise ValueError(f"{path}: rule {rid}: severity must be one of {SEVERITIES}")
        if raw.get("group") not in GROUPS:
            raise ValueError(f"{path}: rule {rid}: group must be one of {GROUPS}")
        if not (raw.get("model") and raw.get("expectation")):
            raise ValueError(f"{path}: rule {rid}: needs a model and an expectation")
        applies = tuple(raw.get("applies_to") or DOC_KINDS)
        if set(applies) - set(DOC_KINDS):
            raise ValueError(f"{path}: rule {rid}: applies_to must be within {DOC_KINDS}")
        rules.append(Rule(
            id=rid, group=raw["group"], severity=raw["severity"], title=raw["title"],
            tolerance=str(raw.get("tolerance", "")), model=raw.get("model"),
            expectation=raw.get("expectation"), applies_to=applies, where=raw.get("where"),
            lookup=raw.get("lookup"),
            finding=dict(raw.get("finding") or {}),
        ))
    return rules
