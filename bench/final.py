"""The 10 tables of the final-account template (公开01–10表) for one unit and year."""

from __future__ import annotations

from bench.budget import class_totals, function_rows
from bench.model import FinalPlan, reference
from bench.tables import Amt, Cell, Table

INCOME_ROWS = [
    ("一、一般公共预算财政拨款收入", "fiscal"),
    ("二、政府性基金预算财政拨款收入", None),
    ("三、国有资本经营预算财政拨款收入", None),
    ("四、上级补助收入", None),
    ("五、事业收入", "business"),
    ("六、经营收入", None),
    ("七、附属单位上缴收入", None),
    ("八、其他收入", "other"),
]


def _table(
    kind: str,
    title: str,
    no: int,
    header: list[list[str]],
    numbering: list[str] | None,
    rows: list[list[Cell]],
    keys: list[str],
    labels: list[str],
    empty: bool,
) -> Table:
    return Table(
        kind,
        title,
        header,
        rows,
        keys,
        labels,
        empty=empty,
        numbering=numbering,
        marker=f"公开{no:02d}表",
        marker_after_title=True,
        scale_label="金额单位",
        unit_label="部门名称",
        notes=[reference()["final_notes"][kind]],
    )


def _code_rows(
    items: dict, columns: list[str], width: int, positions: list[int]
) -> tuple[list[list[Cell]], list[str], list[str], bool]:
    names = reference()["function_codes"]
    codes, values = function_rows(items, columns)
    grand = [0] * len(columns)
    for code, vals in zip(codes, values, strict=True):
        if len(code) == 3:
            grand = [a + b for a, b in zip(grand, vals, strict=True)]

    def row(head: list[str], vals: list[int]) -> list[Cell]:
        out: list[Cell] = [*head] + [""] * (width - 2)
        for pos, v in zip(positions, vals, strict=True):
            out[pos] = Amt(v)
        return out

    rows = [row(["合计", ""], grand)]
    rows += [row([c, names[c]], v) for c, v in zip(codes, values, strict=True)]
    keys = ["合计", *codes]
    return rows, keys, ["合计"] + [names[c] for c in codes], not codes


def build_final_tables(plan: FinalPlan, year: int) -> list[Table]:
    ref = reference()
    items = plan.items()
    tables: list[Table] = []
    expenditure = plan.expenditure
    income = plan.income

    # 01 收入支出决算总表
    classes = class_totals(items, "basic")
    for code, v in class_totals(items, "project").items():
        classes[code] = classes.get(code, 0) + v
    rows: list[list[Cell]] = []
    keys, labels = [], []
    final_classes = ref["final_classes"]
    for i in range(26):
        label, code = final_classes[i]
        row: list[Cell] = ["", str(i + 1), "", label, str(32 + i), ""]
        if i < len(INCOME_ROWS):
            row[0] = INCOME_ROWS[i][0]
            src = INCOME_ROWS[i][1]
            row[2] = Amt(plan.income_by(src)) if src else ""
        if classes.get(code):
            row[5] = Amt(classes[code])
        rows.append(row)
        keys.append(code)
        labels.append(label)
    total = income + plan.opening
    tail: list[list[Cell]] = [
        ["本年收入合计", "27", Amt(income), "本年支出合计", "58", Amt(expenditure)],
        ["使用非财政拨款结余（含专用结余）", "28", "", "结余分配", "59", ""],
        ["年初结转和结余", "29", Amt(plan.opening), "年末结转和结余", "60", Amt(plan.closing)],
        ["", "30", "", "", "61", ""],
        ["总计", "31", Amt(total), "总计", "62", Amt(total)],
    ]
    rows += tail
    keys += ["本年收入合计", "使用结余", "年初结转和结余", "空", "总计"]
    labels += [str(r[0]) for r in tail]
    tables.append(
        _table(
            "final_summary",
            "收入支出决算总表",
            1,
            [["收入", "", "", "支出", "", ""], ["项目", "行次", "金额", "项目", "行次", "金额"]],
            ["栏次", "", "1", "栏次", "", "2"],
            rows,
            keys,
            labels,
            False,
        )
    )

    # 02 收入决算表: 本年收入合计 | 财政拨款收入 | 上级补助 | 事业收入 | 经营 | 附属 | 其他收入
    rev = {c: {"total": sum(v.values()), **v} for c, v in plan.revenue.items()}
    rows, keys, labels, empty = _code_rows(
        rev, ["total", "fiscal", "business", "other"], 9, [2, 3, 5, 8]
    )
    tables.append(
        _table(
            "final_revenue",
            "收入决算表",
            2,
            [
                [
                    "项目",
                    "",
                    "本年收入合计",
                    "财政拨款收入",
                    "上级补助收入",
                    "事业收入",
                    "经营收入",
                    "附属单位上缴收入",
                    "其他收入",
                ],
                ["科目代码", "科目名称", "", "", "", "", "", "", ""],
            ],
            ["栏次", "", "1", "2", "3", "4", "5", "6", "7"],
            rows,
            keys,
            labels,
            empty,
        )
    )

    # 03 支出决算表
    spent = {c: {"total": a["basic"] + a["project"], **a} for c, a in items.items()}
    rows, keys, labels, empty = _code_rows(spent, ["total", "basic", "project"], 8, [2, 3, 4])
    tables.append(
        _table(
            "final_expenditure",
            "支出决算表",
            3,
            [
                [
                    "项目",
                    "",
                    "本年支出合计",
                    "基本支出",
                    "项目支出",
                    "上缴上级支出",
                    "经营支出",
                    "对附属单位补助支出",
                ],
                ["科目代码", "科目名称", "", "", "", "", "", ""],
            ],
            ["栏次", "", "1", "2", "3", "4", "5", "6"],
            rows,
            keys,
            labels,
            empty,
        )
    )

    # 04 财政拨款收入支出决算总表
    fiscal = plan.income_by("fiscal")
    fclasses: dict[str, int] = {}
    for code, a in items.items():
        fclasses[code[:3]] = fclasses.get(code[:3], 0) + a["general_basic"] + a["general_project"]
    rows, keys, labels = [], [], []
    fiscal_income = [
        "一、一般公共预算财政拨款",
        "二、政府性基金预算财政拨款",
        "三、国有资本经营预算财政拨款",
    ]
    for i in range(26):
        label, code = final_classes[i]
        row = ["", str(i + 1), "", label, str(33 + i), "", "", "", ""]
        if i < 3:
            row[0] = fiscal_income[i]
            row[2] = Amt(fiscal) if i == 0 else ""
        if fclasses.get(code):
            row[5] = Amt(fclasses[code])
            row[6] = Amt(fclasses[code])
        rows.append(row)
        keys.append(code)
        labels.append(label)
    tail = [
        ["本年收入合计", "27", Amt(fiscal), "本年支出合计", "59", Amt(fiscal), Amt(fiscal), "", ""],
        ["年初财政拨款结转和结余", "28", "", "年末财政拨款结转和结余", "60", "", "", "", ""],
        ["一般公共预算财政拨款", "29", "", "", "61", "", "", "", ""],
        ["政府性基金预算财政拨款", "30", "", "", "62", "", "", "", ""],
        ["国有资本经营预算财政拨款", "31", "", "", "63", "", "", "", ""],
        ["总计", "32", Amt(fiscal), "总计", "64", Amt(fiscal), Amt(fiscal), "", ""],
    ]
    rows += tail
    keys += ["本年收入合计", "年初财政拨款结转和结余", "年初一般", "年初基金", "年初国资", "总计"]
    labels += [str(r[0]) for r in tail]
    tables.append(
        _table(
            "final_fiscal_summary",
            "财政拨款收入支出决算总表",
            4,
            [
                ["收入", "", "", "支出", "", "", "", "", ""],
                [
                    "项目",
                    "行次",
                    "金额",
                    "项目",
                    "行次",
                    "合计",
                    "一般公共预算财政拨款",
                    "政府性基金预算财政拨款",
                    "国有资本经营预算财政拨款",
                ],
            ],
            ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"],
            rows,
            keys,
            labels,
            fiscal == 0,
        )
    )

    # 05 一般公共预算财政拨款支出决算表
    general = {
        c: {
            "total": a["general_basic"] + a["general_project"],
            "basic": a["general_basic"],
            "project": a["general_project"],
        }
        for c, a in items.items()
    }
    rows, keys, labels, empty = _code_rows(general, ["total", "basic", "project"], 5, [2, 3, 4])
    tables.append(
        _table(
            "final_general_expenditure",
            "一般公共预算财政拨款支出决算表",
            5,
            [
                ["项目", "", "本年支出", "", ""],
                ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
            ],
            ["栏次", "", "1", "2", "3"],
            rows,
            keys,
            labels,
            empty,
        )
    )

    # 06 一般公共预算财政拨款基本支出决算明细表
    tables.append(_economic_final(plan))

    # 07, 08: none
    tables.append(
        _table(
            "final_fund",
            "政府性基金预算财政拨款收入支出决算表",
            7,
            [
                ["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
                ["科目代码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
            ],
            ["栏次", "", "1", "2", "3", "4", "5", "6"],
            [["合计", "", "", "", "", "", "", ""]],
            ["合计"],
            ["合计"],
            True,
        )
    )
    tables[-1].scale_label = "单位"
    tables.append(
        _table(
            "final_state_capital",
            "国有资本经营预算财政拨款支出决算表",
            8,
            [
                ["项目", "", "本年支出", "", ""],
                ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
            ],
            ["栏次", "", "1", "2", "3"],
            [["合计", "", "", "", ""]],
            ["合计"],
            ["合计"],
            True,
        )
    )
    tables[-1].scale_label = "单位"

    # 09 "三公"经费: 预算数 beside 决算数, one row
    def three(values: dict[str, int]) -> list[Cell]:
        vehicle = values["purchase"] + values["running"]
        total = values["outbound"] + vehicle + values["reception"]
        return [
            Amt(total),
            Amt(values["outbound"]),
            Amt(vehicle),
            Amt(values["purchase"]),
            Amt(values["running"]),
            Amt(values["reception"]),
        ]

    row = three(plan.three_public_budget) + three(plan.three_public)
    empty = not any(c.yuan for c in row if isinstance(c, Amt))
    half = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"]
    tables.append(
        _table(
            "final_three_public",
            "财政拨款“三公”经费支出决算表",
            9,
            [
                ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
                half + half,
                ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * 2,
            ],
            [str(i) for i in range(1, 13)],
            [] if empty else [row],
            [] if empty else ["三公"],
            [] if empty else [""],
            empty,
        )
    )

    # 10 部门决算公开相关信息统计表
    proc = plan.procurement
    operating = plan.public_yuan if plan.unit.admin and plan.budget.basic_source == "general" else 0
    admin_row = (
        "(一) 行政单位" if plan.unit.scope == "department" else "(二) 参照公务员法管理事业单位"
    )
    vehicles = plan.vehicles
    stats: list[tuple[str, str, object]] = [
        ("合计", "1", sum(proc.values())),
        ("货物", "2", proc["goods"]),
        ("工程", "3", proc["works"]),
        ("服务", "4", proc["services"]),
        ("(一) 行政单位", "5", operating if admin_row.startswith("(一)") else 0),
        ("(二) 参照公务员法管理事业单位", "6", operating if admin_row.startswith("(二)") else 0),
        ("(一) 车辆数合计(辆)", "7", str(vehicles) if vehicles else ""),
        ("8. 其他用车", "15", str(vehicles) if vehicles else ""),
        ("(二) 单价100万元(含)以上设备(不含车辆)", "17", ""),
    ]
    rows = [["一、政府采购情况", "", ""], ["项目", "行次", "统计数"]]
    keys, labels = ["section1", "head1"], ["一、政府采购情况", "项目"]
    for label, no, value in stats[:4]:
        rows.append([label, no, Amt(value)])
        keys.append(label)
        labels.append(label)
    rows += [["二、机关运行经费", "", ""], ["项目", "", "统计数"]]
    keys += ["section2", "head2"]
    labels += ["二、机关运行经费", "项目"]
    for label, no, value in stats[4:6]:
        rows.append([label, no, Amt(value)])
        keys.append(label)
        labels.append(label)
    rows.append(["三、国有资产占用情况", "", ""])
    keys.append("section3")
    labels.append("三、国有资产占用情况")
    for label, no, value in stats[6:]:
        rows.append([label, no, value])
        keys.append(label)
        labels.append(label)
    empty = not sum(proc.values()) and not operating and not vehicles
    t10 = Table(
        "final_related_statistics",
        "部门决算公开相关信息统计表",
        [],
        rows,
        keys,
        labels,
        empty=empty,
        marker="公开10表",
        marker_after_title=True,
        scale_label="金额单位",
        unit_label="单位名称",
        notes=[reference()["final_notes"]["final_related_statistics"]],
    )
    tables.append(t10)
    for table in tables:
        if table.empty:
            table.notes = [*table.notes, "说明：本表无数据"]
    return tables


def _economic_final(plan: FinalPlan) -> Table:
    """公开06表: four column groups of economic codes side by side, 决算数 filled in."""
    ref = reference()
    econ = plan.economic
    layout = ref["final_basic_layout"]
    groups = {i["code"]: i["group"] for i in ref["economic_items"]}
    personnel = sum(v for c, v in econ.items() if groups[c] == "personnel")
    public = sum(v for c, v in econ.items() if groups[c] == "public")
    class_sum = {
        cls: sum(v for c, v in econ.items() if c.startswith(cls)) for cls in ("301", "302", "303")
    }
    rows: list[list[Cell]] = []
    keys: list[str] = []
    for line in layout:
        cells: list[Cell] = list(line.split("\t"))
        cells += [""] * (12 - len(cells))
        for g in range(4):
            code = cells[3 * g]
            if not isinstance(code, str) or not code or cells[3 * g + 2]:
                continue
            value = class_sum.get(code) if len(code) == 3 else econ.get(code, 0)
            if value:
                cells[3 * g + 2] = Amt(value)
        rows.append(cells)
        keys.append(str(cells[0]) or str(cells[3]))
    rows.append(
        [
            "人员经费合计",
            "",
            Amt(personnel),
            "公用经费合计",
            "",
            Amt(public),
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    keys.append("合计")
    half = ["科目代码", "科目名称", "决算数"]
    return _table(
        "final_basic_by_economic",
        "一般公共预算财政拨款基本支出决算明细表",
        6,
        [["人员经费", "", "", "公用经费", "", "", "", "", "", "", "", ""], half * 4],
        None,
        rows,
        keys,
        list(keys),
        not econ,
    )
