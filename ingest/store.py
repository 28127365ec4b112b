"""The ``raw`` schema in DuckDB and the writes that fill it.

Every document's rows are written in one transaction with the removal of the version it
replaces, so a reader never sees a document half-loaded. Column meanings: docs/raw_schema.md.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import polars as pl

from ingest import PARSER_VERSION
from ingest.parse import ParsedDocument

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
    ingested_at TIMESTAMP NOT NULL
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
    interpreted BOOLEAN NOT NULL
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
    value_unit VARCHAR
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
CREATE TABLE IF NOT EXISTS raw.debris (
    document_id VARCHAR NOT NULL,
    line INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL
);
"""

_DOCUMENT_TABLES = ("raw.cells", "raw.tables", "raw.debris", "raw.documents")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def known_documents(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    """``(document_id, source_path, status, parser_version)`` of every stored document."""
    return con.execute(
        "SELECT document_id, source_path, status, parser_version FROM raw.documents"
    ).fetchall()


def _frames(docs: list[ParsedDocument], run_id: str, now: datetime,
            catalogue_version: int) -> dict[str, pl.DataFrame]:
    documents, tables, cells, debris = [], [], [], []
    for d in docs:
        ident = d.identity
        documents.append({
            "document_id": d.document_id, "source_path": d.path,
            "file_name": d.path.replace("\\", "/").rsplit("/", 1)[-1],
            "byte_size": d.byte_size, "line_count": d.line_count, "encoding": d.encoding,
            "unit_name": ident.unit_name if ident else None,
            "doc_kind": ident.doc_kind if ident else None,
            "scope": ident.scope if ident else None,
            "fiscal_year": ident.fiscal_year if ident else None,
            "title": ident.title if ident else None,
            "title_line": ident.title_line if ident else None,
            "template": d.template, "status": d.status, "error": d.error,
            "table_count": len(d.tables), "cell_count": len(d.cells),
            "warning_count": sum(m.severity == "warning" for m in d.messages),
            "parser_version": PARSER_VERSION, "catalogue_version": catalogue_version,
            "run_id": run_id, "ingested_at": now,
        })
        for t in d.tables:
            tables.append({"document_id": d.document_id, **{
                k: getattr(t, k) for k in t.__slots__}})
        for table_index, c in d.cells:
            cells.append((d.document_id, table_index, c.row_index, c.col_index, c.line,
                          c.column_path, c.role, c.row_label, c.row_code, c.code_kind,
                          c.row_line_no, c.text, c.value_status,
                          None if c.amount is None else str(c.amount), c.value_unit))
        debris.extend((d.document_id, x.line, x.kind, x.text) for x in d.debris)
    cell_columns = ["document_id", "table_index", "row_index", "col_index", "source_line",
                    "column_path", "cell_role", "row_label", "row_code", "code_kind",
                    "row_line_no", "text", "value_status", "amount", "value_unit"]
    return {
        "documents": pl.DataFrame(documents, infer_schema_length=None),
        "tables": pl.DataFrame(tables, infer_schema_length=None,
                               schema_overrides={"column_paths": pl.List(pl.String)}),
        "cells": pl.DataFrame(cells, schema=cell_columns, orient="row",
                              infer_schema_length=None),
        "debris": pl.DataFrame(debris, schema=["document_id", "line", "kind", "text"],
                               orient="row", infer_schema_length=None),
    }


def write_documents(con: duckdb.DuckDBPyConnection, docs: list[ParsedDocument],
                    replaced_ids: list[str], messages: list[dict], run_id: str,
                    now: datetime, catalogue_version: int) -> None:
    """Replace ``replaced_ids`` by ``docs`` and record ``messages``, in one transaction."""
    frames = _frames(docs, run_id, now, catalogue_version)
    con.execute("BEGIN TRANSACTION")
    try:
        if replaced_ids:
            ids = pl.DataFrame({"document_id": replaced_ids})
            con.register("replaced_ids", ids)
            for table in _DOCUMENT_TABLES:
                con.execute(f"DELETE FROM {table} WHERE document_id IN "
                            "(SELECT document_id FROM replaced_ids)")
            con.unregister("replaced_ids")
        for name, frame in frames.items():
            if frame.height:
                con.register("incoming", frame)
                columns = ", ".join(frame.columns)
                con.execute(f"INSERT INTO raw.{name} ({columns}) SELECT {columns} FROM incoming")
                con.unregister("incoming")
        if messages:
            con.register("incoming", pl.DataFrame(messages, infer_schema_length=None))
            con.execute("INSERT INTO raw.messages BY NAME SELECT * FROM incoming")
            con.unregister("incoming")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
