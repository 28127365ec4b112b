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
    # nothing changed: the check re-checks no document and reports the same state
    assert main(["--db", str(db), "check"]) == 1
    out = capsys.readouterr().out
    assert "checked 0 document(s)" in out
    assert "failed: 3 error, 0 warning (7 findings)" in out
    assert main(["--db", str(db), "run", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "incremental build: 0 of 5 documents" in out
    assert main(["--db", str(db), "check", "--all"]) == 1
    assert "checked every document (every document requested)" in capsys.readouterr().out
    con = duckdb.connect(str(db), read_only=True)
    runs = con.execute("SELECT count(*), sum(documents_checked) FROM quality.check_runs"
                       ).fetchone()
    result_runs = con.execute("SELECT count(DISTINCT run_id) FROM quality.check_results"
                              ).fetchone()[0]
    builds = con.execute("SELECT list(mode ORDER BY started_at) FROM build.runs").fetchone()[0]
    facts = con.execute("SELECT count(*) FROM marts.fact_budget_line").fetchone()[0]
    con.close()
    assert runs == (4, 10)  # history kept
    assert result_runs == 2
    assert builds == ["full", "incremental"]
    assert facts == 426
