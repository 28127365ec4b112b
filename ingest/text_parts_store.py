"""Rows of the ``raw`` tables that hold a document's text parts: stated figures, the prose line
report, performance targets and self-evaluations (columns, types and meanings:
``ingest/raw_schema.yaml``). Amounts travel as strings and are cast to DECIMAL by DuckDB."""

from __future__ import annotations

from decimal import Decimal
from itertools import accumulate, chain

import polars as pl
import pyarrow as pa

from ingest.interpret.performance import Indicator
from ingest.parse import ParsedDocument
from ingest.raw_schema import frame_schema

_FUND_KEYS = ("total", "central", "provincial", "local", "self_raised", "other")
_OVERALL_COUNTS = ("internal_departments", "budget_units", "staff_quota", "staff_in_post",
                   "staff_on_payroll", "staff_other")
_OVERALL_BUDGET = ("source_total", "general_budget", "government_fund", "state_capital",
                   "social_insurance", "special_account", "unit_funds", "direction_total",
                   "basic_expenditure", "project_expenditure")
_EVALUATION_FUNDS = ("initial_budget_declared", "initial_budget_compiled", "annual_budget",
                     "executed", "balance", "execution_rate", "execution_score")


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _int(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


def _code_name(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    code, sep, name = text.partition("-")
    if sep and code.strip().isdigit():
        return code.strip(), name.strip()
    return None, text


def frame_of_rows(rows: list[tuple], table: str) -> pl.DataFrame:
    """The frame of raw ``table`` holding ``rows`` (tuples, values in the order of its columns
    in ingest/raw_schema.yaml), built column by column with the statement's types (no type
    inference over the rows)."""
    schema = frame_schema(table)
    if not rows:
        return pl.DataFrame(schema=schema)
    columns = zip(schema.items(), map(list, zip(*rows, strict=True)), strict=True)
    return pl.DataFrame({name: list_column(values, dtype) if isinstance(dtype, pl.List)
                         else values for (name, dtype), values in columns}, schema=schema)


def list_column(values: list[list | tuple | None], dtype: pl.List) -> pl.Series:
    """A list column of ``values`` (each a sequence or None), built from its flat values and
    offsets: polars converts nested Python lists one by one, far more slowly."""
    missing = values.count(None)
    if missing == len(values):  # (extracted text: no cell has a box)
        return pl.repeat(None, missing, dtype=dtype, eager=True)
    offsets = [0, *accumulate(0 if v is None else len(v) for v in values)]
    flat = pl.Series(list(chain.from_iterable(v for v in values if v is not None)),
                     dtype=dtype.inner).to_arrow()
    mask = pa.array([v is None for v in values]) if missing else None
    array = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), flat, mask=mask)
    return pl.Series(pl.from_arrow(array)).cast(dtype)  # (from_arrow: a series here)


def _indicator_row(doc_id: str, kind: str, target: int, index: int, ind: Indicator) -> tuple:
    return (doc_id, kind, target, index, ind.side, ind.level1, ind.level2, ind.level3,
            ind.value_text, ind.operator, _dec(ind.number), ind.unit, ind.line)


def text_part_frames(docs: list[ParsedDocument]) -> dict[str, pl.DataFrame]:
    """One frame per raw table of text parts, keyed by table name (without schema)."""
    figures, lines, projects, overall, indicators, evaluations, ev_indicators = (
        [], [], [], [], [], [], [])
    for d in docs:
        doc_id = d.document_id
        figures += [(doc_id, i, f.line, f.section, f.subject, f.measure, f.label, f.qualifier,
                     _dec(f.value), f.unit, f.direction, f.basis, f.parent_subject, f.generic,
                     f.sentence) for i, f in enumerate(d.stated_figures)]
        lines += [(doc_id, ln.line, ln.section, ln.text, ln.status, ln.figures, ln.numbers,
                   ln.reason, ln.unlabelled) for ln in d.prose_lines]
        perf = d.performance
        for p_index, p in enumerate(perf.projects):
            code, name = _code_name(p.fields.get("department"))
            projects.append((
                doc_id, p_index, p.table_index, p.title, p.title_line, p.line, p.first_line,
                p.last_line, p.pages, p.fields.get("project_name"), code, name,
                p.fields.get("implementing_unit"), p.fields.get("project_attribute"),
                p.fields.get("project_period"),
                *(_dec(p.funds.get(f"{side}_{key}")) for side in ("period", "annual")
                  for key in _FUND_KEYS),
                p.fields.get("goal_period"), p.fields.get("goal_annual")))
            indicators.extend(_indicator_row(doc_id, "project", p_index, i, ind)
                              for i, ind in enumerate(p.indicators))
        for o_index, o in enumerate(perf.overall):
            code, name = _code_name(o.fields.get("department"))
            overall.append((
                doc_id, o_index, o.table_index, o.title, o.title_line, o.first_line,
                o.last_line, code, name,
                *(_int(o.counts.get(k)) for k in _OVERALL_COUNTS),
                *(_dec(o.budget.get(k)) for k in _OVERALL_BUDGET), o.fields.get("annual_goal")))
            indicators.extend(_indicator_row(doc_id, "overall", o_index, i, ind)
                              for i, ind in enumerate(o.indicators))
        for e_index, e in enumerate(perf.evaluations):
            code, name = _code_name(e.fields.get("department"))
            unit_code, unit_name = _code_name(e.fields.get("budget_unit"))
            evaluations.append((
                doc_id, e_index, e.table_index, e.title, e.title_line, e.first_line,
                e.last_line, e.fields.get("project_name"), code, name, unit_code, unit_name,
                e.funds_unit, e.funds_line, *(_dec(e.funds.get(k)) for k in _EVALUATION_FUNDS),
                _dec(e.total_score), e.grade, e.fields.get("annual_goal"),
                e.fields.get("actual_summary")))
            ev_indicators += [(
                doc_id, e_index, i, ind.level1, ind.level2, ind.level3, ind.initial_value,
                ind.adjusted_value, ind.actual_value, ind.qualitative_note,
                _dec(ind.target_number), _dec(ind.actual_number), _dec(ind.weight),
                _dec(ind.score), ind.deviation_reason, ind.line)
                for i, ind in enumerate(e.indicators)]
    rows = {"stated_figures": figures, "prose_lines": lines, "project_targets": projects,
            "overall_targets": overall, "target_indicators": indicators,
            "self_evaluations": evaluations, "self_evaluation_indicators": ev_indicators}
    return {table: frame_of_rows(table_rows, table) for table, table_rows in rows.items()}
