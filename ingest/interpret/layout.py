"""Locate tables in a document: title, marker, unit and scale lines, grid and notes.

A table is announced by a title line that the catalogue classifies by its words (whatever its
numbering, wherever its year, unit name or "部门：… 单位：万元" preamble stand), followed by its
preamble lines and a grid; notes ("注：", "说明：本表无数据") follow the grid. A title with no
grid before the next title is a table printed without rows; a title printed inside the grid's
frame (its first row) is read as the title. A grid with no title directly after another
table's grid continues that table (a page break): page numbers between them are furniture,
and a "（续）" title or a repetition of the same title continues the table too. The lines after
目录 are the contents page: each entry that names a table kind is kept, to be compared with the
tables found. Which template a document follows is decided from the kinds found, and numbers
its tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.catalogue import Catalogue, TableKind, TitleMatch, normalise, numeral_value
from ingest.document import Block, Debris, Document, Grid, Paragraph, Position, Row

# the labels of a unit line ("部门：…", "预算单位：…") and the scope each names; identity.py
# reads the cover's unit line with the same labels
UNIT_LINE_SCOPES = {"编制部门": "department", "编制单位": "unit", "预算主管部门": "department",
                    "预算单位": "unit", "单位名称": "unit", "部门名称": "department",
                    "部门": "department"}
_UNIT_LABELS = "|".join(UNIT_LINE_SCOPES)
_UNIT_NAME = re.compile(
    rf"(?P<label>{_UNIT_LABELS})[：:]\s*(?P<name>.*?)\s*(?=(?:金额)?单位[：:]|$)")
_UNIT_LABEL = re.compile(rf"(?:{_UNIT_LABELS})[：:]")
_SCALE = re.compile(r"(?:金额)?单位[：:]\s*(?P<unit>万元|元|千元|亿元)")
_SCALES = {"万元": 1, "元": 0.0001, "千元": 0.1, "亿元": 10000}
_MAX_LINES_TITLE_TO_GRID = 5  # prose lines a title's grid may follow it by
_YEAR_LINE = re.compile(r"^[（(]?(?P<year>\d{4})\)?年度?[)）]?$")
_MAX_CONTENTS_ENTRIES = 80
# rows of a grid whose words may decide between kinds a title leaves open
_HEADER_ROWS = 4
_WRAPPED_TITLE_TAIL = 4  # characters of a title's last wrapped line ("表", "预算表")
_FRAGMENT_LENGTH = 8  # characters of a wrapped cell's scrap left between two pages of a table
_TEXT_FRAME_ROWS = 3
_AMOUNT = re.compile(r"\d\.\d|^\s*[\d,]+\s*$")


@dataclass(slots=True)
class ContentsEntry:
    """A line of the contents page, and the table kind it names (None: a section)."""

    line: int
    text: str
    kind: str | None
    page: int | None = None
    kinds: tuple[str, ...] = ()  # the kinds its title leaves open (decided by the template)


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
    match: TitleMatch | None = None
    # the unit name printed on the line after a bare "部门：" label
    unit_name_line: Paragraph | None = None

    @property
    def marker_no(self) -> int | None:
        return numeral_value(normalise(self.marker.text)) if self.marker else None

    @property
    def unit(self) -> str | None:
        m = self.scale_line and _SCALE.search(self.scale_line.text)
        return m.group("unit") if m else None

    @property
    def scale(self) -> float:
        return _SCALES.get(self.unit or "万元", 1)

    @property
    def unit_name_text(self) -> str | None:
        m = self.unit_name and _UNIT_NAME.search(self.unit_name.text)
        name = m.group("name").strip() if m else None
        if not name and self.unit_name_line is not None:
            name = self.unit_name_line.text.strip()
        return name or None

    @property
    def unit_name_label(self) -> str | None:
        """The label of the unit line ("部门", "预算单位", …)."""
        m = self.unit_name and _UNIT_NAME.search(self.unit_name.text)
        return m.group("label") if m else None

    @property
    def preamble(self) -> list[Paragraph]:
        """Every line printed with the table outside its grid."""
        lines = [self.title, self.marker, self.unit_name, self.unit_name_line,
                 self.scale_line, self.year_line, *self.notes]
        return [p for p in lines if p is not None]

    def declared_empty(self, catalogue: Catalogue) -> bool:
        return any(catalogue.is_empty_mark(n.text) for n in self.notes)

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
        pages = [b.pos.page for b in self.preamble if b.pos.page is not None]
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
    template: str | None = None
    contents: list[ContentsEntry] = field(default_factory=list)


def locate_tables(doc: Document, catalogue: Catalogue, doc_kind: str | None) -> Layout:
    """Find every table of ``doc`` in reading order, and the template its kinds follow."""
    layout = _Locator(catalogue, doc_kind).locate(doc.blocks)
    kinds = {t.kind.key for t in layout.tables if t.kind is not None}
    kinds |= {e.kind for e in layout.contents if e.kind is not None}
    kinds -= set(catalogue.supplementary)
    layout.template = catalogue.detect_template(kinds, doc_kind) if kinds else None
    in_template = {t["kind"] for t in catalogue.templates[layout.template]["tables"]} \
        if layout.template else set()
    for entry in layout.contents:
        entry.kind = next((k for k in entry.kinds if k in in_template), entry.kind)
    for table in layout.tables:
        if table.match is not None and len(table.match.kinds) > 1 and (
                not table.rows or (table.kind is not None
                                   and table.kind.key not in in_template)):
            # the title leaves kinds open and the header did not pick one of the template's
            # (printed without rows, or its header glued to the title line): the template does
            table.kind = next((k for k in table.match.kinds if k.key in in_template),
                              table.kind)
        if table.kind is not None:
            table.table_no = catalogue.table_number(layout.template, table.kind.key)
            table.template = layout.template if table.table_no is not None else None
    return layout


def _is_text_frame(grid: Grid) -> bool:
    """A frame of at most a few one-cell rows without an amount: boxed text, not a table."""
    return len(grid.rows) <= _TEXT_FRAME_ROWS and all(
        sum(1 for c in r.cells if c) <= 1 and not _AMOUNT.search("".join(r.cells))
        for r in grid.rows)


def _row_text(row: Row) -> str:
    return " ".join(c for c in row.cells if c)


class _Locator:
    """Walks a document's blocks, opening a table at each title (an object, not closures: a
    closure calling itself is a reference cycle, which would keep every block alive until
    the cycle collector ran)."""

    def __init__(self, catalogue: Catalogue, doc_kind: str | None) -> None:
        self.catalogue = catalogue
        self.doc_kind = doc_kind
        self.tables: list[LocatedTable] = []
        self.debris: list[Debris] = []
        self.warnings: list[tuple[int, str]] = []
        self.pending: list[Paragraph] = []
        self.contents: list[ContentsEntry] = []
        self.in_contents = False

    def is_note(self, p: Paragraph) -> bool:
        return p.text.startswith(self.catalogue.note_prefixes)

    def match_title(self, text: str) -> TitleMatch | None:
        return self.catalogue.match_title(text, self.doc_kind)

    def is_marker(self, text: str) -> bool:
        return self.catalogue.is_marker(text)

    def locate(self, blocks: list[Block]) -> Layout:
        tables = self.tables
        collecting_notes = False
        blocks = self._split_at_frame_titles(self._join_split_contents_title(blocks))
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                if self.catalogue.is_furniture(block.text):
                    self.debris.append(Debris(block.pos.line, "page_furniture", block.text,
                                              block.pos.page))
                    continue
                if self.in_contents and self.contents_entry(block):
                    continue
                match = self.match_title(block.text)
                if match is not None and match.kind.key == "contents":
                    self.open_tables(None)
                    self.pending = []
                    self.open_contents(block, match)
                    collecting_notes = False
                    continue
                if collecting_notes and self.is_note(block):
                    tables[-1].notes.append(block)
                    continue
                following = blocks[i + 1] if i + 1 < len(blocks) else None
                if collecting_notes and isinstance(following, Paragraph) \
                        and self.is_note(following) and tables[-1].notes \
                        and tables[-1].notes[-1].pos.page == block.pos.page \
                        and match is None and not self.is_marker(block.text):
                    # a line between two notes belongs to them ("无…的，仍保留该表格式…：")
                    tables[-1].notes.append(block)
                    continue
                collecting_notes = False
                self.pending.append(block)
                continue
            if self.in_contents:
                self.in_contents = False
                contents = tables[-1]
                if not contents.rows and not self.pending:
                    # the contents page printed as a grid (tab-separated text)
                    contents.rows = list(block.rows)
                    self.add_contents_rows(block.rows)
                    collecting_notes = False
                    continue
            block = self.peel_frame_title(block)
            if block is None:
                continue
            if _is_text_frame(block):
                # a framed line or two (a cover title set in a box) is text, not a table
                self.pending.extend(Paragraph(_row_text(r), r.pos) for r in block.rows)
                continue
            self.open_tables(block)
            self.pending = []
            collecting_notes = True
        self.open_tables(None)
        for n, t in enumerate(tables):
            t.index = n
        return Layout(tables=tables, debris=self.debris, warnings=self.warnings,
                      contents=self.contents)

    def _join_split_contents_title(self, blocks: list[Block]) -> list[Block]:
        """"目" and "录" set on two lines of a cover page are the one word 目录."""
        out: list[Block] = []
        for block in blocks:
            prev = out[-1] if out else None
            if isinstance(block, Paragraph) and isinstance(prev, Paragraph) \
                    and normalise(prev.text) == "目" and normalise(block.text) == "录":
                out[-1] = Paragraph("目录", prev.pos, prev.heading_level)
                continue
            out.append(block)
        return out

    def _split_at_frame_titles(self, blocks: list[Block]) -> list[Block]:
        """A grid that runs from the end of one table into the next one's title row (both in
        one frame on a page) is two grids, the second starting at that title."""
        out: list[Block] = []
        for block in blocks:
            if not isinstance(block, Grid):
                out.append(block)
                continue
            first = [c for c in block.rows[0].cells if c]
            head = self.match_title(first[0]) if len(first) == 1 else None
            if head is not None and head.kind.key == "contents":
                out.append(block)  # a contents page set in a frame: its entries name tables
                continue
            start = 0
            for r, row in enumerate(block.rows):
                filled = [c for c in row.cells if c]
                if r > start and len(filled) == 1 and self.match_title(filled[0]) is not None:
                    out.append(Grid(block.rows[start:r]))
                    start = r
            out.append(Grid(block.rows[start:]) if start else block)
        return out

    # -- the contents page ------------------------------------------------------------

    def open_contents(self, title: Paragraph, match: TitleMatch) -> None:
        self.tables.append(LocatedTable(index=len(self.tables), kind=match.kind, template=None,
                                        table_no=None, title=title, match=match))
        self.in_contents = True

    def contents_entry(self, p: Paragraph) -> bool:
        """Take ``p`` as an entry of the contents page; False ends the contents page (a
        sentence, or a line the contents already listed: the body starts with the first
        section the contents named)."""
        core, _ = self.catalogue.title_core(p.text)
        core = core.rstrip("。.;；:：")
        seen = {self.catalogue.title_core(e.text)[0].rstrip("。.;；:：")
                for e in self.contents}
        if (not core or self.catalogue.sentence_marks.intersection(core)
                or len(core) > self.catalogue.title_max_length
                or core in seen or len(self.contents) >= _MAX_CONTENTS_ENTRIES):
            self.in_contents = False
            return False
        self.contents.append(self.entry(p.text, p.pos))
        return True

    def entry(self, text: str, pos: Position) -> ContentsEntry:
        match = self.match_title(text)
        kinds = tuple(k.key for k in match.kinds) if match is not None else ()
        return ContentsEntry(pos.line, text, kinds[0] if kinds else None, pos.page, kinds)

    def add_contents_rows(self, rows: list[Row]) -> None:
        for row in rows:
            text = next((c for c in row.cells if c), "")
            if text:
                self.contents.append(self.entry(text, row.pos))

    # -- titles and grids ---------------------------------------------------------------

    def peel_frame_title(self, grid: Grid) -> Grid | None:
        """A title (or a 目录) and its preamble printed as the first rows of the grid's frame
        become lines before it."""
        rows = grid.rows
        k = 0
        while k < len(rows) and k < _HEADER_ROWS:
            filled = [c for c in rows[k].cells if c]
            text = _row_text(rows[k])
            if k == 0 and len(filled) == 1 and (self.match_title(text)
                                                or self.is_marker(text)):
                k += 1
            elif filled and len(filled) <= 4 and (_UNIT_LABEL.match(normalise(filled[0]))
                                                  or _SCALE.match(normalise(filled[0]))):
                k += 1  # "部门： | 某某 | 单位：万元": the table's preamble, caught in the frame
            else:
                break
        if k == 0:
            return grid
        peeled = [Paragraph(_row_text(r), Position(r.pos.line, r.pos.page, r.pos.bbox))
                  for r in rows[:k]]
        first = self.match_title(peeled[0].text)
        if first is not None and first.kind.key == "contents":
            self.open_tables(None)
            self.pending = []
            self.open_contents(peeled[0], first)
            self.in_contents = False
            self.tables[-1].rows = list(rows[1:])
            self.add_contents_rows(rows[1:])
            return None
        self.pending.extend(peeled)
        return Grid(rows[k:]) if k < len(rows) else None

    def _join_wrapped_titles(self) -> None:
        """A title wrapped onto a short second line ("…培训费支出预算" over "表") is one title
        when the two joined name a table and the first alone does not."""
        pending = self.pending
        i = 0
        while i + 1 < len(pending):
            first, second = pending[i], pending[i + 1]
            if len(normalise(second.text)) <= _WRAPPED_TITLE_TAIL \
                    and self.match_title(first.text) is None \
                    and self.match_title(first.text + second.text) is not None:
                pending[i:i + 2] = [Paragraph(first.text + second.text, first.pos,
                                              first.heading_level)]
                self.debris.append(Debris(second.pos.line, "wrapped_title", second.text,
                                          second.pos.page))
            i += 1

    def open_tables(self, grid: Grid | None) -> None:
        self._join_wrapped_titles()
        pending, tables = self.pending, self.tables
        titles = []
        for i, p in enumerate(pending):
            match = self.match_title(p.text)
            if match is not None:
                titles.append((i, match))
        if titles and grid is not None:
            last = titles[-1][0]
            between = [p for p in pending[last + 1:] if not (
                _UNIT_NAME.search(p.text) or _SCALE.search(p.text)
                or _YEAR_LINE.match(normalise(p.text)) or self.is_note(p)
                or self.is_marker(p.text))]
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
        markers = [i for i, p in enumerate(pending) if self.is_marker(p.text)]
        title_idx = [i for i, _ in titles]
        for n, (i, match) in enumerate(titles):
            end = title_idx[n + 1] if n + 1 < len(titles) else len(pending)
            is_last = n == len(titles) - 1
            rows = list(grid.rows) if is_last and grid is not None else []
            header = [c for r in rows[:_HEADER_ROWS] for c in r.cells]
            kind = self.catalogue.choose_kind(match, header)
            table = LocatedTable(index=len(tables), kind=kind, template=None, table_no=None,
                                 title=pending[i], match=match)
            for m in markers:
                nearest = min(title_idx, key=lambda t, m=m: (abs(t - m), t < m))
                if nearest == i:
                    table.marker = pending[m]
            self.read_preamble(table, pending[i], pending[i + 1:end])
            if is_last and grid is not None:
                previous = tables[-1] if tables else None
                if previous is not None and self.continues(previous, table, grid):
                    previous.rows.extend(grid.rows)
                    previous.merged_pages += 1
                    self.debris.append(Debris(table.first_line, "repeated_title",
                                              f"page-break repetition of {table.title.text}",
                                              table.title.pos.page))
                    continue
                table.rows = rows
            tables.append(table)

    def read_preamble(self, table: LocatedTable, title: Paragraph,
                      lines: list[Paragraph]) -> None:
        """The unit, scale, year and note lines between a title and its grid; a title line
        may carry its own ("收支预算总表部门：某某单位：万元")."""
        if _UNIT_NAME.search(title.text):
            table.unit_name = title
        if _SCALE.search(title.text):
            table.scale_line = title
        awaiting_name = False
        for p in lines:
            if _UNIT_NAME.search(p.text) and table.unit_name in (None, title) \
                    and table.unit_name_text is None:
                table.unit_name = p
                awaiting_name = table.unit_name_text is None
                if _SCALE.search(p.text) and table.scale_line is None:
                    table.scale_line = p
                continue
            if _SCALE.search(p.text) and table.scale_line is None:
                table.scale_line = p
            elif _YEAR_LINE.match(normalise(p.text)):
                table.year_line = p
            elif self.is_note(p):
                table.notes.append(p)
            elif awaiting_name and not self.is_marker(p.text):
                table.unit_name_line = p  # "部门：" / "江苏省人民检察院"
            awaiting_name = False

    def continues(self, previous: LocatedTable, table: LocatedTable, grid: Grid) -> bool:
        """Whether ``table`` only continues ``previous`` over a page break: a "（续）" title of
        the same kind, or the same title repeated with the same header block."""
        if previous.kind is None or previous.kind != table.kind or not previous.rows:
            return False
        if table.match is not None and table.match.continued:
            return True
        if not previous.kind.financial or previous.match is None or table.match is None:
            return False
        if previous.match.core != table.match.core:
            return False
        head = [normalise("".join(r.cells)) for r in previous.rows[:2]]
        return [normalise("".join(r.cells)) for r in grid.rows[:2]] == head

    def is_fragment(self, p: Paragraph, previous: LocatedTable, grid: Grid) -> bool:
        """A scrap of a wrapped cell the PDF's text left between two parts of one table at a
        page break ("置更新" of "信息网络及软件购置更新"): short, no figure, no title, on the
        grid's page, and the grid as wide as the table it continues."""
        text = normalise(p.text)
        return (0 < len(text) <= _FRAGMENT_LENGTH and not any(ch.isdigit() for ch in text)
                and self.match_title(p.text) is None and p.pos.page is not None
                and p.pos.page == grid.rows[0].pos.page
                and len(grid.rows[0].cells) == len(previous.rows[-1].cells))

    def place_untitled(self, grid: Grid) -> None:
        pending, tables = self.pending, self.tables
        previous = tables[-1] if tables else None
        if previous is not None and previous.rows \
                and (previous.kind is None or previous.kind.key != "contents") \
                and all(self.is_marker(p.text) or self.is_fragment(p, previous, grid)
                        for p in pending):
            for p in pending:
                if not self.is_marker(p.text):
                    self.debris.append(Debris(p.pos.line, "cell_fragment", p.text, p.pos.page))
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
