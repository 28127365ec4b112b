"""Prose of the disclosures (情况说明) and their performance tables, with the figures a reader
cross-checks against the tables: totals, shares, year-on-year changes, budget vs actual."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from bench.model import GENERAL, OWN, SPECIAL, BudgetPlan, FinalPlan, reference
from bench.tables import fmt_prose, wan

REASONS_UP = [
    "预计本年项目收入增多",
    "人员经费正常增长",
    "本年新增项目资金",
    "在职人员增加，工资标准调整",
]
REASONS_DOWN = ["项目资金减少", "厉行节约，压减一般性支出", "部分项目已完成", "在职人员减少"]


def r2(value: Decimal) -> str:
    """Two decimals, rounded half up as the documents (spreadsheets) round: 15.625 -> 15.63."""
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def pct(part: Decimal, whole: Decimal) -> str:
    if not whole:
        return "0"
    return r2(part / whole * 100)


def change(now: Decimal, before: Decimal, strip: bool, reason: str | None = None) -> str:
    """ "比上年增加195.71万元，增长32.75%" (or 减少/下降, or 与上年相同)."""
    diff = now - before
    if diff == 0:
        return "与上年相同"
    word, trend = ("增加", "增长") if diff > 0 else ("减少", "下降")
    text = f"比上年{word}{fmt_prose(abs(diff), strip)}万元"
    if before:  # a rate of change only exists against a non-zero prior year
        text += f"，{trend}{r2(abs(diff) / before * 100)}%"
    return text + (f"，主要原因是{reason}" if reason else "")


def budget_prose(
    plan: BudgetPlan,
    prior: BudgetPlan,
    scope_word: str,
    strip: bool,
    total_override: Decimal | None = None,
) -> list[tuple[str, list[str]]]:
    """Sections of 第三部分 情况说明: (heading, paragraphs)."""
    u = plan.unit.name
    y = plan.year
    a = lambda v: fmt_prose(v, strip)  # noqa: E731
    total, prior_total = wan(plan.total), wan(prior.total)
    stated_total = total_override if total_override is not None else total
    reason = (REASONS_UP if total >= prior_total else REASONS_DOWN)[y % 4]
    general, special, own = (wan(plan.source_total(s)) for s in (GENERAL, SPECIAL, OWN))
    basic, project = wan(plan.basic_total), wan(plan.project_total)
    items = plan.items()
    class_names = {c: n for n, c in reference()["budget_classes"]}
    classes: dict[str, int] = {}
    for code, amounts in items.items():
        classes[code[:3]] = classes.get(code[:3], 0) + amounts[GENERAL]
    prior_general = wan(prior.source_total(GENERAL))
    sections = [
        (
            f"一、{scope_word}预算收支数据变动情况及原因",
            [
                f"{y}年度{u}预算收入总计{a(total)}万元，其中：本年收入{a(total)}万元，上年结转0万元，"
                f"{change(total, prior_total, strip, reason)}；"
                f"本年{scope_word}预算支出总计{a(total)}万元，"
                f"其中：本年预算安排{a(total)}万元，上年结转0万元，"
                f"{change(total, prior_total, strip, reason)}。"
            ],
        ),
        (
            "二、收入预算情况说明",
            [
                f"{y}年度{u}预算收入{a(total)}万元，主要包括一般公共预算拨款收入{a(general)}万元，"
                f"占{pct(general, total)}%；"
                "政府性基金预算拨款收入0万元，占0%；国有资本经营预算拨款收入0万元，"
                f"占0%；财政专户管理资金收入{a(special)}万元，"
                f"占{pct(special, total)}%；单位资金{a(own)}万元，"
                f"占{pct(own, total)}%；上年结转0万元，占0%。"
            ],
        ),
        (
            "三、支出预算情况说明",
            [
                f"{y}年度{u}支出预算{a(stated_total)}万元，其中：基本支出{a(basic)}万元，"
                f"占{pct(basic, total)}%；项目支出{a(project)}万元，占{pct(project, total)}%。"
            ],
        ),
    ]
    spent_on = (
        "、".join(
            f"{class_names[c][class_names[c].index('、') + 1 :]}{a(wan(v))}万元"
            for c, v in sorted(classes.items())
            if v
        )
        or "无"
    )
    sections.append(
        (
            "四、财政拨款收支预算总体情况说明",
            [
                f"{y}年度{u}财政拨款收支总预算{a(general)}万元。其中：一般公共预算拨款{a(general)}万元，"
                f"政府性基金预算拨款0万元，国有资本经营预算拨款0万元。其中：当年拨款收入{a(general)}万元，"
                f"上年结转收入0万元。支出包括：{spent_on}。"
            ],
        )
    )
    structure = "；".join(
        f"{class_names[c][class_names[c].index('、') + 1 :]}{a(wan(v))}万元，"
        f"占{pct(wan(v), general)}%"
        for c, v in sorted(classes.items())
        if v
    )
    sections.append(
        (
            "五、一般公共预算支出情况说明",
            [
                "(一) 一般公共预算当年支出规模变化情况",
                f"{y}年度{u}一般公共预算当年支出{a(general)}万元，"
                f"{change(general, prior_general, strip)}。",
                "(二) 一般公共预算当年支出结构情况",
                f"{y}年度{u}一般公共预算当年支出{a(general)}万元，主要用于以下方面："
                + (structure + "等。" if structure else "无。"),
            ],
        )
    )
    econ_items = {i["code"]: i for i in reference()["economic_items"]}
    econ = plan.economic if plan.basic_source == GENERAL else {}
    personnel = sum(v for c, v in econ.items() if econ_items[c]["group"] == "personnel")
    public = sum(v for c, v in econ.items() if econ_items[c]["group"] == "public")
    names_p = (
        "、".join(econ_items[c]["name"] for c in econ if econ_items[c]["group"] == "personnel")
        or "无"
    )
    names_q = (
        "、".join(econ_items[c]["name"] for c in econ if econ_items[c]["group"] == "public") or "无"
    )
    sections.append(
        (
            "六、一般公共预算基本支出情况说明",
            [
                f"{y}年度{u}一般公共预算安排基本支出{a(wan(personnel + public))}万元，其中：",
                f"人员经费{a(wan(personnel))}万元，主要包括：{names_p}；",
                f"公用经费{a(wan(public))}万元，主要包括：{names_q}。",
            ],
        )
    )
    tp = plan.three_public
    three = tp["outbound"] + tp["reception"] + tp["purchase"] + tp["running"]
    ptp = prior.three_public
    prior_three = ptp["outbound"] + ptp["reception"] + ptp["purchase"] + ptp["running"]
    if three:
        text = (
            f"{y}年{u}财政拨款安排的“三公”经费预算{a(wan(three))}万元，"
            f"{change(wan(three), wan(prior_three), strip)}。其中：因公出国（境）费"
            f"{a(wan(tp['outbound']))}万元；公务接待费{a(wan(tp['reception']))}万元；"
            f"公务用车购置及运行费{a(wan(tp['purchase'] + tp['running']))}万元，"
            "其中：公务用车购置费"
            f"{a(wan(tp['purchase']))}万元，公务用车运行维护费{a(wan(tp['running']))}万元。"
        )
    else:
        text = f"本{scope_word}无“三公”经费预算。"
    sections.append(("七、“三公”经费增减变动原因说明", [text]))
    if plan.unit.admin and plan.basic_source == GENERAL:
        prior_public = prior.public_yuan if prior.basic_source == GENERAL else 0
        text = (
            f"本部门{y}年机关运行经费财政拨款预算{a(wan(plan.public_yuan))}万元，"
            f"{change(wan(plan.public_yuan), wan(prior_public), strip)}。"
        )
    else:
        text = f"本{scope_word}无机关运行经费。"
    sections.append(("八、机关运行经费增减变动原因说明", [text]))
    proc = plan.procurement
    sections.append(
        (
            "九、政府采购情况",
            [
                f"{y}年{u}政府采购预算总额{a(wan(sum(proc.values())))}万元。其中：政府采购货物预算"
                f"{a(wan(proc['goods']))}万元、政府采购工程预算{a(wan(proc['works']))}万元、政府采购服务预算"
                f"{a(wan(proc['services']))}万元。"
            ],
        )
    )
    n = len(plan.projects)
    sections.append(
        (
            "十、绩效管理情况",
            [
                f"2026年编报{scope_word}整体绩效目标，涉及资金{a(total)}万元。".replace(
                    "2026", str(y)
                ),
                f"{y}年{u}纳入绩效目标管理的二级项目{n}个，共计金额{a(project)}万元。",
            ],
        )
    )
    v = plan.vehicles
    sections.append(
        (
            "十一、国有资产占有使用情况",
            [
                f"截至{y - 1}年12月31日，{u}共有公务用车编制{v}辆，实有{v}辆。",
                f"截至{y - 1}年12月31日，{u}使用的办公用房建筑总面积{plan.floor_area}平方米。",
            ],
        )
    )
    sections.append(("十二、其他说明", ["无"]))
    return sections


def final_prose(
    plan: FinalPlan, prior: FinalPlan, strip: bool, total_override: Decimal | None = None
) -> list[tuple[str, list[str]]]:
    y = plan.year
    a = lambda v: fmt_prose(v, strip)  # noqa: E731
    grand = wan(plan.income + plan.opening)
    prior_grand = wan(prior.income + prior.opening)
    stated = total_override if total_override is not None else grand
    income = wan(plan.income)
    fiscal = wan(plan.income_by("fiscal"))
    business = wan(plan.income_by("business"))
    other = wan(plan.income_by("other"))
    expenditure = wan(plan.expenditure)
    basic = wan(sum(plan.basic.values()))
    project = wan(sum(p.yuan for p in plan.projects))
    budget_general = wan(plan.budget.source_total(GENERAL))
    versus = change(grand, prior_grand, strip)  # "比上年增加…万元，增长…%"
    versus = versus.removeprefix("比上年") if versus.startswith("比上年") else "与上年持平"
    lines_income = [f"{y}年度收入合计{a(income)}万元，其中："]
    for label, v in (("财政拨款收入", fiscal), ("事业收入", business), ("其他收入", other)):
        if v:
            lines_income.append(f"{label}{a(v)}万元，占比{pct(v, income)}%；")
    sections = [
        (
            "一、收入支出决算总体情况说明",
            [
                f"{y}年度收入总计{a(stated)}万元，支出总计{a(stated)}万元。与上年相比，收入总计"
                f"{versus}，支出总计{versus}。"
            ],
        ),
        ("二、收入决算情况说明", lines_income),
        (
            "三、支出决算情况说明",
            [
                f"{y}年度支出合计{a(expenditure)}万元，其中：",
                f"基本支出{a(basic)}万元，占比{pct(basic, expenditure)}%；",
                f"项目支出{a(project)}万元，占比{pct(project, expenditure)}%。",
            ],
        ),
        (
            "四、财政拨款收支决算总体情况说明",
            [f"{y}年度财政拨款收入总计{a(fiscal)}万元，支出总计{a(fiscal)}万元。"],
        ),
        (
            "五、一般公共预算财政拨款支出决算情况说明",
            [
                f"{y}年度一般公共预算财政拨款支出年初预算{a(budget_general)}万元，支出决算{a(fiscal)}万元，"
                f"完成年初预算的{pct(fiscal, budget_general) if budget_general else '0'}%。"
            ],
        ),
    ]
    econ_items = {i["code"]: i for i in reference()["economic_items"]}
    personnel = sum(v for c, v in plan.economic.items() if econ_items[c]["group"] == "personnel")
    public = sum(v for c, v in plan.economic.items() if econ_items[c]["group"] == "public")
    sections.append(
        (
            "六、一般公共预算财政拨款基本支出决算情况说明",
            [
                f"{y}年度财政拨款基本支出{a(wan(personnel + public))}万元，其中：",
                f"人员经费{a(wan(personnel))}万元；",
                f"公用经费{a(wan(public))}万元。",
            ],
        )
    )
    sections.append(("七、政府性基金预算财政拨款收支决算情况说明", ["本年度无此项收支。"]))
    sections.append(("八、国有资本经营预算财政拨款支出决算情况说明", ["本年度无此项支出。"]))
    b3, a3 = sum(plan.three_public_budget.values()), sum(plan.three_public.values())
    sections.append(
        (
            "九、财政拨款“三公”经费支出决算情况说明",
            [
                f"{y}年度“三公”经费财政拨款支出全年预算{a(wan(b3))}万元，支出决算{a(wan(a3))}万元"
                + (f"，完成全年预算的{pct(wan(a3), wan(b3))}%。" if b3 else "。")
            ],
        )
    )
    sections.append(
        (
            "十、其他重要事项情况说明",
            [
                f"{y}年度政府采购支出总额{a(wan(sum(plan.procurement.values())))}万元。",
                f"截至{y}年12月31日，本部门（单位）共有车辆{plan.vehicles}辆。",
            ],
        )
    )
    return sections


def department_code(plan: BudgetPlan | FinalPlan) -> str:
    return f"{300 + int(plan.unit.unit_id[:6]) % 97 + len(plan.unit.org_key) * 3}"


def target_table(plan: BudgetPlan, k: int) -> list[str]:
    """项目支出绩效目标表 of project ``k`` (amounts in 元, thousands separators)."""
    p = plan.projects[k]
    region = plan.unit.region
    level = {
        "province": f"{region.name}省级",
        "city": f"{region.name}市级",
        "county": f"{region.short_name}县(区)级",
    }[region.level]
    level = level.replace("省省级", "省级").replace("市市级", "市级")
    code = department_code(plan)
    y = f"{p.yuan:,}"
    local = f"{p.yuan:,}" if p.source == GENERAL else "0"
    own = f"{p.yuan:,}" if p.source != GENERAL else "0"
    return [
        f"{level}预算部门（单位）项目支出绩效目标表",
        "",
        f"({plan.year}年度)",
        "",
        f"项目名称\t{p.name}\t\t\t",
        f"主管部门及代码\t{code}-{plan.unit.name}\t\t实施单位\t{plan.unit.name}",
        "项目属性\t经常性项目（长期开展）\t\t项目期\t1年",
        f"项目资金 (元)\t实施期资金总额:\t{y}\t年度资金总额:\t{y}",
        "\t其中:中央财政资金\t0\t其中:中央财政资金\t0",
        f"\t市县(区)财政资金\t{local}\t市县(区)财政资金\t{local}",
        f"\t单位自筹\t{own}\t单位自筹\t{own}",
        "\t其他资金\t\t其他资金\t",
        f"项目概况\t围绕{p.name.removesuffix('经费').removesuffix('资金')}开展工作，保障项目按计划实施。\t\t\t",
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
        f"\t产出指标\t数量指标\t完成工作任务数量\t≥{(p.yuan // 10000) % 40 + 2}项",
        "\t\t质量指标\t工作完成合格率\t100%",
        "\t\t时效指标\t任务完成及时性\t及时",
        f"\t\t成本指标\t项目支出成本\t≤{fmt_prose(wan(p.yuan), True)}万元",
        "\t效益指标\t社会效益\t服务对象覆盖面\t≥80%",
        "\t满意度指标\t服务对象满意度\t服务对象满意度\t≥90%",
    ]


def self_evaluation_table(plan: FinalPlan, k: int) -> list[str]:
    """项目支出绩效自评表 of project ``k`` (万元): 年初预算数, 全年预算数, 全年执行数, 执行率."""
    p = plan.projects[k]
    budget = plan.budget.projects[k]
    b, done = wan(budget.yuan), wan(p.yuan)
    rate = r2(done / b * 100)
    score = r2(min(Decimal(10), done / b * 10))
    code = department_code(plan)
    return [
        f"{p.name}项目支出绩效自评表",
        "",
        f"({plan.year}年度)",
        "",
        f"项目名称\t\t{p.name}\t\t\t\t\t\t",
        f"主管部门及代码\t\t{code}-{plan.unit.name}\t\t\t预算单位\t{code}001-{plan.unit.name}\t\t",
        "项目资金预算安排及执行进度(万元)\t年初预算数\t\t全年预算数\t全年执行数\t资金结(转)余\t执行率\t得分\t偏差原因",
        "\t目标申报数\t预算编制数\t\t\t\t\t\t",
        f"\t资金总额\t{b}\t{b}\t{b}\t{done}\t{b - done}\t{rate}\t{score}\t",
        "一级指标\t二级指标\t三级指标\t年初指标值\t调整后指标值\t实际完成值\t定性指标情况说明\t分值\t得分\t偏差原因分析及改进措施",
        "绩效指标\t产出指标\t数量指标\t完成工作任务数量\t≥项\t≥10项\t≥10项\t\t20\t20\t",
        "\t效益指标\t社会效益\t服务对象覆盖面\t≥%\t≥80%\t≥80%\t\t20\t18\t",
        "\t满意度指标\t服务对象满意度\t服务对象满意度\t≥%\t≥90%\t≥90%\t\t10\t10\t",
        f"总分\t\t\t\t\t\t\t\t{r2(Decimal(48) + Decimal(score) * 5)}\t良",
    ]
