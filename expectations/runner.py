"""``budget-warehouse check``: run the checks of the catalogue (models/checks/_checks.yml) on
the built warehouse, store the results in schema ``quality`` (history kept), write Data Docs
and print a summary. Exit status 1 when an ``error`` check failed (after everything is
written), 2 when the warehouse is not built.

Each check is aggregated in SQL over its reconciliation model (schema ``checks``, built by dbt
from models/checks): per document the comparisons, the violating rows and the worst row. Only
that compact frame comes into pandas; Great Expectations validates it
(expectations/validate.py) and must fail exactly the violating rows. The per-document status
is computed in SQL and written with bulk inserts (expectations/results.py).
"""

from __future__ import annotations

import importlib
import re
import sys
import threading
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import duckdb
import pandas as pd
import polars as pl

from expectations import docs, results
from expectations.catalogue import Rule, load_catalogue
from expectations.scope import CheckScope, LastBuild, plan_scope
from ingest.lock import DEFAULT_WAIT, connect

NO_FUNCTION_CODES = ("skipped: neither dim_function_code nor its seeds are loaded "
                     "(run `budget-warehouse build`)")


def _relation(con: duckdb.DuckDBPyConnection, pattern: str) -> tuple[str, str] | None:
    row = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_name like ? order by table_schema = 'marts' desc, table_schema limit 1",
        [f"%{pattern}%"]).fetchone()
    return (row[0], row[1]) if row else None


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table]).fetchall()]


def _nospace(value: Any) -> str:
    return re.sub(r"\s+", "", "" if value is None else str(value))


def _standard_function_codes(con: duckdb.DuckDBPyConnection
                             ) -> tuple[dict[str, str], str] | None:
    """The standard function classification: code -> name, and where it was read.

    marts.dim_function_code when it is built (its seed-named rows: the dimension also carries
    codes only the documents print), else the seeds it is built from (a failing dbt test on a
    fact can leave the dimension unbuilt while the seeds are loaded).
    """
    found = _relation(con, "dim_function_code")
    if found is not None:
        schema, table = found
        cols = _columns(con, schema, table)
        if {"function_code", "function_name"} <= set(cols):
            standard = " where name_source = 'seed'" if "name_source" in cols else ""
            rows = con.execute(f'select cast(function_code as varchar), function_name '
                               f'from "{schema}"."{table}"{standard}').fetchall()
            return {str(c): n for c, n in rows}, f"{schema}.{table}"
    seeds = [r for r in (_relation(con, "ref_function_class"), _relation(con, "ref_function_code"))
             if r is not None]
    if not seeds:
        return None
    names: dict[str, str] = {}
    for schema, table in seeds:
        rows = con.execute(f'select cast(function_code as varchar), function_name '
                           f'from "{schema}"."{table}"').fetchall()
        names.update({str(c): n for c, n in rows})
    return names, " + ".join(f"{s}.{t}" for s, t in seeds)


def _fmt(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, float | Decimal):
        return f"{Decimal(str(value)).quantize(Decimal('0.01'))}"
    return str(value)


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


def _finding(run_id: str, rule: Rule, row: dict[str, Any]) -> dict[str, Any]:
    values = {k: ("" if _clean(v) is None else _clean(v)) for k, v in row.items()}
    if rule.numeric:
        expected, actual = _fmt(row.get("expected")), _fmt(row.get("actual"))
        difference, tolerance = _clean(row.get("difference")), _clean(row.get("tolerance"))
    else:
        expected = rule.finding.get("expected", "").format_map(values) or None
        actual = rule.finding.get("actual", "").format_map(values) or None
        difference = tolerance = None
    line = _clean(row.get("source_line"))
    return {
        "run_id": run_id, "rule_id": rule.id, "severity": rule.severity,
        "document_id": row.get("document_id"), "file_name": row.get("file_name"),
        "table_kind": _clean(row.get("table_kind")), "table_title": _clean(row.get("table_title")),
        "row_code": _clean(row.get("row_code")), "row_label": _clean(row.get("row_label")),
        "column_name": _clean(row.get("column_name")), "expected": expected, "actual": actual,
        "difference": None if difference is None else Decimal(str(difference)),
        "tolerance": None if tolerance is None else Decimal(str(tolerance)),
        "source_line": None if line is None else int(line),
        "detail": _clean(row.get("detail")),
        "fingerprint": results.fingerprint(
            rule.id, row.get("document_id"), _clean(row.get("table_index")),
            _clean(row.get("row_code")), _clean(row.get("row_label")),
            _clean(row.get("column_name")),
            None if rule.numeric else _clean(row.get("source_line"))),
    }


# Python's str.isspace() characters (what _nospace removes), as an RE2 class for DuckDB
_WHITESPACE = (r"[\s\x{0B}\x{1C}-\x{1F}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}"
               r"\x{2029}\x{202F}\x{205F}\x{3000}]")


def _ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return repr(value) if not isinstance(value, Decimal) else str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _violation(rule: Rule) -> tuple[str, str | None, bool]:
    """Which rows of the rule's model to show GX: a boolean that marks the rows its expectation
    can fail (nulls ignored as GX ignores them), and what makes a row a document's worst (an
    expression and whether its largest value is worst; None: any row will do). It selects;
    GX judges."""
    spec = rule.expectation or {}
    kw = spec.get("kwargs", {})
    kind = spec.get("type")
    if kind == "expect_column_values_to_be_between":
        col, parts = _ident(kw["column"]), []
        if kw.get("min_value") is not None:
            parts.append(f"{col} < {_literal(kw['min_value'])}")
        if kw.get("max_value") is not None:
            parts.append(f"{col} > {_literal(kw['max_value'])}")
        return (f"coalesce({' or '.join(parts) or 'false'}, false)", col,
                kw.get("max_value") is not None)
    if kind == "expect_column_values_to_not_be_null":
        return f"{_ident(kw['column'])} is null", None, False
    if kind == "expect_column_values_to_be_in_set":
        values = ", ".join(_literal(v) for v in kw["value_set"])
        return f"coalesce({_ident(kw['column'])} not in ({values}), false)", None, False
    if kind == "expect_column_values_to_match_regex":
        return (f"coalesce(not regexp_matches(cast({_ident(kw['column'])} as varchar), "
                f"{_literal(kw['regex'])}), false)"), None, False
    if kind == "expect_column_pair_values_to_be_equal":
        return f"{_ident(kw['column_A'])} is distinct from {_ident(kw['column_B'])}", None, False
    if kind == "expect_compound_columns_to_be_unique":    # _rule_sql joins the duplicates
        return "_dup is not null", None, False
    raise ValueError(f"rule {rule.id}: no SQL form of expectation {kind!r}")


def _rule_sql(rule: Rule, source: str, filtered: bool = False) -> str:
    """Per document of the rule's model: the rows its expectation can fail, or else its one
    worst row, with the document's number of comparisons (_n). This compact frame is what GX
    validates, so that GX sees every row that can fail without the millions that cannot: GX's
    failed rows are the findings and their number per document the failures. One hash
    aggregate per document (the worst row kept as a struct) rather than windows, which would
    sort every row; the flagged rows are materialized once for the aggregate and the
    selection."""
    bad, worst, largest = _violation(rule)
    conditions = [f"({rule.where})"] if rule.where else []
    if filtered:
        conditions.append("document_id in (select document_id from _check_scope)")
    where = f" where {' and '.join(conditions)}" if conditions else ""
    spec = rule.expectation or {}
    if spec.get("type") == "expect_compound_columns_to_be_unique":
        # the duplicated keys by a hash aggregate
        keys = ", ".join(_ident(c) for c in spec["kwargs"]["column_list"])
        flagged = (f"select src.*, {bad} as _bad from src left join (select {keys}, true as "
                   f"_dup from src group by all having count(*) > 1) using ({keys})")
    else:
        flagged = f"select *, {bad} as _bad from src"
    pick = "any_value(_r)"
    if worst is not None:    # the row with the worst value; any row when every value is null
        pick = f"coalesce({'max_by' if largest else 'min_by'}(_r, _r.{worst}), any_value(_r))"
    return f"""
        with src as (select * from ({source}) s{where}),
        flagged as materialized ({flagged}),
        per_doc as (
            select document_id, count(*) as _n, count(*) filter (where _bad) as _f,
                {pick} as _worst
            from flagged as _r group by document_id)
        select * exclude (_bad, _f) from (
            select f.*, p._n, p._f from flagged f join per_doc p using (document_id)
            where p._f > 0 and f._bad
            union all by name
            select unnest(_worst), _n, _f from per_doc where _f = 0)
        order by document_id"""


def _lookup_source(con: duckdb.DuckDBPyConnection, model: str) -> tuple[str, str] | None:
    """The model joined to the standard function classification (known, standard_name and
    both names without white space) and where the classification was read, or None when no
    classification is loaded."""
    standard = _standard_function_codes(con)
    if standard is None:
        return None
    names, where = standard
    con.register("_standard_function_codes", pl.DataFrame(
        {"code": list(names), "name": list(names.values()),
         "name_norm": [_nospace(n) for n in names.values()]},
        schema={"code": pl.Utf8, "name": pl.Utf8, "name_norm": pl.Utf8}))
    return f"""
        select m.*, s.code is not null as known, s.name as standard_name,
            regexp_replace(coalesce(cast(m.printed_name as varchar), ''), '{_WHITESPACE}', '',
                           'g') as printed_name_norm,
            coalesce(s.name_norm, '') as standard_name_norm
        from checks.{model} m
        left join _standard_function_codes s on s.code = cast(m.row_code as varchar)""", where


DUCKDB_MEMORY_LIMIT = "2GB"


def _frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    frame = con.execute(sql).df()
    frame["_row"] = range(len(frame))
    return frame


def _load_frames(con: duckdb.DuckDBPyConnection, rules: list[Rule], filtered: bool = False
                 ) -> tuple[dict[str, pd.DataFrame], dict[str, str], dict[str, str]]:
    """The compact frame of each rule (_rule_sql), the skip note of the rules that cannot run,
    and notes."""
    queries: dict[str, str] = {}
    by_model = {rule.id: rule.model for rule in rules}
    skipped: dict[str, str] = {}
    notes: dict[str, str] = {}
    errors: dict[str, str | None] = {}
    for rule in rules:
        if rule.model not in errors:
            try:
                con.execute(f"select * from checks.{rule.model} limit 0")
                errors[rule.model] = None
            except duckdb.Error as exc:       # model not built (older warehouse, failed build)
                errors[rule.model] = str(exc).splitlines()[0]
        if errors[rule.model] is not None:
            skipped[rule.id] = (f"skipped: checks.{rule.model} cannot be read "
                                f"({errors[rule.model]}): run `budget-warehouse build`")
            continue
        source = f"select * from checks.{rule.model}"
        if rule.lookup == "dim_function_code":
            looked_up = _lookup_source(con, rule.model)
            if looked_up is None:
                skipped[rule.id] = NO_FUNCTION_CODES
                continue
            source, where = looked_up
            notes[rule.id] = f"standard codes and names from {where}"
        queries[rule.id] = _rule_sql(rule, source, filtered)

    frames: dict[str, pd.DataFrame] = {}
    for rule_id, sql in queries.items():
        try:
            frames[rule_id] = _frame(con, sql)
        except duckdb.Error as exc:           # a model that fails while read costs its rules
            skipped[rule_id] = (f"skipped: checks.{by_model[rule_id]} cannot be read "
                                f"({str(exc).splitlines()[0]}): run `budget-warehouse build`")
    return frames, skipped, notes


def _completeness_sql(con: duckdb.DuckDBPyConnection) -> str | None:
    """The document_completeness rows of the run's documents (parameter: run id), None
    without chk_document_tables."""
    try:
        con.execute("select * from checks.chk_document_tables limit 0")
    except duckdb.Error:
        return None
    return """
        select ? as run_id, t.document_id, min(t.file_name) as file_name,
            any_value(d.doc_kind) as doc_kind, count(*) as required_tables,
            count(*) filter (where t.present) as present_tables,
            count(*) filter (where t.declared_empty) as declared_empty_tables,
            case when count(*) > 0 then round(count(*) filter (where t.present) / count(*), 4)
            end as completeness
        from checks.chk_document_tables t
        semi join _check_scope s on s.document_id = t.document_id
        left join (select document_id, any_value(doc_kind) as doc_kind from raw.documents
                   group by document_id) d using (document_id)
        group by t.document_id order by 3"""


COUNT_SCHEMA = {"rule_id": pl.Utf8, "document_id": pl.Utf8, "comparisons": pl.Int64,
                "failures": pl.Int64}

# One row per rule and loaded document, the status decided from the per-document counts
# (parameter: run id). _check_rules and _check_counts are registered frames.
RESULTS_SQL = """
    with d as (select document_id, file_name, doc_kind from raw.documents
               where status in ('loaded', 'partial')
                 and document_id in (select document_id from _check_scope)),
    joined as (
        select r.*, d.document_id, d.file_name, d.doc_kind,
            coalesce(c.comparisons, 0) as comparisons, coalesce(c.failures, 0) as failures,
            coalesce(list_contains(string_split(r.applies_to, ','), d.doc_kind), false)
                as applies
        from d cross join _check_rules r
        left join _check_counts c on c.rule_id = r.rule_id and c.document_id = d.document_id)
    select ? as run_id, rule_id, rule_group, severity, title, tolerance, document_id, file_name,
        case when skip_note is not null then 'skipped'
             when not applies or comparisons = 0 then 'not_applicable'
             when failures > 0 then 'failed' else 'passed' end as status,
        comparisons, failures,
        case when skip_note is not null then skip_note
             when not applies then 'does not apply to a ' || coalesce(doc_kind, 'None')
             when comparisons = 0 then 'nothing to compare in this document'
             else note end as note
    from joined order by rule_order, file_name"""


def run_checks(db_path: Path, docs_folder: Path | None = None, *,
               write_docs: bool = True, out: TextIO | None = None,
               scope: str = "all", wait: float = DEFAULT_WAIT,
               last_build: LastBuild | None = None) -> int:
    """Run every check on the warehouse at ``db_path``; return the exit status (``wait``:
    seconds to wait for another process holding the file; ``last_build``: the reader of the
    build log, which dates the marts: without it every document is checked).

    ``scope`` "all" checks every loaded document, "changed" only those ingested since the last
    run under the same definitions (expectations/scope.py). Either way the summary, the exit
    status and the findings are those of every loaded document (quality.current_results)."""
    out = out or sys.stdout
    db_path = Path(db_path)
    started = datetime.now(UTC).replace(tzinfo=None)
    run_id = uuid.uuid4().hex[:12]
    if not db_path.exists():
        print(f"error: no warehouse at {db_path} (run `budget-warehouse run`)", file=sys.stderr)
        return 2
    rules = load_catalogue()
    folder = docs.docs_dir(docs_folder) if write_docs else None
    con = connect(db_path, wait)
    try:
        # bound DuckDB's buffers (it spills beyond): the run's peak stays well under 4 GiB
        con.execute(f"set memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        built = con.execute("select count(*) from information_schema.tables "
                            "where table_schema = 'checks'").fetchone()[0]
        if not built:
            print(f"error: {db_path} has no `checks` schema: run `budget-warehouse build` "
                  "first", file=sys.stderr)
            return 2
        results.ensure_schema(con)
        plan = plan_scope(con, scope, last_build)
        frames: dict[str, pd.DataFrame] = {}
        skipped: dict[str, str] = {}
        notes: dict[str, str] = {}
        validations, gx_version, index = {}, None, None
        if plan.documents:
            # import great_expectations (seconds) while DuckDB aggregates the checks
            gx_import = threading.Thread(target=importlib.import_module,
                                         args=("great_expectations",), daemon=True)
            gx_import.start()
            frames, skipped, notes = _load_frames(con, rules, plan.filtered)
            gx_import.join()
            from expectations.validate import validate  # imports great_expectations (slow)

            runnable = [r for r in rules if r.id in frames]
            validations, gx_version, index = validate(runnable, frames, folder)
        else:
            runnable = []

        counts, findings = [], []
        for rule in runnable:
            frame = frames[rule.id]
            failed_rows = validations[rule.id].failed_rows
            failed = frame.iloc[failed_rows]        # _row is the frame's row number
            per_doc = frame.groupby("document_id", sort=False)["_n"].first()
            failures = failed.groupby("document_id", sort=False).size()
            counts.append(pl.DataFrame({
                "rule_id": [rule.id] * len(per_doc), "document_id": per_doc.index.tolist(),
                "comparisons": per_doc.astype("int64").tolist(),
                "failures": failures.reindex(per_doc.index, fill_value=0).astype(
                    "int64").tolist()}, schema=COUNT_SCHEMA))
            findings.extend(_finding(run_id, rule, row)
                            for row in failed.drop(columns=["_n"]).to_dict("records"))
        con.register("_check_rules", pl.DataFrame([{
            "rule_order": i, "rule_id": r.id, "rule_group": r.group, "severity": r.severity,
            "title": r.title, "tolerance": r.tolerance, "applies_to": ",".join(r.applies_to),
            "skip_note": skipped.get(r.id), "note": notes.get(r.id)}
            for i, r in enumerate(rules)], schema={
                "rule_order": pl.Int64, "rule_id": pl.Utf8, "rule_group": pl.Utf8,
                "severity": pl.Utf8, "title": pl.Utf8, "tolerance": pl.Utf8,
                "applies_to": pl.Utf8, "skip_note": pl.Utf8, "note": pl.Utf8}))
        con.register("_check_counts", pl.concat(counts) if counts else pl.DataFrame(
            schema=COUNT_SCHEMA))
        document_count = con.execute("select count(*) from raw.documents "
                                     "where status in ('loaded', 'partial')").fetchall()[0][0]
        run = {
            "run_id": run_id, "started_at": started, "finished_at": None,
            "database_path": str(db_path), "gx_version": gx_version,
            "rule_count": len(rules), "document_count": document_count,
            "findings": len(findings), "data_docs": str(index) if index else None,
            "scope": plan.mode, "fingerprint": plan.fingerprint, "watermark": plan.watermark,
            "documents_checked": plan.documents,
        }
        by_rule = results.write_run(con, run, (RESULTS_SQL, [run_id]), findings,
                                    _completeness_sql(con))
        status = run["exit_status"]
        current = results.current_findings(con)
    finally:
        con.close()
    if folder is not None:
        severity = {r.id: r.severity for r in rules}
        run["findings_page"] = str(docs.write_findings_page(
            folder, run, current,
            {rid: {"severity": severity[rid], **c} for rid, c in by_rule.items()}))
    _print_summary(out, run, rules, by_rule, current, skipped, db_path, plan)
    return status


def _print_summary(out: TextIO, run: dict[str, Any], rules: list[Rule],
                   by_rule: dict[str, Counter[str]], findings: list[dict[str, Any]],
                   skipped: dict[str, str], db_path: Path, plan: CheckScope) -> None:
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"check run {run['run_id']} on {db_path}: {len(rules)} checks x "
      f"{run['document_count']} documents")
    if plan.filtered:
        p(f"checked {plan.documents} document(s) ingested since the last run under the same "
          "definitions; the others keep their last results (`check --all` re-checks them)")
    else:
        p(f"checked every document ({plan.reason})")
    p(f"{'check':34} {'severity':8} {'passed':>6} {'failed':>6} {'n/a':>5} {'skipped':>7}")
    for rule in rules:
        c = by_rule.get(rule.id, Counter())
        p(f"{rule.id:34} {rule.severity:8} {c['passed']:6} {c['failed']:6} "
          f"{c['not_applicable']:5} {c['skipped']:7}")
    total: Counter[str] = Counter()
    for c in by_rule.values():
        total.update({k: v for k, v in c.items() if k != "severity"})
    p(f"{'total':34} {'':8} {total['passed']:6} {total['failed']:6} "
      f"{total['not_applicable']:5} {total['skipped']:7}")
    p(f"failed: {run['results_failed_error']} error, {run['results_failed_warning']} warning "
      f"({len(findings)} findings)")
    worst: dict[str, Counter[str]] = defaultdict(Counter)
    for f in findings:
        worst[f["file_name"]][f["severity"]] += 1
    if worst:
        p("worst documents:")
        ranked = sorted(worst.items(), key=lambda kv: (-kv[1]["error"], -kv[1]["warning"], kv[0]))
        for name, c in ranked[:5]:
            p(f"  {name}: {c['error']} error, {c['warning']} warning findings")
        p("first findings:")
        for f in findings[:20]:
            where = " / ".join(str(x) for x in (f["table_title"], f["row_code"] or f["row_label"],
                                                 f["column_name"]) if x)
            p(f"  [{f['severity']}] {f['rule_id']}: {f['file_name']}:{f['source_line']} "
              f"{where}: expected {f['expected']}, actual {f['actual']}")
        if len(findings) > 20:
            p(f"  … {len(findings) - 20} more in quality.check_findings")
    for rid, note in skipped.items():
        p(f"note: {rid} {note}")
    p(f"results: quality.check_results (run_id = '{run['run_id']}') in {db_path}")
    if run["data_docs"]:
        p(f"Data Docs: {run['data_docs']}")
    if run.get("findings_page"):
        p(f"findings: {run['findings_page']}")
