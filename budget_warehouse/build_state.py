"""What each build was made from, kept in the warehouse (schema ``build``), so that the next
build can be incremental.

A build is *incremental* when the last complete build used the same project definitions (the
fingerprint of models, macros, seeds, dbt_project.yml and the dbt/DuckDB versions) and left a
watermark: the newest ``raw.documents.ingested_at`` when it started. The per-document models
then process only the documents ingested after it (macros/incremental.sql). Anything else (first
build, changed definitions, ``--full-refresh``) is a full refresh.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

import duckdb

from budget_warehouse.settings import ROOT

DEFINITION_PATHS = ("models", "macros", "seeds", "dbt_project.yml")
PACKAGES = ("dbt-core", "dbt-duckdb", "duckdb")

DDL = """
create schema if not exists build;
create table if not exists build.runs (
    build_id varchar primary key,
    started_at timestamp not null,
    finished_at timestamp,
    mode varchar not null,            -- full | incremental
    reason varchar,                   -- why a full refresh was chosen
    fingerprint varchar not null,     -- of the project definitions (definitions_fingerprint)
    watermark timestamp,              -- newest raw.documents.ingested_at when the build started
    previous_watermark timestamp,     -- the watermark the incremental batch started after
    loaded_documents integer,         -- loaded documents in raw when the build started
    batch_documents integer,          -- documents the per-document models (re)built
    models_ok boolean,                -- every model built (tests may still have failed)
    exit_status integer
);
"""


@dataclass(slots=True)
class BuildPlan:
    """What the next build does: ``mode`` full or incremental, and from which watermark."""

    mode: str
    reason: str | None
    fingerprint: str
    watermark: datetime | None       # to record for this build
    batch_after: datetime | None     # incremental: the previous build's watermark
    loaded_documents: int
    batch_documents: int


def definitions_fingerprint(root: Path = ROOT) -> str:
    """SHA-256 over the project's model definitions and the versions that run them."""
    digest = hashlib.sha256()
    for name in DEFINITION_PATHS:
        base = root / name
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    for package in PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{package}={version}\n".encode())
    return digest.hexdigest()


def last_complete_build(con: duckdb.DuckDBPyConnection
                        ) -> tuple[str, datetime | None] | None:
    """The fingerprint and watermark of the last build whose models all built, or None (no
    such build, or no build log: a warehouse built by running dbt directly)."""
    try:
        return con.execute("select fingerprint, watermark from build.runs where models_ok "
                           "order by started_at desc limit 1").fetchone()
    except duckdb.CatalogException:
        return None


def plan_build(con: duckdb.DuckDBPyConnection, full_refresh: bool = False,
               fingerprint: str | None = None) -> BuildPlan:
    """Decide between a full and an incremental build of the warehouse behind ``con``."""
    con.execute(DDL)
    fingerprint = fingerprint or definitions_fingerprint()
    try:
        watermark, loaded = con.execute(
            "select max(ingested_at), count(*) filter (where status in ('loaded', 'partial')) "
            "from raw.documents").fetchone()
    except duckdb.CatalogException:       # nothing ingested: dbt reports the missing source
        return BuildPlan("full", "nothing ingested", fingerprint, None, None, 0, 0)
    last = last_complete_build(con)
    reason = None
    if full_refresh:
        reason = "full refresh requested"
    elif last is None:
        reason = "no earlier complete build"
    elif last[0] != fingerprint:
        reason = "the project definitions changed since the last complete build"
    elif last[1] is None:
        reason = "the last complete build had no documents"
    if reason is not None:
        return BuildPlan("full", reason, fingerprint, watermark, None, loaded, loaded)
    batch = con.execute("select count(*) from raw.documents where status in ('loaded', 'partial') "
                        "and ingested_at > ?", [last[1]]).fetchone()[0]
    return BuildPlan("incremental", None, fingerprint, watermark, last[1], loaded, batch)


def record_build(con: duckdb.DuckDBPyConnection, build_id: str, plan: BuildPlan,
                 started_at: datetime, models_ok: bool, exit_status: int) -> None:
    """Append the build to build.runs (a build whose models did not all build leaves no
    watermark to continue from)."""
    con.execute(DDL)
    con.execute(
        "insert into build.runs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [build_id, started_at, datetime.now(), plan.mode, plan.reason, plan.fingerprint,
         plan.watermark, plan.batch_after, plan.loaded_documents, plan.batch_documents,
         models_ok, exit_status])
