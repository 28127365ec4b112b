"""The five bundled samples ingested through the real CLI into a fresh DuckDB file."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.cli import main
from tests.conftest import (
    CHENGQU_2026,
    KEPU_2024,
    KEPU_2026,
    SAMPLES,
    SHANGDANG_2025,
    XUEHUI_2025,
)

EXPECTED_IDENTITY = {
    KEPU_2026: ("山西省科普服务中心", "budget", "unit", 2026),
    KEPU_2024: ("山西省科普服务中心", "final_account", "unit", 2024),
    XUEHUI_2025: ("山西省学会学术服务中心（山西省院士专家服务中心）", "budget", "unit", 2025),
    CHENGQU_2026: ("晋城市城区科学技术协会", "budget", "department", 2026),
    SHANGDANG_2025: ("长治市上党区科学技术协会", "budget", "department", 2025),
}


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "warehouse.duckdb"
    assert main(["--db", str(db), "ingest", str(SAMPLES)]) == 0
    return db


@pytest.fixture()
def con(cli_db: Path):
    c = duckdb.connect(str(cli_db), read_only=True)
    yield c
    c.close()


def doc_id(con, file_name: str) -> str:
    return con.execute("SELECT document_id FROM raw.documents WHERE file_name = ?",
                       [file_name]).fetchone()[0]


def value(con, file_name: str, kind: str, column: str, *, label: str | None = None,
          code: str | None = None) -> Decimal:
    """The one value cell of ``kind`` at (row label or code, column path)."""
    rows = con.execute(
        """
        SELECT c.amount FROM raw.cells c
        JOIN raw.tables t USING (document_id, table_index)
        WHERE c.document_id = ? AND t.table_kind = ? AND c.cell_role = 'value'
          AND c.column_path = ?
          AND (? IS NULL OR c.row_label = ?) AND (? IS NULL OR c.row_code = ?)
        """,
        [doc_id(con, file_name), kind, column, label, label, code, code],
    ).fetchall()
    assert len(rows) == 1, (file_name, kind, column, label, code, rows)
    return rows[0][0]


def test_every_document_loaded_with_its_identity(con) -> None:
    rows = con.execute(
        "SELECT file_name, unit_name, doc_kind, scope, fiscal_year, status, encoding "
        "FROM raw.documents").fetchall()
    got = {r[0]: r[1:5] for r in rows}
    assert got == EXPECTED_IDENTITY
    assert {r[5] for r in rows} == {"loaded"}
    assert {r[6] for r in rows} == {"utf-8"}


@pytest.mark.parametrize("file_name", sorted(EXPECTED_IDENTITY))
def test_every_numbered_table_found_once(con, file_name: str) -> None:
    rows = con.execute(
        "SELECT table_no, table_kind FROM raw.tables WHERE document_id = ? "
        "AND table_no IS NOT NULL ORDER BY table_index", [doc_id(con, file_name)]).fetchall()
    expected = 10 if "final" in file_name else 13
    assert [r[0] for r in rows] == list(range(1, expected + 1))


def test_declared_empty_tables_are_present_and_empty(con) -> None:
    rows = con.execute(
        "SELECT t.table_no, t.declared_empty, count(c.amount) FILTER (WHERE c.amount <> 0) "
        "FROM raw.tables t LEFT JOIN raw.cells c USING (document_id, table_index) "
        "WHERE t.document_id = ? AND t.table_no IS NOT NULL GROUP BY ALL ORDER BY 1",
        [doc_id(con, KEPU_2026)]).fetchall()
    empty = {no for no, declared, _ in rows if declared}
    assert empty == {4, 5, 6, 7, 8, 9, 10, 11, 13}
    assert all(n == 0 for no, declared, n in rows if declared)


def test_kepu_2026_summary_table(con) -> None:
    f = KEPU_2026
    assert value(con, f, "budget_summary", "收入/2026年", label="本年收入合计") == Decimal("793.27")
    assert value(con, f, "budget_summary", "收入/2026年", label="五、单位资金") == Decimal("793.27")
    for label, amount in [("六、科学技术支出", "679.68"), ("八、社会保障和就业支出", "56.63"),
                          ("十、卫生健康支出", "24.50"), ("二十、住房保障支出", "32.46"),
                          ("本年支出合计", "793.27"), ("支出总计", "793.27")]:
        assert value(con, f, "budget_summary", "支出/2026年合计", label=label) == Decimal(amount)
    assert value(con, f, "budget_summary", "支出/当年预算安排",
                 label="六、科学技术支出") == Decimal("679.68")


def test_kepu_2026_function_codes(con) -> None:
    f = KEPU_2026
    assert value(con, f, "budget_revenue", "本年收入/单位资金", code="2060705") == Decimal("319.68")
    assert value(con, f, "budget_revenue", "本年收入/合计", code="206") == Decimal("679.68")
    assert value(con, f, "budget_expenditure", "2026年预算数/项目支出",
                 code="2060799") == Decimal("360.00")
    assert value(con, f, "budget_expenditure", "2026年预算数/基本支出",
                 label="合计") == Decimal("433.27")
    codes = con.execute(
        "SELECT row_code, code_kind, row_label FROM raw.cells c JOIN raw.tables t "
        "USING (document_id, table_index) WHERE c.document_id = ? AND t.table_kind = "
        "'budget_expenditure' AND cell_role = 'code' ORDER BY row_index",
        [doc_id(con, f)]).fetchall()
    assert [c[0] for c in codes] == [
        "206", "20607", "2060705", "2060799", "208", "20805", "2080502", "2080505", "2080506",
        "210", "21007", "2100799", "21011", "2101102", "2101103", "221", "22102", "2210201"]
    assert {c[1] for c in codes} == {"function"}
    assert codes[6][2] == "事业单位离退休"


def test_kepu_2024_final_summary(con) -> None:
    f = KEPU_2024
    assert value(con, f, "final_summary", "收入/金额", label="年初结转和结余") == Decimal("9.79")
    assert value(con, f, "final_summary", "支出/金额", label="年末结转和结余") == Decimal("32.63")
    totals = con.execute(
        "SELECT column_path, amount, row_line_no FROM raw.cells c JOIN raw.tables t "
        "USING (document_id, table_index) WHERE c.document_id = ? AND table_kind = "
        "'final_summary' AND row_label = '总计' AND cell_role = 'value' ORDER BY col_index",
        [doc_id(con, f)]).fetchall()
    assert totals == [("收入/金额", Decimal("410.33"), 31), ("支出/金额", Decimal("410.33"), 62)]
    assert value(con, f, "final_revenue", "事业收入", code="2060799") == Decimal("400.48")
    assert value(con, f, "final_expenditure", "项目支出", code="2060799") == Decimal("377.70")


def test_kepu_2024_economic_table_groups_and_not_applicable(con) -> None:
    rows = con.execute(
        "SELECT column_path, row_code, row_label, value_status, amount, text FROM raw.cells c "
        "JOIN raw.tables t USING (document_id, table_index) WHERE c.document_id = ? AND "
        "table_kind = 'final_basic_by_economic' AND cell_role = 'value' AND row_code = '30901'",
        [doc_id(con, KEPU_2024)]).fetchall()
    assert rows == [("公用经费/决算数", "30901", "房屋建筑物购建", "not_applicable", None, "———")]
    paths = con.execute(
        "SELECT column_paths FROM raw.tables WHERE document_id = ? AND "
        "table_kind = 'final_basic_by_economic'", [doc_id(con, KEPU_2024)]).fetchone()[0]
    assert paths[:4] == ["人员经费/科目代码", "人员经费/科目名称", "人员经费/决算数",
                         "公用经费/科目代码"]
    codes = con.execute(
        "SELECT count(*) FROM raw.cells WHERE document_id = ? AND cell_role = 'code' "
        "AND code_kind = 'economic'", [doc_id(con, KEPU_2024)]).fetchone()[0]
    assert codes == 110  # every 3- and 5-digit code printed on lines 219-247


def test_kepu_2024_three_public_header_paths(con) -> None:
    paths = con.execute(
        "SELECT column_paths, body_rows, declared_empty FROM raw.tables WHERE document_id = ? "
        "AND table_kind = 'final_three_public'", [doc_id(con, KEPU_2024)]).fetchone()
    assert paths[0][3] == "预算数/公务用车购置及运行维护费/公务用车购置费"
    assert paths[0][10] == "决算数/公务用车购置及运行维护费/公务用车运行维护费"
    assert paths[1:] == (0, True)


def test_xuehui_unit_name_read_in_full_in_every_table(con) -> None:
    rows = con.execute(
        "SELECT table_no, unit_name FROM raw.tables WHERE document_id = ? AND "
        "table_no IS NOT NULL", [doc_id(con, XUEHUI_2025)]).fetchall()
    assert len(rows) == 13
    assert {r[1] for r in rows} == {"山西省学会学术服务中心（山西省院士专家服务中心）"}
    # the split "单位：万" / "元" header still gives the table its unit
    units = con.execute("SELECT DISTINCT unit FROM raw.tables WHERE document_id = ? AND "
                        "table_no IS NOT NULL", [doc_id(con, XUEHUI_2025)]).fetchall()
    assert units == [("万元",)]
    # a name wrapped with a space inside its cell is read whole
    labels = con.execute(
        "SELECT row_label, amount FROM raw.cells c JOIN raw.tables t USING "
        "(document_id, table_index) WHERE c.document_id = ? AND table_kind = "
        "'budget_projects_current' AND column_path = '合计' ORDER BY row_index",
        [doc_id(con, XUEHUI_2025)]).fetchall()
    assert labels == [("山西省学会学术服务中心（山西省院士专家服务中心）", Decimal("280.00")),
                      ("院士工作站管理、学会服务及学术交流项目", Decimal("280.00"))]


def test_shangdang_three_public_and_projects(con) -> None:
    f = SHANGDANG_2025
    assert value(con, f, "budget_three_public", "2025年预算数/合计",
                 label="②公务用车运行维护费") == Decimal("1.80")
    assert value(con, f, "budget_three_public", "2025年预算数/一般公共预算",
                 label="公务用车购置及运行费") == Decimal("1.80")
    rows = con.execute(
        "SELECT row_index, row_label, amount FROM raw.cells c JOIN raw.tables t USING "
        "(document_id, table_index) WHERE c.document_id = ? AND table_kind = "
        "'budget_projects_current' AND column_path = '合计' ORDER BY row_index",
        [doc_id(con, f)]).fetchall()
    assert [r[1] for r in rows[:2]] == ["长治市上党区科学技术协会"] * 2
    projects = rows[2:]
    assert len(projects) == 5
    assert sum(r[2] for r in projects) == Decimal("92.90")
    assert projects[1][1:] == ("遗属补助人员", Decimal("0.90"))


def test_chengqu_economic_table_and_watermarks(con) -> None:
    f = CHENGQU_2026
    assert value(con, f, "budget_basic_by_economic", "2026年预算数/人员经费",
                 label="合计") == Decimal("110.96")
    assert value(con, f, "budget_basic_by_economic", "2026年预算数/公用经费",
                 label="合计") == Decimal("11.80")
    second = con.execute(
        "SELECT text FROM raw.cells c JOIN raw.tables t USING (document_id, table_index) "
        "WHERE c.document_id = ? AND table_kind = 'budget_basic_by_economic' AND col_index = 1 "
        "AND row_label = '基本工资'", [doc_id(con, f)]).fetchall()
    assert second == [("工资奖金津补贴",)]
    watermarks = con.execute("SELECT count(*) FROM raw.debris WHERE document_id = ? AND "
                             "kind = 'watermark'", [doc_id(con, f)]).fetchone()[0]
    assert watermarks == 20
    leaked = con.execute("SELECT count(*) FROM raw.cells WHERE text LIKE '%仅供内部审核%'"
                         ).fetchone()[0]
    assert leaked == 0


def test_every_cell_has_lineage(con) -> None:
    missing = con.execute(
        "SELECT count(*) FROM raw.cells c LEFT JOIN raw.tables t USING "
        "(document_id, table_index) WHERE t.document_id IS NULL OR c.source_line IS NULL "
        "OR c.source_line < t.first_line OR c.source_line > t.last_line").fetchone()[0]
    assert missing == 0
    duplicated = con.execute(
        "SELECT count(*) FROM (SELECT document_id, table_index, row_index, col_index "
        "FROM raw.cells GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
    assert duplicated == 0


def test_source_line_points_at_the_printed_text(con) -> None:
    rows = con.execute(
        "SELECT d.source_path, c.source_line, c.text FROM raw.cells c JOIN raw.documents d "
        "USING (document_id)").fetchall()
    assert len(rows) > 5000
    cache: dict[str, list[str]] = {}
    for path, line, text in rows:
        if path not in cache:
            raw = (SAMPLES / Path(path).name).read_text(encoding="utf-8").splitlines()
            cache[path] = [re.sub(r"<[^>]+>|\*\*|\s", "", x) for x in raw]
        assert re.sub(r"\s", "", text) in cache[path][line - 1], (path, line, text)
