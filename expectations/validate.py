"""Validate the reconciliation rows with Great Expectations (pandas datasource, ephemeral
context) and render Data Docs. The only module that imports great_expectations (slow).

GX's SQL datasource returns empty results over duckdb-engine (upstream GX issue #11579), so
the runner aggregates each check model in SQL into a compact pandas frame (per document its
violating rows, or its worst row) and validates that here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from expectations import docs
from expectations.catalogue import Rule

ROW_ID = "_row"


@dataclass
class Validation:
    rule_id: str
    success: bool
    failed_rows: list[int]          # values of ROW_ID that failed
    evaluated: int


def _expectation_class(gx, type_name: str):
    name = "".join(part.capitalize() for part in type_name.split("_"))
    try:
        return getattr(gx.expectations, name)
    except AttributeError as exc:
        raise ValueError(f"unknown expectation type {type_name!r}") from exc


def validate(rules: list[Rule], frames: dict[str, pd.DataFrame],
             docs_folder: Path | None) -> tuple[dict[str, Validation], str, Path | None]:
    """Validate ``frames[rule.id]`` for every rule given; return results, GX version and the
    Data Docs index (None when docs_folder is None)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # the ephemeral context's default site writes to a fresh temporary folder: drop it
    for name, config in dict(context.variables.data_docs_sites or {}).items():
        context.delete_data_docs_site(name)
        folder = Path(config.get("store_backend", {}).get("base_directory") or "")
        if folder.name and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    if docs_folder is not None:
        docs_folder.mkdir(parents=True, exist_ok=True)
        docs.clear(docs_folder)
        context.add_data_docs_site(site_name=docs.SITE_NAME,
                                   site_config=docs.site_config(docs_folder))
    source = context.data_sources.add_pandas("budget_warehouse_checks")

    definitions = []
    for rule in rules:
        spec = rule.expectation or {}
        cls = _expectation_class(gx, spec["type"])
        expectation = cls(**spec.get("kwargs", {}), meta={
            "rule_id": rule.id, "severity": rule.severity, "group": rule.group,
            "title": rule.title, "tolerance": rule.tolerance, "model": f"checks.{rule.model}"})
        suite = context.suites.add(gx.ExpectationSuite(name=rule.id))
        suite.add_expectation(expectation)
        asset = source.add_dataframe_asset(name=rule.id)
        batch = asset.add_batch_definition_whole_dataframe(rule.model or rule.id)
        definitions.append((rule, context.validation_definitions.add(
            gx.ValidationDefinition(name=rule.id, data=batch, suite=suite))))

    # GX drops expectation configurations it finds invalid: every rule must have its one.
    loaded = sum(len(context.suites.get(rule.id).expectations) for rule in rules)
    if loaded != len(rules):
        raise RuntimeError(f"GX loaded {loaded} expectations for {len(rules)} rules")

    out: dict[str, Validation] = {}
    for rule, definition in definitions:
        frame = frames[rule.id]
        result = definition.run(
            batch_parameters={"dataframe": frame},
            result_format={"result_format": "COMPLETE",
                           "unexpected_index_column_names": [ROW_ID]})
        (res,) = result.results
        if res.exception_info and res.exception_info.get("raised_exception"):
            raise RuntimeError(f"rule {rule.id}: GX raised "
                               f"{res.exception_info.get('exception_message')}")
        failed = [int(item[ROW_ID]) for item in (res.result.get("unexpected_index_list") or [])]
        if not res.success and not failed and len(frame):
            raise RuntimeError(f"rule {rule.id}: GX reported failure without failing rows")
        out[rule.id] = Validation(rule.id, bool(res.success), sorted(set(failed)), len(frame))

    index = None
    if docs_folder is not None:
        sites = context.build_data_docs(site_names=[docs.SITE_NAME])
        url = sites.get(docs.SITE_NAME, "")
        index = Path(re.sub(r"^file://", "", url)) if url else docs_folder / "index.html"
    return out, gx.__version__, index
