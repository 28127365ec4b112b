"""Ingest files or folders into the warehouse: skip unchanged content, parse in parallel,
replace changed files, record failures, and report what happened."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from ingest import PARSER_VERSION
from ingest.catalogue import load_catalogue
from ingest.lock import DEFAULT_WAIT, WarehouseLock, connect
from ingest.manifest import Manifest
from ingest.parse import Message, ParsedDocument, content_id, parse_bytes
from ingest.store import (
    document_frames,
    document_paths,
    ensure_schema,
    known_documents,
    record_paths,
    write_frames,
)

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


def discover(paths: list[str | Path]) -> tuple[list[Path], list[str]]:
    """Every document file named by ``paths`` (files, or folders searched recursively,
    following links to folders), as absolute paths, and warnings for what was skipped: empty
    folders, broken links, link loops, a folder with no document file."""
    found: list[Path] = []
    warnings: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            before = len(found)
            _walk(p.resolve(), found, warnings, set())
            if len(found) == before:
                warnings.append(f"{p}: no {' or '.join(SUFFIXES)} file in this folder")
        elif p.is_file():
            found.append(p.resolve())
        elif p.is_symlink():
            raise FileNotFoundError(f"broken link: {p} -> {os.readlink(p)}")
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    unique = list(dict.fromkeys(found))  # a file reached twice (through a link) is read once
    return unique, warnings


def _walk(folder: Path, found: list[Path], warnings: list[str], seen: set[Path]) -> None:
    """Documents under ``folder`` (its real path), in name order; ``seen``: the real paths of
    the folders above it, so a link back to one is reported, not followed forever."""
    seen = seen | {folder}
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        warnings.append(f"{folder}: folder skipped, cannot be listed: {exc.strerror or exc}")
        return
    if not entries:
        warnings.append(f"{folder}: empty folder")
    for entry in entries:
        if entry.is_symlink():
            try:
                target = entry.resolve()
            except (RuntimeError, OSError):  # a link to itself, or in a ring of links
                warnings.append(f"{entry}: link loop skipped (-> {os.readlink(entry)})")
                continue
            if not target.exists():
                warnings.append(f"{entry}: broken link skipped (-> {os.readlink(entry)})")
                continue
            if target.is_dir():
                if target in seen or any(s.is_relative_to(target) for s in seen):
                    warnings.append(f"{entry}: link loop skipped (-> {target})")
                else:
                    _walk(target, found, warnings, seen)
                continue
            entry = target
        if entry.is_dir():
            _walk(entry, found, warnings, seen)
        elif entry.suffix.lower() in SUFFIXES and entry.is_file():
            found.append(entry)


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
           manifest: Manifest | None = None, lock: WarehouseLock | None = None,
           wait: float = DEFAULT_WAIT) -> IngestReport:
    """Ingest ``paths`` into the DuckDB file ``db_path``; ``manifest``: identity fields that
    override what the files say (a file it names is parsed again even when its content is
    already stored, so a corrected manifest takes effect).

    The warehouse's write lock (``lock``, else one taken here with ``wait``) is held to read
    what is stored and again from the first write on, not while the first batch is parsed; a
    lock passed in is left held (``run`` keeps it for build and check).
    :class:`~ingest.lock.WarehouseBusy` when another writer holds it for longer than the wait.
    """
    files, warnings = discover(paths)
    cwd = Path.cwd().resolve()
    run_id = uuid.uuid4().hex[:12]
    report = IngestReport(run_id=run_id, warnings=warnings)
    started = datetime.now()
    own_lock = lock is None
    lock = lock or WarehouseLock(db_path, wait)
    held_before = lock.held
    try:
        lock.acquire()
        with closing(connect(db_path, lock.wait)) as con:
            ensure_schema(con)
            stored = _Stored.read(con)
        if not held_before:
            lock.release()  # parsing needs no lock: another writer may write meanwhile
        pending = _to_parse(files, cwd, stored, manifest, report)
        batches = [pending[start:start + _BATCH] for start in range(0, len(pending), _BATCH)]
        del pending
        workers = workers or os.cpu_count() or 1
        pool = _pool(sum(map(len, batches)), workers)
        con: duckdb.DuckDBPyConnection | None = None
        try:
            # one pool for the whole run; the next batches are parsed while one is written
            ahead: deque[Iterator[_Chunk]] = deque()
            for k in range(len(batches)):
                while k + len(ahead) < min(len(batches), k + 1 + _AHEAD):
                    ahead.append(_parse_all(batches[k + len(ahead)], pool, run_id))
                parsed = list(ahead.popleft())  # this batch's chunks, in order
                batches[k] = []  # its bytes are no longer needed
                if con is None:
                    con, stored = _start_writing(db_path, lock, report, run_id, started)
                _write(con, parsed, stored, report, run_id, stored.clock())
            if con is None:  # nothing to parse: the run still records the files it read
                con, stored = _start_writing(db_path, lock, report, run_id, started)
            _drop_failed_successors(con, stored, report, run_id)
            _close_run(con, run_id, len(files), report)
        finally:
            if con is not None:
                con.close()
            if pool is not None:
                pool.shutdown(cancel_futures=True)
    finally:
        if own_lock:
            lock.release()
    return report


@dataclass(slots=True)
class _Stored:
    """What the warehouse holds, as the run's decisions need it."""

    by_id: dict[str, tuple[str, str, str]]  # document id -> (path, status, parser version)
    # a path holds one document, or two: a good version and a newer one that failed
    by_path: dict[str, list[str]]
    paths_of: dict[str, set[str]]  # document id -> every path its content was read from
    clock: _WriteClock

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> _Stored:
        known = known_documents(con)
        by_path: dict[str, list[str]] = {}
        for doc_id, path, _, _ in known:
            by_path.setdefault(path, []).append(doc_id)
        paths_of: dict[str, set[str]] = {}
        for path, doc_id in document_paths(con):
            paths_of.setdefault(doc_id, set()).add(path)
        newest = con.execute("select max(ingested_at) from raw.documents").fetchall()[0][0]
        return cls({i: (p, s, v) for i, p, s, v in known}, by_path, paths_of,
                   _WriteClock(newest))


def _start_writing(db_path: str | Path, lock: WarehouseLock, report: IngestReport,
                   run_id: str, started: datetime) -> tuple[duckdb.DuckDBPyConnection, _Stored]:
    """Take the write lock, open the warehouse, read what it holds now (another writer may
    have stored files while this run parsed) and open the run's row."""
    lock.acquire()
    con = connect(db_path, lock.wait)
    stored = _Stored.read(con)
    for o in report.outcomes:  # this run's unchanged files hold their content
        if o.document_id is not None:
            stored.paths_of.setdefault(o.document_id, set()).add(o.path)
    _open_run(con, run_id, started)
    return con, stored


def _to_parse(files: list[Path], cwd: Path, stored: _Stored, manifest: Manifest | None,
              report: IngestReport) -> list[_Item]:
    """The files whose content is new (or parsed by an older parser, or named by the
    manifest); the others are reported unchanged (their paths are recorded when written)."""
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
        known = stored.by_id.get(doc_id)
        given = manifest.lookup(file) if manifest is not None else None
        if doc_id in seen_ids or (known and known[2] == PARSER_VERSION and given is None):
            first = seen_ids.get(doc_id) or known[0]
            outcome = known[1] if known and known[1] in ("failed", "partial") else "unchanged"
            detail = "identical content already ingested" + (
                f" from {first}" if first != path else "")
            report.outcomes.append(FileOutcome(path, doc_id, outcome, detail))
            continue
        seen_ids[doc_id] = path
        pending.append((data, path, given))
    return pending


def _drop_failed_successors(con: duckdb.DuckDBPyConnection, stored: _Stored,
                            report: IngestReport, run_id: str) -> None:
    """A path read again with the content of its good version, while a newer version that
    failed is stored beside it: the failed one is no longer what the path holds, so it goes
    to raw_history (the good one was kept for this)."""
    archived = []
    for o in report.outcomes:
        if o.outcome != "unchanged" or o.document_id is None:
            continue
        for old in stored.by_path.get(o.path, ()):
            if (old != o.document_id and stored.by_id.get(old, ("", ""))[1] == "failed"
                    and not stored.paths_of.get(old, set()) - {o.path}):
                archived.append((old, o.path, o.document_id, run_id, datetime.now()))
    if archived:
        write_frames(con, [], [a[0] for a in archived], [], archived=archived)


def _open_run(con: duckdb.DuckDBPyConnection, run_id: str, started: datetime) -> None:
    # this connection holds the write lock, so a run still unfinished is one whose process
    # died (killed, crashed): it is closed as aborted, never left open forever
    con.execute("UPDATE raw.ingest_runs SET abandoned_at = ?, status = 'aborted' "
                "WHERE finished_at IS NULL AND abandoned_at IS NULL", [datetime.now()])
    con.execute("INSERT INTO raw.ingest_runs (run_id, started_at, parser_version, status) "
                "VALUES (?, ?, ?, 'running')", [run_id, started, PARSER_VERSION])


def _close_run(con: duckdb.DuckDBPyConnection, run_id: str, files: int,
               report: IngestReport) -> None:
    # every path read records the content it holds (an unchanged file's path too: the same
    # content under a second path is kept while either path holds it)
    record_paths(con, [(o.path, o.document_id) for o in report.outcomes
                       if o.document_id is not None], run_id)
    counts = {k: report.count(k) for k in ("loaded", "replaced", "unchanged", "partial",
                                           "failed")}
    con.execute(
        "UPDATE raw.ingest_runs SET finished_at = ?, status = 'finished', files_seen = ?, "
        "loaded = ?, replaced = ?, unchanged = ?, partial = ?, failed = ? WHERE run_id = ?",
        [datetime.now(), files, counts["loaded"], counts["replaced"], counts["unchanged"],
         counts["partial"], counts["failed"], run_id])


def _pool(documents: int, workers: int) -> ProcessPoolExecutor | None:
    """A process pool for the run, or None when parsing in-process is cheaper."""
    if documents < _PARALLEL_FROM or workers == 1:
        return None
    # The parsers are forked from a fork server, a process started clean for the purpose with
    # the parser imported once. Forked from this process, they would inherit the locks that
    # DuckDB's and polars' threads hold at that moment, and can hang on one (seen in a test).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ingest.pipeline"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_die_with, initargs=(os.getpid(),))


def _die_with(parent: int) -> None:
    """Make this parser process exit when the ingest that started it is gone (killed, even by
    ``kill -9``): its parent is the fork server, so the kernel's parent-death signal cannot
    say so; a watcher thread looks every half second."""
    def watch() -> None:
        while _alive(parent):
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"  # not a zombie
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


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


def _write(con: duckdb.DuckDBPyConnection, chunks: list[_Chunk], stored: _Stored,
           report: IngestReport, run_id: str, now: datetime) -> None:
    removed: list[str] = []  # document ids whose rows the batch deletes from raw
    archived: list[tuple[str, str, str]] = []  # (old id, its path, the id replacing it)
    moved: list[tuple[str, str]] = []  # (id, the other path that still holds its content)
    messages: list[dict] = []
    for doc in (d for chunk in chunks for d in chunk.documents):
        olds = [i for i in stored.by_path.get(doc.path, ()) if i != doc.document_id]
        if doc.document_id in stored.by_id:  # same content, older parser version
            removed.append(doc.document_id)
        # a new version that fails never deletes a good old one: both are kept, the good
        # one readable, until a version that loads replaces them
        kept = [i for i in olds if doc.status == "failed"
                and stored.by_id.get(i, (None, None))[1] in ("loaded", "partial")]
        for old in (i for i in olds if i not in kept):
            others = sorted(stored.paths_of.get(old, set()) - {doc.path})
            stored.paths_of.get(old, set()).discard(doc.path)
            if others:  # its content is still what another path holds: it stays, there
                moved.append((old, others[0]))
                stored.by_path.setdefault(others[0], []).append(old)
            else:  # replaced: kept in raw_history until pruned
                removed.append(old)
                archived.append((old, doc.path, doc.document_id))
        outcome = doc.status if doc.status in ("failed", "partial") else (
            "replaced" if (olds or doc.document_id in stored.by_id) else "loaded")
        detail = doc.error or "\n".join(
            f"{doc.path}:{m.line} [table {m.table}]: {m.text}" for m in doc.messages
            if m.severity == "error")
        if kept:
            detail += "; the previous version, which loaded, is kept"
        report.outcomes.append(FileOutcome(doc.path, doc.document_id, outcome, detail))
        for i, m in enumerate(doc.messages):
            messages.append({"run_id": run_id, "document_id": doc.document_id,
                             "source_path": doc.path, "message_index": i,
                             "severity": m.severity, "line": m.line,
                             "table_title": m.table, "message": m.text})
            if m.severity == "warning":
                where = f"{doc.path}:{m.line}" if m.line else doc.path
                table = f" [table {m.table}]" if m.table else ""
                report.warnings.append(f"{where}{table}: {m.text}")
        stored.by_path[doc.path] = [*kept, doc.document_id]
        stored.by_id[doc.document_id] = (doc.path, doc.status, PARSER_VERSION)
        stored.paths_of.setdefault(doc.document_id, set()).add(doc.path)
    # one frame per table for the batch (one INSERT each), stamped with the time it is written
    frames: dict[str, pl.DataFrame] = {}
    for name in chunks[0].frames if chunks else ():
        filled = [c.frames[name] for c in chunks if c.frames[name].height]
        frames[name] = (pl.concat(filled, how="diagonal_relaxed") if filled
                        else chunks[0].frames[name])
    if frames.get("documents") is not None and frames["documents"].height:
        frames["documents"] = frames["documents"].with_columns(ingested_at=pl.lit(now))
    write_frames(con, [frames], removed, messages,
                 archived=[(*a, run_id, now) for a in archived],
                 moved=[(*m, now) for m in moved if m[0] not in removed])
