"""Tables of the two templates as data (rows of labels and amounts), and their rendering as the
tab-separated text that PDF extraction produces.

A :class:`Table` keeps amounts as :class:`Amt` (integer 元) until it is rendered, so the
generator can inject a known inconsistency into one printed cell and record the printed value
(as the warehouse will read it) next to the value the identities call for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)


def wan(yuan: int) -> Decimal:
    """元 -> 万元 rounded to 0.01 the way the documents round."""
    return (Decimal(yuan) / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)


def printed_wan(yuan: int, unit: str) -> Decimal:
    """The amount in 万元 that the warehouse reads from a cell printed in ``unit``."""
    if unit == "元":
        return Decimal(yuan) / TEN_THOUSAND
    return wan(yuan)


def fmt_amount(yuan: int, unit: str, thousands: bool) -> str:
    """A cell's text: empty for zero, 2 decimals, optional thousands separators."""
    if yuan == 0:
        return ""
    if unit == "元":
        return f"{yuan:,}.00" if thousands else f"{yuan}.00"
    value = wan(yuan)
    return f"{value:,.2f}" if thousands else f"{value:.2f}"


def fmt_prose(value: Decimal, strip: bool) -> str:
    """An amount in a sentence: "360.00" or, in documents that strip zeros, "360"."""
    text = f"{value:.2f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(slots=True)
class Amt:
    """An amount cell in 元."""

    yuan: int


Cell = str | Amt


@dataclass(slots=True)
class Table:
    """One table of a document, ready to render."""

    kind: str
    title: str
    header: list[list[str]]
    rows: list[list[Cell]]
    keys: list[str]  # one key per body row: a function/economic code or a label
    labels: list[str]  # the row's label as printed (for the manifest)
    unit: str = "万元"
    empty: bool = False
    numbering: list[str] | None = None  # "栏次" / "1 2 3" row after the header
    marker: str | None = None
    marker_after_title: bool = False
    year_line: str | None = None
    unit_label: str = "单位名称"
    scale_label: str = "单位"
    notes: list[str] = field(default_factory=list)

    def find(self, key: str) -> int:
        return self.keys.index(key)

    def amount(self, key: str, col: int) -> int:
        cell = self.rows[self.find(key)][col]
        return cell.yuan if isinstance(cell, Amt) else 0

    def printed(self, key: str, col: int) -> Decimal:
        return printed_wan(self.amount(key, col), self.unit)


def render_rows(rows: list[list[Cell]], unit: str, thousands: bool) -> list[str]:
    return [
        "\t".join(fmt_amount(c.yuan, unit, thousands) if isinstance(c, Amt) else c for c in row)
        for row in rows
    ]
