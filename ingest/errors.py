"""Errors raised while reading or interpreting a document."""

from __future__ import annotations


class DocumentError(Exception):
    """A document cannot be loaded; the message names file, table and line."""

    def __init__(self, message: str, *, line: int | None = None, table: str | None = None):
        super().__init__(message)
        self.line = line
        self.table = table

    def located(self, path: str) -> str:
        """The message prefixed with ``path:line`` and the table, as reported to users."""
        where = f"{path}:{self.line}" if self.line else path
        table = f" [table {self.table}]" if self.table else ""
        return f"{where}{table}: {self}"
