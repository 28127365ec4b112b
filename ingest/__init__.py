"""Ingest disclosure documents into the ``raw`` schema of the warehouse.

Readers turn a file into a :class:`ingest.document.Document`; interpreters decide what its
tables and cells mean; :mod:`ingest.store` writes the result to DuckDB.
"""

PARSER_VERSION = "1.0.0"
