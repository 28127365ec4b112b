"""Figures stated in prose (raw.stated_figures) and the prose line report (raw.prose_lines),
from a real ingest of the five bundled samples into a fresh DuckDB file.

Coverage reached on the samples: 151 prose lines hold a digit; 96 are fully extracted, 0 are
partial, and the other 55 hold no figure at all (31 headings, 19 enumerations "1.", 5 title or
date lines with a year only). Of 582 numbers printed in those lines, 406 are stated figures and
none is left unlabelled; the rest are years, dates, enumerations and thresholds ("50万元以上").
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingest.pipeline import ingest

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
KEPU_2026 = "shanxi-kepu-fuwu-zhongxin_2026_budget.txt"
KEPU_2024 = "shanxi-kepu-fuwu-zhongxin_2024_final.txt"
XUEHUI_2025 = "shanxi-xuehui-xueshu-fuwu-zhongxin_2025_budget.txt"
CHENGQU_2026 = "jincheng-chengqu-kexie_2026_budget.txt"
SHANGDANG_2025 = "changzhi-shangdang-kexie_2025_budget.txt"


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("prose") / "warehouse.duckdb"
    report = ingest([SAMPLES], db)
    assert not report.failed, [o.detail for o in report.outcomes]
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def figures(con, file_name: str, subject: str, measure: str = "value") -> list[tuple]:
    """``(value, unit, direction, basis, parent_subject, source_line)`` in document order."""
    return con.execute(
        "SELECT f.value, f.unit, f.direction, f.basis, f.parent_subject, f.source_line "
        "FROM raw.stated_figures f JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = ? AND f.subject = ? AND f.measure = ? ORDER BY f.figure_index",
        [file_name, subject, measure]).fetchall()


def one(con, file_name: str, subject: str, measure: str = "value") -> tuple:
    rows = figures(con, file_name, subject, measure)
    assert rows, (file_name, subject, measure)
    return rows[0]


# --- the "Done when" figures -----------------------------------------------------------------

def test_kepu_2026_revenue_total_and_change(con) -> None:
    assert one(con, KEPU_2026, "revenue_total") == (Decimal("793.27"), "万元", None, None, None,
                                                    333)
    assert one(con, KEPU_2026, "revenue_total", "change") == (
        Decimal("195.71"), "万元", "increase", "上年", None, 333)
    assert one(con, KEPU_2026, "revenue_total", "change_rate") == (
        Decimal("32.75"), "%", "increase", "上年", None, 333)


def test_kepu_2026_basic_expenditure_and_share(con) -> None:
    assert one(con, KEPU_2026, "basic_expenditure") == (
        Decimal("433.27"), "万元", None, None, "expenditure", 343)
    assert one(con, KEPU_2026, "basic_expenditure", "share") == (
        Decimal("54.62"), "%", None, None, "expenditure", 343)
    assert one(con, KEPU_2026, "project_expenditure") == (
        Decimal("360"), "万元", None, None, "expenditure", 343)
    assert one(con, KEPU_2026, "project_expenditure", "share")[0] == Decimal("45.38")
    assert one(con, KEPU_2026, "expenditure") == (Decimal("793.27"), "万元", None, None, None,
                                                  343)


def test_kepu_2026_office_floor_area(con) -> None:
    assert one(con, KEPU_2026, "office_floor_area") == (
        Decimal("606.89"), "平方米", None, None, None, 437)


# --- breadth: more hand-read figures -----------------------------------------------------------

def test_kepu_2026_other_statements(con) -> None:
    assert one(con, KEPU_2026, "expenditure_total", "change")[:3] == (
        Decimal("195.71"), "万元", "increase")
    assert one(con, KEPU_2026, "revenue_current_year")[4] == "revenue_total"
    assert one(con, KEPU_2026, "unit_funds") == (Decimal("793.27"), "万元", None, None,
                                                 "revenue", 337)
    assert one(con, KEPU_2026, "unit_funds", "share")[0] == Decimal("100.00")
    # "一般公共预算当年支出0万元，与上年相同": an unchanged comparison
    assert one(con, KEPU_2026, "general_budget_expenditure", "change") == (
        Decimal("0"), "万元", "unchanged", "上年", None, 353)
    assert one(con, KEPU_2026, "procurement_total")[0] == Decimal("0")
    assert [r[0] for r in figures(con, KEPU_2026, "performance_projects")] == [Decimal("1")]
    assert one(con, KEPU_2026, "performance_projects_amount")[:2] == (Decimal("360.00"), "万元")
    assert one(con, KEPU_2026, "vehicles_total")[:2] == (Decimal("0"), "辆")
    assert one(con, KEPU_2026, "equipment_over_500k")[:2] == (Decimal("0"), "台(套)")
    assert one(con, KEPU_2026, "equipment_over_1m")[5] == 441


def test_kepu_2026_sentence_and_label_as_printed(con) -> None:
    sentence, label, section = con.execute(
        "SELECT f.sentence, f.label, f.section FROM raw.stated_figures f "
        "JOIN raw.documents d USING (document_id) WHERE d.file_name = ? "
        "AND f.subject = 'office_floor_area'", [KEPU_2026]).fetchone()
    assert sentence == ("截至2025年12月31日，山西省科普服务中心使用的办公用房建筑总面积"
                        "606.89平方米。")
    assert label == "使用的办公用房建筑总面积"
    assert section == ("第三部分 2026年度单位预算情况说明 / 十一、国有资产占有使用情况 / "
                       "2、房屋情况：")


def test_chengqu_2026(con) -> None:
    assert one(con, CHENGQU_2026, "revenue_total")[0] == Decimal("141.91")
    assert one(con, CHENGQU_2026, "revenue_total", "change")[:3] == (
        Decimal("14.90"), "万元", "increase")
    assert one(con, CHENGQU_2026, "revenue_total", "change_rate")[0] == Decimal("11.73")
    assert one(con, CHENGQU_2026, "operating_expenses") == (
        Decimal("11.80"), "万元", None, None, None, 433)
    assert one(con, CHENGQU_2026, "operating_expenses", "change")[:4] == (
        Decimal("3.67"), "万元", "increase", "2025年预算")
    assert one(con, CHENGQU_2026, "operating_expenses", "change_rate")[:4] == (
        Decimal("45.14"), "%", "increase", "2025年预算")
    assert one(con, CHENGQU_2026, "performance_projects")[:2] == (Decimal("3"), "个")
    assert one(con, CHENGQU_2026, "performance_projects_amount")[0] == Decimal("19.15")
    assert one(con, CHENGQU_2026, "specific_target_projects_amount")[0] == Decimal("11.00")
    assert one(con, CHENGQU_2026, "office_floor_area")[0] == Decimal("105.47")
    assert one(con, CHENGQU_2026, "staff_quota") == (Decimal("7"), "人", None, None, None, 94)
    assert one(con, CHENGQU_2026, "overall_target_basic_expenditure")[:2] == (
        Decimal("122.76"), "万元")


def test_chengqu_2026_function_classes_with_qualifier(con) -> None:
    rows = con.execute(
        "SELECT f.qualifier, f.measure, f.value, f.source_line FROM raw.stated_figures f "
        "JOIN raw.documents d USING (document_id) WHERE d.file_name = ? "
        "AND f.subject = 'expenditure_by_function' AND f.source_line = 413 "
        "ORDER BY f.figure_index", [CHENGQU_2026]).fetchall()
    assert rows == [
        ("科学技术支出", "value", Decimal("100.33"), 413),
        ("科学技术支出", "share", Decimal("70.70"), 413),
        ("社会保障和就业支出", "value", Decimal("27.05"), 413),
        ("社会保障和就业支出", "share", Decimal("19.06"), 413),
        ("卫生健康支出", "value", Decimal("5.84"), 413),
        ("卫生健康支出", "share", Decimal("4.12"), 413),
        ("住房保障支出", "value", Decimal("8.70"), 413),
        ("住房保障支出", "share", Decimal("6.13"), 413),
    ]


def test_chengqu_2026_figure_wrapped_over_two_lines(con) -> None:
    # line 400 ends "国有资本经营预算拨款0万" and line 402 starts "元。其中：当年拨款收入141.91万元"
    assert one(con, CHENGQU_2026, "state_capital_appropriation") == (
        Decimal("0"), "万元", None, None, "fiscal_appropriation_total", 400)
    assert one(con, CHENGQU_2026, "appropriation_current_year") == (
        Decimal("141.91"), "万元", None, None, "fiscal_appropriation_total", 402)


def test_shangdang_2025(con) -> None:
    assert one(con, SHANGDANG_2025, "three_public_total") == (
        Decimal("1.80"), "万元", None, None, None, 427)
    assert one(con, SHANGDANG_2025, "three_public_total", "change") == (
        Decimal("0"), "万元", "unchanged", "2024年预算数", None, 427)
    assert one(con, SHANGDANG_2025, "official_vehicle_purchase_and_operation")[0] == \
        Decimal("1.80")
    assert one(con, SHANGDANG_2025, "official_vehicle_operation")[0] == Decimal("1.80")
    assert one(con, SHANGDANG_2025, "official_vehicle_purchase")[0] == Decimal("0")
    assert one(con, SHANGDANG_2025, "procurement_goods")[:2] == (Decimal("0.11"), "万元")
    assert one(con, SHANGDANG_2025, "operating_expenses")[0] == Decimal("9.22")
    assert one(con, SHANGDANG_2025, "operating_expenses", "change")[:4] == (
        Decimal("0.77"), "万元", "increase", "2024年预算")
    assert one(con, SHANGDANG_2025, "operating_expenses", "change_rate")[0] == Decimal("9.11")
    assert one(con, SHANGDANG_2025, "performance_projects")[0] == Decimal("5")
    assert one(con, SHANGDANG_2025, "published_project_targets")[0] == Decimal("2")
    assert one(con, SHANGDANG_2025, "project_expenditure") == (
        Decimal("92.9"), "万元", None, None, "expenditure", 395)
    assert one(con, SHANGDANG_2025, "office_floor_area")[0] == Decimal("89")
    # the yoy change of the expenditure total printed on the continuation line 385
    assert one(con, SHANGDANG_2025, "expenditure_total", "change")[:3] == (
        Decimal("71.23"), "万元", "increase")


def test_xuehui_2025(con) -> None:
    assert one(con, XUEHUI_2025, "staff_quota") == (Decimal("26"), "名", None, None, None, 52)
    assert one(con, XUEHUI_2025, "temporary_staff_quota")[0] == Decimal("7")
    assert one(con, XUEHUI_2025, "staff_in_post")[:2] == (Decimal("32"), "人")
    assert one(con, XUEHUI_2025, "vehicles_total")[:2] == (Decimal("14"), "辆")
    assert one(con, XUEHUI_2025, "vehicles_other")[0] == Decimal("14")
    assert one(con, XUEHUI_2025, "office_floor_area")[0] == Decimal("680")
    assert one(con, XUEHUI_2025, "revenue_total", "change")[0] == Decimal("57.99")
    assert one(con, XUEHUI_2025, "revenue_total", "change_rate")[0] == Decimal("7.51")
    assert one(con, XUEHUI_2025, "basic_expenditure") == (
        Decimal("549.99"), "万元", None, None, "expenditure", 358)


def test_figures_explaining_a_change_keep_generic_keys(con) -> None:
    # "主要原因是…项目收入增加50万元": a reason, not a labelled statement
    rows = con.execute(
        "SELECT f.subject, f.measure, f.value, f.is_generic FROM raw.stated_figures f "
        "JOIN raw.documents d USING (document_id) WHERE d.file_name = ? AND f.value = 50",
        [XUEHUI_2025]).fetchall()
    assert rows == [("amount", "change", Decimal("50"), True)] * 2


def test_kepu_2024_final(con) -> None:
    assert one(con, KEPU_2024, "revenue_total") == (Decimal("410.33"), "万元", None, None, None,
                                                    351)
    assert one(con, KEPU_2024, "revenue_total", "change")[:3] == (
        Decimal("82.95"), "万元", "increase")
    assert one(con, KEPU_2024, "revenue_total", "change_rate")[0] == Decimal("25.34")
    assert one(con, KEPU_2024, "expenditure_total", "change")[0] == Decimal("55.54")
    assert one(con, KEPU_2024, "expenditure_total", "change_rate")[0] == Decimal("15.65")
    assert one(con, KEPU_2024, "business_revenue")[0] == Decimal("400.48")
    assert one(con, KEPU_2024, "business_revenue", "share")[0] == Decimal("99.98")
    assert one(con, KEPU_2024, "fiscal_revenue_total", "change")[2] == "unchanged"
    assert one(con, KEPU_2024, "fiscal_expenditure_total")[0] == Decimal("0")
    assert one(con, KEPU_2024, "three_public_actual")[0] == Decimal("0")
    assert one(con, KEPU_2024, "overseas_persons")[:2] == (Decimal("0"), "人次")
    assert one(con, KEPU_2024, "self_evaluated_projects") == (
        Decimal("2"), "个", None, None, None, 440)
    assert one(con, KEPU_2024, "self_evaluated_projects_amount")[:2] == (Decimal("716.2"),
                                                                         "万元")
    grades = con.execute(
        "SELECT f.qualifier, f.value FROM raw.stated_figures f JOIN raw.documents d "
        "USING (document_id) WHERE d.file_name = ? AND f.subject = "
        "'self_evaluation_grade_projects' ORDER BY f.figure_index", [KEPU_2024]).fetchall()
    assert grades == [("良", Decimal("1")), ("差", Decimal("1"))]


# --- coverage ------------------------------------------------------------------------------------

def test_prose_line_coverage(con) -> None:
    by_status = dict(con.execute(
        "SELECT status, count(*) FROM raw.prose_lines GROUP BY status").fetchall())
    assert by_status == {"extracted": 96, "skipped": 55}
    reasons = dict(con.execute(
        "SELECT reason, count(*) FROM raw.prose_lines WHERE status = 'skipped' "
        "GROUP BY reason").fetchall())
    assert reasons == {"heading": 31, "no figure: enumeration": 19, "no figure: year": 5}
    figures_, numbers, unlabelled = con.execute(
        "SELECT sum(figure_count), sum(number_count), sum(len(unlabelled)) "
        "FROM raw.prose_lines").fetchone()
    assert (figures_, numbers, unlabelled) == (406, 582, 0)


def test_every_prose_line_with_a_number_is_reported(con) -> None:
    """The 情况说明 part of the 2026 budget, read independently from the file."""
    lines = (SAMPLES / KEPU_2026).read_text(encoding="utf-8").splitlines()
    table_lines = {392, 394}  # the performance table's title and year line
    expected = {n for n, text in enumerate(lines, start=1)
                if 329 <= n < 453 and "\t" not in text and any(c.isdigit() for c in text)
                and n not in table_lines}
    reported = {r[0] for r in con.execute(
        "SELECT p.source_line FROM raw.prose_lines p JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = ? AND p.source_line BETWEEN 329 AND 452", [KEPU_2026]).fetchall()}
    assert reported == expected


def test_every_figure_points_at_its_line(con) -> None:
    """Lineage: each figure's number is printed on its source line."""
    files = {name: (SAMPLES / name).read_text(encoding="utf-8").splitlines()
             for name in (KEPU_2026, KEPU_2024, XUEHUI_2025, CHENGQU_2026, SHANGDANG_2025)}
    rows = con.execute(
        "SELECT d.file_name, f.source_line, f.value, f.direction FROM raw.stated_figures f "
        "JOIN raw.documents d USING (document_id)").fetchall()
    assert len(rows) == 422
    for file_name, line, value, direction in rows:
        text = files[file_name][line - 1]
        if direction == "unchanged":
            assert "相同" in text or "持平" in text
        else:
            assert format(value.normalize(), "f") in text.replace(",", ""), (file_name, line)


def test_replaced_document_leaves_no_text_part_rows(tmp_path: Path) -> None:
    """A changed file replaces its text-part rows in every new raw table."""
    source = tmp_path / KEPU_2026
    source.write_bytes((SAMPLES / KEPU_2026).read_bytes())
    db = tmp_path / "warehouse.duckdb"
    ingest([source], db)
    source.write_bytes((SAMPLES / KEPU_2026).read_bytes() + "\n附注\n".encode())
    report = ingest([source], db)
    assert [o.outcome for o in report.outcomes] == ["replaced"]
    with duckdb.connect(str(db), read_only=True) as c:
        (doc_id,) = c.execute("SELECT document_id FROM raw.documents").fetchone()
        for table, rows in (("stated_figures", 70), ("prose_lines", 27), ("project_targets", 1),
                            ("target_indicators", 26)):
            assert c.execute(f"SELECT count(*), count(DISTINCT document_id), "
                             f"min(document_id) FROM raw.{table}").fetchone() == (rows, 1, doc_id)
