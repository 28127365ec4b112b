"""Interpret performance tables kept as text by the layout: project targets
(项目支出绩效目标表), department overall targets (整体支出绩效目标申报表) and project
self-evaluations (项目支出绩效自评表).

These tables are printed with cells shifted left or right from row to row, so cells are read by
what they say rather than where they stand: header cells by their label (the value is the next
non-empty cell), indicator rows as level labels (一级/二级指标, vocabulary data) followed by
name/value pairs. In two-sided target tables the first pair of a row is the 实施期 side and the
second the 年度 side; a single pair is placed by its column when the header shows where the
年度 side starts. Levels left blank inherit the level above. A project printed over several pages
(each repeating the header block) is merged into one, without duplicated indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any

from ingest.catalogue import normalise
from ingest.document import Row
from ingest.interpret.layout import LocatedTable

IMPLEMENTATION = "implementation_period"
ANNUAL = "annual"
_HTML = re.compile(r"</?[a-zA-Z][^>]*>|&[a-z]+;|<br\s*/?>", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(?:,\d{3})*(?:\.\d+)?$")
_VALUE_START = re.compile(r"^(≥|≤|>|<|=)?\d")
_SPACES = re.compile(r"\s+")


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    """A pattern of the vocabulary, compiled once."""
    return re.compile(pattern)


@dataclass(slots=True)
class Indicator:
    """One performance indicator (三级指标) with its value as printed and parsed."""

    side: str
    level1: str | None
    level2: str | None
    level3: str | None
    value_text: str | None
    operator: str | None
    number: Decimal | None
    unit: str | None
    line: int


@dataclass(slots=True)
class ProjectTarget:
    """A project performance target table, merged over the pages it was printed on."""

    table_index: int
    title: str | None
    title_line: int | None
    first_line: int
    last_line: int
    line: int
    pages: int = 1
    fields: dict[str, str | None] = field(default_factory=dict)
    funds: dict[str, Decimal | None] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)


@dataclass(slots=True)
class OverallTarget:
    """A department overall performance target table (整体支出绩效目标申报表)."""

    table_index: int
    title: str | None
    title_line: int | None
    first_line: int
    last_line: int
    fields: dict[str, str | None] = field(default_factory=dict)
    counts: dict[str, Decimal | None] = field(default_factory=dict)
    budget: dict[str, Decimal | None] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)


@dataclass(slots=True)
class EvaluationIndicator:
    """One indicator of a self-evaluation: target, actual, weight, score, deviation reason."""

    level1: str | None
    level2: str | None
    level3: str | None
    initial_value: str | None
    adjusted_value: str | None
    actual_value: str | None
    qualitative_note: str | None
    target_number: Decimal | None
    actual_number: Decimal | None
    weight: Decimal | None
    score: Decimal | None
    deviation_reason: str | None
    line: int


@dataclass(slots=True)
class SelfEvaluation:
    """A project self-evaluation table (项目支出绩效自评表) of a final account."""

    table_index: int
    title: str | None
    title_line: int | None
    first_line: int
    last_line: int
    fields: dict[str, str | None] = field(default_factory=dict)
    funds: dict[str, Decimal | None] = field(default_factory=dict)
    funds_line: int | None = None
    funds_unit: str | None = None
    total_score: Decimal | None = None
    grade: str | None = None
    indicators: list[EvaluationIndicator] = field(default_factory=list)


@dataclass(slots=True)
class PerformanceResult:
    projects: list[ProjectTarget] = field(default_factory=list)
    overall: list[OverallTarget] = field(default_factory=list)
    evaluations: list[SelfEvaluation] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Cell:
    col: int
    text: str  # cleaned, as printed
    key: str  # normalised for matching


@lru_cache(maxsize=65536)  # rows are read several times (header, indicators, end)
def clean_cell(text: str) -> str:
    """A cell without HTML debris (<p>, <br>, entities) and with single spaces."""
    if "<" in text or "&" in text:  # else _HTML finds nothing
        text = _HTML.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _cells(row: Row) -> list[_Cell]:
    out = []
    for i, raw in enumerate(row.cells):
        text = clean_cell(raw)
        if text:
            out.append(_Cell(i, text, normalise(text).rstrip(":")))
    return out


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    t = normalise(text).replace(",", "")
    if not _NUMBER.match(t):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def parse_value(text: str | None, vocab: dict[str, Any]) -> tuple[str | None, Decimal | None,
                                                                     str | None]:
    """``(operator, number, unit)`` of an indicator value; dates and words stay text."""
    if not text:
        return None, None, None
    t = normalise(text)
    if _regex(vocab["text_values"]).search(t):
        return None, None, None
    m = _regex(vocab["value"]).match(t)
    if not m:
        return None, None, None
    return m.group("op"), Decimal(m.group("num").replace(",", "")), m.group("unit") or None


def _label(cell: _Cell, patterns: dict[str, str]) -> str | None:
    for name, pattern in patterns.items():
        if _regex(pattern).search(cell.key):
            return name
    return None


class _Levels:
    """Reads indicator rows: level labels, then name/value pairs, levels inherited."""

    def __init__(self, vocab: dict[str, Any], two_sided: bool) -> None:
        self.level1 = set(vocab["level1"])
        self.level2: dict[str, list[str]] = vocab["level2"]
        self.skip = {normalise(s) for s in vocab["skip_cells"]}
        self.two_sided = two_sided
        sides = (IMPLEMENTATION, ANNUAL) if two_sided else (ANNUAL,)
        self.state: dict[str, list[str | None]] = {s: [None, None] for s in sides}
        self.split: int | None = None

    def content(self, row: Row) -> list[_Cell]:
        return [c for c in _cells(row) if c.key not in self.skip]

    def is_label(self, cell: _Cell) -> bool:
        return cell.key in self.level1 or cell.key in self.level2

    def apply_label(self, side: str, cell: _Cell, following: _Cell | None) -> None:
        levels = self.state[side]
        as_level1 = cell.key in self.level1 and (
            cell.key not in self.level2
            or (following is not None and following.key in self.level2))
        if as_level1:
            if levels[0] != cell.key:  # a level-1 label printed again keeps its level 2
                levels[0], levels[1] = cell.key, None
            return
        levels[1] = cell.key
        parents = self.level2[cell.key]
        if levels[0] not in parents:
            levels[0] = parents[0]

    def read_pairs(self, row: Row) -> list[tuple[str, _Cell, _Cell | None]]:
        """``(side, name, value)`` of each indicator printed on ``row``."""
        cells = self.content(row)
        side = IMPLEMENTATION if self.two_sided else ANNUAL
        pending: _Cell | None = None
        done = False
        labelled: set[str] = set()
        out: list[tuple[str, _Cell, _Cell | None]] = []
        for i, cell in enumerate(cells):
            if self.two_sided and side == IMPLEMENTATION and pending is None and (
                    done or (self.split is not None and cell.col >= self.split)):
                side = ANNUAL
            if self.is_label(cell):
                following = cells[i + 1] if i + 1 < len(cells) else None
                self.apply_label(side, cell, following)
                labelled.add(side)
                continue
            if pending is None:
                pending = cell
                continue
            following = cells[i + 1] if i + 1 < len(cells) else None
            if cell.key == pending.key and following is not None and \
                    _VALUE_START.match(following.key):  # a name printed twice before its value
                continue
            out.append((side, pending, cell))
            pending = None
            done = True
        if pending is not None:
            out.append((side, pending, None))
        if self.two_sided and labelled == {IMPLEMENTATION}:
            # the 年度 side left its level cells blank: it mirrors the 实施期 side
            self.state[ANNUAL] = list(self.state[IMPLEMENTATION])
        return out


def _header_row(row: Row, vocab: dict[str, Any]) -> bool:
    return any(normalise(clean_cell(c)) == vocab["header_marker"] for c in row.cells)


def _ends(row: Row, vocab: dict[str, Any]) -> bool:
    keys = [c.key for c in _cells(row)]
    return any(k.startswith(m) for k in keys[:3] for m in vocab["end_markers"])


def _next_text(cells: list[_Cell], i: int) -> str | None:
    return cells[i + 1].text if i + 1 < len(cells) else None


def _read_header(cells: list[_Cell], labels: dict[str, str], fields: dict[str, str | None]
                 ) -> None:
    for i, cell in enumerate(cells):
        name = _label(cell, labels)
        if name and fields.get(name) is None:
            following = _next_text(cells, i)
            if following is not None and _label(cells[i + 1], labels) is None:
                fields[name] = following


def _read_funds(cells: list[_Cell], labels: dict[str, str],
                funds: dict[str, Decimal | None]) -> bool:
    """Fund cells of one row: the first of a label is the 实施期 side, the second the 年度 side."""
    found = False
    seen: set[str] = set()
    for i, cell in enumerate(cells):
        name = _label(cell, labels)
        if name is None:
            continue
        found = True
        if name == "total_period":
            key = "period_total"
        elif name == "total_annual":
            key = "annual_total"
        else:
            key = f"{'annual' if name in seen else 'period'}_{name}"
        seen.add(name)
        value = _decimal(_next_text(cells, i))
        if key not in funds or funds[key] is None:
            funds[key] = value
    return found


def _indicator(side: str, levels: list[str | None], name: _Cell, value: _Cell | None,
               line: int, vocab: dict[str, Any]) -> Indicator:
    text = value.text if value else None
    op, num, unit = parse_value(text, vocab)
    return Indicator(side=side, level1=levels[0], level2=levels[1], level3=name.text,
                     value_text=text, operator=op, number=num, unit=unit, line=line)


def _add_unique(target: list[Indicator], seen: set[tuple], ind: Indicator) -> None:
    key = (ind.side, ind.level1, ind.level2, normalise(ind.level3 or ""),
           normalise(ind.value_text or ""))
    if key not in seen:
        seen.add(key)
        target.append(ind)


def _project_name(table: LocatedTable, vocab: dict[str, Any]) -> str | None:
    fields: dict[str, str | None] = {}
    for row in table.rows[:3]:
        _read_header(_cells(row), vocab["header_labels"], fields)
    return normalise(fields["project_name"]) if fields.get("project_name") else None


def _read_targets(tables: list[LocatedTable], vocab: dict[str, Any]) -> ProjectTarget:
    first = tables[0]
    head_line = first.rows[0].pos.line if first.rows else first.first_line
    project = ProjectTarget(
        table_index=first.index, title=first.title.text if first.title else None,
        title_line=first.title.pos.line if first.title else None,
        first_line=first.first_line, last_line=tables[-1].last_line, line=head_line,
        pages=len(tables))
    levels = _Levels(vocab, two_sided=True)
    seen: set[tuple] = set()
    for page, table in enumerate(tables):
        in_indicators = False
        for row in table.rows:
            cells = _cells(row)
            if not in_indicators:
                starts = _header_row(row, vocab) or any(
                    c.key in levels.level1 or c.key in vocab["indicator_start"] for c in cells)
                if not starts:
                    if page == 0:
                        _read_header(cells, vocab["header_labels"], project.fields)
                        _read_funds(cells, vocab["funds"], project.funds)
                        if cells and _regex(vocab["header_labels"]["goal"]).search(cells[0].key):
                            project.fields["goal_period"] = _next_text(cells, 0)
                            project.fields["goal_annual"] = (
                                cells[2].text if len(cells) > 2 else None)
                    continue
                in_indicators = True
                if _header_row(row, vocab):
                    seconds = [c.col for c in cells if c.key == vocab["side_marker"]]
                    if len(seconds) > 1:
                        levels.split = seconds[1]
                    continue
            if _ends(row, vocab):
                break
            for side, name, value in levels.read_pairs(row):
                ind = _indicator(side, list(levels.state[side]), name, value, row.pos.line,
                                 vocab)
                _add_unique(project.indicators, seen, ind)
    project.fields.pop("goal", None)
    return project


def _read_overall(table: LocatedTable, vocab: dict[str, Any]) -> OverallTarget:
    target = OverallTarget(
        table_index=table.index, title=table.title.text if table.title else None,
        title_line=table.title.pos.line if table.title else None,
        first_line=table.first_line, last_line=table.last_line)
    levels = _Levels(vocab, two_sided=False)
    seen: set[tuple] = set()
    in_indicators = False
    for row in table.rows:
        cells = _cells(row)
        if not in_indicators:
            if _header_row(row, vocab):
                in_indicators = True
                continue
            for i, cell in enumerate(cells):
                name = _label(cell, vocab["overall"])
                following = _next_text(cells, i)
                if name == "department":
                    target.fields["department"] = following
                elif name and target.counts.get(name) is None:
                    m = _regex(vocab["count_value"]).match(normalise(following or ""))
                    target.counts[name] = Decimal(m.group("num")) if m else None
                budget_keys = [k for k, p in vocab["overall_budget"].items()
                               if _regex(p).search(cell.key) and target.budget.get(k) is None]
                if budget_keys and i + 1 < len(cells):
                    target.budget[budget_keys[0]] = _decimal(following)
                if _regex(vocab["overall_goal"]).search(cell.key):
                    target.fields["annual_goal"] = following
            continue
        if _ends(row, vocab):
            break
        for side, name, value in levels.read_pairs(row):
            ind = _indicator(side, list(levels.state[side]), name, value, row.pos.line, vocab)
            _add_unique(target.indicators, seen, ind)
    return target


def _read_evaluation(table: LocatedTable, vocab: dict[str, Any]) -> SelfEvaluation:
    spec = vocab["self_evaluation"]
    ev = SelfEvaluation(
        table_index=table.index, title=table.title.text if table.title else None,
        title_line=table.title.pos.line if table.title else None,
        first_line=table.first_line, last_line=table.last_line)
    levels = _Levels(vocab, two_sided=False)
    in_indicators = False
    goal_next = False
    for row in table.rows:
        cells = _cells(row)
        keys = [c.key for c in cells]
        if any(_regex(spec["total_score"]).search(k) for k in keys[:2]):
            numbers = [d for d in (_decimal(c.text) for c in cells) if d is not None]
            ev.total_score = numbers[-1] if numbers else None
            ev.grade = next((c.text for c in reversed(cells) if c.key in spec["grades"]), None)
            break
        if not in_indicators:
            if _header_row(row, vocab):
                in_indicators = True
                continue
            if goal_next:
                ev.fields["annual_goal"] = cells[0].text if cells else None
                ev.fields["actual_summary"] = cells[1].text if len(cells) > 1 else None
                goal_next = False
            _read_header(cells, vocab["header_labels"], ev.fields)
            for c in cells:
                m = _regex(spec["funds_header"]).search(c.key)
                if m:
                    ev.funds_unit = m.group("unit")
                if _regex(spec["goal_header"]).search(c.key):
                    goal_next = True
            _read_evaluation_funds(cells, spec, ev, row.pos.line)
            continue
        if _ends(row, vocab):
            break
        ind = _evaluation_indicator(levels, row)
        if ind is not None:
            ev.indicators.append(ind)
    return ev


_FUND_COLUMNS = ("initial_budget_declared", "initial_budget_compiled", "annual_budget",
                 "executed", "balance", "execution_rate", "execution_score")


def _read_evaluation_funds(cells: list[_Cell], spec: dict[str, Any], ev: SelfEvaluation,
                           line: int) -> None:
    for i, cell in enumerate(cells):
        if _regex(spec["funds_total"]).search(cell.key) and not ev.funds:
            numbers = [_decimal(c.text) for c in cells[i + 1:]]
            numbers = [n for n in numbers if n is not None]
            # right-aligned when a leading column was left empty
            columns = _FUND_COLUMNS[len(_FUND_COLUMNS) - len(numbers):] if len(numbers) < len(
                _FUND_COLUMNS) else _FUND_COLUMNS
            ev.funds = dict(zip(columns, numbers, strict=False))
            ev.funds_line = line


def _evaluation_indicator(levels: _Levels, row: Row) -> EvaluationIndicator | None:
    cells = levels.content(row)
    content: list[_Cell] = []
    for i, cell in enumerate(cells):
        if levels.is_label(cell) and not content:
            levels.apply_label(ANNUAL, cell, cells[i + 1] if i + 1 < len(cells) else None)
        else:
            content.append(cell)
    if not content:
        return None
    name, rest = content[0], content[1:]
    scores_at = None
    for j in range(len(rest) - 1, 0, -1):
        if _decimal(rest[j].text) is not None and _decimal(rest[j - 1].text) is not None:
            scores_at = j - 1
            break
    values = rest if scores_at is None else rest[:scores_at]
    after = [] if scores_at is None else rest[scores_at + 2:]
    texts = [c.text for c in values] + [None] * 4
    initial, adjusted, actual, note = texts[:4]
    target = _number_in(adjusted)
    if target is None:
        target = _number_in(initial)
    level1, level2 = levels.state[ANNUAL]
    return EvaluationIndicator(
        level1=level1, level2=level2, level3=name.text, initial_value=initial,
        adjusted_value=adjusted, actual_value=actual, qualitative_note=note,
        target_number=target,
        actual_number=_number_in(actual),
        weight=_decimal(rest[scores_at].text) if scores_at is not None else None,
        score=_decimal(rest[scores_at + 1].text) if scores_at is not None else None,
        deviation_reason=" ".join(c.text for c in after) or None, line=row.pos.line)


# the number inside a self-evaluation value ("≥100期", "=100全年", "≤350人/天")
_VALUE = re.compile(r"^(?:≥|≤|>|<|=)?(?P<num>\d+(?:\.\d+)?)")


def _number_in(text: str | None) -> Decimal | None:
    m = _VALUE.match(normalise(text)) if text else None
    return Decimal(m.group("num")) if m else None


def interpret_performance(tables: list[LocatedTable], vocab: dict[str, Any]
                          ) -> PerformanceResult:
    """Read every performance table among ``tables`` (performance part of the vocabulary)."""
    result = PerformanceResult()
    group: list[LocatedTable] = []
    group_name: str | None = None

    def flush() -> None:
        if group:
            result.projects.append(_read_targets(list(group), vocab))
            group.clear()

    for table in tables:
        kind = table.kind.key if table.kind else None
        if kind == "project_targets":
            name = _project_name(table, vocab)
            if not (group and name is not None and name == group_name):
                flush()
            group.append(table)
            group_name = name
            continue
        flush()
        group_name = None
        if kind == "overall_targets":
            result.overall.append(_read_overall(table, vocab))
        elif kind == "project_self_evaluation":
            result.evaluations.append(_read_evaluation(table, vocab))
    flush()
    for p in result.projects:
        if not p.fields.get("project_name"):
            result.warnings.append((p.first_line, "project target table without a project name"))
        if not p.indicators:
            result.warnings.append((p.first_line, "project target table without indicators"))
    return result
