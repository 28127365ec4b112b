"""The ``raw`` schema, from its one statement (``ingest/raw_schema.yaml``): the DDL, the
columns an older warehouse lacks, the polars types of the frames ingest writes, and the
generated documentation (docs/raw_schema.md) and dbt source (models/staging/_raw_sources.yml).

``python -m ingest.raw_schema`` rewrites the generated files; ``--check`` exits 1 when one is
out of date."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import polars as pl
import yaml

ROOT = Path(__file__).resolve().parent.parent
STATEMENT = Path(__file__).with_name("raw_schema.yaml")
DOC = ROOT / "docs" / "raw_schema.md"
SOURCES = ROOT / "models" / "staging" / "_raw_sources.yml"

# the frame type of each DuckDB type (DECIMAL travels as text: DuckDB casts it exactly)
_FRAME_TYPES: dict[str, pl.DataType] = {
    "VARCHAR": pl.String, "INTEGER": pl.Int64, "BIGINT": pl.Int64, "BOOLEAN": pl.Boolean,
    "DOUBLE": pl.Float64, "DECIMAL": pl.String, "TIMESTAMP": pl.Datetime("us"),
    "Float64": pl.Float64}


@dataclass(frozen=True)
class Column:
    name: str
    type: str           # DuckDB type with its constraint ("VARCHAR NOT NULL")
    meaning: str
    frame: str | None = None

    @property
    def sql_type(self) -> str:
        """The type without constraints ("DECIMAL(20, 6)", "VARCHAR[]")."""
        return re.sub(r"\s+(NOT NULL|PRIMARY KEY)\b", "", self.type)

    @property
    def frame_type(self) -> pl.DataType:
        base = self.frame or self.sql_type
        if base.endswith("[]"):
            return pl.List(_FRAME_TYPES[base[:-2]])
        return _FRAME_TYPES[base.split("(")[0]]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    source: str
    columns: tuple[Column, ...]
    intro: str | None = None
    notes: str | None = None


@cache
def tables() -> dict[str, Table]:
    """Every raw table, in the statement's order."""
    data = yaml.safe_load(STATEMENT.read_text(encoding="utf-8"))
    return {name: Table(name=name, title=t["title"], source=t["source"],
                        intro=t.get("intro"), notes=t.get("notes"),
                        columns=tuple(Column(**c) for c in t["columns"]))
            for name, t in data["tables"].items()}


def ddl() -> str:
    """CREATE SCHEMA and CREATE TABLE IF NOT EXISTS for every raw table."""
    parts = ["CREATE SCHEMA IF NOT EXISTS raw;"]
    for t in tables().values():
        cols = ",\n".join(f"    {c.name} {c.type}" for c in t.columns)
        parts.append(f"CREATE TABLE IF NOT EXISTS raw.{t.name} (\n{cols}\n);")
    return "\n".join(parts)


def add_missing_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Add to an existing warehouse the columns the statement has and its tables lack (those
    added after it was created; nullable, since older rows have no value)."""
    present = set(con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'raw'").fetchall())
    for t in tables().values():
        for c in t.columns:
            if (t.name, c.name) not in present:
                con.execute(f"ALTER TABLE raw.{t.name} ADD COLUMN {c.name} {c.sql_type}")


def frame_schema(table: str, order: tuple[str, ...] | None = None) -> dict[str, pl.DataType]:
    """The polars types of ``table``'s frame, its columns in ``order`` (the order the writer
    builds its rows in; default: the table's). ``order`` must name every column once."""
    columns = {c.name: c.frame_type for c in tables()[table].columns}
    if order is None:
        return columns
    if sorted(order) != sorted(columns):
        raise ValueError(f"raw.{table}: frame columns {sorted(set(order) ^ set(columns))} "
                         "differ from the schema's")
    return {name: columns[name] for name in order}


def _meaning_rows(t: Table) -> list[tuple[list[str], str]]:
    """Consecutive columns that share one meaning form one row of the documentation."""
    rows: list[tuple[list[str], str]] = []
    for c in t.columns:
        if rows and rows[-1][1] == c.meaning:
            rows[-1][0].append(c.name)
        else:
            rows.append(([c.name], c.meaning))
    return rows


def render_doc() -> str:
    out = ["# The `raw` schema", "",
           "<!-- generated from ingest/raw_schema.yaml by `python -m ingest.raw_schema`: edit "
           "that file -->", "",
           "Written by `budget-warehouse ingest` (package `ingest/`). Every row traces back to "
           "its file", "(`raw.documents.source_path`) and line (`source_line`, `*_line`); rows "
           "read from a PDF also", "to their page (`page`, `first_page`/`last_page`, or "
           "through `raw.pages` by line).", "",
           "When a path's new content replaces a document no other path holds, the old "
           "version's rows are", "copied to the table of the same name in schema "
           "`raw_history` (same columns) and", "`raw_history.versions` records it (document_id, "
           "source_path, replaced_by, run_id, replaced_at).", "A re-parse of the same content "
           "by a newer parser is not a version. `budget-warehouse prune", "[--older-than DAYS]`"
           " deletes them."]
    for t in tables().values():
        out += ["", f"## raw.{t.name} — {t.title}"]
        if t.intro:
            out += [t.intro, ""]
        out += ["| column | type | meaning |", "|---|---|---|"]
        types = {c.name: c.type for c in t.columns}
        for names, meaning in _meaning_rows(t):
            kinds = " / ".join(dict.fromkeys(types[n] for n in names))
            out.append(f"| {', '.join(names)} | {kinds} | {meaning} |")
        if t.notes:
            out += ["", t.notes]
    return "\n".join(out) + "\n"


def render_sources() -> str:
    def q(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"
    out = ["# generated from ingest/raw_schema.yaml by `python -m ingest.raw_schema`: edit that "
           "file", "version: 2", "", "sources:", "  - name: raw",
           "    description: >",
           "      Rows written by `budget-warehouse ingest` (原始层; docs/raw_schema.md). Loaded "
           "in", "      batches by the ingest command, not continuously: freshness checks are "
           "off.", "    schema: raw", "    config:", "      freshness: null", "    tables:"]
    for t in tables().values():
        out += [f"      - name: {t.name}", f"        description: {q(t.source)}",
                "        columns:"]
        for c in t.columns:
            out += [f"          - name: {c.name}", f"            description: {q(c.meaning)}"]
    return "\n".join(out) + "\n"


def generated() -> dict[Path, str]:
    return {DOC: render_doc(), SOURCES: render_sources()}


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for path, text in generated().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        if check:
            stale.append(path)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for path in stale:
        print(f"{path} is out of date with {STATEMENT}: run `python -m ingest.raw_schema`")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
