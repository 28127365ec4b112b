"""The synthetic corpus (bench/generate.py) goes through the real ingest like the samples: it
parses with zero failures, the warehouse holds exactly the totals the generator printed, the
variation really occurs, the same seed gives the same bytes, and the identities break exactly
where the generator broke them."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from bench.generate import generate_corpus
from bench.verify import find_inconsistencies
from ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parent.parent

N = 52
SEED = 7
SHARE = 0.25  # share of documents given one known inconsistency


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("corpus")
    manifest = generate_corpus(out, N, seed=SEED, inconsistent_share=SHARE)
    return out, manifest


@pytest.fixture(scope="module")
def corpus_db(corpus, tmp_path_factory: pytest.TempPathFactory):
    out, _ = corpus
    db = tmp_path_factory.mktemp("corpus_db") / "warehouse.duckdb"
    report = ingest([out / "docs"], db)
    return db, report


@pytest.fixture()
def con(corpus_db):
    c = duckdb.connect(str(corpus_db[0]), read_only=True)
    yield c
    c.close()


def _docs(manifest: dict) -> dict[str, dict]:
    return {d["document"]: d for d in manifest["documents"]}


def test_corpus_parses_with_zero_failures(corpus, corpus_db):
    _, manifest = corpus
    _, report = corpus_db
    assert len(report.outcomes) == N
    assert report.count("failed") == 0, [o.detail for o in report.outcomes if o.detail]
    assert report.count("loaded") == N
    # the only warnings are the optional tables the generator left out on purpose
    missing = sum(len(d["missing_tables"]) for d in manifest["documents"])
    unexpected = [w for w in report.warnings if "not found" not in w]
    assert unexpected == []
    assert sum("not found" in w for w in report.warnings) == missing


def test_documents_identified_as_generated(corpus, con):
    docs = _docs(corpus[1])
    rows = con.execute(
        "SELECT file_name, unit_name, doc_kind, scope, fiscal_year, status FROM raw.documents"
    ).fetchall()
    assert len(rows) == N
    for file_name, unit, kind, scope, year, status in rows:
        d = docs[file_name]
        assert (unit, kind, scope, year, status) == (
            d["unit_name"],
            d["doc_kind"],
            d["scope"],
            d["fiscal_year"],
            "loaded",
        )


def test_corpus_shape(corpus):
    """Budgets and final accounts of the same units for overlapping years, many regions."""
    docs = corpus[1]["documents"]
    pairs = Counter((d["unit_id"], d["fiscal_year"]) for d in docs)
    assert sum(n == 2 for n in pairs.values()) >= 20  # budget + final account, same year
    assert len({d["province_code"] for d in docs}) >= 3
    assert {d["doc_kind"] for d in docs} == {"budget", "final_account"}
    assert {d["fiscal_year"] for d in docs} == set(range(2022, 2027))


def _values(con, kind: str, col: int) -> dict[tuple[str, str], Decimal]:
    rows = con.execute(
        """
        SELECT d.file_name, coalesce(c.row_code, c.row_label), c.amount
        FROM raw.cells c JOIN raw.tables t USING (document_id, table_index)
        JOIN raw.documents d USING (document_id)
        WHERE t.table_kind = ? AND c.col_index = ? AND c.cell_role = 'value'
          AND (c.row_code IS NOT NULL OR c.row_label = '合计')
        """,
        [kind, col],
    ).fetchall()
    return {(f, key): amount for f, key, amount in rows}


def test_raw_totals_equal_the_manifest(corpus, con):
    docs = corpus[1]["documents"]
    budget = {**_values(con, "budget_expenditure", 2), **_values(con, "final_expenditure", 2)}
    basic = {**_values(con, "budget_expenditure", 3), **_values(con, "final_expenditure", 3)}
    checked = 0
    for d in docs:
        f = d["document"]
        assert budget[(f, "合计")] == Decimal(d["totals"]["expenditure_total"]), f
        assert basic.get((f, "合计"), Decimal(0)) == Decimal(d["totals"]["basic_total"]), f
        for code, amount in d["by_function"].items():
            assert budget[(f, code)] == Decimal(amount), (f, code)
            checked += 1
    assert checked > 10 * N


def test_corpus_total_equals_generator_total(corpus, con):
    """The grand total over all documents, as a mart would sum it."""
    docs = corpus[1]["documents"]
    expected = sum(Decimal(d["totals"]["expenditure_total"]) for d in docs)
    (actual,) = con.execute(
        """
        SELECT sum(c.amount) FROM raw.cells c JOIN raw.tables t USING (document_id, table_index)
        WHERE t.table_kind IN ('budget_expenditure', 'final_expenditure') AND c.col_index = 2
          AND c.cell_role = 'value' AND c.row_label = '合计' AND c.row_code IS NULL
        """
    ).fetchone()
    assert actual == expected


def test_variation_really_occurs(corpus, con):
    docs = _docs(corpus[1])
    tags = Counter(t for d in docs.values() for t in d["variations"])
    for tag in (
        "encoding_gbk",
        "watermark",
        "markdown",
        "split_unit_line",
        "wrapped_cell",
        "repeated_title",
        "repeated_header",
        "yuan_tables",
        "thousands",
        "missing_tables",
        "crlf",
        "encoding_utf-8-sig",
        "performance_tables",
    ):
        assert tags[tag] >= 1, tag
    encodings = dict(con.execute("SELECT file_name, encoding FROM raw.documents").fetchall())
    for name, d in docs.items():
        expected = {"gbk": "gb18030", "gb18030": "gb18030"}.get(d["encoding"], d["encoding"])
        assert encodings[name] == expected, name
    debris = Counter(
        con.execute(
            "SELECT d.file_name || '|' || x.kind FROM raw.debris x JOIN raw.documents d "
            "USING (document_id)"
        ).fetchall()
    )
    debris_kinds = {k[0] for k in debris}
    for name, d in docs.items():
        for tag, kind in (
            ("watermark", "watermark"),
            ("markdown", "markdown"),
            ("split_unit_line", "split_line"),
            ("wrapped_cell", "wrapped_cell"),
            ("repeated_title", "repeated_title"),
            ("repeated_header", "repeated_header"),
        ):
            if tag in d["variations"]:
                assert f"{name}|{kind}" in debris_kinds, (name, tag)
    # amounts printed in 元 are stored in 万元
    yuan = con.execute(
        "SELECT d.file_name, t.table_kind FROM raw.tables t JOIN raw.documents d "
        "USING (document_id) WHERE t.unit = '元' AND t.scale < 1 AND t.interpreted"
    ).fetchall()
    expected_yuan = {(n, k) for n, d in docs.items() for k in d["yuan_tables"]}
    assert expected_yuan and expected_yuan <= set(yuan)
    # performance tables are recognised as such
    (targets,) = con.execute(
        "SELECT count(*) FROM raw.tables WHERE table_kind IN "
        "('project_targets', 'project_self_evaluation')"
    ).fetchone()
    assert targets == sum(len(d["performance"]) for d in docs.values())


def test_same_seed_gives_identical_bytes(corpus, tmp_path: Path):
    out, manifest = corpus
    again = generate_corpus(tmp_path, N, seed=SEED, inconsistent_share=SHARE)
    assert json.dumps(again, sort_keys=True) == json.dumps(manifest, sort_keys=True)
    for d in manifest["documents"]:
        assert (tmp_path / d["file"]).read_bytes() == (out / d["file"]).read_bytes()
    other = generate_corpus(tmp_path / "other", 10, seed=SEED + 1)
    assert (
        other["documents"][0]["unit_id"] != manifest["documents"][0]["unit_id"]
        or (tmp_path / "other" / other["documents"][0]["file"]).read_bytes()
        != (out / manifest["documents"][0]["file"]).read_bytes()
    )


def test_injected_values_are_printed(corpus, con):
    injections = [i for i in corpus[1]["injections"] if i["table_kind"] != "prose"]
    assert len(injections) >= 5
    assert len({i["kind"] for i in corpus[1]["injections"]}) >= 5
    for i in injections:
        rows = con.execute(
            """
            SELECT c.amount FROM raw.cells c JOIN raw.tables t USING (document_id, table_index)
            JOIN raw.documents d USING (document_id)
            WHERE d.file_name = ? AND t.table_kind = ? AND c.col_index = ?
              AND c.cell_role = 'value'
              AND (c.row_code = ? OR (? IS NULL AND c.row_label = ?))
            """,
            [
                i["document"],
                i["table_kind"],
                i["col_index"],
                i["row_code"],
                i["row_code"],
                i["row_label"],
            ],
        ).fetchall()
        assert [Decimal(i["printed"])] == [r[0] for r in rows], i
        assert abs(Decimal(i["printed"]) - Decimal(i["expected"])) >= Decimal("1.00")


def test_identities_break_exactly_where_injected(corpus, con):
    """The generator's SQL audit finds every injected table inconsistency and nothing else:
    all other identities hold within rounding tolerance, by construction."""
    found = {(f, kind) for f, kind, *_ in find_inconsistencies(con)}
    injected = {
        (i["document"], i["table_kind"])
        for i in corpus[1]["injections"]
        if i["table_kind"] != "prose"
    }
    assert found == injected


# ---- marts and checks (dbt build + quality checks on the generated corpus) ----------------


@pytest.fixture(scope="module")
def built_db(corpus_db, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated corpus built with dbt and checked, in a copy of its warehouse."""
    import io
    import shutil

    from budget_warehouse import build
    from expectations import runner

    work = tmp_path_factory.mktemp("corpus_built")
    db = work / "warehouse.duckdb"
    shutil.copy(corpus_db[0], db)
    # dbt's data tests warn on the injected inconsistencies; nothing fails the build
    status = build.build_warehouse(db, target_path=work / "target", log_path=work / "logs")
    assert status == 0
    runner.run_checks(db, write_docs=False, out=io.StringIO())
    return db


def test_marts_totals_equal_the_generator(corpus, built_db):
    """Σ of the additive expenditure lines of each document = the total the generator printed
    (within the rounding tail: 0.01 万元 per summed line), for every document whose function
    tables were not broken on purpose."""
    docs = _docs(corpus[1])
    broken = {
        i["document"]
        for i in corpus[1]["injections"]
        if i["table_kind"] in ("budget_expenditure", "final_expenditure")
    }
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        rows = con.execute(
            """
            SELECT d.file_name, sum(f.amount), count(*)
            FROM marts.fact_budget_line f JOIN raw.documents d USING (document_id)
            WHERE f.is_additive AND f.flow = 'expenditure'
            GROUP BY d.file_name
            """
        ).fetchall()
    finally:
        con.close()
    assert len(rows) == N
    for file_name, amount, lines in rows:
        if file_name in broken:
            continue
        expected = Decimal(docs[file_name]["totals"]["expenditure_total"])
        assert abs(amount - expected) <= Decimal("0.01") * lines, file_name


def test_checks_flag_exactly_the_injected_inconsistencies(corpus, built_db):
    docs = _docs(corpus[1])
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        (run_id,) = con.execute(
            "SELECT run_id FROM quality.check_runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
        findings = con.execute(
            "SELECT file_name, rule_id FROM quality.check_findings WHERE run_id = ?", [run_id]
        ).fetchall()
        skipped = {
            r
            for (r,) in con.execute(
                "SELECT DISTINCT rule_id FROM quality.check_results WHERE run_id = ? "
                "AND status = 'skipped'",
                [run_id],
            ).fetchall()
        }
    finally:
        con.close()
    from bench.model import reference

    codes = set(reference()["function_codes"])
    known: set[str] = set()
    for seed in ("ref_function_code.csv", "ref_function_class.csv"):
        lines = (ROOT / "seeds" / seed).read_text(encoding="utf-8").splitlines()[1:]
        known |= {line.split(",")[0] for line in lines}
    flagged: set[str] = set()
    for file_name, rule in findings:
        if rule == "doc_tables_complete" and docs[file_name]["missing_tables"]:
            continue  # optional tables the generator leaves out on purpose (and records)
        if rule == "function_code_known" and not codes <= known:
            continue  # the reference seed does not list every real code the generator uses
        flagged.add(file_name)
    prose_checked = not any(r.startswith("prose_") for r in skipped)
    injected = {
        i["document"]
        for i in corpus[1]["injections"]
        if i["table_kind"] != "prose" or prose_checked
    }
    assert flagged == injected
