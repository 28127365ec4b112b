"""Small pieces of the reader and interpreters, on hand-made input."""

from __future__ import annotations

import codecs
from decimal import Decimal

import pytest

from ingest.catalogue import load_catalogue
from ingest.encoding import decode
from ingest.errors import DocumentError
from ingest.interpret.amounts import AmountError, parse_amount
from ingest.interpret.cells import Column, _column_paths, _regroup_misruled_spans
from ingest.readers.pdf import _backgrounds
from ingest.readers.text import read_text

NA = load_catalogue().not_applicable


@pytest.mark.parametrize(("text", "expected"), [
    ("793.27", Decimal("793.27")), ("1,234.56", Decimal("1234.56")),
    ("１２３．４５", Decimal("123.45")), ("3,600,000", Decimal("3600000")),
    ("-0.50", Decimal("-0.50")), ("(1.00)", Decimal("-1.00")), ("0", Decimal("0")),
    ("—", None), ("——", None), ("———", None),
])
def test_parse_amount(text: str, expected: Decimal | None) -> None:
    assert parse_amount(text, NA) == expected


@pytest.mark.parametrize("text", ["1O0.3", "12.3%", "abc", "1.2.3"])
def test_parse_amount_rejects_text(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text, NA)


def test_column_paths_follow_spans_and_vertical_merges() -> None:
    header = [["收入", "", "支出", "", "", "", ""],
              ["项目", "金额", "项目", "金额", "", "", ""],
              ["", "", "", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]
    assert _column_paths(header, 7) == [
        "收入/项目", "收入/金额", "支出/项目", "支出/金额/小计", "支出/金额/一般公共预算",
        "支出/金额/政府性基金预算", "支出/金额/国有资本经营预算"]
    header = [["项目名称", "合计", "2026年财政拨款", "", "", "财政专户管理资金", "单位资金"],
              ["", "", "一般公共预算", "政府性基金预算", "国有资本经营预算", "", ""]]
    assert _column_paths(header, 7) == [
        "项目名称", "合计", "2026年财政拨款/一般公共预算", "2026年财政拨款/政府性基金预算",
        "2026年财政拨款/国有资本经营预算", "财政专户管理资金", "单位资金"]


def test_column_paths_stop_a_span_where_its_box_does() -> None:
    """Jiangsu's 三公、会议费、培训费 table: “三公”经费 is ruled over four columns, not over
    会议费 right of it (extents: the last column each header cell's box spans)."""
    header = [["", "“三公”经费", "", "", "", ""],
              ["合计", "小计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费",
               "会议费"]]
    assert _column_paths(header, 6)[5] == "“三公”经费/会议费"  # no boxes: spans inferred
    extents = ((-1, 4, -1, -1, -1, -1), (0, 1, 2, 3, 4, 5))
    assert _column_paths(header, 6, extents) == [
        "合计", "“三公”经费/小计", "“三公”经费/因公出国（境）费",
        "“三公”经费/公务用车购置及运行维护费", "“三公”经费/公务接待费", "会议费"]


def test_a_value_column_misruled_under_the_next_span_joins_its_group() -> None:
    """Jiangsu 2019 收支预算总表: 支出用途 is ruled over 功能分类's 金额 as well."""
    columns = [Column(0, "支出/功能分类/功能科目名称", "label", None),
               Column(1, "支出/支出用途/金额", "value", None),
               Column(2, "支出/支出用途/项目名称", "label", None),
               Column(3, "支出/支出用途/金额", "value", None)]
    assert [c.path for c in _regroup_misruled_spans(columns)] == [
        "支出/功能分类/功能科目名称", "支出/功能分类/金额", "支出/支出用途/项目名称",
        "支出/支出用途/金额"]
    # a group that opens with its own label column is left as printed
    assert _regroup_misruled_spans(columns[2:]) == columns[2:]


def test_a_blank_rectangle_behind_rulings_is_a_background() -> None:
    def rect(x0, top, x1, bottom, fill=True, stroke=False, color=(1.0, 1.0, 1.0)):
        return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "fill": fill,
                "stroke": stroke, "non_stroking_color": color}
    page = rect(43, 15, 953, 244)  # white, behind the title, unit lines and header rulings
    ruling = rect(274, 169, 953, 170, color=(0.0,))
    cell = rect(62, 114, 200, 140)  # a white cell of its own, edges touched by rulings only
    edge = rect(62, 140, 63, 141, color=(0.0,))
    black = rect(300, 100, 400, 200, color=(0.0,))
    got = _backgrounds([page, ruling, cell, edge, black, rect(320, 120, 330, 130)])
    assert got == {id(page), }


def test_decode_detects_and_records_the_encoding() -> None:
    text = "山西省科普服务中心\n2026年度单位预算公开\n"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode(text.encode("gbk")) == (text, "gb18030")
    with pytest.raises(DocumentError, match="cannot decode as UTF-8 or GB18030"):
        decode(b"\xff\xfe\xfd" * 10 + b"\n")


def test_reader_cleans_debris() -> None:
    text = ("## 第一部分 概况\n仅供内部审核\n<b>表一</b>\n单位：万  \n元\n公开02\n表\n"
            "项目\t<b>合计</b>\n- 一、名词\n")
    doc = read_text(text, "x.txt", "utf-8", load_catalogue())
    paragraphs = [(b.text, b.pos.line, b.heading_level) for b in doc.blocks
                  if not hasattr(b, "rows")]
    assert paragraphs == [("第一部分 概况", 1, 2), ("表一", 3, None), ("单位：万元", 4, None),
                          ("公开02表", 6, None), ("一、名词", 9, None)]
    grid = next(b for b in doc.blocks if hasattr(b, "rows"))
    assert grid.rows[0].cells == ["项目", "合计"] and grid.rows[0].pos.line == 8
    assert {d.kind for d in doc.debris} == {"markdown", "watermark", "html", "split_line"}


def test_an_amount_with_more_decimals_than_kept_is_rounded_with_a_warning() -> None:
    """raw.cells keeps 6 decimals: an amount printed with more (a spreadsheet's float noise,
    "400.4800000001") is stored rounded, and a warning names its table, column and line."""
    import re
    from pathlib import Path

    from ingest.parse import parse_bytes

    sample = (Path(__file__).resolve().parents[1] / "data" / "samples"
              / "changzhi-shangdang-kexie_2025_budget.txt")
    text = sample.read_text(encoding="utf-8")
    m = re.search(r"\t(\d+\.\d\d)(?=\t|\n)", text)
    assert m is not None
    damaged = text[:m.end(1)] + "00000001" + text[m.end(1):]
    parsed = parse_bytes(damaged.encode("utf-8"), "damaged.txt")
    assert parsed.status == "loaded"
    line = text[:m.start(1)].count("\n") + 1
    warnings = [msg for msg in parsed.messages if "more decimals than the 6 kept" in msg.text]
    assert [msg.line for msg in warnings] == [line]
    assert f"stored as {m.group(1)}0000" in warnings[0].text
    amounts = [a for t, a in zip(parsed.cells.text, parsed.cells.amount, strict=True)
               if t == m.group(1) + "00000001"]
    assert [str(Decimal(a)) for a in amounts] == [m.group(1) + "0000"]
