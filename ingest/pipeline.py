"""Ingest files or folders into the warehouse: skip unchanged content, parse in parallel,
replace changed files, record failures, and report what happened."""

from __future__ import annotations

import gc
import multiprocessing
import os
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from ingest import PARSER_VERSION
from ingest.catalogue import load_catalogue
from ingest.manifest import Manifest
from ingest.parse import Message, ParsedDocument, content_id, parse_bytes
from ingest.store import document_frames, ensure_schema, known_documents, write_frames

SUFFIXES = (".txt", ".pdf")
_PARALLEL_FROM = 8  # documents; below this a process pool costs more than it saves
_BATCH = 400  # documents per write transaction
_CHUNK = 25  # documents per parser task: a worker sends back their rows as data frames
_AHEAD = 2  # batches submitted to the parsers beyond the one being written


@dataclass(slots=True)
class FileOutcome:
    path: str
    document_id: str | None
    outcome: str  # loaded | replaced | partial | unchanged | failed
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
        """Anything not loaded whole: a failed file, or a file some of whose tables failed."""
        return any(o.outcome in ("failed", "partial") for o in self.outcomes)


def discover(paths: list[str | Path]) -> list[Path]:
    """Every document file named by ``paths`` (files, or folders searched recursively), as
    resolved absolute paths."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            # resolving the folder once resolves what is found under it, but for links
            found.extend(sorted(f.resolve() if f.is_symlink() else f
                                for f in p.resolve().rglob("*")
                                if f.suffix.lower() in SUFFIXES and f.is_file()))
        elif p.is_file():
            found.append(p.resolve())
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return found


def display_path(path: Path, cwd: Path | None = None) -> str:
    """The path as recorded: relative to the working directory (``cwd``, resolved) when
    inside it."""
    resolved = path if path.is_absolute() and cwd is not None else path.resolve()
    try:
        return resolved.relative_to(cwd or Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


# a file to parse: its bytes, its display path and its manifest row (or None)
_Item = tuple[bytes, str, "dict[str, object] | None"]


def _parse(item: _Item) -> ParsedDocument:
    return parse_bytes(item[0], item[1], manifest=item[2])


@dataclass(slots=True)
class _Parsed:
    """What the run's bookkeeping needs of a parsed document (its rows travel as frames)."""

    path: str
    document_id: str
    status: str
    error: str | None
    messages: list[Message]


@dataclass(slots=True)
class _Chunk:
    documents: list[_Parsed]
    frames: dict  # raw table name -> polars DataFrame of the chunk's rows


def _parse_chunk(items: list[_Item], run_id: str) -> _Chunk:
    """Parse documents and build their rows where they are parsed: data frames pickle as
    compact columns, the parsed object graphs would cost the writer more to receive than
    they cost the workers to parse."""
    with _cycle_collector_paused():
        return _chunk_of(items, run_id)  # the parsed documents are freed on its return


def _chunk_of(items: list[_Item], run_id: str) -> _Chunk:
    docs = []
    for item in items:
        docs.append(_parse(item))
        if docs[-1].source_format == "pdf":
            gc.collect(0)  # the PDF reader's objects hold reference cycles: free them now
    frames = document_frames(docs, run_id, datetime.now(), load_catalogue().version)
    return _Chunk([_Parsed(d.path, d.document_id, d.status, d.error, d.messages)
                   for d in docs], frames)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a chunk is parsed. Parsing text builds large
    graphs of small objects that hold no reference cycles (reference counting frees them):
    the collector, run every few hundred allocations, would traverse them again and again
    for nothing (about a fifth of the parse time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def ingest(paths: list[str | Path], db_path: str | Path, workers: int | None = None,
           manifest: Manifest | None = None) -> IngestReport:
    """Ingest ``paths`` into the DuckDB file ``db_path``; ``manifest``: identity fields that
    override what the files say (a file it names is parsed again even when its content is
    already stored, so a corrected manifest takes effect)."""
    files = discover(paths)
    cwd = Path.cwd().resolve()
    run_id = uuid.uuid4().hex[:12]
    report = IngestReport(run_id=run_id)
    started = datetime.now()
    con = duckdb.connect(str(db_path))
    try:
        ensure_schema(con)
        # this connection holds the file's write lock, so a run still unfinished is one whose
        # process died (killed, crashed): it is marked, never left open forever
        con.execute("UPDATE raw.ingest_runs SET abandoned_at = ? "
                    "WHERE finished_at IS NULL AND abandoned_at IS NULL", [started])
        con.execute("INSERT INTO raw.ingest_runs (run_id, started_at, parser_version) "
                    "VALUES (?, ?, ?)", [run_id, started, PARSER_VERSION])
        known = known_documents(con)
        clock = _WriteClock(con.execute("select max(ingested_at) from raw.documents"
                                        ).fetchall()[0][0])
        by_id = {doc_id: (path, status, version) for doc_id, path, status, version in known}
        # a path holds one document, or two: a good version and a newer one that failed
        by_path: dict[str, list[str]] = {}
        for doc_id, path, _, _ in known:
            by_path.setdefault(path, []).append(doc_id)
        pending: list[_Item] = []
        seen_ids: dict[str, str] = {}
        for file in files:
            path = display_path(file, cwd)
            try:
                data = file.read_bytes()
            except OSError as e:  # unreadable: this file fails, the run goes on
                report.outcomes.append(FileOutcome(
                    path, None, "failed", f"cannot read the file: {e.strerror or e}"))
                continue
            doc_id = content_id(data)
            stored = by_id.get(doc_id)
            given = manifest.lookup(file) if manifest is not None else None
            if doc_id in seen_ids or (stored and stored[2] == PARSER_VERSION and given is None):
                first = seen_ids.get(doc_id) or stored[0]
                outcome = stored[1] if stored and stored[1] in ("failed", "partial") \
                    else "unchanged"
                detail = "identical content already ingested" + (
                    f" from {first}" if first != path else "")
                report.outcomes.append(FileOutcome(path, doc_id, outcome, detail))
                continue
            seen_ids[doc_id] = path
            pending.append((data, path, given))
        batches = [pending[start:start + _BATCH] for start in range(0, len(pending), _BATCH)]
        del pending
        workers = workers or os.cpu_count() or 1
        pool = _pool(sum(map(len, batches)), workers)
        try:
            # one pool for the whole run; the next batches are parsed while one is written
            ahead: deque[Iterator[_Chunk]] = deque()
            for k in range(len(batches)):
                while k + len(ahead) < min(len(batches), k + 1 + _AHEAD):
                    ahead.append(_parse_all(batches[k + len(ahead)], pool, run_id))
                parsed = list(ahead.popleft())  # this batch's chunks, in order
                batches[k] = []  # its bytes are no longer needed
                _write(con, parsed, by_path, by_id, report, run_id, clock())
        finally:
            if pool is not None:
                pool.shutdown()
        counts = {k: report.count(k)
                  for k in ("loaded", "replaced", "unchanged", "partial", "failed")}
        con.execute(
            "UPDATE raw.ingest_runs SET finished_at = ?, files_seen = ?, loaded = ?, "
            "replaced = ?, unchanged = ?, partial = ?, failed = ? WHERE run_id = ?",
            [datetime.now(), len(files), counts["loaded"], counts["replaced"],
             counts["unchanged"], counts["partial"], counts["failed"], run_id])
    finally:
        con.close()
    return report


def _pool(documents: int, workers: int) -> ProcessPoolExecutor | None:
    """A process pool for the run, or None when parsing in-process is cheaper."""
    if documents < _PARALLEL_FROM or workers == 1:
        return None
    # The parsers are forked from a fork server, a process started clean for the purpose with
    # the parser imported once. Forked from this process, they would inherit the locks that
    # DuckDB's and polars' threads hold at that moment, and can hang on one (seen in a test).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ingest.pipeline"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _parse_all(batch: list[_Item], pool: ProcessPoolExecutor | None,
               run_id: str) -> Iterator[_Chunk]:
    """The batch's documents in order, in chunks; with a pool, parsing starts now."""
    chunks = [batch[i:i + _CHUNK] for i in range(0, len(batch), _CHUNK)]
    if pool is None:
        return iter([_parse_chunk(chunk, run_id) for chunk in chunks])
    return pool.map(_parse_chunk, chunks, [run_id] * len(chunks))


class _WriteClock:
    """The ``ingested_at`` of each written batch: the time, but always later than any stored
    before (a clock set back, or a daylight-saving change, must not make new documents look
    older than the watermark an incremental build continues from)."""

    def __init__(self, newest: datetime | None) -> None:
        self.last = newest

    def __call__(self) -> datetime:
        now = datetime.now()
        if self.last is not None and now <= self.last:
            now = self.last + timedelta(microseconds=1)
        self.last = now
        return now


def _write(con: duckdb.DuckDBPyConnection, chunks: list[_Chunk],
           by_path: dict[str, list[str]], by_id: dict[str, tuple], report: IngestReport,
           run_id: str, now: datetime) -> None:
    replaced_ids: list[str] = []
    messages: list[dict] = []
    for doc in (d for chunk in chunks for d in chunk.documents):
        olds = [i for i in by_path.get(doc.path, ()) if i != doc.document_id]
        stale = doc.document_id in by_id  # same content, older parser version
        if stale:
            replaced_ids.append(doc.document_id)
        # a new version that fails never deletes a good old one: both are kept, the good
        # one readable, until a version that loads replaces them
        kept = [i for i in olds if doc.status == "failed"
                and by_id.get(i, (None, None))[1] in ("loaded", "partial")]
        replaced_ids += [i for i in olds if i not in kept]
        outcome = doc.status if doc.status in ("failed", "partial") else (
            "replaced" if (olds or stale) else "loaded")
        detail = doc.error or "\n".join(
            f"{doc.path}:{m.line} [table {m.table}]: {m.text}" for m in doc.messages
            if m.severity == "error")
        if kept:
            detail += "; the previous version, which loaded, is kept"
        report.outcomes.append(FileOutcome(doc.path, doc.document_id, outcome, detail))
        for m in doc.messages:
            messages.append({"run_id": run_id, "document_id": doc.document_id,
                             "source_path": doc.path, "severity": m.severity, "line": m.line,
                             "table_title": m.table, "message": m.text})
            if m.severity == "warning":
                where = f"{doc.path}:{m.line}" if m.line else doc.path
                table = f" [table {m.table}]" if m.table else ""
                report.warnings.append(f"{where}{table}: {m.text}")
        by_path[doc.path] = [*kept, doc.document_id]
    # one frame per table for the batch (one INSERT each), stamped with the time it is written
    frames: dict[str, pl.DataFrame] = {}
    for name in chunks[0].frames if chunks else ():
        filled = [c.frames[name] for c in chunks if c.frames[name].height]
        frames[name] = (pl.concat(filled, how="diagonal_relaxed") if filled
                        else chunks[0].frames[name])
    if frames.get("documents") is not None and frames["documents"].height:
        frames["documents"] = frames["documents"].with_columns(ingested_at=pl.lit(now))
    write_frames(con, [frames], replaced_ids, messages)
