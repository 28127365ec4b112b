"""The Great Expectations checks (expectations/, models/checks) on the five samples and on
corrupted copies of them.

Two warehouses, each ingested into a fresh DuckDB file under tmp_path, built with dbt (the
check models and what they depend on) and checked once per module:

* the five samples: every identity is evaluated, the outcome of every check on every sample is
  asserted, every genuine inconsistency the documents contain is listed with its line (all in
  the prose and performance-target parts), and so is every rounding difference (within the
  tolerance of 0.01 per summed term);
* the samples again beside corrupted copies (tests/expectations_corruptions.py): each copy
  changes one figure and exactly the named checks newly fail for it (beyond the sample's own
  findings), with the location and values of the finding.
"""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest

from expectations import results
from expectations.catalogue import load_catalogue
from expectations.runner import run_checks
from ingest.pipeline import ingest
from tests.conftest import SAMPLES
from tests.expectations_corruptions import (
    CHENGQU,
    CORRUPTIONS,
    KEPU_2026,
    KEPU_FINAL,
    SHANGDANG,
    XUEHUI,
    Corruption,
)

RULES = {rule.id: rule for rule in load_catalogue()}
# every check the issue asks for (the catalogue, models/checks/_checks.yml, holds exactly these)
EXPECTED_RULES = {
    # structure and completeness
    "doc_metadata", "doc_tables_complete", "function_code_format", "function_code_parent",
    "function_code_known", "function_code_name", "amount_non_negative", "year_plausible",
    "year_consistent", "cell_unique", "fact_grain",
    # identities within a table
    "summary_income_total", "summary_expenditure_total", "summary_grand_total",
    "summary_balance", "function_row_columns", "function_class_sum", "function_kuan_sum",
    "function_total_row", "revenue_row_sources", "three_public_vehicle", "three_public_total",
    "economic_total_split", "economic_group_items", "economic_total_row", "project_unit_rows",
    "three_public_final_within_budget",
    # identities across tables
    "project_total_vs_expenditure", "x_summary_class_vs_expenditure",
    "x_summary_income_vs_revenue", "x_revenue_vs_expenditure", "x_fiscal_vs_general",
    "x_economic_vs_general_basic", "x_admin_operating_vs_public",
    # prose against tables
    "prose_stated_totals", "prose_stated_percentages", "prose_project_target_funds",
    "prose_overall_targets",
}
PROSE = {rid for rid, rule in RULES.items() if rule.group == "prose"}


def build(db: Path, base: Path, corrupted: bool = False) -> None:
    """The whole dbt build (the check models use dim_function_code of the marts).

    On corrupted copies dbt's own tests fail too (status 1) and skip what depends on them (a
    fact, dim_function_code: the runner then reads the standard codes from the seeds); the
    check views, built on staging alone, are there.
    """
    from budget_warehouse.build import build_warehouse

    status = build_warehouse(db, target_path=base / "target", log_path=base / "logs")
    assert status in ((0, 1) if corrupted else (0,)), "dbt build failed (see the output above)"
    with duckdb.connect(str(db), read_only=True) as con:
        views = con.execute("select count(*) from information_schema.tables "
                            "where table_schema = 'checks'").fetchone()[0]
    assert views >= len({rule.model for rule in RULES.values()})


def check(db: Path, base: Path) -> tuple[int, str]:
    out = io.StringIO()
    status = run_checks(db, base / "data_docs", out=out)
    return status, out.getvalue()


def corrupted_copy(corruption: Corruption, folder: Path) -> Path:
    """Write the sample with the corruption's edits; line numbers are kept."""
    lines = (SAMPLES / corruption.sample).read_text(encoding="utf-8").split("\n")
    for line_no, old, new in corruption.edits:
        text = lines[line_no - 1]
        if old == "":
            assert text.strip() == "", (corruption.name, line_no, text)
            lines[line_no - 1] = new
        else:
            assert text.count(old) == 1, (corruption.name, line_no, old, text)
            lines[line_no - 1] = text.replace(old, new)
    path = folder / f"{corruption.name}__{corruption.sample}"
    # copies corrupted only in the raw schema must still differ in content (document_id is
    # the hash of the bytes): they end in as many extra newlines as their name has letters
    tail = "" if corruption.edits else "\n" * len(corruption.name)
    path.write_text("\n".join(lines) + tail, encoding="utf-8")
    return path


def prepare_corrupted(base: Path, corruptions=CORRUPTIONS) -> Path:
    """Ingest every corrupted copy into one warehouse."""
    folder = base / "corrupted"
    folder.mkdir()
    paths = [corrupted_copy(c, folder) for c in corruptions]
    db = base / "warehouse.duckdb"
    report = ingest([SAMPLES, *paths], db)          # the samples too: their own findings
    assert not report.failed, [o.detail for o in report.outcomes if o.detail]
    return db


def corrupt_raw(db: Path, corruptions=CORRUPTIONS) -> None:
    """Apply the raw-level corruptions. After the build: the checks that see them (documents'
    fields, the cells' key) are views over the staging views, so they see the damage (which
    dbt's own tests would stop the build for)."""
    con = duckdb.connect(str(db))
    try:
        for c in corruptions:
            if c.sql:
                doc = con.execute("select document_id from raw.documents where file_name = ?",
                                  [f"{c.name}__{c.sample}"]).fetchone()[0]
                con.execute(c.sql, [doc])
    finally:
        con.close()


def latest(con, sql: str, *params):
    run = con.execute("select run_id from quality.check_runs order by started_at desc "
                      "limit 1").fetchone()[0]
    return con.execute(sql.replace("{run}", f"'{run}'"), list(params)).fetchall()


def test_catalogue_seeds_are_generated_from_the_catalogue() -> None:
    """The models read the catalogue's tables and total labels from seeds generated from
    ingest/catalogue.yaml (regenerate them with `python -m ingest.catalogue_seeds`)."""
    from ingest.catalogue_seeds import SEED_DIR, main, render

    seeds = render()
    for path, text in seeds.items():
        assert path.read_text(encoding="utf-8") == text, path
    assert main(["--check"]) == 0
    counts: dict[str, int] = {}
    for line in seeds[SEED_DIR / "ref_template_table.csv"].splitlines()[1:]:
        template = line.split(",")[0]
        counts[template] = counts.get(template, 0) + 1
    assert counts == {"shanxi_budget": 13, "shanxi_final": 10, "shanghai_final": 9,
                      "jiangsu_budget": 12, "shanghai_budget": 9}
    assert seeds[SEED_DIR / "ref_total_label.csv"].splitlines() == ["label", "合计", "总计",
                                                                    "部门合计"]


# --- the five samples ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def samples(built_samples: Path, tmp_path_factory: pytest.TempPathFactory):
    """The session's built sample warehouse (tests/conftest.py), checked once."""
    base = tmp_path_factory.mktemp("expectations_samples")
    status, output = check(built_samples, base)
    return built_samples, base, status, output


# The genuine inconsistencies of the samples, each confirmed by hand in the sample text:
# (rule, file, table kind, row, column, expected, actual, line)
GENUINE = {
    # changzhi:451 "公开项目绩效目标2个，涉及项目金额92.90万元": five target tables are printed
    # (511, 543, 575, 607, 639), whose 年度资金总额 add up to 60,000 + 100,000 + 150,000 +
    # 80,000 + 9,000 元 = 39.90万元
    ("prose_stated_totals", SHANGDANG, "project_targets", "published_project_targets",
     "项目支出绩效目标表 / tables", "5.00", "2.00", 451),
    ("prose_stated_totals", SHANGDANG, "project_targets", "published_project_targets_amount",
     "项目支出绩效目标表 / Σ 年度资金总额 (万元)", "39.90", "92.90", 451),
    # changzhi:575 a target table for "技术性公共服务项目资金" (150,000元, 实施单位 长治市上党区
    # 项目推进中心, line 576): no such project in the project table (lines 358-364)
    ("prose_project_target_funds", SHANGDANG, "project_targets", "技术性公共服务项目资金",
     "年度资金总额 (元 → 万元)", "0.00", "15.00", 575),
    # jincheng:919-921 the 整体支出绩效目标表 says 年度预算 149.91 (一般公共预算 149.91, 项目支出
    # 27.15); the budget is 141.91 (收支总表 108/141, 支出总表 177) with 项目支出 19.15
    ("prose_overall_targets", CHENGQU, "overall_targets", "budget_source_total",
     "收入总计 / 收入", "141.91", "149.91", 919),
    ("prose_overall_targets", CHENGQU, "overall_targets", "budget_general_budget",
     "一般公共预算 / 收入", "141.91", "149.91", 920),
    ("prose_overall_targets", CHENGQU, "overall_targets", "budget_direction_total",
     "合计 / 预算数/合计", "141.91", "149.91", 919),
    ("prose_overall_targets", CHENGQU, "overall_targets", "budget_project_expenditure",
     "合计 / 预算数/项目支出", "19.15", "27.15", 921),
}
BASELINE_FAILS = {SHANGDANG: {"prose_stated_totals", "prose_project_target_funds"},
                  CHENGQU: {"prose_overall_targets"}}


def test_samples_every_identity_is_evaluated(samples) -> None:
    db, _, status, output = samples
    assert status == 1, output                     # the genuine errors below
    with duckdb.connect(str(db), read_only=True) as con:
        rows = latest(con, "select rule_id, status from quality.check_results "
                           "where run_id = {run}")
    statuses: dict[str, set[str]] = {}
    for rule_id, st in rows:
        statuses.setdefault(rule_id, set()).add(st)
    assert set(RULES) == EXPECTED_RULES
    assert set(statuses) == EXPECTED_RULES
    for rule_id in EXPECTED_RULES:                  # evaluated on a sample, never skipped
        if rule_id not in EVALUATED_ON_COPIES:
            assert statuses[rule_id] & {"passed", "failed"}, (rule_id, statuses[rule_id])
        assert "skipped" not in statuses[rule_id], rule_id


# Rules no sample can exercise, evaluated on the corrupted copies and the PDFs instead: the
# sample final account's 三公 table is empty (test_corrupted_final_account_three_public_both_sides,
# test_corruption_fails_exactly_its_checks[three_public_over_budget]).
EVALUATED_ON_COPIES = {"three_public_final_within_budget"}


# Per sample, the checks with nothing to compare (empty or 本表无数据 tables, no overall target
# table, or a rule for budgets on a final account; 三公 决算数 against 预算数 is for final
# accounts, and the sample's 三公 table is empty).
NOT_APPLICABLE = {
    SHANGDANG: set(EVALUATED_ON_COPIES),
    CHENGQU: {"three_public_total", "three_public_vehicle", *EVALUATED_ON_COPIES},  # 本表无数据
    KEPU_FINAL: {*EVALUATED_ON_COPIES,
                 "economic_group_items", "economic_total_row", "economic_total_split",
                 "project_total_vs_expenditure", "project_unit_rows", "three_public_total",
                 "three_public_vehicle", "x_admin_operating_vs_public",
                 "x_economic_vs_general_basic", "x_fiscal_vs_general",
                 "x_revenue_vs_expenditure", "prose_project_target_funds",
                 "prose_overall_targets"},
    KEPU_2026: {*EVALUATED_ON_COPIES,
                "economic_group_items", "economic_total_row", "economic_total_split",
                "three_public_total", "three_public_vehicle", "x_admin_operating_vs_public",
                "x_economic_vs_general_basic", "x_fiscal_vs_general", "prose_overall_targets"},
    XUEHUI: {*EVALUATED_ON_COPIES,
             "economic_group_items", "economic_total_row", "economic_total_split",
             "three_public_total", "three_public_vehicle", "x_admin_operating_vs_public",
             "x_economic_vs_general_basic", "x_fiscal_vs_general", "prose_overall_targets"},
}


def test_samples_outcome_per_sample(samples) -> None:
    db, _, _, _ = samples
    with duckdb.connect(str(db), read_only=True) as con:
        rows = latest(con, "select file_name, rule_id, status from quality.check_results "
                           "where run_id = {run}")
        findings = latest(con, """
            select rule_id, file_name, table_kind, coalesce(row_code, row_label), column_name,
                expected, actual, source_line, severity, detail
            from quality.check_findings where run_id = {run}""")
    got: dict[str, dict[str, str]] = {}
    for file_name, rule_id, st in rows:
        got.setdefault(file_name, {})[rule_id] = st
    assert set(got) == set(NOT_APPLICABLE)
    for file_name, na in NOT_APPLICABLE.items():
        failing = BASELINE_FAILS.get(file_name, set())
        want = {rid: ("not_applicable" if rid in na else "failed" if rid in failing
                      else "passed") for rid in RULES}
        assert got[file_name] == want, file_name
    assert {f[:8] for f in findings} == GENUINE
    assert len(findings) == len(GENUINE)
    assert {f[8] for f in findings} == {"error"}
    assert all(f[9] for f in findings)             # every finding explains itself


# Every difference the real documents print, each checked by hand in the sample text: all are
# rounding (本套报表因取数时四舍五入，部分金额可能存在尾差) and within the tolerance of 0.01 per
# summed term, so they pass. (rule, file, table kind, row, column, Σ parts, printed, line)
ROUNDING = {
    # jincheng:283 商品和服务支出 11.80; items 284-286: 5.56 + 1.18 + 5.07 = 11.81
    ("economic_group_items", CHENGQU, "budget_basic_by_economic", "商品和服务支出",
     "预算数/公用经费", "11.81", "11.80", 283),
    ("economic_group_items", CHENGQU, "budget_basic_by_economic", "商品和服务支出",
     "预算数/合计", "11.81", "11.80", 283),
    # changzhi:259 合计 83.36; 人员经费 74.15 + 公用经费 9.22 = 83.37; groups at 260/269/278:
    # 54.99 + 9.22 + 19.16 = 83.37
    ("economic_total_row", SHANGDANG, "budget_basic_by_economic", "合计", "预算数/合计",
     "83.37", "83.36", 259),
    ("economic_total_split", SHANGDANG, "budget_basic_by_economic", "合计", "预算数/合计",
     "83.37", "83.36", 259),
    # changzhi 20805 行政事业单位养老支出 27.71 (tables 2, 3, 5 at 130, 161, 238); its 项 at
    # 131-133 / 162-164 / 239-241: 19.10 + 5.75 + 2.87 = 27.72
    ("function_kuan_sum", SHANGDANG, "budget_revenue", "20805", "本年收入/一般公共预算",
     "27.72", "27.71", 130),
    ("function_kuan_sum", SHANGDANG, "budget_revenue", "20805", "本年收入/合计",
     "27.72", "27.71", 130),
    ("function_kuan_sum", SHANGDANG, "budget_expenditure", "20805", "预算数/合计",
     "27.72", "27.71", 161),
    ("function_kuan_sum", SHANGDANG, "budget_expenditure", "20805", "预算数/基本支出",
     "27.72", "27.71", 161),
    ("function_kuan_sum", SHANGDANG, "budget_general_expenditure", "20805", "预算数/合计",
     "27.72", "27.71", 238),
    ("function_kuan_sum", SHANGDANG, "budget_general_expenditure", "20805", "预算数/基本支出",
     "27.72", "27.71", 238),
    # kepu 2026 21011 行政事业单位医疗 24.26 (tables 2, 3 at 126, 155); 2101102 19.60 +
    # 2101103 4.67 = 24.27 (127-128, 156-157): the example of DOMAIN.md
    ("function_kuan_sum", KEPU_2026, "budget_revenue", "21011", "本年收入/单位资金",
     "24.27", "24.26", 126),
    ("function_kuan_sum", KEPU_2026, "budget_revenue", "21011", "本年收入/合计",
     "24.27", "24.26", 126),
    ("function_kuan_sum", KEPU_2026, "budget_expenditure", "21011", "预算数/合计",
     "24.27", "24.26", 155),
    ("function_kuan_sum", KEPU_2026, "budget_expenditure", "21011", "预算数/基本支出",
     "24.27", "24.26", 155),
    # jincheng 合计 141.91 (tables 2, 3, 5 at 153, 177, 248); 类 100.33 + 27.05 + 5.84 + 8.70
    # = 141.92; 基本支出 122.76 vs 81.18 + 27.05 + 5.84 + 8.70 = 122.77
    ("function_total_row", CHENGQU, "budget_revenue", "合计", "本年收入/一般公共预算",
     "141.92", "141.91", 153),
    ("function_total_row", CHENGQU, "budget_revenue", "合计", "本年收入/合计",
     "141.92", "141.91", 153),
    ("function_total_row", CHENGQU, "budget_expenditure", "合计", "预算数/合计",
     "141.92", "141.91", 177),
    ("function_total_row", CHENGQU, "budget_expenditure", "合计", "预算数/基本支出",
     "122.77", "122.76", 177),
    ("function_total_row", CHENGQU, "budget_general_expenditure", "合计", "预算数/合计",
     "141.92", "141.91", 248),
    ("function_total_row", CHENGQU, "budget_general_expenditure", "合计", "预算数/基本支出",
     "122.77", "122.76", 248),
    # xuehui 合计 829.99 (tables 2, 3 at 112, 141); 类 673.58 + 87.37 + 29.14 + 39.91 = 830.00;
    # 基本支出 549.99 vs 393.58 + 87.37 + 29.14 + 39.91 = 550.00
    ("function_total_row", XUEHUI, "budget_revenue", "合计", "本年收入/单位资金",
     "830.00", "829.99", 112),
    ("function_total_row", XUEHUI, "budget_revenue", "合计", "本年收入/合计",
     "830.00", "829.99", 112),
    ("function_total_row", XUEHUI, "budget_expenditure", "合计", "预算数/合计",
     "830.00", "829.99", 141),
    ("function_total_row", XUEHUI, "budget_expenditure", "合计", "预算数/基本支出",
     "550.00", "549.99", 141),
    # the same classes in table 1 (jincheng:139, 113-127; xuehui:98, 72-86) and table 4
    # (jincheng:232, 207-221)
    ("summary_expenditure_total", CHENGQU, "budget_summary", "本年支出合计", "支出/合计",
     "141.92", "141.91", 139),
    ("summary_expenditure_total", CHENGQU, "budget_summary", "本年支出合计", "支出/当年预算安排",
     "141.92", "141.91", 139),
    ("summary_expenditure_total", CHENGQU, "budget_fiscal_summary", "本年支出合计",
     "支出/金额/一般公共预算", "141.92", "141.91", 232),
    ("summary_expenditure_total", CHENGQU, "budget_fiscal_summary", "本年支出合计",
     "支出/金额/小计", "141.92", "141.91", 232),
    ("summary_expenditure_total", XUEHUI, "budget_summary", "本年支出合计", "支出/合计",
     "830.00", "829.99", 98),
    ("summary_expenditure_total", XUEHUI, "budget_summary", "本年支出合计", "支出/当年预算安排",
     "830.00", "829.99", 98),
    # kepu final:92 总计 410.33; 本年收入合计 400.55 (88) + 年初结转和结余 9.79 (90) = 410.34
    ("summary_grand_total", KEPU_FINAL, "final_summary", "总计", "收入/金额",
     "410.34", "410.33", 92),
}


def test_samples_rounding_differences(samples) -> None:
    db, _, _, _ = samples
    got = set()
    with duckdb.connect(str(db), read_only=True) as con:
        models = [r[0] for r in con.execute(
            "select table_name from information_schema.columns where table_schema = 'checks' "
            "and column_name = 'excess'").fetchall()]
        for model in models:
            for row in con.execute(
                    f"select rule_id, file_name, table_kind, coalesce(row_code, row_label), "
                    f"column_name, cast(expected as varchar), cast(actual as varchar), "
                    f"source_line, excess from checks.{model} "
                    f"where difference <> 0 and excess <= 0").fetchall():
                got.add(row[:-1])
    assert got == ROUNDING


def test_results_history_and_data_docs(samples) -> None:
    db, base, _, output = samples
    status, second = check(db, base)                  # a second run: history is kept
    assert status == 1
    index = base / "data_docs" / "index.html"
    assert index.exists() and f"Data Docs: {index}" in second
    assert f"worst documents:\n  {CHENGQU}: 4 error, 0 warning findings" in second
    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute("select run_id, exit_status, rule_count, document_count "
                           "from quality.check_runs order by started_at").fetchall()
        assert len(runs) == 2 and {r[1:] for r in runs} == {(1, len(RULES), 5)}
        per_run = con.execute("select run_id, count(*), count(distinct (rule_id, document_id)) "
                              "from quality.check_results group by run_id").fetchall()
        assert sorted(n for _, n, _ in per_run) == [len(RULES) * 5] * 2
        assert all(n == d for _, n, d in per_run)
        fingerprints = con.execute(
            "select run_id, list(fingerprint order by fingerprint) from quality.check_findings "
            "group by run_id").fetchall()
        assert len(fingerprints) == 2 and fingerprints[0][1] == fingerprints[1][1]
        completeness = latest(con, "select file_name, required_tables, present_tables, "
                                   "completeness from quality.document_completeness "
                                   "where run_id = {run} order by file_name")
    # the template's tables and the narrative (情况说明)
    assert completeness == sorted(
        (name, 11 if name == KEPU_FINAL else 14, 11 if name == KEPU_FINAL else 14, 1.0)
        for name in NOT_APPLICABLE)
    for line in ("checks", "passed", f"failed: 3 error, 0 warning ({len(GENUINE)} findings)"):
        assert line in output


def test_latest_checks_is_taken_from_the_history_once(samples, tmp_path: Path) -> None:
    """A warehouse checked before quality.latest_checks existed gets it from the history; one
    that has it keeps it as written (the history is not read again)."""
    db, _, _, _ = samples
    copy = tmp_path / "warehouse.duckdb"
    copy.write_bytes(db.read_bytes())
    current = "select * from quality.current_results order by all"
    with duckdb.connect(str(copy)) as con:
        expected = con.execute(current).fetchall()
        assert expected
        con.execute("delete from quality.latest_checks")          # an older warehouse
        assert con.execute(current).fetchall() == []
        results.ensure_schema(con)
        assert con.execute(current).fetchall() == expected
        con.execute("delete from quality.latest_checks where document_id = "
                    "(select min(document_id) from quality.latest_checks)")
        results.ensure_schema(con)                                # not empty: left alone
        assert con.execute("select count(*) from quality.latest_checks").fetchone()[0] == 4


def test_every_check_model_names_its_rule_and_document(samples) -> None:
    """Each row of a check model feeds one of the rules its catalogue entry names (or, for a
    model several rules read, the model's own id) and names its document."""
    db = samples[0]
    rules_of: dict[str, set[str]] = {}
    for rule in RULES.values():
        rules_of.setdefault(rule.model, set()).add(rule.id)
    with duckdb.connect(str(db), read_only=True) as con:
        for model, ids in rules_of.items():
            rows = con.execute(f"select distinct rule_id, document_id is null "
                               f"from checks.{model}").fetchall()
            assert rows or ids <= EVALUATED_ON_COPIES, model    # compared on some sample
            assert {rid for rid, _ in rows} <= ids | {model.removeprefix("chk_")}, model
            assert not any(missing for _, missing in rows), model


def test_warning_only_does_not_fail_the_check(samples, tmp_path: Path) -> None:
    """function_code_name is a warning: reported and stored, exit status 0."""
    db, _, _, _ = samples
    copy = tmp_path / "warehouse.duckdb"
    copy.write_bytes(db.read_bytes())
    with duckdb.connect(str(copy)) as con:
        # keep only jincheng, without its overall target table (a genuine error)
        doc = con.execute("select document_id from raw.documents where file_name = ?",
                          [CHENGQU]).fetchone()[0]
        for (table,) in con.execute(
                "select table_name from information_schema.columns where table_schema = 'raw' "
                "and column_name = 'document_id'").fetchall():
            con.execute(f"delete from raw.{table} where document_id <> ?", [doc])
        con.execute("delete from raw.overall_targets")
        # 2060701 机构运行 printed as 机构运行经费 in table 3 (line 180)
        con.execute("""
            update raw.cells set row_label = '机构运行经费'
            where row_code = '2060701' and source_line = 180""")
    from budget_warehouse.build import build_warehouse

    # the checks read the cells' meanings (int_cell_meaning), built from raw; without its
    # overall target table the document's target indicators are orphans, which two dbt tests
    # of fact_target_indicator report (status 1): the checks do not read them
    assert build_warehouse(copy, target_path=tmp_path / "target", log_path=tmp_path / "logs",
                           full_refresh=True) in (0, 1)
    status, output = check(copy, tmp_path)
    assert status == 0, output
    assert "failed: 0 error, 1 warning" in output
    with duckdb.connect(str(copy), read_only=True) as con:
        findings = latest(con, "select rule_id, severity, file_name, source_line, expected, "
                               "actual from quality.check_findings where run_id = {run}")
    assert findings == [("function_code_name", "warning", CHENGQU, 180, "机构运行",
                         "机构运行经费")]


# --- corrupted copies ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def corrupted(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("expectations_corrupted")
    db = prepare_corrupted(base)
    build(db, base, corrupted=True)
    corrupt_raw(db)
    status, output = check(db, base)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = latest(con, """
            select file_name, rule_id, table_kind, coalesce(row_code, row_label), column_name,
                expected, actual, source_line, severity, detail, table_title, fingerprint
            from quality.check_findings where run_id = {run}""")
        results = latest(con, "select file_name, rule_id, status from quality.check_results "
                              "where run_id = {run}")
    by_file: dict[str, list[tuple]] = {}
    for row in rows:
        by_file.setdefault(row[0].split("__")[0], []).append(row[1:])
    # a copy's new findings: those its sample (ingested beside it) does not have
    findings = {}
    for c in CORRUPTIONS:
        baseline = {f[:7] for f in by_file.get(c.sample, [])}
        findings[c.name] = [f for f in by_file.get(c.name, []) if f[:7] not in baseline]
    return status, output, findings, results


def test_corruptions_fail_the_check(corrupted) -> None:
    status, output, _, _ = corrupted
    assert status == 1, output
    assert "worst documents:" in output and "findings:" in output


@pytest.mark.parametrize("corruption", CORRUPTIONS, ids=[c.name for c in CORRUPTIONS])
def test_corruption_fails_exactly_its_checks(corrupted, corruption: Corruption) -> None:
    _, _, findings, _ = corrupted
    got = findings.get(corruption.name, [])
    assert {f[0] for f in got} == set(corruption.fails), got
    want = corruption.finding
    assert want is not None
    main = [f for f in got if f[0] == want.rule_id]
    fields = (want.table_kind, want.row, want.column, want.expected, want.actual, want.line)
    matching = [f for f in main
                if all(w is None or w == g for w, g in zip(fields, f[1:7], strict=True))]
    assert matching, (want, main)
    rule_id, table_kind = matching[0][0], matching[0][1]
    severity, detail, title, fingerprint = matching[0][7:11]
    assert severity == RULES[rule_id].severity
    assert fingerprint
    assert title or table_kind is None
    if RULES[rule_id].numeric:                      # the terms, with their lines
        assert "line" in detail, detail


def test_corrupted_final_account_three_public_both_sides(corrupted) -> None:
    """The 三公 identities are evaluated on the final account's 预算数 and 决算数 sides."""
    _, _, findings, results = corrupted
    name = f"final_three_public__{KEPU_FINAL}"
    status = {rule: st for file_name, rule, st in results if file_name == name}
    assert status["three_public_total"] == "passed"
    assert status["three_public_vehicle"] == "failed"
    assert status["three_public_final_within_budget"] == "passed"   # 决算数 <= 预算数 per item
    sides = {f[3].split("/")[0] for f in findings["final_three_public"]}
    assert sides == {"决算数"}


def test_every_identity_has_a_corruption() -> None:
    """No check can pass vacuously: each one is failed by a corruption."""
    covered = set().union(*(c.fails for c in CORRUPTIONS))
    assert covered == set(RULES)
