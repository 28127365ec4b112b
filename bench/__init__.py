"""Synthetic corpus generator and benchmark for the budget warehouse.

``python -m bench.generate`` writes documents that look like the samples (same text format,
same debris) with known totals and known injected inconsistencies; ``python -m
bench.benchmark`` times ingest, build and check on generated corpora of several sizes.
"""
