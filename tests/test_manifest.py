"""The sidecar manifest (``ingest --manifest``): identity for files that do not state it, and
overrides with a warning where a file says otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from budget_warehouse.cli import main
from ingest.manifest import ManifestError, load_manifest
from ingest.pipeline import ingest
from tests.conftest import KEPU_2026, SAMPLES

# a table with no title block, no unit line, no year and a file name that says nothing
_UNTITLED = "收入支出决算总表\n单位：万元\n项目\t金额\n本年收入合计\t10.00\n本年支出合计\t10.00\n"


def _document(db: Path, file_name: str) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT status, unit_name, doc_kind, scope, fiscal_year, region_code, "
            "identity_sources, error FROM raw.documents WHERE file_name = ?",
            [file_name]).fetchone()
    finally:
        con.close()


def test_manifest_gives_a_file_without_title_its_identity(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "x.txt").write_text(_UNTITLED, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert ingest([folder], db).failed
    status, *_, error = _document(db, "x.txt")
    assert status == "failed" and "no unit_name, fiscal_year found" in error
    assert "give it in a manifest (ingest --manifest)" in error

    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,unit,kind,scope,year,region\n"
                        "crawl/x.txt,上海市普陀区某某局,决算,部门,2024,310107\n", encoding="utf-8")
    report = ingest([folder], db, manifest=load_manifest(manifest))
    # the failed row of the same content is replaced by the loaded one
    assert not report.failed and [o.outcome for o in report.outcomes] == ["replaced"]
    status, unit, kind, scope, year, region, sources, _ = _document(db, "x.txt")
    assert (status, unit, kind, scope, year, region) == (
        "loaded", "上海市普陀区某某局", "final_account", "department", 2024, "310107")
    assert {k: v["source"] for k, v in json.loads(sources).items()} == {
        "unit_name": "manifest", "doc_kind": "manifest", "scope": "manifest",
        "fiscal_year": "manifest", "region_code": "manifest"}


def test_manifest_overrides_what_the_document_says_with_a_warning(tmp_path: Path) -> None:
    copy = tmp_path / "kepu.txt"
    copy.write_text((SAMPLES / KEPU_2026).read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    ingest([copy], db)
    # a bare file name matches the file wherever it is; empty cells keep what is read
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,unit_name,doc_kind,scope,fiscal_year\nkepu.txt,,,,2027\n",
                        encoding="utf-8")
    report = ingest([copy], db, manifest=load_manifest(manifest))
    # parsed again although its content is stored: the manifest must take effect
    assert [o.outcome for o in report.outcomes] == ["replaced"]
    status, unit, kind, scope, year, _, sources, _ = _document(db, "kepu.txt")
    assert (status, unit, kind, scope, year) == (
        "loaded", "山西省科普服务中心", "budget", "unit", 2027)
    sources = json.loads(sources)
    assert sources["fiscal_year"]["source"] == "manifest"
    assert sources["unit_name"]["source"] == "title"
    [warning] = [w for w in report.warnings if "manifest" in w]
    assert "the manifest gives fiscal_year 2027; the document says 2026 (title)" in warning
    assert warning.startswith(f"{copy.as_posix()}:")


@pytest.mark.parametrize(("text", "expected"), [
    ("file,unit,kind\nx.pdf,某局,预算书\n", "m.csv:2: doc_kind '预算书': budget (预算)"),
    ("path,unit,colour\nx.pdf,某局,red\n", "m.csv:1: a manifest has a 'path' column and any of "),
    ("path,year\nx.pdf,25\n", "m.csv:2: fiscal_year '25': a year such as 2025"),
    ("path,year\nx.pdf,2025\nx.pdf,2024\n", "m.csv:3: 'x.pdf' is listed twice"),
    ("path,region_code\nx.pdf,31\n", "m.csv:2: region_code '31': a 6- or 9-digit"),
])
def test_a_bad_manifest_names_its_line(tmp_path: Path, text: str, expected: str) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        load_manifest(manifest)
    assert str(caught.value).startswith(str(tmp_path / expected.split(":")[0]))
    assert expected in str(caught.value)


def test_cli_ingest_with_manifest(tmp_path: Path, capsys) -> None:
    (tmp_path / "x.txt").write_text(_UNTITLED, encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,unit_name,doc_kind,fiscal_year\nx.txt,某某局,final_account,2024\n",
                        encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert main(["--db", str(db), "ingest", "--manifest", str(manifest),
                 str(tmp_path / "x.txt")]) == 0
    assert "1 loaded" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("path,kind\nx.txt,report\n", encoding="utf-8")
    assert main(["--db", str(db), "ingest", "--manifest", str(bad), str(tmp_path)]) == 2
    assert f"{bad}:2: doc_kind 'report'" in capsys.readouterr().err
