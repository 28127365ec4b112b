"""A sidecar manifest: identity fields for files, given by whoever collected them.

A CSV (UTF-8, header row) with a ``path`` column and any of ``unit_name``, ``doc_kind``,
``scope``, ``fiscal_year``, ``region_code`` (empty cells: read from the document). A path is
taken relative to the manifest's folder; a row whose path is a bare file name also matches a
file of that name anywhere, when no other row names it. What a manifest gives overrides what
the document says (each disagreement is a warning on the document); it is how a file with no
title at all gets in. Column meanings: docs/raw_schema.md.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("unit_name", "doc_kind", "scope", "fiscal_year", "region_code")
# other spellings of the column names, as crawlers write them
_COLUMN_ALIASES = {"path": "path", "file": "path", "unit": "unit_name", "kind": "doc_kind",
                   "year": "fiscal_year", "region": "region_code"}
_KINDS = {"budget": "budget", "预算": "budget", "final_account": "final_account",
          "final": "final_account", "决算": "final_account"}
_SCOPES = {"department": "department", "部门": "department", "unit": "unit", "单位": "unit"}
_REGION = re.compile(r"^\d{6}(?:\d{3})?$")


class ManifestError(ValueError):
    """A manifest cannot be read; the message names its file and line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(f"{path}{f':{line}' if line else ''}: {message}")


@dataclass(slots=True)
class Manifest:
    """The rows of a manifest, by resolved path and by bare file name."""

    source: str
    by_path: dict[str, dict[str, object]] = field(default_factory=dict)
    by_name: dict[str, dict[str, object]] = field(default_factory=dict)

    def lookup(self, file: Path) -> dict[str, object] | None:
        """The fields given for ``file``, or None."""
        row = self.by_path.get(str(file.resolve()))
        return row if row is not None else self.by_name.get(file.name)


def load_manifest(path: str | Path) -> Manifest:
    """Read a manifest; raises ManifestError naming the file and line of a bad row."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(path, None, f"cannot read manifest: {exc}") from None
    reader = csv.DictReader(text.splitlines())
    columns = {c: _COLUMN_ALIASES.get(c.strip().lower(), c.strip().lower())
               for c in reader.fieldnames or []}
    unknown = sorted(c for c, name in columns.items() if name not in (*FIELDS, "path"))
    if "path" not in columns.values() or unknown:
        raise ManifestError(
            path, 1, "a manifest has a 'path' column and any of " + ", ".join(FIELDS)
            + (f"; unknown column(s): {', '.join(unknown)}" if unknown else ""))
    manifest = Manifest(str(path))
    base = path.resolve().parent
    for line, raw in enumerate(reader, start=2):
        row = {columns[k]: (v or "").strip() for k, v in raw.items() if k in columns}
        file = row.pop("path")
        if not file:
            raise ManifestError(path, line, "row without a path")
        fields = {k: _value(k, v, path, line) for k, v in row.items() if v}
        target = Path(file)
        resolved = str((target if target.is_absolute() else base / target).resolve())
        if resolved in manifest.by_path:
            raise ManifestError(path, line, f"{file!r} is listed twice")
        manifest.by_path[resolved] = fields
        if target.name == file:
            manifest.by_name[file] = fields
    return manifest


def _value(key: str, value: str, path: Path, line: int) -> object:
    """A manifest cell as the identity field it gives."""
    if key == "doc_kind":
        if value.lower() not in _KINDS:
            raise ManifestError(path, line,
                                f"doc_kind {value!r}: budget (预算) or final_account (决算)")
        return _KINDS[value.lower()]
    if key == "scope":
        if value.lower() not in _SCOPES:
            raise ManifestError(path, line, f"scope {value!r}: department (部门) or unit (单位)")
        return _SCOPES[value.lower()]
    if key == "fiscal_year":
        if not re.fullmatch(r"(?:19|20)\d{2}", value):
            raise ManifestError(path, line, f"fiscal_year {value!r}: a year such as 2025")
        return int(value)
    if key == "region_code" and not _REGION.match(value):
        raise ManifestError(path, line,
                            f"region_code {value!r}: a 6- or 9-digit administrative code")
    return value
