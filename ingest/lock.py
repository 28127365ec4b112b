"""The warehouse's write lock: one writer at a time, the others wait or are told who holds it.

Every stage that writes the DuckDB file (ingest, build, check, prune) takes an exclusive
``flock`` on ``<warehouse>.lock`` beside it. The kernel releases it when its holder dies (even
by ``kill -9``), so a lock is never left stale. The file names its holder (PID, command, since
when) for the message a waiting writer prints when it gives up. DuckDB's own file lock stops
other processes (a notebook, a BI tool) that open the file outside this lock: opening the file
is retried for the same wait (:func:`connect`).
"""

from __future__ import annotations

import fcntl
import os
import re
import sys
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType

import duckdb

DEFAULT_WAIT = 10.0  # seconds a writer waits for the lock before it gives up
_POLL = 0.1


class WarehouseBusy(Exception):
    """The warehouse is locked by another process for longer than the wait allows."""


def lock_path(db_path: str | Path) -> Path:
    db = Path(db_path).expanduser().absolute()
    return db.with_name(db.name + ".lock")


class WarehouseLock:
    """An exclusive lock on one warehouse file, re-entrant within this object: ``acquire``
    when held is a no-op, so a ``run`` keeps the lock its ingest took through build and check.
    """

    def __init__(self, db_path: str | Path, wait: float = DEFAULT_WAIT) -> None:
        self.path = lock_path(db_path)
        self.wait = wait
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(self.wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    os.close(fd)
                    raise WarehouseBusy(
                        f"{self.path.with_suffix('')} is being written by {holder}; "
                        f"gave up after waiting {self.wait:g} s (--wait SECONDS)") from None
                time.sleep(_POLL)
        command = " ".join(Path(sys.argv[0]).name if i == 0 else a
                           for i, a in enumerate(sys.argv)) or "python"
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} ({command}) since "
                      f"{datetime.now():%Y-%m-%d %H:%M:%S}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> WarehouseLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    text = os.pread(fd, 400, 0).decode("utf-8", "replace").strip()
    return text or "another process"


_DUCKDB_HOLDER = re.compile(r"Conflicting lock is held in (.*?)(?: \(PID (\d+)\))", re.S)


def connect(db_path: str | Path, wait: float = DEFAULT_WAIT,
            read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, retrying while another process (outside :class:`WarehouseLock`:
    a notebook, a BI tool) holds DuckDB's own lock on it; :class:`WarehouseBusy` after
    ``wait`` seconds, naming that process."""
    deadline = time.monotonic() + max(wait, 0.0)
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" not in text.lower():
                raise
            if time.monotonic() >= deadline:
                found = _DUCKDB_HOLDER.search(text)
                holder = (f"pid {found.group(2)} ({found.group(1).strip()})" if found
                          else "another process")
                raise WarehouseBusy(
                    f"{db_path} is open in {holder}; gave up after waiting {wait:g} s "
                    "(--wait SECONDS)") from None
            time.sleep(_POLL)
