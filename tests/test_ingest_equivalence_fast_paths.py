"""The ingest fast paths give what the general code gives (character forms, words, amounts)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from decimal import Decimal

import pytest

from ingest.catalogue import load_catalogue, nfkc, normalise
from ingest.interpret.amounts import _NUMBER, _THOUSANDS, AmountError, parse_amount
from ingest.interpret.cells import _words

# ASCII, full-width forms, combining marks, jamo, compatibility characters, CJK
_TRICKY = [chr(c) for c in [
    *range(0x20, 0x7F), *range(0xFF01, 0xFF5F), 0x3000, 0x3001, 0x3002, 0x301, 0x308, 0x3099,
    0x309A, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xFB01, 0x2460, 0x3231, 0x4E00, 0x9FA5, 0xF900,
    0x2F800, 0x0B47, 0x0B3E, 0xFF9E, 0xFF76, 0x2017, 0x2026, 0x33A1, 0x212B, 0xE9, 0x201C, 0xA0]]


def _samples(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_TRICKY) for _ in range(rng.randint(0, 8))) for _ in range(count)]


def test_nfkc_is_unicode_nfkc() -> None:
    for text in [*_samples(20000, 1), "收入合计（万元）：1,234.56", "ｅ\u0301", "ﾃﾞ"]:
        assert nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)


def test_words_are_normalised_cells() -> None:
    cells = [*_samples(5000, 2), "1234.56", "2010101", "'1'", "a b", "\t", ""]
    assert _words(cells) == [normalise(c) for c in cells]


def _general_amount(text: str) -> Decimal | None:
    """parse_amount without its fast path."""
    marks = load_catalogue().not_applicable
    t = unicodedata.normalize("NFKC", text).replace(" ", "")
    if t in marks or (t and set(t) <= set("—–-－―─")):
        return None
    negative = t.startswith("(") and t.endswith(")")
    t = _THOUSANDS.sub("", t[1:-1] if negative else t)
    if not _NUMBER.match(t):
        raise AmountError(text)
    return -Decimal(t) if negative else Decimal(t)


@pytest.mark.parametrize("text", ["0", "12", "12.", ".5", "-3.20", "+7", "1,234.56", "(1.00)",
                                  "１２.５", "—", "-", " 4 ", "12.3.4", "abc", "", "1e5"])
def test_amount_fast_path_reads_as_the_general_path(text: str) -> None:
    def read(parse: Callable[[str], Decimal | None]) -> str:
        try:
            return repr(parse(text))  # (the repr tells 1.20 from 1.2)
        except AmountError:
            return "AmountError"

    marks = load_catalogue().not_applicable
    assert read(lambda t: parse_amount(t, marks)) == read(_general_amount)
