"""Identify a document: unit, kind (budget / final account), scope (department / unit), year.

Read from every signal the document carries, each field recording where it came from:
- the title block of the cover ("山西省科普服务中心" / "2026年度单位预算公开", "2017 年度江苏省高级
  人民法院部门预算公开", "上海市普陀区2025年区级部门预算", "江苏省2018年度 / 省级部门预算公开报表"):
  unit before or after the year, 年/年度, with or without 公开, a 区级/市级/省级 level, set
  over up to four lines of one page;
- a unit line of the cover ("预算主管部门：…", "预算单位：…", "部门：…", "单位名称：…"), which names
  the unit where the title names only the region;
- the tables' own unit lines ("部门：中国共产党江苏省委员会办公厅"), their titles' years and their
  kinds (a tables-only file has no title page);
- the file name, as a last resort (year; 预算/budget or 决算/final).
Unit names are resolved to one form (ingest/units.py); the printed form is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from ingest.catalogue import normalise
from ingest.document import Document, Grid, Paragraph
from ingest.errors import DocumentError
from ingest.interpret.layout import UNIT_LINE_SCOPES, LocatedTable
from ingest.units import resolve_unit_name

_TITLE = re.compile(
    r"^(?P<before>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<after>.*?)(?:[省市区县]级)?"
    r"(?P<scope>部门|单位)?(?P<kind>预算|决算)(?:信息)?(?:公开)?(?:报表|报告|说明)?$"
)
# a cover may also print a bare "单位：…" (a table's "单位：万元" is its amount unit)
_LABEL_SCOPES = {**UNIT_LINE_SCOPES, "单位": "unit"}
_UNIT_LINE = re.compile(
    rf"^(?P<label>{'|'.join(_LABEL_SCOPES)})[：:]\s*"
    # "单位：万元" is the amount unit, no unit name
    r"(?!(?:人民币)?(?:万元|元|千元|亿元)\s*$)(?P<name>[^：:]+?)\s*$")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月(?:\d{1,2}日)?$")
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_FILE_KINDS = (("final", "final_account"), ("决算", "final_account"),
               ("budget", "budget"), ("预算", "budget"))
KINDS = {"预算": "budget", "决算": "final_account"}
SCOPES = {"部门": "department", "单位": "unit"}
_TITLE_BLOCK_LINES = 12
_JOINED_LINES = 4  # a PDF cover page may set the title over this many lines


@dataclass(frozen=True, slots=True)
class Identity:
    unit_name: str  # resolved (ingest/units.py)
    doc_kind: str
    scope: str | None
    fiscal_year: int
    title: str
    title_line: int
    printed_unit_name: str | None = None
    region_code: str | None = None  # only a manifest gives it
    # field -> (source, line): title | unit_line | table_unit_lines | table_titles |
    # table_kinds | file_name | manifest
    sources: dict[str, tuple[str, int | None]] = field(default_factory=dict)


@dataclass(slots=True)
class _Found:
    """The identity fields read so far, each with its source and line."""

    values: dict[str, object] = field(default_factory=dict)
    sources: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    title: str = ""
    title_line: int = 1

    def set(self, name: str, value: object, source: str, line: int | None) -> None:
        if value in (None, "") or name in self.values:
            return
        self.values[name] = value
        self.sources[name] = (source, line)


def _cover_lines(doc: Document) -> list[Paragraph]:
    """The first lines of the document, the text of a boxed cover title included."""
    lines: list[Paragraph] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            lines.append(block)
        elif isinstance(block, Grid) and len(block.rows) <= 3:
            for row in block.rows:
                for cell in row.cells:
                    lines += [Paragraph(part, row.pos) for part in cell.splitlines() if part]
        if len(lines) >= _TITLE_BLOCK_LINES:
            break
    return lines[:_TITLE_BLOCK_LINES]


def read_title(doc: Document) -> _Found:
    """The fields the title block and the cover's unit line give."""
    found = _Found()
    paragraphs = _cover_lines(doc)
    for i, p in enumerate(paragraphs):
        m = None
        for span in range(1, _JOINED_LINES + 1):
            chunk = paragraphs[i:i + span]
            if len(chunk) < span or (span > 1 and (
                    p.pos.page is None or any(q.pos.page != p.pos.page for q in chunk))):
                break
            if span > 1 and (_UNIT_LINE.match(normalise(chunk[-1].text))
                             or _DATE_LINE.match(normalise(chunk[-1].text))):
                break
            m = _TITLE.match("".join(normalise(q.text) for q in chunk))
            if m:
                break
        if not m:
            continue
        unit = m.group("after") or m.group("before")
        if not m.group("after") and p.pos.page is not None:
            # the lines above it on the cover page name the unit
            above = [q for q in paragraphs[:i] if q.pos.page == p.pos.page]
            unit = "".join(normalise(q.text) for q in above) + m.group("before")
        elif not unit and i > 0:
            unit = paragraphs[i - 1].text.strip()
        found.title = "".join(q.text for q in chunk) if span > 1 else p.text
        found.title_line = p.pos.line
        found.set("doc_kind", KINDS[m.group("kind")], "title", p.pos.line)
        found.set("fiscal_year", int(m.group("year")), "title", p.pos.line)
        if m.group("scope"):
            found.set("scope", SCOPES[m.group("scope")], "title", p.pos.line)
        # a unit line of the cover names the unit where the title names a region or nothing
        for q in paragraphs[i + span:i + span + 3]:
            u = _UNIT_LINE.match(normalise(q.text))
            if u:
                found.set("unit_name", u.group("name"), "unit_line", q.pos.line)
                found.set("scope", _LABEL_SCOPES[u.group("label")], "unit_line", q.pos.line)
                break
        found.set("unit_name", unit, "title", p.pos.line)
        return found
    first = paragraphs[0].pos.line if paragraphs else 1
    found.title_line = first
    for q in paragraphs:  # no title: a cover unit line still names the unit
        u = _UNIT_LINE.match(normalise(q.text))
        if u:
            found.set("unit_name", u.group("name"), "unit_line", q.pos.line)
            break
    return found


def identify(doc: Document, tables: list[LocatedTable] | None = None,
             manifest: dict[str, object] | None = None, title: _Found | None = None
             ) -> tuple[Identity, list[tuple[int, str]]]:
    """The document's identity from every signal, and warnings where signals disagree.

    ``title``: what :func:`read_title` read (read again when not given); ``manifest`` (field ->
    value from a sidecar manifest) overrides what is read; raises DocumentError when no signal
    gives a field."""
    found = title if title is not None else read_title(doc)
    found = _Found(dict(found.values), dict(found.sources), found.title, found.title_line)
    read = dict(found.values)
    read_sources = dict(found.sources)
    warnings: list[tuple[int, str]] = []
    tables = tables or []
    named = [(t, t.unit_name_text) for t in tables if t.unit_name_text]
    if named:
        name, _ = Counter(resolve_unit_name(n) for _, n in named).most_common(1)[0]
        printed = next(n for _, n in named if resolve_unit_name(n) == name)
        first = next(t for t, n in named if resolve_unit_name(n) == name)
        line = first.unit_name.pos.line if first.unit_name else None
        found.set("unit_name", printed, "table_unit_lines", line)
        scopes = {_LABEL_SCOPES.get(t.unit_name_label or "") for t, _ in named}
        found.set("scope", scopes.pop() if len(scopes) == 1 else None, "table_unit_lines", line)
    years = Counter()
    for t in tables:
        if t.match is not None and t.title is not None:
            y = re.match(r"^(?:\D{0,12}?)((?:19|20)\d{2})年", normalise(t.title.text))
            if y:
                years[int(y.group(1))] += 1
    if years:
        found.set("fiscal_year", years.most_common(1)[0][0], "table_titles", None)
    phases = Counter(t.kind.doc_kind for t in tables if t.kind is not None and t.kind.doc_kind)
    if phases:
        found.set("doc_kind", phases.most_common(1)[0][0], "table_kinds", None)
    found.set("scope", _scope_in_text(doc), "text", None)
    name = PurePath(doc.path).name.lower()
    y = _FILE_YEAR.search(name)
    found.set("fiscal_year", int(y.group(1)) if y else None, "file_name", None)
    found.set("doc_kind", next((k for w, k in _FILE_KINDS if w in name), None), "file_name", None)
    for key, value in (manifest or {}).items():
        if value in (None, ""):
            continue
        if key in read and _differs(key, read[key], value):
            warnings.append((read_sources[key][1] or found.title_line,
                             f"the manifest gives {key} {value!r}; the document says "
                             f"{read[key]!r} ({read_sources[key][0]})"))
        found.values.pop(key, None)
        found.set(key, value, "manifest", None)
    missing = [k for k in ("unit_name", "doc_kind", "fiscal_year") if k not in found.values]
    if missing:
        raise DocumentError(
            f"no {', '.join(missing)} found: no disclosure title in the first lines (e.g. "
            "'2026年度部门预算公开'), no unit line, no table naming it, nothing in the file "
            "name; give it in a manifest (ingest --manifest)", line=found.title_line)
    printed = str(found.values["unit_name"])
    identity = Identity(
        unit_name=resolve_unit_name(printed),
        doc_kind=str(found.values["doc_kind"]),
        scope=found.values.get("scope"),  # type: ignore[arg-type]
        fiscal_year=int(found.values["fiscal_year"]),  # type: ignore[arg-type]
        title=found.title or printed,
        title_line=found.title_line,
        printed_unit_name=printed,
        region_code=found.values.get("region_code"),  # type: ignore[arg-type]
        sources=dict(found.sources),
    )
    return identity, warnings + _table_disagreements(identity, named)


def _scope_in_text(doc: Document) -> str | None:
    """部门 or 单位, whichever the document's own words name its budget by (部门预算, 部门概况 /
    单位预算, 单位概况) more often; None when they do not."""
    text = "".join(b.text for b in doc.blocks[:400] if isinstance(b, Paragraph))
    department = len(re.findall(r"部门(?:预算|决算|概况)", text))
    unit = len(re.findall(r"单位(?:预算|决算|概况)", text))
    if department == unit:
        return None
    return "department" if department > unit else "unit"


def _differs(key: str, read: object, given: object) -> bool:
    if key == "unit_name":
        return resolve_unit_name(str(read)) != resolve_unit_name(str(given))
    return str(read) != str(given)


def _table_disagreements(identity: Identity, named: list[tuple[LocatedTable, str]]
                         ) -> list[tuple[int, str]]:
    """A warning for each table whose unit line names another unit (a long or short form of
    the same resolved name is no disagreement)."""
    warnings = []
    for table, name in named:
        if resolve_unit_name(name) != identity.unit_name:
            title = table.title.text if table.title else "table"
            warnings.append((table.unit_name.pos.line,
                             f"{title}: unit line names {name!r}, the document is "
                             f"{identity.unit_name!r} ({identity.sources['unit_name'][0]})"))
    return warnings
