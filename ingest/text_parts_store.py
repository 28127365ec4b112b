"""Rows of the ``raw`` tables that hold a document's text parts: stated figures, the prose line
report, performance targets and self-evaluations (DDL in ``ingest/store.py``; column meanings in
docs/raw_schema.md). Amounts travel as strings and are cast to DECIMAL by DuckDB."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from ingest.interpret.performance import Indicator
from ingest.parse import ParsedDocument

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


def _frame(rows: list[dict], columns: list[str], lists: tuple[str, ...] = ()) -> pl.DataFrame:
    schema = {c: (pl.List(pl.String) if c in lists else None) for c in columns}
    if not rows:
        return pl.DataFrame(schema={c: (t or pl.String) for c, t in schema.items()})
    return pl.DataFrame(rows, infer_schema_length=None,
                        schema_overrides={c: t for c, t in schema.items() if t is not None})


def _indicator_row(doc_id: str, kind: str, target: int, index: int, ind: Indicator) -> dict:
    return {"document_id": doc_id, "target_kind": kind, "target_index": target,
            "indicator_index": index, "side": ind.side, "level1": ind.level1,
            "level2": ind.level2, "level3": ind.level3, "value_text": ind.value_text,
            "operator": ind.operator, "number": _dec(ind.number), "unit": ind.unit,
            "source_line": ind.line}


def text_part_frames(docs: list[ParsedDocument]) -> dict[str, pl.DataFrame]:
    """One frame per raw table of text parts, keyed by table name (without schema)."""
    figures, lines, projects, overall, indicators, evaluations, ev_indicators = (
        [], [], [], [], [], [], [])
    for d in docs:
        doc_id = d.document_id
        for i, f in enumerate(d.stated_figures):
            figures.append({
                "document_id": doc_id, "figure_index": i, "source_line": f.line,
                "section": f.section, "subject": f.subject, "measure": f.measure,
                "label": f.label, "qualifier": f.qualifier, "value": _dec(f.value),
                "unit": f.unit, "direction": f.direction, "basis": f.basis,
                "parent_subject": f.parent_subject, "is_generic": f.generic,
                "sentence": f.sentence})
        for ln in d.prose_lines:
            lines.append({
                "document_id": doc_id, "source_line": ln.line, "section": ln.section,
                "text": ln.text, "status": ln.status, "figure_count": ln.figures,
                "number_count": ln.numbers, "reason": ln.reason, "unlabelled": ln.unlabelled})
        perf = d.performance
        for p_index, p in enumerate(perf.projects):
            code, name = _code_name(p.fields.get("department"))
            row = {"document_id": doc_id, "project_index": p_index,
                   "table_index": p.table_index, "title": p.title, "title_line": p.title_line,
                   "source_line": p.line, "first_line": p.first_line,
                   "last_line": p.last_line, "pages": p.pages,
                   "project_name": p.fields.get("project_name"), "department_code": code,
                   "department_name": name,
                   "implementing_unit": p.fields.get("implementing_unit"),
                   "project_attribute": p.fields.get("project_attribute"),
                   "project_period": p.fields.get("project_period"),
                   "goal_period": p.fields.get("goal_period"),
                   "goal_annual": p.fields.get("goal_annual")}
            for side in ("period", "annual"):
                for key in _FUND_KEYS:
                    row[f"funds_{side}_{key}"] = _dec(p.funds.get(f"{side}_{key}"))
            projects.append(row)
            indicators.extend(_indicator_row(doc_id, "project", p_index, i, ind)
                              for i, ind in enumerate(p.indicators))
        for o_index, o in enumerate(perf.overall):
            code, name = _code_name(o.fields.get("department"))
            row = {"document_id": doc_id, "overall_index": o_index,
                   "table_index": o.table_index, "title": o.title, "title_line": o.title_line,
                   "first_line": o.first_line, "last_line": o.last_line,
                   "department_code": code, "department_name": name,
                   "annual_goal": o.fields.get("annual_goal")}
            row |= {k: _int(o.counts.get(k)) for k in _OVERALL_COUNTS}
            row |= {f"budget_{k}": _dec(o.budget.get(k)) for k in _OVERALL_BUDGET}
            overall.append(row)
            indicators.extend(_indicator_row(doc_id, "overall", o_index, i, ind)
                              for i, ind in enumerate(o.indicators))
        for e_index, e in enumerate(perf.evaluations):
            code, name = _code_name(e.fields.get("department"))
            unit_code, unit_name = _code_name(e.fields.get("budget_unit"))
            row = {"document_id": doc_id, "evaluation_index": e_index,
                   "table_index": e.table_index, "title": e.title, "title_line": e.title_line,
                   "first_line": e.first_line, "last_line": e.last_line,
                   "project_name": e.fields.get("project_name"), "department_code": code,
                   "department_name": name, "budget_unit_code": unit_code,
                   "budget_unit_name": unit_name, "funds_unit": e.funds_unit,
                   "funds_line": e.funds_line, "total_score": _dec(e.total_score),
                   "grade": e.grade, "annual_goal": e.fields.get("annual_goal"),
                   "actual_summary": e.fields.get("actual_summary")}
            row |= {k: _dec(e.funds.get(k)) for k in _EVALUATION_FUNDS}
            evaluations.append(row)
            for i, ind in enumerate(e.indicators):
                ev_indicators.append({
                    "document_id": doc_id, "evaluation_index": e_index, "indicator_index": i,
                    "level1": ind.level1, "level2": ind.level2, "level3": ind.level3,
                    "initial_value": ind.initial_value, "adjusted_value": ind.adjusted_value,
                    "actual_value": ind.actual_value,
                    "qualitative_note": ind.qualitative_note,
                    "target_number": _dec(ind.target_number),
                    "actual_number": _dec(ind.actual_number), "weight": _dec(ind.weight),
                    "score": _dec(ind.score), "deviation_reason": ind.deviation_reason,
                    "source_line": ind.line})
    return {
        "stated_figures": _frame(figures, list(figures[0]) if figures else ["document_id"]),
        "prose_lines": _frame(lines, list(lines[0]) if lines else ["document_id"],
                              lists=("unlabelled",)),
        "project_targets": _frame(projects, list(projects[0]) if projects else ["document_id"]),
        "overall_targets": _frame(overall, list(overall[0]) if overall else ["document_id"]),
        "target_indicators": _frame(indicators,
                                    list(indicators[0]) if indicators else ["document_id"]),
        "self_evaluations": _frame(evaluations,
                                   list(evaluations[0]) if evaluations else ["document_id"]),
        "self_evaluation_indicators": _frame(
            ev_indicators, list(ev_indicators[0]) if ev_indicators else ["document_id"]),
    }
