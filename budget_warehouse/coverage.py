"""``budget-warehouse coverage``: what the warehouse understood of each document, and what not.

Per document: its identity and where each field came from, its template, the tables found by
kind against the template's table set and the contents page, the tables it could not name
(unknown) or read (failed), its value cells, and the checks passed and failed in the latest
check run. Read from raw (and quality, once checked); nothing is recomputed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from ingest.catalogue import load_catalogue
from ingest.lock import DEFAULT_WAIT, connect


@dataclass(slots=True)
class DocumentCoverage:
    file_name: str
    source_path: str
    status: str
    error: str | None
    unit_name: str | None
    printed_unit_name: str | None
    doc_kind: str | None
    scope: str | None
    fiscal_year: int | None
    identity_sources: dict[str, str]
    template: str | None
    tables: int = 0
    known_tables: int = 0
    unknown_tables: list[str] = field(default_factory=list)
    failed_tables: list[str] = field(default_factory=list)
    # the template's tables and the contents page's entries found in no file of the
    # disclosure (a narrative file and its tables file are judged together)
    missing_kinds: list[str] = field(default_factory=list)
    companions: list[str] = field(default_factory=list)  # the disclosure's other files
    contents_not_found: list[str] = field(default_factory=list)
    value_cells: int = 0
    warnings: int = 0
    checks_passed: int | None = None
    checks_failed: int | None = None


def _has(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = ? "
        "and table_name = ?", [schema, table]).fetchone()[0])


def coverage(db: str | Path, wait: float = DEFAULT_WAIT) -> list[DocumentCoverage]:
    """The coverage of every document stored in ``db`` (newest version of each file);
    ``wait``: seconds to wait while a writer holds the file."""
    catalogue = load_catalogue()
    con = connect(db, wait, read_only=True)
    try:
        docs = con.execute(
            "select document_id, file_name, source_path, status, error, unit_name, "
            "printed_unit_name, doc_kind, scope, fiscal_year, identity_sources, template, "
            "warning_count from raw.documents order by file_name, source_path").fetchall()
        tables: dict[str, list[tuple]] = {}
        for doc_id, kind, status, title, page, error in con.execute(
                "select document_id, table_kind, coalesce(status, 'loaded'), title, "
                "first_page, error from raw.tables order by document_id, table_index"
                ).fetchall():
            tables.setdefault(doc_id, []).append((kind, status, title, page, error))
        contents: dict[str, list[tuple]] = {}
        for doc_id, text, kind in con.execute(
                "select document_id, text, table_kind from raw.contents_entries "
                "where table_kind is not null order by document_id, line").fetchall():
            contents.setdefault(doc_id, []).append((text, kind))
        cells = dict(con.execute(
            "select document_id, count(*) from raw.cells where cell_role = 'value' "
            "and value_status = 'value' group by document_id").fetchall())
        checks: dict[str, tuple[int, int]] = {}
        if _has(con, "quality", "latest_checks"):
            for doc_id, passed, failed in con.execute(
                    "select document_id, count(*) filter (where status = 'passed'), "
                    "count(*) filter (where status = 'failed') "
                    "from quality.current_results group by document_id").fetchall():
                checks[doc_id] = (passed, failed)
    finally:
        con.close()
    disclosures: dict[tuple, list[tuple]] = {}
    for d in docs:
        if d[3] in ("loaded", "partial"):
            disclosures.setdefault((d[5], d[7], d[8], d[9]), []).append(d)
    out = []
    for (doc_id, file_name, path, status, error, unit, printed, kind, scope, year, sources,
         template, warnings) in docs:
        found = tables.get(doc_id, [])
        parts = disclosures.get((unit, kind, scope, year), [])
        kinds = {k for part in parts for k, s, *_ in tables.get(part[0], [])
                 if k != "unknown" and s == "loaded"}
        wanted = [k for _, k in catalogue.required_tables(template)] if template else []
        c = DocumentCoverage(
            file_name=file_name, source_path=path, status=status, error=error,
            unit_name=unit, printed_unit_name=printed, doc_kind=kind, scope=scope,
            fiscal_year=year,
            identity_sources={k: v["source"] for k, v in json.loads(sources or "{}").items()},
            template=template, tables=len(found),
            known_tables=sum(k != "unknown" for k, *_ in found),
            unknown_tables=[f"{t!r} (page {p})" if p else repr(t)
                            for k, _, t, p, _ in found if k == "unknown"],
            failed_tables=[e or repr(t) for _, s, t, _, e in found if s == "failed"],
            missing_kinds=[k for k in wanted if k not in kinds],
            contents_not_found=[t for t, k in contents.get(doc_id, []) if k not in kinds],
            value_cells=cells.get(doc_id, 0), warnings=warnings or 0,
            companions=[p[1] for p in parts if p[0] != doc_id])
        if doc_id in checks:
            c.checks_passed, c.checks_failed = checks[doc_id]
        out.append(c)
    return out


def render(report: list[DocumentCoverage]) -> str:
    """The report as text: a line per document, what it did not understand under it, totals."""
    lines = []
    for c in report:
        ident = (f"{c.unit_name} {c.doc_kind}/{c.scope or '?'} {c.fiscal_year}"
                 if c.unit_name else "(no identity)")
        sources = ", ".join(f"{k} from {v}" for k, v in c.identity_sources.items())
        checks = (f"checks {c.checks_passed} passed, {c.checks_failed} failed"
                  if c.checks_passed is not None else "not checked")
        lines.append(f"{c.status:7} {c.file_name}: {ident} [{sources}]; {c.template}; "
                     f"{c.known_tables}/{c.tables} tables known; {c.value_cells} values; "
                     f"{checks}")
        if c.error:
            lines.append(f"          error: {c.error}")
        if c.companions:
            lines.append(f"          same disclosure: {', '.join(c.companions)}")
        for label, items in (("failed table", c.failed_tables),
                             ("unknown table", c.unknown_tables),
                             ("template table not found", c.missing_kinds),
                             ("contents entry not found", c.contents_not_found)):
            lines += [f"          {label}: {item}" for item in items]
    totals = summary(report)
    lines.append(
        f"coverage: {totals['documents']} documents ({totals['loaded']} loaded, "
        f"{totals['partial']} partial, {totals['failed']} failed); {totals['tables']} tables, "
        f"{totals['known_tables']} known, {totals['unknown_tables']} unknown, "
        f"{totals['failed_tables']} failed; {totals['missing_kinds']} template tables and "
        f"{totals['contents_not_found']} contents entries not found; "
        f"{totals['value_cells']} value cells; checks {totals['checks_passed']} passed, "
        f"{totals['checks_failed']} failed")
    return "\n".join(lines)


def summary(report: list[DocumentCoverage]) -> dict[str, int]:
    """Totals over the documents."""
    return {
        "documents": len(report),
        **{s: sum(c.status == s for c in report) for s in ("loaded", "partial", "failed")},
        "tables": sum(c.tables for c in report),
        "known_tables": sum(c.known_tables for c in report),
        "unknown_tables": sum(len(c.unknown_tables) for c in report),
        "failed_tables": sum(len(c.failed_tables) for c in report),
        "missing_kinds": sum(len(c.missing_kinds) for c in report),
        "contents_not_found": sum(len(c.contents_not_found) for c in report),
        "value_cells": sum(c.value_cells for c in report),
        "checks_passed": sum(c.checks_passed or 0 for c in report),
        "checks_failed": sum(c.checks_failed or 0 for c in report),
    }


def as_json(report: list[DocumentCoverage]) -> str:
    return json.dumps({"documents": [asdict(c) for c in report], "totals": summary(report)},
                      ensure_ascii=False, indent=2)
