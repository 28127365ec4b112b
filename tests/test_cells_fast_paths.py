"""The cell interpreter's fast paths give what its general code gives (amount texts, words,
split-code search, wrapped rows, descriptors)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from ingest.catalogue import load_catalogue, normalise
from ingest.document import Position, Row
from ingest.errors import DocumentError
from ingest.interpret import cells as C
from ingest.interpret.amounts import CANONICAL, decimal_text, parse_amount
from ingest.interpret.memory import Memory

_NOT_APPLICABLE = load_catalogue().not_applicable


def _number_texts(count: int, seed: int) -> list[str]:
    """Decimal-looking texts: signs, leading zeros, 0 to 8 decimals, up to 30 digits."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        whole = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 24)))
        if rng.random() < 0.5:
            whole = whole.lstrip("0") or "0"
        text = rng.choice(["", "", "-", "+"]) + whole
        if rng.random() < 0.8:
            text += "." + "".join(rng.choice("0000123456789") for _ in range(rng.randint(0, 8)))
        out.append(text)
    return out


_EDGES = ["0", "-0", "0.0", "-0.00", "0.000000", "0.0000000", "0.000001", "0.0000001", "12.",
          ".5", "+7", "007", "00.5", "1" * 20, "1" * 20 + ".123456", "1" * 21, "1" * 20 + ".5",
          "9" * 20 + "." + "9" * 6, "1234.5678901", "—", "-", "1,234.56", "１２.５"]


@pytest.mark.parametrize("scale", [None, Decimal(str(1))])
def test_canonical_amounts_are_their_own_decimal_text(scale: Decimal | None) -> None:
    # the reader's shortcut: a CANONICAL text, unscaled or scaled by Decimal(1), is the text
    # decimal_text gives
    for text in [*_number_texts(20000, 1), *_EDGES]:
        if CANONICAL.fullmatch(text) and text not in _NOT_APPLICABLE:
            assert decimal_text(text, _NOT_APPLICABLE, scale) == text, text
            assert str(parse_amount(text, _NOT_APPLICABLE)) == text, text


def test_only_an_integer_one_scale_takes_the_shortcut() -> None:
    # Decimal(str(1.0)) multiplies "12.34" into "12.340": the reader must not take the shortcut
    scales = (1, 1.0, 10000, 0.0001, 0.1)  # the layout's scales, and a float one
    ones = [Decimal(str(s)).as_tuple() == (0, (1,), 0) for s in scales]
    assert ones == [True, False, False, False, False]
    assert decimal_text("12.34", _NOT_APPLICABLE, Decimal(str(1.0))) == "12.340"


def test_nonzero_amount_test_reads_decimal_texts_as_their_decimals() -> None:
    for amounts, expected in [(["0.00", "-0", "0E-7", None], False), (["0.00", "1E-7"], True),
                              (["-0.01"], True), ([], False)]:
        cells = C.CellColumns()
        cells.amount += amounts
        assert cells.has_nonzero_amount() is expected
        assert any(a is not None and Decimal(a) for a in amounts) is expected


_TRICKY = [chr(c) for c in [*range(0x20, 0x7F), *range(0xFF01, 0xFF5F), 0x3000, 0x3001, 0x301,
                            0x2460, 0x4E00, 0xF900, 0x2F800, 0x201C, 0xA0, 0x7C7B, 0x6B3E]]


def _samples(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_TRICKY) for _ in range(rng.randint(0, 6))) for _ in range(count)]


def test_remembered_words_are_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(C, "_WORDS", Memory(C._word, 50))  # cleared many times over
    cells = [*_samples(3000, 3), *_samples(3000, 3), "1234.56", "'1'", "a b", ""]
    assert C._words(cells) == [C._word(c) for c in cells] == [normalise(c) for c in cells]
    assert len(C._WORDS) <= 50


def _rows(items: list[list[str]]) -> list[Row]:
    return [Row(cells, Position(line=n)) for n, cells in enumerate(items, start=1)]


def _unwrap_each_row(rows: list[Row], debris: list) -> list[Row]:
    """_unwrap as it read every row."""
    out = []
    for row in rows:
        cells = [C._unwrap_cell(c) for c in row.cells]
        if cells == row.cells:
            out.append(row)
            continue
        debris += [C.Debris(row.pos.line, "wrapped_cell", b)
                   for b, a in zip(row.cells, cells, strict=True) if b != a]
        out.append(Row(cells, row.pos, row.cell_boxes))
    return out


def test_unwrap_looks_only_at_rows_with_a_break_or_gap() -> None:
    rng = random.Random(4)
    parts = ["行政", "运行", "ab", "12", " ", "\u3000", "\n", "\t", "（一）", ""]
    rows = _rows([["".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
                   for _ in range(rng.randint(0, 5))] for _ in range(3000)])
    fast: list = []
    slow: list = []
    assert C._unwrap(rows, fast) == _unwrap_each_row(rows, slow)
    assert fast == slow and fast


def test_split_code_search_skips_rows_without_the_first_label() -> None:
    catalogue = load_catalogue()
    first, second, third = catalogue.split_code_labels
    tables = [
        [["项目", "", "", "合计"], [first, second, third, "合计"], ["221", "02", "03", "1.00"]],
        [["项目", "合计"], [f" {first}", f"{second}\u3000", "", "1.00"], ["221", "02", "", "x"]],
        [["项目", f"＂{first}＂", second], ["221", "02", "1.00"]],
        [["项目", second, first], ["221", "02", "1.00"]],
        [["项目", "合计"], ["221", "1.00"]],
    ]
    for items in tables:
        rows = _rows(items)
        words = [C._words(list(filter(None, r.cells))) for r in rows]
        forced = [[*w, first] for w in words]  # every row searched, as the general path did
        fast: list = []
        slow: list = []
        assert _outcome(C._join_split_codes, rows, words, catalogue, fast) == \
            _outcome(C._join_split_codes, rows, forced, catalogue, slow)
        assert fast == slow


def _outcome(func, *args):
    """What ``func`` returns, or the error it raises (an amount left in a 款 column)."""
    try:
        return func(*args)
    except DocumentError as exc:
        return ("error", str(exc), exc.line)


def test_one_group_descriptors_are_the_general_ones() -> None:
    catalogue = load_catalogue()
    kind = catalogue.kinds["budget_expenditure"]
    header = [["科目编码", "科目名称", "合计", "基本支出"]]
    plan = C._plan(header, 4, kind, catalogue)
    assert len(plan.groups) == 1
    rows = _rows([["2010101", "行政运行", "1.00", ""], ["", "", "", ""], ["合计", "", "2.00", ""],
                  ["", "小计", "", "3"], ["201", "", "", ""]])
    at = [[c for c, text in enumerate(r.cells) if text] for r in rows]
    assert C._descriptors(rows, at, plan) == C._descriptors_by_group(rows, at, plan)
