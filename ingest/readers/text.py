"""Reader for text extracted from disclosure PDFs (tables as tab-separated lines).

Cleans extraction debris before anything is interpreted, recording each repair:
watermark lines, HTML tags, markdown headings/emphasis/list marks, a short line split off
its predecessor ("单位：万" / "元", "公开02" / "表"). Cells keep their text as printed (a
space inside a wrapped name is repaired by the interpreter that knows the cell holds a name).
"""

from __future__ import annotations

import re

from ingest.catalogue import Catalogue
from ingest.document import Debris, Document, Grid, Paragraph, Position, Row

_HTML = re.compile(r"</?[a-zA-Z][^>]*>")
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_MD_LIST = re.compile(r"^[-*+]\s+(?=\S)")
_MD_LIST_MARKS = ("-", "*", "+")
_MD_BOLD = re.compile(r"\*\*|__")
_SPACES = re.compile(r"[ \u3000\xa0]+")
# a line without any of these: _clean_cell only strips its cells
_UNCLEAN = re.compile(r"[<* \u3000\xa0]")
# a lone fragment that belongs to the line before it
_SPLIT_TAILS = {"元": re.compile(r"单位[：:]\s*万?$"), "表": re.compile(r"公开\s*\d+$")}
# a stripped line starting or ending with none of these, holding no "<", "**" or "__", is a
# paragraph as it stands (see _paragraph)
_MARKUP_EDGES = ("#", *_MD_LIST_MARKS)
_SHARED_POSITIONS = 65536  # line positions shared by all documents (they are immutable)
_POSITIONS: list[Position] = []


def _positions(count: int) -> list[Position]:
    """``Position(line=n)`` at index ``n - 1`` for the first ``count`` lines (at least)."""
    shared = len(_POSITIONS)
    if shared < count:
        new = [Position(line=n) for n in range(shared + 1, count + 1)]
        if count > _SHARED_POSITIONS:
            return _POSITIONS + new
        _POSITIONS.extend(new)
    return _POSITIONS


def read_text(text: str, path: str, encoding: str, catalogue: Catalogue) -> Document:
    """Turn extracted text into blocks, cleaning debris on the way."""
    debris: list[Debris] = []
    blocks: list[Paragraph | Grid] = []
    grid: list[Row] = []
    lines = text.splitlines()
    watermark = catalogue.debris_any.search
    positions = _positions(len(lines))
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        if watermark(stripped):
            debris.append(Debris(number, "watermark", stripped))
            continue
        if "\t" in raw:  # (splitlines leaves no line end in raw)
            fields = raw.split("\t")
            if _UNCLEAN.search(raw):
                cells = [_clean_cell(c, number, debris) for c in fields]
            else:  # nothing for _clean_cell to do but strip
                cells = list(map(str.strip, fields))
            if any(cells):
                grid.append(Row(cells=cells, pos=positions[number - 1]))
            continue
        if grid:
            blocks.append(Grid(rows=grid))
            grid = []
        if stripped.startswith(_MARKUP_EDGES) or stripped.endswith("#") or "<" in stripped \
                or "**" in stripped or "__" in stripped:
            paragraph = _paragraph(stripped, number, debris)
        else:  # no markup: the line is the paragraph
            paragraph = Paragraph(text=stripped, pos=positions[number - 1])
        if paragraph is None:
            continue
        previous = blocks[-1] if blocks else None
        tail = _SPLIT_TAILS.get(paragraph.text)
        if isinstance(previous, Paragraph) and tail and tail.search(previous.text):
            debris.append(Debris(number, "split_line", f"{previous.text} + {paragraph.text}"))
            previous.text += paragraph.text
            continue
        blocks.append(paragraph)
    if grid:
        blocks.append(Grid(rows=grid))
    return Document(path=path, encoding=encoding, blocks=blocks, debris=debris,
                    line_count=len(lines))


def _paragraph(text: str, number: int, debris: list[Debris]) -> Paragraph | None:
    level = None
    # each pattern only where its first character occurs (most lines hold none)
    if "<" in text and _HTML.search(text):
        debris.append(Debris(number, "html", text))
        text = _HTML.sub("", text).strip()
    heading = _MD_HEADING.match(text) if text.startswith("#") else None
    if heading:
        debris.append(Debris(number, "markdown", text))
        level = len(heading.group(1))
        text = text[heading.end():]
    if text.startswith(_MD_LIST_MARKS) and _MD_LIST.match(text):
        debris.append(Debris(number, "markdown", text))
        text = _MD_LIST.sub("", text)
    if ("**" in text or "__" in text) and _MD_BOLD.search(text):
        debris.append(Debris(number, "markdown", text))
        text = _MD_BOLD.sub("", text)
    text = text.strip().strip("#").strip()
    if not text:
        return None
    return Paragraph(text=text, pos=Position(line=number), heading_level=level)


def _clean_cell(cell: str, number: int, debris: list[Debris]) -> str:
    text = cell.strip()
    if not text:
        return ""
    if "<" in text and _HTML.search(text):
        text = _HTML.sub("", text).strip()
    if "**" in text:
        text = text.replace("**", "").strip()
    if " " in text or "\u3000" in text or "\xa0" in text:  # else _SPACES finds nothing
        return _SPACES.sub(" ", text)
    return text
