"""Interpreter behaviour the PDF templates need, on small built documents (no PDF files)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.catalogue import load_catalogue
from ingest.document import Document, Grid, Paragraph, Position, Row
from ingest.interpret.cells import interpret_table
from ingest.interpret.identity import identify
from ingest.interpret.layout import locate_tables
from ingest.parse import parse_bytes


def _doc(items: list[str | list[str]], page: int | None = 1) -> Document:
    """Paragraphs (str) and grid rows (list) in order, one line each."""
    blocks: list[Paragraph | Grid] = []
    for n, item in enumerate(items, start=1):
        pos = Position(line=n, page=page)
        if isinstance(item, str):
            blocks.append(Paragraph(item, pos))
        elif blocks and isinstance(blocks[-1], Grid):
            blocks[-1].rows.append(Row(item, pos))
        else:
            blocks.append(Grid([Row(item, pos)]))
    return Document("t.pdf", None, blocks, line_count=len(items))


def test_amounts_in_yuan_convert_by_the_tables_own_unit_line() -> None:
    text = "\n".join([
        "测试单位", "2026年度单位预算公开", "预算公开表3", "预算支出总表", "单位：元",
        "科目编码\t科目名称\t合计\t基本支出\t项目支出",
        "\t合计\t1,234,567.00\t1234567\t",
        "206\t科学技术支出\t1,234,567.00\t1234567\t",
        "预算公开表5", "一般公共预算支出预算表", "单位：万元",
        "科目编码\t科目名称\t合计\t基本支出\t项目支出",
        "206\t科学技术支出\t123.46\t123.46\t",
    ]).encode()
    parsed = parse_bytes(text, "yuan.txt")
    assert parsed.status == "loaded", parsed.error
    tables = {t.table_kind: t for t in parsed.tables}
    assert tables["budget_expenditure"].unit == "元"
    assert tables["budget_expenditure"].scale == 0.0001
    amounts = {(c.table_index, c.row_code, c.column_path): Decimal(c.amount)
               for c in parsed.cells if c.role == "value"}
    assert amounts[(0, "206", "合计")] == Decimal("123.4567000")
    assert amounts[(0, "206", "基本支出")] == Decimal("123.4567000")
    assert amounts[(1, "206", "合计")] == Decimal("123.46")


def test_codes_split_into_lei_kuan_xiang_are_one_code() -> None:
    catalogue = load_catalogue()
    doc = _doc([
        "上海市测试局", "2024年度部门决算", "收入决算表", "单位：万元",
        ["项目", "", "", "", "本年收入合计", "财政拨款收入"],
        ["支出功能分类", "", "", "科目名称", "", ""],
        ["科目编码", "", "", "", "", ""],
        ["类", "款", "项", "合计", "10.00", "10.00"],
        ["221", "", "", "住房保障支出", "10.00", "10.00"],
        ["221", "02", "", "住房改革支出", "10.00", "10.00"],
        ["221", "02", "03", "购房补贴", "10.00", "10.00"],
    ])
    layout = locate_tables(doc, catalogue, "final_account")
    table = layout.tables[0]
    assert (table.kind.key, table.template, table.first_page, table.last_page) == (
        "final_revenue", "shanghai_final", 1, 1)
    result = interpret_table(table, catalogue)
    assert [c.path for c in result.columns] == [
        "项目/支出功能分类/科目编码", "项目/科目名称", "本年收入合计", "财政拨款收入"]
    codes = [(c.row_index, c.text, c.row_label) for c in result.cells if c.role == "code"]
    assert codes == [(2, "221", "住房保障支出"), (3, "22102", "住房改革支出"),
                     (4, "2210203", "购房补贴")]
    total = [c for c in result.cells if c.row_label == "合计" and c.role == "value"]
    assert [(c.row_code, Decimal(c.amount), c.page) for c in total] == [
        (None, Decimal("10.00"), 1), (None, Decimal("10.00"), 1)]


def test_wrapped_cell_text_is_one_label() -> None:
    catalogue = load_catalogue()
    doc = _doc([
        "单位", "2024年度部门决算", "支出决算表",
        ["项目", "", "本年支出合计", "基本支出"],
        ["功能分类\n科目编码", "科目名称", "", ""],
        ["2080505", "机关事业单位基本养老保\n险缴费支出", "6.18", "6.18"],
    ])
    table = locate_tables(doc, catalogue, "final_account").tables[0]
    result = interpret_table(table, catalogue)
    assert result.columns[0].role == "code"
    labels = {c.row_label for c in result.cells if c.role == "value"}
    assert labels == {"机关事业单位基本养老保险缴费支出"}


def test_title_block_over_several_lines_and_both_title_styles() -> None:
    doc = _doc(["中共上海市普陀区委", "社会工作部2024年度", "部门决算", "目录"])
    ident, _ = identify(doc)
    assert (ident.unit_name, ident.doc_kind, ident.scope, ident.fiscal_year) == (
        "中共上海市普陀区委社会工作部", "final_account", "department", 2024)
    assert ident.sources["unit_name"] == ("title", 1)
    doc = _doc(["上海市普陀区财政局", "2024年度部门决算"])
    assert identify(doc)[0].unit_name == "上海市普陀区财政局"
    doc = _doc(["江苏省高级人民法院", "2019 年度部门预算公开"])
    ident, _ = identify(doc)
    assert (ident.unit_name, ident.doc_kind, ident.fiscal_year) == (
        "江苏省高级人民法院", "budget", 2019)
    # extracted text (no pages) keeps reading the unit from the line above the title
    doc = _doc(["山西省科普服务中心", "2026年度单位预算公开"], page=None)
    assert identify(doc)[0].unit_name == "山西省科普服务中心"


def test_template_detection_reads_the_kinds_a_document_holds() -> None:
    catalogue = load_catalogue()
    shanghai = {"final_summary", "final_revenue", "final_expenditure", "final_state_capital"}
    assert catalogue.detect_template(shanghai, "final_account") == "shanghai_final"
    shanxi = {"final_summary", "final_revenue", "final_related_statistics"}
    assert catalogue.detect_template(shanxi, "final_account") == "shanxi_final"
    jiangsu = {"budget_summary", "budget_revenue_by_source", "budget_fiscal_summary"}
    assert catalogue.detect_template(jiangsu, "budget") == "jiangsu_budget"
    match = catalogue.match_title("收入决算表", "final_account")
    assert [k.key for k in match.kinds] == ["final_revenue"]
    assert catalogue.table_number("shanghai_final", "final_revenue") == 2
    assert catalogue.match_title("某某决算表", "final_account") is None


def test_unknown_grid_is_reported_not_guessed() -> None:
    catalogue = load_catalogue()
    doc = _doc(["单位", "2024年度部门决算", "这不是一张已知的表", ["序号", "单位名称"],
                ["1", "某单位"]])
    layout = locate_tables(doc, catalogue, "final_account")
    assert [t.kind for t in layout.tables] == [None]
    assert "no recognised title" in layout.warnings[0][1]


def _pdf_with_text(lines: list[tuple[str, float, float]]) -> bytes:
    """A one-page PDF printing ASCII ``(text, x, y from the top)`` in Helvetica 10 pt, no
    ruling."""
    import ctypes
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(595, 842)
    for text, x, y in lines:
        obj = raw.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", ctypes.c_float(10))
        buf = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, 842 - y)
        raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_table_without_ruling_is_read_by_word_position() -> None:
    from ingest.readers.pdf import read_pdf

    rows = [("Item", "Total", "Basic"), ("A", "10.00", "4.00"), ("B", "2.50", "2.50"),
            ("Sum", "1,012.50", "6.50")]
    lines = [("Report 2024", 72, 80), ("Some prose below the table.", 72, 200)]
    for i, row in enumerate(rows):
        lines.append((row[0], 72, 120 + 14 * i))
        lines += [(v, 200 + 90 * j, 120 + 14 * i) for j, v in enumerate(row[1:])]
    doc = read_pdf(_pdf_with_text(lines), "unruled.pdf", load_catalogue())
    grids = [b for b in doc.blocks if isinstance(b, Grid)]
    assert [[r.cells for r in g.rows] for g in grids] == [[list(r) for r in rows]]
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == [
        "Report 2024", "Some prose below the table."]
    assert [b.pos.line for b in doc.blocks if isinstance(b, Paragraph)] == [1, 6]
    assert doc.pages[0].table_count == 1


@pytest.mark.parametrize(("title", "doc_kind", "kind"), [
    # words of the title, not printed titles: forms no shared file prints
    ("2026年部门财务收支预算总表", None, "budget_summary"),
    ("部门收支预算表", "budget", "budget_summary"),
    ("表3 一般公共预算支出功能分类预算表（续）", "budget", "budget_general_expenditure"),
    ("表十二、政府采购预算表", "budget", "budget_procurement"),
    ("财政拨款收支预算表", "budget", "budget_fiscal_summary"),
    ("一般公共预算支出经济分类预算表", "budget", "budget_basic_by_economic"),
    ("附表5：财政拨款支出预算表（功能科目）", "budget", "budget_fiscal_expenditure"),
    ("2023年度收入支出决算表", None, "final_summary"),
    ("财政拨款收入支出决算表", None, "final_fiscal_summary"),
    ("政府性基金预算财政拨款收入支出决算表", None, "final_fund"),
    ("国有资本经营预算财政拨款收入支出决算表", None, "final_state_capital"),
    ("一般公共预算财政拨款“三公”经费支出决算表", None, "final_three_public"),
])
def test_titles_are_classified_by_their_words(title: str, doc_kind: str | None,
                                              kind: str) -> None:
    match = load_catalogue().match_title(title, doc_kind)
    assert match is not None and [k.key for k in match.kinds] == [kind], title
