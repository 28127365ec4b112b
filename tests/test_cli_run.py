"""The main job through the real command: ingest the samples, build, check."""

from __future__ import annotations

from pathlib import Path

import duckdb

from budget_warehouse.cli import main


def test_run_reports_findings_and_check_fails_on_them(tmp_path: Path, capsys, monkeypatch
                                                       ) -> None:
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
    monkeypatch.setenv("BUDGET_WAREHOUSE_DATA_DOCS", str(tmp_path / "docs"))
    db = tmp_path / "warehouse.duckdb"
    assert main(["--db", str(db), "run"]) == 0
    out = capsys.readouterr().out
    assert "5 loaded" in out
    assert "failed: 3 error, 0 warning (7 findings)" in out
    assert "run: the checks found errors in the documents" in out
    assert (tmp_path / "docs" / "index.html").exists()
    assert main(["--db", str(db), "check"]) == 1
    assert main(["--db", str(db), "run", "--strict"]) == 1
    con = duckdb.connect(str(db), read_only=True)
    runs = con.execute("SELECT count(DISTINCT run_id) FROM quality.check_results").fetchone()[0]
    facts = con.execute("SELECT count(*) FROM marts.fact_budget_line").fetchone()[0]
    con.close()
    assert runs == 3  # history kept
    assert facts == 426
