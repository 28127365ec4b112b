"""The three shared disclosure PDFs ingested through the pipeline, checked against values read
by hand from the printed pages.

The PDFs are not part of the repository: they are read from ``../shared/pdf-samples`` beside
the checkout, and these tests are skipped (with that reason) when the folder is absent.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingest.catalogue import load_catalogue
from ingest.errors import DocumentError
from ingest.pipeline import ingest
from tests.conftest import ROOT

PDF_SAMPLES = ROOT.parent / "shared" / "pdf-samples"
CAIZHENGJU = "shanghai-putuo-caizhengju_2024_final.pdf"
SHEHUI = "shanghai-putuo-shehuigongzuobu_2024_final.pdf"
JIANGSU = "jiangsu-gaoji-fayuan_2019_budget.pdf"

pytestmark = pytest.mark.skipif(
    not all((PDF_SAMPLES / f).is_file() for f in (CAIZHENGJU, SHEHUI, JIANGSU)),
    reason=f"shared PDF samples not found in {PDF_SAMPLES} (they are kept outside the "
           "repository: ../shared/pdf-samples)")


@pytest.fixture(scope="module")
def pdf_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("pdf") / "warehouse.duckdb"
    report = ingest([PDF_SAMPLES / f for f in (JIANGSU, CAIZHENGJU, SHEHUI)], db, workers=1)
    assert [o.outcome for o in report.outcomes] == ["loaded"] * 3, \
        [(o.path, o.detail) for o in report.outcomes]
    return db


@pytest.fixture()
def con(pdf_db: Path):
    c = duckdb.connect(str(pdf_db), read_only=True)
    yield c
    c.close()


def doc_id(con, file_name: str) -> str:
    return con.execute("SELECT document_id FROM raw.documents WHERE file_name = ?",
                       [file_name]).fetchone()[0]


def cells(con, file_name: str, kind: str, *, column: str | None = None,
          label: str | None = None, code: str | None = None) -> list[tuple]:
    """(amount, page, row_label, row_code) of the value cells that match."""
    return con.execute(
        """
        SELECT c.amount, c.page, c.row_label, c.row_code FROM raw.cells c
        JOIN raw.tables t USING (document_id, table_index)
        WHERE c.document_id = ? AND t.table_kind = ? AND c.cell_role = 'value'
          AND (? IS NULL OR c.column_path = ?) AND (? IS NULL OR c.row_label = ?)
          AND (? IS NULL OR c.row_code = ?)
        ORDER BY c.row_index, c.col_index
        """,
        [doc_id(con, file_name), kind, column, column, label, label, code, code]).fetchall()


def value(con, file_name: str, kind: str, column: str, *, label: str | None = None,
          code: str | None = None) -> Decimal:
    rows = cells(con, file_name, kind, column=column, label=label, code=code)
    assert len(rows) == 1, (file_name, kind, column, label, code, rows)
    return rows[0][0]


def numbered_tables(con, file_name: str) -> list[tuple]:
    return con.execute(
        "SELECT table_no, table_kind, first_page, last_page, declared_empty FROM raw.tables "
        "WHERE document_id = ? AND table_no IS NOT NULL ORDER BY table_index",
        [doc_id(con, file_name)]).fetchall()


# --------------------------------------------------------------------------- identity


def test_identity_template_and_pages(con) -> None:
    rows = con.execute(
        "SELECT file_name, unit_name, doc_kind, scope, fiscal_year, template, status, "
        "source_format, page_count, encoding FROM raw.documents ORDER BY file_name").fetchall()
    assert rows == [
        (JIANGSU, "江苏省高级人民法院", "budget", "department", 2019, "jiangsu_budget",
         "loaded", "pdf", 26, None),
        (CAIZHENGJU, "上海市普陀区财政局", "final_account", "department", 2024,
         "shanghai_final", "loaded", "pdf", 25, None),
        (SHEHUI, "中共上海市普陀区委社会工作部", "final_account", "department", 2024,
         "shanghai_final", "loaded", "pdf", 24, None),
    ]
    pages = con.execute("SELECT count(*), count(*) FILTER (WHERE status = 'text') "
                        "FROM raw.pages").fetchone()
    assert pages == (75, 74)  # 财政局 p14 only carries the empty ruled tail of table 4
    assert con.execute("SELECT page, status FROM raw.pages WHERE status <> 'text'").fetchall() \
        == [(14, "empty")]


# --------------------------------------------------------------------------- 社会工作部


def test_shehui_all_nine_tables(con) -> None:
    tables = numbered_tables(con, SHEHUI)
    assert [t[:2] for t in tables] == [
        (1, "final_summary"), (2, "final_revenue"), (3, "final_expenditure"),
        (4, "final_fiscal_summary"), (5, "final_general_expenditure"),
        (6, "final_basic_by_economic"), (7, "final_three_public"), (8, "final_fund"),
        (9, "final_state_capital")]
    # tables 2, 3 and 4 continue on the next page without a header
    assert [t[2:4] for t in tables] == [(5, 5), (6, 7), (8, 9), (10, 11), (12, 12), (13, 13),
                                        (14, 14), (15, 15), (16, 16)]
    assert [t[0] for t in tables if t[4]] == [7, 8, 9]  # "故本表无数据"


def test_shehui_hand_read_values(con) -> None:
    f = SHEHUI
    assert value(con, f, "final_summary", "收入/决算数", label="本年收入合计") \
        == Decimal("307.82")
    assert value(con, f, "final_revenue", "本年收入合计", label="合计") == Decimal("307.82")
    assert value(con, f, "final_expenditure", "本年支出合计", label="合计") == Decimal("307.82")
    assert value(con, f, "final_expenditure", "基本支出", label="合计") == Decimal("105.58")
    assert value(con, f, "final_expenditure", "项目支出", label="合计") == Decimal("202.24")
    # "机关事业单位基本养老保\n险缴费支出": a name wrapped inside its cell is one label
    for kind, column, page in [("final_revenue", "本年收入合计", 6),
                               ("final_expenditure", "本年支出合计", 8),
                               ("final_general_expenditure", "合计", 12)]:
        assert cells(con, f, kind, column=column, code="2080505") == [
            (Decimal("6.18"), page, "机关事业单位基本养老保险缴费支出", "2080505")]


def test_shehui_rows_continued_on_the_next_page(con) -> None:
    # 收入决算表 starts on page 6; its last six rows stand on page 7 without a header
    rows = cells(con, SHEHUI, "final_revenue", column="本年收入合计")
    assert [r[3] for r in rows] == [
        None, "201", "20139", "2013901", "2013950", "2013999", "208", "20805", "2080505",
        "2080506", "210", "21011", "2101101", "2101102", "221", "22102", "2210201", "2210203"]
    assert {r[3]: r[1] for r in rows if r[3] and r[3].startswith("22")} == {
        "221": 7, "22102": 7, "2210201": 7, "2210203": 7}
    assert rows[-1][:3] == (Decimal("11.72"), 7, "购房补贴")


# --------------------------------------------------------------------------- 财政局


def test_caizhengju_all_nine_tables(con) -> None:
    tables = numbered_tables(con, CAIZHENGJU)
    assert [t[0] for t in tables] == list(range(1, 10))
    assert tables[0][2:4] == (6, 7)  # the summary's last three rows are on page 7
    assert tables[3][2:4] == (12, 13)


def test_caizhengju_summary_totals(con) -> None:
    f, k = CAIZHENGJU, "final_summary"
    assert value(con, f, k, "收入/决算数", label="一、一般公共预算财政拨款收入") \
        == Decimal("2940.05")
    assert value(con, f, k, "收入/决算数", label="八、其他收入") == Decimal("6.20")
    assert value(con, f, k, "收入/决算数", label="本年收入合计") == Decimal("2946.25")
    assert value(con, f, k, "支出/决算数", label="本年支出合计") == Decimal("2940.05")
    assert value(con, f, k, "收入/决算数", label="年初结转和结余") == Decimal("49.14")
    assert value(con, f, k, "支出/决算数", label="年末结转和结余") == Decimal("55.34")
    totals = cells(con, f, k, label="总计")
    assert totals == [(Decimal("2995.39"), 7, "总计", None)] * 2
    # the identities of the summary hold: 2946.25 + 49.14 = 2940.05 + 55.34 = 2995.39
    assert Decimal("2946.25") + Decimal("49.14") == Decimal("2940.05") + Decimal("55.34") \
        == totals[0][0]


def test_caizhengju_split_codes(con) -> None:
    f = CAIZHENGJU
    codes = con.execute(
        "SELECT count(*) FROM raw.cells WHERE document_id = ? AND cell_role = 'code' "
        "AND code_kind = 'function'", [doc_id(con, f)]).fetchone()[0]
    assert codes >= 20
    assert codes == 57  # 19 codes in each of 收入决算表, 支出决算表, 一般公共预算支出决算表
    # "221 | 02 | 03" is 2210203; the repeated parent code is not a row of its own
    rows = cells(con, f, "final_revenue", column="本年收入合计")
    assert [r[3] for r in rows] == [
        None, "201", "20106", "2010601", "2010602", "2010607", "2010608", "208", "20805",
        "2080501", "2080505", "2080506", "2080599", "210", "21011", "2101101", "221", "22102",
        "2210201", "2210203"]
    assert rows[0][:3] == (Decimal("2946.25"), 8, "合计")
    # 2210203 购房补贴 stands on page 9, continued from page 8 without a header
    assert rows[-1] == (Decimal("258.50"), 9, "购房补贴", "2210203")
    assert value(con, f, "final_expenditure", "基本支出", code="2210203") == Decimal("258.50")
    assert value(con, f, "final_expenditure", "项目支出", code="2010601") == Decimal("8.37")
    # no cell keeps a bare 款 or 项 part
    parts = con.execute("SELECT count(*) FROM raw.cells WHERE document_id = ? AND "
                        "regexp_matches(text, '^\\d{2}$')", [doc_id(con, f)]).fetchone()[0]
    assert parts == 0


def test_caizhengju_revenue_by_source_columns(con) -> None:
    """收入决算表 p8, read by eye: the source columns of each row."""
    f, k = CAIZHENGJU, "final_revenue"
    assert value(con, f, k, "财政拨款收入", label="合计") == Decimal("2940.05")
    assert value(con, f, k, "其他收入", label="合计") == Decimal("6.20")
    assert value(con, f, k, "财政拨款收入", code="2010601") == Decimal("1511.89")
    assert value(con, f, k, "其他收入", code="2010601") == Decimal("0.01")
    assert value(con, f, k, "其他收入", code="2010602") == Decimal("6.19")
    assert value(con, f, k, "本年收入合计", code="2010608") == Decimal("449.52")
    assert value(con, f, k, "本年收入合计", code="2080599") == Decimal("0.94")
    assert cells(con, f, k, column="其他收入", code="2010607") == []  # printed blank


def test_caizhengju_economic_and_three_public(con) -> None:
    f = CAIZHENGJU
    assert value(con, f, "final_basic_by_economic", "决算数", code="30101") \
        == Decimal("262.33")
    assert value(con, f, "final_basic_by_economic", "决算数", code="30299") \
        == Decimal("11.53")
    assert value(con, f, "final_basic_by_economic", "决算数", label="人员经费合计") \
        == Decimal("2152.26")
    assert value(con, f, "final_basic_by_economic", "决算数", label="公用经费合计") \
        == Decimal("184.65")
    three = cells(con, f, "final_three_public")
    assert [(r[0], r[1]) for r in three] == [(Decimal("0.95"), 18)] * 2


# --------------------------------------------------------------------------- 江苏


def test_jiangsu_all_twelve_tables(con) -> None:
    tables = numbered_tables(con, JIANGSU)
    assert [t[:2] for t in tables] == [
        (1, "budget_summary"), (2, "budget_revenue_by_source"),
        (3, "budget_expenditure_by_use"), (4, "budget_fiscal_summary"),
        (5, "budget_fiscal_expenditure"), (6, "budget_fiscal_basic_by_economic"),
        (7, "budget_general_expenditure"), (8, "budget_basic_by_economic"),
        (9, "budget_three_public_meetings"), (10, "budget_fund_expenditure"),
        (11, "budget_admin_operating_by_economic"), (12, "budget_procurement")]
    assert tables[-1][2:4] == (16, 17)  # 政府采购支出预算表 continues on page 17
    units = con.execute("SELECT DISTINCT unit_name, unit FROM raw.tables WHERE document_id = ? "
                        "AND table_no IS NOT NULL", [doc_id(con, JIANGSU)]).fetchall()
    assert units == [("江苏省高级人民法院", "万元")]


def test_jiangsu_total_rows(con) -> None:
    f = JIANGSU
    total = Decimal("37188.34")
    assert value(con, f, "budget_summary", "收入/金额", label="收入合计") == total
    assert value(con, f, "budget_summary", "收入/金额", label="当年收入小计") == total
    assert [r[0] for r in cells(con, f, "budget_summary", label="支出合计")] == [total]
    assert value(con, f, "budget_revenue_by_source", "金额", label="收入总计") == total
    # 收支预算总表 p8: 支出用途 is ruled over 功能分类's 金额 too; the class amounts stay 功能分类's
    assert value(con, f, "budget_summary", "支出/功能分类/金额", label="四、公共安全支出") \
        == Decimal("27488.23")
    assert value(con, f, "budget_summary", "支出/支出用途/金额", label="一、基本支出") \
        == Decimal("21968.00")
    use = {r[0] for r in cells(con, f, "budget_expenditure_by_use")}
    assert use == {total, Decimal("21968.00"), Decimal("10208.94"), Decimal("5011.40")}
    assert value(con, f, "budget_fiscal_summary", "收入/金额", label="收入合计") == total
    assert [r[0] for r in cells(con, f, "budget_fiscal_summary", label="支出合计")] == [total]
    for kind, column, amount in [
            ("budget_fiscal_expenditure", "金额", total),
            ("budget_fiscal_basic_by_economic", "金额", Decimal("21968.00")),
            ("budget_general_expenditure", "金额", total),
            ("budget_basic_by_economic", "基本支出", Decimal("21968.00")),
            ("budget_fund_expenditure", "金额", Decimal("0")),
            ("budget_admin_operating_by_economic", "机关运行经费支出", Decimal("3580.05")),
            ("budget_procurement", "总计", Decimal("5227.59"))]:
        assert cells(con, f, kind, column=column)[0][:3] == (amount, cells(
            con, f, kind, column=column)[0][1], "合计"), kind
        assert value(con, f, kind, column, label="合计") == amount
    three = {r[0] for r in cells(con, f, "budget_three_public_meetings")}
    assert {Decimal("2382.02"), Decimal("513.75"), Decimal("271.02"),
            Decimal("1597.25")} <= three
    # 三公 513.75 + 会议费 271.02 + 培训费 1597.25 = 合计 2382.02
    assert Decimal("513.75") + Decimal("271.02") + Decimal("1597.25") == Decimal("2382.02")


def test_jiangsu_function_codes_and_continuation(con) -> None:
    f = JIANGSU
    assert value(con, f, "budget_general_expenditure", "金额", code="2040501") \
        == Decimal("17279.29")
    assert cells(con, f, "budget_fiscal_expenditure", code="2080505") == [
        (Decimal("1384.70"), 10, "机关事业单位基本养老保险缴费支出", "2080505")]
    # the first row of page 17 lost its top ruling line: it is still a row of the table
    rows = con.execute(
        "SELECT c.page, c.row_label, c.amount FROM raw.cells c JOIN raw.tables t USING "
        "(document_id, table_index) WHERE c.document_id = ? AND t.table_kind = "
        "'budget_procurement' AND c.cell_role = 'value' AND c.page = 17 ORDER BY c.row_index",
        [doc_id(con, f)]).fetchall()
    assert rows[0] == (17, "会议费", Decimal("110.05"))
    assert rows[-1] == (17, "其他服务", Decimal("360.00"))
    warnings = con.execute("SELECT count(*) FROM raw.messages WHERE document_id = ? AND "
                           "severity = 'warning'", [doc_id(con, f)]).fetchone()[0]
    assert warnings == 0


# --------------------------------------------------------------------------- lineage


def test_every_cell_has_page_and_line(con) -> None:
    missing = con.execute(
        "SELECT count(*) FROM raw.cells c JOIN raw.tables t USING (document_id, table_index) "
        "WHERE c.page IS NULL OR c.page < t.first_page OR c.page > t.last_page "
        "OR c.source_line < t.first_line OR c.source_line > t.last_line").fetchone()[0]
    assert missing == 0
    outside = con.execute(
        "SELECT count(*) FROM raw.cells c JOIN raw.pages p ON p.document_id = c.document_id "
        "AND p.page = c.page WHERE c.source_line NOT BETWEEN p.first_line AND p.last_line"
    ).fetchone()[0]
    assert outside == 0
    # and its box on the page
    boxes = con.execute(
        "SELECT count(*) FROM raw.cells c JOIN raw.pages p ON p.document_id = c.document_id "
        "AND p.page = c.page WHERE len(c.bbox) = 4 AND c.bbox[1] < c.bbox[3] "
        "AND c.bbox[2] < c.bbox[4] AND c.bbox[1] >= 0 AND c.bbox[3] <= p.width "
        "AND c.bbox[4] <= p.height").fetchone()[0]
    assert boxes == con.execute("SELECT count(*) FROM raw.cells").fetchone()[0]


def test_prose_numbers_put_back_into_their_sentence(con) -> None:
    # the text layer prints "机关运行经费支出 万元，比 年度增加 万元" and "184.65 2023 2.55 1.40%"
    # on separate lines; by position they are one sentence on page 24
    rows = con.execute(
        "SELECT s.measure, s.value, p.page FROM raw.stated_figures s "
        "JOIN raw.pages p ON p.document_id = s.document_id "
        "AND s.source_line BETWEEN p.first_line AND p.last_line "
        "WHERE s.document_id = ? AND s.sentence LIKE '机关运行经费支出184.65万元，比2023年度增加"
        "2.55万元，增长1.40%%' ORDER BY s.figure_index", [doc_id(con, CAIZHENGJU)]).fetchall()
    assert [(m, v, p) for m, v, p in rows] == [
        ("value", Decimal("184.65"), 24), ("change", Decimal("2.55"), 24),
        ("change_rate", Decimal("1.40"), 24)]


def test_page_numbers_are_debris(con) -> None:
    rows = con.execute("SELECT page, text FROM raw.debris WHERE document_id = ? AND "
                       "kind = 'page_number' ORDER BY page", [doc_id(con, JIANGSU)]).fetchall()
    assert rows[:3] == [(1, "1"), (2, "2"), (3, "3")]
    assert len(rows) == 26


# --------------------------------------------------------------------------- scanned pages


def _pdf_with_scanned_page(text_pages: list[int]) -> bytes:
    """A PDF of pages of a shared sample plus one page holding only an image."""
    import pypdfium2 as pdfium
    from PIL import Image

    src = pdfium.PdfDocument(str(PDF_SAMPLES / SHEHUI))
    new = pdfium.PdfDocument.new()
    if text_pages:
        new.import_pages(src, text_pages)
    page = new.new_page(595, 842)
    jpeg = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(jpeg, format="JPEG")
    jpeg.seek(0)
    image = pdfium.PdfImage.new(new)
    image.load_jpeg(jpeg, inline=True)
    image.set_matrix(pdfium.PdfMatrix().scale(400, 600).translate(100, 100))
    page.insert_obj(image)
    page.gen_content()
    out = io.BytesIO()
    new.save(out)
    return out.getvalue()


def test_scanned_page_is_reported_not_read(tmp_path: Path) -> None:
    from ingest.parse import parse_bytes
    from ingest.readers.pdf import read_pdf

    data = _pdf_with_scanned_page([0, 4])
    doc = read_pdf(data, "mixed.pdf", load_catalogue())
    assert [(p.page, p.status, p.image_count) for p in doc.pages] == [
        (1, "text", 0), (2, "text", 0), (3, "scanned", 1)]
    assert all(p.pos.page in (1, 2) for p in doc.blocks if hasattr(p, "pos"))
    parsed = parse_bytes(data, "mixed.pdf")
    assert parsed.status == "loaded"
    assert [m.text for m in parsed.messages if "no text layer" in m.text] == [
        "page 3 has no text layer (1 image(s): a scanned page); not read, OCR is not attempted"]
    with pytest.raises(DocumentError, match="no text layer on any of the 1 pages"):
        read_pdf(_pdf_with_scanned_page([]), "scan.pdf", load_catalogue())


def test_damaged_pdf_fails_cleanly() -> None:
    from ingest.parse import parse_bytes

    parsed = parse_bytes(b"%PDF-1.4\n garbage", "broken.pdf")
    assert parsed.status == "failed"
    assert "PDF" in parsed.error


# --------------------------------------------------------------------------- checks


# The outcome of every check on every PDF (models/checks/_checks.yml), as for the text samples
# in tests/test_expectations.py. Checks with nothing to compare in a document: rules for
# budgets on a final account, tables the template does not have or that say 本表无数据, and
# identities a layout does not have. 三公 决算数 against 预算数: 财政局 prints no 决算数 (p18), the
# others have no final-account 三公 figures.
PDF_NOT_APPLICABLE = {
    CAIZHENGJU: {"economic_total_split", "project_total_vs_expenditure", "project_unit_rows",
                 "prose_overall_targets", "prose_project_target_funds", "three_public_vehicle",
                 "x_admin_operating_vs_public", "x_revenue_vs_expenditure",
                 "three_public_final_within_budget"},
    # 三公 (公开07表) 本表无数据 as well
    SHEHUI: {"economic_total_split", "project_total_vs_expenditure", "project_unit_rows",
             "prose_overall_targets", "prose_project_target_funds", "three_public_total",
             "three_public_vehicle", "x_admin_operating_vs_public", "x_revenue_vs_expenditure",
             "three_public_final_within_budget"},
    # Jiangsu 2019 prints no 人员经费 | 公用经费 columns and no all-funds 支出总表 by function
    # code (its 支出预算总表 is by use)
    JIANGSU: {"economic_total_split", "project_total_vs_expenditure", "project_unit_rows",
              "prose_overall_targets", "prose_project_target_funds",
              "x_summary_class_vs_expenditure", "three_public_final_within_budget"},
}
PDF_FAILS = {SHEHUI: {"prose_stated_percentages"}, JIANGSU: {"function_code_name"}}

# Every finding on the PDFs, each a real inconsistency confirmed on the printed page:
# (rule, severity, file, table kind, row, column, expected, actual, line)
PDF_FINDINGS = {
    # 中共上海市普陀区委社会工作部 p17 "与2023年度相比，一般公共预算财政拨款支出增加307.82万元，
    # 增长100.00%" and p21 "机关运行经费支出10.23万元，比2023年度增加10.23万元，增长100.00%": the
    # department was set up in 2024, the prior value is 0 (307.82 − 307.82, 10.23 − 10.23), from
    # which no growth rate exists (CHECKS.md: "增长100%" from a prior value of 0)
    ("prose_stated_percentages", "error", SHEHUI, "final_summary",
     "general_budget_fiscal_expenditure", "%", None, "100.00", 261),
    ("prose_stated_percentages", "error", SHEHUI, "final_summary", "operating_expenses", "%",
     None, "100.00", 287),
    # 江苏省高级人民法院 2019, 公开05表 p10 and 公开07表 p12: 20805 printed under its 2019
    # name 行政事业单位离退休; the standard name is now 行政事业单位养老支出 (a warning: the
    # name changed, the code did not)
    ("function_code_name", "warning", JIANGSU, "budget_fiscal_expenditure", "20805", None,
     "行政事业单位养老支出", "行政事业单位离退休", 180),
    ("function_code_name", "warning", JIANGSU, "budget_general_expenditure", "20805", None,
     "行政事业单位养老支出", "行政事业单位离退休", 246),
}

# The rounding tails the PDFs print (本套报表因取数时四舍五入): real differences, confirmed on the
# page, within the tolerance of 0.01 per summed term, so the comparisons pass.
# (rule, file, table kind, row, column, expected (Σ parts / other table), printed, line)
PDF_ROUNDING = {
    # 财政局 一般公共预算财政拨款基本支出决算表 p16-17: 301 prints 2,082.85, its 8 items sum to
    # 2,082.86; 302 prints 171.07, its 12 items sum to 171.09
    ("economic_group_items", CAIZHENGJU, "final_basic_by_economic", "301", "决算数",
     "2082.86", "2082.85", 204),
    ("economic_group_items", CAIZHENGJU, "final_basic_by_economic", "302", "决算数",
     "171.09", "171.07", 204),
    # 社会工作部 same table p13: 302 prints 10.23, its items sum to 10.22; so 人员经费合计 95.36 +
    # 公用经费合计 10.23 = 105.59 against 基本支出 105.58 of 一般公共预算财政拨款支出决算表 (p12)
    ("economic_group_items", SHEHUI, "final_basic_by_economic", "302", "决算数",
     "10.22", "10.23", 185),
    ("x_economic_vs_general_basic", SHEHUI, "final_general_expenditure", "合计", "基本支出",
     "105.59", "105.58", 180),
    # 财政局 收入支出决算总表 p6 prints 社会保障和就业支出 326.71; 支出决算表 p10 prints 208 as
    # 326.72 (the sum of its items)
    ("x_summary_class_vs_expenditure", CAIZHENGJU, "final_expenditure", "208", "本年支出合计",
     "326.71", "326.72", 124),
    # 财政局: the class rows 201 2,106.66 + 208 326.72 + 210 60.99 + 221 445.69 = 2,940.06
    # against 合计 2,940.05 (支出决算表 p10, 一般公共预算财政拨款支出决算表 p15; the same tail in
    # 收入决算表 p8: 2,946.26 against 2,946.25, and in the 基本支出 and 财政拨款收入 columns)
    ("function_total_row", CAIZHENGJU, "final_expenditure", "合计", "本年支出合计",
     "2940.06", "2940.05", 117),
    ("function_total_row", CAIZHENGJU, "final_expenditure", "合计", "基本支出",
     "2336.92", "2336.91", 117),
    ("function_total_row", CAIZHENGJU, "final_general_expenditure", "合计", "合计",
     "2940.06", "2940.05", 198),
    ("function_total_row", CAIZHENGJU, "final_general_expenditure", "合计", "基本支出",
     "2336.92", "2336.91", 198),
    ("function_total_row", CAIZHENGJU, "final_revenue", "合计", "本年收入合计",
     "2946.26", "2946.25", 92),
    ("function_total_row", CAIZHENGJU, "final_revenue", "合计", "财政拨款收入",
     "2940.06", "2940.05", 92),
}


@pytest.fixture(scope="module")
def checked_pdf_db(pdf_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDF warehouse built with dbt and checked once (expectations.runner.run_checks)."""
    from budget_warehouse.build import build_warehouse
    from expectations.runner import run_checks

    base = tmp_path_factory.mktemp("pdf_checks")
    db = base / "warehouse.duckdb"
    db.write_bytes(pdf_db.read_bytes())
    built = build_warehouse(db, target_path=base / "target", log_path=base / "logs")
    assert built == 0, "dbt build or one of its data tests failed on the PDF warehouse"
    # 1: the genuine error findings below
    assert run_checks(db, write_docs=False, out=io.StringIO()) == 1
    return db


@pytest.fixture(scope="module")
def putuo_office_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Putuo 政府办公室's 2025 department and unit budgets, ingested and built."""
    from budget_warehouse.build import build_warehouse

    base = tmp_path_factory.mktemp("putuo_office")
    db = base / "warehouse.duckdb"
    names = ("shanghai-putuo-zhengfu-bangongshi_2025_budget.pdf",
             "shanghai-putuo-zhengfu-bangongshi_2025_unit-budget.pdf")
    report = ingest([PDF_SAMPLES / n for n in names], db, workers=1)
    assert [o.outcome for o in report.outcomes] == ["loaded"] * 2
    assert build_warehouse(db, target_path=base / "target", log_path=base / "logs") == 0
    return db


def test_department_and_unit_budgets_are_compared_apart(putuo_office_db: Path) -> None:
    """Putuo's 政府办公室 publishes a department budget (部门, its units included) and its own
    unit budget (单位) for 2025, both printing 2010350 项目支出 4.00 万元 (表3 of each): the
    comparison marts keep one row per scope and never add the two (8.00)."""
    with duckdb.connect(str(putuo_office_db), read_only=True) as con:
        rows = con.execute("""
            select b.scope, b.budget_amount, d.file_name, b.budget_source_line
            from marts.budget_vs_final b
            join marts.dim_unit u using (unit_key)
            join marts.dim_document d on d.document_id = b.budget_document_id
            where u.unit_name = '上海市普陀区人民政府办公室' and b.fiscal_year = 2025
              and b.function_code = '2010350' and b.expenditure_type = 'project'
            order by 1""").fetchall()
        yoy = con.execute("""
            select y.scope, y.budget_amount from marts.budget_year_over_year y
            join marts.dim_unit u using (unit_key)
            where u.unit_name = '上海市普陀区人民政府办公室' and y.fiscal_year = 2025
              and y.function_code = '2010350' and y.expenditure_type = 'project'
            order by 1""").fetchall()
    assert [r[:3] for r in rows] == [
        ("department", Decimal("4.000000"), "shanghai-putuo-zhengfu-bangongshi_2025_budget.pdf"),
        ("unit", Decimal("4.000000"), "shanghai-putuo-zhengfu-bangongshi_2025_unit-budget.pdf")]
    assert all(r[3] for r in rows)
    assert yoy == [("department", Decimal("4.000000")), ("unit", Decimal("4.000000"))]


def test_warehouse_checks_on_the_pdfs(checked_pdf_db: Path) -> None:
    """Every check on every PDF has the asserted outcome; every failure is a genuine
    inconsistency of the document, listed in PDF_FINDINGS with its page."""
    from expectations.catalogue import load_catalogue as load_rules

    rules = {rule.id for rule in load_rules()}
    with duckdb.connect(str(checked_pdf_db), read_only=True) as con:
        got: dict[str, dict[str, str]] = {}
        for file_name, rule_id, st in con.execute(
                "SELECT file_name, rule_id, status FROM quality.check_results").fetchall():
            got.setdefault(file_name, {})[rule_id] = st
        findings = con.execute(
            "SELECT rule_id, severity, file_name, table_kind, coalesce(row_code, row_label), "
            "column_name, expected, actual, source_line FROM quality.check_findings").fetchall()
    assert set(got) == {CAIZHENGJU, SHEHUI, JIANGSU}
    for file_name, na in PDF_NOT_APPLICABLE.items():
        failing = PDF_FAILS.get(file_name, set())
        want = {rid: ("not_applicable" if rid in na else "failed" if rid in failing
                      else "passed") for rid in rules}
        assert got[file_name] == want, file_name
    assert set(findings) == PDF_FINDINGS
    assert len(findings) == len(PDF_FINDINGS)


def test_pdf_rounding_tails_pass_within_tolerance(checked_pdf_db: Path) -> None:
    """The rounding tails the developer confirmed on the pages are evaluated and pass."""
    got = set()
    with duckdb.connect(str(checked_pdf_db), read_only=True) as con:
        models = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'checks' "
            "AND column_name = 'excess'").fetchall()]
        for model in models:
            for row in con.execute(
                    f"SELECT rule_id, file_name, table_kind, coalesce(row_code, row_label), "
                    f"column_name, cast(expected AS varchar), cast(actual AS varchar), "
                    f"source_line, excess FROM checks.{model} "
                    f"WHERE difference <> 0 AND file_name LIKE '%.pdf'").fetchall():
                if row[0] != "prose_stated_percentages":
                    assert row[8] <= 0, row
                    got.add(row[:8])
    assert got == PDF_ROUNDING


def test_pdf_stated_total_the_prose_labeller_leaves_generic(con) -> None:
    """财政局 p21 "2024年度财政拨款收入支出总计0.3万元" against 财政拨款收入支出决算总表 总计
    2,961.68 (p13) is a genuine inconsistency the checks cannot see: the prose interpreter
    (ingest/interpret/prose.py) keeps that figure generic, and prose_stated_totals compares
    labelled figures only."""
    rows = con.execute(
        "SELECT s.subject, s.is_generic, s.value, p.page FROM raw.stated_figures s "
        "JOIN raw.pages p ON p.document_id = s.document_id "
        "AND s.source_line BETWEEN p.first_line AND p.last_line "
        "WHERE s.document_id = ? AND s.sentence LIKE '%财政拨款收入支出总计0.3万元%'",
        [doc_id(con, CAIZHENGJU)]).fetchall()
    assert rows == [("amount", True, Decimal("0.3"), 21)]
    totals = {r[0] for r in cells(con, CAIZHENGJU, "final_fiscal_summary", label="总计")}
    assert totals == {Decimal("2961.68")}
