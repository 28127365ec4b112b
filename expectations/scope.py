"""Which documents a check run checks.

Every check is per document, so a document's results stay valid until its rows or the
definitions change. A run checks *all* loaded documents, or only the *changed* ones: those
ingested after the watermark of the last run made under the same definitions (the fingerprint
of the last complete build's dbt project, of the checks' catalogue and of this package's code). The
results of the documents not re-checked are carried by ``quality.current_results``.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from expectations.catalogue import CATALOGUE

#: Reads the fingerprint and watermark of the warehouse's last complete build, or None. The
#: command that builds the warehouse owns that log and hands this reader to the checks.
LastBuild = Callable[[duckdb.DuckDBPyConnection], "tuple[str, datetime | None] | None"]

PACKAGE = Path(__file__).resolve().parent


@dataclass(slots=True)
class CheckScope:
    mode: str                  # all | changed
    reason: str | None         # why every document is checked
    fingerprint: str
    watermark: datetime | None  # the documents checked are those ingested up to here
    checked_after: datetime | None  # changed: those ingested after here
    documents: int             # loaded documents checked by this run

    @property
    def filtered(self) -> bool:
        return self.mode == "changed"


def _definitions(build_fingerprint: str | None) -> str:
    digest = hashlib.sha256((build_fingerprint or "no build log").encode())
    for path in [*sorted(PACKAGE.glob("*.py")), CATALOGUE]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def plan_scope(con: duckdb.DuckDBPyConnection, requested: str = "changed",
               last_build: LastBuild | None = None) -> CheckScope:
    """Decide the run's documents and register them as ``_check_scope`` (document_id).
    Without ``last_build`` the marts' state is unknown and every document is checked."""
    build = last_build(con) if last_build is not None else None
    fingerprint = _definitions(build[0] if build else None)
    newest = con.execute("select max(ingested_at) from raw.documents").fetchone()[0]
    watermark = build[1] if build and build[1] is not None else newest
    previous = con.execute(
        "select watermark from quality.check_runs where fingerprint = ? and watermark is not "
        "null order by started_at desc limit 1", [fingerprint]).fetchone()
    reason = None
    if requested == "all":
        reason = "every document requested"
    elif build is None:
        reason = "no build log (build.runs): the marts' state is unknown"
    elif previous is None:
        reason = "no earlier run under the current definitions"
    mode = "all" if reason else "changed"
    after = None if reason else previous[0]
    condition = "status in ('loaded', 'partial')"
    params: list = []
    if after is not None:
        condition += " and ingested_at > ? and ingested_at <= ?"
        params = [after, watermark]
    con.execute("create or replace temp table _check_scope as select document_id "
                f"from raw.documents where {condition}", params)
    if after is not None:
        _add_disclosure_companions(con)
    count = con.execute("select count(*) from _check_scope").fetchall()[0][0]
    return CheckScope(mode, reason, fingerprint, watermark, after, count)


def _add_disclosure_companions(con: duckdb.DuckDBPyConnection) -> None:
    """Re-check the other files of every disclosure a changed file belongs to: a disclosure's
    completeness is judged over all its files, so a new tables file changes its narrative
    file's result too."""
    with contextlib.suppress(duckdb.CatalogException):  # no build yet: nothing to add
        con.execute("""
            insert into _check_scope
            select i.document_id from intermediate.int_documents i
            where i.disclosure_key in (
                select disclosure_key from intermediate.int_documents
                semi join _check_scope using (document_id))
              and i.document_id not in (select document_id from _check_scope)""")
