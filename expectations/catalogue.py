"""The catalogue of checks, read without importing Great Expectations.

A check is a reconciliation model in models/checks and, in its entry of
models/checks/_checks.yml, the rules validated on it (``config.meta.rules``): the model's SQL
file and that one entry are all a new check takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CATALOGUE = Path(__file__).resolve().parent.parent / "models" / "checks" / "_checks.yml"
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


def _entries(path: Path) -> list[dict[str, Any]]:
    """The rules of every model entry in ``path``, each with its model, in group order (then
    the file's order)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = []
    for model in data.get("models") or []:
        for raw in ((model.get("config") or {}).get("meta") or {}).get("rules") or []:
            if "model" in raw:
                raise ValueError(f"{path}: rule {raw.get('id')!r}: the model is the entry's "
                                 f"({model['name']}), not a field")
            entries.append({**raw, "model": model["name"]})
    rank = {group: i for i, group in enumerate(GROUPS)}
    return sorted(entries, key=lambda raw: rank.get(raw.get("group"), len(GROUPS)))


def load_catalogue(path: Path = CATALOGUE) -> list[Rule]:
    """Read and validate the catalogue; raise ValueError naming the first bad rule."""
    rules: list[Rule] = []
    seen: set[str] = set()
    for raw in _entries(path):
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
