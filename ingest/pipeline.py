"""Ingest files or folders into the warehouse: skip unchanged content, parse in parallel,
replace changed files, record failures, and report what happened."""

from __future__ import annotations

import os
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from ingest import PARSER_VERSION
from ingest.catalogue import load_catalogue
from ingest.parse import ParsedDocument, content_id, parse_bytes
from ingest.store import ensure_schema, known_documents, write_documents

SUFFIXES = (".txt",)
_PARALLEL_FROM = 8  # documents; below this a process pool costs more than it saves
_BATCH = 400  # documents per write transaction


@dataclass(slots=True)
class FileOutcome:
    path: str
    document_id: str | None
    outcome: str  # loaded | replaced | unchanged | failed
    detail: str = ""


@dataclass(slots=True)
class IngestReport:
    run_id: str
    outcomes: list[FileOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(o.outcome == outcome for o in self.outcomes)

    @property
    def failed(self) -> bool:
        return any(o.outcome == "failed" for o in self.outcomes)


def discover(paths: list[str | Path]) -> list[Path]:
    """Every document file named by ``paths`` (files, or folders searched recursively)."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file()
                                and f.suffix.lower() in SUFFIXES))
        elif p.is_file():
            found.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return found


def display_path(path: Path) -> str:
    """The path as recorded: relative to the working directory when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def _parse(item: tuple[bytes, str]) -> ParsedDocument:
    return parse_bytes(item[0], item[1])


def ingest(paths: list[str | Path], db_path: str | Path, workers: int | None = None
           ) -> IngestReport:
    """Ingest ``paths`` into the DuckDB file ``db_path``."""
    files = discover(paths)
    run_id = uuid.uuid4().hex[:12]
    report = IngestReport(run_id=run_id)
    started = datetime.now()
    con = duckdb.connect(str(db_path))
    try:
        ensure_schema(con)
        con.execute("INSERT INTO raw.ingest_runs (run_id, started_at, parser_version) "
                    "VALUES (?, ?, ?)", [run_id, started, PARSER_VERSION])
        known = known_documents(con)
        by_id = {doc_id: (path, status, version) for doc_id, path, status, version in known}
        by_path = {path: doc_id for doc_id, path, _, _ in known}
        pending: list[tuple[bytes, str]] = []
        seen_ids: dict[str, str] = {}
        for file in files:
            path = display_path(file)
            data = file.read_bytes()
            doc_id = content_id(data)
            stored = by_id.get(doc_id)
            if doc_id in seen_ids or (stored and stored[2] == PARSER_VERSION):
                first = seen_ids.get(doc_id) or stored[0]
                status = "failed" if stored and stored[1] == "failed" else "unchanged"
                detail = "identical content already ingested" + (
                    f" from {first}" if first != path else "")
                report.outcomes.append(FileOutcome(path, doc_id, status if status == "failed"
                                                   else "unchanged", detail))
                continue
            seen_ids[doc_id] = path
            pending.append((data, path))
        for start in range(0, len(pending), _BATCH):
            batch = pending[start:start + _BATCH]
            parsed = _parse_all(batch, workers)
            _write(con, parsed, by_path, by_id, report, run_id)
        counts = {k: report.count(k) for k in ("loaded", "replaced", "unchanged", "failed")}
        con.execute(
            "UPDATE raw.ingest_runs SET finished_at = ?, files_seen = ?, loaded = ?, "
            "replaced = ?, unchanged = ?, failed = ? WHERE run_id = ?",
            [datetime.now(), len(files), counts["loaded"], counts["replaced"],
             counts["unchanged"], counts["failed"], run_id])
    finally:
        con.close()
    return report


def _parse_all(batch: list[tuple[bytes, str]], workers: int | None) -> list[ParsedDocument]:
    workers = workers or os.cpu_count() or 1
    if len(batch) < _PARALLEL_FROM or workers == 1:
        return [_parse(item) for item in batch]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_parse, batch, chunksize=max(1, len(batch) // (workers * 4))))


def _write(con: duckdb.DuckDBPyConnection, parsed: list[ParsedDocument],
           by_path: dict[str, str], by_id: dict[str, tuple], report: IngestReport,
           run_id: str) -> None:
    replaced_ids: list[str] = []
    messages: list[dict] = []
    for doc in parsed:
        old = by_path.get(doc.path)
        stale = doc.document_id in by_id  # same content, older parser version
        if stale:
            replaced_ids.append(doc.document_id)
        if old and old != doc.document_id:
            replaced_ids.append(old)
        outcome = "failed" if doc.status == "failed" else (
            "replaced" if (old or stale) else "loaded")
        report.outcomes.append(FileOutcome(doc.path, doc.document_id, outcome, doc.error or ""))
        for m in doc.messages:
            messages.append({"run_id": run_id, "document_id": doc.document_id,
                             "source_path": doc.path, "severity": m.severity, "line": m.line,
                             "table_title": m.table, "message": m.text})
            if m.severity == "warning":
                where = f"{doc.path}:{m.line}" if m.line else doc.path
                table = f" [table {m.table}]" if m.table else ""
                report.warnings.append(f"{where}{table}: {m.text}")
        by_path[doc.path] = doc.document_id
    write_documents(con, parsed, replaced_ids, messages, run_id, datetime.now(),
                    load_catalogue().version)
