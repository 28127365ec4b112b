"""The catalogue's meanings that the models read, as dbt seeds generated from it.

ingest/catalogue.yaml is the one place a template's tables and the row labels that mean a
total are defined; the models read them from these seeds, which are generated from the
catalogue, never edited by hand:

    python -m ingest.catalogue_seeds          # rewrite the seeds
    python -m ingest.catalogue_seeds --check  # exit 1 when one is out of date

- seeds/ref_template_table.csv: the numbered tables of each template (the check that every
  document holds all of them, models/checks/chk_document_tables.sql);
- seeds/ref_total_label.csv: the normalised row labels of a table's total row (合计, 总计, …).

tests/test_expectations.py asserts that the committed seeds equal the generated ones.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "ingest" / "catalogue.yaml"
SEED_DIR = ROOT / "seeds"


def _csv(columns: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def template_tables(data: dict[str, Any]) -> str:
    """One row per template and numbered table, in catalogue order."""
    return _csv(["template", "doc_kind", "template_order", "table_no", "table_kind", "table_label"],
                [[name, spec["doc_kind"], order, table["number"], table["kind"], table["label"]]
                 for order, (name, spec) in enumerate(data["templates"].items(), start=1)
                 for table in spec["tables"]])


def total_labels(data: dict[str, Any]) -> str:
    """One row per label of a total row (catalogue ``total_labels``)."""
    return _csv(["label"], [[label] for label in data["total_labels"]])


SEEDS: dict[str, Callable[[dict[str, Any]], str]] = {
    "ref_template_table.csv": template_tables,
    "ref_total_label.csv": total_labels,
}


def render(catalogue: Path = CATALOGUE) -> dict[Path, str]:
    """Each seed's path and CSV text."""
    data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    return {SEED_DIR / name: build(data) for name, build in SEEDS.items()}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    stale = [path for path, text in render().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if "--check" in args:
        for path in stale:
            print(f"{path} is out of date with {CATALOGUE}: run "
                  "`python -m ingest.catalogue_seeds`", file=sys.stderr)
        return 1 if stale else 0
    for path, text in render().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
