"""Incremental build and check: after one document changes, the incremental warehouse equals a
full rebuild of the same raw rows, and the checks report the same state as a full re-check."""

from __future__ import annotations

import io
import shutil

import duckdb
import pytest

from budget_warehouse.build import build_warehouse
from budget_warehouse.build_state import last_complete_build, plan_build
from expectations.runner import run_checks
from ingest.pipeline import ingest
from tests.conftest import KEPU_2024, SAMPLES, SHANGDANG_2025

# The 上党区 prose says 2 published performance targets while 5 target tables are printed (a
# real finding); the edited copy says 5.
STATED_COUNT = "公开项目绩效目标2个"
FIXED_COUNT = "公开项目绩效目标5个"


def _tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[str]:
    return [f"{s}.{t}" for s, t in con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = "
        "current_database() and schema_name in ? order by 1, 2", [list(schemas)]).fetchall()]


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The samples built and checked in full; then one document edited, ingested, built and
    checked incrementally (``db``); and a copy of that raw state rebuilt and re-checked in
    full (``full_db``)."""
    base = tmp_path_factory.mktemp("incremental")
    docs = base / "docs"
    shutil.copytree(SAMPLES, docs)
    db = base / "warehouse.duckdb"
    dbt = {"target_path": base / "target", "log_path": base / "logs"}
    assert not ingest([docs], db).failed
    assert build_warehouse(db, **dbt) == 0
    first = io.StringIO()
    assert run_checks(db, write_docs=False, out=first, scope="changed",
                      last_build=last_complete_build) == 1

    edited = docs / SHANGDANG_2025
    text = edited.read_text(encoding="utf-8")
    assert STATED_COUNT in text
    edited.write_text(text.replace(STATED_COUNT, FIXED_COUNT, 1), encoding="utf-8")
    report = ingest([docs], db)
    assert (report.count("replaced"), report.count("unchanged")) == (1, 4)
    with duckdb.connect(str(db)) as con:
        plan = plan_build(con)
    assert build_warehouse(db, **dbt) == 0
    second = io.StringIO()
    assert run_checks(db, write_docs=False, out=second, scope="changed",
                      last_build=last_complete_build) == 1

    full_db = base / "full.duckdb"
    shutil.copy(db, full_db)
    assert build_warehouse(full_db, full_refresh=True, **dbt) == 0
    full = io.StringIO()
    assert run_checks(full_db, write_docs=False, out=full, scope="all",
                      last_build=last_complete_build) == 1
    return {"db": db, "full_db": full_db, "plan": plan, "first": first.getvalue(),
            "second": second.getvalue(), "full": full.getvalue()}


def test_the_second_build_is_incremental_over_the_changed_document(warehouses: dict) -> None:
    plan = warehouses["plan"]
    assert (plan.mode, plan.batch_documents, plan.loaded_documents) == ("incremental", 1, 5)
    with duckdb.connect(str(warehouses["db"]), read_only=True) as con:
        modes = con.execute("select mode, batch_documents, models_ok from build.runs "
                            "order by started_at").fetchall()
    assert modes == [("full", 5, True), ("incremental", 1, True)]


def test_incremental_warehouse_equals_a_full_rebuild(warehouses: dict) -> None:
    with duckdb.connect(str(warehouses["db"]), read_only=True) as con:
        con.execute(f"attach '{warehouses['full_db']}' as full_build (read_only)")
        tables = _tables(con, ("intermediate", "marts"))
        assert len(tables) >= 30
        for table in tables:
            count = con.execute(f"select count(*) from {table}").fetchone()[0]
            for left, right in ((table, f"full_build.{table}"), (f"full_build.{table}", table)):
                extra = con.execute(f"select count(*) from (select * from {left} except all "
                                    f"select * from {right})").fetchone()[0]
                assert extra == 0, f"{left}: {extra} of {count} rows not in {right}"
        # the edit reached the marts, and the replaced version left no row behind
        stated = con.execute(
            "select f.value from marts.fact_stated_figure f join marts.dim_document d "
            "using (document_id) where d.file_name = ? and f.sentence like '%公开项目绩效目标%个%' "
            "and f.unit = '个'", [SHANGDANG_2025]).fetchall()
        assert stated and all(float(v) == 5 for (v,) in stated)
        documents = con.execute("select count(distinct document_id) from "
                                "marts.fact_budget_line").fetchone()[0]
        assert documents == 5


def test_incremental_check_reports_the_state_of_a_full_check(warehouses: dict) -> None:
    first, second, full = warehouses["first"], warehouses["second"], warehouses["full"]
    assert "checked every document" in first
    assert "checked 1 document(s) ingested since the last run" in second
    assert "failed: 3 error, 0 warning (7 findings)" in first
    summary = [line for line in second.splitlines() if not line.startswith("check run")
               and not line.startswith("checked ") and not line.startswith("results:")]
    expected = [line for line in full.splitlines() if not line.startswith("check run")
                and not line.startswith("checked ") and not line.startswith("results:")]
    assert summary == expected
    assert "(6 findings)" in second           # the stated count now matches the tables
    with duckdb.connect(str(warehouses["db"]), read_only=True) as con:
        runs = con.execute("select scope, documents_checked, document_count from "
                           "quality.check_runs order by started_at").fetchall()
        assert runs == [("all", 5, 5), ("changed", 1, 5)]
        current = set(con.execute("select rule_id, file_name, status, comparisons, failures "
                                  "from quality.current_results").fetchall())
        findings = set(con.execute("select fingerprint, expected, actual from "
                                   "quality.current_findings").fetchall())
    with duckdb.connect(str(warehouses["full_db"]), read_only=True) as con:
        run = con.execute("select run_id from quality.check_runs order by started_at desc "
                          "limit 1").fetchone()[0]
        assert current == set(con.execute(
            "select rule_id, file_name, status, comparisons, failures from "
            "quality.check_results where run_id = ?", [run]).fetchall())
        assert findings == set(con.execute(
            "select fingerprint, expected, actual from quality.check_findings "
            "where run_id = ?", [run]).fetchall())


def test_ingested_at_never_goes_back(tmp_path) -> None:
    """A clock set back must not make a new document look older than the watermark an
    incremental build continues from: ingested_at always exceeds every stored one."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(SAMPLES / SHANGDANG_2025, first)
    shutil.copy(SAMPLES / KEPU_2024, second)
    db = tmp_path / "warehouse.duckdb"
    assert not ingest([first], db).failed
    with duckdb.connect(str(db)) as con:      # as if the clock had been a day ahead
        con.execute("update raw.documents set ingested_at = ingested_at + interval 1 day")
        ahead = con.execute("select max(ingested_at) from raw.documents").fetchone()[0]
    assert not ingest([second], db).failed
    with duckdb.connect(str(db), read_only=True) as con:
        newest = con.execute("select ingested_at from raw.documents where file_name = ?",
                             [KEPU_2024]).fetchone()[0]
    assert newest > ahead
