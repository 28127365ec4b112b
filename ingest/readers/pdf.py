"""Reader for disclosure PDFs: pages into the same document model the text reader produces.

Uses pdfplumber (MIT, on pdfminer.six; see docs/pdf_reader.md for the measured choice):

- Tables come from the page's ruling (lines and cell rectangles). Each character goes to the
  smallest ruled cell that holds it; text wrapped over several lines inside one cell stays one
  cell ("机关事业单位基本养老保\\n险缴费支出"). Columns and rows are rebuilt from the cells that
  hold text: the narrowest text cells define the columns, the lowest define the rows, and a
  cell spanning several of them (a merged header, a label merged over several rows, the padding
  boxes of word-processor tables) is placed in the first one it covers, leaving the others
  empty, which is how the text reader presents a merged cell.
- A page without ruling may still print a table: runs of lines holding three or more parts set
  apart, one of them an amount, are read as a grid by the position of their words.
- Everything else is prose, grouped into lines by position, not stream order: a character
  belongs to the line it overlaps most vertically, so numbers set in another font on a shifted
  baseline (the text layer puts them apart from their sentence) are put back where they stand
  on the page. Lines wrapped at the right margin are joined into one paragraph.
- Lines that only number the page are removed as debris; the unit and scale lines a
  word-processor table draws inside its frame ("部门名称：…", "单位：万元") become paragraphs
  before the grid, as in extracted text.
- A page with no text layer is reported per page (``scanned`` when it holds images), never read
  as an empty table.

Every paragraph and row gets a line number in reading order (the document's n-th line), its
page, and its box on the page.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace

from ingest.catalogue import Catalogue
from ingest.document import Debris, Document, Grid, PageInfo, Paragraph, Position, Row
from ingest.errors import DocumentError

Box = tuple[float, float, float, float]

_PAGE_NUMBER = re.compile(r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|"
                          r"\d+\s*/\s*\d+)$")
_PREAMBLE = re.compile(r"^(?:单位名称|部门名称|预算单位|部门)[：:]|单位[：:]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9.%,]")
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:[、．]|\.(?!\d))|"
    r"第[一二三四五六七八九十]+部分|"
    r"注[：:]|说明[：:])")
_MARGIN_ZONE = 0.08  # share of the page height at top and bottom where page numbers stand
_AMOUNT = re.compile(r"^[-+]?[\d,]+(?:\.\d+)?$")
_NOT_FRAGMENTS = frozenset({"合计", "总计", "小计"})
_MIN_COLUMN = 10.0  # points: narrower ruled boxes are padding, not columns


@dataclass(slots=True)
class _Line:
    """Prose words on one visual line."""

    page: int
    words: list[dict]
    ref_top: float
    ref_bottom: float
    size: float

    @property
    def x0(self) -> float:
        return min(w["x0"] for w in self.words)

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)


@dataclass(slots=True)
class _TextCell:
    box: Box
    chars: list[dict] = field(default_factory=list)
    text: str = ""


@dataclass(slots=True)
class _PageItem:
    top: float
    kind: str  # prose | grid | page_number
    page: int
    lines: list[_Line] | None = None
    rows: list[tuple[list[str], Box, list[Box | None]]] | None = None
    preamble: list[str] | None = None
    bbox: Box | None = None
    columns: list[tuple[float, float]] | None = None


def read_pdf(data: bytes, path: str, catalogue: Catalogue) -> Document:
    """Turn a PDF's bytes into blocks in reading order, keeping page and box."""
    import pdfplumber  # imported here: text-only runs do not pay for it
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise DocumentError(f"not a readable PDF: {exc}") from None
    debris: list[Debris] = []
    pages: list[PageInfo] = []
    page_items: list[list[_PageItem]] = []
    with pdf:
        try:
            for number, page in enumerate(pdf.pages, start=1):
                items, info = _read_page(page, number)
                pages.append(info)
                page_items.append(items)
                page.close()  # free the page's parsed objects
        except (PDFSyntaxError, PdfminerException) as exc:
            raise DocumentError(f"damaged PDF: {exc}") from None
    if not pages:
        raise DocumentError("PDF has no pages")
    if all(p.status != "text" for p in pages):
        scanned = sum(p.status == "scanned" for p in pages)
        raise DocumentError(f"no text layer on any of the {len(pages)} pages ({scanned} scanned "
                            "images); OCR is not attempted")
    blocks, line_count = _assemble(page_items, pages, catalogue, debris)
    pages = _page_lines(pages, blocks, debris)
    return Document(path=path, encoding=None, blocks=blocks, debris=debris,
                    line_count=line_count, pages=pages, source_format="pdf")


# --------------------------------------------------------------------------- one page


def _read_page(page, number: int) -> tuple[list[_PageItem], PageInfo]:
    # characters set outside the page's box are not printed (a spreadsheet export's hidden
    # rows below the sheet): no reader of the page sees them
    x0, top, x1, bottom = page.bbox
    chars = [c for c in page.chars if c["text"].strip()
             and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
             and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    images = page.images
    if not chars:
        status = "scanned" if images else "empty"
        return [], PageInfo(number, float(page.width), float(page.height), 0, len(images), 0,
                            status)
    # a white fill with no outline behind other rectangles draws nothing: a page background,
    # not a ruling (one behind the title and header block would otherwise frame them as one
    # cell of the table); a white cell of its own still rules its text (a wrapped unit line)
    backgrounds = _backgrounds(page.rects)
    tables = (page.filter(lambda obj: id(obj) not in backgrounds) if backgrounds
              else page).find_tables()
    items: list[_PageItem] = []
    in_table: set[int] = set()
    table_count = 0
    for table in tables:
        rows, preamble, used, columns = _table_grid(table, chars)
        in_table |= used
        if not rows and not preamble:
            continue
        table_count += 1
        items.append(_PageItem(top=table.bbox[1], kind="grid", page=number, rows=rows,
                               preamble=preamble, bbox=table.bbox, columns=columns))
    prose_chars = [c for i, c in enumerate(chars) if i not in in_table]
    lines = _visual_lines(prose_chars, number)
    if not table_count:  # no ruling on the page: a table may still be set by position
        for rows, columns in _unruled_tables(lines):
            table_count += 1
            x0 = min(b[0] for _, _, boxes in rows for b in boxes if b)
            x1 = max(b[2] for _, _, boxes in rows for b in boxes if b)
            items.append(_PageItem(top=rows[0][1][1], kind="grid", page=number, rows=rows,
                                   preamble=[], bbox=(x0, rows[0][1][1], x1, rows[-1][1][3]),
                                   columns=columns))
            used = {id(ln) for ln in lines if rows[0][1][1] <= ln.ref_top <= rows[-1][1][3]}
            lines = [ln for ln in lines if id(ln) not in used]
    for line in (part for ln in lines for part in _split_at_gaps(ln)):
        items.append(_PageItem(top=line.top, kind="prose", page=number, lines=[line]))
    items.sort(key=lambda it: it.top)
    _adopt_unruled_top_rows(items)
    _mark_page_numbers(items, page)
    info = PageInfo(number, float(page.width), float(page.height), len(chars), len(images),
                    table_count, "text")
    return items, info


def _is_blank_fill(obj: dict) -> bool:
    """A rectangle that shows nothing: filled white, no outline."""
    if obj.get("stroke") or not obj.get("fill"):
        return False
    color = obj.get("non_stroking_color")
    values = color if isinstance(color, (list, tuple)) else (color,)
    if len(values) == 4:  # CMYK: white is no ink
        return all(v == 0 for v in values)
    return all(isinstance(v, (int, float)) and v >= 0.999 for v in values)


def _backgrounds(rects: list[dict], margin: float = 2.0) -> set[int]:
    """The blank rectangles (``_is_blank_fill``) behind other drawings: another rectangle
    (a ruling or a cell) stands well inside them, not only on their edges."""
    out = set()
    for r in filter(_is_blank_fill, rects):
        x0, x1, top, bottom = r["x0"] + margin, r["x1"] - margin, r["top"] + margin, \
            r["bottom"] - margin
        if any(o is not r and x0 < (o["x0"] + o["x1"]) / 2 < x1
               and top < (o["top"] + o["bottom"]) / 2 < bottom
               and o["x1"] - o["x0"] < r["x1"] - r["x0"] for o in rects):
            out.add(id(r))
    return out


def _adopt_unruled_top_rows(items: list[_PageItem]) -> None:
    """Rows printed above the first table of a page without their top ruling line (a table
    continued from the page before: "会议费 … 110.05") go back into the table.

    Only when everything above the table is such rows: they lie within the table's width,
    directly above it, hold an amount and fill at least two of its columns."""
    first = next((i for i, it in enumerate(items) if it.kind == "grid"), None)
    if not first or not items[first].rows or not items[first].columns:
        return
    grid = items[first]
    above = [it for it in items[:first] if it.kind == "prose"]
    if not above or len(above) != first:
        return
    x0, top, x1, _ = grid.bbox
    lines = [it.lines[0] for it in above]
    size = max(ln.size for ln in lines)
    if any(ln.x0 < x0 - 2 or ln.x1 > x1 + 2 for ln in lines) or \
            top - max(ln.bottom for ln in lines) > 1.5 * size:
        return
    texts = [_join_words(ln.words) for ln in lines]
    if any(_PREAMBLE.search(t) for t in texts) or not any(_AMOUNT.match(t) for t in texts):
        return
    rows: list[list[_Line]] = []
    for ln in sorted(lines, key=lambda ln: ln.ref_top):
        if rows and ln.ref_top < rows[-1][0].ref_bottom:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    new_rows = []
    for group in rows:
        cells = [""] * len(grid.columns)
        boxes: list[Box | None] = [None] * len(grid.columns)
        for ln in group:
            for w in ln.words:
                mid = (w["x0"] + w["x1"]) / 2
                col = min(range(len(grid.columns)), key=lambda i: 0 if grid.columns[i][0]
                          <= mid <= grid.columns[i][1] else
                          min(abs(mid - grid.columns[i][0]), abs(mid - grid.columns[i][1])))
                cells[col] += w["text"]
                b = boxes[col]
                boxes[col] = (w["x0"], w["top"], w["x1"], w["bottom"]) if b is None else (
                    min(b[0], w["x0"]), min(b[1], w["top"]), max(b[2], w["x1"]),
                    max(b[3], w["bottom"]))
        if sum(1 for c in cells if c) < 2:
            return
        box = (x0, min(ln.top for ln in group), x1, max(ln.bottom for ln in group))
        new_rows.append((cells, box, boxes))
    grid.rows[:0] = new_rows
    grid.top = min(ln.top for ln in lines)
    del items[:first]


def _unruled_tables(lines: list[_Line]
                    ) -> list[tuple[list[tuple[list[str], Box, list[Box | None]]],
                                    list[tuple[float, float]]]]:
    """Tables printed without ruling, found by the position of their words: runs of at least two
    lines that hold three or more parts set apart (more than 1.5 characters) one of which is an
    amount, with the lines of two or more parts directly above them as header. Columns are the
    narrowest part spans; each part goes to the first column it covers."""
    parts = [_split_at_gaps(ln, 1.5) for ln in sorted(lines, key=lambda ln: ln.ref_top)]
    texts = [[_join_words(p.words) for p in ps] for ps in parts]
    numeric = [len(ps) >= 3 and any(_AMOUNT.match(t) for t in ts)
               for ps, ts in zip(parts, texts, strict=True)]
    found = []
    i = 0
    while i < len(parts):
        if not numeric[i]:
            i += 1
            continue
        end = i
        while end + 1 < len(parts) and numeric[end + 1] and _adjacent(parts[end], parts[end + 1]):
            end += 1
        start = i
        while start > 0 and len(parts[start - 1]) >= 2 and not numeric[start - 1] \
                and i - start < 3 and _adjacent(parts[start - 1], parts[start]):
            start -= 1
        if end > i:
            run = parts[start:end + 1]
            columns = _bands([(p.x0, p.x1) for ps in run for p in ps])
            rows = []
            for ps in run:
                cells = [""] * len(columns)
                boxes: list[Box | None] = [None] * len(columns)
                for p in ps:
                    c = _place(columns, p.x0, p.x1)
                    cells[c] = (cells[c] + " " + _join_words(p.words)).strip()
                    boxes[c] = (p.x0, p.top, p.x1, p.bottom)
                box = (min(p.x0 for p in ps), min(p.top for p in ps), max(p.x1 for p in ps),
                       max(p.bottom for p in ps))
                rows.append((cells, box, boxes))
            if len(columns) >= 3:
                found.append((rows, columns))
        i = end + 1
    return found


def _adjacent(upper: list[_Line], lower: list[_Line]) -> bool:
    """Whether two visual lines follow each other without a blank line between them."""
    size = max(p.size for p in upper + lower)
    return min(p.top for p in lower) - max(p.bottom for p in upper) < 1.5 * size


def _mark_page_numbers(items: list[_PageItem], page) -> None:
    """Lines in the top or bottom margin that only number the page."""
    height = float(page.height)
    for item in items:
        if item.kind != "prose":
            continue
        line = item.lines[0]
        in_margin = line.top > height * (1 - _MARGIN_ZONE) or line.bottom < height * _MARGIN_ZONE
        if in_margin and _PAGE_NUMBER.match(_join_words(line.words)):
            item.kind = "page_number"


# --------------------------------------------------------------------------- prose


def _prose_lines(chars: list[dict], page: int) -> list[_Line]:
    """Visual lines, a line holding things far apart split into several."""
    return [part for line in _visual_lines(chars, page) for part in _split_at_gaps(line)]


def _visual_lines(chars: list[dict], page: int) -> list[_Line]:
    """Characters grouped into visual lines by vertical overlap (a character joins the line it
    overlaps most, by at least half its height), then into words in x order."""
    chars = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    groups: list[list] = []  # [ref_top, ref_bottom, chars]
    for c in chars:
        height = max(c["bottom"] - c["top"], 0.1)
        best, best_overlap = None, 0.0
        for group in groups[-8:]:
            overlap = min(c["bottom"], group[1]) - max(c["top"], group[0])
            if overlap >= 0.5 * min(height, group[1] - group[0]) and overlap > best_overlap:
                best, best_overlap = group, overlap
        if best is None:
            groups.append([c["top"], c["bottom"], [c]])
        else:
            best[2].append(c)
    out: list[_Line] = []
    for ref_top, ref_bottom, members in groups:
        words = _words(sorted(members, key=lambda c: c["x0"]))
        size = max((w["size"] for w in words), default=1.0)
        out.append(_Line(page, words, ref_top, ref_bottom, size))
    return out


def _split_at_gaps(line: _Line, chars: float = 4.0) -> list[_Line]:
    """A line holding two things far apart ("部门名称：…      单位：万元") becomes two."""
    parts: list[list[dict]] = [[line.words[0]]]
    for w in line.words[1:]:
        gap = w["x0"] - parts[-1][-1]["x1"]
        if gap > chars * max(line.size, 1.0):
            parts.append([w])
        else:
            parts[-1].append(w)
    if len(parts) == 1:
        return [line]
    return [_Line(line.page, p, line.ref_top, line.ref_bottom, line.size) for p in parts]


def _words(chars: list[dict]) -> list[dict]:
    """The characters of one line, in x order, into words: runs without a gap wider than a
    third of a character. A word keeps its box and font size."""
    words: list[dict] = []
    current: dict | None = None
    for c in chars:
        size = c.get("size") or (c["bottom"] - c["top"])
        # a space between Latin letters or digits is narrower than between Chinese characters
        limit = 0.15 if current is not None and _ASCII_WORD.match(current["text"][-1]) and \
            _ASCII_WORD.match(c["text"]) else 0.35
        if current is not None and c["x0"] - current["x1"] <= limit * size:
            current["text"] += c["text"]
            current["x1"] = max(current["x1"], c["x1"])
            current["top"] = min(current["top"], c["top"])
            current["bottom"] = max(current["bottom"], c["bottom"])
            continue
        current = {"text": c["text"], "x0": c["x0"], "x1": c["x1"], "top": c["top"],
                   "bottom": c["bottom"], "size": size}
        words.append(current)
    return words


def _join_words(words: list[dict]) -> str:
    """Words of one line as text: a space only between two ASCII words set apart."""
    text = ""
    previous = None
    for w in words:
        if previous is not None and text and _ASCII_WORD.match(text[-1]) and \
                _ASCII_WORD.match(w["text"][0]) and w["x0"] - previous["x1"] > 0.15 * w["size"]:
            text += " "
        text += w["text"]
        previous = w
    return text


# --------------------------------------------------------------------------- tables


def _table_grid(table, chars: list[dict]
                ) -> tuple[list[tuple[list[str], Box, list[Box | None]]], list[str], set[int],
                           list[tuple[float, float]]]:
    """Rows of a ruled table (cells as text, row box, cell boxes), its preamble lines, and the
    indices of the characters it used."""
    x0, _, x1, _ = table.bbox
    boxes = sorted(set(table.cells), key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
    centres = sorted(((c["x0"] + c["x1"]) / 2, i) for i, c in enumerate(chars))
    keys = [k for k, _ in centres]
    owner: dict[int, int] = {}
    for b_index, b in enumerate(boxes):  # largest first: smaller boxes override
        lo, hi = bisect_left(keys, b[0]), bisect_right(keys, b[2])
        for _, i in centres[lo:hi]:
            c = chars[i]
            mid = (c["top"] + c["bottom"]) / 2
            if b[1] <= mid <= b[3]:
                owner[i] = b_index
    cells: dict[int, _TextCell] = {}
    for i, b_index in owner.items():
        cells.setdefault(b_index, _TextCell(boxes[b_index])).chars.append(chars[i])
    text_cells = []
    for cell in cells.values():
        cell.text = _cell_text(cell.chars)
        if cell.text:
            text_cells.append(cell)
    used = set(owner)
    if not text_cells:
        return [], [], used, []
    bands = _bands([(c.box[1], c.box[3]) for c in text_cells])
    row_of = {id(c): _place(bands, c.box[1], c.box[3]) for c in text_cells}
    lead = 0  # leading rows that hold the table's unit and scale lines, not cells
    while lead < len(bands) and any(_PREAMBLE.search(c.text) for c in text_cells
                                    if row_of[id(c)] == lead):
        lead += 1
    preamble_cells = sorted((c for c in text_cells if row_of[id(c)] < lead),
                            key=lambda c: (c.box[0], c.box[1]))
    body_cells = [c for c in text_cells if row_of[id(c)] >= lead]
    preamble = _preamble_lines(preamble_cells)
    if not body_cells:
        return [], preamble, used, []
    body_top = bands[lead][0]
    # empty ruled cells keep the columns of a page where they hold no text (a continuation)
    empty = [b for i, b in enumerate(boxes) if i not in cells and b[2] - b[0] >= _MIN_COLUMN
             and b[1] >= body_top - 1]
    columns = _bands([(c.box[0], c.box[2]) for c in body_cells] + [(b[0], b[2]) for b in empty])
    grid: dict[tuple[int, int], list[_TextCell]] = {}
    for cell in body_cells:
        c = _place(columns, cell.box[0], cell.box[2])
        grid.setdefault((row_of[id(cell)], c), []).append(cell)
    rows = []
    for r in range(lead, len(bands)):
        band_top, band_bottom = bands[r]
        texts, row_boxes = [], []
        for c in range(len(columns)):
            here = grid.get((r, c), [])
            here.sort(key=lambda t: (t.box[1], t.box[0]))
            texts.append(" ".join(t.text for t in here))
            row_boxes.append(here[0].box if here else None)
        rows.append((texts, (x0, band_top, x1, band_bottom), row_boxes))
    return _join_fragments(rows), preamble, used, columns


def _join_fragments(rows: list[tuple[list[str], Box, list[Box | None]]]
                    ) -> list[tuple[list[str], Box, list[Box | None]]]:
    """A row holding only the last characters of the cell above it ("七、文化旅游体育与传媒支"
    over "出": the ruling split a wrapped label) joins that cell."""
    out: list[tuple[list[str], Box, list[Box | None]]] = []
    for texts, box, boxes in rows:
        filled = [i for i, t in enumerate(texts) if t]
        if out and len(filled) == 1 and len(texts[filled[0]]) <= 2 and \
                texts[filled[0]] not in _NOT_FRAGMENTS and not _AMOUNT.match(texts[filled[0]]) \
                and len(out[-1][0][filled[0]]) >= 4 and box[1] - out[-1][1][3] < 2:
            above = out[-1]
            above[0][filled[0]] += "\n" + texts[filled[0]]
            out[-1] = (above[0], (above[1][0], above[1][1], above[1][2], box[3]), above[2])
            continue
        out.append((texts, box, boxes))
    return out


def _preamble_lines(cells: list[_TextCell]) -> list[str]:
    """Unit and scale lines drawn inside a table's frame, a wrapped one joined back
    ("单位：万" + "元", "部门名称：江苏省高级人民法" + "院")."""
    lines: list[list[_TextCell]] = []
    for cell in cells:  # in x order: a cell continues the one above it in the same column
        last = lines[-1][-1] if lines else None
        if last is not None and min(last.box[2], cell.box[2]) - max(last.box[0], cell.box[0]) \
                > 0.5 * min(last.box[2] - last.box[0], cell.box[2] - cell.box[0]):
            lines[-1].append(cell)
        else:
            lines.append([cell])
    return ["".join(c.text.replace("\n", "") for c in group) for group in lines]


def _cell_text(chars: list[dict]) -> str:
    """A cell's characters as text, its visual lines joined by newlines."""
    lines = _prose_lines(chars, 0) if chars else []
    out = []
    for line in sorted(lines, key=lambda ln: ln.ref_top):
        out.append(_join_words(line.words))
    return "\n".join(t for t in out if t).strip()


def _bands(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The narrowest non-overlapping spans, in order: columns (x) or rows (y) of a grid."""
    accepted: list[tuple[float, float]] = []
    for a, b in sorted(set(spans), key=lambda s: s[1] - s[0]):
        width = b - a
        if all(min(b, q) - max(a, p) <= 0.5 * min(width, q - p) for p, q in accepted):
            accepted.append((a, b))
    return sorted(accepted)


def _place(bands: list[tuple[float, float]], a: float, b: float) -> int:
    """The first band that the span [a, b] covers for more than half."""
    best, best_overlap = 0, -1.0
    for i, (p, q) in enumerate(bands):
        overlap = min(b, q) - max(a, p)
        if overlap > 0.5 * (q - p):
            return i
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


# --------------------------------------------------------------------------- document


def _assemble(page_items: list[list[_PageItem]], pages: list[PageInfo], catalogue: Catalogue,
              debris: list[Debris]) -> tuple[list[Paragraph | Grid], int]:
    """Blocks in reading order with line numbers; wrapped prose lines joined."""
    margins = _margins(page_items, pages)
    blocks: list[Paragraph | Grid] = []
    counter = 0
    previous_line: _Line | None = None  # the last prose line of the open paragraph
    for items in page_items:
        for item in items:
            if item.kind == "page_number":
                counter += 1
                debris.append(Debris(counter, "page_number", _join_words(item.lines[0].words),
                                     item.page))
                continue
            if item.kind == "grid":
                previous_line = None
                for text in item.preamble or []:
                    counter += 1
                    box = item.bbox
                    blocks.append(Paragraph(text=text, pos=Position(counter, item.page,
                                                                     _round(box))))
                rows = []
                for texts, box, cell_boxes in item.rows or []:
                    counter += 1
                    rows.append(Row(cells=texts,
                                    pos=Position(counter, item.page, _round(box)),
                                    cell_boxes=[_round(b) if b else None for b in cell_boxes]))
                if rows:
                    blocks.append(Grid(rows=rows))
                continue
            line = item.lines[0]
            text = _join_words(line.words)
            if any(p.search(text) for p in catalogue.debris):
                counter += 1
                debris.append(Debris(counter, "watermark", text, line.page))
                continue
            last = blocks[-1] if blocks else None
            if previous_line is not None and isinstance(last, Paragraph) and \
                    _continues(previous_line, line, margins, text):
                last.text += text
                previous_line = line
                continue
            counter += 1
            box = (line.x0, line.top, line.x1, line.bottom)
            blocks.append(Paragraph(text=text, pos=Position(counter, line.page, _round(box))))
            previous_line = line
    return blocks, counter


def _margins(page_items: list[list[_PageItem]], pages: list[PageInfo]
             ) -> dict[int, tuple[float, float]]:
    """The text block's left and right edge per page, from all pages of the same width: the
    outermost edges that at least three lines share (a title or a right-aligned unit line does
    not move them)."""
    groups: dict[int, list[_Line]] = {}
    for info, items in zip(pages, page_items, strict=True):
        groups.setdefault(round(info.width), []).extend(
            it.lines[0] for it in items if it.kind == "prose")
    edges = {}
    for width, lines in groups.items():
        if not lines:
            continue
        lefts = Counter(round(ln.x0 / 2) for ln in lines)
        rights = Counter(round(ln.x1 / 2) for ln in lines)
        common_left = [k for k, n in lefts.items() if n >= 3]
        common_right = [k for k, n in rights.items() if n >= 3]
        left = 2 * min(common_left) if common_left else min(ln.x0 for ln in lines)
        right = 2 * max(common_right) if common_right else max(ln.x1 for ln in lines)
        edges[width] = (left, right)
    return {info.page: edges.get(round(info.width), (0.0, info.width)) for info in pages}


def _page_lines(pages: list[PageInfo], blocks: list[Paragraph | Grid], debris: list[Debris]
                ) -> list[PageInfo]:
    """Pages with the range of document lines printed on them (lineage for anything that
    records only a line, such as a stated figure)."""
    lines: dict[int, list[int]] = {}
    for block in blocks:
        for pos in ([r.pos for r in block.rows] if isinstance(block, Grid) else [block.pos]):
            if pos.page is not None:
                lines.setdefault(pos.page, []).append(pos.line)
    for d in debris:
        if d.page is not None:
            lines.setdefault(d.page, []).append(d.line)
    return [replace(p, first_line=min(lines[p.page]), last_line=max(lines[p.page]))
            if p.page in lines else p for p in pages]


def _continues(previous: _Line, line: _Line, margins: dict, text: str) -> bool:
    """Whether ``line`` continues the paragraph that ``previous`` ends (wrapped prose)."""
    if abs(previous.size - line.size) > 0.5 or _HEADING_START.match(text):
        return False
    left_p, right_p = margins[previous.page]
    left, _ = margins[line.page]
    size = max(line.size, 1.0)
    # Chinese prose indents a paragraph's first line; its last line usually ends short
    if previous.x1 < left_p + 0.75 * (right_p - left_p) or line.x0 > left + 0.5 * size:
        return False
    if previous.page == line.page:
        gap = line.top - previous.bottom
        return gap < 1.5 * size
    return line.page == previous.page + 1


def _round(box: Box | None) -> Box | None:
    if box is None:
        return None
    return tuple(round(float(v), 2) for v in box)  # type: ignore[return-value]
