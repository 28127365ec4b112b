"""Where the warehouse and the bundled samples live (overridable by environment variables)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
DB_ENV = "BUDGET_WAREHOUSE_DB"


def database_path() -> Path:
    """The DuckDB file: ``$BUDGET_WAREHOUSE_DB`` or ``warehouse.duckdb`` in the working dir."""
    return Path(os.environ.get(DB_ENV, "warehouse.duckdb"))
