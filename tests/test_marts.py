"""The star schema built by dbt from the five bundled samples, queried through DuckDB.

One ingest and one ``dbt build`` (seeds, models, dbt tests) per module, into a fresh DuckDB file
under pytest's temporary directory, with dbt's target and log directories beside it.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.build import build_warehouse
from tests.conftest import ROOT

KEPU = "山西省科普服务中心"
SHANGDANG = "长治市上党区科学技术协会"
CHENGQU = "晋城市城区科学技术协会"
XUEHUI = "山西省学会学术服务中心（山西省院士专家服务中心）"

LAYERS = {"staging", "intermediate", "marts", "reference"}

FACTS = [
    "fact_budget_line",
    "fact_basic_expenditure_economic",
    "fact_project_budget",
    "fact_three_public",
    "fact_project_performance",
]


@pytest.fixture(scope="module")
def built_db(built_samples: Path) -> Path:
    """The session's warehouse built from the five samples (tests/conftest.py)."""
    return built_samples


@pytest.fixture()
def con(built_db: Path):
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


def one(con, sql: str, *params):
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, (sql, rows)
    return rows[0][0] if len(rows[0]) == 1 else rows[0]


def unit_key(con, name: str) -> str:
    return one(con, "select unit_key from marts.dim_unit where unit_name = ?", name)


# --- the build itself ---------------------------------------------------------------------


def test_database_file_is_released_after_build(tmp_path: Path, built_db: Path) -> None:
    """dbt-duckdb keeps its connection open after an in-process build (a read-only connection in
    the same process would then fail with "different configuration"): build_warehouse closes it,
    so the same process can open the file read-only, then read-write, right after a build."""
    db = tmp_path / "release.duckdb"
    db.write_bytes(built_db.read_bytes())
    status = build_warehouse(db, target_path=tmp_path / "target", log_path=tmp_path / "logs",
                             select=["dim_year"])
    assert status == 0
    reader = duckdb.connect(str(db), read_only=True)
    try:
        assert reader.execute("select count(*) from marts.dim_year").fetchone()[0] == 3
    finally:
        reader.close()
    writer = duckdb.connect(str(db))
    try:
        writer.execute("create table main.release_probe as select 1 as x")
        assert writer.execute("select count(*) from main.release_probe").fetchone()[0] == 1
    finally:
        writer.close()


def test_build_of_a_missing_database_fails(tmp_path: Path) -> None:
    assert build_warehouse(tmp_path / "absent.duckdb", target_path=tmp_path / "t",
                           log_path=tmp_path / "l") != 0


def test_build_of_a_database_without_raw_schema_fails(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()
    assert build_warehouse(db, target_path=tmp_path / "t", log_path=tmp_path / "l") == 1


def test_every_model_and_column_is_described(con, built_db: Path) -> None:
    manifest = json.loads(built_db.parent.joinpath("target", "manifest.json").read_text())
    described = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] in {"model", "seed"} and node["schema"] in LAYERS:
            assert node["description"].strip(), node["name"]
            described[node["name"]] = {
                name for name, col in node["columns"].items() if col["description"].strip()}
    rows = con.execute(
        "select table_name, column_name from information_schema.columns"
        f" where table_schema in {tuple(sorted(LAYERS))}").fetchall()
    undocumented = sorted((t, c) for t, c in rows if c not in described.get(t, set()))
    assert undocumented == []


def test_dbt_artifacts_go_to_the_given_target_path(built_db: Path) -> None:
    assert built_db.parent.joinpath("target", "manifest.json").exists()
    assert built_db.parent.joinpath("target", "run_results.json").exists()


def test_columns_not_null_fails_on_a_null_and_names_the_column(built_db: Path, tmp_path: Path,
                                                              monkeypatch) -> None:
    """The one-query-per-model not-null test (macros/tests.sql) fails on one NULL and says
    which column it is."""
    from dbt.cli.main import dbtRunner

    from budget_warehouse.build import _release_duckdb
    from budget_warehouse.settings import DB_ENV, ROOT

    db = tmp_path / "warehouse.duckdb"
    db.write_bytes(built_db.read_bytes())
    with duckdb.connect(str(db)) as c:
        c.execute("update marts.fact_budget_line set unit_key = null "
                  "where budget_line_key = (select min(budget_line_key) "
                  "from marts.fact_budget_line)")
    monkeypatch.setenv(DB_ENV, str(db))
    monkeypatch.chdir(ROOT)
    try:
        result = dbtRunner().invoke([
            "test", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT), "--quiet",
            "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
            "--select", "fact_budget_line,test_name:columns_not_null"])
    finally:
        _release_duckdb()
    (run,) = result.result
    assert str(run.status) == "fail" and run.failures == 1
    with duckdb.connect(str(db), read_only=True) as c:
        assert c.execute(f"select null_columns from ({run.node.compiled_code})").fetchall() == [
            ("unit_key",)]


def test_every_dbt_test_passes_on_the_samples_without_a_warning(built_db: Path) -> None:
    """The samples' full build: every test passes, so the warn-severity ones (a document's own
    inconsistency, e.g. assert_additive_lines_sum_to_document_totals) stay guards of the
    models."""
    results = json.loads(built_db.parent.joinpath("target", "run_results.json").read_text())
    tests = {r["unique_id"]: r["status"] for r in results["results"]
             if r["unique_id"].startswith("test.")}
    assert len(tests) > 250
    assert {uid: s for uid, s in tests.items() if s != "pass"} == {}


def test_every_layer_is_built(con) -> None:
    schemas = dict(con.execute(
        "select table_schema, count(*) from information_schema.tables "
        "where table_schema in ('staging', 'intermediate', 'marts', 'reference') group by 1"
    ).fetchall())
    assert set(schemas) == {"staging", "intermediate", "marts", "reference"}


# --- the Done-when values -------------------------------------------------------------------


def test_kepu_is_one_unit_with_a_2026_budget_and_a_2024_final_account(con) -> None:
    assert one(con, "select count(*) from marts.dim_unit where unit_name = ?", KEPU) == 1
    docs = con.execute(
        "select phase, fiscal_year from marts.dim_document d join marts.dim_unit u using (unit_key)"
        " where u.unit_name = ? order by fiscal_year", [KEPU]
    ).fetchall()
    assert docs == [("final_account", 2024), ("budget", 2026)]
    assert one(con, "select count(distinct phase) from marts.fact_budget_line "
                    "where unit_key = ?", unit_key(con, KEPU)) == 2


def test_kepu_2024_final_expenditure_on_2060799(con) -> None:
    rows = dict(con.execute(
        "select expenditure_type, amount from marts.fact_budget_line"
        " where unit_key = ? and phase = 'final_account' and fiscal_year = 2024"
        "   and function_code = '2060799' and source_table_kind = 'final_expenditure'",
        [unit_key(con, KEPU)]).fetchall())
    assert rows == {"total": Decimal("377.70"), "project": Decimal("377.70")}


def test_kepu_2026_budget_on_2060799(con) -> None:
    rows = dict(con.execute(
        "select expenditure_type, amount from marts.fact_budget_line"
        " where unit_key = ? and phase = 'budget' and fiscal_year = 2026"
        "   and function_code = '2060799' and source_table_kind = 'budget_expenditure'",
        [unit_key(con, KEPU)]).fetchall())
    assert rows == {"total": Decimal("360.00"), "project": Decimal("360.00")}
    # the same code in the income table: all 单位资金
    income = dict(con.execute(
        "select fund_source_code, amount from marts.fact_budget_line"
        " where unit_key = ? and fiscal_year = 2026 and function_code = '2060799'"
        "   and source_table_kind = 'budget_revenue'", [unit_key(con, KEPU)]).fetchall())
    assert income == {"all": Decimal("360.00"), "unit_funds": Decimal("360.00")}


def test_every_fact_function_code_resolves_with_its_class_name(con) -> None:
    missing = con.execute(
        "select distinct f.function_code from marts.fact_budget_line f"
        " left join marts.dim_function_code d using (function_code)"
        " where d.function_code is null or d.class_name is null or d.function_name is null"
    ).fetchall()
    assert missing == []
    assert one(con, "select class_name from marts.dim_function_code "
                    "where function_code = '2060799'") == "科学技术支出"
    assert one(con, "select section_name from marts.dim_function_code "
                    "where function_code = '2060799'") == "科学技术普及"


def test_shangdang_2025_budget_expenditure(con) -> None:
    by_type = dict(con.execute(
        "select expenditure_type, sum(amount) from marts.fact_budget_line"
        " where unit_key = ? and fiscal_year = 2025 and phase = 'budget'"
        "   and flow = 'expenditure' and is_additive group by 1",
        [unit_key(con, SHANGDANG)]).fetchall())
    assert by_type == {"basic": Decimal("83.36"), "project": Decimal("92.90")}
    assert sum(by_type.values()) == Decimal("176.26")
    income = one(con, "select sum(amount) from marts.fact_budget_line where unit_key = ? "
                      "and flow = 'income' and is_additive", unit_key(con, SHANGDANG))
    assert income == Decimal("176.26")


def test_no_fact_row_lacks_lineage(con) -> None:
    for fact in FACTS:
        n = one(con, f"select count(*) from marts.{fact}")
        assert n > 0, fact
        bad = one(con, f"select count(*) from marts.{fact} where document_id is null"
                       " or source_line is null or source_table_index is null")
        assert bad == 0, fact
    # the line is inside the table it is said to come from
    outside = one(con, """
        select count(*) from marts.fact_budget_line f
        join staging.stg_tables t
          on t.document_id = f.document_id and t.table_index = f.source_table_index
        where f.source_line not between t.first_line and t.last_line
           or t.table_kind <> f.source_table_kind""")
    assert outside == 0


# --- further properties of the star schema -----------------------------------------------


def test_fact_amounts_equal_the_printed_cells(con) -> None:
    mismatched = one(con, """
        select count(*) from marts.fact_budget_line f
        join staging.stg_cells c
          on c.document_id = f.document_id and c.table_index = f.source_table_index
         and c.row_index = f.source_row_index and c.col_index = f.source_col_index
        where c.amount <> f.amount or c.source_line <> f.source_line""")
    assert mismatched == 0


def test_additive_rows_reproduce_every_table_total_within_rounding(con) -> None:
    rows = con.execute("""
        select table_kind, column_path, printed_total, class_rows_sum, rounding_tolerance
        from intermediate.int_function_table_totals where printed_total is not null""").fetchall()
    assert rows
    for kind, path, printed, summed, tolerance in rows:
        assert abs(summed - printed) <= tolerance, (kind, path, printed, summed)
    # exact for the department of 上党区 (no 尾差 in its tables)
    assert one(con, """select max(abs(class_difference)) from intermediate.int_function_table_totals
                      t join marts.dim_unit u using (unit_key) where u.unit_name = ?""",
               SHANGDANG) == 0


def test_table_one_class_names_resolve_to_codes(con) -> None:
    unresolved = con.execute("""
        select distinct label from intermediate.int_summary_lines
        where table_kind = 'budget_summary' and side = 'expenditure' and row_kind = 'other'
    """).fetchall()
    assert unresolved == []
    labels = one(con, """
        select count(distinct c.row_label_norm) from intermediate.int_cell_meaning c
        join reference.ref_function_class r on r.function_name = c.row_label_norm
        where c.table_kind = 'budget_summary' and c.column_path like '支出/项目'""")
    assert labels == 30
    assert one(con, "select count(*) from marts.dim_function_code "
                    "where function_level = 'class'") == 30
    science = dict(con.execute("""
        select fund_source_code, amount from marts.fact_budget_line
        where unit_key = ? and source_table_kind = 'budget_summary' and function_code = '206'
    """, [unit_key(con, SHANGDANG)]).fetchall())
    assert science == {"all": Decimal("140.82"), "current_year_budget": Decimal("140.82")}


def test_dim_unit_regions_and_supervising_departments(con) -> None:
    rows = {r[0]: r[1:] for r in con.execute("""
        select unit_name, scope, admin_code, level, parent_admin_code,
               supervising_department_code, supervising_department_name, unit_budget_code
        from marts.dim_unit""").fetchall()}
    assert rows[KEPU] == ("unit", "140000", "province", None, "322", "山西省科学技术协会",
                          "322702")
    assert rows[SHANGDANG] == ("department", "140404", "county", "140400", "307", SHANGDANG, "307")
    assert rows[CHENGQU] == ("department", "140502", "county", "140500", "024", CHENGQU, "024")
    assert rows[XUEHUI][:3] == ("unit", "140000", "province")


def test_dim_year(con) -> None:
    rows = con.execute("select fiscal_year, budget_documents, final_account_documents "
                       "from marts.dim_year order by 1").fetchall()
    assert rows == [(2024, 0, 1), (2025, 2, 0), (2026, 2, 0)]


def test_budget_vs_final_keeps_one_sided_rows(con) -> None:
    rows = dict(con.execute("""
        select fiscal_year, (comparison_status, budget_amount, final_amount, execution_rate)
        from marts.budget_vs_final
        where unit_key = ? and function_code = '2060799' and expenditure_type = 'total'
    """, [unit_key(con, KEPU)]).fetchall())
    assert rows == {
        2024: ("final_only", None, Decimal("377.70"), None),
        2026: ("budget_only", Decimal("360.00"), None, None),
    }
    statuses = {r[0] for r in con.execute(
        "select distinct comparison_status from marts.budget_vs_final").fetchall()}
    assert statuses <= {"both", "budget_only", "final_only"}


def test_budget_year_over_year_marks_missing_prior_budgets(con) -> None:
    rows = con.execute("select distinct yoy_status from marts.budget_year_over_year").fetchall()
    assert rows == [("no_prior_budget",)]
    assert one(con, "select count(*) from marts.budget_year_over_year "
                    "where change_amount is not null") == 0


def test_basic_expenditure_by_economic_code(con) -> None:
    key = unit_key(con, SHANGDANG)
    by_group = dict(con.execute(
        "select cost_group, sum(amount) from marts.fact_basic_expenditure_economic"
        " where unit_key = ? and is_additive group by 1", [key]).fetchall())
    assert by_group == {"personnel": Decimal("74.15"), "public": Decimal("9.22")}
    assert one(con, """select (economic_code, gov_economic_code, amount)
                      from marts.fact_basic_expenditure_economic
                      where unit_key = ? and printed_name = '基本工资' and cost_group = 'total'""",
               key) == ("30101", "50101", Decimal("20.46"))
    unresolved = one(con, "select count(*) from intermediate.int_economic_lines "
                          "where not is_total_row and economic_code is null")
    assert unresolved == 0


def test_project_budget(con) -> None:
    key = unit_key(con, SHANGDANG)
    projects = one(con, "select sum(amount) from marts.fact_project_budget "
                        "where unit_key = ? and is_additive", key)
    assert projects == Decimal("92.90")
    kinds = dict(con.execute(
        "select row_kind, count(distinct project_row_key) from marts.fact_project_budget"
        " where unit_key = ? group by 1", [key]).fetchall())
    assert kinds == {"department_total": 1, "unit_total": 1, "project": 5}


def test_three_public(con) -> None:
    row = one(con, """select (budget_amount, final_amount, difference) from
                      marts.three_public_budget_vs_final
                      where unit_key = ? and item_code = 'total'""", unit_key(con, SHANGDANG))
    assert row == (Decimal("1.80"), None, None)


def test_project_performance(con) -> None:
    rows = con.execute("""
        select project_name, full_year_budget_amount, full_year_executed_amount,
               execution_rate_pct
        from marts.fact_project_performance where fund_row_code = 'total' order by 1""").fetchall()
    assert rows == [
        ("山西省公众科学素质提升综合服务及党的创新理论暨党建活动进机关项目",
         Decimal("400.545"), Decimal("367.911"), Decimal("91.85")),
        ("山西省自然科学研究系列科学传播专业职称评审项目",
         Decimal("380"), Decimal("40.332"), Decimal("10.61")),
    ]


def test_example_queries_run(con, built_db: Path) -> None:
    """The analyses name models by ref(): resolved from the build's manifest (schema and
    alias of each model), every question returns rows."""
    import jinja2

    manifest = json.loads((built_db.parent / "target" / "manifest.json").read_text())
    relations = {node["name"]: f"{node['schema']}.{node['alias']}"
                 for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    text = (ROOT / "analyses" / "example_questions.sql").read_text(encoding="utf-8")
    assert "marts." not in re.sub(r"--[^\n]*", "", text), "name models by ref()"
    text = jinja2.Template(text).render(ref=relations.__getitem__)
    text = re.sub(r"--[^\n]*", "", text)
    queries = [q.strip() for q in text.split(";") if q.strip()]
    assert len(queries) >= 3
    for query in queries:
        assert con.execute(query).fetchall(), query
