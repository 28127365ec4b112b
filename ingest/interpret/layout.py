"""Locate tables in a document: title, marker, unit and scale lines, grid and notes.

A table is announced by a title the catalogue knows (whatever its numbering style), followed by
its preamble lines and a grid; notes ("注：", "说明：本表无数据") follow the grid. A title with no
grid before the next title is a table printed without rows. A grid with no title directly after
another table's grid continues that table (a page break); a page break that repeats the same
title and header block is merged back into one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.catalogue import MARKER, Catalogue, TableKind, TitleMatch, normalise, normalise_title
from ingest.document import Block, Debris, Document, Grid, Paragraph, Row

_UNIT_NAME = re.compile(r"^(?P<label>单位名称|部门名称|预算单位|部门)[：:]\s*(?P<name>.+)$")
_SCALE = re.compile(r"(?:金额)?单位[：:]\s*(?P<unit>万元|元|千元|亿元)")
_SCALES = {"万元": 1, "元": 0.0001, "千元": 0.1, "亿元": 10000}
_MAX_LINES_TITLE_TO_GRID = 5  # prose lines a title's grid may follow it by
_YEAR_LINE = re.compile(r"^[（(]?(?P<year>\d{4})\)?年度?[)）]?$")


@dataclass(slots=True)
class LocatedTable:
    """A table found in a document, before its cells are interpreted."""

    index: int
    kind: TableKind | None
    template: str | None
    table_no: int | None
    title: Paragraph | None
    marker: Paragraph | None = None
    unit_name: Paragraph | None = None
    scale_line: Paragraph | None = None
    year_line: Paragraph | None = None
    rows: list[Row] = field(default_factory=list)
    notes: list[Paragraph] = field(default_factory=list)
    merged_pages: int = 0

    @property
    def marker_no(self) -> int | None:
        if self.marker is None:
            return None
        m = MARKER.match(normalise(self.marker.text))
        digits = m and (m.group("a") or m.group("b"))
        return int(digits) if digits else None

    @property
    def unit(self) -> str | None:
        m = self.scale_line and _SCALE.search(self.scale_line.text)
        return m.group("unit") if m else None

    @property
    def scale(self) -> float:
        return _SCALES.get(self.unit or "万元", 1)

    @property
    def unit_name_text(self) -> str | None:
        m = self.unit_name and _UNIT_NAME.match(self.unit_name.text)
        return m.group("name").strip() if m else None

    def declared_empty(self, catalogue: Catalogue) -> bool:
        return any(mark in n.text for n in self.notes for mark in catalogue.empty_marks)

    @property
    def first_line(self) -> int:
        anchors = [p.pos.line for p in (self.marker, self.title) if p is not None]
        if self.rows:
            anchors.append(self.rows[0].pos.line)
        return min(anchors)

    @property
    def last_line(self) -> int:
        lines = [self.first_line]
        lines += [r.pos.line for r in self.rows[-1:]]
        lines += [n.pos.line for n in self.notes[-1:]]
        return max(lines)

    def _pages(self) -> list[int]:
        blocks = [self.marker, self.title, self.unit_name, self.scale_line, *self.notes]
        pages = [b.pos.page for b in blocks if b is not None and b.pos.page is not None]
        pages += [r.pos.page for r in self.rows if r.pos.page is not None]
        return pages

    @property
    def first_page(self) -> int | None:
        """The page the table starts on (paged sources only)."""
        pages = self._pages()
        return min(pages) if pages else None

    @property
    def last_page(self) -> int | None:
        """The page the table ends on: later than first_page when it continues over pages."""
        pages = self._pages()
        return max(pages) if pages else None


@dataclass(slots=True)
class Layout:
    tables: list[LocatedTable]
    debris: list[Debris]
    warnings: list[tuple[int, str]]


def locate_tables(doc: Document, catalogue: Catalogue, doc_kind: str | None,
                  template: str | None = None) -> Layout:
    """Find every table of ``doc`` in reading order.

    Titles are read as the tables of ``template``, by default the template whose titles the
    document prints most (a title such as "收入决算表" belongs to several templates)."""
    if template is None:
        template = catalogue.detect_template(
            [b.text for b in doc.blocks if isinstance(b, Paragraph)], doc_kind)
    return _Locator(catalogue, doc_kind, template).locate(doc.blocks)


class _Locator:
    """Walks a document's blocks, opening a table at each title (an object, not closures: a
    closure calling itself is a reference cycle, which would keep every block alive until
    the cycle collector ran)."""

    def __init__(self, catalogue: Catalogue, doc_kind: str | None, template: str | None
                 ) -> None:
        self.catalogue = catalogue
        self.doc_kind = doc_kind
        self.template = template
        self.tables: list[LocatedTable] = []
        self.debris: list[Debris] = []
        self.warnings: list[tuple[int, str]] = []
        self.pending: list[Paragraph] = []

    def is_note(self, p: Paragraph) -> bool:
        return p.text.startswith(self.catalogue.note_prefixes)

    def match_title(self, text: str) -> TitleMatch | None:
        return self.catalogue.match_title(text, self.doc_kind, self.template)

    def locate(self, blocks: list[Block]) -> Layout:
        tables = self.tables
        collecting_notes = False
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                if collecting_notes and self.is_note(block):
                    tables[-1].notes.append(block)
                    continue
                following = blocks[i + 1] if i + 1 < len(blocks) else None
                if collecting_notes and isinstance(following, Paragraph) \
                        and self.is_note(following) and tables[-1].notes \
                        and tables[-1].notes[-1].pos.page == block.pos.page \
                        and self.match_title(block.text) is None \
                        and not MARKER.match(normalise(block.text)):
                    # a line between two notes belongs to them ("无…的，仍保留该表格式…：")
                    tables[-1].notes.append(block)
                    continue
                collecting_notes = False
                self.pending.append(block)
                continue
            self.open_tables(block)
            self.pending = []
            collecting_notes = True
        self.open_tables(None)
        for t in tables:
            t.index = tables.index(t)
        return Layout(tables=tables, debris=self.debris, warnings=self.warnings)

    def open_tables(self, grid: Grid | None) -> None:
        pending, tables = self.pending, self.tables
        titles = []
        for i, p in enumerate(pending):
            match = self.match_title(p.text)
            if match is not None:
                titles.append((i, match))
        if titles and grid is not None:
            last = titles[-1][0]
            between = [p for p in pending[last + 1:] if not (
                _UNIT_NAME.match(p.text) or _SCALE.search(p.text)
                or _YEAR_LINE.match(normalise(p.text)) or self.is_note(p)
                or MARKER.match(normalise(p.text)))]
            if len(between) > _MAX_LINES_TITLE_TO_GRID:
                # prose stands between the last title and this grid: the grid is not that
                # table's (a contents page before a table of the overview)
                self.open_tables(None)
                del pending[:]
                pending.extend(between)
                titles = []
        if not titles:
            if grid is not None:
                self.place_untitled(grid)
            return
        markers = [i for i, p in enumerate(pending) if MARKER.match(normalise(p.text))
                   and not self.match_title(p.text)]
        title_idx = [i for i, _ in titles]
        for n, (i, match) in enumerate(titles):
            end = title_idx[n + 1] if n + 1 < len(titles) else len(pending)
            table = LocatedTable(index=len(tables), kind=match.kind, template=match.template,
                                 table_no=match.table_no, title=pending[i])
            for m in markers:
                nearest = min(title_idx, key=lambda t, m=m: (abs(t - m), t < m))
                if nearest == i:
                    table.marker = pending[m]
            for p in pending[i + 1:end]:
                if _UNIT_NAME.match(p.text) and table.unit_name is None:
                    table.unit_name = p
                elif _SCALE.search(p.text) and table.scale_line is None:
                    table.scale_line = p
                elif _YEAR_LINE.match(normalise(p.text)):
                    table.year_line = p
                elif self.is_note(p):
                    table.notes.append(p)
            is_last = n == len(titles) - 1
            if is_last and grid is not None:
                previous = tables[-1] if tables else None
                if previous is not None and _repeats(previous, table, grid):
                    previous.rows.extend(grid.rows)
                    previous.merged_pages += 1
                    self.debris.append(Debris(table.first_line, "repeated_title",
                                              f"page-break repetition of {table.title.text}"))
                    continue
                table.rows = list(grid.rows)
            tables.append(table)

    def place_untitled(self, grid: Grid) -> None:
        pending, tables = self.pending, self.tables
        previous = tables[-1] if tables else None
        if previous is not None and previous.rows and not pending:
            previous.rows.extend(grid.rows)
            return
        near = pending[-1].text if pending else "(no text before it)"
        self.warnings.append((grid.first_line,
                              f"table at lines {grid.first_line}-{grid.last_line} has no "
                              f"recognised title (nearest line before it: {near!r}); kept as "
                              "an unknown table"))
        tables.append(LocatedTable(index=len(tables), kind=None, template=None, table_no=None,
                                   title=pending[-1] if pending else None,
                                   rows=list(grid.rows)))


def _repeats(previous: LocatedTable, table: LocatedTable, grid: Grid) -> bool:
    """Whether ``table`` is a page-break repetition of ``previous`` (same title and header)."""
    if previous.kind is None or not previous.kind.financial or previous.kind != table.kind:
        return False
    if previous.title is None or table.title is None or not previous.rows:
        return False
    if normalise_title(previous.title.text) != normalise_title(table.title.text):
        return False
    head = [normalise("".join(r.cells)) for r in previous.rows[:2]]
    return [normalise("".join(r.cells)) for r in grid.rows[:2]] == head
