"""Performance targets (raw.project_targets, raw.overall_targets, raw.target_indicators) and
self-evaluations (raw.self_evaluations, raw.self_evaluation_indicators), from a real ingest of
the five bundled samples into a fresh DuckDB file."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingest.pipeline import ingest

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
KEPU_2026 = "shanxi-kepu-fuwu-zhongxin_2026_budget.txt"
KEPU_2024 = "shanxi-kepu-fuwu-zhongxin_2024_final.txt"
XUEHUI_2025 = "shanxi-xuehui-xueshu-fuwu-zhongxin_2025_budget.txt"
CHENGQU_2026 = "jincheng-chengqu-kexie_2026_budget.txt"
SHANGDANG_2025 = "changzhi-shangdang-kexie_2025_budget.txt"
ALL = (KEPU_2026, KEPU_2024, XUEHUI_2025, CHENGQU_2026, SHANGDANG_2025)


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("performance") / "warehouse.duckdb"
    report = ingest([SAMPLES], db)
    assert not report.failed, [o.detail for o in report.outcomes]
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def projects(con, file_name: str) -> list[tuple]:
    return con.execute(
        "SELECT p.project_name, p.funds_annual_total, p.pages, p.source_line "
        "FROM raw.project_targets p JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = ? ORDER BY p.project_index", [file_name]).fetchall()


def indicators(con, file_name: str, kind: str, index: int) -> list[tuple]:
    """``(side, level1, level2, level3, value_text, operator, number, unit, line)``."""
    return con.execute(
        "SELECT i.side, i.level1, i.level2, i.level3, i.value_text, i.operator, i.number, "
        "i.unit, i.source_line FROM raw.target_indicators i JOIN raw.documents d "
        "USING (document_id) WHERE d.file_name = ? AND i.target_kind = ? "
        "AND i.target_index = ? ORDER BY i.indicator_index", [file_name, kind, index]).fetchall()


# --- the "Done when" assertions ---------------------------------------------------------------

def test_chengqu_2026_has_three_projects_after_the_page_merge(con) -> None:
    assert projects(con, CHENGQU_2026) == [
        ("流动科技馆山西巡展活动、校园科普展览馆建设、各地特色科普活动", Decimal("110000.00"),
         16, 457),
        ("科学普及推广实施经费", Decimal("70000.00"), 1, 837),
        ("遗属生活补助经费", Decimal("11504.00"), 1, 874),
    ]


def test_chengqu_2026_merged_project_has_no_duplicated_indicators(con) -> None:
    rows = indicators(con, CHENGQU_2026, "project", 0)
    # 41 indicator cells printed over the 16 pages (15 of them with indicators)
    assert len(rows) == 41
    keys = [(r[0], r[1], r[2], r[3], r[4]) for r in rows]
    assert len(set(keys)) == len(keys)
    duplicates = con.execute(
        "SELECT count(*) FROM (SELECT document_id, target_kind, target_index, side, level1, "
        "level2, level3, value_text, count(*) AS n FROM raw.target_indicators "
        "GROUP BY ALL HAVING n > 1)").fetchone()[0]
    assert duplicates == 0
    lines = sorted({r[8] for r in rows})
    assert lines[0] == 474 and lines[-1] == 808
    assert ("annual", None, None, "巡展活动受众人次", "≥3000人次", "≥", Decimal("3000"), "人次",
            475) in rows
    assert ("implementation_period", "产出指标", "成本指标", "转场搬运费", "≤2万元", "≤",
            Decimal("2"), "万元", 664) in rows
    assert ("implementation_period", "产出指标", "时效指标", "巡展完成时间", "10月底前", None, None,
            None, 594) in rows
    # a level-1 label printed again on a later page keeps the level 2 above it
    assert ("implementation_period", "产出指标", "质量指标", "活动开展时间", "全年", None, None,
            None, 571) in rows


def test_chengqu_2026_project_header(con) -> None:
    row = con.execute(
        "SELECT p.department_code, p.department_name, p.implementing_unit, "
        "p.project_attribute, p.project_period, p.funds_period_total, p.funds_period_central, "
        "p.funds_period_provincial, p.funds_period_local, p.funds_period_self_raised, "
        "p.funds_period_other, p.funds_annual_central, p.first_line, p.last_line "
        "FROM raw.project_targets p JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = ? AND p.project_index = 0", [CHENGQU_2026]).fetchone()
    assert row == ("024", "晋城市城区科学技术协会", "晋城市城区科学技术协会",
                   "一次性项目(1年结束)", "1年", Decimal("110000.00"), Decimal("110000.00"),
                   Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), None,
                   Decimal("110000.00"), 453, 831)


def test_chengqu_2026_shifted_rows_of_the_survivors_project(con) -> None:
    rows = indicators(con, CHENGQU_2026, "project", 2)
    assert len(rows) == 16
    assert ("annual", "产出指标", "成本指标", "取暖费发放标准", "3920元/年", None, Decimal("3920"),
            "元/年", 894) in rows
    assert ("implementation_period", "产出指标", "成本指标", "遗属补助发放标准", "632元/月", None,
            Decimal("632"), "元/月", 895) in rows
    # "服务对象满意度 | | 遗属满意度 | 遗属满意度 | ≥90%": the name printed twice is one indicator
    assert [r for r in rows if r[3] == "遗属满意度"] == [
        ("annual", "满意度指标", "服务对象满意度", "遗属满意度", "≥90%", "≥", Decimal("90"), "%",
         898)]


def test_shangdang_2025_has_five_projects(con) -> None:
    assert projects(con, SHANGDANG_2025) == [
        ("“中国流动科技馆”山西巡展上党区站巡展项目资金", Decimal("60000.00"), 1, 511),
        ("2024年社区专题特色科普场馆建设项目资金", Decimal("100000.00"), 1, 543),
        ("技术性公共服务项目资金", Decimal("150000.00"), 1, 575),
        ("科普工作经费", Decimal("80000.00"), 1, 607),
        ("遗属补助人员", Decimal("9000.00"), 1, 639),
    ]
    codes = con.execute(
        "SELECT p.department_code, p.implementing_unit, p.funds_annual_local "
        "FROM raw.project_targets p JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = ? ORDER BY p.project_index", [SHANGDANG_2025]).fetchall()
    assert codes[2] == ("415", "长治市上党区项目推进中心", Decimal("150000.00"))
    assert [len(indicators(con, SHANGDANG_2025, "project", i)) for i in range(5)] == [
        14, 16, 14, 14, 14]


def test_shangdang_2025_overall_table(con) -> None:
    row = con.execute(
        "SELECT o.department_code, o.department_name, o.internal_departments, o.budget_units, "
        "o.staff_quota, o.staff_in_post, o.staff_on_payroll, o.staff_other, "
        "o.budget_source_total, o.budget_general_budget, o.budget_government_fund, "
        "o.budget_direction_total, o.budget_basic_expenditure, o.budget_project_expenditure, "
        "o.title_line FROM raw.overall_targets o JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = ?", [SHANGDANG_2025]).fetchall()
    assert row == [("307", "长治市上党区科学技术协会", 0, 0, 7, 5, 5, 0, Decimal("176.26"),
                    Decimal("176.26"), Decimal("0.00"), Decimal("176.26"), Decimal("83.36"),
                    Decimal("92.90"), 455)]
    rows = indicators(con, SHANGDANG_2025, "overall", 0)
    assert len(rows) == 17
    assert {r[0] for r in rows} == {"annual"}
    assert ("annual", "满意度指标", "服务对象满意度", "群众满意度", "≥90%", "≥", Decimal("90"), "%",
            504) in rows


def test_kepu_2024_self_evaluations(con) -> None:
    rows = con.execute(
        "SELECT e.project_name, e.department_code, e.budget_unit_code, e.budget_unit_name, "
        "e.funds_unit, e.initial_budget_declared, e.initial_budget_compiled, e.annual_budget, "
        "e.executed, e.balance, e.execution_rate, e.execution_score, e.total_score, e.grade, "
        "e.funds_line FROM raw.self_evaluations e JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = ? ORDER BY e.evaluation_index", [KEPU_2024]).fetchall()
    assert rows == [
        ("山西省公众科学素质提升综合服务及党的创新理论暨党建活动进机关项目", "322", "322702",
         "山西省科普服务中心", "万元", Decimal("336.2"), Decimal("336.2"), Decimal("400.545"),
         Decimal("367.911"), Decimal("32.635"), Decimal("91.85"), Decimal("9.19"),
         Decimal("88.19"), "良", 475),
        ("山西省自然科学研究系列科学传播专业职称评审项目", "322", "322702", "山西省科普服务中心",
         "万元", Decimal("380"), Decimal("380"), Decimal("380"), Decimal("40.332"),
         Decimal("339.668"), Decimal("10.61"), Decimal("1.06"), Decimal("47.06"), "差", 527),
    ]


def test_kepu_2024_self_evaluation_indicators(con) -> None:
    rows = con.execute(
        "SELECT i.evaluation_index, i.level1, i.level2, i.level3, i.initial_value, "
        "i.adjusted_value, i.actual_value, i.target_number, i.actual_number, i.weight, "
        "i.score, i.deviation_reason, i.source_line FROM raw.self_evaluation_indicators i "
        "JOIN raw.documents d USING (document_id) WHERE d.file_name = ? "
        "ORDER BY i.evaluation_index, i.indicator_index", [KEPU_2024]).fetchall()
    assert [sum(r[0] == k for r in rows) for k in (0, 1)] == [24, 13]
    assert (0, "产出指标", "数量指标", "科普视频", "≥部", "≥50部", "≥50部", Decimal("50"),
            Decimal("50"), Decimal("2"), Decimal("2"), None, 488) in rows
    assert (0, "产出指标", "时效指标", "按时完成率", "=%", "=100%", "=100%", Decimal("100"),
            Decimal("100"), Decimal("10"), Decimal("5"), "项目计划不合理", 496) in rows
    assert (1, "产出指标", "质量指标", "成立山西省科学传播专业职称中、初级评审委员会",
            "≥人", "≥356人", "≥200人", Decimal("356"), Decimal("200"), Decimal("5"),
            Decimal("3"), rows[23 + 2][11], 533) in rows
    assert rows[23 + 2][11].startswith("2024年为首次申报")
    # weights of the first evaluation add up to the 90 points of the indicators
    assert sum(r[9] for r in rows if r[0] == 0) == Decimal("90")
    assert sum(r[10] for r in rows if r[0] == 0) + Decimal("9.19") == Decimal("88.19")


# --- breadth ------------------------------------------------------------------------------------

def test_kepu_2026_project(con) -> None:
    assert projects(con, KEPU_2026) == [("科普服务类项目", Decimal("3600000.00"), 1, 396)]
    row = con.execute(
        "SELECT p.department_code, p.project_attribute, p.project_period, "
        "p.funds_period_self_raised, p.funds_annual_self_raised, p.funds_annual_central "
        "FROM raw.project_targets p JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = ?", [KEPU_2026]).fetchone()
    assert row == ("322", "经常性项目（长期开展）", "99年", Decimal("3600000.00"),
                   Decimal("3600000.00"), Decimal("0.00"))
    rows = indicators(con, KEPU_2026, "project", 0)
    assert len(rows) == 26
    sides = [r[0] for r in rows]
    assert sides.count("implementation_period") == sides.count("annual") == 13
    assert rows[0] == ("implementation_period", "产出指标", "数量指标", "山西科普微信平台维护更新",
                       "≥50期", "≥", Decimal("50"), "期", 413)
    # a row printed one cell to the left keeps its levels
    assert ("annual", "产出指标", "时效指标", "按时完成", "100%", None, Decimal("100"), "%",
            421) in rows
    assert ("annual", "效益指标", "社会效益", "持续推动科学普及能力", "提高90%", None, None, None,
            424) in rows
    assert ("annual", "效益指标", "经济效益", "科普受众人数", "≥10万人次", "≥", Decimal("10"),
            "万人次", 423) in rows


def test_xuehui_2025_project(con) -> None:
    assert projects(con, XUEHUI_2025) == [
        ("院士工作站管理、学会服务及学术交流项目", Decimal("2800000.00"), 1, 412)]
    rows = indicators(con, XUEHUI_2025, "project", 0)
    assert len(rows) == 92
    # the 年度 side left its level cells blank: it takes the 实施期 side's levels
    assert ("annual", "产出指标", "质量指标", "开展活动主题符合度", "切合主题", None, None, None,
            453) in rows
    assert ("implementation_period", "产出指标", "数量指标", "高水平学术交流活动的参与人数",
            "≥100人/场", "≥", Decimal("100"), "人/场", 443) in rows
    assert ("annual", "产出指标", "时效指标", "项目完成时间", "2025年12月底前", None, None, None,
            457) in rows


def test_chengqu_2026_overall_table(con) -> None:
    row = con.execute(
        "SELECT o.internal_departments, o.staff_quota, o.staff_in_post, o.staff_on_payroll, "
        "o.budget_source_total, o.budget_basic_expenditure, o.budget_project_expenditure "
        "FROM raw.overall_targets o JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = ?", [CHENGQU_2026]).fetchone()
    assert row == (4, 7, 7, 7, Decimal("149.91"), Decimal("122.76"), Decimal("27.15"))
    rows = indicators(con, CHENGQU_2026, "overall", 0)
    assert len(rows) == 17
    assert ("annual", "产出指标", "成本指标", "基本支出经费", "≤1227600元", "≤", Decimal("1227600"),
            "元", 943) in rows


def test_indicator_lineage(con) -> None:
    """Every indicator's name is printed on its source line."""
    files = {name: (SAMPLES / name).read_text(encoding="utf-8").splitlines() for name in ALL}

    def squash(text: str) -> str:
        return re.sub(r"<[^>]+>|\s", "", text)

    rows = con.execute(
        "SELECT d.file_name, i.source_line, i.level3, i.value_text FROM raw.target_indicators i "
        "JOIN raw.documents d USING (document_id) UNION ALL "
        "SELECT d.file_name, i.source_line, i.level3, i.actual_value "
        "FROM raw.self_evaluation_indicators i JOIN raw.documents d USING (document_id)"
    ).fetchall()
    assert len(rows) == 303 + 37
    for file_name, line, name, value in rows:
        printed = squash(files[file_name][line - 1])
        assert squash(name) in printed, (file_name, line, name)
        if value:
            assert squash(value) in printed, (file_name, line, value)
