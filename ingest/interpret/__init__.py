"""Interpreters: decide what the blocks of a :class:`ingest.document.Document` mean."""
