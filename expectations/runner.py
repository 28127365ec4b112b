"""``budget-warehouse check``: run the checks of expectations/checks.yaml against the built
warehouse, store the results in schema ``quality`` (history kept), write Data Docs and print a
summary. Exit status 1 when an ``error`` check failed (after everything is written), 2 when
the warehouse is not built.

Each check reads its reconciliation model (schema ``checks``, built by dbt from
models/checks) into pandas; Great Expectations validates it (expectations/validate.py).
"""

from __future__ import annotations

import re
import sys
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import duckdb
import pandas as pd

from expectations import docs, results
from expectations.catalogue import Rule, load_catalogue

SKIP_NOTES = {
    "stated_figure": "skipped: the stated-figures issue has not landed (no stated-figure "
                     "relation in the warehouse), so prose is not compared with the tables yet",
    "dim_function_code": "skipped: neither dim_function_code nor its seeds are loaded "
                         "(run `budget-warehouse build`)",
}


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


def _function_lookup(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame
                     ) -> tuple[pd.DataFrame, str] | None:
    """Add known / standard_name (None when no standard classification is loaded)."""
    standard = _standard_function_codes(con)
    if standard is None:
        return None
    names, source = standard
    frame = frame.copy()
    frame["known"] = frame["row_code"].map(lambda c: str(c) in names)
    frame["standard_name"] = frame["row_code"].map(lambda c: names.get(str(c)))
    frame["printed_name_norm"] = frame["printed_name"].map(_nospace)
    frame["standard_name_norm"] = frame["standard_name"].map(_nospace)
    return frame, source


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


def _load_frames(con: duckdb.DuckDBPyConnection, rules: list[Rule]
                 ) -> tuple[dict[str, pd.DataFrame], dict[str, str], dict[str, str]]:
    """The rows each rule validates, the skip note of the rules that cannot run, and notes."""
    frames: dict[str, pd.DataFrame] = {}
    skipped: dict[str, str] = {}
    notes: dict[str, str] = {}
    errors: dict[str, str] = {}
    cache: dict[str, pd.DataFrame | None] = {}
    for rule in rules:
        if rule.requires and _relation(con, rule.requires) is None:
            skipped[rule.id] = SKIP_NOTES.get(rule.requires,
                                              f"skipped: no relation {rule.requires}")
            continue
        if rule.model not in cache:
            try:
                cache[rule.model] = con.execute(f"select * from checks.{rule.model}").df()
            except duckdb.Error as exc:       # model not built (older warehouse, failed build)
                cache[rule.model] = None
                errors[rule.model] = str(exc).splitlines()[0]
        frame = cache[rule.model]
        if frame is None:
            skipped[rule.id] = (f"skipped: checks.{rule.model} cannot be read "
                                f"({errors[rule.model]}): run `budget-warehouse build`")
            continue
        if rule.lookup == "dim_function_code":
            looked_up = _function_lookup(con, frame)
            if looked_up is None:
                skipped[rule.id] = SKIP_NOTES["dim_function_code"]
                continue
            frame, source = looked_up
            notes[rule.id] = f"standard codes and names from {source}"
        if rule.where:
            frame = frame.query(rule.where)
        frame = frame.reset_index(drop=True)
        frame["_row"] = range(len(frame))
        frames[rule.id] = frame
    return frames, skipped, notes


def _completeness(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    try:
        rows = con.execute("""
            select document_id, min(file_name), count(*), count(*) filter (where present),
                count(*) filter (where declared_empty)
            from checks.chk_document_tables group by document_id order by 2""").fetchall()
    except duckdb.Error:
        return []
    kinds = dict(con.execute("select document_id, doc_kind from raw.documents").fetchall())
    return [{"run_id": run_id, "document_id": d, "file_name": f, "doc_kind": kinds.get(d),
             "required_tables": n, "present_tables": p, "declared_empty_tables": e,
             "completeness": round(p / n, 4) if n else None} for d, f, n, p, e in rows]


def run_checks(db_path: Path, docs_folder: Path | None = None, *,
               write_docs: bool = True, out: TextIO | None = None) -> int:
    """Run every check on the warehouse at ``db_path``; return the exit status."""
    out = out or sys.stdout
    db_path = Path(db_path)
    started = datetime.now(UTC).replace(tzinfo=None)
    run_id = uuid.uuid4().hex[:12]
    if not db_path.exists():
        print(f"error: no warehouse at {db_path} (run `budget-warehouse run`)", file=sys.stderr)
        return 2
    rules = load_catalogue()
    folder = docs.docs_dir(docs_folder) if write_docs else None
    con = duckdb.connect(str(db_path))
    try:
        built = con.execute("select count(*) from information_schema.tables "
                            "where table_schema = 'checks'").fetchone()[0]
        if not built:
            print(f"error: {db_path} has no `checks` schema: run `budget-warehouse build` "
                  "first", file=sys.stderr)
            return 2
        documents = con.execute(
            "select document_id, file_name, doc_kind from raw.documents "
            "where status = 'loaded' order by file_name").fetchall()
        frames, skipped, notes = _load_frames(con, rules)

        from expectations.validate import validate  # imports great_expectations (slow)

        runnable = [r for r in rules if r.id in frames]
        validations, gx_version, index = validate(runnable, frames, folder)

        result_rows, findings = [], []
        for rule in rules:
            frame = frames.get(rule.id)
            per_doc: Counter[str] = Counter()
            failed_doc: Counter[str] = Counter()
            if frame is not None:
                per_doc.update(frame["document_id"].tolist())
                failed = frame[frame["_row"].isin(validations[rule.id].failed_rows)]
                for row in failed.to_dict("records"):
                    failed_doc[row["document_id"]] += 1
                    findings.append(_finding(run_id, rule, row))
            for document_id, file_name, doc_kind in documents:
                n, f = per_doc[document_id], failed_doc[document_id]
                if rule.id in skipped:
                    status, note = "skipped", skipped[rule.id]
                elif doc_kind not in rule.applies_to:
                    status, note = "not_applicable", f"does not apply to a {doc_kind}"
                elif n == 0:
                    status, note = "not_applicable", "nothing to compare in this document"
                else:
                    status, note = ("failed" if f else "passed"), notes.get(rule.id)
                result_rows.append({
                    "run_id": run_id, "rule_id": rule.id, "rule_group": rule.group,
                    "severity": rule.severity, "title": rule.title,
                    "tolerance": rule.tolerance, "document_id": document_id,
                    "file_name": file_name, "status": status, "comparisons": n,
                    "failures": f, "note": note})

        failed_error = sum(1 for r in result_rows
                           if r["status"] == "failed" and r["severity"] == "error")
        failed_warning = sum(1 for r in result_rows
                             if r["status"] == "failed" and r["severity"] == "warning")
        status = 1 if failed_error else 0
        run = {
            "run_id": run_id, "started_at": started,
            "finished_at": datetime.now(UTC).replace(tzinfo=None),
            "database_path": str(db_path), "gx_version": gx_version,
            "rule_count": len(rules), "document_count": len(documents),
            "results_evaluated": sum(1 for r in result_rows
                                     if r["status"] in ("passed", "failed")),
            "results_failed_error": failed_error, "results_failed_warning": failed_warning,
            "results_skipped": sum(1 for r in result_rows if r["status"] == "skipped"),
            "findings": len(findings), "exit_status": status,
            "data_docs": str(index) if index else None,
        }
        results.write_run(con, run, result_rows, findings, _completeness(con, run_id))
    finally:
        con.close()
    if folder is not None:
        run["findings_page"] = str(docs.write_findings_page(folder, run, findings, result_rows))
    _print_summary(out, run, rules, result_rows, findings, skipped, db_path)
    return status


def _print_summary(out: TextIO, run: dict[str, Any], rules: list[Rule],
                   result_rows: list[dict[str, Any]], findings: list[dict[str, Any]],
                   skipped: dict[str, str], db_path: Path) -> None:
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for r in result_rows:
        by_rule[r["rule_id"]][r["status"]] += 1
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"check run {run['run_id']} on {db_path}: {len(rules)} checks x "
      f"{run['document_count']} documents")
    p(f"{'check':34} {'severity':8} {'passed':>6} {'failed':>6} {'n/a':>5} {'skipped':>7}")
    for rule in rules:
        c = by_rule[rule.id]
        p(f"{rule.id:34} {rule.severity:8} {c['passed']:6} {c['failed']:6} "
          f"{c['not_applicable']:5} {c['skipped']:7}")
    total = Counter(r["status"] for r in result_rows)
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
