"""The ``raw`` schema in DuckDB and the writes that fill it.

Every document's rows are written in one transaction with the removal of the version it
replaces, so a reader never sees a document half-loaded. The tables, their columns and meanings:
ingest/raw_schema.yaml (docs/raw_schema.md is generated from it).
"""

from __future__ import annotations

import json
from datetime import datetime
from operator import attrgetter

import duckdb
import polars as pl

from ingest import PARSER_VERSION
from ingest.parse import ParsedDocument
from ingest.raw_schema import add_missing_columns, ddl, frame_schema
from ingest.text_parts_store import frame_of_rows, list_column, text_part_frames

# data written before a column existed (the keys of debris and messages number the rows in
# the order they were written), and the history of replaced versions
_MIGRATIONS = """
UPDATE raw.debris AS t SET debris_index = k.i FROM (
    SELECT rowid AS r, row_number() OVER (PARTITION BY document_id ORDER BY rowid) - 1 AS i
    FROM raw.debris WHERE debris_index IS NULL) AS k WHERE t.rowid = k.r;
UPDATE raw.messages AS t SET message_index = k.i FROM (
    SELECT rowid AS r,
        row_number() OVER (PARTITION BY run_id, source_path ORDER BY rowid) - 1 AS i
    FROM raw.messages WHERE message_index IS NULL) AS k WHERE t.rowid = k.r;
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
    """Create the raw schema (ingest/raw_schema.yaml), add the columns an older warehouse
    lacks, and the history tables."""
    con.execute(ddl())
    add_missing_columns(con)
    con.execute(_MIGRATIONS)
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


CELL_SCHEMA = frame_schema("cells")     # the cell frame is built column by column


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
    table_record = attrgetter(*list(frame_schema("tables"))[1:])  # its attributes are named alike
    tables = [(d.document_id, *table_record(t)) for d in docs for t in d.tables]
    debris = [(d.document_id, i, x.line, x.kind, x.text, x.page)
              for d in docs for i, x in enumerate(d.debris)]
    contents = [(d.document_id, e.line, e.page, e.text, e.kind) for d in docs for e in d.contents]
    return {
        "documents": frame_of_rows(documents, "documents"),
        "tables": frame_of_rows(tables, "tables"),
        "cells": _cell_frame(docs),
        "debris": frame_of_rows(debris, "debris"),
        "contents_entries": frame_of_rows(contents, "contents_entries"),
        "pages": frame_of_rows(pages, "pages"),
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
