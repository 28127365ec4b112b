"""Where the Data Docs go, and the GX site configuration that writes them there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

DOCS_ENV = "BUDGET_WAREHOUSE_DATA_DOCS"
DEFAULT_DOCS = Path(__file__).resolve().parent.parent / "data" / "quality" / "data_docs"
SITE_NAME = "budget_warehouse"


def docs_dir(explicit: Path | None = None) -> Path:
    """The Data Docs folder: the argument, $BUDGET_WAREHOUSE_DATA_DOCS or data/quality/data_docs."""
    if explicit is not None:
        return Path(explicit)
    return Path(os.environ.get(DOCS_ENV) or DEFAULT_DOCS)


def site_config(folder: Path) -> dict:
    """A GX SiteBuilder writing static HTML to ``folder``."""
    return {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(folder.resolve())},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }


def clear(folder: Path) -> None:
    """Remove the previous run's pages (the history stays in the quality schema)."""
    for name in ("validations", "expectations", "static"):
        shutil.rmtree(folder / name, ignore_errors=True)
    (folder / "index.html").unlink(missing_ok=True)


def write_findings_page(folder: Path, run: dict, findings: list[dict],
                        by_rule: dict[str, dict]) -> Path:
    """findings.html beside the GX pages: every failed comparison with its location, in the
    form an auditor acts on (GX's own pages show the validated column only). ``by_rule``:
    per rule its severity and the number of documents per status."""
    from html import escape

    def cell(value: object) -> str:
        return f"<td>{escape('' if value is None else str(value))}</td>"

    rows = "\n".join(
        "<tr>" + "".join(cell(f.get(k)) for k in (
            "severity", "rule_id", "file_name", "source_line", "table_title", "row_code",
            "row_label", "column_name", "expected", "actual", "difference", "tolerance",
            "detail")) + "</tr>" for f in findings)
    summary = "\n".join(
        f"<tr>{cell(rid)}{cell(c['severity'])}{cell(c.get('passed', 0))}"
        f"{cell(c.get('failed', 0))}{cell(c.get('not_applicable', 0))}"
        f"{cell(c.get('skipped', 0))}</tr>" for rid, c in by_rule.items())
    page = f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>Findings {escape(run['run_id'])}</title>
<style>body{{font-family:sans-serif}} table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:2px 6px;font-size:13px;vertical-align:top}}</style></head>
<body><h1>Budget warehouse checks: run {escape(run['run_id'])}</h1>
<p>{escape(str(run['database_path']))}, {escape(str(run['finished_at']))}:
{run['results_failed_error']} failed error checks, {run['results_failed_warning']} failed
warning checks, {len(findings)} findings. Validation pages: <a href="index.html">index</a>.</p>
<h2>Findings</h2><table><tr><th>severity</th><th>check</th><th>file</th><th>line</th>
<th>table</th><th>code</th><th>row</th><th>column</th><th>expected</th><th>actual</th>
<th>difference</th><th>tolerance</th><th>detail</th></tr>
{rows}</table>
<h2>Checks</h2><table><tr><th>check</th><th>severity</th><th>passed</th><th>failed</th>
<th>n/a</th><th>skipped</th></tr>
{summary}</table></body></html>
"""
    path = folder / "findings.html"
    path.write_text(page, encoding="utf-8")
    return path
