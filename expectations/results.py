"""The ``quality`` schema: check runs, per-rule-per-document results and findings (history kept).

quality.check_runs          one row per `check` run
quality.check_results       one row per check per document per run (status, counts, note)
quality.check_findings      one row per failed comparison: location, expected, actual, line
quality.document_completeness  one row per document per run: required / present tables
quality.latest_checks       the run that last checked each document
quality.current_results     view: each loaded document's results from the last run that
                            checked it (a run may check only the changed documents)
quality.current_findings    view: the findings of those results
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb
import polars as pl

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
-- added with incremental runs (older warehouses get them here)
alter table quality.check_runs add column if not exists scope varchar;
alter table quality.check_runs add column if not exists fingerprint varchar;
alter table quality.check_runs add column if not exists watermark timestamp;
alter table quality.check_runs add column if not exists documents_checked integer;
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
-- the run that last checked each document (kept by write_run: reading it does not scan the
-- results' whole history)
create table if not exists quality.latest_checks (
    document_id varchar primary key,
    run_id varchar not null
);
create or replace view quality.current_runs as
    select document_id, run_id from quality.latest_checks
    where document_id in (select document_id from raw.documents
                          where status in ('loaded', 'partial'));
create or replace view quality.current_results as
    select r.* from quality.check_results r join quality.current_runs using (document_id, run_id);
create or replace view quality.current_findings as
    select f.* from quality.check_findings f join quality.current_runs using (document_id, run_id);
"""

RESULT_COLUMNS = ("run_id", "rule_id", "rule_group", "severity", "title", "tolerance",
                  "document_id", "file_name", "status", "comparisons", "failures", "note")
RUN_COLUMNS = ("run_id", "started_at", "finished_at", "database_path", "gx_version",
               "rule_count", "document_count", "results_evaluated", "results_failed_error",
               "results_failed_warning", "results_skipped", "findings", "exit_status",
               "data_docs", "scope", "fingerprint", "watermark", "documents_checked")
COMPLETENESS_COLUMNS = ("run_id", "document_id", "file_name", "doc_kind", "required_tables",
                        "present_tables", "declared_empty_tables", "completeness")
FINDING_COLUMNS = ("run_id", "rule_id", "severity", "document_id", "file_name", "table_kind",
                   "table_title", "row_code", "row_label", "column_name", "expected", "actual",
                   "difference", "tolerance", "source_line", "detail", "fingerprint")


def fingerprint(*parts: Any) -> str:
    """A stable id of a finding's location (rule, document, table, row, column), not its values."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)
    # warehouses checked before latest_checks existed: take it from the history once (the
    # test first: the query reads the whole history, whose size grows with every run)
    backfill = con.execute("select not exists (select 1 from quality.latest_checks) "
                           "and exists (select 1 from quality.check_runs)").fetchone()[0]
    if backfill:
        con.execute("""
            insert into quality.latest_checks
            select r.document_id, max_by(r.run_id, k.started_at)
            from (select distinct run_id, document_id from quality.check_results) r
            join quality.check_runs k using (run_id)
            group by r.document_id""")


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
            source: Any, params: Sequence[Any] = ()) -> None:
    """One INSERT … SELECT: ``source`` is a frame (pandas, polars, Arrow) or a SQL query."""
    names = ", ".join(columns)
    if isinstance(source, str):
        con.execute(f"insert into quality.{table} ({names}) select {names} from ({source})",
                    list(params))
        return
    con.register("_quality_rows", source)
    try:
        con.execute(f"insert into quality.{table} ({names}) select {names} from _quality_rows")
    finally:
        con.unregister("_quality_rows")


def current_findings(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The findings of quality.current_findings, in rule and document order."""
    cursor = con.execute(
        f"select {', '.join(FINDING_COLUMNS)} from quality.current_findings "
        "order by file_name, rule_id, source_line nulls last, fingerprint")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _findings_frame(findings: list[dict[str, Any]]) -> pl.DataFrame:
    """The findings as a typed frame (amounts as text, cast to decimal on insert)."""
    schema = {c: pl.Utf8 for c in FINDING_COLUMNS} | {"source_line": pl.Int64}
    rows = [{**f, "difference": None if f.get("difference") is None else str(f["difference"]),
             "tolerance": None if f.get("tolerance") is None else str(f["tolerance"]),
             "source_line": None if f.get("source_line") is None else int(f["source_line"])}
            for f in findings]
    return pl.DataFrame([{c: r.get(c) for c in FINDING_COLUMNS} for r in rows], schema=schema)


def write_run(con: duckdb.DuckDBPyConnection, run: dict[str, Any],
              results: tuple[str, Sequence[Any]] | Any, findings: list[dict[str, Any]],
              completeness: str | Any | None) -> dict[str, Counter[str]]:
    """Append one run (in one transaction): bulk inserts of the per-check-per-document results
    (``results``: a frame, or a SQL query and its parameters), the findings and the
    completeness rows (a frame, or a SQL query taking the run id). The run's counts
    (results_evaluated, failed, skipped, findings, exit_status) are those of the warehouse
    after the run (quality.current_results: this run's documents and the others' last
    results), set in ``run``; finished_at too. Returns the status counts per rule."""
    ensure_schema(con)
    run_id = run["run_id"]
    con.execute("begin")
    try:
        if isinstance(results, tuple):
            _insert(con, "check_results", RESULT_COLUMNS, results[0], results[1])
        else:
            _insert(con, "check_results", RESULT_COLUMNS, results)
        if findings:
            _insert(con, "check_findings", FINDING_COLUMNS, _findings_frame(findings))
        if isinstance(completeness, str):
            _insert(con, "document_completeness", COMPLETENESS_COLUMNS, completeness, [run_id])
        elif completeness is not None:
            _insert(con, "document_completeness", COMPLETENESS_COLUMNS, completeness)
        # the run's row first, and the documents it checked, so that quality.current_results
        # sees this run
        con.execute("insert or replace into quality.latest_checks "
                    "select distinct document_id, run_id from quality.check_results "
                    "where run_id = ?", [run_id])
        columns = [c for c in RUN_COLUMNS if c in run]
        con.execute(f"insert into quality.check_runs ({', '.join(columns)}) "
                    f"values ({', '.join('?' for _ in columns)})", [run[c] for c in columns])
        by_rule: dict[str, Counter[str]] = defaultdict(Counter)
        failed = Counter()
        for rule_id, severity, status, n in con.execute(
                "select rule_id, severity, status, count(*) from quality.current_results "
                "group by all").fetchall():
            by_rule[rule_id][status] += n
            if status == "failed":
                failed[severity] += n
        run.update({
            "finished_at": datetime.now(UTC).replace(tzinfo=None),
            "results_evaluated": sum(c["passed"] + c["failed"] for c in by_rule.values()),
            "results_failed_error": failed["error"],
            "results_failed_warning": failed["warning"],
            "results_skipped": sum(c["skipped"] for c in by_rule.values()),
            "findings": con.execute("select count(*) from quality.current_findings"
                                    ).fetchone()[0],
            "exit_status": 1 if failed["error"] else 0})
        updated = ("finished_at", "results_evaluated", "results_failed_error",
                   "results_failed_warning", "results_skipped", "findings", "exit_status")
        con.execute(f"update quality.check_runs set {', '.join(f'{c} = ?' for c in updated)} "
                    "where run_id = ?", [run[c] for c in updated] + [run_id])
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return dict(by_rule)
