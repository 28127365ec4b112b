"""Parse one file into the rows the ``raw`` schema stores (no database access here)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from ingest.catalogue import Catalogue, load_catalogue
from ingest.document import Debris, Document, PageInfo
from ingest.encoding import decode
from ingest.errors import DocumentError
from ingest.interpret.cells import CellColumns, TableCells, interpret_table
from ingest.interpret.identity import Identity, identify, read_title
from ingest.interpret.layout import ContentsEntry, LocatedTable, locate_tables
from ingest.interpret.performance import PerformanceResult, interpret_performance
from ingest.interpret.prose import ProseLine, StatedFigure, interpret_prose
from ingest.interpret.vocabulary import load_vocabulary
from ingest.readers.pdf import read_pdf
from ingest.readers.text import read_text


@dataclass(slots=True)
class Message:
    severity: str  # error | warning | info
    line: int | None
    table: str | None
    text: str


@dataclass(slots=True)
class TableRecord:
    table_index: int
    table_kind: str
    template: str | None
    table_no: int | None
    marker: str | None
    marker_no: int | None
    title: str | None
    title_line: int | None
    unit_name: str | None
    unit_name_line: int | None
    unit: str | None
    scale: float
    declared_empty: bool
    notes: str | None
    first_line: int
    last_line: int
    header_rows: int
    body_rows: int
    column_paths: list[str]
    merged_pages: int
    interpreted: bool
    first_page: int | None = None  # PDF: the pages the table is printed on
    last_page: int | None = None
    status: str = "loaded"  # loaded | failed (a cell or the table could not be read)
    error: str | None = None


@dataclass(slots=True)
class ParsedDocument:
    """Everything one file contributes to the warehouse, or why it failed."""

    document_id: str
    path: str
    byte_size: int
    status: str  # loaded | partial (some tables failed) | failed
    encoding: str | None = None
    identity: Identity | None = None
    template: str | None = None
    error: str | None = None
    tables: list[TableRecord] = field(default_factory=list)
    cells: CellColumns = field(default_factory=CellColumns)
    messages: list[Message] = field(default_factory=list)
    debris: list[Debris] = field(default_factory=list)
    line_count: int = 0
    stated_figures: list[StatedFigure] = field(default_factory=list)
    prose_lines: list[ProseLine] = field(default_factory=list)
    performance: PerformanceResult = field(default_factory=PerformanceResult)
    source_format: str = "text"  # text | pdf
    pages: list[PageInfo] = field(default_factory=list)  # PDF: one entry per page
    contents: list[ContentsEntry] = field(default_factory=list)  # the contents page's lines

    @property
    def page_count(self) -> int | None:
        return len(self.pages) if self.pages else None


def content_id(data: bytes) -> str:
    """A document's id: the SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def parse_bytes(data: bytes, path: str, catalogue: Catalogue | None = None,
                manifest: dict[str, object] | None = None) -> ParsedDocument:
    """Read and interpret one file's bytes; ``manifest``: identity fields that override what
    the document says (a sidecar manifest's row)."""
    catalogue = catalogue or load_catalogue()
    parsed = ParsedDocument(document_id=content_id(data), path=path, byte_size=len(data),
                            status="loaded")
    try:
        _interpret(data, parsed, catalogue, manifest)
    except DocumentError as exc:
        parsed.status = "failed"
        parsed.error = exc.located(path)
        parsed.tables.clear()
        parsed.cells.clear()
        parsed.stated_figures.clear()
        parsed.prose_lines.clear()
        parsed.performance = PerformanceResult()
        parsed.contents.clear()
        parsed.messages.append(Message("error", exc.line, exc.table, str(exc)))
    return parsed


def _interpret(data: bytes, parsed: ParsedDocument, catalogue: Catalogue,
               manifest: dict[str, object] | None) -> None:
    if data[:5] == b"%PDF-" or parsed.path.lower().endswith(".pdf"):
        parsed.source_format = "pdf"
        doc = read_pdf(data, parsed.path, catalogue)
        parsed.pages = doc.pages
    else:
        text, parsed.encoding = decode(data)
        doc = read_text(text, parsed.path, parsed.encoding, catalogue)
    parsed.line_count = doc.line_count
    for page in doc.pages:
        if page.status == "scanned":
            parsed.messages.append(Message(
                "warning", None, None, f"page {page.page} has no text layer ({page.image_count} "
                "image(s): a scanned page); not read, OCR is not attempted"))
    title = read_title(doc)
    layout = locate_tables(doc, catalogue, title.values.get("doc_kind"))
    identity, unit_warnings = identify(doc, layout.tables, manifest, title)
    parsed.identity = identity
    parsed.debris = doc.debris + layout.debris
    warn = parsed.messages.append
    for line, text_ in layout.warnings + unit_warnings:
        warn(Message("warning", line, None, text_))
    parsed.template = layout.template or catalogue.template_for(identity.doc_kind)
    for table in layout.tables:
        title = table.title.text if table.title else None
        try:
            result = interpret_table(table, catalogue)
        except DocumentError as exc:
            # a bad cell costs its table, not the document
            result = TableCells([], 0, 0, CellColumns(), [], [])
            parsed.status = "partial"
            failure = exc.located(parsed.path)
            parsed.messages.append(Message(
                "error", exc.line, title,
                f"table not loaded: {exc}" + (f" (page {table.first_page})"
                                              if table.first_page else "")))
        else:
            failure = None
        parsed.debris.extend(result.debris)
        for line, text_ in result.warnings:
            warn(Message("warning", line, title, text_))
        kind = table.kind.key if table.kind else "unknown"
        if table.marker_no is not None and table.table_no is not None \
                and table.marker_no != table.table_no:
            warn(Message("warning", table.marker.pos.line, title,
                         f"marker {table.marker.text!r} numbers the table {table.marker_no}, "
                         f"the {parsed.template} template numbers it {table.table_no}"))
        # notes printed inside the grid ("此表为空") are the cell reader's debris
        grid_notes = [d.text for d in result.debris if d.kind == "note"]
        declared_empty = table.declared_empty(catalogue) or any(
            map(catalogue.is_empty_mark, grid_notes))
        if declared_empty and result.cells.has_nonzero_amount():
            warn(Message("warning", table.first_line, title,
                         "table says 本表无数据 but prints non-zero amounts"))
        parsed.tables.append(TableRecord(
            table_index=table.index, table_kind=kind, template=table.template,
            table_no=table.table_no,
            marker=table.marker.text if table.marker else None, marker_no=table.marker_no,
            title=title, title_line=table.title.pos.line if table.title else None,
            unit_name=table.unit_name_text,
            unit_name_line=table.unit_name.pos.line if table.unit_name else None,
            unit=table.unit, scale=table.scale, declared_empty=declared_empty,
            notes="\n".join([*grid_notes, *(n.text for n in table.notes)]) or None,
            first_line=table.first_line, last_line=table.last_line,
            header_rows=result.header_rows, body_rows=result.body_rows,
            column_paths=[c.path for c in result.columns], merged_pages=table.merged_pages,
            interpreted=bool(table.kind and table.kind.financial) and failure is None,
            first_page=table.first_page, last_page=table.last_page,
            status="failed" if failure else "loaded", error=failure,
        ))
        parsed.cells.extend(result.cells)
    parsed.contents = layout.contents
    _check_table_set(parsed, catalogue)
    _check_contents(parsed)
    _interpret_text_parts(doc, layout.tables, parsed)


def _interpret_text_parts(doc: Document, tables: list[LocatedTable],
                          parsed: ParsedDocument) -> None:
    """Stated figures of the prose, and the performance tables kept as text."""
    vocab = load_vocabulary()
    unit_name = parsed.identity.unit_name if parsed.identity else None
    prose = interpret_prose(doc, tables, unit_name, vocab)
    parsed.stated_figures = prose.figures
    parsed.prose_lines = prose.lines
    parsed.performance = interpret_performance(tables, vocab["performance"])
    for line, text_ in parsed.performance.warnings:
        parsed.messages.append(Message("warning", line, None, text_))


def _check_contents(parsed: ParsedDocument) -> None:
    """Warn about each table the contents page lists that the document does not hold (a
    disclosure split over two files lists the other file's tables: the disclosure-level check
    decides; this names what this file lacks)."""
    found = {t.table_kind for t in parsed.tables}
    for entry in parsed.contents:
        if entry.kind is not None and entry.kind not in found:
            parsed.messages.append(Message(
                "warning", entry.line, entry.text,
                f"the contents page lists {entry.text!r} ({entry.kind}); no such table found"))


def _check_table_set(parsed: ParsedDocument, catalogue: Catalogue) -> None:
    """Warn about required tables that are missing or printed twice."""
    if parsed.template is None:
        return
    seen = Counter(t.table_kind for t in parsed.tables)
    for no, kind in catalogue.required_tables(parsed.template):
        label = catalogue.kinds[kind].label
        if seen[kind] == 0:
            parsed.messages.append(Message("warning", None, label,
                                           f"required table {no} ({label}) not found"))
        elif seen[kind] > 1:
            parsed.messages.append(Message("warning", None, label,
                                           f"table {no} ({label}) printed {seen[kind]} times"))
