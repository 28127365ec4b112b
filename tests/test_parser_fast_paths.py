"""The parser's fast paths give what the general code gives (see docs/benchmark.md)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from ingest.catalogue import load_catalogue, normalise
from ingest.encoding import _reject_control_characters
from ingest.errors import DocumentError
from ingest.interpret.prose import _forms
from ingest.readers.text import read_text


def _normalise_by_character(text: str) -> tuple[str, list[int]]:
    out, at = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            out.append(c)
            at.append(i)
    return "".join(out), at


@pytest.mark.parametrize("text", ["", "收入合计1,234.56万元。", "较上年增长１２％，（其中）",
                                  "ﬁ①Ⅱ㎡", "e\u0301 \u3000“引号”"])
def test_prose_normalise_keeps_each_character_position(text: str) -> None:
    norm, at, _ = _forms(text)
    assert (norm, list(at)) == _normalise_by_character(text)


@pytest.mark.parametrize("text", ["  合 计 ", "“一般公共预算”\u3000财政拨款", "ＡＢ\t1\n2",
                                  "'‘’「」『』\""])
def test_label_normalise_drops_white_space_and_quotes(text: str) -> None:
    expected = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    assert normalise(text) == expected.translate(str.maketrans("", "", "“”\"'‘’「」『』"))


def test_control_characters_rejected_above_one_in_a_thousand() -> None:
    _reject_control_characters("x" * 2000 + "\x01\x02")  # 2 in 2,002: kept
    with pytest.raises(DocumentError, match=r"3 control characters \(first at character 5\)"):
        _reject_control_characters("a\nbcd\x01" + "x" * 2000 + "\x0b\x7f")
    _reject_control_characters("tab\tcr\rlf\n")


def test_clean_and_unclean_table_lines_read_alike() -> None:
    text = "标题\n科目\t 合计 \t**金额**\n2010101\t行政\u3000运行\t<b>1.00</b>\n201\t\t2.00\n"
    rows = read_text(text, "x.txt", "utf-8", load_catalogue()).blocks[1].rows
    assert [r.cells for r in rows] == [["科目", "合计", "金额"], ["2010101", "行政 运行", "1.00"],
                                       ["201", "", "2.00"]]
