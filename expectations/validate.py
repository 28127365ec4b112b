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

ROW_ID = "_row"          # a row's number in its rule's frame
RULE_ID = "_rule"        # the rule a row of the combined frame belongs to
GLOBAL_ROW = "_gid"      # a row's number in the combined frame
SUITE = "budget_warehouse_checks"


def _validated_columns(kwargs: dict) -> list[str]:
    """The columns an expectation reads (column, column_A/column_B, column_list)."""
    names = [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    return [*names, *kwargs.get("column_list", [])]


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
    from great_expectations.expectations.row_conditions import Column

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
    # One suite and one validation over one frame: each rule's expectation sees its own rows
    # (a row condition on the rule column) and only the columns it validates. One GX run
    # costs ~0.1 s; one per rule cost ~2 s of GX overhead (store writes, graph building).
    source = context.data_sources.add_pandas("budget_warehouse_checks")
    batch = source.add_dataframe_asset(name=SUITE).add_batch_definition_whole_dataframe(SUITE)
    expectations, parts = [], []
    for rule in rules:
        spec = rule.expectation or {}
        kwargs = spec.get("kwargs", {})
        cls = _expectation_class(gx, spec["type"])
        expectations.append(cls(
            **kwargs, row_condition=Column(RULE_ID) == len(parts),
            meta={"rule_id": rule.id, "severity": rule.severity, "group": rule.group,
                  "title": rule.title, "tolerance": rule.tolerance,
                  "model": f"checks.{rule.model}"}))
        part = frames[rule.id][[*_validated_columns(kwargs), ROW_ID]].copy()
        part[RULE_ID] = len(parts)     # the rule's number: cheaper to compare than its id
        parts.append(part)
    # the suite is stored once with all its expectations (adding them one by one rewrites
    # the stored suite each time: ~1 s for 36)
    suite = context.suites.add(gx.ExpectationSuite(name=SUITE, expectations=expectations))
    # GX drops expectation configurations it finds invalid: every rule must have its one.
    loaded = len(context.suites.get(SUITE).expectations)
    if loaded != len(rules):
        raise RuntimeError(f"GX loaded {loaded} expectations for {len(rules)} rules")
    combined = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        {RULE_ID: [], ROW_ID: []})
    combined[GLOBAL_ROW] = range(len(combined))
    # numpy-backed columns: GX filters the frame for every metric, and taking rows of
    # Arrow-backed string columns costs ~100x more
    combined = combined.astype({c: object for c, t in combined.dtypes.items()
                                if isinstance(t, pd.StringDtype | pd.ArrowDtype)})
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=SUITE, data=batch, suite=suite))
    result = definition.run(
        batch_parameters={"dataframe": combined},
        result_format={"result_format": "COMPLETE",
                       "unexpected_index_column_names": [GLOBAL_ROW]})

    local = combined[ROW_ID].to_numpy()
    out: dict[str, Validation] = {}
    for res in result.results:
        rule_id = res.expectation_config.meta["rule_id"]
        if res.exception_info and res.exception_info.get("raised_exception"):
            raise RuntimeError(f"rule {rule_id}: GX raised "
                               f"{res.exception_info.get('exception_message')}")
        failed = [int(local[int(item[GLOBAL_ROW])])
                  for item in (res.result.get("unexpected_index_list") or [])]
        frame = frames[rule_id]
        if not res.success and not failed and len(frame):
            raise RuntimeError(f"rule {rule_id}: GX reported failure without failing rows")
        out[rule_id] = Validation(rule_id, bool(res.success), sorted(set(failed)), len(frame))
    if set(out) != {rule.id for rule in rules}:
        raise RuntimeError(f"GX returned results for {len(out)} of {len(rules)} rules")

    index = None
    if docs_folder is not None:
        sites = context.build_data_docs(site_names=[docs.SITE_NAME])
        url = sites.get(docs.SITE_NAME, "")
        index = Path(re.sub(r"^file://", "", url)) if url else docs_folder / "index.html"
    return out, gx.__version__, index
