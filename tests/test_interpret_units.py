"""Small pieces of the reader and interpreters, on hand-made input."""

from __future__ import annotations

import codecs
from decimal import Decimal

import pytest

from ingest.catalogue import load_catalogue
from ingest.encoding import decode
from ingest.errors import DocumentError
from ingest.interpret.amounts import AmountError, parse_amount
from ingest.interpret.cells import _column_paths
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
