"""The document model every reader produces and every interpreter reads.

A document is a sequence of blocks in reading order: headings, paragraphs and grids (tables of
rows and cells). Every block keeps its position: the source line for extracted text, and page
(and, for PDFs, a bounding box) where the format has them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Position:
    """Where a block or row stands in its source file."""

    line: int
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass(slots=True)
class Paragraph:
    """A line of prose (or a title, a unit line, a note)."""

    text: str
    pos: Position
    heading_level: int | None = None  # set when the source marks it as a heading


@dataclass(slots=True)
class Row:
    """One table row: the cells as printed, after debris cleaning."""

    cells: list[str]
    pos: Position
    # PDF reader: the box (x0, top, x1, bottom) each cell was read from, where known
    cell_boxes: list[tuple[float, float, float, float] | None] | None = None

    def is_blank(self) -> bool:
        return not any(self.cells)


@dataclass(slots=True)
class Grid:
    """Consecutive table rows, as laid out in the source (no meaning assigned yet)."""

    rows: list[Row]

    @property
    def first_line(self) -> int:
        return self.rows[0].pos.line

    @property
    def last_line(self) -> int:
        return self.rows[-1].pos.line


Block = Paragraph | Grid


@dataclass(frozen=True, slots=True)
class Debris:
    """Something the reader removed or repaired, kept for the record."""

    line: int
    kind: str
    text: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class PageInfo:
    """One page of a paged source (PDF): what its text layer holds.

    status: ``text`` (a text layer), ``scanned`` (images but no text layer: not read, reported),
    ``empty`` (neither text nor images).
    """

    page: int
    width: float
    height: float
    char_count: int
    image_count: int
    table_count: int
    status: str
    first_line: int | None = None  # the document lines (reading order) printed on the page
    last_line: int | None = None


@dataclass(slots=True)
class Document:
    """A file as blocks in reading order."""

    path: str
    encoding: str | None
    blocks: list[Block]
    debris: list[Debris] = field(default_factory=list)
    line_count: int = 0
    # paged sources (PDF): one entry per page, in order; empty for extracted text
    pages: list[PageInfo] = field(default_factory=list)
    source_format: str = "text"  # text | pdf

    @property
    def page_count(self) -> int | None:
        return len(self.pages) if self.pages else None
