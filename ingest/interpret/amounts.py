"""Read an amount as printed in a table cell."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
# most cells: ASCII digits with a decimal point, nothing to normalise or remove
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class AmountError(ValueError):
    """The cell holds text where a number belongs."""


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
