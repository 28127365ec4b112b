"""Shared fixtures: the bundled samples and a warehouse ingested from them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"

KEPU_2026 = "shanxi-kepu-fuwu-zhongxin_2026_budget.txt"
KEPU_2024 = "shanxi-kepu-fuwu-zhongxin_2024_final.txt"
XUEHUI_2025 = "shanxi-xuehui-xueshu-fuwu-zhongxin_2025_budget.txt"
CHENGQU_2026 = "jincheng-chengqu-kexie_2026_budget.txt"
SHANGDANG_2025 = "changzhi-shangdang-kexie_2025_budget.txt"


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB file holding the raw schema of the five bundled samples."""
    db = tmp_path_factory.mktemp("samples") / "warehouse.duckdb"
    report = ingest([SAMPLES], db)
    assert not report.failed, [o.detail for o in report.outcomes]
    return db


@pytest.fixture()
def samples_con(samples_db: Path):
    con = duckdb.connect(str(samples_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def built_samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse ingested from the five samples and built by dbt (seeds, models, tests).

    Shared by the test modules that query the marts or run the checks: one dbt build per
    session. dbt's target and log folders stay beside the database file.
    """
    from budget_warehouse.build import build_warehouse

    base = tmp_path_factory.mktemp("built")
    db = base / "warehouse.duckdb"
    report = ingest([SAMPLES], db)
    assert not report.failed, [o.detail for o in report.outcomes]
    status = build_warehouse(db, target_path=base / "target", log_path=base / "logs")
    assert status == 0, "dbt build failed (see the output above)"
    return db
