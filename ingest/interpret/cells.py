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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import chain, compress, repeat
from operator import attrgetter, itemgetter
from typing import NamedTuple
from weakref import WeakKeyDictionary

from ingest.catalogue import Catalogue, TableKind, normalise, normalise_header
from ingest.document import Debris, Row
from ingest.errors import DocumentError
from ingest.interpret.amounts import CANONICAL, AmountError, decimal_text
from ingest.interpret.layout import LocatedTable
from ingest.interpret.memory import Memory

CODE = re.compile(r"^\d{3,9}$")
_NOTE = re.compile(r"^\w{1,2}\s*[:：]")  # "注：", "说明：" (a note prefix and its colon)
_CJK = r"\u3400-\u9fff\uf900-\ufaff（）【】、，。：；"
_WRAP_GAP = re.compile(rf"(?<=[{_CJK}])[ \u3000]+(?=[{_CJK}])")
_NEWLINE = re.compile(r"[ \u3000]*\n[ \u3000]*")
_ASCII_BOTH = re.compile(r"[A-Za-z0-9]")
_GAP = re.compile("[\n \u3000]")  # what ``_unwrap_cell`` may join
_CELLS = attrgetter("cells")
_SPLIT_FIRST = re.compile(r"^\d{3}$")
_SPLIT_NEXT = re.compile(r"^\d{1,2}$")  # "2" for "02": a text layer may drop the zero
_INT = re.compile(r"^\d+$")
# printable ASCII but space and quotes: already in normal form (see ``_words``)
_PLAIN_ASCII = re.compile(r"[\x21\x23-\x26\x28-\x7e]*")
_ASCII_DIGIT = re.compile(r"[0-9]")
_DECIMALS = 6  # decimals of raw.cells.amount (DECIMAL(20, 6))
_KEPT = Decimal(1).scaleb(-_DECIMALS)
_HEADER_SEARCH = 4  # rows above the header that may hold section labels
_PLANS_PER_CATALOGUE = 4096  # distinct header blocks remembered (see ``_plan``)
_WORDS_REMEMBERED = 65536  # distinct cell texts whose word is remembered (see ``_words``)


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    path: str
    role: str  # code | label | line_no | value
    code_kind: str | None


class Cell(NamedTuple):
    """One cell as ``raw.cells`` stores it (less the document id): a view for reading cells
    one by one; they are kept column by column (:class:`CellColumns`)."""

    table_index: int
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
    amount: str | None  # the amount's decimal text (``str`` of its Decimal), cast by DuckDB
    value_unit: str | None
    page: int | None = None  # paged sources (PDF): the page the cell is printed on
    bbox: tuple[float, float, float, float] | None = None  # PDF: its box (x0, top, x1, bottom)


@dataclass(slots=True)
class CellColumns:
    """Cells column by column: one list per field of :class:`Cell`, one entry per cell, in
    reading order. Interpreters append to the lists, the store hands them to polars as they
    are (no object per cell to build and read back)."""

    table_index: list[int] = field(default_factory=list)
    row_index: list[int] = field(default_factory=list)
    col_index: list[int] = field(default_factory=list)
    line: list[int] = field(default_factory=list)
    column_path: list[str | None] = field(default_factory=list)
    role: list[str] = field(default_factory=list)
    row_label: list[str | None] = field(default_factory=list)
    row_code: list[str | None] = field(default_factory=list)
    code_kind: list[str | None] = field(default_factory=list)
    row_line_no: list[int | None] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    value_status: list[str | None] = field(default_factory=list)
    amount: list[str | None] = field(default_factory=list)
    value_unit: list[str | None] = field(default_factory=list)
    page: list[int | None] = field(default_factory=list)
    bbox: list[tuple[float, float, float, float] | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.text)

    def __iter__(self) -> Iterator[Cell]:
        """The cells one by one."""
        return map(Cell._make, zip(*self.columns(), strict=True))

    def columns(self) -> list[list]:
        """The lists, in the order of :class:`Cell`'s fields."""
        return [getattr(self, name) for name in Cell._fields]

    def extend(self, other: CellColumns) -> None:
        for mine, theirs in zip(self.columns(), other.columns(), strict=True):
            mine.extend(theirs)

    def clear(self) -> None:
        for column in self.columns():
            column.clear()

    def has_nonzero_amount(self) -> bool:
        """Whether an amount is not zero (an amount's text reads back as its Decimal)."""
        return any(a is not None and Decimal(a) for a in self.amount)


@dataclass(slots=True)
class TableCells:
    columns: list[Column]
    header_rows: int
    body_rows: int
    cells: CellColumns
    debris: list[Debris]
    warnings: list[tuple[int, str]]


def interpret_table(table: LocatedTable, catalogue: Catalogue) -> TableCells:
    """Cells of a located table; text cells only when its kind is not financial."""
    if table.kind is None or not table.kind.financial:
        result = _text_cells(table)
    else:
        result = _financial_cells(table, table.kind, catalogue)
        _drop_repeated_rows(result, table)
    cells = result.cells
    cells.table_index += [table.index] * len(cells)
    return result


def _drop_repeated_rows(result: TableCells, table: LocatedTable) -> None:
    """A code printed twice in one column of a table: the same row printed again (every
    amount equal) is dropped with a warning; different amounts under one code cannot both be
    the table's, and fail the table. Either way no code holds two amounts of one column."""
    cells = result.cells
    first: dict[tuple[str, str | None], int] = {}
    repeats: dict[int, tuple[int, str]] = {}  # row index of a repeat -> its line and code
    for i in range(len(cells)):
        code = cells.row_code[i]
        if code is None or cells.role[i] != "value":
            continue
        j = first.setdefault((code, cells.column_path[i]), i)
        if cells.row_index[j] == cells.row_index[i]:
            continue  # the first, or one row's cells of another column group (halves)
        if cells.amount[i] != cells.amount[j] or cells.text[i] != cells.text[j]:
            raise DocumentError(
                f"code {code} printed twice with different amounts in column "
                f"{cells.column_path[i]!r} (lines {cells.line[j]} and {cells.line[i]}: "
                f"{cells.text[j]!r}, {cells.text[i]!r})", line=cells.line[i], table=table.title)
        repeats.setdefault(cells.row_index[i], (cells.line[i], code))
    if not repeats:
        return
    for line, code in repeats.values():
        result.warnings.append((line, f"row {code} printed again: the repeat is not read"))
    keep = [r not in repeats for r in cells.row_index]
    for name in CellColumns.__dataclass_fields__:
        column = getattr(cells, name)
        if len(column) == len(keep):  # table_index is filled in after
            column[:] = list(compress(column, keep))


def _text_cells(table: LocatedTable) -> TableCells:
    out = CellColumns()
    for r, row in enumerate(table.rows, start=1):
        for c, text in enumerate(row.cells):
            if text:
                out.row_index.append(r)
                out.col_index.append(c)
                out.line.append(row.pos.line)
                out.text.append(text)
                out.page.append(row.pos.page)
                out.bbox.append(_box(row, c))
    n = len(out)
    out.role += ["text"] * n
    for column in (out.column_path, out.row_label, out.row_code, out.code_kind,
                   out.row_line_no, out.value_status, out.amount, out.value_unit):
        column += [None] * n
    return TableCells([], 0, len(table.rows), out, [], [])


def _is_numbering(words: list[str], catalogue: Catalogue) -> bool:
    """A row of column numbers ("1 2 3") or 栏次; ``words``: its non-empty cells, normalised."""
    if not catalogue.numbering_labels.isdisjoint(words):
        return True
    # str.isdecimal is the class \d matches (a normalised word holds no line break)
    if len(words) < 2 or not all(map(str.isdecimal, words)):
        return False
    numbers = [int(v) for v in words]
    return numbers == sorted(set(numbers))


def _word(text: str) -> str:
    """``normalise`` of a cell; printable ASCII without space or quotes (amounts, codes, line
    numbers) is its own normal form, and is not looked up."""
    return text if text.isascii() and _PLAIN_ASCII.fullmatch(text) else normalise(text)


# ``_word`` of the cell texts seen last (a pure function of the text: tables of one template
# print the same labels, and a document repeats its amounts)
_WORDS = Memory(_word, _WORDS_REMEMBERED)


def _words(cells: list[str]) -> list[str]:
    """``_word`` of each cell."""
    return list(map(_WORDS.__getitem__, cells))


def _is_header(filled: list[str], words: list[str], vocabulary: frozenset[str],
               catalogue: Catalogue) -> bool:
    """A row of header words (``vocabulary``); ``filled``: its non-empty cells, ``words``:
    those normalised."""
    if len(filled) == 1 and words[0] in catalogue.total_labels:
        return False
    return all(map(vocabulary.__contains__, map(normalise_header, filled)))


def _label_only(cells: list[str], catalogue: Catalogue) -> bool:
    """Only the first cell is filled, with a word that heads no descriptor column (a row
    label, not the "科目编码" line of a header over several rows)."""
    if not (cells and cells[0]) or any(cells[1:]):
        return False
    word = normalise(cells[0])
    return not (word in catalogue.code_leaves or word in catalogue.label_leaves
                or catalogue.leaf_role(word))


def _join_wrapped_header(header: list[list[str]], vocabulary: frozenset[str]
                         ) -> list[list[str]]:
    """Header text wrapped over rows of one column ("因公出国" over "（境）费", "公务接" over
    "待费") is one cell when the pieces joined are a header word and the first alone is not;
    the lower pieces are left empty (merged into the upper cell)."""
    rows = [list(r) for r in header]
    changed = False
    for r in range(len(rows) - 1):
        for c, text in enumerate(rows[r]):
            if not text or normalise_header(text) in vocabulary:
                continue
            joined = text
            for k in range(r + 1, min(len(rows), r + 3)):
                below = rows[k][c] if c < len(rows[k]) else ""
                if not below:
                    break
                joined += below
                if normalise_header(joined) in vocabulary:
                    rows[r][c] = joined
                    for m in range(r + 1, k + 1):
                        rows[m][c] = ""
                    changed = True
                    break
    return rows if changed else header


def _column_paths(header: list[list[str]], width: int,
                  extents: tuple[tuple[int, ...], ...] | None = None) -> list[str]:
    """Each column's header path: a cell spans the empty cells right of it (as far as its
    box does, where ``extents`` tells) under the same parent span."""
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
            ends = extents[r] if extents is not None and r < len(extents) else ()
            spans = left is not None and left >= span_start and (
                left >= len(ends) or ends[left] < 0 or ends[left] >= c)
            out.append(out[left] if spans else "")
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
        elif leaf and (role := catalogue.leaf_role(leaf)) is not None:
            columns.append(Column(i, path, role, kind.code_kind if role == "code" else None))
        elif not path and columns and columns[-1].role in ("label", "code"):
            # no header of its own: the label header to its left spans it ("项目名称" over
            # the two label columns of Jiangsu's 收入预算总表)
            columns.append(Column(i, columns[-1].path, "label", None))
        else:
            columns.append(Column(i, path or f"col{i + 1}", "value", None))
    return columns


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _regroup_misruled_spans(columns: list[Column]) -> list[Column]:
    """A column group opens with its label column. A value column whose group header span
    starts at it, spans a label column further right and follows a label column of another
    group is that group's amount, drawn under the wrong span (Jiangsu 2019 收支预算总表:
    支出用途 ruled over 功能分类's 金额 as well as its own 项目名称 | 金额)."""
    out = list(columns)
    for i in range(1, len(columns)):
        col, before = columns[i], columns[i - 1]
        span, own = _parent(col.path), _parent(before.path)
        if col.role != "value" or before.role != "label" or not span or span == own \
                or not own:
            continue
        opens_here = not any(_parent(c.path) == span for c in columns[:i])
        holds_label = any(c.role == "label" and _parent(c.path) == span
                          for c in columns[i + 1:])
        if opens_here and holds_label:
            out[i] = Column(col.index, f"{own}/{col.path.rsplit('/', 1)[-1]}", col.role,
                            col.code_kind)
    return out


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
    out = list(rows)
    # only a row printing a line break or a gap can change: those are found in one pass
    for r in compress(range(len(rows)), map(_GAP.search, map("".join, map(_CELLS, rows)))):
        row = rows[r]
        cells = [_unwrap_cell(c) for c in row.cells]
        if cells == row.cells:
            continue  # rows are not modified: an unchanged one is kept as it is
        for before, after in zip(row.cells, cells, strict=True):
            if before != after:
                debris.append(Debris(row.pos.line, "wrapped_cell", before))
        out[r] = Row(cells=cells, pos=row.pos, cell_boxes=row.cell_boxes)
    return out


def _join_split_codes(rows: list[Row], filled_words: list[list[str]], catalogue: Catalogue,
                      debris: list[Debris]) -> list[Row]:
    """Codes split into 类 / 款 / 项 columns read as one code in the 类 column (``rows`` itself
    when the table has none; ``filled_words``: each row's non-empty cells, normalised).

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
        if labels[0] not in filled_words[r]:
            continue  # exact: the 类 word (never empty) is the word of a non-empty cell
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
        repeated = False
        if r > marker_row:
            for g in groups:
                parts = [cells[c] for c in g]
                if [normalise(p) for p in parts] == list(labels[:len(g)]):
                    repeated = True
                    # the 类 | 款 | 项 header again, after a page break
                    debris.append(Debris(row.pos.line, "split_code_header",
                                         "\t".join(row.cells)))
                    for c in g:
                        cells[c] = ""
                    continue
                if _SPLIT_FIRST.match(parts[0]) and all(not p or _SPLIT_NEXT.match(p)
                                                        for p in parts[1:]):
                    filled = [p for p in parts[1:] if p]
                    if len(filled) == len([p for p in parts[1:len(filled) + 1] if p]):
                        cells[g[0]] = parts[0] + "".join(p.zfill(2) for p in filled)
                        continue
                stray = next((p for p in parts[1:] if p), None)
                if stray is not None:
                    # dropping the 款/项 columns would lose it: the row is laid out otherwise
                    raise DocumentError(
                        f"cannot place {stray!r}: printed in a 款/项 code column, and no code",
                        line=row.pos.line)
        keep = [c for i, c in enumerate(cells) if i not in drop]
        boxes = None
        if row.cell_boxes is not None:
            padded = list(row.cell_boxes) + [None] * (len(cells) - len(row.cell_boxes))
            boxes = [b for i, b in enumerate(padded) if i not in drop]
        if (r == marker_row or repeated) and not any(keep):
            continue
        out.append(Row(cells=keep, pos=row.pos, cell_boxes=boxes))
    return out


@dataclass(frozen=True, slots=True)
class _Plan:
    """How the columns under one header block read (worked out once per distinct header:
    documents of one template print the same headers)."""

    columns: list[Column]
    paths: list[str]  # per column
    roles: list[str]  # per column
    groups_of: list[int]  # per column, its group's number (columns of one group share it)
    code_columns: list[bool]  # per column, whether its role is code
    value_columns: list[bool]  # per column, whether its role is value
    # per group number: its descriptor columns as (index, role) pairs, and its code kind
    groups: list[tuple[tuple[tuple[int, str], ...], str | None]]


_PLANS: WeakKeyDictionary[Catalogue, dict[tuple, _Plan]] = WeakKeyDictionary()


def _plan(header: list[list[str]], width: int, kind: TableKind, catalogue: Catalogue,
          roles: tuple[tuple[int, str], ...] = (),
          extents: tuple[tuple[int, ...], ...] | None = None) -> _Plan:
    """The column plan of a header block, from the catalogue's memory when seen before;
    ``roles``: (column, role) the body's content gives columns whose header says otherwise;
    ``extents``: per header row, the last column each cell spans (``_header_geometry``)."""
    plans = _PLANS.get(catalogue)
    if plans is None:
        plans = _PLANS[catalogue] = {}
    key = (kind.key, width, roles, extents, *map(tuple, header))
    plan = plans.get(key)
    if plan is None:
        if len(plans) >= _PLANS_PER_CATALOGUE:
            plans.clear()
        columns = _regroup_misruled_spans(_columns(_column_paths(
            _join_wrapped_header(header, catalogue.header_words), width, extents), kind,
            catalogue))
        for c, role in roles:
            col = columns[c]
            columns[c] = Column(c, col.path, role, kind.code_kind if role == "code" else None)
        groups = _groups(columns)
        numbers: dict[int, int] = {}
        described: list[tuple[tuple[tuple[int, str], ...], str | None]] = []
        for g in groups:
            if id(g) not in numbers:
                numbers[id(g)] = len(described)
                described.append((tuple((m.index, m.role) for m in g), _code_kind(g)))
        plan = plans[key] = _Plan(columns, [c.path for c in columns], [c.role for c in columns],
                                  [numbers[id(g)] for g in groups],
                                  [c.role == "code" for c in columns],
                                  [c.role == "value" for c in columns], described)
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
    """The table read by its header words; when that reading meets text where an amount
    belongs, read again by its shape (``_shape_reading``) before giving up."""
    title = table.title.text if table.title else kind.label
    try:
        return _read_financial(table, kind, catalogue, title, by_shape=False)
    except DocumentError as first:
        try:
            return _read_financial(table, kind, catalogue, title, by_shape=True)
        except DocumentError:
            raise first from None


def _read_financial(table: LocatedTable, kind: TableKind, catalogue: Catalogue, title: str,
                    by_shape: bool) -> TableCells:
    debris: list[Debris] = []
    rows = _unwrap(table.rows, debris)
    rows = _drop_notes(rows, catalogue, debris)
    rows = _align_merged_label_rows(rows, catalogue)
    # each row's non-empty cells, as printed and normalised, once
    filled = [list(filter(None, row.cells)) for row in rows]
    words = [_words(cells) for cells in filled]
    joined = _join_split_codes(rows, words, catalogue, debris)
    if joined is not rows:
        rows = joined
        filled = [list(filter(None, row.cells)) for row in rows]
        words = [_words(cells) for cells in filled]
    numbering = [_is_numbering(w, catalogue) for w in words]

    def is_header(r: int) -> bool:
        # any kind's header words: a template may head a column with another kind's word
        return _is_header(filled[r], words[r], catalogue.header_words, catalogue) or (
            by_shape and _is_header_shape(rows[r].cells, catalogue))

    # section rows ("一、政府采购情况") may stand above the header: look a few rows down, not
    # past a row printing an amount (a header never stands below the table's data)
    search = 0
    while search < min(len(rows), _HEADER_SEARCH) and (numbering[search] or not any(
            _is_amount(t, catalogue) for t in filled[search])):
        search += 1
    first = next((r for r in range(search) if not numbering[r] and is_header(r)), 0)
    header: list[list[str]] = []
    header_rows: list[Row] = []
    start = first
    for start in range(first, len(rows)):
        if numbering[start]:
            continue
        if not is_header(start) or (header and _label_only(rows[start].cells, catalogue)):
            # a row naming only its first column under a header is a body row whose
            # label is a header word elsewhere ("因公出国（境）费" as a line of the 三公 table)
            break
        header.append(rows[start].cells)
        header_rows.append(rows[start])
    else:
        start = len(rows)
    warnings: list[tuple[int, str]] = []
    width = max((len(r.cells) for r in rows), default=0)
    header, extents = _header_geometry(header, header_rows, rows, width)
    if rows and not header:
        warnings.append((rows[0].pos.line, f"{title}: no header row recognised; "
                         "columns are numbered"))
    plan = _plan(header, width, kind, catalogue, extents=extents)
    repeats_header = _repeated_header_test(header)
    body: list[Row] = []
    body_filled: list[list[str]] = []
    for r in (*range(first), *range(start, len(rows))):
        if numbering[r]:
            continue
        row = rows[r]
        # a header row again after a page break: this kind's own header words
        if repeats_header(row.cells) or (
                len(filled[r]) > 1 and _is_header(filled[r], words[r], kind.header, catalogue)):
            debris.append(Debris(row.pos.line, "repeated_header", "\t".join(row.cells)))
            continue
        body.append(row)
        body_filled.append(filled[r])
    if by_shape:
        roles = _content_roles(plan, body, catalogue)
        if roles:
            plan = _plan(header, width, kind, catalogue, roles, extents)
            warnings += [(body[0].pos.line, f"{title}: column {plan.paths[c]!r} holds "
                          f"{role}s, not amounts: read as {role} column") for c, role in roles]
    cells = CellColumns()
    reader = _BodyReader(plan, kind, catalogue, title, Decimal(str(table.scale)))
    reader.read(body, body_filled, cells)
    warnings += reader.warnings
    return TableCells(list(plan.columns), len(header), len(body), cells, debris, warnings)


def _header_geometry(header: list[list[str]], header_rows: list[Row], rows: list[Row],
                     width: int) -> tuple[list[list[str]], tuple[tuple[int, ...], ...] | None]:
    """Where the header cells stand, from their boxes (PDF input) against the table's columns
    as the full-width rows' boxes draw them. A header row read with fewer columns than the
    table (its first row printed at the foot of the previous page, where the ruling has only
    收入 | 支出) is placed by x: each cell in the column its box starts in. And per header row,
    the last column each cell's box spans (-1: not known), so that a span stops where its
    ruling does ("“三公”经费" over six columns, not over 会议费 | 培训费 right of it). Without
    boxes (text input) the rows keep their tab positions and spans are inferred."""
    lefts: list[float | None] = [None] * width
    for row in rows:
        if len(row.cells) != width or not row.cell_boxes:
            continue
        for c, box in enumerate(row.cell_boxes[:width]):
            if box is not None and (lefts[c] is None or box[0] < lefts[c]):
                lefts[c] = box[0]
    if not header or any(x is None for x in lefts) or lefts != sorted(lefts):
        return header, None
    out: list[list[str]] = []
    extents: list[tuple[int, ...]] = []
    for cells, row in zip(header, header_rows, strict=True):
        boxes = list(row.cell_boxes or [])
        boxes += [None] * (len(cells) - len(boxes))
        placed = [""] * width
        ends = [-1] * width
        narrow = len(cells) < width
        for c, (text, box) in enumerate(zip(cells, boxes, strict=False)):
            if not text:
                continue
            if box is None:
                if narrow:  # a cell that cannot be placed: the row stays as read
                    placed, ends = list(cells), [-1] * len(cells)
                    break
                placed[c] = text
                continue
            # the last column starting at or left of the box (a point of slack for the rules)
            start = max((i for i, x in enumerate(lefts) if x <= box[0] + 3), default=0) \
                if narrow else c
            if narrow and placed[start]:
                placed, ends = list(cells), [-1] * len(cells)
                break
            placed[start] = text
            ends[start] = max((i for i, x in enumerate(lefts) if x < box[2] - 3),
                              default=start)
        out.append(placed)
        extents.append(tuple(ends))
    return out, tuple(extents)


def _align_merged_label_rows(rows: list[Row], catalogue: Catalogue) -> list[Row]:
    """A PDF row with fewer cells than the table, whose label cell spans the descriptor
    columns ("合计" over 类 | 款 | 项 | 名称) and whose other cells are amounts, as the rows of
    full width print amounts in their last columns: the amounts stand under those columns.
    Text rows keep their tab positions."""
    width = max((len(r.cells) for r in rows), default=0)
    full = [r for r in rows if len(r.cells) == width]
    out = None
    for k, row in enumerate(rows):
        n = len(row.cells)
        if row.cell_boxes is None or not 2 <= n < width or not row.cells[0] \
                or _is_amount(row.cells[0], catalogue) \
                or not all(_is_amount(c, catalogue) for c in row.cells[1:] if c):
            continue
        tail = range(width - n + 1, width)
        if not all(any(r.cells[c] and _is_amount(r.cells[c], catalogue) for r in full)
                   for c in tail):
            continue
        gap = width - n
        boxes = list(row.cell_boxes) + [None] * (n - len(row.cell_boxes))
        aligned = Row(cells=[row.cells[0], *[""] * gap, *row.cells[1:]], pos=row.pos,
                      cell_boxes=[boxes[0], *[None] * gap, *boxes[1:n]])
        if out is None:
            out = list(rows)
        out[k] = aligned
    return out if out is not None else rows


def _drop_notes(rows: list[Row], catalogue: Catalogue, debris: list[Debris]) -> list[Row]:
    """Rows that are a note inside the grid ("此表为空", "注：本部门无相关收支项目") become
    debris of kind ``note``: they are no line of the table."""
    kept = []
    for row in rows:
        texts = [c for c in row.cells if c]
        if len(texts) == 1 and (catalogue.is_empty_mark(texts[0])
                                or (texts[0].startswith(catalogue.note_prefixes)
                                and _NOTE.match(texts[0]))):
            debris.append(Debris(row.pos.line, "note", texts[0]))
            continue
        kept.append(row)
    return kept if len(kept) != len(rows) else rows


def _is_amount(text: str, catalogue: Catalogue) -> bool:
    try:
        decimal_text(text, catalogue.not_applicable, None)
    except AmountError:
        return False
    return True


def _is_header_shape(cells: list[str], catalogue: Catalogue) -> bool:
    """A row shaped like a header row: text only (no amount, no code), more than a row label
    (two cells or more, or a cell right of the first column), no total line."""
    texts = [c for c in cells if c]
    if not texts or any(CODE.match(t) or _is_amount(t, catalogue) for t in texts):
        return False
    if len(texts) == 1:
        return not cells[0] and normalise(texts[0]) not in catalogue.total_labels
    return True


def _content_roles(plan: _Plan, body: list[Row], catalogue: Catalogue
                   ) -> tuple[tuple[int, str], ...]:
    """Value columns whose body cells say they are descriptors: mostly text that is no
    amount (a label column), or hierarchical codes (3, 5, 7 digits) among labels."""
    roles = []
    for c, is_value in enumerate(plan.value_columns):
        if not is_value:
            continue
        texts = [row.cells[c] for row in body if c < len(row.cells) and row.cells[c]]
        if not texts:
            continue
        codes = [t for t in texts if CODE.match(t)]
        words = [t for t in texts if not CODE.match(t) and not _is_amount(t, catalogue)]
        if codes and len(codes) + len(words) == len(texts) and len({len(t) for t in codes}) > 1:
            roles.append((c, "code"))
        elif 2 * len(words) > len(texts):
            roles.append((c, "label"))
    return tuple(roles)


class _BodyReader:
    """Turns body rows into cells, by the table's column plan."""

    def __init__(self, plan: _Plan, kind: TableKind, catalogue: Catalogue, title: str,
                 scale: Decimal) -> None:
        self.plan = plan
        self.kind = kind
        self.not_applicable = catalogue.not_applicable
        self.title = title
        self.scale = scale
        # multiplying by exactly Decimal(1) keeps an amount's digits and exponent
        self.scale_is_one = scale.as_tuple() == (0, (1,), 0)
        self.units: dict[str | None, str | None] = {}  # row label -> its unit (``_row_unit``)
        self.warnings: list[tuple[int, str]] = []

    def read(self, rows: list[Row], filled: list[list[str]], out: CellColumns) -> None:
        """Append the cells of the body rows ``rows`` (row indexes 1, 2, …; ``filled``: each
        row's non-empty cells) to ``out``. Built column by column over the whole table: the
        cells of a row share its index, line and page, and a column's cells its path and
        role; only value cells, and code cells for their role, are visited one by one."""
        plan = self.plan
        groups, columns, group_of = plan.groups, plan.columns, plan.groups_of
        positions = range(len(columns))
        at = [list(compress(positions, row.cells)) for row in rows]  # each row's filled cells
        counts = list(map(len, at))
        cols = list(chain.from_iterable(at))
        texts = list(chain.from_iterable(filled))
        row_index = list(chain.from_iterable(map(repeat, range(1, len(rows) + 1), counts)))
        described = _descriptors(rows, at, plan)
        labels = list(map(itemgetter(0), described))
        codes = list(map(itemgetter(1), described))
        roles = list(map(plan.roles.__getitem__, cols))
        for i in compress(range(len(cols)), map(plan.code_columns.__getitem__, cols)):
            if not CODE.match(texts[i]):
                roles[i] = "label"
        statuses: list[str | None] = [None] * len(cols)
        amounts: list[str | None] = [None] * len(cols)
        value_units: list[str | None] = [None] * len(cols)
        not_applicable = self.not_applicable
        scale_is_one = self.scale_is_one
        units = self.units if self.kind.row_units else None
        canonical = CANONICAL.fullmatch
        for i in compress(range(len(cols)), map(plan.value_columns.__getitem__, cols)):
            text, label, code = texts[i], labels[i], codes[i]
            if label is None and code is None:
                c = cols[i]
                label = labels[i] = _label_to_left(rows[row_index[i] - 1], columns,
                                                   groups[group_of[c]][0], c)
            if units is None:
                unit = None
            elif label in units:
                unit = units[label]
            else:
                unit = units[label] = _row_unit(self.kind, label)
            if (unit or scale_is_one) and canonical(text) and text not in not_applicable:
                amount = text  # exact: see amounts.CANONICAL
            else:
                amount = self.amount(text, unit, label, code, plan.paths[cols[i]],
                                     rows[row_index[i] - 1].pos.line)
            statuses[i] = "value" if amount is not None else "not_applicable"
            amounts[i] = amount
            value_units[i] = unit or "万元"
        out.row_index += row_index
        out.col_index += cols
        out.line += chain.from_iterable(map(repeat, [row.pos.line for row in rows], counts))
        out.column_path += map(plan.paths.__getitem__, cols)
        out.role += roles
        out.row_label += labels
        out.row_code += codes
        out.code_kind += map(itemgetter(3), described)
        out.row_line_no += map(itemgetter(2), described)
        out.text += texts
        out.value_status += statuses
        out.amount += amounts
        out.value_unit += value_units
        out.page += chain.from_iterable(map(repeat, [row.pos.page for row in rows], counts))
        if all(row.cell_boxes is None for row in rows):
            out.bbox += [None] * len(cols)
        else:
            for row, row_cols in zip(rows, at, strict=True):
                boxes = row.cell_boxes
                out.bbox += [boxes[c] if boxes is not None and c < len(boxes) else None
                             for c in row_cols]

    def amount(self, text: str, unit: str | None, label: str | None, code: str | None,
               path: str, line: int) -> str | None:
        """A value cell's amount (in 万元 unless its row has a unit of its own), as decimal
        text."""
        try:
            value = decimal_text(text, self.not_applicable, None if unit else self.scale)
        except AmountError as e:
            raise DocumentError(
                f"{e.reason} {text!r} in column {path!r}, row "
                f"{(code + ' ' if code else '') + (label or '')!r}",
                line=line, table=self.title) from None
        if value is not None and Decimal(value).as_tuple().exponent < -_DECIMALS:
            # the raw schema keeps 6 decimals (万元: 0.01 元); more would be rounded silently
            stored = Decimal(value).quantize(_KEPT, ROUND_HALF_EVEN)
            self.warnings.append((line, (
                f"{self.title}: amount {text!r} in column {path!r} has more decimals than "
                f"the {_DECIMALS} kept: stored as {stored}")))
            value = str(stored)
        return value


def _box(row: Row, c: int) -> tuple[float, float, float, float] | None:
    """The box cell ``c`` of ``row`` was read from (PDF), else None."""
    if row.cell_boxes is None or c >= len(row.cell_boxes):
        return None
    return row.cell_boxes[c]


def _descriptors(rows: list[Row], at: list[list[int]], plan: _Plan
                 ) -> list[tuple[str | None, str | None, int | None, str | None]]:
    """For each cell (``at``: where each row's cells stand), ``_describe`` of its row and its
    group. A plan of one group gives every cell of a row the same (exact: the general path
    picks group 0 for each)."""
    if len(plan.groups) == 1:
        members, code_kind = plan.groups[0]
        return list(chain.from_iterable(map(
            repeat, [_describe(row.cells, members, code_kind) for row in rows], map(len, at))))
    return _descriptors_by_group(rows, at, plan)


def _descriptors_by_group(rows: list[Row], at: list[list[int]], plan: _Plan
                          ) -> list[tuple[str | None, str | None, int | None, str | None]]:
    """``_descriptors``, each row's groups described once (pure: worked out for every group,
    whether the row prints in it or not)."""
    described = []
    for row, row_cols in zip(rows, at, strict=True):
        found = [_describe(row.cells, members, code_kind) for members, code_kind in plan.groups]
        described += [found[plan.groups_of[c]] for c in row_cols]
    return described


def _describe(cells: list[str], group: tuple[tuple[int, str], ...], code_kind: str | None
              ) -> tuple[str | None, str | None, int | None, str | None]:
    """The label, code and line number a row prints in a group's descriptor columns
    (``(index, role)`` pairs), and the group's code kind when it prints a code."""
    label = code = None
    line_no = None
    for index, role in group:
        text = cells[index] if index < len(cells) else ""
        if not text:
            continue
        if role == "code" and CODE.match(text):
            code = code or text
        elif role == "label" or role == "code":
            label = label or text
        elif role == "line_no" and _INT.match(text):
            line_no = int(text)
    return label, code, line_no, code_kind if code else None


def _label_to_left(row: Row, columns: list[Column], group: tuple[tuple[int, str], ...], c: int
                   ) -> str | None:
    """The label of a row whose own group prints none: a label cell merged over the group's
    columns ("当年支出小计" spanning name and amount columns of 公开01表) stands further left.
    The search stops at the first value the row prints."""
    start = group[0][0] if group else c
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
