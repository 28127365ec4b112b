"""Readers: one per input format, each producing an :class:`ingest.document.Document`."""
