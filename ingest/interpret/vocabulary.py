"""The vocabulary of stated figures and performance tables, shipped as data
(``stated_figures.yaml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCABULARY_PATH = Path(__file__).parent.parent / "stated_figures.yaml"


@cache
def load_vocabulary(path: str | None = None) -> dict[str, Any]:
    """The parsed ``stated_figures.yaml`` (cached; treat it as read-only)."""
    with open(path or VOCABULARY_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)
