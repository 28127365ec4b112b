"""Damaged copies of the samples: each is loaded, failed with a located message, or a no-op,
and nothing else in the warehouse changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.cli import main
from ingest.pipeline import ingest
from tests.conftest import CHENGQU_2026, KEPU_2026, SAMPLES, SHANGDANG_2025, XUEHUI_2025

TABLES = ("raw.documents", "raw.tables", "raw.cells", "raw.debris")


def snapshot(db: Path, exclude: str | None = None) -> dict[str, list]:
    """Every stored row of every document except ``exclude`` (a document id)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in TABLES:
            columns = "* EXCLUDE (run_id, ingested_at)" if table == "raw.documents" else "*"
            out[table] = con.execute(
                f"SELECT {columns} FROM {table} WHERE document_id IS DISTINCT FROM ? "
                "ORDER BY ALL", [exclude]).fetchall()
        return out
    finally:
        con.close()


@pytest.fixture()
def warehouse(tmp_path: Path) -> tuple[Path, Path]:
    """A warehouse holding the five samples, read from a folder of copies."""
    folder = tmp_path / "docs"
    shutil.copytree(SAMPLES, folder)
    db = tmp_path / "w.duckdb"
    assert not ingest([folder], db).failed
    return db, folder


def documents(db: Path, **where: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        clause = " AND ".join(f"{k} = ?" for k in where) or "true"
        return con.execute(
            f"SELECT file_name, status, error, encoding, cell_count FROM raw.documents "
            f"WHERE {clause} ORDER BY file_name", list(where.values())).fetchall()
    finally:
        con.close()


def test_truncated_file_fails_with_location(warehouse, tmp_path: Path, capsys) -> None:
    db, _ = warehouse
    before = snapshot(db)
    data = (SAMPLES / KEPU_2026).read_bytes()
    cut = data.index("本年收入合计".encode()) + 2  # inside a three-byte character
    bad = tmp_path / "truncated.txt"
    bad.write_bytes(data[:cut])
    assert main(["--db", str(db), "ingest", str(bad)]) == 1
    [(_name, status, error, _, cells)] = documents(db, file_name="truncated.txt")
    line = data[:cut].count(b"\n") + 1
    assert (status, cells) == ("failed", 0)
    assert error.endswith(f"truncated.txt:{line}: truncated file: incomplete UTF-8 character "
                          f"at byte {cut - 2} (end of file)")
    assert "truncated.txt" in capsys.readouterr().out
    assert snapshot(db, exclude=_id(db, "truncated.txt")) == before


def test_binary_garbage_fails(warehouse, tmp_path: Path) -> None:
    db, _ = warehouse
    before = snapshot(db)
    bad = tmp_path / "garbage.txt"
    bad.write_bytes(bytes(range(256)) * 40)
    report = ingest([bad], db)
    assert report.failed
    [(_, status, error, _, _)] = documents(db, file_name="garbage.txt")
    assert status == "failed"
    assert "garbage.txt:1: binary content: NUL byte at offset 0" in error
    assert snapshot(db, exclude=_id(db, "garbage.txt")) == before


def test_gbk_copy_loads_with_the_same_cells(warehouse, tmp_path: Path) -> None:
    db, _ = warehouse
    before = snapshot(db)
    text = (SAMPLES / SHANGDANG_2025).read_text(encoding="utf-8")
    gbk = tmp_path / "gbk-copy.txt"
    gbk.write_bytes(text.encode("gbk"))
    report = ingest([gbk], db)
    assert not report.failed
    [(_, status, error, encoding, cells)] = documents(db, file_name="gbk-copy.txt")
    assert (status, error, encoding) == ("loaded", None, "gb18030")
    con = duckdb.connect(str(db), read_only=True)
    compare = """SELECT table_index, row_index, col_index, source_line, column_path, cell_role,
                        row_label, row_code, text, amount
                 FROM raw.cells JOIN raw.documents USING (document_id)
                 WHERE file_name = ? ORDER BY ALL"""
    original = con.execute(compare, [SHANGDANG_2025]).fetchall()
    copy = con.execute(compare, ["gbk-copy.txt"]).fetchall()
    con.close()
    assert copy == original and cells == len(original) > 1000
    assert snapshot(db, exclude=_id(db, "gbk-copy.txt")) == before


def test_garbled_number_costs_only_its_table(warehouse, tmp_path: Path) -> None:
    db, _ = warehouse
    before = snapshot(db)
    original = (SAMPLES / CHENGQU_2026).read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    number = next(i for i, s in enumerate(lines) if s.startswith("2060701\t机构运行\t100.33"))
    lines[number] = lines[number].replace("100.33", "1O0.3Z", 1)
    bad = tmp_path / "garbled.txt"
    bad.write_text("".join(lines), encoding="utf-8")
    report = ingest([bad], db)
    assert report.failed  # not loaded whole: the command exits 1
    [outcome] = report.outcomes
    message = (f"{bad.as_posix()}:{number + 1} [table 2026年预算收入总表]: table not loaded: "
               "cannot read amount '1O0.3Z' in column '本年收入/合计', row '2060701 机构运行'")
    assert (outcome.outcome, outcome.detail) == ("partial", message)
    [(_, status, error, _, cells)] = documents(db, file_name="garbled.txt")
    assert (status, error) == ("partial", None) and cells > 1000
    con = duckdb.connect(str(db), read_only=True)
    tables = con.execute(
        "SELECT t.title, t.status, t.error, t.interpreted, count(c.document_id) "
        "FROM raw.tables t JOIN raw.documents d USING (document_id) LEFT JOIN raw.cells c "
        "USING (document_id, table_index) WHERE d.file_name = 'garbled.txt' "
        "GROUP BY ALL ORDER BY t.title").fetchall()
    errors = con.execute(
        "SELECT m.line, m.message FROM raw.messages m JOIN raw.documents d USING (document_id) "
        "WHERE d.file_name = 'garbled.txt' AND m.severity = 'error'").fetchall()
    con.close()
    failed = [t for t in tables if t[1] == "failed"]
    assert failed == [("2026年预算收入总表", "failed",
                       f"{bad.as_posix()}:{number + 1} [table 2026年预算收入总表]: cannot "
                       "read amount '1O0.3Z' in column '本年收入/合计', row '2060701 机构运行'",
                       False, 0)]
    # every other table of the file is loaded with its cells
    assert len(tables) > 10 and all(t[1] == "loaded" for t in tables if t not in failed)
    assert sum(t[4] for t in tables) == cells
    assert errors == [(number + 1, "table not loaded: cannot read amount '1O0.3Z' in column "
                                   "'本年收入/合计', row '2060701 机构运行'")]
    assert snapshot(db, exclude=_id(db, "garbled.txt")) == before


def test_same_file_twice_is_a_no_op(warehouse, capsys) -> None:
    db, folder = warehouse
    before = snapshot(db)
    assert main(["--db", str(db), "ingest", str(folder / KEPU_2026),
                 str(folder / KEPU_2026)]) == 0
    out = capsys.readouterr().out
    # a file named twice is read once
    assert out.count("\nunchanged ") + out.startswith("unchanged ") == 1
    assert "1 files" in out
    assert snapshot(db) == before


def test_copy_under_another_name_is_a_no_op(warehouse, tmp_path: Path) -> None:
    db, _ = warehouse
    before = snapshot(db)
    copy = tmp_path / "renamed.txt"
    shutil.copy(SAMPLES / XUEHUI_2025, copy)
    report = ingest([copy], db)
    assert [(o.outcome, o.detail.split(" from ")[0]) for o in report.outcomes] == [
        ("unchanged", "identical content already ingested")]
    assert snapshot(db) == before


def test_empty_file_fails(warehouse, tmp_path: Path) -> None:
    db, _ = warehouse
    before = snapshot(db)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert ingest([empty], db).failed
    [(_, status, error, _, _)] = documents(db, file_name="empty.txt")
    assert status == "failed" and error.endswith("empty.txt: empty file: no text to read")
    assert snapshot(db, exclude=_id(db, "empty.txt")) == before


def test_changed_file_replaces_its_rows(warehouse) -> None:
    db, folder = warehouse
    target = folder / SHANGDANG_2025
    old_id = _id(db, SHANGDANG_2025)
    before = snapshot(db, exclude=old_id)
    target.write_text(target.read_text(encoding="utf-8").replace(
        "长上财教[2025]10号", "长上财教〔2025〕10号"), encoding="utf-8")
    report = ingest([folder], db)
    assert [o.outcome for o in report.outcomes if o.path.endswith(SHANGDANG_2025)] == ["replaced"]
    assert report.count("unchanged") == 4
    new_id = _id(db, SHANGDANG_2025)
    assert new_id != old_id
    assert snapshot(db, exclude=new_id) == before  # old rows gone, others untouched
    con = duckdb.connect(str(db), read_only=True)
    label = con.execute("SELECT count(*) FROM raw.cells WHERE document_id = ? AND "
                        "row_label LIKE '长上财教〔2025〕10号%'", [new_id]).fetchone()[0]
    con.close()
    assert label > 0


def test_amounts_in_yuan_with_separators_and_full_width_digits(tmp_path: Path) -> None:
    text = (SAMPLES / SHANGDANG_2025).read_text(encoding="utf-8")
    head, rest = text.split("\n2025年预算支出总表", 1)
    table, tail = rest.split("\n2025年财政拨款收支总表", 1)
    table = table.replace("单位：万元", "单位：元")
    table = table.replace("合计\t\t176.26\t83.36\t92.90",
                          "合计\t\t1,762,600.00\t833,600\t９２９０００")
    doc = tmp_path / "yuan.txt"
    doc.write_text(head + "\n2025年预算支出总表" + table + "\n2025年财政拨款收支总表" + tail,
                   encoding="utf-8")
    db = tmp_path / "y.duckdb"
    assert not ingest([doc], db).failed
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT t.unit, t.scale, c.column_path, c.amount, c.text FROM raw.cells c JOIN raw.tables "
        "t USING (document_id, table_index) WHERE t.table_kind = 'budget_expenditure' AND "
        "c.row_label = '合计' AND c.cell_role = 'value' ORDER BY c.col_index").fetchall()
    con.close()
    assert [(r[0], float(r[1]), r[2], str(r[3])) for r in rows] == [
        ("元", 0.0001, "2025年预算数/合计", "176.260000"),
        ("元", 0.0001, "2025年预算数/基本支出", "83.360000"),
        ("元", 0.0001, "2025年预算数/项目支出", "92.900000"),
    ]
    assert rows[2][4] == "９２９０００"


def test_unknown_table_and_unplaced_lines_are_reported(tmp_path: Path) -> None:
    text = (SAMPLES / KEPU_2026).read_text(encoding="utf-8")
    text = text.replace("\n2026年财政拨款安排机关运行经费预算表\n", "\n2026年某某情况统计表\n")
    doc = tmp_path / "unknown.txt"
    doc.write_text(text, encoding="utf-8")
    db = tmp_path / "u.duckdb"
    report = ingest([doc], db)
    assert not report.failed
    assert any("has no recognised title (nearest line before it: '单位：万元')" in w
               for w in report.warnings)
    assert any("required table 11 (财政拨款安排机关运行经费预算表) not found" in w
               for w in report.warnings)
    con = duckdb.connect(str(db), read_only=True)
    kept = con.execute("SELECT count(*) FROM raw.cells c JOIN raw.tables t USING "
                       "(document_id, table_index) WHERE t.table_kind = 'unknown' AND "
                       "c.text = '部门合计'").fetchone()[0]
    messages = con.execute("SELECT count(*) FROM raw.messages WHERE severity = 'warning'"
                           ).fetchone()[0]
    con.close()
    assert kept == 1  # its rows are kept as text, not dropped
    # the two above, and the contents page listing the table the file no longer holds
    assert any("the contents page lists '表十一2026年财政拨款安排机关运行经费预算表" in w
               and "(budget_admin_operating); no such table found" in w for w in report.warnings)
    assert messages == 3


def _id(db: Path, file_name: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT document_id FROM raw.documents WHERE file_name = ?",
                           [file_name]).fetchone()[0]
    finally:
        con.close()


def test_oversized_amount_costs_only_its_table(warehouse, tmp_path: Path) -> None:
    """A cell of 15 integer digits (beyond the raw schema's DECIMAL(20, 6)) fails its table;
    the document loads partial, a good file of the same run loads, and the run is finished."""
    db, _ = warehouse
    lines = (SAMPLES / CHENGQU_2026).read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, s in enumerate(lines) if s.startswith("2060701\t机构运行\t100.33"))
    lines[number] = lines[number].replace("100.33", "999999999999999", 1)
    bad = tmp_path / "oversized.txt"
    bad.write_text("".join(lines), encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text((SAMPLES / KEPU_2026).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = ingest([bad, good], db)
    outcomes = {Path(o.path).name: (o.outcome, o.detail) for o in report.outcomes}
    assert outcomes["good.txt"][0] == "loaded"
    assert outcomes["oversized.txt"] == ("partial", (
        f"{bad.as_posix()}:{number + 1} [table 2026年预算收入总表]: table not loaded: amount "
        "beyond the 14 integer digits a cell may hold '999999999999999' in column "
        "'本年收入/合计', row '2060701 机构运行'"))
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM raw.ingest_runs WHERE finished_at IS NULL"
                           ).fetchone()[0] == 0
        assert con.execute("SELECT status FROM raw.documents WHERE file_name = 'good.txt'"
                           ).fetchone()[0] == "loaded"
    finally:
        con.close()
    # 14 integer digits are an amount
    lines[number] = lines[number].replace("999999999999999", "99999999999999", 1)
    bad.write_text("".join(lines), encoding="utf-8")
    assert [o.outcome for o in ingest([bad], db).outcomes] == ["replaced"]


def test_oversized_prose_figure_is_reported_not_stored(tmp_path: Path) -> None:
    """A stated figure too large to store is left out with its line's reason; the document
    loads."""
    lines = (SAMPLES / CHENGQU_2026).read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, s in enumerate(lines) if "基本支出122.76万元" in s)
    line_no = number + 1
    lines[number] = lines[number].replace("122.76万元", "123456789012345万元")
    doc = tmp_path / "prose.txt"
    doc.write_text("".join(lines), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    [outcome] = ingest([doc], db).outcomes
    assert outcome.outcome == "loaded", outcome.detail
    con = duckdb.connect(str(db), read_only=True)
    try:
        lines = con.execute("SELECT status, reason FROM raw.prose_lines WHERE source_line = ?",
                            [line_no]).fetchall()
        figures = con.execute("SELECT count(*) FROM raw.stated_figures WHERE source_line = ?",
                              [line_no]).fetchone()[0]
    finally:
        con.close()
    assert lines == [("partial", "figures too large to store")]
    assert figures >= 2  # 支出预算141.91万元 and 项目支出19.15万元 are still read


def test_unreadable_file_fails_alone(tmp_path: Path) -> None:
    """A file that cannot be read is a failed file of the run; the other files load."""
    unreadable = tmp_path / "unreadable.txt"
    unreadable.symlink_to("/proc/self/mem")  # a file whose read fails, even for root
    good = tmp_path / "good.txt"
    shutil.copy(SAMPLES / KEPU_2026, good)
    report = ingest([unreadable, good], tmp_path / "w.duckdb")
    outcomes = sorted((Path(o.path).name, o.outcome) for o in report.outcomes)
    assert outcomes == [("good.txt", "loaded"), ("mem", "failed")]
    [failed] = [o for o in report.outcomes if o.outcome == "failed"]
    assert failed.detail.startswith("cannot read the file: ")
    assert report.failed


def test_row_printed_twice_is_read_once(tmp_path: Path) -> None:
    """The same coded row printed twice is read once, with a warning naming the repeat's line;
    printed twice with different amounts, its table fails (neither amount is the table's)."""
    lines = (SAMPLES / CHENGQU_2026).read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, s in enumerate(lines) if s.startswith("2060701\t机构运行\t100.33"))
    twice = tmp_path / "twice.txt"
    twice.write_text("".join(lines[:number + 1] + lines[number:]), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    [outcome] = ingest([twice], db).outcomes
    assert outcome.outcome == "loaded", outcome.detail
    con = duckdb.connect(str(db), read_only=True)
    try:
        dupes = con.execute(
            "SELECT count(*) FROM (SELECT table_index, row_code, column_path FROM raw.cells "
            "WHERE row_code IS NOT NULL AND cell_role = 'value' GROUP BY ALL "
            "HAVING count(*) > 1)").fetchone()[0]
        warnings = con.execute("SELECT line, message FROM raw.messages WHERE severity = "
                               "'warning' AND message LIKE '%printed again%'").fetchall()
    finally:
        con.close()
    assert dupes == 0
    assert warnings == [(number + 2, "row 2060701 printed again: the repeat is not read")]
    changed = lines[number].replace("100.33", "100.34", 1)
    conflict = tmp_path / "conflict.txt"
    conflict.write_text("".join([*lines[:number + 1], changed, *lines[number + 1:]]),
                        encoding="utf-8")
    [outcome] = ingest([conflict], db).outcomes
    assert outcome.outcome == "partial"
    assert "code 2060701 printed twice with different amounts" in outcome.detail
    assert f":{number + 2} [table 2026年预算收入总表]" in outcome.detail


def test_failed_new_version_keeps_the_good_old_one(tmp_path: Path) -> None:
    """A file edited so that it fails keeps its previous good version in the warehouse (and
    says so); the next version that loads replaces both."""
    doc = tmp_path / "a.txt"
    shutil.copy(SAMPLES / KEPU_2026, doc)
    db = tmp_path / "w.duckdb"
    assert [o.outcome for o in ingest([doc], db).outcomes] == ["loaded"]
    good = snapshot(db)
    doc.write_bytes(b"\x00\x01\x02 not a disclosure \xff\xfe" * 50)
    [outcome] = ingest([doc], db).outcomes
    assert outcome.outcome == "failed"
    assert outcome.detail.endswith("; the previous version, which loaded, is kept")
    rows = documents(db)
    assert sorted(r[1] for r in rows) == ["failed", "loaded"]
    after = snapshot(db)
    assert {t: [r for r in after[t] if r in good[t]] for t in good} == good  # nothing lost
    doc.write_text((SAMPLES / KEPU_2026).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    [outcome] = ingest([doc], db).outcomes
    assert outcome.outcome == "replaced"
    assert [r[1] for r in documents(db)] == ["loaded"]


def test_bad_byte_in_utf8_is_reported_where_it_is(tmp_path: Path) -> None:
    """A bad byte deep in a UTF-8 file is reported at its own line and offset, not where the
    GB18030 fallback fails."""
    data = (SAMPLES / KEPU_2026).read_bytes()
    lines = data.split(b"\n")
    at = sum(len(x) + 1 for x in lines[:300])  # the start of line 301
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data[:at] + b"\xff" + data[at:])
    [outcome] = ingest([bad], tmp_path / "w.duckdb").outcomes
    assert outcome.outcome == "failed"
    assert f"invalid UTF-8 bytes at offset {at}" in outcome.detail
    assert outcome.detail.startswith(f"{bad.as_posix()}:301: ")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_copy_loads_with_the_same_cells(tmp_path: Path, codec: str) -> None:
    text = (SAMPLES / KEPU_2026).read_text(encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(text.encode(codec))
    db = tmp_path / "w.duckdb"
    report = ingest([SAMPLES / KEPU_2026, copy], db)
    assert [o.outcome for o in report.outcomes] == ["loaded", "loaded"], report.outcomes
    con = duckdb.connect(str(db), read_only=True)
    try:
        counts = con.execute("SELECT encoding, cell_count FROM raw.documents ORDER BY 1"
                             ).fetchall()
    finally:
        con.close()
    assert counts[0][1] == counts[1][1] > 0 and {c[0] for c in counts} == {"utf-8", codec}


def test_run_whose_process_died_is_marked_abandoned(tmp_path: Path) -> None:
    """An ingest run left unfinished (its process killed) is stamped abandoned by the next
    ingest, which holds the write lock; finished runs are left as they are."""
    db = tmp_path / "w.duckdb"
    good = tmp_path / "good.txt"
    shutil.copy(SAMPLES / KEPU_2026, good)
    assert not ingest([good], db).failed
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO raw.ingest_runs (run_id, started_at, parser_version) "
                    "VALUES ('killed', now(), 'x')")
    assert not ingest([good], db).failed
    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute("SELECT run_id = 'killed', finished_at IS NULL, abandoned_at IS NULL "
                           "FROM raw.ingest_runs ORDER BY 1").fetchall()
    assert runs == [(False, False, True), (False, False, True), (True, True, False)]
