"""budget-warehouse: the command-line entry point tying ingest, dbt build and checks together."""
