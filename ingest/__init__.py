"""Ingest disclosure documents into the ``raw`` schema of the warehouse.

Readers turn a file into a :class:`ingest.document.Document`; interpreters decide what its
tables and cells mean; :mod:`ingest.store` writes the result to DuckDB.
"""

# raised whenever what the parser makes of a file changes: a stored document parsed by an
# older version is parsed again at the next ingest
PARSER_VERSION = "2.0.0"
