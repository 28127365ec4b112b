"""``budget-warehouse build``: run dbt in-process, fully or incrementally.

A *full* build is ``dbt build --full-refresh``: seeds, every model from all documents, every dbt
test. It runs the first time, whenever the project's definitions changed since the last
complete build, and on request (``--full-refresh``). Otherwise the build is *incremental*:
``dbt run``, in which the per-document models process only the documents ingested after the
watermark of the last complete build (read from ``build.runs``) and drop the replaced ones,
while the cross-document tables are rebuilt. Views, seeds and the seed-only dimensions are
unchanged while the definitions are, and the dbt tests, which re-test every row, are left to
full builds (the quality checks still check the new documents). The decision and its figures
are kept in ``build.runs`` (budget_warehouse/build_state.py).

dbt runs through its Python API (``dbt.cli.main.dbtRunner``) with the repository root as
project and profiles directory. The warehouse file reaches the profile through
``$BUDGET_WAREHOUSE_DB`` (always passed as an absolute path, so the profile's relative default
never depends on the working directory). dbt's ``target/`` and ``logs/`` go under the repository
root unless the caller (or ``$DBT_TARGET_PATH`` / ``$DBT_LOG_PATH``) says otherwise: tests and
concurrent builds pass a private directory.

After the build the DuckDB file is released: dbt-duckdb keeps a process-wide connection to the
file open after an in-process run, which would stop another connection in the same process from
opening it with a different configuration (or another process from writing it).
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from budget_warehouse.build_state import BuildPlan, plan_build, record_build
from budget_warehouse.settings import DB_ENV, ROOT
from ingest.lock import DEFAULT_WAIT, connect


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables and the working directory for the call, then restore both."""
    saved = {key: os.environ.get(key) for key in values}
    cwd = Path.cwd()
    os.environ.update(values)
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(cwd)
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _release_duckdb() -> None:
    """Close the DuckDB connection dbt-duckdb keeps open after an in-process run."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - adapter not installed
        return
    with DuckDBConnectionManager._LOCK:
        env = DuckDBConnectionManager._ENV
        if env is not None:
            with contextlib.suppress(Exception):
                env.close()
        DuckDBConnectionManager._ENV = None


def _summary(result: object) -> tuple[str, list[str], bool]:
    """A one-line count of the nodes run (by resource type and status), the failures, and
    whether every model that ran built."""
    counts: Counter[tuple[str, str]] = Counter()
    failures: list[str] = []
    models_ok = True
    for node_result in getattr(result, "results", None) or []:
        status = str(getattr(node_result, "status", "unknown")).split(".")[-1].lower()
        node = getattr(node_result, "node", None)
        kind = str(getattr(node, "resource_type", "node")).split(".")[-1].lower()
        counts[(kind, status)] += 1
        if kind in {"model", "seed"} and status != "success":
            models_ok = False
        if status in {"error", "fail", "runtime error", "runtimeerror", "warn"}:
            name = getattr(node, "unique_id", None) or getattr(node, "name", "?")
            message = (getattr(node_result, "message", "") or "").strip().splitlines()
            failures.append(f"{status}: {name}: {message[0] if message else status}")
    kinds: dict[str, Counter[str]] = {}
    for (kind, status), n in counts.items():
        kinds.setdefault(kind, Counter())[status] += n
    parts = []
    for kind in sorted(kinds):
        statuses = ", ".join(f"{n} {status}" for status, n in sorted(kinds[kind].items()))
        parts.append(f"{sum(kinds[kind].values())} {kind}s ({statuses})")
    return "; ".join(parts) or "nothing ran", failures, models_ok


def build_warehouse(
    db_path: Path,
    target_path: Path | None = None,
    log_path: Path | None = None,
    select: list[str] | None = None,
    quiet: bool = True,
    full_refresh: bool = False,
    wait: float = DEFAULT_WAIT,
) -> int:
    """Build the warehouse in the DuckDB file ``db_path``; return the exit status (0 = ok).

    Full or incremental as the module says (``full_refresh`` forces a full build).
    ``target_path`` / ``log_path`` default to ``$DBT_TARGET_PATH`` / ``$DBT_LOG_PATH`` or
    ``target/`` and ``logs/`` in the repository root. ``select`` narrows a full build (dbt
    syntax); such a partial build leaves no watermark. ``wait``: seconds to wait for another
    process holding the file (:class:`~ingest.lock.WarehouseBusy` after).
    """
    from dbt.cli.main import dbtRunner

    db = Path(db_path).expanduser().resolve()
    if not db.exists():
        print(f"error: {db} does not exist: run `budget-warehouse ingest` first",
              file=sys.stderr)
        return 2
    target = Path(target_path or os.environ.get("DBT_TARGET_PATH") or ROOT / "target").resolve()
    logs = Path(log_path or os.environ.get("DBT_LOG_PATH") or ROOT / "logs").resolve()
    started = datetime.now()
    with contextlib.closing(connect(db, wait)) as con:
        plan = plan_build(con, full_refresh=full_refresh or bool(select))
    args = [
        *_dbt_args(plan),
        "--project-dir", str(ROOT),
        "--profiles-dir", str(ROOT),
        "--target-path", str(target),
        "--log-path", str(logs),
    ]
    if quiet:
        args.append("--quiet")
    if select:
        args += ["--select", " ".join(select)]

    env = {DB_ENV: str(db), "DBT_TARGET_PATH": str(target), "DBT_LOG_PATH": str(logs)}
    with _environment(env):
        try:
            outcome = dbtRunner().invoke(args)
        finally:
            _release_duckdb()

    line, failures, models_ok = _summary(outcome.result)
    status = 2 if outcome.exception is not None else 0 if outcome.success else 1
    with contextlib.closing(connect(db, wait)) as con:
        record_build(con, uuid.uuid4().hex[:12], plan, started,
                     models_ok and status != 2 and not select, status)
    print(f"dbt {args[0]} -> {db}: {_describe(plan)}; {line}")
    for failure in failures:
        print(f"  {failure}", file=sys.stderr)
    if outcome.exception is not None:
        print(f"error: dbt {args[0]}: {outcome.exception}", file=sys.stderr)
    return status


def _dbt_args(plan: BuildPlan) -> list[str]:
    # the batch's watermark is read by the models from build.runs, not passed as a var:
    # changed vars would cost dbt a full re-parse of the project
    if plan.mode == "full":
        return ["build", "--full-refresh"]
    # views and the seed-only dimensions are unchanged when the definitions are
    return ["run", "--exclude", "config.materialized:view", "tag:seeds_only"]


def _describe(plan: BuildPlan) -> str:
    if plan.mode == "full":
        return f"full build of {plan.loaded_documents} documents ({plan.reason})"
    return (f"incremental build: {plan.batch_documents} of {plan.loaded_documents} documents "
            f"new or changed since {plan.batch_after:%Y-%m-%d %H:%M:%S}; dbt tests run on "
            "full builds (`build --full-refresh`)")
