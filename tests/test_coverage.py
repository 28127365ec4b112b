"""``budget-warehouse coverage``: what the warehouse understood of each document."""

from __future__ import annotations

import json
from pathlib import Path

from budget_warehouse.cli import main
from budget_warehouse.coverage import coverage, summary
from ingest.pipeline import ingest
from tests.conftest import KEPU_2026, SAMPLES


def test_coverage_of_the_samples(samples_db: Path, capsys) -> None:
    report = coverage(samples_db)
    totals = summary(report)
    assert (totals["documents"], totals["loaded"], totals["partial"], totals["failed"]) == (
        5, 5, 0, 0)
    assert totals["unknown_tables"] == totals["failed_tables"] == 0
    assert totals["missing_kinds"] == totals["contents_not_found"] == 0
    assert totals["tables"] == sum(c.known_tables for c in report) > 50
    kepu = next(c for c in report if c.file_name == KEPU_2026)
    assert (kepu.unit_name, kepu.doc_kind, kepu.scope, kepu.fiscal_year, kepu.template) == (
        "山西省科普服务中心", "budget", "unit", 2026, "shanxi_budget")
    assert kepu.identity_sources["unit_name"] == "title"
    assert kepu.value_cells > 50 and kepu.checks_passed is None  # not checked yet
    assert main(["--db", str(samples_db), "coverage", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["totals"] == totals and len(printed["documents"]) == 5


def test_coverage_names_what_is_missing(tmp_path: Path, capsys) -> None:
    text = (SAMPLES / KEPU_2026).read_text(encoding="utf-8")
    damaged = text.replace("\n2026年财政拨款安排机关运行经费预算表\n", "\n2026年某某情况统计表\n")
    (tmp_path / "damaged.txt").write_text(damaged, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    ingest([tmp_path / "damaged.txt"], db)
    [c] = coverage(db)
    assert len(c.unknown_tables) == 1 and c.failed_tables == []
    assert c.missing_kinds == ["budget_admin_operating"]
    assert [t for t in c.contents_not_found if "机关运行经费" in t]
    assert main(["--db", str(db), "coverage"]) == 0
    out = capsys.readouterr().out
    assert "template table not found: budget_admin_operating" in out
    assert "coverage: 1 documents (1 loaded, 0 partial, 0 failed)" in out
    assert main(["--db", str(tmp_path / "none.duckdb"), "coverage"]) == 2
