"""Benchmark the whole pipeline on generated corpora and print the figures.

    python -m bench.benchmark --sizes 100 1000 10000

For each size: generate the corpus (seeded) into a temporary folder, then time, each in its
own process as a user would run it,

- ingest  (``budget-warehouse ingest``: the real CLI, parsing in parallel processes),
- build   (``budget_warehouse.build.build_warehouse``: dbt seeds, models, tests),
- check   (``expectations.runner.run_checks``: the quality checks),

and, on the same files, DuckDB's own ``read_csv`` of every line as one column: the practical
floor for reading the bytes. Peak memory is the largest resident set of the stage's process
tree (the process and its parser workers: proportional set size summed, sampled every
100 ms). Then the incremental run on the largest warehouse: one document changed and ingest,
build and check run as separate commands (the breakdown); another document changed and
``budget-warehouse run`` (one command, end to end); then the incremental warehouse is compared
with a full rebuild of a copy (every intermediate and mart row, every current check result).

A stage whose module is missing is skipped with a note. Nothing is written outside the
temporary folder (``--workdir`` to choose it, ``--keep`` to keep it).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from bench.generate import generate_corpus

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class StageResult:
    seconds: float | None = None
    cpu_seconds: float | None = None  # user + system time of the process tree
    peak_rss_mb: float | None = None
    status: int | None = None
    note: str = ""


@dataclass
class SizeResult:
    n: int
    bytes_in: int = 0
    generate_s: float = 0.0
    floor_s: float = 0.0
    floor_lines: int = 0
    store_floor_s: float = 0.0  # read_csv of every line, stored in a DuckDB file
    raw_write_s: float = 0.0  # DuckDB copying the raw rows ingest wrote into a new file
    stages: dict[str, StageResult] = field(default_factory=dict)
    raw_cells: int = 0
    value_cells: int = 0
    fact_rows: dict[str, int] = field(default_factory=dict)
    loaded: int = 0
    failed: int = 0


# ---- measuring a process tree -------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _tree(pid: int) -> list[int]:
    """A process and its descendants."""
    children = _children_map()
    found, stack = [], [pid]
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, []))
        found.append(p)
    return found


def _tree_memory_kb(pids: list[int]) -> int:
    """Proportional set size (PSS) of the processes, summed: pages shared by forked workers
    count once, unlike a sum of RSS. Falls back to RSS without smaps_rollup."""
    return sum(map(_memory_kb, pids))


def _cpu_ticks(pid: int) -> int:
    """User + system CPU time a process has used itself (clock ticks), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return 0
    fields = stat[stat.rindex(b")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def _memory_kb(pid: int) -> int:
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def run_stage(
    args: list[str], env: dict[str, str] | None = None, log: Path | None = None
) -> StageResult:
    """Run a command, timing it and sampling the peak RSS of its process tree."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        args, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
    )
    peak = 0
    ticks: dict[int, int] = {}  # per process of the tree: the CPU ticks last seen
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            pids = _tree(proc.pid)
            peak = max(peak, _tree_memory_kb(pids))
            for p in pids:
                ticks[p] = max(ticks.get(p, 0), _cpu_ticks(p))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = proc.wait()
    done.set()
    sampler.join()
    if log:
        out.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # processes the command does not wait for (the ingest's fork server and the parsers it
    # forks) are not in its children's usage: count what the samples saw of every process
    sampled = sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
    cpu = max(cpu, sampled)
    return StageResult(time.perf_counter() - started, cpu, peak / 1024, status)


# ---- the stages ---------------------------------------------------------------------------


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def ingest_stage(docs: Path, db: Path, log: Path) -> StageResult:
    return run_stage([*_cli(), "--db", str(db), "ingest", str(docs)], log=log)


def build_stage(db: Path, work: Path, log: Path) -> StageResult:
    if not _available("budget_warehouse.build"):
        return StageResult(note="skipped: budget_warehouse/build.py not found")
    code = (
        "import sys; from pathlib import Path; from budget_warehouse.build import "
        "build_warehouse; sys.exit(build_warehouse(Path(sys.argv[1]), "
        "target_path=Path(sys.argv[2]) / 'target', log_path=Path(sys.argv[2]) / 'logs'))"
    )
    return run_stage([PYTHON, "-c", code, str(db), str(work)], log=log)


def check_stage(db: Path, log: Path, scope: str = "changed") -> StageResult:
    """The checks as ``budget-warehouse check --no-docs`` runs them (``scope`` "all" checks
    every document, "changed" those ingested since the last check run)."""
    if not _available("expectations.runner"):
        return StageResult(note="skipped: expectations/runner.py not found")
    code = (
        "import sys; from pathlib import Path; from expectations.runner import run_checks; "
        "from budget_warehouse.build_state import last_complete_build; "
        "sys.exit(run_checks(Path(sys.argv[1]), write_docs=False, scope=sys.argv[2], "
        "last_build=last_complete_build))"
    )
    return run_stage([PYTHON, "-c", code, str(db), scope], log=log)


def _cli() -> list[str]:
    cli = Path(PYTHON).with_name("budget-warehouse")
    return [str(cli)] if cli.exists() else [PYTHON, "-m", "budget_warehouse.cli"]


def run_command_stage(docs: Path, db: Path, work: Path, log: Path) -> StageResult:
    """``budget-warehouse run --no-docs DOCS``: ingest, build and check in one process."""
    env = {"DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs")}
    return run_stage([*_cli(), "--db", str(db), "run", "--no-docs", str(docs)], env=env, log=log)


def full_rebuild_differences(db: Path, work: Path, log: Path) -> dict:
    """Rebuild a copy of ``db`` in full (``build --full-refresh``, ``check --all``) and count
    the rows of every intermediate and mart table, and of the current check results, that
    differ from the incremental warehouse ``db``."""
    copy = work / "full-rebuild.duckdb"
    shutil.copy(db, copy)
    code = (
        "import sys; from pathlib import Path; from budget_warehouse.build import "
        "build_warehouse; sys.exit(build_warehouse(Path(sys.argv[1]), "
        "target_path=Path(sys.argv[2]) / 'target-full', log_path=Path(sys.argv[2]) / 'logs', "
        "full_refresh=True))"
    )
    run_stage([PYTHON, "-c", code, str(copy), str(work)], log=log)
    check_stage(copy, log, scope="all")
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute(f"ATTACH '{copy}' AS full_build (READ_ONLY)")
        tables = [f"{s}.{t}" for s, t in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = "
            "current_database() AND schema_name IN ('intermediate', 'marts') ORDER BY 1, 2"
        ).fetchall()]
        differing = 0
        for table in tables:
            for a, b in ((table, f"full_build.{table}"), (f"full_build.{table}", table)):
                differing += con.execute(
                    f"SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b})"
                ).fetchone()[0]
        columns = "rule_id, document_id, status, comparisons, failures"
        results = con.execute(
            f"SELECT count(*) FROM ((SELECT {columns} FROM quality.current_results EXCEPT ALL "
            f"SELECT {columns} FROM full_build.quality.current_results) UNION ALL "
            f"(SELECT {columns} FROM full_build.quality.current_results EXCEPT ALL "
            f"SELECT {columns} FROM quality.current_results))"
        ).fetchone()[0]
        compared = con.execute("SELECT count(*) FROM quality.current_results").fetchone()[0]
    finally:
        con.close()
        copy.unlink(missing_ok=True)
    return {"tables": len(tables), "differing_rows": differing,
            "check_results": compared, "differing_results": results}


def duckdb_floor(docs: Path) -> tuple[float, int]:
    """Seconds DuckDB takes to read every line of every file as one VARCHAR column.

    DuckDB reads UTF-8 only: the lines of GBK files that are not valid UTF-8 are read and
    rejected (``ignore_errors``), so the floor covers every byte, not every line's text."""
    files = sorted(str(p) for p in docs.rglob("*.txt"))
    con = duckdb.connect()
    started = time.perf_counter()
    lines, _ = con.execute(
        "SELECT count(*), sum(length(line)) FROM read_csv(?, columns = {'line': 'VARCHAR'}, "
        "header = false, delim = '\x1f', quote = '', escape = '', auto_detect = false, "
        "encoding = 'utf-8', ignore_errors = true, null_padding = false, strict_mode = false)",
        [files],
    ).fetchone()
    seconds = time.perf_counter() - started
    con.close()
    return seconds, lines


_LINES = (
    "FROM read_csv(?, columns = {'line': 'VARCHAR'}, header = false, delim = '\x1f', "
    "quote = '', escape = '', auto_detect = false, encoding = 'utf-8', ignore_errors = true, "
    "null_padding = false, strict_mode = false, filename = true)")


def duckdb_store_floor(docs: Path, scratch: Path) -> float:
    """Seconds DuckDB takes to read every line (as :func:`duckdb_floor`) and store the lines,
    with their file names, in a table of a new database file: the floor for a read that
    keeps what it reads."""
    files = sorted(str(p) for p in docs.rglob("*.txt"))
    with _scratch_database(scratch) as con:
        started = time.perf_counter()
        con.execute(f"CREATE TABLE lines AS SELECT filename, line {_LINES}", [files])
        con.execute("CHECKPOINT")
        return time.perf_counter() - started


def raw_write_floor(db: Path, scratch: Path) -> float:
    """Seconds DuckDB takes to copy the ``raw`` rows an ingest wrote into a new database file
    (no parsing, no Python): the cost of storing what ingest must store."""
    with _scratch_database(scratch) as con:
        con.execute(f"ATTACH '{db}' AS src (READ_ONLY)")
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'src' "
            "AND schema_name = 'raw' ORDER BY table_name").fetchall()]
        started = time.perf_counter()
        for table in tables:
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM src.raw.{table}")
        con.execute("CHECKPOINT")
        return time.perf_counter() - started


@contextmanager
def _scratch_database(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a new database file at ``path``, deleted afterwards."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        yield con
    finally:
        con.close()
        path.unlink(missing_ok=True)


def _counts(db: Path, result: SizeResult) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        result.raw_cells, result.value_cells = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE cell_role = 'value') FROM raw.cells"
        ).fetchone()
        result.loaded, result.failed = con.execute(
            "SELECT count(*) FILTER (WHERE status in ('loaded', 'partial')), "
            "count(*) FILTER (WHERE status = 'failed') FROM raw.documents"
        ).fetchone()
        facts = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' "
            "AND table_name LIKE 'fact%' ORDER BY 1"
        ).fetchall()
        for (name,) in facts:
            result.fact_rows[name] = con.execute(f"SELECT count(*) FROM marts.{name}").fetchone()[0]
    finally:
        con.close()


def run_size(n: int, seed: int, work: Path, stages: set[str]) -> tuple[SizeResult, Path, Path]:
    folder = work / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    result = SizeResult(n)
    started = time.perf_counter()
    manifest = generate_corpus(folder / "corpus", n, seed=seed)
    result.generate_s = time.perf_counter() - started
    result.bytes_in = manifest["bytes"]
    docs = folder / "corpus" / "docs"
    db = folder / "warehouse.duckdb"
    log = folder / "stages.log"
    result.floor_s, result.floor_lines = duckdb_floor(docs)
    result.store_floor_s = duckdb_store_floor(docs, folder / "floor.duckdb")
    result.stages["ingest"] = ingest_stage(docs, db, log)
    result.raw_write_s = raw_write_floor(db, folder / "raw_copy.duckdb")
    if "build" in stages:
        result.stages["build"] = build_stage(db, folder, log)
    if "check" in stages and result.stages.get("build", StageResult()).seconds is not None:
        result.stages["check"] = check_stage(db, log)
    elif "check" in stages:
        result.stages["check"] = StageResult(note="skipped: no build")
    _counts(db, result)
    return result, docs, db


def change_one_document(docs: Path, which: int = 0) -> Path:
    """Change one heading of one document (a real edit: new content, same path); ``which``
    picks another document."""
    budgets = sorted(docs.rglob("*_budget.txt"))
    target = budgets[(len(budgets) // 2 + which) % len(budgets)]
    data = target.read_bytes()
    encoding = "utf-8"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text, encoding = data.decode("gb18030"), "gb18030"
    text = text.replace("十二、其他说明", "十二、其他说明（更正稿）", 1)
    target.write_bytes(text.encode(encoding))
    return target


def incremental(docs: Path, db: Path, work: Path, stages: set[str]) -> dict:
    """One document changed, then: ingest, build and check as separate commands (the
    breakdown); another document changed, then ``budget-warehouse run`` (one command, end to
    end); then the warehouse compared with a full rebuild of a copy."""
    changed = change_one_document(docs)
    log = work / "incremental.log"
    out: dict = {"changed": str(changed.relative_to(docs))}
    started = time.perf_counter()
    out["ingest"] = ingest_stage(docs, db, log)
    if "build" in stages:
        out["build"] = build_stage(db, work, log)
    if "check" in stages and out.get("build") and out["build"].seconds is not None:
        out["check"] = check_stage(db, log)
    out["total_s"] = time.perf_counter() - started
    con = duckdb.connect(str(db), read_only=True)
    out["last_run"] = con.execute(
        "SELECT files_seen, loaded, replaced, unchanged, failed FROM raw.ingest_runs "
        "ORDER BY started_at DESC LIMIT 1"
    ).fetchone()
    con.close()
    if {"build", "check"} <= stages:
        second = change_one_document(docs, which=1)
        out["run_changed"] = str(second.relative_to(docs))
        out["run"] = run_command_stage(docs, db, work, log)
        out["verified"] = full_rebuild_differences(db, work, log)
    return out


# ---- printing -----------------------------------------------------------------------------


def _s(stage: StageResult | None) -> str:
    if stage is None or stage.seconds is None:
        return "—"
    return f"{stage.seconds:.1f}" + ("" if not stage.status else f" (exit {stage.status})")


def _cpu(stage: StageResult | None) -> str:
    return "—" if stage is None or stage.cpu_seconds is None else f"{stage.cpu_seconds:.0f}"


def _mb(stage: StageResult | None) -> str:
    return "—" if stage is None or stage.peak_rss_mb is None else f"{stage.peak_rss_mb:.0f}"


def print_report(results: list[SizeResult], inc: dict | None, total_wall: float) -> None:
    p = print
    p()
    p(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, duckdb {duckdb.__version__}, {platform.platform()}"
    )
    p(
        f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (other "
        "work on the machine inflates wall times; CPU s is the stages' own time)"
    )
    p()
    head = (
        "| documents | MB in | generate s | DuckDB read_csv s | ingest s | docs/s | MB/s "
        "| ingest / floor | build s | check s | ingest+build+check s | CPU s "
        "(ingest/build/check) | peak memory MB (ingest/build/check) | raw cells "
        "| value cells | fact rows |"
    )
    p(head)
    p("|" + "---|" * (head.count("|") - 1))
    for r in results:
        ing = r.stages.get("ingest")
        build, check = r.stages.get("build"), r.stages.get("check")
        mb = r.bytes_in / 1e6
        total = sum(s.seconds for s in r.stages.values() if s and s.seconds)
        facts = sum(r.fact_rows.values())
        p(
            f"| {r.n:,} | {mb:.1f} | {r.generate_s:.1f} | {r.floor_s:.2f} | {_s(ing)} "
            f"| {r.n / ing.seconds:.0f} | {mb / ing.seconds:.1f} | {ing.seconds / r.floor_s:.0f}x "
            f"| {_s(build)} | {_s(check)} | {total:.1f} "
            f"| {_cpu(ing)} / {_cpu(build)} / {_cpu(check)} "
            f"| {_mb(ing)} / {_mb(build)} / {_mb(check)} | {r.raw_cells:,} | {r.value_cells:,} "
            f"| {facts:,} |"
        )
    p()
    p("floors (DuckDB alone, no Python): reading every line; reading and storing every line; "
      "copying the raw rows the ingest wrote into a new file:")
    p()
    p("| documents | read_csv s | read + store lines s | copy raw rows s | ingest s "
      "| ingest / read | ingest / read + store | ingest / copy raw rows |")
    p("|---|---|---|---|---|---|---|---|")
    for r in results:
        ing = r.stages.get("ingest")
        if ing and ing.seconds and r.store_floor_s and r.raw_write_s:
            p(f"| {r.n:,} | {r.floor_s:.2f} | {r.store_floor_s:.2f} | {r.raw_write_s:.2f} "
              f"| {ing.seconds:.1f} | {ing.seconds / r.floor_s:.0f}x "
              f"| {ing.seconds / r.store_floor_s:.0f}x | {ing.seconds / r.raw_write_s:.0f}x |")
    notes = {s.note for r in results for s in r.stages.values() if s.note}
    for note in sorted(notes):
        p(f"note: {note}")
    for r in results:
        if r.failed:
            p(f"note: {r.failed} of {r.n} documents failed to parse at N={r.n}")
    if len(results) >= 2:
        p()
        p("scaling (cost ratio between consecutive sizes; linear = the size ratio):")
        for a, b in itertools.pairwise(results):
            parts = []
            for name in ("ingest", "build", "check"):
                sa, sb = a.stages.get(name), b.stages.get(name)
                if sa and sb and sa.seconds and sb.seconds:
                    parts.append(f"{name} x{sb.seconds / sa.seconds:.1f}")
            parts.append(f"read_csv x{b.floor_s / a.floor_s:.1f}")
            p(f"  N {a.n:,} -> {b.n:,} (x{b.n / a.n:.0f}): " + ", ".join(parts))
    if results and results[-1].fact_rows:
        p()
        p(
            f"fact rows at N={results[-1].n:,}: "
            + ", ".join(f"{k} {v:,}" for k, v in results[-1].fact_rows.items())
        )
    if inc:
        p()
        seen, loaded, replaced, unchanged, failed = inc["last_run"]
        p(
            f"incremental (N={results[-1].n:,}, one document changed: {inc['changed']}): "
            f"ingest {_s(inc['ingest'])} s ({replaced} replaced, {unchanged} unchanged, "
            f"{loaded} loaded, {failed} failed of {seen} files), build {_s(inc.get('build'))} s, "
            f"check {_s(inc.get('check'))} s; end to end {inc['total_s']:.1f} s"
        )
        if inc.get("run"):
            p(
                f"incremental as one command (`budget-warehouse run --no-docs`, another "
                f"document changed: {inc['run_changed']}): {_s(inc['run'])} s end to end, "
                f"peak {_mb(inc['run'])} MB"
            )
        if inc.get("verified"):
            v = inc["verified"]
            p(
                f"incremental warehouse vs a full rebuild of a copy: {v['differing_rows']} rows "
                f"differ in {v['tables']} intermediate and mart tables; "
                f"{v['differing_results']} of {v['check_results']:,} current check results "
                "differ"
            )
    p()
    p(f"benchmark wall time: {total_wall:.0f} s")


PDF_SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "pdf-samples"


def print_pdf_throughput(folder: Path, results: list[SizeResult]) -> None:
    """PDF pages/s of the PDF reader beside the text ingest's MB/s."""
    pdfs = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    if not pdfs:
        print(f"PDF reader: no PDFs in {folder}: skipped")
        return
    from bench.pdf import pdf_throughput

    pdf = pdf_throughput([str(p) for p in pdfs])
    text = ", ".join(
        f"N={r.n:,} {r.bytes_in / 1e6 / r.stages['ingest'].seconds:.1f} MB/s"
        for r in results if r.stages.get("ingest") and r.stages["ingest"].seconds
    )
    print(f"PDF reader: {pdf['pages']} pages ({pdf['mb']:.1f} MB, {len(pdfs)} files) in "
          f"{pdf['seconds']:.1f} s = {pdf['pages_per_s']:.1f} pages/s, "
          f"{pdf['mb'] / pdf['seconds']:.2f} MB/s (reading only, one process); "
          f"text ingest: {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.benchmark", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where corpora and warehouses go (default: a temporary folder)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--stages",
        nargs="+",
        default=["ingest", "build", "check"],
        choices=["ingest", "build", "check"],
    )
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write results as JSON")
    parser.add_argument(
        "--pdfs",
        type=Path,
        default=PDF_SAMPLES,
        help="folder of PDFs whose reading speed is printed beside text ingest "
        "(default: ../shared/pdf-samples; skipped when absent)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    stages = set(args.stages)
    results: list[SizeResult] = []
    inc = None
    try:
        last = None
        for n in sorted(args.sizes):
            print(
                f"N={n:,}: generating, reading, ingesting"
                + (", building" if "build" in stages else "")
                + (", checking" if "check" in stages else "")
                + " ...",
                flush=True,
            )
            result, docs, db = run_size(n, args.seed, work, stages)
            results.append(result)
            last = (docs, db, work / f"n{n}")
            ing = result.stages["ingest"]
            print(
                f"  {result.bytes_in / 1e6:.1f} MB, ingest {_s(ing)} s, build "
                f"{_s(result.stages.get('build'))} s, check {_s(result.stages.get('check'))} s",
                flush=True,
            )
        if last and not args.no_incremental:
            print("incremental: one document changed ...", flush=True)
            inc = incremental(*last, stages)
        print_report(results, inc, time.perf_counter() - started)
        print_pdf_throughput(args.pdfs, results)
        if args.json:
            payload = {
                "results": [asdict(r) for r in results],
                "incremental": {
                    k: asdict(v) if isinstance(v, StageResult) else v
                    for k, v in (inc or {}).items()
                },
            }
            args.json.write_text(json.dumps(payload, indent=1, default=str))
    finally:
        if args.keep or args.workdir:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
