"""A careful user's worst day: the same content under two paths, edits that replace or fail,
writers and readers at once, a killed ingest, odd paths and names. Each case shows the defect
fixed and nothing else in the warehouse changed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.cli import BUSY, main
from ingest.lock import WarehouseLock
from ingest.pipeline import ingest
from tests.conftest import KEPU_2026, SAMPLES, XUEHUI_2025
from tests.test_ingest_damaged import snapshot

ROOT = Path(__file__).resolve().parent.parent
PDF_SAMPLES = ROOT.parent / "shared" / "pdf-samples"
CLI = [sys.executable, "-m", "budget_warehouse.cli"]


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _cells(db: Path, path: str) -> list[tuple]:
    """The stored cells of the document a path's row names (without its id)."""
    return _rows(db, "SELECT c.* EXCLUDE (document_id) FROM raw.cells c JOIN raw.documents d "
                     "USING (document_id) WHERE d.source_path = ? ORDER BY ALL", [path])


def test_identical_content_under_two_paths_survives_an_edit_of_one(tmp_path: Path) -> None:
    """Defect 4: A and B byte-identical; A edited and re-ingested: B's content stays in the
    warehouse (now under B), A's old version goes to raw_history, `prune` deletes it."""
    a, b, db = tmp_path / "A.txt", tmp_path / "B.txt", tmp_path / "w.duckdb"
    shutil.copy(SAMPLES / KEPU_2026, a)
    shutil.copy(SAMPLES / KEPU_2026, b)
    first = {Path(o.path).name: o for o in ingest([a, b], db).outcomes}
    assert {name: o.outcome for name, o in first.items()} == {"A.txt": "loaded",
                                                              "B.txt": "unchanged"}
    cells_before = _cells(db, a.as_posix())
    assert cells_before
    a.write_text(a.read_text(encoding="utf-8").replace("本年收入合计", "本年收入合计 ", 1),
                 encoding="utf-8")
    [edited] = ingest([a], db).outcomes
    assert edited.outcome == "replaced"
    paths = dict(_rows(db, "SELECT source_path, document_id FROM raw.document_paths"))
    assert paths[b.as_posix()] == first["A.txt"].document_id
    assert paths[a.as_posix()] == edited.document_id
    assert _cells(db, b.as_posix()) == cells_before  # B's content, under B's path
    assert _rows(db, "SELECT count(*) FROM raw.documents")[0][0] == 2
    assert _rows(db, "SELECT count(*) FROM raw_history.versions")[0][0] == 0  # nothing lost

    # a second edit of A replaces a content no other path holds: it is kept in history
    a.write_text(a.read_text(encoding="utf-8").replace("本年收入合计 ", "本年收入合计  ", 1),
                 encoding="utf-8")
    [again] = ingest([a], db).outcomes
    assert again.outcome == "replaced"
    assert _rows(db, "SELECT document_id, source_path, replaced_by FROM raw_history.versions"
                 ) == [(edited.document_id, a.as_posix(), again.document_id)]
    kept = _rows(db, "SELECT count(*) FROM raw_history.cells WHERE document_id = ?",
                 [edited.document_id])[0][0]
    assert kept == len(cells_before)
    before = snapshot(db)
    assert main(["--db", str(db), "prune", "--older-than", "1"]) == 0  # replaced just now
    assert _rows(db, "SELECT count(*) FROM raw_history.cells")[0][0] == kept
    assert main(["--db", str(db), "prune"]) == 0
    assert _rows(db, "SELECT count(*) FROM raw_history.cells")[0][0] == 0
    assert _rows(db, "SELECT count(*) FROM raw_history.versions")[0][0] == 0
    assert snapshot(db) == before  # prune touches history only


def _cli(db: Path, *args: str, wait: float | None = None, env: dict | None = None
         ) -> subprocess.Popen:
    command = [*CLI, "--db", str(db)] + (["--wait", str(wait)] if wait is not None else [])
    return subprocess.Popen([*command, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def test_writers_queue_and_a_reader_is_named(tmp_path: Path) -> None:
    """Defect 5: a second writer waits for the first (and loads), one whose wait runs out
    exits 3 with one line naming the holder; a reader holding the file is named the same way;
    two real ingests at once both load; no traceback anywhere."""
    db = tmp_path / "w.duckdb"
    half = tmp_path / "half"
    other = tmp_path / "other"
    half.mkdir()
    other.mkdir()
    shutil.copy(SAMPLES / KEPU_2026, half)
    shutil.copy(SAMPLES / XUEHUI_2025, other)

    # two real writers at once: the second queues behind the first, both load
    one, two = _cli(db, "ingest", str(half)), _cli(db, "ingest", str(other))
    for p in (one, two):
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert "Traceback" not in err
    assert _rows(db, "SELECT count(*) FROM raw.documents")[0][0] == 2

    # a long write holds the lock: an impatient writer gives up, a patient one queues
    holder = WarehouseLock(db)
    holder.acquire()
    try:
        impatient = _cli(db, "ingest", str(SAMPLES), wait=0.5)
        patient = _cli(db, "ingest", str(SAMPLES), wait=60)
        _, err = impatient.communicate(timeout=60)
        assert impatient.returncode == BUSY
        assert err.strip().count("\n") == 0 and "Traceback" not in err
        assert f"pid {os.getpid()}" in err and "--wait" in err
        time.sleep(1.0)
        assert patient.poll() is None  # still waiting
    finally:
        holder.release()
    _, err = patient.communicate(timeout=120)
    assert patient.returncode == 0, err
    assert _rows(db, "SELECT count(*) FROM raw.documents")[0][0] == 5

    # a reader (a notebook, a BI tool) holding the file: the writer names it and exits 3
    reader = duckdb.connect(str(db), read_only=True)
    try:
        blocked = _cli(db, "ingest", str(SAMPLES), wait=0.5)
        _, err = blocked.communicate(timeout=60)
        assert blocked.returncode == BUSY, err
        assert f"(PID {os.getpid()})" not in err and f"pid {os.getpid()}" in err
        assert "Traceback" not in err and err.strip().count("\n") == 0
    finally:
        reader.close()
    assert _cli(db, "ingest", str(SAMPLES), wait=5).wait(timeout=60) == 0


def _tagged(tag: str) -> list[int]:
    """PIDs of the processes whose environment carries ``tag``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if f"BW_FAULT_TAG={tag}".encode() in (proc / "environ").read_bytes().split(b"\0"):
                state = (proc / "stat").read_bytes().rsplit(b")", 1)[1].split()[0]
                if state != b"Z":
                    found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not PDF_SAMPLES.is_dir(), reason="needs ../shared/pdf-samples")
def test_killed_ingest_leaves_no_process_and_an_aborted_run(tmp_path: Path) -> None:
    """Defect 7: ``kill -9`` of ingest while it writes (one document per batch, so it writes
    between parses): no parser process outlives it, the next run closes its run row as
    aborted, and no document is stored half."""
    db = tmp_path / "w.duckdb"
    tag = uuid.uuid4().hex
    script = ("import sys, ingest.pipeline as p; p._BATCH = 1; "
              "from budget_warehouse.cli import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "--db", str(db), "ingest", "--workers", "2",
         str(PDF_SAMPLES)], cwd=ROOT, env={**os.environ, "BW_FAULT_TAG": tag},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lock = db.with_name(db.name + ".lock")
    deadline = time.monotonic() + 120
    # the lock file names its holder from the first write on (after the state is read)
    while time.monotonic() < deadline and proc.poll() is None:
        if lock.exists() and lock.read_bytes() and len(_tagged(tag)) >= 3:
            break
        time.sleep(0.05)
    time.sleep(0.5)
    assert proc.poll() is None, "ingest finished before it could be killed"
    assert len(_tagged(tag)) >= 3  # the ingest, the fork server and parser workers
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while _tagged(tag) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _tagged(tag) == []

    report = ingest([SAMPLES / KEPU_2026], db)
    assert not report.failed
    runs = _rows(db, "SELECT status, count(*) FROM raw.ingest_runs GROUP BY ALL ORDER BY 1")
    assert runs == [("aborted", 1), ("finished", 1)]
    # every stored document is whole: its rows are those it counted
    assert _rows(db, """
        SELECT d.file_name FROM raw.documents d
        LEFT JOIN (SELECT document_id, count(*) AS n FROM raw.cells GROUP BY ALL) c
          USING (document_id)
        WHERE coalesce(c.n, 0) <> d.cell_count""") == []


def test_terminal_controls_are_not_printed_and_names_are_stored_exactly(
        tmp_path: Path, capsys) -> None:
    """Defects 9 and 10: control sequences in a file name (and so in every line naming it)
    never reach the terminal; a backslash is part of a file name, stored as it is; an empty
    folder, a broken link and a link loop are warned about."""
    folder = tmp_path / "docs"
    folder.mkdir()
    odd = folder / "back\\slash \x1b[2J\x1b]0;owned\x07.txt"
    shutil.copy(SAMPLES / KEPU_2026, odd)
    (folder / "empty").mkdir()
    (folder / "loop").symlink_to(folder)
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    db = tmp_path / "w.duckdb"
    assert main(["--db", str(db), "ingest", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "back\\slash [2J]0;owned.txt" not in out  # the sequences are gone, not half left
    assert "back\\slash .txt" in out
    assert _rows(db, "SELECT file_name FROM raw.documents") == [(odd.name,)]
    for expected in ("empty: empty folder", "loop: link loop skipped",
                     "gone.txt: broken link skipped"):
        assert expected in err, err


def test_good_version_restored_after_a_failed_one(tmp_path: Path) -> None:
    """A file edited so that it fails, then restored to its good content: the good version
    is what the path holds again, the failed one leaves raw (kept in raw_history)."""
    doc, db = tmp_path / "a.txt", tmp_path / "w.duckdb"
    shutil.copy(SAMPLES / KEPU_2026, doc)
    [good] = ingest([doc], db).outcomes
    before = snapshot(db)
    doc.write_bytes(b"\x00\x01 not a disclosure \xff" * 50)
    [bad] = ingest([doc], db).outcomes
    assert bad.outcome == "failed"
    shutil.copy(SAMPLES / KEPU_2026, doc)
    [restored] = ingest([doc], db).outcomes
    assert restored.outcome == "unchanged"
    assert _rows(db, "SELECT document_id, status FROM raw.documents") == [
        (good.document_id, "loaded")]
    assert _rows(db, "SELECT document_id FROM raw.document_paths") == [(good.document_id,)]
    assert _rows(db, "SELECT document_id FROM raw_history.versions") == [(bad.document_id,)]
    assert snapshot(db) == before
