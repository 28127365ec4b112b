"""A seeded mutator over the samples and a small generated corpus: whatever the mutants hold
(lines lost, repeated, swapped; digits changed; huge amounts; bad bytes; truncation; terminal
controls; header words exchanged), ingest records every file without a traceback, leaves no
row without its document, and a full build succeeds. The warehouse lives at a path with a
quote, a double quote and a semicolon in it (dbt builds it all the same)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import duckdb

from bench.generate import generate_corpus
from budget_warehouse.build import build_warehouse
from ingest.pipeline import ingest
from tests.conftest import SAMPLES

SEED = 20261207
MUTANTS = 24  # bounded: parse ~0.2 s each, the build dominates
DOCUMENT_TABLES = ("tables", "cells", "debris", "contents_entries", "pages", "stated_figures",
                   "prose_lines", "project_targets", "overall_targets", "target_indicators",
                   "self_evaluations", "self_evaluation_indicators")


def _mutate(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        kind = rng.randrange(10)
        if kind == 0 and len(lines) > 1:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[i])
        elif kind == 2 and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif kind == 3:
            digits = [m.start() for m in re.finditer(rb"[0-9]", lines[i])]
            if digits:
                k = rng.choice(digits)
                lines[i] = lines[i][:k] + str(rng.randrange(10)).encode() + lines[i][k + 1:]
        elif kind == 4:
            lines[i] += b"\t999999999999999"
        elif kind == 5:
            k = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:k] + bytes(rng.randrange(256) for _ in range(3)) + lines[i][k:]
        elif kind == 6:
            return b"\n".join(lines)[: rng.randrange(1, len(data))]
        elif kind == 7:
            lines[i] = b"\x1b[2J\x1b]0;t\x07" + lines[i]
        elif kind == 8:
            fields = lines[i].split(b"\t")
            rng.shuffle(fields)
            lines[i] = b"\t".join(fields)
        else:  # a header word exchanged for its neighbour's (two columns of one meaning)
            lines[i] = lines[i].replace("基本支出".encode(), "项目支出".encode())
    return b"\n".join(lines)


def test_mutants_never_break_ingest_or_build(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, 4, seed=SEED, inconsistent_share=0.5, workers=1)
    originals = sorted(SAMPLES.glob("*.txt")) + sorted((corpus / "docs").rglob("*.txt"))
    folder = tmp_path / "mutants"
    folder.mkdir()
    for k in range(MUTANTS):
        source = originals[k % len(originals)]
        (folder / f"m{k:02d}_{source.name}").write_bytes(_mutate(source.read_bytes(), rng))
    base = tmp_path / "it's \"odd\"; here"
    base.mkdir()
    db = base / "w'h\";.duckdb"

    report = ingest([SAMPLES, corpus / "docs", folder], db, workers=2)
    files = len(originals) + MUTANTS
    assert len(report.outcomes) == files  # every file recorded, none lost to another
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("select count(*) from raw.documents").fetchone()[0]
        assert stored == len({o.document_id for o in report.outcomes})
        for table in DOCUMENT_TABLES:
            orphans = con.execute(
                f"select count(*) from raw.{table} where document_id not in "
                "(select document_id from raw.documents)").fetchone()[0]
            assert orphans == 0, table
        run = con.execute("select status, files_seen from raw.ingest_runs").fetchall()
        assert run == [("finished", files)]
    statuses = {o.outcome for o in report.outcomes}
    assert statuses <= {"loaded", "partial", "failed", "unchanged"}, statuses
    assert "loaded" in statuses

    status = build_warehouse(db, target_path=tmp_path / "target", log_path=tmp_path / "logs",
                             full_refresh=True)
    assert status == 0, "the full build failed on the mutants (see the output above)"
    with duckdb.connect(str(db), read_only=True) as con:
        facts = con.execute("select count(*) from marts.fact_budget_line").fetchone()[0]
        assert facts > 0
