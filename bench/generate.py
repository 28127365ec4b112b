"""Generate a synthetic corpus of budget (预算) and final-account (决算) disclosures.

    python -m bench.generate --n 100 --seed 1 --out DIR

writes ``DIR/docs/<province>/<year>/<unit>_<year>_<budget|final>.txt`` (text exactly like the
samples: tab-separated tables, titles, unit lines, notes, prose, performance tables, debris,
several encodings), and beside them:

- ``manifest.json``: every document with its unit, region, kind and year, the variation it
  carries, the totals it prints (in 万元, as the warehouse reads them) and per function code,
  and the inconsistencies injected into it (table, row, column, expected vs printed, identity);
- ``regions.csv`` and ``units.csv``: the regions (keyed on their administrative codes) and units.

Units get budgets for 2022–2026 and final accounts for 2022–2025, so most units have a budget
and a final account for the same year. The same ``--seed`` gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.document import build_document
from bench.model import BUDGET_YEARS, FINAL_YEARS, Unit, regions, unit_pool

GENERATOR_VERSION = "1"
DOCS_PER_UNIT = len(BUDGET_YEARS) + len(FINAL_YEARS)


def corpus_plan(n: int, seed: int) -> list[tuple[Unit, str, int]]:
    """The ``n`` documents to write: (unit, doc_kind, year), whole units first."""
    units = unit_pool(seed, max(1, math.ceil(n / DOCS_PER_UNIT)))
    docs: list[tuple[Unit, str, int]] = []
    for unit in units:
        docs += [(unit, "budget", y) for y in BUDGET_YEARS]
        docs += [(unit, "final_account", y) for y in FINAL_YEARS]
    return docs[:n]


def relative_path(unit: Unit, kind: str, year: int) -> str:
    suffix = "budget" if kind == "budget" else "final"
    return f"docs/{unit.region.province_code}/{year}/{unit.unit_id}_{year}_{suffix}.txt"


def _write_batch(args: tuple[int, str, float, list[tuple[int, Unit, str, int]]]) -> list[dict]:
    seed, out, share, batch = args
    entries = []
    for index, unit, kind, year in batch:
        doc = build_document(seed, unit, kind, year, index, share)
        rel = relative_path(unit, kind, year)
        path = Path(out) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(doc.data)
        entries.append({"file": rel, "document": path.name, "bytes": len(doc.data), **doc.entry})
    return entries


def generate_corpus(
    out: str | Path,
    n: int,
    seed: int = 1,
    inconsistent_share: float = 0.05,
    workers: int | None = None,
) -> dict:
    """Write ``n`` documents and the manifest into ``out``; return the manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    plan = corpus_plan(n, seed)
    items = [(i, unit, kind, year) for i, (unit, kind, year) in enumerate(plan)]
    workers = workers or os.cpu_count() or 1
    if n < 200 or workers == 1:
        entries = _write_batch((seed, str(out), inconsistent_share, items))
    else:
        size = max(20, math.ceil(len(items) / (workers * 8)))
        batches = [
            (seed, str(out), inconsistent_share, items[i : i + size])
            for i in range(0, len(items), size)
        ]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            entries = [e for chunk in pool.map(_write_batch, batches) for e in chunk]
    injections = [
        {"file": e["file"], "document": e["document"], **inj}
        for e in entries
        for inj in e["injections"]
    ]
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "n": n,
        "inconsistent_share": inconsistent_share,
        "bytes": sum(e["bytes"] for e in entries),
        "documents": entries,
        "injections": injections,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    _write_regions(out / "regions.csv")
    _write_units(
        out / "units.csv",
        sorted({u.unit_id: u for u, _, _ in plan}.values(), key=lambda u: u.unit_id),
    )
    return manifest


def _write_regions(path: Path) -> None:
    """Regions in the layout of seeds/ref_admin_region.csv."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["region_code", "region_name", "region_level", "parent_code", "match_prefix"])
        for r in regions():
            w.writerow([r.code, r.short_name, r.level, r.parent_code or "", r.name])


def _write_units(path: Path, units: list[Unit]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["unit_id", "unit_name", "region_code", "organisation", "scope", "admin", "funding"]
        )
        for u in units:
            w.writerow(
                [u.unit_id, u.name, u.region.code, u.org_key, u.scope, int(u.admin), u.funding]
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--n", type=int, default=100, help="number of documents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument(
        "--inconsistent-share",
        type=float,
        default=0.05,
        help="share of documents given one known inconsistency (default 0.05)",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="generator processes (default: one per core)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = generate_corpus(args.out, args.n, args.seed, args.inconsistent_share, args.workers)
    print(
        f"{args.n} documents, {manifest['bytes'] / 1e6:.1f} MB, "
        f"{len(manifest['injections'])} injected inconsistencies -> {args.out} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
