"""The ``raw`` schema in DuckDB and the writes that fill it.

Every document's rows are written in one transaction with the removal of the version it
replaces, so a reader never sees a document half-loaded. Column meanings: docs/raw_schema.md.
"""

from __future__ import annotations

import json
from datetime import datetime
from operator import attrgetter

import duckdb
import polars as pl

from ingest import PARSER_VERSION
from ingest.parse import ParsedDocument
from ingest.text_parts_store import frame_of_rows, list_column, text_part_frames

DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS raw.ingest_runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    parser_version VARCHAR NOT NULL,
    files_seen INTEGER,
    loaded INTEGER,
    replaced INTEGER,
    unchanged INTEGER,
    failed INTEGER
);
CREATE TABLE IF NOT EXISTS raw.documents (
    document_id VARCHAR PRIMARY KEY,
    source_path VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    byte_size BIGINT NOT NULL,
    line_count INTEGER,
    encoding VARCHAR,
    unit_name VARCHAR,
    doc_kind VARCHAR,
    scope VARCHAR,
    fiscal_year INTEGER,
    title VARCHAR,
    title_line INTEGER,
    template VARCHAR,
    status VARCHAR NOT NULL,
    error VARCHAR,
    table_count INTEGER NOT NULL,
    cell_count INTEGER NOT NULL,
    warning_count INTEGER NOT NULL,
    parser_version VARCHAR NOT NULL,
    catalogue_version INTEGER NOT NULL,
    run_id VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    source_format VARCHAR,
    page_count INTEGER
);
CREATE TABLE IF NOT EXISTS raw.tables (
    document_id VARCHAR NOT NULL,
    table_index INTEGER NOT NULL,
    table_kind VARCHAR NOT NULL,
    template VARCHAR,
    table_no INTEGER,
    marker VARCHAR,
    marker_no INTEGER,
    title VARCHAR,
    title_line INTEGER,
    unit_name VARCHAR,
    unit_name_line INTEGER,
    unit VARCHAR,
    scale DECIMAL(12, 6) NOT NULL,
    declared_empty BOOLEAN NOT NULL,
    notes VARCHAR,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL,
    header_rows INTEGER NOT NULL,
    body_rows INTEGER NOT NULL,
    column_paths VARCHAR[],
    merged_pages INTEGER NOT NULL,
    interpreted BOOLEAN NOT NULL,
    first_page INTEGER,
    last_page INTEGER
);
CREATE TABLE IF NOT EXISTS raw.cells (
    document_id VARCHAR NOT NULL,
    table_index INTEGER NOT NULL,
    row_index INTEGER NOT NULL,
    col_index INTEGER NOT NULL,
    source_line INTEGER NOT NULL,
    column_path VARCHAR,
    cell_role VARCHAR NOT NULL,
    row_label VARCHAR,
    row_code VARCHAR,
    code_kind VARCHAR,
    row_line_no INTEGER,
    text VARCHAR NOT NULL,
    value_status VARCHAR,
    amount DECIMAL(20, 6),
    value_unit VARCHAR,
    page INTEGER,
    bbox DOUBLE[]
);
CREATE TABLE IF NOT EXISTS raw.messages (
    run_id VARCHAR NOT NULL,
    document_id VARCHAR,
    source_path VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    line INTEGER,
    table_title VARCHAR,
    message VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.document_paths (
    source_path VARCHAR PRIMARY KEY,
    document_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    seen_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.debris (
    document_id VARCHAR NOT NULL,
    line INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    page INTEGER
);
CREATE TABLE IF NOT EXISTS raw.contents_entries (
    document_id VARCHAR NOT NULL,
    line INTEGER NOT NULL,
    page INTEGER,
    text VARCHAR NOT NULL,
    table_kind VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.pages (
    document_id VARCHAR NOT NULL,
    page INTEGER NOT NULL,
    width DOUBLE NOT NULL,
    height DOUBLE NOT NULL,
    char_count INTEGER NOT NULL,
    image_count INTEGER NOT NULL,
    table_count INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    first_line INTEGER,
    last_line INTEGER
);
CREATE TABLE IF NOT EXISTS raw.stated_figures (
    document_id VARCHAR NOT NULL,
    figure_index INTEGER NOT NULL,
    source_line INTEGER NOT NULL,
    section VARCHAR,
    subject VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    qualifier VARCHAR,
    value DECIMAL(20, 6) NOT NULL,
    unit VARCHAR,
    direction VARCHAR,
    basis VARCHAR,
    parent_subject VARCHAR,
    is_generic BOOLEAN NOT NULL,
    sentence VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.prose_lines (
    document_id VARCHAR NOT NULL,
    source_line INTEGER NOT NULL,
    section VARCHAR,
    text VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    figure_count INTEGER NOT NULL,
    number_count INTEGER NOT NULL,
    reason VARCHAR,
    unlabelled VARCHAR[]
);
CREATE TABLE IF NOT EXISTS raw.project_targets (
    document_id VARCHAR NOT NULL,
    project_index INTEGER NOT NULL,
    table_index INTEGER NOT NULL,
    title VARCHAR,
    title_line INTEGER,
    source_line INTEGER NOT NULL,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    project_name VARCHAR,
    department_code VARCHAR,
    department_name VARCHAR,
    implementing_unit VARCHAR,
    project_attribute VARCHAR,
    project_period VARCHAR,
    funds_period_total DECIMAL(20, 2),
    funds_period_central DECIMAL(20, 2),
    funds_period_provincial DECIMAL(20, 2),
    funds_period_local DECIMAL(20, 2),
    funds_period_self_raised DECIMAL(20, 2),
    funds_period_other DECIMAL(20, 2),
    funds_annual_total DECIMAL(20, 2),
    funds_annual_central DECIMAL(20, 2),
    funds_annual_provincial DECIMAL(20, 2),
    funds_annual_local DECIMAL(20, 2),
    funds_annual_self_raised DECIMAL(20, 2),
    funds_annual_other DECIMAL(20, 2),
    goal_period VARCHAR,
    goal_annual VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.overall_targets (
    document_id VARCHAR NOT NULL,
    overall_index INTEGER NOT NULL,
    table_index INTEGER NOT NULL,
    title VARCHAR,
    title_line INTEGER,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL,
    department_code VARCHAR,
    department_name VARCHAR,
    internal_departments INTEGER,
    budget_units INTEGER,
    staff_quota INTEGER,
    staff_in_post INTEGER,
    staff_on_payroll INTEGER,
    staff_other INTEGER,
    budget_source_total DECIMAL(20, 2),
    budget_general_budget DECIMAL(20, 2),
    budget_government_fund DECIMAL(20, 2),
    budget_state_capital DECIMAL(20, 2),
    budget_social_insurance DECIMAL(20, 2),
    budget_special_account DECIMAL(20, 2),
    budget_unit_funds DECIMAL(20, 2),
    budget_direction_total DECIMAL(20, 2),
    budget_basic_expenditure DECIMAL(20, 2),
    budget_project_expenditure DECIMAL(20, 2),
    annual_goal VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.target_indicators (
    document_id VARCHAR NOT NULL,
    target_kind VARCHAR NOT NULL,
    target_index INTEGER NOT NULL,
    indicator_index INTEGER NOT NULL,
    side VARCHAR NOT NULL,
    level1 VARCHAR,
    level2 VARCHAR,
    level3 VARCHAR,
    value_text VARCHAR,
    operator VARCHAR,
    number DECIMAL(20, 6),
    unit VARCHAR,
    source_line INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.self_evaluations (
    document_id VARCHAR NOT NULL,
    evaluation_index INTEGER NOT NULL,
    table_index INTEGER NOT NULL,
    title VARCHAR,
    title_line INTEGER,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL,
    project_name VARCHAR,
    department_code VARCHAR,
    department_name VARCHAR,
    budget_unit_code VARCHAR,
    budget_unit_name VARCHAR,
    funds_unit VARCHAR,
    funds_line INTEGER,
    initial_budget_declared DECIMAL(20, 6),
    initial_budget_compiled DECIMAL(20, 6),
    annual_budget DECIMAL(20, 6),
    executed DECIMAL(20, 6),
    balance DECIMAL(20, 6),
    execution_rate DECIMAL(20, 6),
    execution_score DECIMAL(20, 6),
    total_score DECIMAL(20, 6),
    grade VARCHAR,
    annual_goal VARCHAR,
    actual_summary VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.self_evaluation_indicators (
    document_id VARCHAR NOT NULL,
    evaluation_index INTEGER NOT NULL,
    indicator_index INTEGER NOT NULL,
    level1 VARCHAR,
    level2 VARCHAR,
    level3 VARCHAR,
    initial_value VARCHAR,
    adjusted_value VARCHAR,
    actual_value VARCHAR,
    qualitative_note VARCHAR,
    target_number DECIMAL(20, 6),
    actual_number DECIMAL(20, 6),
    weight DECIMAL(20, 6),
    score DECIMAL(20, 6),
    deviation_reason VARCHAR,
    source_line INTEGER NOT NULL
);
"""

# columns added after the first release: a warehouse created before them gains them
_ADDED_COLUMNS = """
ALTER TABLE raw.documents ADD COLUMN IF NOT EXISTS source_format VARCHAR;
ALTER TABLE raw.documents ADD COLUMN IF NOT EXISTS page_count INTEGER;
ALTER TABLE raw.tables ADD COLUMN IF NOT EXISTS first_page INTEGER;
ALTER TABLE raw.tables ADD COLUMN IF NOT EXISTS last_page INTEGER;
ALTER TABLE raw.cells ADD COLUMN IF NOT EXISTS page INTEGER;
ALTER TABLE raw.cells ADD COLUMN IF NOT EXISTS bbox DOUBLE[];
ALTER TABLE raw.debris ADD COLUMN IF NOT EXISTS page INTEGER;
ALTER TABLE raw.documents ADD COLUMN IF NOT EXISTS printed_unit_name VARCHAR;
ALTER TABLE raw.tables ADD COLUMN IF NOT EXISTS status VARCHAR;
ALTER TABLE raw.tables ADD COLUMN IF NOT EXISTS error VARCHAR;
ALTER TABLE raw.documents ADD COLUMN IF NOT EXISTS identity_sources VARCHAR;
ALTER TABLE raw.documents ADD COLUMN IF NOT EXISTS region_code VARCHAR;
ALTER TABLE raw.ingest_runs ADD COLUMN IF NOT EXISTS abandoned_at TIMESTAMP;
ALTER TABLE raw.ingest_runs ADD COLUMN IF NOT EXISTS partial INTEGER;
ALTER TABLE raw.ingest_runs ADD COLUMN IF NOT EXISTS status VARCHAR;
UPDATE raw.ingest_runs SET status = CASE WHEN finished_at IS NOT NULL THEN 'finished'
    WHEN abandoned_at IS NOT NULL THEN 'aborted' END WHERE status IS NULL
    AND (finished_at IS NOT NULL OR abandoned_at IS NOT NULL);
CREATE SCHEMA IF NOT EXISTS raw_history;
CREATE TABLE IF NOT EXISTS raw_history.versions (
    document_id VARCHAR NOT NULL,
    source_path VARCHAR NOT NULL,
    replaced_by VARCHAR,
    run_id VARCHAR NOT NULL,
    replaced_at TIMESTAMP NOT NULL
);
"""

_DOCUMENT_TABLES = ("raw.cells", "raw.tables", "raw.debris", "raw.contents_entries",
                    "raw.pages", "raw.stated_figures", "raw.prose_lines", "raw.project_targets",
                    "raw.overall_targets",
                    "raw.target_indicators", "raw.self_evaluations",
                    "raw.self_evaluation_indicators", "raw.documents")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL + _ADDED_COLUMNS)
    _ensure_history(con)


def _ensure_history(con: duckdb.DuckDBPyConnection) -> None:
    """``raw_history``: the rows of replaced versions, one table per document table with its
    columns (those raw gains later are added here too)."""
    for table in _DOCUMENT_TABLES:
        name = table.split(".")[1]
        con.execute(f"CREATE TABLE IF NOT EXISTS raw_history.{name} AS "
                    f"SELECT * FROM {table} LIMIT 0")
    missing = con.execute("""
        SELECT r.table_name, r.column_name, r.data_type
        FROM information_schema.columns r
        LEFT JOIN information_schema.columns h
          ON h.table_schema = 'raw_history' AND h.table_name = r.table_name
         AND h.column_name = r.column_name
        WHERE r.table_schema = 'raw' AND h.column_name IS NULL
          AND r.table_name IN (SELECT table_name FROM information_schema.tables
                               WHERE table_schema = 'raw_history')
        ORDER BY r.table_name, r.ordinal_position""").fetchall()
    for name, column, kind in missing:
        con.execute(f'ALTER TABLE raw_history.{name} ADD COLUMN "{column}" {kind}')


def document_paths(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """``(source_path, document_id)``: the content each path held when last read."""
    return con.execute("SELECT source_path, document_id FROM raw.document_paths").fetchall()


def record_paths(con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str]],
                 run_id: str) -> None:
    """Record that each path holds the content ``document_id`` (as read by ``run_id``)."""
    if not rows:
        return
    con.register("seen_paths", pl.DataFrame(
        {"source_path": [p for p, _ in rows], "document_id": [i for _, i in rows]},
        schema={"source_path": pl.String, "document_id": pl.String}))
    con.execute("INSERT OR REPLACE INTO raw.document_paths "
                "SELECT source_path, document_id, ?, now()::timestamp FROM seen_paths",
                [run_id])
    con.unregister("seen_paths")


def prune_history(con: duckdb.DuckDBPyConnection, before: datetime | None = None
                  ) -> tuple[int, int]:
    """Delete the replaced versions kept in ``raw_history`` (those replaced before
    ``before``, else all); returns (versions, rows) deleted."""
    # a content replaced more than once goes when its last replacement is old enough
    having = "HAVING max(replaced_at) < ?" if before is not None else ""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE pruned AS SELECT document_id "
                    f"FROM raw_history.versions GROUP BY document_id {having}",
                    [before] if before is not None else [])
        versions = con.execute("SELECT count(*) FROM pruned").fetchone()[0]
        rows = 0
        for table in _DOCUMENT_TABLES:
            name = table.split(".")[1]
            rows += con.execute(f"DELETE FROM raw_history.{name} WHERE document_id IN "
                                "(SELECT document_id FROM pruned)").fetchone()[0]
        con.execute("DELETE FROM raw_history.versions WHERE document_id IN "
                    "(SELECT document_id FROM pruned)")
        con.execute("DROP TABLE pruned")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return versions, rows


def known_documents(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    """``(document_id, source_path, status, parser_version)`` of every stored document."""
    return con.execute(
        "SELECT document_id, source_path, status, parser_version FROM raw.documents"
    ).fetchall()


_STR, _INT, _FLOAT, _BOOL = pl.String, pl.Int64, pl.Float64, pl.Boolean
# the frames' columns, in order, and their types (DECIMAL columns travel as strings)
DOCUMENT_SCHEMA = {
    "document_id": _STR, "source_path": _STR, "file_name": _STR, "byte_size": _INT,
    "line_count": _INT, "encoding": _STR, "unit_name": _STR, "doc_kind": _STR, "scope": _STR,
    "fiscal_year": _INT, "title": _STR, "title_line": _INT, "template": _STR, "status": _STR,
    "error": _STR, "table_count": _INT, "cell_count": _INT, "warning_count": _INT,
    "parser_version": _STR, "catalogue_version": _INT, "run_id": _STR,
    "ingested_at": pl.Datetime("us"), "source_format": _STR, "page_count": _INT,
    "printed_unit_name": _STR, "identity_sources": _STR, "region_code": _STR}
TABLE_SCHEMA = {
    "document_id": _STR, "table_index": _INT, "table_kind": _STR, "template": _STR,
    "table_no": _INT, "marker": _STR, "marker_no": _INT, "title": _STR, "title_line": _INT,
    "unit_name": _STR, "unit_name_line": _INT, "unit": _STR, "scale": _FLOAT,
    "declared_empty": _BOOL, "notes": _STR, "first_line": _INT, "last_line": _INT,
    "header_rows": _INT, "body_rows": _INT, "column_paths": pl.List(_STR),
    "merged_pages": _INT, "interpreted": _BOOL, "first_page": _INT, "last_page": _INT,
    "status": _STR, "error": _STR}
CELL_SCHEMA = {
    "document_id": _STR, "table_index": _INT, "row_index": _INT, "col_index": _INT,
    "source_line": _INT, "column_path": _STR, "cell_role": _STR, "row_label": _STR,
    "row_code": _STR, "code_kind": _STR, "row_line_no": _INT, "text": _STR,
    "value_status": _STR, "amount": _STR, "value_unit": _STR, "page": _INT,
    "bbox": pl.List(_FLOAT)}
DEBRIS_SCHEMA = {"document_id": _STR, "line": _INT, "kind": _STR, "text": _STR, "page": _INT}
CONTENTS_SCHEMA = {"document_id": _STR, "line": _INT, "page": _INT, "text": _STR,
                   "table_kind": _STR}
PAGE_SCHEMA = {
    "document_id": _STR, "page": _INT, "width": _FLOAT, "height": _FLOAT, "char_count": _INT,
    "image_count": _INT, "table_count": _INT, "status": _STR, "first_line": _INT,
    "last_line": _INT}


def file_name(path: str) -> str:
    """The last part of a recorded (POSIX) path; a backslash is part of a name."""
    return path.rsplit("/", 1)[-1]


def _archive(con: duckdb.DuckDBPyConnection,
             archived: list[tuple[str, str, str, str, datetime]]) -> None:
    ids = pl.DataFrame({"document_id": [a[0] for a in archived]})
    con.register("archived_ids", ids)
    for table in _DOCUMENT_TABLES:
        name = table.split(".")[1]
        con.execute(f"DELETE FROM raw_history.{name} WHERE document_id IN "
                    "(SELECT document_id FROM archived_ids)")
        con.execute(f"INSERT INTO raw_history.{name} BY NAME SELECT * FROM {table} "
                    "WHERE document_id IN (SELECT document_id FROM archived_ids)")
    con.unregister("archived_ids")
    con.executemany("INSERT INTO raw_history.versions (document_id, source_path, replaced_by, "
                    "run_id, replaced_at) VALUES (?, ?, ?, ?, ?)", archived)


def _document_row(d: ParsedDocument, run_id: str, now: datetime, catalogue_version: int
                  ) -> tuple:
    ident = d.identity
    return (d.document_id, d.path, file_name(d.path),
            d.byte_size, d.line_count, d.encoding,
            ident.unit_name if ident else None, ident.doc_kind if ident else None,
            ident.scope if ident else None, ident.fiscal_year if ident else None,
            ident.title if ident else None, ident.title_line if ident else None,
            d.template, d.status, d.error, len(d.tables), len(d.cells),
            sum(m.severity == "warning" for m in d.messages), PARSER_VERSION,
            catalogue_version, run_id, now, d.source_format, d.page_count,
            ident.printed_unit_name if ident else None,
            json.dumps({k: {"source": src, "line": line}
                        for k, (src, line) in ident.sources.items()}, ensure_ascii=False)
            if ident else None, ident.region_code if ident else None)


def _cell_frame(docs: list[ParsedDocument]) -> pl.DataFrame:
    """raw.cells of ``docs``: their cell columns joined (amounts are decimal text already)."""
    document_ids: list[str] = []
    for d in docs:
        document_ids += [d.document_id] * len(d.cells)
    if not document_ids:
        return pl.DataFrame(schema=CELL_SCHEMA)
    parts = [d.cells.columns() for d in docs]  # in the order of raw.cells after document_id
    columns: dict[str, list | pl.Series] = {}
    for i, name in enumerate(list(CELL_SCHEMA)[1:]):
        joined: list = []
        for p in parts:
            joined += p[i]
        columns[name] = joined
    columns["bbox"] = list_column([b or None for b in columns["bbox"]], CELL_SCHEMA["bbox"])
    return pl.DataFrame({"document_id": document_ids, **columns}, schema=CELL_SCHEMA)


def _frames(docs: list[ParsedDocument], run_id: str, now: datetime,
            catalogue_version: int) -> dict[str, pl.DataFrame]:
    documents = [_document_row(d, run_id, now, catalogue_version) for d in docs]
    pages = [(d.document_id, p.page, p.width, p.height, p.char_count, p.image_count,
              p.table_count, p.status, p.first_line, p.last_line)
             for d in docs for p in d.pages]
    table_record = attrgetter(*list(TABLE_SCHEMA)[1:])  # its attributes are named alike
    tables = [(d.document_id, *table_record(t)) for d in docs for t in d.tables]
    debris = [(d.document_id, x.line, x.kind, x.text, x.page) for d in docs for x in d.debris]
    contents = [(d.document_id, e.line, e.page, e.text, e.kind) for d in docs for e in d.contents]
    return {
        "documents": frame_of_rows(documents, DOCUMENT_SCHEMA),
        "tables": frame_of_rows(tables, TABLE_SCHEMA),
        "cells": _cell_frame(docs),
        "debris": frame_of_rows(debris, DEBRIS_SCHEMA),
        "contents_entries": frame_of_rows(contents, CONTENTS_SCHEMA),
        "pages": frame_of_rows(pages, PAGE_SCHEMA),
        **text_part_frames(docs),
    }


def document_frames(docs: list[ParsedDocument], run_id: str, now: datetime,
                    catalogue_version: int) -> dict[str, pl.DataFrame]:
    """The rows of ``docs`` for every ``raw`` table, as data frames (built where the documents
    are parsed: the parser processes send these compact frames, not the parsed objects)."""
    return _frames(docs, run_id, now, catalogue_version)


def write_frames(con: duckdb.DuckDBPyConnection, parts: list[dict[str, pl.DataFrame]],
                 replaced_ids: list[str], messages: list[dict],
                 archived: list[tuple[str, str, str, str, datetime]] = (),
                 moved: list[tuple[str, str, datetime]] = ()) -> None:
    """Replace ``replaced_ids`` by the rows of ``parts`` (from :func:`document_frames`) and
    record ``messages``, in one transaction. ``archived``: (id, path, replaced by, run,
    time) of replaced versions, whose rows are copied to ``raw_history`` first; ``moved``:
    (id, path, time) of stored documents now held only under another path."""
    con.execute("BEGIN TRANSACTION")
    try:
        if archived:
            _archive(con, list(archived))
        for doc_id, path, now in moved:
            con.execute("UPDATE raw.documents SET source_path = ?, file_name = ?, "
                        "ingested_at = ? WHERE document_id = ?",
                        [path, file_name(path), now, doc_id])
        if replaced_ids:
            ids = pl.DataFrame({"document_id": replaced_ids})
            con.register("replaced_ids", ids)
            for table in _DOCUMENT_TABLES:
                con.execute(f"DELETE FROM {table} WHERE document_id IN "
                            "(SELECT document_id FROM replaced_ids)")
            con.unregister("replaced_ids")
        for frames in parts:
            for name, frame in frames.items():
                if frame.height:
                    con.register("incoming", frame)
                    columns = ", ".join(frame.columns)
                    con.execute(f"INSERT INTO raw.{name} ({columns}) "
                                f"SELECT {columns} FROM incoming")
                    con.unregister("incoming")
        if messages:
            con.register("incoming", pl.DataFrame(messages, infer_schema_length=None))
            con.execute("INSERT INTO raw.messages BY NAME SELECT * FROM incoming")
            con.unregister("incoming")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
