"""Identify a document: unit, kind (budget / final account), scope (department / unit), year.

Read from the title block ("山西省科普服务中心" / "2026年度单位预算公开"), then cross-checked
against the unit line of every table ("单位名称：…", "部门名称：…").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.catalogue import normalise
from ingest.document import Document, Paragraph
from ingest.errors import DocumentError
from ingest.interpret.layout import LocatedTable

_TITLE = re.compile(
    r"^(?P<unit>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<scope>部门|单位)?(?P<kind>预算|决算)"
    r"(?:信息)?公开(?:报告|说明)?$"
)
KINDS = {"预算": "budget", "决算": "final_account"}
SCOPES = {"部门": "department", "单位": "unit"}
_TITLE_BLOCK_LINES = 12


@dataclass(frozen=True, slots=True)
class Identity:
    unit_name: str
    doc_kind: str
    scope: str | None
    fiscal_year: int
    title: str
    title_line: int


def identify(doc: Document) -> Identity:
    """The document's identity from its title block; raises if there is none."""
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)][:_TITLE_BLOCK_LINES]
    for i, p in enumerate(paragraphs):
        m = _TITLE.match(normalise(p.text))
        if not m:
            continue
        unit = m.group("unit") or (paragraphs[i - 1].text.strip() if i > 0 else "")
        scope = m.group("scope")
        return Identity(
            unit_name=unit,
            doc_kind=KINDS[m.group("kind")],
            scope=SCOPES.get(scope) if scope else None,
            fiscal_year=int(m.group("year")),
            title=p.text,
            title_line=p.pos.line,
        )
    first = paragraphs[0].pos.line if paragraphs else 1
    raise DocumentError(
        "no disclosure title found in the first lines (expected e.g. '2026年度部门预算公开' "
        "or '2024年度单位决算公开')",
        line=first,
    )


def cross_check(identity: Identity, tables: list[LocatedTable]
                ) -> tuple[Identity, list[tuple[int, str]]]:
    """Compare the title block's unit with each table's unit line; warn on every mismatch."""
    warnings: list[tuple[int, str]] = []
    named = [(t, t.unit_name_text) for t in tables if t.unit_name_text]
    unit = identity.unit_name
    if not unit:
        if not named:
            raise DocumentError("no unit name in the title block nor in any table",
                                line=identity.title_line)
        unit = Counter(n for _, n in named).most_common(1)[0][0]
        warnings.append((identity.title_line,
                         f"title block names no unit; using the tables' unit {unit!r}"))
    for table, name in named:
        if normalise(name) != normalise(unit):
            title = table.title.text if table.title else "table"
            warnings.append((table.unit_name.pos.line,
                             f"{title}: unit line names {name!r}, title block names {unit!r}"))
    scope = identity.scope
    if scope is None:
        labels = {t.unit_name.text[:2] for t in tables if t.unit_name is not None}
        scope = "department" if labels == {"部门"} else "unit" if labels == {"单位"} else None
    return Identity(unit, identity.doc_kind, scope, identity.fiscal_year, identity.title,
                    identity.title_line), warnings
