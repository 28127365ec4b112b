"""One synthetic disclosure: tables, prose, performance tables, extraction debris, encoding;
and its manifest entry (what it prints, what was varied, what was broken on purpose)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from bench.budget import build_budget_tables
from bench.final import build_final_tables
from bench.model import (
    BudgetPlan,
    FinalPlan,
    Unit,
    budget_plan,
    cn_number,
    final_plan,
    reference,
    rng_for,
)
from bench.prose import budget_prose, final_prose, self_evaluation_table, target_table
from bench.tables import Amt, Table, printed_wan, render_rows, wan

WATERMARKS = ["仅供内部审核", "内部资料，注意保密"]
OPTIONAL = {
    "budget": ["budget_state_capital", "budget_projects_carryover"],
    "final_account": ["final_state_capital", "final_fund"],
}
_CJK_PAIR = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")


@dataclass(slots=True)
class Style:
    """How one document is printed: the real-world variation it carries."""

    encoding: str = "utf-8"  # utf-8 | utf-8-sig | gbk
    crlf: bool = False
    thousands: bool = False
    markdown: bool = False
    watermark: bool = False
    markers: bool = False
    strip_zeros: bool = False
    split_unit_line: str | None = None  # table kind whose "单位：万元" is split in two lines
    wrapped: int = 0  # label cells wrapped with a space
    repeated_title: str | None = None  # table kind continued on a new page with its title
    repeated_header: str | None = None  # table kind whose header rows repeat after a break
    yuan_tables: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    performance: int = 0  # performance tables printed

    def tags(self) -> list[str]:
        tags = []
        for name in ("crlf", "thousands", "markdown", "watermark", "markers", "strip_zeros"):
            if getattr(self, name):
                tags.append(name)
        if self.encoding != "utf-8":
            tags.append(f"encoding_{self.encoding}")
        for name in ("split_unit_line", "repeated_title", "repeated_header"):
            if getattr(self, name):
                tags.append(name)
        if self.wrapped:
            tags.append("wrapped_cell")
        if self.yuan_tables:
            tags.append("yuan_tables")
        if self.missing:
            tags.append("missing_tables")
        if self.performance:
            tags.append("performance_tables")
        return tags


# The first documents of a corpus each show one variation for sure, so that even a small
# corpus (tests use about 50 documents) exercises every kind of real-world variation.
SHOWCASE = [
    "encoding_gbk",
    "watermark",
    "markdown",
    "split_unit_line",
    "wrapped_cell",
    "repeated_title",
    "repeated_header",
    "yuan_tables",
    "thousands",
    "missing_tables",
    "encoding_utf-8-sig",
    "crlf",
    "performance_tables",
]


def choose_style(rng: random.Random, kind: str, unit: Unit, index: int = -1) -> Style:
    """The variation one document carries (seeded; the first documents showcase one each)."""
    s = _random_style(rng, kind, unit)
    if 0 <= index < 3 * len(SHOWCASE):
        _force(s, SHOWCASE[index % len(SHOWCASE)], kind, rng)
    if s.split_unit_line in s.yuan_tables:  # "单位：万" / "元" needs a table in 万元
        s.yuan_tables.remove(s.split_unit_line)
    return s


def _force(s: Style, variation: str, kind: str, rng: random.Random) -> None:
    budget = kind == "budget"
    if variation.startswith("encoding_"):
        s.encoding = variation.removeprefix("encoding_")
    elif variation in ("watermark", "markdown", "thousands", "crlf"):
        setattr(s, variation, True)
    elif variation == "split_unit_line":
        s.split_unit_line = "budget_expenditure" if budget else "final_expenditure"
    elif variation == "wrapped_cell":
        s.wrapped = 2
    elif variation == "repeated_title" and budget:
        s.repeated_title = "budget_revenue"
    elif variation == "repeated_header":
        s.repeated_header = "budget_summary" if budget else "final_summary"
    elif variation == "yuan_tables":
        s.yuan_tables = ["budget_expenditure"] if budget else ["final_expenditure"]
    elif variation == "missing_tables":
        s.missing = [OPTIONAL[kind][0]]
    elif variation == "performance_tables":
        s.performance = 2


def _random_style(rng: random.Random, kind: str, unit: Unit) -> Style:
    s = Style()
    r = rng.random()
    s.encoding = "gbk" if r < 0.08 else "utf-8-sig" if r < 0.11 else "utf-8"
    s.crlf = rng.random() < 0.1
    s.thousands = rng.random() < (0.5 if unit.region.level == "province" else 0.12)
    s.markdown = rng.random() < 0.1
    s.watermark = rng.random() < 0.15
    s.markers = rng.random() < 0.5
    s.strip_zeros = rng.random() < 0.5
    if kind == "budget":
        if rng.random() < 0.1:
            s.split_unit_line = rng.choice(
                ["budget_summary", "budget_revenue", "budget_expenditure"]
            )
        if rng.random() < 0.1:
            s.repeated_title = rng.choice(["budget_revenue", "budget_expenditure"])
        if rng.random() < 0.1:
            s.repeated_header = "budget_summary"
        if rng.random() < 0.08:
            s.yuan_tables = rng.sample(
                ["budget_revenue", "budget_expenditure", "budget_general_expenditure"],
                rng.randint(1, 2),
            )
    else:
        if rng.random() < 0.1:
            s.split_unit_line = rng.choice(["final_revenue", "final_expenditure"])
        if rng.random() < 0.1:
            s.repeated_header = "final_summary"
        if rng.random() < 0.08:
            s.yuan_tables = rng.sample(["final_revenue", "final_expenditure"], 1)
    s.wrapped = rng.choice([0] * 6 + [1, 2, 3])
    if rng.random() < 0.05:
        s.missing = [rng.choice(OPTIONAL[kind])]
    s.performance = rng.choice([0, 0, 0, 1, 1, 2])
    return s


# ---- injected inconsistencies ------------------------------------------------------------


@dataclass(slots=True)
class Injection:
    kind: str
    table_kind: str
    row_code: str | None
    row_label: str | None
    col_index: int | None
    column: str
    expected: Decimal
    printed: Decimal
    identity: str
    breaks: list[str]

    def record(self) -> dict:
        return {
            "kind": self.kind,
            "table_kind": self.table_kind,
            "row_code": self.row_code,
            "row_label": self.row_label,
            "col_index": self.col_index,
            "column": self.column,
            "expected": str(self.expected),
            "printed": str(self.printed),
            "difference": str(self.printed - self.expected),
            "identity": self.identity,
            "breaks": self.breaks,
        }


INJECTIONS = {
    "budget": [
        "total_wrong",
        "class_ne_sum_sections",
        "row_ne_parts",
        "income_total_wrong",
        "economic_total_wrong",
        "prose_ne_table",
    ],
    "final_account": [
        "final_total_wrong",
        "final_class_ne_sum_sections",
        "final_revenue_total_wrong",
        "prose_ne_table",
    ],
}


def _delta(rng: random.Random, yuan: int) -> int:
    """A change far above any rounding tolerance: 1–5% of the value, at least 1.00 万元."""
    d = max(10_000, int(yuan * rng.uniform(0.01, 0.05)) // 100 * 100)
    return d if rng.random() < 0.6 or yuan <= d else -d


def _shift(table: Table, key: str, col: int, delta: int) -> tuple[Decimal, Decimal]:
    row = table.rows[table.find(key)]
    cell = row[col]
    assert isinstance(cell, Amt), (table.kind, key, col)
    before = printed_wan(cell.yuan, table.unit)
    cell.yuan += delta
    return before, printed_wan(cell.yuan, table.unit)


def inject(
    kind: str, tables: dict[str, Table], rng: random.Random, chosen: str
) -> Injection | None:
    """Break one identity by changing one printed figure (or two that move together)."""
    if chosen == "total_wrong":
        t = tables["budget_expenditure"]
        before, after = _shift(t, "合计", 2, _delta(rng, t.amount("合计", 2)))
        return Injection(
            chosen,
            t.kind,
            None,
            "合计",
            2,
            "合计",
            before,
            after,
            "合计 row = Σ class rows",
            [
                "合计 row: 合计 = 基本支出 + 项目支出",
                "预算支出总表 合计 = 预算收支总表 本年支出合计",
            ],
        )
    if chosen == "class_ne_sum_sections":
        t = tables["budget_revenue"]
        classes = [k for k in t.keys if len(k) == 3]
        code = rng.choice(classes)
        col = 3 if t.amount(code, 3) else 7 if t.amount(code, 7) else 6
        delta = _delta(rng, t.amount(code, 2))
        before, after = _shift(t, code, 2, delta)
        _shift(t, code, col, delta)
        return Injection(
            chosen,
            t.kind,
            code,
            t.labels[t.find(code)],
            2,
            "合计",
            before,
            after,
            "class (类) = Σ sections (款)",
            [
                f"the same class row, column {col}, moved by the same amount",
                "合计 row = Σ class rows",
                "预算收入总表 class = 预算支出总表 class",
            ],
        )
    if chosen == "row_ne_parts":
        t = tables["budget_expenditure"]
        items = [k for k in t.keys if len(k) == 7 and t.amount(k, 3)]
        code = rng.choice(items)
        before, after = _shift(t, code, 3, _delta(rng, t.amount(code, 3)))
        return Injection(
            chosen,
            t.kind,
            code,
            t.labels[t.find(code)],
            3,
            "基本支出",
            before,
            after,
            "合计 = 基本支出 + 项目支出",
            ["section (款) 基本支出 = Σ items (项)"],
        )
    if chosen == "income_total_wrong":
        t = tables["budget_summary"]
        before, after = _shift(t, "本年收入合计", 1, _delta(rng, t.amount("本年收入合计", 1)))
        return Injection(
            chosen,
            t.kind,
            None,
            "本年收入合计",
            1,
            "收入/年",
            before,
            after,
            "本年收入合计 = Σ income sources",
            ["本年收入合计 = 本年支出合计", "收入总计 = 本年收入合计 + 上年结转"],
        )
    if chosen == "economic_total_wrong":
        t = tables["budget_basic_by_economic"]
        if t.empty:
            return None
        before, after = _shift(t, "合计", 2, _delta(rng, t.amount("合计", 2)))
        return Injection(
            chosen,
            t.kind,
            None,
            "合计",
            2,
            "合计",
            before,
            after,
            "合计 = 人员经费 + 公用经费",
            ["合计 row = Σ class rows", "基本支出分经济科目表 合计 = 一般公共预算支出表 基本支出"],
        )
    if chosen == "final_total_wrong":
        t = tables["final_summary"]
        before, after = _shift(t, "总计", 2, _delta(rng, t.amount("总计", 2)))
        return Injection(
            chosen,
            t.kind,
            None,
            "总计",
            2,
            "收入/金额",
            before,
            after,
            "总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
            ["收入 总计 = 支出 总计"],
        )
    if chosen == "final_class_ne_sum_sections":
        t = tables["final_expenditure"]
        classes = [k for k in t.keys if len(k) == 3]
        code = rng.choice(classes)
        delta = _delta(rng, t.amount(code, 2))
        col = 3 if t.amount(code, 3) else 4
        before, after = _shift(t, code, 2, delta)
        _shift(t, code, col, delta)
        return Injection(
            chosen,
            t.kind,
            code,
            t.labels[t.find(code)],
            2,
            "本年支出合计",
            before,
            after,
            "class (类) = Σ sections (款)",
            [
                f"the same class row, column {col}, moved by the same amount",
                "合计 row = Σ class rows",
                "支出决算表 class = 收入支出决算总表 class",
            ],
        )
    if chosen == "final_revenue_total_wrong":
        t = tables["final_revenue"]
        before, after = _shift(t, "合计", 2, _delta(rng, t.amount("合计", 2)))
        return Injection(
            chosen,
            t.kind,
            None,
            "合计",
            2,
            "本年收入合计",
            before,
            after,
            "合计 row = Σ class rows",
            [
                "合计 row: 本年收入合计 = Σ income columns",
                "收入决算表 合计 = 收入支出决算总表 本年收入合计",
            ],
        )
    return None


# ---- rendering ---------------------------------------------------------------------------


def _wrap(text: str, rng: random.Random) -> str:
    spots = [m.start() for m in _CJK_PAIR.finditer(text)]
    if len(text) < 6 or not spots:
        return text
    at = rng.choice(spots[2:-1] or spots)
    return text[:at] + " " + text[at:]


def render_table(
    t: Table, unit_name: str, year: int, style: Style, rng: random.Random, wrap_budget: list[int]
) -> list[str]:
    out: list[str] = []
    title = ("## " if style.markdown else "") + t.title
    if t.marker and not t.marker_after_title and style.markers:
        out += [t.marker, ""]
    out += [title, ""]
    if t.marker and t.marker_after_title:
        out += [t.marker, ""]
    unit_line = f"{t.unit_label}：{unit_name}"
    out += [unit_line, ""]
    if t.marker_after_title:
        out += [f"{year}年度", ""]
    unit = t.unit
    scale = [f"{t.scale_label}：{unit}"]
    if style.split_unit_line == t.kind and unit == "万元":
        scale = [f"{t.scale_label}：万", "元"]
    out += [*scale, ""]
    header = ["\t".join(r) for r in t.header]
    out += header
    if t.numbering:
        out.append("\t".join(t.numbering))
    rows = [list(r) for r in t.rows]
    if (
        wrap_budget[0]
        and rows
        and t.kind
        in (
            "budget_revenue",
            "budget_expenditure",
            "final_revenue",
            "final_expenditure",
            "budget_basic_by_economic",
        )
    ):
        candidates = [r for r in rows if isinstance(r[1], str) and len(r[1]) >= 6]
        if candidates:
            row = rng.choice(candidates)
            row[1] = _wrap(row[1], rng)
            wrap_budget[0] -= 1
    body = render_rows(rows, unit, style.thousands)
    if style.repeated_title == t.kind and len(body) >= 6:
        k = rng.randint(3, len(body) - 2)
        body = [*body[:k], "", title, "", unit_line, "", *scale, "", *header, *body[k:]]
    elif style.repeated_header == t.kind and len(body) >= 24:
        k = 21
        body = [*body[:k], "", *header, *body[k:]]
    out += body
    out.append("")
    for note in t.notes:
        out += [note, ""]
    return out


def _part(style: Style, text: str) -> str:
    return ("## " if style.markdown else "") + text


@dataclass(slots=True)
class Generated:
    text: str
    data: bytes
    entry: dict


def _contents(style: Style, titles: list[str]) -> list[str]:
    lines = ["目 录", ""]
    for i, title in enumerate(titles, start=1):
        line = f"{title}.....\t{i + 1}"
        if style.markdown and i <= 2:
            line = f"<b>{title}</b> .....\t<b>{i + 1}</b>"
        lines.append(line)
    return [*lines, ""]


def build_document(
    seed: int, unit: Unit, kind: str, year: int, index: int, inconsistent_share: float
) -> Generated:
    """Generate one document (text, bytes, manifest entry)."""
    rng = rng_for(seed, "document", unit.unit_id, kind, year)
    style = choose_style(rng, kind, unit, index)
    scope_word = "部门" if unit.scope == "department" else "单位"
    if kind == "budget":
        plan: BudgetPlan | FinalPlan = budget_plan(seed, unit, year)
        tables = build_budget_tables(plan, year)
        title = f"{year}年度{scope_word}预算公开"
    else:
        plan = final_plan(seed, unit, year)
        tables = build_final_tables(plan, year)
        title = f"{year}年度{scope_word}决算公开"
    for t in tables:
        if kind == "budget":
            t.unit_label = f"{scope_word}名称"
        if t.kind in style.yuan_tables:
            t.unit = "元"
    by_kind = {t.kind: t for t in tables}
    injections: list[Injection] = []
    prose_override: Decimal | None = None
    if rng.random() < inconsistent_share:
        choices = list(INJECTIONS[kind])
        rng.shuffle(choices)
        for chosen in choices:
            if chosen == "prose_ne_table":
                true = wan(plan.total) if kind == "budget" else wan(plan.income + plan.opening)
                delta = wan(_delta(rng, int(true * 10000)))
                prose_override = true + delta
                injections.append(
                    Injection(
                        chosen,
                        "prose",
                        None,
                        "三、支出预算情况说明"
                        if kind == "budget"
                        else "一、收入支出决算总体情况说明",
                        None,
                        "支出预算" if kind == "budget" else "收入总计",
                        true,
                        prose_override,
                        "prose total = table total",
                        [],
                    )
                )
                break
            done = inject(kind, by_kind, rng, chosen)
            if done:
                injections.append(done)
                break
    tables = [t for t in tables if t.kind not in style.missing]
    lines: list[str] = ["", unit.name if not style.markdown else f"# {unit.name}", title, ""]
    if kind == "budget":
        parts = [
            "第一部分 概况",
            f"第二部分 {year}年{scope_word}预算报表",
            f"第三部分 {year}年度{scope_word}预算情况说明",
            "第四部分 名词解释",
        ]
    else:
        parts = [
            "第一部分 概况",
            f"第二部分 {year}年部门决算表",
            "第三部分 情况说明",
            "第四部分 名词解释",
            "第五部分 附件",
        ]
    lines += _contents(style, parts)
    lines += [
        _part(style, parts[0]),
        "",
        f"一、本{scope_word}职责",
        "",
        f"{unit.name}负责本{scope_word}职能范围内的各项工作，完成上级交办的其他任务。",
        "",
        "二、机构设置情况",
        "",
        f"{unit.name}共有在编人员{unit.staff}人，内设{2 + unit.staff % 5}个科室。",
        "",
        _part(style, parts[1]),
        "",
    ]
    wrap_budget = [style.wrapped]
    for t in tables:
        lines += render_table(t, unit.name, year, style, rng, wrap_budget)
    lines += [_part(style, parts[2]), ""]
    if kind == "budget":
        prior = budget_plan(seed, unit, year - 1)
        sections = budget_prose(plan, prior, scope_word, style.strip_zeros, prose_override)
    else:
        prior = final_plan(seed, unit, year - 1)
        sections = final_prose(plan, prior, style.strip_zeros, prose_override)
    performance: list[dict] = []
    for heading, paragraphs in sections:
        lines += [("### " if style.markdown else "") + heading, ""]
        for p in paragraphs:
            lines += [p, ""]
        if kind == "budget" and heading.startswith("十、") and plan.projects:
            for k in range(min(style.performance, len(plan.projects))):
                lines += [*target_table(plan, k), ""]
                p = plan.projects[k]
                performance.append({"project": p.name, "amount_yuan": p.yuan})
    lines += [_part(style, parts[3]), ""]
    glossary = reference()["glossary_budget" if kind == "budget" else "glossary_final"]
    for i, (term, text) in enumerate(glossary, start=1):
        term = f"**{term}**" if style.markdown else term
        lines += [f"{cn_number(i)}、{term}：{text}", ""]
    if kind != "budget":
        lines += [_part(style, parts[4]), ""]
        for k in range(min(style.performance, len(plan.projects))):
            lines += [*self_evaluation_table(plan, k), ""]
            p = plan.projects[k]
            performance.append(
                {
                    "project": p.name,
                    "budget": str(wan(plan.budget.projects[k].yuan)),
                    "actual": str(wan(p.yuan)),
                }
            )
    if style.watermark:
        mark = rng.choice(WATERMARKS)
        spaced: list[str] = []
        next_at = rng.randint(20, 60)
        for n, line in enumerate(lines):
            spaced.append(line)
            if n == next_at:
                spaced += ["", mark, ""]
                next_at += rng.randint(40, 90)
        lines = spaced
    text = ("\r\n" if style.crlf else "\n").join(lines) + ("\r\n" if style.crlf else "\n")
    encoding = style.encoding
    if encoding == "gbk":
        try:
            data = text.encode("gbk")
        except UnicodeEncodeError:
            data, encoding = text.encode("gb18030"), "gb18030"
    elif encoding == "utf-8-sig":
        data = text.encode("utf-8-sig")
    else:
        data = text.encode("utf-8")
    entry = _manifest_entry(
        unit, kind, year, index, style, encoding, tables, plan, injections, performance
    )
    return Generated(text, data, entry)


def _manifest_entry(
    unit: Unit,
    kind: str,
    year: int,
    index: int,
    style: Style,
    encoding: str,
    tables: list[Table],
    plan: BudgetPlan | FinalPlan,
    injections: list[Injection],
    performance: list[dict],
) -> dict:
    by_kind = {t.kind: t for t in tables}

    def printed(t: Table, key: str, col: int) -> str:
        return str(printed_wan(t.amount(key, col), t.unit))

    if kind == "budget":
        t3, t1 = by_kind["budget_expenditure"], by_kind["budget_summary"]
        totals = {
            "expenditure_total": printed(t3, "合计", 2),
            "basic_total": printed(t3, "合计", 3),
            "project_total": printed(t3, "合计", 4),
            "income_total": printed(t1, "本年收入合计", 1),
            "general_public_total": str(wan(plan.source_total("general"))),
        }
        by_function = {k: printed(t3, k, 2) for k in t3.keys if k != "合计"}
        true_totals = {
            "expenditure_total": str(wan(plan.total)),
            "basic_total": str(wan(plan.basic_total)),
            "project_total": str(wan(plan.project_total)),
        }
    else:
        t3, t1 = by_kind["final_expenditure"], by_kind["final_summary"]
        totals = {
            "expenditure_total": printed(t3, "合计", 2),
            "basic_total": printed(t3, "合计", 3),
            "project_total": printed(t3, "合计", 4),
            "income_total": printed(t1, "本年收入合计", 2),
            "grand_total": printed(t1, "总计", 2),
            "opening_balance": str(wan(plan.opening)),
            "closing_balance": str(wan(plan.closing)),
        }
        by_function = {k: printed(t3, k, 2) for k in t3.keys if k != "合计"}
        true_totals = {
            "expenditure_total": str(wan(plan.expenditure)),
            "basic_total": str(wan(sum(plan.basic.values()))),
            "project_total": str(wan(sum(p.yuan for p in plan.projects))),
        }
    r = unit.region
    return {
        "index": index,
        "unit_id": unit.unit_id,
        "unit_name": unit.name,
        "region_code": r.code,
        "region_name": r.name,
        "region_level": r.level,
        "province_code": r.province_code,
        "organisation": unit.org_key,
        "scope": unit.scope,
        "doc_kind": kind,
        "fiscal_year": year,
        "encoding": encoding,
        "variations": style.tags(),
        "yuan_tables": style.yuan_tables,
        "missing_tables": style.missing,
        "totals": totals,
        "true_totals": true_totals,
        "by_function": by_function,
        "performance": performance,
        "injections": [i.record() for i in injections],
    }
