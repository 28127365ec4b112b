"""Identify a document: unit, kind (budget / final account), scope (department / unit), year.

Read from the title block ("山西省科普服务中心" / "2026年度单位预算公开"), then cross-checked
against the unit line of every table ("单位名称：…", "部门名称：…"). Titles with or without
公开 ("2024年度部门决算", "2019年度部门预算公开") are read; in a PDF the title block may be set
over several lines of the cover page ("中共上海市普陀区委" / "社会工作部 2024 年度" / "部门决算",
or a year on its own line), which are read together.
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
    r"(?:信息)?(?:公开)?(?:报告|说明)?$"
)
KINDS = {"预算": "budget", "决算": "final_account"}
SCOPES = {"部门": "department", "单位": "unit"}
_TITLE_BLOCK_LINES = 12
_JOINED_LINES = 3  # a PDF cover page may set the title over this many lines


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
        for span in range(1, _JOINED_LINES + 1):
            chunk = paragraphs[i:i + span]
            if len(chunk) < span or (span > 1 and (
                    p.pos.page is None or any(q.pos.page != p.pos.page for q in chunk))):
                break
            title = "".join(normalise(q.text) for q in chunk)
            m = _TITLE.match(title)
            if not m:
                continue
            unit = m.group("unit")
            if p.pos.page is not None:  # the lines above it on the cover page name the unit
                above = [q for q in paragraphs[:i] if q.pos.page == p.pos.page]
                unit = "".join(normalise(q.text) for q in above) + unit
            elif not unit:
                unit = paragraphs[i - 1].text.strip() if i > 0 else ""
            scope = m.group("scope")
            return Identity(
                unit_name=unit,
                doc_kind=KINDS[m.group("kind")],
                scope=SCOPES.get(scope) if scope else None,
                fiscal_year=int(m.group("year")),
                title="".join(q.text for q in chunk) if span > 1 else p.text,
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
