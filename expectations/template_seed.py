"""The numbered tables of each catalogue template as a dbt seed (seeds/ref_template_table.csv).

ingest/catalogue.yaml is the one place a template's tables are defined; the check that every
document holds all of them (models/checks/chk_document_tables.sql) reads this seed, which is
generated from the catalogue, never edited by hand:

    python -m expectations.template_seed          # rewrite the seed
    python -m expectations.template_seed --check  # exit 1 when it is out of date

tests/test_expectations.py asserts that the committed seed equals the generated one.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "ingest" / "catalogue.yaml"
SEED = ROOT / "seeds" / "ref_template_table.csv"
COLUMNS = ["template", "doc_kind", "template_order", "table_no", "table_kind", "table_label"]


def render(catalogue: Path = CATALOGUE) -> str:
    """The seed's CSV text: one row per template and numbered table, in catalogue order."""
    data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for order, (name, spec) in enumerate(data["templates"].items(), start=1):
        for table in spec["tables"]:
            writer.writerow([name, spec["doc_kind"], order, table["number"], table["kind"],
                             table["label"]])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in args:
        current = SEED.read_text(encoding="utf-8") if SEED.exists() else ""
        if current != text:
            print(f"{SEED} is out of date with {CATALOGUE}: run "
                  "`python -m expectations.template_seed`", file=sys.stderr)
            return 1
        return 0
    SEED.write_text(text, encoding="utf-8")
    print(f"wrote {SEED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
