"""One document of each template family in ``../shared/pdf-samples``, ingested through the
pipeline and checked against values read by eye from the rendered pages; and the companion
files of one disclosure judged together by the completeness check.

Families: Jiangsu 2017 (narrative and tables in one file), Jiangsu 2018 tables-only, Shanghai
district department budget, Shanghai unit budget (the Shanghai final account is in
``test_pdf.py``). Amounts are stored in 万元 whatever unit the table prints (元 × 0.0001).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingest.pipeline import ingest
from tests.test_pdf import PDF_SAMPLES

GAOJI_2017 = "jiangsu-gaoji-fayuan_2017_budget.pdf"
ZHENGXIE_2018_TABLES = "jiangsu-zhengxie-bangongting_2018_budget-tables.pdf"
WANLI_2024 = "shanghai-putuo-wanli-jiedao_2024_budget.pdf"
ZHENGFU_UNIT_2025 = "shanghai-putuo-zhengfu-bangongshi_2025_unit-budget.pdf"
SHENGWEI_2017 = "jiangsu-shengwei-bangongting_2017_budget.pdf"
SHENGWEI_2017_TABLES = "jiangsu-shengwei-bangongting_2017_budget-tables.pdf"
SHENGWEI_2018 = "jiangsu-shengwei-bangongting_2018_budget.pdf"  # its tables file left out
FILES = (GAOJI_2017, ZHENGXIE_2018_TABLES, WANLI_2024, ZHENGFU_UNIT_2025, SHENGWEI_2017,
         SHENGWEI_2017_TABLES, SHENGWEI_2018)

pytestmark = pytest.mark.skipif(
    not all((PDF_SAMPLES / f).is_file() for f in FILES),
    reason=f"shared PDF samples not found in {PDF_SAMPLES}")


@pytest.fixture(scope="module")
def families_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("families") / "warehouse.duckdb"
    report = ingest([PDF_SAMPLES / f for f in FILES], db, workers=2)
    assert [o.outcome for o in report.outcomes] == ["loaded"] * len(FILES), \
        [(o.path, o.detail) for o in report.outcomes]
    return db


@pytest.fixture()
def con(families_db: Path):
    c = duckdb.connect(str(families_db), read_only=True)
    yield c
    c.close()


def amounts(con, file_name: str, page: int, *, label: str | None = None,
            code: str | None = None) -> dict[str, Decimal]:
    """Column path → amount of the value cells on one printed page of one row (by label or
    code; neither: the rows without label or code, as in a one-row 三公 table)."""
    rows = con.execute(
        """
        SELECT c.column_path, c.amount FROM raw.cells c JOIN raw.documents d USING (document_id)
        WHERE d.file_name = ? AND c.page = ? AND c.cell_role = 'value'
          AND c.amount IS NOT NULL
          AND CASE WHEN ?::VARCHAR IS NOT NULL THEN c.row_code = ?
                   WHEN ?::VARCHAR IS NOT NULL THEN c.row_label = ? AND c.row_code IS NULL
                   ELSE c.row_label IS NULL AND c.row_code IS NULL END
        """, [file_name, page, code, code, label, label]).fetchall()
    got = dict(rows)
    assert len(got) == len(rows), ("one row expected", file_name, page, label, code, rows)
    return got


def d(text: str) -> Decimal:
    return Decimal(text)


def test_jiangsu_2017_hand_read_values(con) -> None:
    """jiangsu-gaoji-fayuan 2017 (万元): 收支预算总表 p11, 支出预算总表 and 财政拨款支出预算表 p13,
    “三公”经费、会议费、培训费支出预算表 p17."""
    f = GAOJI_2017
    assert amounts(con, f, 11, label="一、财政拨款") == {"收入/金额": d("28849.38")}
    assert amounts(con, f, 11, label="1.一般公共预算") == {"收入/金额": d("28849.38")}
    assert amounts(con, f, 13, label="合计") == {"金额": d("28849.38")}
    assert amounts(con, f, 13, code="204") == {"金额": d("23513.11")}
    assert amounts(con, f, 13, code="2040501") == {"金额": d("11786.92")}
    assert amounts(con, f, 13, code="2040504") == {"金额": d("1733.30")}
    assert amounts(con, f, 13, code="2080504") == {"金额": d("2347.13")}
    assert amounts(con, f, 13, code="22102") == {"金额": d("2989.14")}
    three = amounts(con, f, 17)
    assert three == {
        "合计": d("2599.37"), "“三公”经费/小计": d("670.12"),
        "“三公”经费/因公出国（境）费": d("180.00"),
        "“三公”经费/公务用车购置及运行维护费/小计": d("304.40"),
        "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费": d("304.40"),
        "“三公”经费/公务接待费": d("185.72"), "会议费": d("228.00"),
        "培训费": d("1701.25")}
    # 政府采购预算表 p17: "采购组织形式" (wrapped in its cell) heads its own column, not 总计
    assert amounts(con, f, 17, label="合计") == {"总计": d("3742.40")}
    # 支出预算总表 p13: one row, 合计 28,849.38 = 基本 17,123.19 + 项目 11,543.27 + 预留 182.92
    by_use = con.execute(
        """
        SELECT c.column_path, c.amount FROM raw.cells c JOIN raw.tables t
          USING (document_id, table_index) JOIN raw.documents d USING (document_id)
        WHERE d.file_name = ? AND t.table_kind = 'budget_expenditure_by_use'
          AND c.amount IS NOT NULL
        """, [f]).fetchall()
    assert dict(by_use) == {"合计": d("28849.38"), "基本支出": d("17123.19"),
                            "项目支出": d("11543.27"), "单位预留机动经费": d("182.92")}


def test_jiangsu_2018_tables_only_hand_read_values(con) -> None:
    """jiangsu-zhengxie-bangongting 2018 tables (万元, no title page): 财政拨款收支预算总表 p4,
    财政拨款支出预算表 p5."""
    f = ZHENGXIE_2018_TABLES
    assert amounts(con, f, 4, label="一、一般公共预算") == {"收入/金额": d("10070.48")}
    assert amounts(con, f, 4, label="一、基本支出") == {"支出/支出用途/金额": d("5598.17")}
    assert amounts(con, f, 4, label="二、项目支出") == {"支出/支出用途/金额": d("3314.68")}
    assert amounts(con, f, 4, label="三、单位预留机动经费") == {
        "支出/支出用途/金额": d("1157.63")}
    assert amounts(con, f, 4, label="支出合计") == {"支出/支出用途/金额": d("10070.48")}
    assert amounts(con, f, 5, label="合计") == {"金额": d("10070.48")}
    for code, amount in [("201", "7747.46"), ("2010201", "4432.78"), ("2010204", "814.16"),
                         ("2010299", "291.00"), ("20805", "823.76"), ("2080505", "407.81"),
                         ("2210202", "1107.60")]:
        assert amounts(con, f, 5, code=code) == {"金额": d(amount)}, code


def test_shanghai_district_budget_hand_read_values(con) -> None:
    """shanghai-putuo-wanli-jiedao 2024 (支出预算总表 printed in 元): p16 and its 合计 row on
    p20; 三公 table p31 in 万元, printed items-as-columns."""
    f = WANLI_2024
    cols = ("支出预算/合计", "支出预算/基本支出", "支出预算/项目支出")
    assert amounts(con, f, 16, code="201") == dict(zip(cols, [d("293.27"), d("0"),
                                                             d("293.27")], strict=True))
    assert amounts(con, f, 16, code="20105")[cols[0]] == d("25.77")
    assert amounts(con, f, 16, code="2010507")[cols[2]] == d("25.77")
    # 合计 156,211,123 / 99,706,020 / 56,505,103 元
    assert amounts(con, f, 20, label="合计") == dict(zip(
        cols, [d("15621.1123"), d("9970.602"), d("5650.5103")], strict=True))
    year = "2024年“三公”经费预算数"
    assert amounts(con, f, 31) == {
        f"{year}/合计": d("47.91"), f"{year}/因公出国(境)费": d("0"),
        f"{year}/公务接待费": d("1.35"), f"{year}/公务用车购置及运行费/小计": d("46.56"),
        f"{year}/公务用车购置及运行费/购置费": d("25"),
        f"{year}/公务用车购置及运行费/运行费": d("21.56"),
        "2024年机关运行经费预算数": d("443.18")}


def test_shanghai_unit_budget_hand_read_values(con) -> None:
    """shanghai-putuo-zhengfu-bangongshi 2025 unit budget: 收入预算总表 p9 (元), 三公 and 机关运行
    经费 p20 (万元)."""
    f = ZHENGFU_UNIT_2025
    cols = ("收入预算/合计", "收入预算/财政拨款收入")
    for code, amount in [("201", "8209.679742"), ("20103", "8209.679742"),
                         ("2010301", "1202.950184"), ("2010302", "4614")]:
        assert amounts(con, f, 9, code=code) == dict.fromkeys(cols, d(amount)), code
    assert amounts(con, f, 20) == {
        "“三公”经费预算数/合计": d("867.50"), "“三公”经费预算数/因公出国(境)费": d("839.00"),
        "“三公”经费预算数/公务接待费": d("28.50"), "机关运行经费预算数": d("213.28")}


def test_jiangsu_2017_tables_file_read_by_its_labels(con) -> None:
    """jiangsu-shengwei-bangongting 2017 tables p2 收入预算总表 (万元; title and header glued on
    one line, so the value column keeps its position name)."""
    f = SHENGWEI_2017_TABLES
    for label, amount in [("收入总计", "20849.45"), ("一般公共预算资金", "20702.25"),
                          ("公共财政拨款(补助)资金", "20702.25"), ("财政专户管理资金", "147.20"),
                          ("其他非税收入", "147.20")]:
        assert list(amounts(con, f, 2, label=label).values()) == [d(amount)], label


def test_every_contents_entry_is_a_table_of_its_kind(families_db: Path, con) -> None:
    """Every table a document's contents page lists is found in the disclosure with the kind
    the entry names (a narrative file's entries may be met by its tables file)."""
    from budget_warehouse.coverage import coverage

    report = {c.file_name: c for c in coverage(families_db)}
    listed = con.execute(
        "SELECT count(*) FROM raw.contents_entries e JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = ?", [GAOJI_2017]).fetchone()[0]
    assert listed >= 12
    for name in (GAOJI_2017, WANLI_2024, ZHENGFU_UNIT_2025, SHENGWEI_2017,
                 SHENGWEI_2017_TABLES, ZHENGXIE_2018_TABLES):
        assert report[name].unknown_tables == [], name
        assert report[name].failed_tables == [], name
    for name in (GAOJI_2017, WANLI_2024, ZHENGFU_UNIT_2025, SHENGWEI_2017,
                 SHENGWEI_2017_TABLES):
        assert report[name].missing_kinds == [], name
    # the pair forms one disclosure; the 2018 narrative's tables file was not given
    assert report[SHENGWEI_2017].companions == [SHENGWEI_2017_TABLES]
    assert len(report[SHENGWEI_2018].missing_kinds) >= 9


@pytest.fixture(scope="module")
def completeness_db(families_db: Path, tmp_path_factory: pytest.TempPathFactory,
                    ) -> Iterator[Path]:
    """The families warehouse built up to the completeness check's model (the rule
    doc_tables_complete reads chk_document_tables: a row with present = false fails)."""
    from budget_warehouse.build import build_warehouse

    base = tmp_path_factory.mktemp("families_checks")
    db = base / "warehouse.duckdb"
    db.write_bytes(families_db.read_bytes())
    # only the tests of the selected models (not those of models outside the selection)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DBT_INDIRECT_SELECTION", "cautious")
        assert build_warehouse(db, target_path=base / "target", log_path=base / "logs",
                               select=["+chk_document_tables"]) == 0
    yield db


def test_companion_files_are_complete_only_together(completeness_db: Path) -> None:
    """doc_tables_complete passes on the 2017 narrative + tables pair and on the one-file
    disclosures; it fails on the 2018 narrative whose tables file is absent (its 12 tables) and
    on the 2018 tables-only file whose narrative is absent."""
    with duckdb.connect(str(completeness_db), read_only=True) as con:
        rows = con.execute(
            "SELECT file_name, count(*) FILTER (WHERE NOT present) "
            "FROM checks.chk_document_tables GROUP BY 1").fetchall()
    assert dict(rows) == {GAOJI_2017: 0, WANLI_2024: 0, ZHENGFU_UNIT_2025: 0,
                          SHENGWEI_2017: 0, SHENGWEI_2017_TABLES: 0,
                          SHENGWEI_2018: 12, ZHENGXIE_2018_TABLES: 1}


def test_identity_equals_the_manifest(con) -> None:
    """The identity read from each document (its title, cover, the tables' 部门： lines) equals
    ../shared/pdf-samples/manifest.tsv; the printed name is kept beside the resolved one."""
    import csv

    with (PDF_SAMPLES / "manifest.tsv").open(encoding="utf-8") as fh:
        manifest = {r["file"]: r for r in csv.DictReader(fh, delimiter="\t")}
    got = con.execute(
        "SELECT file_name, unit_name, doc_kind, scope, fiscal_year, printed_unit_name "
        "FROM raw.documents").fetchall()
    assert sorted(r[0] for r in got) == sorted(FILES)
    for name, unit, kind, scope, year, printed in got:
        m = manifest[name]
        assert (unit, kind, scope, year) == (m["unit"], m["kind"], m["scope"], int(m["year"])), \
            name
        assert printed
    printed = dict((r[0], r[5]) for r in got)
    assert printed[SHENGWEI_2017_TABLES] == "中国共产党江苏省委员会办公厅"
    assert printed[SHENGWEI_2017] == "江苏省委办公厅"
