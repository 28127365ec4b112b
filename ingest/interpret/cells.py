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
from dataclasses import dataclass
from decimal import Decimal

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
_HEADER_SEARCH = 4  # rows above the header that may hold section labels


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
    if any(v in catalogue.numbering_labels for v in words):
        return True
    return len(words) >= 2 and all(_INT.match(v) for v in words) and \
        [int(v) for v in words] == sorted({int(v) for v in words})


def _is_header(filled: list[str], words: list[str], kind: TableKind,
               catalogue: Catalogue) -> bool:
    """A row of header words; ``filled``: its non-empty cells, ``words``: those normalised."""
    if len(filled) == 1 and words[0] in catalogue.total_labels:
        return False
    return all(normalise_header(v) in kind.header for v in filled)


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
        words = [normalise(c) for c in row.cells]
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


def _financial_cells(table: LocatedTable, kind: TableKind, catalogue: Catalogue) -> TableCells:
    title = table.title.text if table.title else kind.label
    debris: list[Debris] = []
    rows = _join_split_codes(_unwrap(table.rows, debris), catalogue, debris)
    # each row's non-empty cells, as printed and normalised, once
    filled = [[c for c in row.cells if c] for row in rows]
    words = [[normalise(c) for c in cells] for cells in filled]
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
    columns = _columns(_column_paths(header, width), kind, catalogue)
    groups = _groups(columns)
    code_kinds = [_code_kind(g) for g in groups]
    # columns of one group share its list: a row is described once per group
    group_keys = [id(g) for g in groups]
    scale = Decimal(str(table.scale))
    units: dict[str | None, str | None] = {}  # row label -> its unit (``_row_unit``)
    header_keys = {normalise("".join(h)) for h in header}
    cells: list[Cell] = []
    body_index = 0
    for r in body:
        row = rows[r]
        line = row.pos.line
        if numbering[r]:
            continue
        if (header_keys and normalise("".join(row.cells)) in header_keys) or (
                len(filled[r]) > 1 and is_header(r)):
            debris.append(Debris(line, "repeated_header", "\t".join(row.cells)))
            continue
        body_index += 1
        described: dict[int, tuple[str | None, str | None, int | None]] = {}
        for c, text in enumerate(row.cells):
            if not text:
                continue
            col = columns[c]
            found = described.get(group_keys[c])
            if found is None:
                found = described[group_keys[c]] = _describe(row, groups[c])
            label, code, line_no = found
            if label is None and code is None and col.role == "value":
                label = _label_to_left(row, columns, groups[c], c)
            if col.role == "value":
                if label in units:
                    unit = units[label]
                else:
                    unit = units[label] = _row_unit(kind, label)
                try:
                    number = parse_amount(text, catalogue.not_applicable)
                except AmountError:
                    raise DocumentError(
                        f"cannot read amount {text!r} in column {col.path!r}, row "
                        f"{(code + ' ' if code else '') + (label or '')!r}",
                        line=line, table=title) from None
                amount = None
                if number is not None:
                    amount = number if unit else number * scale
                cells.append(Cell(body_index, c, line, col.path, "value", label, code,
                                  code_kinds[c] if code else None, line_no, text,
                                  "not_applicable" if number is None else "value", amount,
                                  unit or "万元", row.pos.page, _box(row, c)))
            else:
                role = col.role
                if role == "code" and not CODE.match(text):
                    role = "label"
                cells.append(Cell(body_index, c, line, col.path, role, label, code,
                                  code_kinds[c] if code else None, line_no, text,
                                  None, None, None, row.pos.page, _box(row, c)))
    return TableCells(columns, len(header), body_index, cells, debris, warnings)


def _box(row: Row, c: int) -> tuple[float, float, float, float] | None:
    """The box cell ``c`` of ``row`` was read from (PDF), else None."""
    if row.cell_boxes is None or c >= len(row.cell_boxes):
        return None
    return row.cell_boxes[c]


def _describe(row: Row, group: list[Column]) -> tuple[str | None, str | None, int | None]:
    label = code = None
    line_no = None
    for col in group:
        text = row.cells[col.index] if col.index < len(row.cells) else ""
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
