"""The raw schema is stated once (ingest/raw_schema.yaml): the warehouse's tables, the frames
ingest writes, the documentation and the dbt source all follow it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from ingest import raw_schema
from ingest.parse import parse_bytes
from ingest.store import document_frames, ensure_schema
from tests.conftest import SAMPLES


def test_generated_files_follow_the_statement() -> None:
    """docs/raw_schema.md and models/staging/_raw_sources.yml are generated from it."""
    assert raw_schema.main(["--check"]) == 0


def test_a_new_warehouse_has_the_statement_columns_and_types(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        ensure_schema(con)
        got = con.execute("""
            select table_name, column_name, data_type, is_nullable from information_schema.columns
            where table_schema = 'raw' order by table_name, ordinal_position""").fetchall()
    want = []
    for t in sorted(raw_schema.tables().values(), key=lambda t: t.name):
        for c in t.columns:
            nullable = "NO" if ("NOT NULL" in c.type or "PRIMARY KEY" in c.type) else "YES"
            want.append((t.name, c.name, c.sql_type.replace(", ", ","), nullable))
    assert got == want


def test_an_older_warehouse_gains_the_columns_it_lacks(tmp_path: Path) -> None:
    """A warehouse created before a column existed gets it (and its history table too)."""
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        ensure_schema(con)
        con.execute("alter table raw.cells drop column bbox")
        con.execute("alter table raw_history.cells drop column bbox")
        con.execute("alter table raw.documents drop column region_code")
    with duckdb.connect(str(db)) as con:
        ensure_schema(con)
        for schema in ("raw", "raw_history"):
            assert con.execute(
                "select data_type from information_schema.columns where table_schema = ? "
                "and table_name = 'cells' and column_name = 'bbox'", [schema]).fetchone() == (
                    "DOUBLE[]",)
        assert con.execute("select count(*) from information_schema.columns where "
                           "table_schema = 'raw' and column_name = 'region_code'"
                           ).fetchone() == (1,)


def test_the_frames_ingest_writes_have_the_statement_columns() -> None:
    """Every frame a parser process sends has its table's columns, in order, with the
    statement's frame types (a sample with every text part: prose, targets)."""
    docs = [parse_bytes(path.read_bytes(), str(path)) for path in sorted(SAMPLES.glob("*.txt"))]
    frames = document_frames(docs, "run", datetime(2026, 1, 1), 1)
    assert set(frames) <= set(raw_schema.tables())
    for name, frame in frames.items():
        assert frame.schema == raw_schema.frame_schema(name), name
    assert all(frames[name].height for name in ("documents", "cells", "stated_figures",
                                                "project_targets", "target_indicators"))


def test_older_rows_get_their_keys_in_the_order_they_were_written(tmp_path: Path) -> None:
    """Debris and messages written before their key existed are numbered in write order."""
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        ensure_schema(con)
        con.execute("alter table raw.debris drop column debris_index")
        con.execute("insert into raw.debris (document_id, line, kind, text) values "
                    "('a', 9, 'watermark', 'x'), ('b', 1, 'html', 'y'), ('a', 3, 'html', 'z')")
        con.execute("alter table raw.messages drop column message_index")
        con.execute("insert into raw.messages (run_id, source_path, severity, message) values "
                    "('r', 'p', 'warning', 'm1'), ('r', 'p', 'warning', 'm2')")
    with duckdb.connect(str(db)) as con:
        ensure_schema(con)
        assert con.execute("select document_id, debris_index, line from raw.debris "
                           "order by all").fetchall() == [("a", 0, 9), ("a", 1, 3), ("b", 0, 1)]
        assert con.execute("select message, message_index from raw.messages order by all"
                           ).fetchall() == [("m1", 0), ("m2", 1)]
