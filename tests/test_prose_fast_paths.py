"""The prose interpreter's fast paths give what the general code gives (ingest/interpret/prose.py):
rewritten patterns, memos of pure functions of strings and lazy scans."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from ingest.catalogue import nfkc
from ingest.document import Document, Paragraph, Position
from ingest.interpret.prose import (
    _DIGITS,
    _HEADING_PUNCTUATION,
    _clause_start,
    _clean_label,
    _compiled,
    _figure_pattern,
    _first_kind,
    _forms,
    _Ignored,
    _Matches,
    _physical_lines,
    _Rules,
    _Text,
    interpret_prose,
)
from ingest.interpret.vocabulary import load_vocabulary
from tests.test_parser_fast_paths import _normalise_by_character

# digits (ASCII, full-width, Arabic-Indic), number punctuation, units, delimiters, the words
# the vocabulary patterns look for, white space, quotes and compatibility characters
_PROSE_CHARS = [
    *"0123456789１٣.,，。;；:：、 \t\n%％", "万元", "亿元", "元", "平方米", "台(套)",
    "辆", "个", "人次", *"()（）[]〔〕【】", *"以上下年度月日号-—~至正副", "与上年",
    "相同", "持平", "其中", "主要包括", "支出包括", "主要用于以下方面", "原因是", "比上年",
    "增加", "增长", "减少", "占", "的", "收入总计", "支出", "“", "”", "'", "ﬁ", "e\u0301",
    "①", "一、", "(一)", "第一部分", "共计金额",
]


@pytest.fixture(scope="module")
def rules() -> _Rules:
    return _compiled(load_vocabulary())


def _texts(count: int, seed: int, longest: int = 24) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PROSE_CHARS) for _ in range(rng.randint(0, longest)))
            for _ in range(count)]


def _match_key(m: re.Match[str]) -> tuple:
    return m.span(), m.groupdict(), m.span("num"), m.span("unit")


def test_figure_pattern_matches_as_the_look_behind_first_form(rules: _Rules) -> None:
    units = sorted(load_vocabulary()["units"], key=len, reverse=True)
    general = re.compile(r"(?<![\d.])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>"
                         + "|".join(re.escape(u) for u in units) + ")")
    fast = re.compile(_figure_pattern(units))
    rng = random.Random(3)
    for text in [*_texts(4000, 3), "1.5万元", "12,345,67万元", "a1,2345万元", "0.5 %", "٣万元"]:
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        for pos, endpos in ((0, len(text)), (start, end)):
            assert [_match_key(m) for m in fast.finditer(text, pos, endpos)] == \
                [_match_key(m) for m in general.finditer(text, pos, endpos)], (text, pos, endpos)


def test_numbers_pattern_matches_as_the_plus_form() -> None:
    general = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
    for text in [*_texts(4000, 4), "1,234.5", "1,23", "12.", ".5"]:
        assert [m.span() for m in _DIGITS.finditer(text)] == \
            [m.span() for m in general.finditer(text)], text
        assert _DIGITS.findall(text) == general.findall(text)


def _general_heading_depth(rules: _Rules, text: str) -> int | None:
    """The heading depth of a paragraph, worked out from its text (the code before the memo)."""
    t = nfkc(text).strip()
    if len(t) > rules.heading_max or _HEADING_PUNCTUATION.search(t) or rules.figure.search(t):
        return None
    return next((depth for depth, p in enumerate(rules.headings) if p.search(t)), None)


def test_paragraph_memo_gives_forms_and_heading_depth(rules: _Rules) -> None:
    texts = [*_texts(3000, 5), "一、收入支出预算总体情况", "（二）“三公”经费", " 1.项目 ",
             "２０２４年", "ﬁ①Ⅱ㎡", "e\u0301 \u3000“引号”", "第一部分 部门概况"]
    for text in texts * 2:  # the second time from the memo
        norm, at, form, depth = rules.paragraph(text)
        assert (norm, list(at)) == _normalise_by_character(text), text
        assert form == nfkc(text) == unicodedata.normalize("NFKC", text), text
        assert depth == _general_heading_depth(rules, text), text


def test_remembered_forms_survive_a_wrapped_figure(rules: _Rules) -> None:
    """A paragraph continued on the next line extends its own copy of the remembered indices."""
    first, wrapped = "本年收入合计１２３.４", "５万元，比上年增加１０万元。"
    lines = [Paragraph(first, Position(1)), Paragraph("元。", Position(2))]
    doc = Document("x.txt", "utf-8", lines)
    for _ in range(2):
        result = interpret_prose(doc, [], None, load_vocabulary())
        assert [(str(f.value), f.unit, f.line) for f in result.figures] == [("123.4", "元", 1)]
        assert rules.paragraph(first)[:3] == _forms(first)
    doc = Document("y.txt", "utf-8", [Paragraph(first, Position(1)),
                                       Paragraph(wrapped, Position(2))])
    result = interpret_prose(doc, [], None, load_vocabulary())
    assert [str(f.value) for f in result.figures] == ["5", "10"]  # (no continuation: no wrap)
    assert [(line.line, line.text, line.unlabelled) for line in result.lines] == [
        (1, first, ["123.4"]), (2, wrapped, [])]
    assert rules.paragraph(first)[:3] == _forms(first)


@pytest.mark.parametrize("unit_name", ["", "山西省科普服务中心", "元"])
def test_figure_label_is_the_cleaned_last_clause(rules: _Rules, unit_name: str) -> None:
    rng = random.Random(6)
    for text in _texts(3000, 6, 30):
        start = rng.randint(0, len(text))
        at = rng.randint(start, len(text))
        general = _clean_label(text[_clause_start(text, start, at):at], rules,
                               [unit_name] if unit_name else [])
        assert rules.figure_label(text[start:at], unit_name) == general, (text, start, at)


def test_label_reading_memo_reads_as_the_patterns(rules: _Rules) -> None:
    labels = ["比上年增加", "较上年增长", "收入总计比2023年预算减少", "与上年相比下降了",
              "占", "占比", "占本年支出的", "共计金额", "涉及项目资金", "增", "", "支出总计",
              *_texts(2000, 7, 8)]
    for label in labels:
        reading = rules.reading(label)
        change = rules.change.match(label)
        assert (reading.change and reading.change.group(0)) == (change and change.group(0))
        if change:
            assert reading.change_direction == rules.directions[change.group("verb")]
            assert reading.change_basis == rules.basis_words.sub(
                "", change.group("basis") or rules.basis_default)
        share = rules.share.search(label)
        assert (reading.share and reading.share.span()) == (share and share.span())
        relative = [key for pattern, key in rules.relative if pattern.search(label)]
        assert reading.relative == (relative[0] if relative else None), label


def _general_reason(rules: _Rules, norm: str, at: int) -> str | None:
    """The reason ``_line_report`` gave before its lazy scans: the kind of the first span, of all
    matches of all patterns, holding ``at``."""
    kinds: dict[int, str] = {}
    for reason, pattern in rules.not_figures:
        for f in pattern.finditer(norm):
            for i in range(f.start(), f.end()):
                kinds.setdefault(i, reason)
    return kinds.get(at)


def test_lazy_scans_give_the_reasons_of_full_scans(rules: _Rules) -> None:
    rng = random.Random(9)
    texts = [*_texts(1500, 9, 30), "2024年3月5日,(1)12号", "1、2024-2025年", "3正2副", "[2024]7号"]
    for norm in texts:
        ats = [m.start() for m in _DIGITS.finditer(norm)] + list(range(len(norm) + 1))
        for order in (sorted(set(ats)), rng.sample(ats, len(ats))):
            ignored = _Ignored(norm, rules.not_figures)
            for at in order:
                assert ignored.reason(at) == _general_reason(rules, norm, at), (norm, at)


@pytest.mark.parametrize("pattern", [r"x*|b", r"\d*", r"(?<=a)", r"ab|b", r"a(?=b)", r"\d{4}年"])
def test_matches_found_as_far_as_needed_hold_as_all_matches(pattern: str) -> None:
    rng = random.Random(11)
    compiled = re.compile(pattern)
    for text in ["", "ab", "bab2024年", *("".join(rng.choice("abx12年") for _ in range(
            rng.randint(0, 10))) for _ in range(300))]:
        spans = [m.span() for m in compiled.finditer(text)]
        ats = list(range(len(text) + 2))
        for order in (ats, rng.sample(ats, len(ats))):
            matches = _Matches(compiled.finditer(text))
            for at in order:
                assert matches.hold(at) == any(s <= at < e for s, e in spans), (text, at)


def test_first_kind_is_that_of_the_first_span_holding_the_position() -> None:
    rng = random.Random(10)
    for _ in range(2000):
        spans = []
        for _ in range(rng.randint(0, 5)):
            start = rng.randint(0, 20)
            spans.append((start, start + rng.randint(0, 5), rng.choice(["figure", "threshold"])))
        kinds: dict[int, str] = {}
        for start, end, kind in spans:
            for i in range(start, end):
                kinds.setdefault(i, kind)
        for at in range(26):
            assert _first_kind(spans, at) == kinds.get(at), (spans, at)


@pytest.mark.parametrize("spans", [[(7, 0, 5)], [(7, 0, 0)], [(7, 0, 3), (8, 3, 5)],
                                   [(7, 0, 3), (7, 3, 5)], [(7, 0, 0), (8, 0, 5)]])
def test_physical_lines_of_one_line_read_as_of_many(spans: list[tuple[int, int, int]]) -> None:
    text = _Text("", [], "收入合计。", [], None, spans)
    parts: dict[int, list[str]] = {}
    for line, start, end in spans:
        if end > start:
            parts.setdefault(line, []).append(text.orig[start:end])
    assert _physical_lines(text) == {line: "".join(chunks) for line, chunks in parts.items()}
