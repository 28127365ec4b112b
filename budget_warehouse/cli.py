"""``budget-warehouse`` command: ingest, build, check, run, coverage, prune."""

from __future__ import annotations

import argparse
import importlib
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from budget_warehouse.output import printable
from budget_warehouse.settings import SAMPLES, database_path
from ingest.lock import DEFAULT_WAIT, WarehouseBusy, WarehouseLock

BUSY = 3  # exit status when another process holds the warehouse for longer than --wait


def _lock(args: argparse.Namespace) -> WarehouseLock:
    """The run's write lock: one per command, so ``run`` holds it from ingest's first write
    through build and check."""
    if getattr(args, "lock", None) is None:
        args.lock = WarehouseLock(args.db, args.wait)
    return args.lock


def _ingest(args: argparse.Namespace) -> int:
    from ingest.manifest import ManifestError, load_manifest
    from ingest.pipeline import ingest

    paths = args.paths or [SAMPLES]
    try:
        manifest = load_manifest(args.manifest) if args.manifest else None
        report = ingest(paths, args.db, workers=args.workers, manifest=manifest,
                        lock=_lock(args))
    except (FileNotFoundError, ManifestError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for o in report.outcomes:
        line = f"{o.outcome:9} {o.path}"
        if o.detail:
            line += f"  ({o.detail})" if o.outcome not in ("failed", "partial") \
                else "".join(f"\n          {d}" for d in o.detail.splitlines())
        print(line)
    print(f"ingest run {report.run_id}: {len(report.outcomes)} files, "
          f"{report.count('loaded')} loaded, {report.count('replaced')} replaced, "
          f"{report.count('unchanged')} unchanged, {report.count('partial')} partial "
          f"(some tables not loaded), {report.count('failed')} failed "
          f"-> {args.db}")
    return 1 if report.failed else 0


def _build(args: argparse.Namespace) -> int:
    from budget_warehouse.build import build_warehouse

    _lock(args).acquire()
    return build_warehouse(args.db, full_refresh=args.full_refresh, wait=args.wait)


def _check(args: argparse.Namespace) -> int:
    from budget_warehouse.build_state import last_complete_build
    from expectations.runner import run_checks

    every = getattr(args, "all", False) or getattr(args, "full_refresh", False)
    _lock(args).acquire()
    return run_checks(args.db, scope="all" if every else "changed",
                      write_docs=not args.no_docs, wait=args.wait,
                      last_build=last_complete_build)


def _prune(args: argparse.Namespace) -> int:
    from datetime import datetime, timedelta

    from ingest.lock import connect
    from ingest.store import ensure_schema, prune_history

    if not args.db.exists():
        print(f"error: no warehouse at {args.db}", file=sys.stderr)
        return 2
    before = (datetime.now() - timedelta(days=args.older_than)
              if args.older_than is not None else None)
    _lock(args).acquire()
    con = connect(args.db, args.wait)
    try:
        ensure_schema(con)
        versions, rows = prune_history(con, before)
    finally:
        con.close()
    print(f"prune: {versions} replaced versions deleted from raw_history ({rows} rows)")
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from budget_warehouse.coverage import as_json, coverage, render

    if not args.db.exists():
        print(f"error: no warehouse at {args.db}: run `budget-warehouse ingest` first",
              file=sys.stderr)
        return 2
    report = coverage(args.db, args.wait)
    print(as_json(report) if args.json else render(report))
    return 0


def _run(args: argparse.Namespace) -> int:
    """ingest -> build -> check. The documents' own inconsistencies are findings, reported by
    the check stage; they fail ``run`` only with ``--strict``. A file that fails to ingest, a
    failed build or a check stage that cannot run always fails it."""
    seconds: dict[str, float] = {}

    def timed(stage: str, func: Callable[[argparse.Namespace], int]) -> int:
        started = time.perf_counter()
        try:
            return func(args)
        finally:
            seconds[stage] = time.perf_counter() - started

    # the check stage needs great_expectations (seconds to import): import it while the
    # ingest mostly waits on files, parser processes and DuckDB
    threading.Thread(target=importlib.import_module, args=("great_expectations",),
                     daemon=True).start()
    try:
        ingest_status = timed("ingest", _ingest)
        if ingest_status == 2:
            return ingest_status
        build_status = timed("build", _build)
        if build_status:
            return build_status
        check_status = timed("check", _check)
    finally:
        print("run: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())
              + f" (total {sum(seconds.values()):.1f} s)")
    if check_status == 1 and not args.strict:
        print("run: the checks found errors in the documents (listed above); "
              "`budget-warehouse check` or `run --strict` exits 1 on them")
        check_status = 0
    return check_status or ingest_status


def main(argv: list[str] | None = None) -> int:
    """The command; its output passes through a filter that drops control characters (a
    document's text may hold terminal escapes), and a warehouse held by another process is
    one line and exit status 3, never a traceback."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = printable(out), printable(err)
    try:
        return _main(argv)
    except WarehouseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return BUSY
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = out, err


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="budget-warehouse", description=__doc__)
    parser.add_argument("--db", type=Path, default=database_path(),
                        help="DuckDB file (default: $BUDGET_WAREHOUSE_DB or warehouse.duckdb)")
    parser.add_argument("--wait", type=float, default=DEFAULT_WAIT, metavar="SECONDS",
                        help="how long a writer waits for another to finish before it exits "
                             f"with status {BUSY} (default: {DEFAULT_WAIT:g})")
    sub = parser.add_subparsers(dest="command", required=True)
    text = ("delete the replaced versions of documents kept in raw_history (a re-ingested "
            "file's previous content)")
    prune = sub.add_parser("prune", help=text, description=text)
    prune.add_argument("--older-than", type=float, default=None, metavar="DAYS",
                       help="only versions replaced more than DAYS days ago (default: all)")
    prune.set_defaults(func=_prune)
    build = sub.add_parser(
        "build", help="build the star schema with dbt",
        description="build the star schema with dbt: incrementally (the documents ingested "
                    "since the last complete build) when the project's definitions are "
                    "unchanged, else in full (seeds, every model, every dbt test)")
    build.add_argument("--full-refresh", action="store_true",
                       help="rebuild every model from all documents and run the dbt tests")
    build.set_defaults(func=_build)
    text = ("run the Great Expectations suites on the documents ingested since the last "
            "check run (all of them after a change of definitions), store results, write "
            "Data Docs; the summary covers every document")
    check = sub.add_parser("check", help=text, description=text)
    check.add_argument("--all", action="store_true", help="re-check every document")
    check.add_argument("--no-docs", action="store_true", help="do not write Data Docs")
    check.set_defaults(func=_check)
    text = ("what the warehouse understood of each document: identity and its sources, "
            "tables by kind against the template and the contents page, unknown and failed "
            "tables, value cells, checks passed and failed")
    report = sub.add_parser("coverage", help=text, description=text)
    report.add_argument("--json", action="store_true", help="print JSON instead of text")
    report.set_defaults(func=_coverage)
    for name, func, text in (
        ("ingest", _ingest, "ingest documents into the raw schema"),
        ("run", _run, "the main job: ingest the bundled samples (or PATHS), build, check"),
    ):
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("paths", nargs="*", type=Path,
                       help="files or folders (default: the bundled samples)")
        p.add_argument("--workers", type=int, default=None,
                       help="parser processes (default: one per core)")
        p.add_argument("--manifest", type=Path, default=None, metavar="FILE.csv",
                       help="sidecar manifest: path,unit_name,doc_kind,scope,fiscal_year,"
                            "region_code per file (any but path may be empty); what it gives "
                            "overrides what the documents say (docs/manifest.md)")
        if name == "run":
            p.add_argument("--strict", action="store_true",
                           help="exit 1 when the checks find errors in the documents")
            p.add_argument("--no-docs", action="store_true", help="do not write Data Docs")
            p.add_argument("--full-refresh", action="store_true",
                           help="rebuild every model from all documents, run the dbt tests "
                                "and check every document")
        p.set_defaults(func=func)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    finally:
        _lock(args).release()


if __name__ == "__main__":
    sys.exit(main())
