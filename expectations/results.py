"""The ``quality`` schema: check runs, per-rule-per-document results and findings (history kept).

quality.check_runs          one row per `check` run
quality.check_results       one row per check per document per run (status, counts, note)
quality.check_findings      one row per failed comparison: location, expected, actual, line
quality.document_completeness  one row per document per run: required / present tables
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

DDL = """
create schema if not exists quality;
create table if not exists quality.check_runs (
    run_id varchar primary key,
    started_at timestamp,
    finished_at timestamp,
    database_path varchar,
    gx_version varchar,
    rule_count integer,
    document_count integer,
    results_evaluated integer,
    results_failed_error integer,
    results_failed_warning integer,
    results_skipped integer,
    findings integer,
    exit_status integer,
    data_docs varchar
);
create table if not exists quality.check_results (
    run_id varchar,
    rule_id varchar,
    rule_group varchar,
    severity varchar,
    title varchar,
    tolerance varchar,
    document_id varchar,
    file_name varchar,
    status varchar,          -- passed | failed | not_applicable | skipped
    comparisons integer,     -- rows of the reconciliation model evaluated for the document
    failures integer,
    note varchar,
    primary key (run_id, rule_id, document_id)
);
create table if not exists quality.check_findings (
    run_id varchar,
    rule_id varchar,
    severity varchar,
    document_id varchar,
    file_name varchar,
    table_kind varchar,
    table_title varchar,
    row_code varchar,
    row_label varchar,
    column_name varchar,
    expected varchar,
    actual varchar,
    difference decimal(20, 2),
    tolerance decimal(20, 2),
    source_line integer,
    detail varchar,
    fingerprint varchar
);
create table if not exists quality.document_completeness (
    run_id varchar,
    document_id varchar,
    file_name varchar,
    doc_kind varchar,
    required_tables integer,
    present_tables integer,
    declared_empty_tables integer,
    completeness double,
    primary key (run_id, document_id)
);
"""

RESULT_COLUMNS = ("run_id", "rule_id", "rule_group", "severity", "title", "tolerance",
                  "document_id", "file_name", "status", "comparisons", "failures", "note")
FINDING_COLUMNS = ("run_id", "rule_id", "severity", "document_id", "file_name", "table_kind",
                   "table_title", "row_code", "row_label", "column_name", "expected", "actual",
                   "difference", "tolerance", "source_line", "detail", "fingerprint")


def fingerprint(*parts: Any) -> str:
    """A stable id of a finding's location (rule, document, table, row, column), not its values."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
            rows: Iterable[dict[str, Any]]) -> None:
    values = [tuple(row.get(c) for c in columns) for row in rows]
    if not values:
        return
    marks = ", ".join("?" for _ in columns)
    con.executemany(f"insert into quality.{table} ({', '.join(columns)}) values ({marks})",
                    values)


def write_run(con: duckdb.DuckDBPyConnection, run: dict[str, Any],
              results: list[dict[str, Any]], findings: list[dict[str, Any]],
              completeness: list[dict[str, Any]]) -> None:
    """Append one run (in one transaction)."""
    ensure_schema(con)
    con.execute("begin")
    try:
        _insert(con, "check_runs", list(run), [run])
        _insert(con, "check_results", RESULT_COLUMNS, results)
        _insert(con, "check_findings", FINDING_COLUMNS, findings)
        if completeness:
            _insert(con, "document_completeness", list(completeness[0]), completeness)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
