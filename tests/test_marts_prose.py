"""The prose and performance parts of the star schema (stated figures, project targets, overall
targets, target indicators, self-evaluations) and the prose-vs-table pairings, built by dbt from
the five bundled samples and queried through DuckDB.

One ingest and one ``dbt build`` for the module, into a fresh DuckDB file under pytest's
temporary directory, with a private dbt target and log directory. Every value asserted here was
checked by hand against the sample text (file line numbers in the comments).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CHENGQU_2026, KEPU_2024, KEPU_2026, SHANGDANG_2025

NEW_FACTS = [
    "fact_stated_figure",
    "fact_project_target",
    "fact_overall_target",
    "fact_target_indicator",
    "fact_project_performance",
    "fact_self_evaluation_indicator",
]


@pytest.fixture(scope="module")
def built_db(built_samples: Path) -> Path:
    """The session's warehouse built from the five samples (tests/conftest.py)."""
    return built_samples


@pytest.fixture()
def con(built_db: Path):
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


def rows(con, sql: str, *params) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def one(con, sql: str, *params):
    found = rows(con, sql, *params)
    assert len(found) == 1, (sql, found)
    return found[0][0] if len(found[0]) == 1 else found[0]


def doc(con, file_name: str) -> str:
    return one(con, "select document_id from marts.dim_document where file_name = ?", file_name)


# --- every new fact -----------------------------------------------------------------------


def test_every_new_fact_has_rows_keys_and_lineage(con) -> None:
    for fact in NEW_FACTS:
        assert one(con, f"select count(*) from marts.{fact}") > 0, fact
        orphans = one(con, f"""
            select count(*) from marts.{fact} f
            left join marts.dim_document d using (document_id)
            left join marts.dim_unit u on u.unit_key = f.unit_key
            left join marts.dim_year y on y.fiscal_year = f.fiscal_year
            where d.document_id is null or u.unit_key is null or y.fiscal_year is null
               or f.source_line is null""")
        assert orphans == 0, fact


def test_stated_figures_are_all_in_the_fact(con) -> None:
    assert one(con, "select count(*) from marts.fact_stated_figure") == one(
        con, "select count(*) from raw.stated_figures")


def test_kepu_2026_stated_revenue_total(con) -> None:
    # line 333: "2026年度山西省科普服务中心预算收入总计793.27万元，其中：本年收入793.27万元…"
    row = one(con, """
        select (value, unit, value_wan, phase, fiscal_year, source_line, section, sentence)
        from marts.fact_stated_figure
        where document_id = ? and subject_key = 'revenue_total' and measure = 'value'""",
              doc(con, KEPU_2026))
    value, unit, value_wan, phase, year, line, section, sentence = row
    assert (value, unit, value_wan, phase, year, line) == (
        Decimal("793.27"), "万元", Decimal("793.27"), "budget", 2026, 333)
    assert section.endswith("一、单位预算收支数据变动情况及原因")
    assert sentence.startswith("2026年度山西省科普服务中心预算收入总计793.27万元")
    # the change stated in the same sentence, with its direction
    assert one(con, """
        select (value, direction, signed_change, basis) from marts.fact_stated_figure
        where document_id = ? and subject_key = 'revenue_total' and measure = 'change'""",
               doc(con, KEPU_2026)) == (Decimal("195.71"), "increase", Decimal("195.71"), "上年")


# --- project targets --------------------------------------------------------------------------


CHENGQU_PROJECTS = [
    # project_index, name, 元, 万元, target line, 表12 printed 万元, 表12 line
    (0, "流动科技馆山西巡展活动、校园科普展览馆建设、各地特色科普活动",
     Decimal("110000"), Decimal("11"), 457, Decimal("11.00"), 365),
    (1, "科学普及推广实施经费", Decimal("70000"), Decimal("7"), 837, Decimal("7.00"), 367),
    (2, "遗属生活补助经费", Decimal("11504"), Decimal("1.1504"), 874, Decimal("1.15"), 366),
]


def test_chengqu_2026_project_targets_in_yuan_and_wan_linked_to_table_12(con) -> None:
    found = rows(con, """
        select t.project_index, t.project_name, t.funds_annual_total_yuan,
               t.funds_annual_total_wan, t.source_line, t.table_amount, t.table_source_line,
               t.match_status, b.source_table_no, b.row_kind
        from marts.fact_project_target t
        left join (select distinct project_row_key, source_table_no, row_kind
                   from marts.fact_project_budget) b using (project_row_key)
        where t.document_id = ? order by t.project_index""", doc(con, CHENGQU_2026))
    assert [r[:7] for r in found] == CHENGQU_PROJECTS
    assert {r[7:] for r in found} == {("matched", 12, "project")}
    # 11504 元 is 1.1504 万元; the sources: all 市县(区)财政资金 but the first (中央财政资金)
    by_source = rows(con, """
        select funds_annual_central_yuan, funds_annual_local_yuan, funds_annual_local_wan
        from marts.fact_project_target where document_id = ? order by project_index""",
                     doc(con, CHENGQU_2026))
    assert by_source == [
        (Decimal("110000"), Decimal("0"), Decimal("0")),
        (Decimal("0"), Decimal("70000"), Decimal("7")),
        (Decimal("0"), Decimal("11504"), Decimal("1.1504")),
    ]


def test_project_target_pairing_keeps_the_exact_and_the_printed_amount(con) -> None:
    found = rows(con, """
        select project_index, target_annual_total_yuan, target_annual_total_wan,
               target_annual_total_wan_rounded, table_amount, difference_wan, is_equal,
               target_source_line, table_source_line
        from intermediate.int_project_target_vs_table
        where document_id = ? order by project_index""", doc(con, CHENGQU_2026))
    assert found == [
        (0, Decimal("110000"), Decimal("11"), Decimal("11.00"), Decimal("11.00"), Decimal("0"),
         True, 457, 365),
        (1, Decimal("70000"), Decimal("7"), Decimal("7.00"), Decimal("7.00"), Decimal("0"),
         True, 837, 367),
        # 表12 prints 遗属生活补助经费 1.15 万元: the rounding of 11504 元 = 1.1504 万元
        (2, Decimal("11504"), Decimal("1.1504"), Decimal("1.15"), Decimal("1.15"),
         Decimal("-0.0004"), True, 874, 366),
    ]


def test_project_target_pairing_keeps_unmatched_sides(con) -> None:
    found = rows(con, """
        select match_status, coalesce(target_project_name, table_project_name),
               coalesce(target_annual_total_wan, table_amount)
        from intermediate.int_project_target_vs_table
        where document_id = ? and match_status <> 'matched' order by 1""",
                 doc(con, SHANGDANG_2025))
    assert found == [
        ("table_only", "长上财教[2025]10号/长财教[2024]170号提前下达2025年中央基层科普行动计划资金",
         Decimal("68")),
        ("target_only", "技术性公共服务项目资金", Decimal("15")),
    ]
    assert one(con, """select count(*) from intermediate.int_project_target_vs_table
                      where match_status = 'matched' and not is_equal""") == 0


# --- overall targets and indicators ------------------------------------------------------


def test_overall_targets_beside_the_expenditure_table(con) -> None:
    found = rows(con, """
        select d.file_name, o.staff_quota, o.budget_direction_total, o.budget_basic_expenditure,
               o.budget_project_expenditure, o.expenditure_table_total,
               o.expenditure_table_project, o.indicator_count
        from marts.fact_overall_target o join marts.dim_document d using (document_id)
        order by 1""")
    assert found == [
        (SHANGDANG_2025, 7, Decimal("176.26"), Decimal("83.36"), Decimal("92.90"),
         Decimal("176.26"), Decimal("92.90"), 17),
        # the overall table of 城区 says 149.91 (项目支出 27.15); its 表3 says 141.91 (19.15)
        (CHENGQU_2026, 7, Decimal("149.91"), Decimal("122.76"), Decimal("27.15"),
         Decimal("141.91"), Decimal("19.15"), 17),
    ]


def test_target_indicators_link_to_their_targets(con) -> None:
    assert one(con, "select count(*) from marts.fact_target_indicator") == one(
        con, "select count(*) from raw.target_indicators")
    unlinked = one(con, """
        select count(*) from marts.fact_target_indicator i
        left join marts.fact_project_target p using (project_target_key)
        left join marts.fact_overall_target o using (overall_target_key)
        where (i.target_kind = 'project' and p.project_target_key is null)
           or (i.target_kind = 'overall' and o.overall_target_key is null)""")
    assert unlinked == 0
    sides = dict(rows(con, """
        select side, count(*) from marts.fact_target_indicator
        where document_id = ? and target_kind = 'project' group by 1""", doc(con, KEPU_2026)))
    assert sides == {"implementation_period": 13, "annual": 13}
    assert one(con, """select (level1, level3, value_operator, value_number, value_unit)
                      from marts.fact_target_indicator where document_id = ?
                        and target_kind = 'overall' and indicator_index = 9""",
               doc(con, SHANGDANG_2025)) == ("产出指标", "项目支出成本", "≤", Decimal("8"), "万元")


# --- self-evaluations ----------------------------------------------------------------------


def test_first_self_evaluation_of_the_2024_final_account(con) -> None:
    # line 475: "资金总额 336.2 336.2 400.545 367.911 32.635 91.85 9.19"; 总分 88.19 良
    row = one(con, """
        select (project_name, fund_row_code, initial_budget_amount, full_year_budget_amount,
                full_year_executed_amount, balance_amount, execution_rate_pct, score,
                total_score, grade, indicator_count, source_line)
        from marts.fact_project_performance
        where document_id = ? and evaluation_index = 0""", doc(con, KEPU_2024))
    assert row == ("山西省公众科学素质提升综合服务及党的创新理论暨党建活动进机关项目", "total",
                   Decimal("336.2"), Decimal("400.545"), Decimal("367.911"), Decimal("32.635"),
                   Decimal("91.85"), Decimal("9.19"), Decimal("88.19"), "良", 24, 475)
    assert one(con, """select (grade, total_score) from marts.fact_project_performance
                      where document_id = ? and evaluation_index = 1""",
               doc(con, KEPU_2024)) == ("差", Decimal("47.06"))


def test_self_evaluation_indicators(con) -> None:
    assert one(con, "select count(*) from marts.fact_self_evaluation_indicator") == 37
    first = one(con, """
        select (level1, level2, adjusted_value, actual_value, target_number, weight, score,
                source_line)
        from marts.fact_self_evaluation_indicator
        where document_id = ? and evaluation_index = 0 and indicator_index = 0""",
                doc(con, KEPU_2024))
    assert first == ("产出指标", "数量指标", "≥100期", "≥100期", Decimal("100"), Decimal("2"),
                     Decimal("2"), 480)
    # the indicator scores sum to the fact's total of the evaluation
    assert one(con, """
        select count(*) from marts.fact_project_performance p
        where p.indicator_score_total <> (
            select sum(i.score) from marts.fact_self_evaluation_indicator i
            where i.project_performance_key = p.project_performance_key)
    """) == 0


# --- prose against tables -------------------------------------------------------------------


def test_kepu_2026_stated_totals_equal_the_tables(con) -> None:
    found = rows(con, """
        select subject_key, measure, stated_value_comparable, stated_source_line, table_kind,
               table_value, table_source_line, table_status, is_equal
        from intermediate.int_stated_vs_table
        where document_id = ? and subject_key in ('revenue_total', 'basic_expenditure')
        order by figure_index""", doc(con, KEPU_2026))
    assert found == [
        # line 333 against 表1 收入总计 (line 101)
        ("revenue_total", "value", Decimal("793.27"), 333, "budget_summary", Decimal("793.27"),
         101, "printed", True),
        # line 343 against 表3's 合计 row, 基本支出 column (line 142)
        ("basic_expenditure", "value", Decimal("433.27"), 343, "budget_expenditure",
         Decimal("433.27"), 142, "printed", True),
        # "占54.62%": 433.27 / 793.27 = 54.618…%
        ("basic_expenditure", "share", Decimal("54.62"), 343, "budget_expenditure",
         Decimal("54.61822582"), 142, "printed", True),
    ]


def test_stated_vs_table_statuses(con) -> None:
    # 本表无数据 counts as zero: the final account's 三公 table is declared empty
    assert one(con, """
        select (table_status, table_value, is_equal) from intermediate.int_stated_vs_table
        where document_id = ? and subject_key = 'three_public_actual' and measure = 'value'""",
               doc(con, KEPU_2024)) == ("declared_empty", Decimal("0"), True)
    # no 整体支出绩效目标申报表 in the 科普 budget: nothing to compare
    assert one(con, """
        select (table_status, table_value, is_equal) from intermediate.int_stated_vs_table
        where document_id = ? and subject_key = 'overall_target_funds'""",
               doc(con, KEPU_2026)) == ("table_missing", None, None)


def test_stated_vs_table_disagreements_are_the_known_ones(con) -> None:
    found = rows(con, """
        select d.file_name, s.subject_key, s.measure, s.stated_value_comparable, s.table_value,
               s.stated_source_line, s.table_source_line
        from intermediate.int_stated_vs_table s join marts.dim_document d using (document_id)
        where not s.is_equal order by 1, s.figure_index""")
    assert [r[:3] for r in found] == [
        # "公开项目绩效目标2个，涉及项目金额92.90万元": the document prints 5 target tables (39.90)
        (SHANGDANG_2025, "published_project_targets", "value"),
        (SHANGDANG_2025, "published_project_targets_amount", "value"),
        (SHANGDANG_2025, "published_project_targets_amount", "share"),
        # "涉及部门预算资金141.91万元…项目支出19.15万元": its overall target table
        # says 149.91 / 27.15
        (CHENGQU_2026, "overall_target_funds", "value"),
        (CHENGQU_2026, "overall_target_project_expenditure", "value"),
    ]
    assert found[3][3:] == (Decimal("141.91"), Decimal("149.91"), 443, 907)


def test_stated_vs_table_pairs_the_table_subjects(con) -> None:
    subjects = {r[0] for r in rows(con, "select distinct subject_key "
                                        "from intermediate.int_stated_vs_table")}
    assert {"revenue_total", "expenditure_total", "basic_expenditure", "project_expenditure",
            "expenditure_by_function", "three_public_total", "official_vehicle_operation",
            "operating_expenses", "personnel_expenses", "public_expenses",
            "self_evaluation_grade_projects", "performance_projects_amount"} <= subjects
    # every pair with a table holds a table line; every share a base
    assert one(con, """select count(*) from intermediate.int_stated_vs_table
                      where table_status <> 'table_missing' and table_source_line is null""") == 0
    assert one(con, """select count(*) from intermediate.int_stated_vs_table
                      where measure = 'share' and share_base_amount is null""") == 0
    # 上党区: 机关运行经费 9.22 stated (line 435) = 表11 部门合计 (line 346)
    assert one(con, """
        select (stated_value_comparable, table_value, table_source_line, is_equal)
        from intermediate.int_stated_vs_table
        where document_id = ? and subject_key = 'operating_expenses'""",
               doc(con, SHANGDANG_2025)) == (Decimal("9.22"), Decimal("9.22"), 346, True)
