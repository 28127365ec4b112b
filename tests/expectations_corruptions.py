"""Corrupted copies of the samples for tests/test_expectations.py: each copy changes one figure
(or one figure and the ones that must move with it to keep every other identity intact) and
names the checks that must then fail, with the location and values of the main finding.

An edit is (line, old, new): ``old`` must occur exactly once on that line of the sample, so
line numbers stay those of the sample. A ``sql`` corruption is applied to the raw schema after
ingest (for damage the text reader cannot produce: a missing field, a duplicated cell).
"""

from __future__ import annotations

from dataclasses import dataclass

SHANGDANG = "changzhi-shangdang-kexie_2025_budget.txt"
CHENGQU = "jincheng-chengqu-kexie_2026_budget.txt"
KEPU_FINAL = "shanxi-kepu-fuwu-zhongxin_2024_final.txt"
KEPU_2026 = "shanxi-kepu-fuwu-zhongxin_2026_budget.txt"
XUEHUI = "shanxi-xuehui-xueshu-fuwu-zhongxin_2025_budget.txt"


@dataclass(frozen=True)
class Finding:
    """The main finding a corruption must produce (None fields are not compared)."""

    rule_id: str
    table_kind: str | None
    row: str | None              # row_code, or row_label when the row has no code
    column: str | None
    expected: str | None
    actual: str | None
    line: int | None


@dataclass(frozen=True)
class Corruption:
    name: str
    sample: str
    edits: tuple[tuple[int, str, str], ...] = ()
    sql: str | None = None       # run on raw with ? bound to the copy's document_id
    fails: frozenset[str] = frozenset()   # every rule that must fail for this document
    finding: Finding | None = None


C = Corruption
F = Finding

CORRUPTIONS: tuple[Corruption, ...] = (
    # --- within-table identities ----------------------------------------------------------
    # the prose (389) and the overall target table (468) still say 176.26
    C("income_source", SHANGDANG, ((78, "176.26", "176.36"),),
      fails=frozenset({"summary_income_total", "prose_stated_totals", "prose_overall_targets"}),
      finding=F("summary_income_total", "budget_summary", "本年收入合计", "收入",
                "176.36", "176.26", 109)),
    C("class_current_year", SHANGDANG, ((83, "140.82\t140.82", "140.82\t140.92"),),
      fails=frozenset({"summary_expenditure_total"}),
      finding=F("summary_expenditure_total", "budget_summary", "本年支出合计",
                "支出/当年预算安排", "176.36", "176.26", 109)),
    C("opening_balance", KEPU_FINAL, ((90, "9.79", "9.89"),),
      fails=frozenset({"summary_grand_total"}),
      finding=F("summary_grand_total", "final_summary", "总计", "收入/金额",
                "410.44", "410.33", 92)),
    # 上年结转 gets 1.00 and 收入总计 follows it: the income side adds up, the sides differ
    # the prose (383) and the overall target table (467) still say 收入总计 176.26
    C("unbalanced_totals", SHANGDANG,
      ((110, "上年结转\t\t", "上年结转\t1.00\t"), (111, "收入总计\t176.26", "收入总计\t177.26")),
      fails=frozenset({"summary_balance", "prose_stated_totals", "prose_overall_targets"}),
      finding=F("summary_balance", "budget_summary", "收入总计 = 支出总计", "支出/合计",
                "177.26", "176.26", 111)),
    # the prose (395) and the overall target table (468) still say 基本支出 83.36
    C("basic_total", SHANGDANG, ((152, "83.36", "83.46"),),
      fails=frozenset({"function_row_columns", "function_total_row", "prose_stated_totals",
                       "prose_overall_targets"}),
      finding=F("function_row_columns", "budget_expenditure", "合计", "预算数/合计",
                "176.36", "176.26", 152)),
    C("class_row", SHANGDANG, ((134, "2.50\t2.50", "2.60\t2.60"),),
      fails=frozenset({"function_class_sum", "function_total_row"}),
      finding=F("function_class_sum", "budget_revenue", "210", "本年收入/合计",
                "2.50", "2.60", 134)),
    C("item_row", SHANGDANG, ((139, "2.44\t2.44", "2.54\t2.54"),),
      fails=frozenset({"function_kuan_sum"}),
      finding=F("function_kuan_sum", "budget_revenue", "21011", "本年收入/合计",
                "2.54", "2.44", 137)),
    # 事业收入 and 其他收入 of the 合计 row trade 0.10: the row still adds up, the classes don't
    C("total_row", KEPU_FINAL,
      ((110, "400.48", "400.38"), (110, "0.07", "0.17")),
      fails=frozenset({"function_total_row"}),
      finding=F("function_total_row", "final_revenue", "合计", "事业收入",
                "400.48", "400.38", 110)),
    C("revenue_source", KEPU_FINAL, ((113, "0.07", "0.17"),),
      fails=frozenset({"revenue_row_sources", "function_kuan_sum"}),
      finding=F("revenue_row_sources", "final_revenue", "2060799", "本年收入合计",
                "400.65", "400.55", 113)),
    # the prose (427) still says 1.80
    C("vehicle_running", SHANGDANG, ((335, "1.80\t1.80", "1.90\t1.90"),),
      fails=frozenset({"three_public_vehicle", "prose_stated_totals"}),
      finding=F("three_public_vehicle", "budget_three_public", "公务用车购置及运行费",
                "预算数/合计", "1.90", "1.80", 333)),
    # the prose (427) still says 1.80
    C("three_public_total", SHANGDANG, ((336, "1.80\t1.80", "1.90\t1.90"),),
      fails=frozenset({"three_public_total", "prose_stated_totals"}),
      finding=F("three_public_total", "budget_three_public", "合计", "预算数/合计",
                "1.80", "1.90", 336)),
    # the empty final-account 三公 table gets a row: 决算数 小计 2.00 ≠ 0.50 + 1.00
    C("final_three_public", KEPU_FINAL,
      ((306, "", "5.00\t1.00\t3.00\t1.00\t2.00\t1.00\t4.00\t1.00\t2.00\t0.50\t1.00\t1.00"),),
      fails=frozenset({"three_public_vehicle"}),
      finding=F("three_public_vehicle", "final_three_public", "决算数",
                "决算数/公务用车购置及运行维护费/小计", "1.50", "2.00", 306)),
    # the same table gets a row whose 公务接待费 决算数 1.50 exceeds its 预算数 1.00 (so does 合计)
    C("three_public_over_budget", KEPU_FINAL,
      ((306, "", "1.00\t0.00\t0.00\t0.00\t0.00\t1.00\t1.50\t0.00\t0.00\t0.00\t0.00\t1.50"),),
      fails=frozenset({"three_public_final_within_budget"}),
      finding=F("three_public_final_within_budget", "final_three_public", "公务接待费",
                "公务接待费", "1.00", "1.50", 306)),
    C("economic_item_total", SHANGDANG, ((281, "0.06\t0.06", "0.16\t0.06"),),
      fails=frozenset({"economic_total_split", "economic_group_items"}),
      finding=F("economic_total_split", "budget_basic_by_economic", "奖励金", "预算数/合计",
                "0.06", "0.16", 281)),
    C("economic_item", SHANGDANG, ((281, "0.06\t0.06", "0.16\t0.16"),),
      fails=frozenset({"economic_group_items"}),
      finding=F("economic_group_items", "budget_basic_by_economic", "对个人和家庭的补助",
                "预算数/合计", "19.26", "19.16", 278)),
    # 人员经费 and 公用经费 of the 合计 row trade 0.10: 合计 still splits, the groups don't
    # the prose (421, 423) still says 74.15 and 9.22
    C("economic_total", SHANGDANG, ((259, "74.15\t9.22", "74.25\t9.12"),),
      fails=frozenset({"economic_total_row", "x_admin_operating_vs_public", "prose_stated_totals"}),
      finding=F("economic_total_row", "budget_basic_by_economic", "合计", "预算数/人员经费",
                "74.15", "74.25", 259)),
    # its target table (607) still says 80,000元
    C("project", SHANGDANG, ((363, "8.00\t8.00", "8.10\t8.10"),),
      fails=frozenset({"project_unit_rows", "prose_project_target_funds"}),
      finding=F("project_unit_rows", "budget_projects_current", "长治市上党区科学技术协会",
                "合计", "93.00", "92.90", 358)),
    # --- identities across tables ---------------------------------------------------------
    # the whole project table says 360.10 (unit row and project alike)
    # its target table (396) still says 3,600,000元
    C("project_table", KEPU_2026,
      ((313, "360.00\t\t\t\t\t360.00", "360.10\t\t\t\t\t360.10"),
       (314, "360.00\t\t\t\t\t360.00", "360.10\t\t\t\t\t360.10")),
      fails=frozenset({"project_total_vs_expenditure", "prose_project_target_funds"}),
      finding=F("project_total_vs_expenditure", "budget_expenditure", "合计", "预算数/项目支出",
                "360.10", "360.00", 142)),
    # two classes of table 1 trade 0.10: table 1 adds up, table 3 disagrees twice
    # the prose (399, 410) still says 140.82 and 27.71
    C("summary_classes", SHANGDANG,
      ((83, "140.82\t140.82", "140.92\t140.92"), (85, "27.71\t27.71", "27.61\t27.61")),
      # the prose's class amounts (line 399) are stated under 财政拨款: compared with 表4
      fails=frozenset({"x_summary_class_vs_expenditure"}),
      finding=F("x_summary_class_vs_expenditure", "budget_expenditure", "206", "预算数/合计",
                "140.92", "140.82", 153)),
    C("revenue_total", KEPU_FINAL,
      ((110, "400.55\t\t\t400.48", "400.65\t\t\t400.58"),),
      fails=frozenset({"x_summary_income_vs_revenue", "function_total_row"}),
      finding=F("x_summary_income_vs_revenue", "final_revenue", "合计", "本年收入合计",
                "400.55", "400.65", 110)),
    C("revenue_carryover", SHANGDANG,
      ((121, "176.26\t176.26\t\t\t\t\t", "176.26\t176.26\t\t\t\t\t1.00"),),
      fails=frozenset({"x_revenue_vs_expenditure", "function_total_row"}),
      finding=F("x_revenue_vs_expenditure", "budget_expenditure", "合计", "预算数/合计",
                "177.26", "176.26", 152)),
    C("fiscal_general", SHANGDANG,
      ((213, "176.26\t176.26\t\t", "176.26\t176.36\t\t"),
       (219, "176.26\t176.26\t\t", "176.26\t176.36\t\t")),
      fails=frozenset({"x_fiscal_vs_general", "summary_expenditure_total"}),
      finding=F("x_fiscal_vs_general", "budget_general_expenditure", "合计", "预算数/合计",
                "176.36", "176.26", 229)),
    C("general_basic", SHANGDANG, ((229, "83.36", "83.46"),),
      fails=frozenset({"x_economic_vs_general_basic", "function_row_columns",
                       "function_total_row"}),
      finding=F("x_economic_vs_general_basic", "budget_general_expenditure", "合计",
                "预算数/基本支出", "83.36", "83.46", 229)),
    # the prose (433) still says 11.80
    C("admin_operating", CHENGQU, ((351, "11.80\t11.80", "11.90\t11.90"),),
      fails=frozenset({"x_admin_operating_vs_public", "prose_stated_totals"}),
      finding=F("x_admin_operating_vs_public", "budget_admin_operating", "部门合计",
                "预算数/合计", "11.80", "11.90", 351)),
    # --- structure ------------------------------------------------------------------------
    C("missing_scope", XUEHUI,
      sql="update raw.documents set scope = null where document_id = ?",
      fails=frozenset({"doc_metadata"}),
      finding=F("doc_metadata", None, "scope", "scope", "present", "missing", None)),
    C("duplicate_cell", XUEHUI,
      sql="insert into raw.cells select * from raw.cells where document_id = ? "
          "and cell_role = 'label' and source_line = 72",
      fails=frozenset({"cell_unique"}),
      finding=F("cell_unique", "budget_summary", "六、科学技术支出", None, None, None, 72)),
    # the 基本支出 header of 支出总表 read as a second 项目支出: two columns of one measure, so
    # a row with both amounts breaks the fact's grain; its rows are quarantined, the build goes on
    C("fact_grain_conflict", XUEHUI, ((140, "基本支出", "项目支出"),),
      fails=frozenset({"fact_grain", "project_total_vs_expenditure", "prose_stated_totals"}),
      finding=F("fact_grain", "budget_expenditure", "206", "预算数/项目支出",
                "one row per function code and measure", None, 142)),
    C("implausible_year", XUEHUI,
      sql="update raw.documents set fiscal_year = 1925 where document_id = ?",
      fails=frozenset({"year_plausible", "year_consistent"}),
      finding=F("year_plausible", None, "document year", None, "2000-2099", "1925", 5)),
    # table 11's title no longer matches the catalogue: the table is not found
    C("missing_table", SHANGDANG, ((338, "机关运行经费预算表", "运行费用表"),),
      fails=frozenset({"doc_tables_complete"}),
      finding=F("doc_tables_complete", None, "table 11", None, "present", "missing", 5)),
    # 2060702 printed as 206072: not 3/5/7 digits, no parent 2060, unknown, and 20607 of
    # table 3 loses a child
    C("code_format", SHANGDANG, ((158, "2060702", "206072"),),
      fails=frozenset({"function_code_format", "function_code_parent", "function_code_known",
                       "function_kuan_sum"}),
      finding=F("function_code_format", "budget_expenditure", "206072", None,
                "3, 5 or 7 digits", "206072", 158)),
    # the 款 20607 printed as 20608 in table 3: its 项 rows have no parent, 20608 is unknown
    C("code_parent", SHANGDANG, ((157, "20607", "20608"),),
      fails=frozenset({"function_code_parent", "function_code_known"}),
      finding=F("function_code_parent", "budget_expenditure", "2060702", None,
                "parent 20607 printed in the table", "no row 20607", 158)),
    C("table_year", SHANGDANG, ((144, "2025年预算支出总表", "2024年预算支出总表"),),
      fails=frozenset({"year_consistent"}),
      finding=F("year_consistent", "budget_expenditure", "table title year", None,
                "2025", "2024", 144)),
    C("unknown_code", SHANGDANG, ((128, "2060799", "2060798"),),
      fails=frozenset({"function_code_known"}),
      finding=F("function_code_known", "budget_revenue", "2060798", None,
                None, "2060798 unknown", 128)),
    C("code_name", SHANGDANG, ((158, "科普活动", "科普活动经费"),),
      fails=frozenset({"function_code_name"}),
      finding=F("function_code_name", "budget_expenditure", "2060702", None,
                "科普活动", "科普活动经费", 158)),
    # --- prose against tables ---------------------------------------------------------------
    C("stated_class", SHANGDANG, ((399, "140.82", "140.92"),),
      fails=frozenset({"prose_stated_totals"}),
      finding=F("prose_stated_totals", "budget_fiscal_summary",
                "expenditure_by_function:科学技术支出", "科学技术支出 / 支出/金额/小计",
                "140.82", "140.92", 399)),
    C("stated_share", SHANGDANG, ((410, "79.89", "79.99"),),
      fails=frozenset({"prose_stated_percentages"}),
      finding=F("prose_stated_percentages", "budget_summary", "expenditure_by_function", "%",
                "79.89", "79.99", 410)),
    # a target table's annual funds: also the Σ the prose states for the published targets
    C("target_funds", KEPU_2026, ((399, "年度资金总额:\t3,600,000", "年度资金总额:\t3,610,000"),),
      fails=frozenset({"prose_project_target_funds", "prose_stated_totals"}),
      finding=F("prose_project_target_funds", "project_targets", "科普服务类项目",
                "年度资金总额 (元 → 万元)", "360.00", "361.00", 396)),
    C("overall_target", SHANGDANG, ((468, "其中:基本支出\t83.36", "其中:基本支出\t83.46"),),
      fails=frozenset({"prose_overall_targets"}),
      finding=F("prose_overall_targets", "overall_targets", "budget_basic_expenditure",
                "合计 / 预算数/基本支出", "83.36", "83.46", 468)),
    C("negative_amount", CHENGQU, ((352, "11.80\t11.80", "-11.80\t11.80"),),
      fails=frozenset({"amount_non_negative"}),
      finding=F("amount_non_negative", "budget_admin_operating", "晋城市城区科学技术协会",
                "预算数/合计", ">= 0", "-11.80", 352)),
)
