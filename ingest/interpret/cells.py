"""Interpret a located financial table: header rows into column paths, body rows into cells.

Header rows are the leading rows whose words all belong to the table kind's header vocabulary
(catalogue data); rows of column numbers ("1 2 3", "栏次") are skipped. A header cell left
empty continues the span to its left within its parent's span, so the header
"项目 | | 本年收入 | … " over "科目编码 | 科目名称 | 合计 | 一般公共预算 …" gives the paths
"项目/科目编码", "本年收入/一般公共预算". Each column gets a role from its leaf: code, label,
line number (行次) or value. Value cells take the row label and code of their own column group,
so side-by-side groups (收入 | 支出, the four groups of 公开06表) keep their own rows.

Codes some templates split into 类 / 款 / 项 cells ("221 | 02 | 03", the parent code repeated on
every row) are read as one code (2210203) in one code column before anything else. Text wrapped
over lines inside a cell ("机关事业单位基本养老保\n险缴费支出") is one label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from weakref import WeakKeyDictionary

from ingest.catalogue import Catalogue, TableKind, normalise, normalise_header
from ingest.document import Debris, Row
from ingest.errors import DocumentError
from ingest.interpret.amounts import AmountError, parse_amount
from ingest.interpret.layout import LocatedTable

CODE = re.compile(r"^\d{3,9}$")
_CJK = r"\u3400-\u9fff\uf900-\ufaff（）【】、，。：；"
_WRAP_GAP = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")
_NEWLINE = re.compile(r"[ \u3000]*\n[ \u3000]*")
_ASCII_BOTH = re.compile(r"[A-Za-z0-9]")
_SPLIT_FIRST = re.compile(r"^\d{3}$")
_SPLIT_NEXT = re.compile(r"^\d{2}$")
_INT = re.compile(r"^\d+$")
# printable ASCII but space and quotes: already in normal form (see ``_words``)
_PLAIN_ASCII = re.compile(r"[\x21\x23-\x26\x28-\x7e]*")
_ASCII_DIGIT = re.compile(r"[0-9]")
_HEADER_SEARCH = 4  # rows above the header that may hold section labels
_PLANS_PER_CATALOGUE = 4096  # distinct header blocks remembered (see ``_plan``)


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    path: str
    role: str  # code | label | line_no | value
    code_kind: str | None


@dataclass(slots=True)
class Cell:
    row_index: int
    col_index: int
    line: int
    column_path: str | None
    role: str  # code | label | line_no | value | text
    row_label: str | None
    row_code: str | None
    code_kind: str | None
    row_line_no: int | None
    text: str
    value_status: str | None  # value | not_applicable (value cells only)
    amount: Decimal | None
    value_unit: str | None
    page: int | None = None  # paged sources (PDF): the page the cell is printed on
    bbox: tuple[float, float, float, float] | None = None  # PDF: its box (x0, top, x1, bottom)


@dataclass(slots=True)
class TableCells:
    columns: list[Column]
    header_rows: int
    body_rows: int
    cells: list[Cell]
    debris: list[Debris]
    warnings: list[tuple[int, str]]


def interpret_table(table: LocatedTable, catalogue: Catalogue) -> TableCells:
    """Cells of a located table; text cells only when its kind is not financial."""
    if table.kind is None or not table.kind.financial:
        return _text_cells(table)
    return _financial_cells(table, table.kind, catalogue)


def _text_cells(table: LocatedTable) -> TableCells:
    cells = [
        Cell(r, c, row.pos.line, None, "text", None, None, None, None, text, None, None, None,
             row.pos.page, _box(row, c))
        for r, row in enumerate(table.rows, start=1)
        for c, text in enumerate(row.cells)
        if text
    ]
    return TableCells([], 0, len(table.rows), cells, [], [])


def _is_numbering(words: list[str], catalogue: Catalogue) -> bool:
    """A row of column numbers ("1 2 3") or 栏次; ``words``: its non-empty cells, normalised."""
    if not catalogue.numbering_labels.isdisjoint(words):
        return True
    # str.isdecimal is the class \d matches (a normalised word holds no line break)
    if len(words) < 2 or not all(map(str.isdecimal, words)):
        return False
    numbers = [int(v) for v in words]
    return numbers == sorted(set(numbers))


def _words(cells: list[str]) -> list[str]:
    """``normalise`` of each cell; printable ASCII without space or quotes (amounts, codes,
    line numbers) is its own normal form, and is not looked up."""
    plain = _PLAIN_ASCII.fullmatch
    return [c if c.isascii() and plain(c) else normalise(c) for c in cells]


def _is_header(filled: list[str], words: list[str], kind: TableKind,
               catalogue: Catalogue) -> bool:
    """A row of header words; ``filled``: its non-empty cells, ``words``: those normalised."""
    if len(filled) == 1 and words[0] in catalogue.total_labels:
        return False
    header = kind.header
    return all(normalise_header(v) in header for v in filled)


def _column_paths(header: list[list[str]], width: int) -> list[str]:
    filled: list[list[str]] = []
    for r, row in enumerate(header):
        row = row + [""] * (width - len(row))
        out: list[str] = []
        last = len(header) - 1
        for c, value in enumerate(row):
            if value or r == last:
                out.append(value)
                continue
            parent_raw = header[r - 1][c] if r and c < len(header[r - 1]) else ""
            if r and parent_raw:
                out.append("")  # a new parent span starts here: the cell merges downward
                continue
            span_start = max((i for i in range(c + 1) if r and i < len(header[r - 1])
                              and header[r - 1][i]), default=0)
            left = next((i for i in range(c - 1, -1, -1) if row[i]), None)
            out.append(out[left] if left is not None and left >= span_start else "")
        filled.append(out)
    paths = []
    for c in range(width):
        parts: list[str] = []
        for row in filled:
            if row[c] and (not parts or parts[-1] != row[c]):
                parts.append(row[c])
        paths.append("/".join(parts))
    return paths


def _columns(paths: list[str], kind: TableKind, catalogue: Catalogue) -> list[Column]:
    columns = []
    for i, path in enumerate(paths):
        leaf = normalise(path.rsplit("/", 1)[-1]) if path else ""
        if leaf in catalogue.code_leaves:
            columns.append(Column(i, path, "code",
                                  catalogue.code_kind_by_leaf.get(leaf, kind.code_kind)))
        elif leaf in catalogue.label_leaves:
            columns.append(Column(i, path, "label", None))
        elif leaf in catalogue.line_no_leaves:
            columns.append(Column(i, path, "line_no", None))
        elif not path and columns and columns[-1].role in ("label", "code"):
            # no header of its own: the label header to its left spans it ("项目名称" over
            # the two label columns of Jiangsu's 收入预算总表)
            columns.append(Column(i, columns[-1].path, "label", None))
        else:
            columns.append(Column(i, path or f"col{i + 1}", "value", None))
    return columns


def _groups(columns: list[Column]) -> list[list[Column]]:
    """For each column, the descriptor columns (code/label/line) of its group."""
    groups: list[list[Column]] = []
    current: list[Column] = []
    previous_role = None
    for col in columns:
        if col.role != "value":
            if previous_role == "value":
                current = []
            current.append(col)
        groups.append(current)
        previous_role = col.role
    return groups


def _join_lines(text: str) -> str:
    """A cell's wrapped lines as one text: no space between Chinese, one between ASCII words."""
    if "\n" not in text:
        return text
    parts = _NEWLINE.split(text)
    out = parts[0]
    for part in parts[1:]:
        gap = " " if out and part and _ASCII_BOTH.match(out[-1]) and _ASCII_BOTH.match(part[0]) \
            else ""
        out += gap + part
    return out


def _unwrap_cell(text: str) -> str:
    """A cell's text with its wrapped lines and the gaps inside a wrapped name joined."""
    if "\n" not in text and " " not in text and "\u3000" not in text:
        return text  # no line break and no gap: nothing to join
    return _WRAP_GAP.sub("", _join_lines(text))


def _unwrap(rows: list[Row], debris: list[Debris]) -> list[Row]:
    """Rows with wrapped names joined: "财政专户管理 资金" -> "财政专户管理资金",
    "机关事业单位基本养老保\n险缴费支出" -> "机关事业单位基本养老保险缴费支出"."""
    out = []
    for row in rows:
        joined = "\t".join(row.cells)
        if "\n" not in joined and " " not in joined and "\u3000" not in joined:
            out.append(row)  # no cell has a line break or a gap: nothing to join
            continue
        cells = [_unwrap_cell(c) for c in row.cells]
        if cells == row.cells:
            out.append(row)  # rows are not modified: an unchanged one is kept as it is
            continue
        for before, after in zip(row.cells, cells, strict=True):
            if before != after:
                debris.append(Debris(row.pos.line, "wrapped_cell", before))
        out.append(Row(cells=cells, pos=row.pos, cell_boxes=row.cell_boxes))
    return out


def _join_split_codes(rows: list[Row], catalogue: Catalogue, debris: list[Debris]) -> list[Row]:
    """Codes split into 类 / 款 / 项 columns read as one code in the 类 column.

    The columns are found by their header words (a row near the top printing 类 and 款, maybe
    项); those words are removed from that row (which may also hold the 合计 row beside them)
    and the 款 / 项 columns are dropped. "221 | 02 | 03" becomes "2210203", "221 | 02 | " the
    款 code "22102"; a cell that is no code ("合计") is kept as printed."""
    labels = catalogue.split_code_labels
    if len(labels) < 2:
        return rows
    groups: list[list[int]] = []
    marker_row = None
    for r, row in enumerate(rows[:_HEADER_SEARCH + 3]):
        words = _words(row.cells)
        for c, word in enumerate(words):
            if word == labels[0] and c + 1 < len(words) and words[c + 1] == labels[1]:
                group = [c, c + 1]
                if len(labels) > 2 and c + 2 < len(words) and words[c + 2] == labels[2]:
                    group.append(c + 2)
                groups.append(group)
        if groups:
            marker_row = r
            break
    if marker_row is None:
        return rows
    drop = {c for g in groups for c in g[1:]}
    out: list[Row] = []
    for r, row in enumerate(rows):
        cells = list(row.cells) + [""] * (max(drop) + 1 - len(row.cells))
        if r == marker_row:
            for g in groups:
                for c in g:
                    cells[c] = ""
            debris.append(Debris(row.pos.line, "split_code_header", "\t".join(row.cells)))
        elif r > marker_row:
            for g in groups:
                parts = [cells[c] for c in g]
                if _SPLIT_FIRST.match(parts[0]) and all(not p or _SPLIT_NEXT.match(p)
                                                        for p in parts[1:]):
                    filled = [p for p in parts[1:] if p]
                    if len(filled) == len([p for p in parts[1:len(filled) + 1] if p]):
                        cells[g[0]] = parts[0] + "".join(filled)
        keep = [c for i, c in enumerate(cells) if i not in drop]
        boxes = None
        if row.cell_boxes is not None:
            padded = list(row.cell_boxes) + [None] * (len(cells) - len(row.cell_boxes))
            boxes = [b for i, b in enumerate(padded) if i not in drop]
        if r == marker_row and not any(keep):
            continue
        out.append(Row(cells=keep, pos=row.pos, cell_boxes=boxes))
    return out


@dataclass(frozen=True, slots=True)
class _Plan:
    """How the columns under one header block read (worked out once per distinct header:
    documents of one template print the same headers)."""

    columns: list[Column]
    # per column: itself, its group's number (columns of one group share it), the group's
    # descriptor columns and code kind
    specs: list[tuple[Column, int, list[Column], str | None]]


_PLANS: WeakKeyDictionary[Catalogue, dict[tuple, _Plan]] = WeakKeyDictionary()


def _plan(header: list[list[str]], width: int, kind: TableKind, catalogue: Catalogue) -> _Plan:
    """The column plan of a header block, from the catalogue's memory when seen before."""
    plans = _PLANS.get(catalogue)
    if plans is None:
        plans = _PLANS[catalogue] = {}
    key = (kind.key, width, *map(tuple, header))
    plan = plans.get(key)
    if plan is None:
        if len(plans) >= _PLANS_PER_CATALOGUE:
            plans.clear()
        columns = _columns(_column_paths(header, width), kind, catalogue)
        groups = _groups(columns)
        numbers: dict[int, int] = {}
        specs = [(col, numbers.setdefault(id(g), len(numbers)), g, _code_kind(g))
                 for col, g in zip(columns, groups, strict=True)]
        plan = plans[key] = _Plan(columns, specs)
    return plan


def _repeated_header_test(header: list[list[str]]) -> Callable[[list[str]], bool]:
    """A test whether a body row repeats one of the header rows (a page break)."""
    keys = {normalise("".join(h)) for h in header}
    if not keys:
        return lambda cells: False
    # an ASCII digit survives normalising: a row printing one cannot match digit-free keys
    digits = any(_ASCII_DIGIT.search(k) for k in keys)
    digit = _ASCII_DIGIT.search

    def repeats(cells: list[str]) -> bool:
        joined = "".join(cells)
        if not digits and digit(joined):
            return False
        return normalise(joined) in keys
    return repeats


def _financial_cells(table: LocatedTable, kind: TableKind, catalogue: Catalogue) -> TableCells:
    title = table.title.text if table.title else kind.label
    debris: list[Debris] = []
    rows = _join_split_codes(_unwrap(table.rows, debris), catalogue, debris)
    # each row's non-empty cells, as printed and normalised, once
    filled = [list(filter(None, row.cells)) for row in rows]
    words = [_words(cells) for cells in filled]
    numbering = [_is_numbering(w, catalogue) for w in words]

    def is_header(r: int) -> bool:
        return _is_header(filled[r], words[r], kind, catalogue)

    # section rows ("一、政府采购情况") may stand above the header: look a few rows down
    first = next((r for r in range(min(len(rows), _HEADER_SEARCH))
                  if not numbering[r] and is_header(r)), 0)
    header: list[list[str]] = []
    start = first
    for start in range(first, len(rows)):
        if numbering[start]:
            continue
        if not is_header(start):
            break
        header.append(rows[start].cells)
    else:
        start = len(rows)
    body = [*range(first), *range(start, len(rows))]  # row indexes
    warnings: list[tuple[int, str]] = []
    width = max((len(r.cells) for r in rows), default=0)
    if rows and not header:
        warnings.append((rows[0].pos.line, f"{title}: no header row recognised; "
                         "columns are numbered"))
    plan = _plan(header, width, kind, catalogue)
    repeats_header = _repeated_header_test(header)
    reader = _BodyReader(plan, kind, catalogue, title, Decimal(str(table.scale)))
    cells: list[Cell] = []
    body_index = 0
    for r in body:
        if numbering[r]:
            continue
        row = rows[r]
        if repeats_header(row.cells) or (len(filled[r]) > 1 and is_header(r)):
            debris.append(Debris(row.pos.line, "repeated_header", "\t".join(row.cells)))
            continue
        body_index += 1
        reader.read_row(row, body_index, cells)
    return TableCells(list(plan.columns), len(header), body_index, cells, debris, warnings)


class _BodyReader:
    """Turns body rows into cells, by the table's column plan."""

    def __init__(self, plan: _Plan, kind: TableKind, catalogue: Catalogue, title: str,
                 scale: Decimal) -> None:
        self.plan = plan
        self.kind = kind
        self.not_applicable = catalogue.not_applicable
        self.title = title
        self.scale = scale
        self.units: dict[str | None, str | None] = {}  # row label -> its unit (``_row_unit``)

    def read_row(self, row: Row, body_index: int, out: list[Cell]) -> None:
        specs = self.plan.specs
        texts = row.cells
        line, page, boxes = row.pos.line, row.pos.page, row.cell_boxes
        described: dict[int, tuple[str | None, str | None, int | None]] = {}
        for c, text in enumerate(texts):
            if not text:
                continue
            col, group, members, code_kind = specs[c]
            found = described.get(group)
            if found is None:
                found = described[group] = _describe(texts, members)
            label, code, line_no = found
            box = boxes[c] if boxes is not None and c < len(boxes) else None
            if not code:
                code_kind = None
            role = col.role
            if role == "value":
                if label is None and code is None:
                    label = _label_to_left(row, self.plan.columns, members, c)
                amount, unit = self.amount(text, label, code, col, line)
                out.append(Cell(body_index, c, line, col.path, "value", label, code, code_kind,
                                line_no, text, "value" if amount is not None
                                else "not_applicable", amount, unit, page, box))
                continue
            if role == "code" and not CODE.match(text):
                role = "label"
            out.append(Cell(body_index, c, line, col.path, role, label, code, code_kind,
                            line_no, text, None, None, None, page, box))

    def amount(self, text: str, label: str | None, code: str | None, col: Column, line: int
               ) -> tuple[Decimal | None, str]:
        """A value cell's amount (in 万元 unless its row has a unit of its own) and unit."""
        units = self.units
        if label in units:
            unit = units[label]
        else:
            unit = units[label] = _row_unit(self.kind, label)
        try:
            number = parse_amount(text, self.not_applicable)
        except AmountError:
            raise DocumentError(
                f"cannot read amount {text!r} in column {col.path!r}, row "
                f"{(code + ' ' if code else '') + (label or '')!r}",
                line=line, table=self.title) from None
        if number is not None and not unit:
            number = number * self.scale
        return number, unit or "万元"


def _box(row: Row, c: int) -> tuple[float, float, float, float] | None:
    """The box cell ``c`` of ``row`` was read from (PDF), else None."""
    if row.cell_boxes is None or c >= len(row.cell_boxes):
        return None
    return row.cell_boxes[c]


def _describe(cells: list[str], group: list[Column]
              ) -> tuple[str | None, str | None, int | None]:
    """The label, code and line number a row prints in a group's descriptor columns."""
    label = code = None
    line_no = None
    for col in group:
        text = cells[col.index] if col.index < len(cells) else ""
        if not text:
            continue
        if col.role == "code" and CODE.match(text):
            code = code or text
        elif col.role in ("label", "code"):
            label = label or text
        elif col.role == "line_no" and _INT.match(text):
            line_no = int(text)
    return label, code, line_no


def _label_to_left(row: Row, columns: list[Column], group: list[Column], c: int) -> str | None:
    """The label of a row whose own group prints none: a label cell merged over the group's
    columns ("当年支出小计" spanning name and amount columns of 公开01表) stands further left.
    The search stops at the first value the row prints."""
    start = group[0].index if group else c
    for i in range(start - 1, -1, -1):
        text = row.cells[i] if i < len(row.cells) else ""
        if not text:
            continue
        return text if columns[i].role in ("label", "code") else None
    return None


def _code_kind(group: list[Column]) -> str | None:
    return next((c.code_kind for c in group if c.role == "code"), None)


def _row_unit(kind: TableKind, label: str | None) -> str | None:
    if label:
        for pattern, unit in kind.row_units:
            if pattern.search(label):
                return unit
    return None
