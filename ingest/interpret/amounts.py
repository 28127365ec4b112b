"""Read an amount as printed in a table cell."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
# most cells: ASCII digits with a decimal point, nothing to normalise or remove
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# Amounts printed in the form ``str(Decimal)`` writes: "-" the only sign, no leading zero, at
# most 6 decimals (``str`` writes an exponent from 7 on: "1E-7") and at most 26 digits (a
# product with Decimal(1) is rounded from 29 on). Such a text is its own decimal text, scaled
# by exactly 1 or not at all (see ``decimal_text``).
CANONICAL = re.compile(r"-?(?:0|[1-9][0-9]{0,13})(?:\.[0-9]{1,6})?")
# The raw schema stores amounts as DECIMAL(20, 6): at most 14 integer digits. A larger number
# is an error of its cell (its table fails, the document loads), never of the write batch.
MAX_AMOUNT = Decimal(10) ** 14


class AmountError(ValueError):
    """The cell holds text where a number belongs, or a number too large to store."""

    def __init__(self, text: str, reason: str = "cannot read amount") -> None:
        super().__init__(text)
        self.text, self.reason = text, reason


def too_large(value: Decimal) -> bool:
    """Whether ``value`` has more integer digits than an amount may (see MAX_AMOUNT)."""
    return abs(value) >= MAX_AMOUNT


def parse_amount(text: str, not_applicable: frozenset[str]) -> Decimal | None:
    """The number a cell prints, or None for a not-applicable mark ("—", "——", "———").

    Accepts thousands separators ("1,234.56"), full-width digits and a negative sign, and
    "(1.00)" for a negative. Raises :class:`AmountError` for anything else.
    """
    if _PLAIN.fullmatch(text) and text not in not_applicable:
        return Decimal(text)
    t = unicodedata.normalize("NFKC", text).replace(" ", "")
    if t in not_applicable or (t and set(t) <= set("—–-－―─")):
        return None
    negative = t.startswith("(") and t.endswith(")")
    if negative:
        t = t[1:-1]
    t = _THOUSANDS.sub("", t)
    if not _NUMBER.match(t):
        raise AmountError(text)
    value = Decimal(t)
    return -value if negative else value


def decimal_text(text: str, not_applicable: frozenset[str], scale: Decimal | None
                 ) -> str | None:
    """``str`` of the amount a cell prints times ``scale`` (None: as printed), the text DuckDB
    casts to DECIMAL; None for a not-applicable mark. Raises :class:`AmountError` as
    :func:`parse_amount` does."""
    number = parse_amount(text, not_applicable)
    if number is None:
        return None
    if scale is not None:
        number *= scale
    if too_large(number):
        raise AmountError(text, "amount beyond the 14 integer digits a cell may hold")
    return str(number)
