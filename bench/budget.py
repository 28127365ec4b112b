"""The 13 tables of the budget template (预算公开表1–13) for one unit and year."""

from __future__ import annotations

from bench.model import GENERAL, OWN, SPECIAL, BudgetPlan, reference
from bench.tables import Amt, Cell, Table

INCOME_SOURCES = [
    ("一、一般公共预算", GENERAL),
    ("二、政府性基金预算", None),
    ("三、国有资本经营预算", None),
    ("四、财政专户管理资金", SPECIAL),
    ("五、单位资金", OWN),
]


def function_rows(
    items: dict[str, dict[str, int]], columns: list[str]
) -> tuple[list[str], list[list[int]]]:
    """Class / section / item rows (codes 3/5/7 digits) with the listed amount columns,
    parents summed from their items in 元."""
    sums: dict[str, list[int]] = {}
    for code, amounts in items.items():
        values = [amounts.get(c, 0) for c in columns]
        if not any(values):
            continue
        for key in (code[:3], code[:5], code):
            acc = sums.setdefault(key, [0] * len(columns))
            for i, v in enumerate(values):
                acc[i] += v
    codes = sorted(sums, key=lambda c: (c[:3], c[:5] if len(c) > 3 else "", len(c), c))
    ordered = []
    for cls in sorted({c[:3] for c in codes}):
        ordered.append(cls)
        for sec in sorted({c[:5] for c in codes if len(c) >= 5 and c.startswith(cls)}):
            ordered.append(sec)
            ordered.extend(sorted(c for c in codes if len(c) == 7 and c.startswith(sec)))
    return ordered, [sums[c] for c in ordered]


def class_totals(items: dict[str, dict[str, int]], column: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for code, amounts in items.items():
        out[code[:3]] = out.get(code[:3], 0) + amounts.get(column, 0)
    return out


def _code_table(
    kind: str,
    title: str,
    header: list[list[str]],
    items: dict,
    columns: list[str],
    lead: int = 0,
    trail: int = 0,
) -> Table:
    """A table of 合计 + function-code rows: 科目编码 | 科目名称 | amounts."""
    names = reference()["function_codes"]
    codes, values = function_rows(items, columns)
    totals = [0] * len(columns)
    for code, vals in zip(codes, values, strict=True):
        if len(code) == 3:
            totals = [a + b for a, b in zip(totals, vals, strict=True)]
    pad_l, pad_r = [""] * lead, [""] * trail

    def amounts(vals: list[int]) -> list[Cell]:
        return [Amt(v) for v in vals]

    rows: list[list[Cell]] = [["合计", "", *pad_l, *amounts(totals), *pad_r]]
    keys, labels = ["合计"], ["合计"]
    for code, vals in zip(codes, values, strict=True):
        rows.append([code, names[code], *pad_l, *amounts(vals), *pad_r])
        keys.append(code)
        labels.append(names[code])
    return Table(kind, title, header, rows, keys, labels, empty=not codes)


def build_budget_tables(plan: BudgetPlan, year: int) -> list[Table]:
    ref = reference()
    items = plan.items()
    y = f"{year}年"
    tables: list[Table] = []

    # 1 预算收支总表
    classes = class_totals(items, "basic")
    for code, v in class_totals(items, "project").items():
        classes[code] = classes.get(code, 0) + v
    total = plan.total
    rows: list[list[Cell]] = []
    keys, labels = [], []
    for i, (label, code) in enumerate(ref["budget_classes"]):
        row: list[Cell] = ["", "", label, "", "", ""]
        if i < len(INCOME_SOURCES):
            src_label, src = INCOME_SOURCES[i]
            row[0] = src_label
            row[1] = Amt(plan.source_total(src)) if src else ""
        if classes.get(code):
            row[3] = Amt(classes[code])
            row[4] = Amt(classes[code])
        rows.append(row)
        keys.append(code)
        labels.append(label)
    rows += [
        ["本年收入合计", Amt(total), "本年支出合计", Amt(total), Amt(total), ""],
        ["上年结转", "", "年终结转", "", "", ""],
        ["收入总计", Amt(total), "支出总计", Amt(total), Amt(total), ""],
    ]
    keys += ["本年收入合计", "上年结转", "收入总计"]
    labels += ["本年收入合计", "上年结转", "收入总计"]
    tables.append(
        Table(
            "budget_summary",
            f"{y}预算收支总表",
            [
                ["收入", "", "支出", "", "", ""],
                ["项目", y, "项目", f"{y}合计", "当年预算安排", "上年结转安排"],
            ],
            rows,
            keys,
            labels,
            marker="预算公开表1",
            notes=["注：本套报表因取数时四舍五入，部分金额可能存在尾差"],
        )
    )

    # 2 预算收入总表
    tables.append(
        _code_table(
            "budget_revenue",
            f"{y}预算收入总表",
            [
                ["项目", "", "本年收入", "", "", "", "", "", "上年结转"],
                [
                    "科目编码",
                    "科目名称",
                    "合计",
                    "一般公共预算",
                    "政府性基金",
                    "国有资本经营预算",
                    "财政专户管理资金",
                    "单位资金",
                    "",
                ],
            ],
            {c: {**a, "total": a["basic"] + a["project"]} for c, a in items.items()},
            ["total", GENERAL],
            trail=0,
        )
    )
    t2 = tables[-1]
    # spread sources into their columns: 合计 | 一般 | 基金 | 国资 | 专户 | 单位资金 | 上年结转
    codes, values = function_rows(
        {c: {**a, "total": a["basic"] + a["project"]} for c, a in items.items()},
        ["total", GENERAL, SPECIAL, OWN],
    )
    grand = [0, 0, 0, 0]
    for code, vals in zip(codes, values, strict=True):
        if len(code) == 3:
            grand = [a + b for a, b in zip(grand, vals, strict=True)]

    def revenue_row(head: list[Cell], vals: list[int]) -> list[Cell]:
        return [*head, Amt(vals[0]), Amt(vals[1]), "", "", Amt(vals[2]), Amt(vals[3]), ""]

    t2.rows = [revenue_row(["合计", ""], grand)] + [
        revenue_row([code, ref["function_codes"][code]], vals)
        for code, vals in zip(codes, values, strict=True)
    ]

    # 3 预算支出总表
    tables.append(
        _code_table(
            "budget_expenditure",
            f"{y}预算支出总表",
            [
                ["项目", "", f"{y}预算数", "", ""],
                ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ],
            {c: {**a, "total": a["basic"] + a["project"]} for c, a in items.items()},
            ["total", "basic", "project"],
        )
    )

    # 4 财政拨款收支总表
    fiscal = plan.source_total(GENERAL)
    fclasses = class_totals(items, GENERAL)
    rows, keys, labels = [], [], []
    for i, (label, code) in enumerate(ref["budget_classes"]):
        row = ["", "", label, "", "", "", ""]
        if i < 3:
            row[0] = INCOME_SOURCES[i][0]
            row[1] = Amt(fiscal) if i == 0 else ""
        if fclasses.get(code):
            row[3] = Amt(fclasses[code])
            row[4] = Amt(fclasses[code])
        rows.append(row)
        keys.append(code)
        labels.append(label)
    tail = [
        ["本年收入合计", Amt(fiscal), "本年支出合计", Amt(fiscal), Amt(fiscal), "", ""],
        ["上年财政拨款结转", "", "年终结转", "", "", "", ""],
        ["一、一般公共预算", "", "", "", "", "", ""],
        ["二、政府性基金预算", "", "", "", "", "", ""],
        ["三、国有资本经营预算", "", "", "", "", "", ""],
        ["收入总计", Amt(fiscal), "支出总计", Amt(fiscal), Amt(fiscal), "", ""],
    ]
    rows += tail
    keys += ["本年收入合计", "上年财政拨款结转", "结转一般", "结转基金", "结转国资", "收入总计"]
    labels += [r[0] for r in tail]
    tables.append(
        Table(
            "budget_fiscal_summary",
            f"{y}财政拨款收支总表",
            [
                ["收入", "", "支出", "", "", "", ""],
                ["项目", "金额", "项目", "金额", "", "", ""],
                ["", "", "", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
            ],
            rows,
            keys,
            labels,
            empty=fiscal == 0,
        )
    )

    # 5 一般公共预算支出预算表
    general = {
        c: {
            "total": a["general_basic"] + a["general_project"],
            "basic": a["general_basic"],
            "project": a["general_project"],
        }
        for c, a in items.items()
    }
    tables.append(
        _code_table(
            "budget_general_expenditure",
            f"{y}一般公共预算支出预算表（不含上年结转）",
            [
                ["项目", "", f"{y}预算数", "", ""],
                ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ],
            general,
            ["total", "basic", "project"],
        )
    )

    # 6 一般公共预算安排基本支出分经济科目表
    tables.append(_economic_table(plan, y))

    # 7-9: government fund and state capital budgets (these units have none)
    tables.append(
        Table(
            "budget_fund_revenue",
            f"{y}政府性基金预算收入表（不含上年结转）",
            [["项目", "", "政府性基金收入预算"], ["收入科目编码", "科目名称", ""]],
            [["合计", "", ""]],
            ["合计"],
            ["合计"],
            empty=True,
        )
    )
    tables.append(
        Table(
            "budget_fund_expenditure",
            f"{y}政府性基金预算支出表（不含上年结转）",
            [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
            [["合计", "", "", "", ""]],
            ["合计"],
            ["合计"],
            empty=True,
        )
    )
    tables.append(
        Table(
            "budget_state_capital",
            f"{y}国有资本经营预算收支预算表（不含上年结转）",
            [
                ["国有资本经营预算收入", "", "国有资本经营预算支出", "", "", "", "", ""],
                [
                    "项目",
                    "",
                    "国有资本经营收入预算",
                    "科目编码",
                    "科目名称",
                    "合计",
                    "基本支出",
                    "项目支出",
                ],
                ["收入科目编码", "科目名称", "", "", "", "", "", ""],
            ],
            [["合计", "", "", "", "", "", "", ""]],
            ["合计"],
            ["合计"],
            empty=True,
            marker="部门公开表9",
        )
    )

    # 10 三公经费
    tp = plan.three_public
    vehicle = tp["purchase"] + tp["running"]
    three = tp["outbound"] + tp["reception"] + vehicle
    spec = [
        ("因公出国（境）费", tp["outbound"]),
        ("公务接待费", tp["reception"]),
        ("公务用车购置及运行费", vehicle),
        ("①公务用车购置费", tp["purchase"]),
        ("②公务用车运行维护费", tp["running"]),
        ("合计", three),
    ]
    tables.append(
        Table(
            "budget_three_public",
            f"{y}财政拨款安排“三公”经费支出预算表",
            [
                ["项目", f"{y}预算数", "", "", ""],
                ["", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
            ],
            [[label, Amt(v), Amt(v), "", ""] for label, v in spec],
            [label for label, _ in spec],
            [label for label, _ in spec],
            empty=three == 0,
            marker="预算公开表10",
        )
    )

    # 11 机关运行经费 (行政单位和参公事业单位的公用经费)
    operating = plan.public_yuan if plan.unit.admin and plan.basic_source == GENERAL else 0
    rows = [["部门合计", Amt(operating), Amt(operating), "", ""]]
    keys = labels = ["部门合计"]
    if operating:
        rows.append([plan.unit.name, Amt(operating), Amt(operating), "", ""])
        keys = labels = ["部门合计", plan.unit.name]
    tables.append(
        Table(
            "budget_admin_operating",
            f"{y}财政拨款安排机关运行经费预算表",
            [
                ["单位名称", f"{year}预算数", "", "", ""],
                ["", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
            ],
            rows,
            list(keys),
            list(labels),
            empty=operating == 0,
        )
    )

    # 12 项目支出预算表（本年预算）
    def project_row(label: str, projects: list) -> list[Cell]:
        by = {s: sum(p.yuan for p in projects if p.source == s) for s in (GENERAL, SPECIAL, OWN)}
        return [
            label,
            Amt(sum(by.values())),
            Amt(by[GENERAL]),
            "",
            "",
            Amt(by[SPECIAL]),
            Amt(by[OWN]),
        ]

    rows, keys = [], []
    if plan.projects:
        if plan.unit.scope == "department":
            rows.append(project_row(plan.unit.name, plan.projects))
            keys.append("department")
        rows.append(project_row(plan.unit.name, plan.projects))
        keys.append("unit")
        for k, p in enumerate(plan.projects):
            rows.append(project_row(p.name, [p]))
            keys.append(f"project{k}")
    tables.append(
        Table(
            "budget_projects_current",
            f"{y}项目支出预算表（本年预算）",
            [
                ["项目名称", "合计", f"{y}财政拨款", "", "", "财政专户管理资金", "单位资金"],
                ["", "", "一般公共预算", "政府性基金预算", "国有资本经营预算", "", ""],
            ],
            rows,
            keys,
            [str(r[0]) for r in rows],
            empty=not plan.projects,
            numbering=["1", "2", "3", "4", "5", "6", "7"],
        )
    )

    # 13 项目支出预算表（上年结转）
    tables.append(
        Table(
            "budget_projects_carryover",
            f"{y}项目支出预算表（上年结转）",
            [
                ["项目名称", "合计", f"{y}财政拨款", "", ""],
                ["", "", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
            ],
            [],
            [],
            [],
            empty=True,
            numbering=["1", "2", "3", "4", "5"],
        )
    )
    for table in tables:
        if table.empty:
            table.notes = ["注：本表无数据"]
    return tables


def _economic_table(plan: BudgetPlan, y: str) -> Table:
    ref = reference()
    econ = plan.economic if plan.basic_source == GENERAL else {}
    items = {i["code"]: i for i in ref["economic_items"]}
    personnel = sum(v for c, v in econ.items() if items[c]["group"] == "personnel")
    public = sum(v for c, v in econ.items() if items[c]["group"] == "public")
    rows: list[list[Cell]] = [["合计", "", Amt(personnel + public), Amt(personnel), Amt(public)]]
    keys, labels = ["合计"], ["合计"]
    for cls in ("301", "302", "303"):
        members = [(c, v) for c, v in econ.items() if c.startswith(cls)]
        if not members:
            continue
        total = sum(v for _, v in members)
        is_public = cls == "302"
        rows.append(
            [
                ref["economic_classes"][cls],
                "",
                Amt(total),
                "" if is_public else Amt(total),
                Amt(total) if is_public else "",
            ]
        )
        keys.append(cls)
        labels.append(ref["economic_classes"][cls])
        for code, v in members:
            rows.append(
                [
                    items[code]["name"],
                    items[code]["gov"],
                    Amt(v),
                    "" if is_public else Amt(v),
                    Amt(v) if is_public else "",
                ]
            )
            keys.append(code)
            labels.append(items[code]["name"])
    return Table(
        "budget_basic_by_economic",
        f"{y}一般公共预算安排基本支出分经济科目表（不含上年结转）",
        [
            ["部门预算支出经济科目名称", "政府预算支出经济科目名称", f"{y}预算数", "", ""],
            ["", "", "合计", "人员经费", "公用经费"],
        ],
        rows,
        keys,
        labels,
        empty=not econ,
    )
