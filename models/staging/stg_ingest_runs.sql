-- One row per ingest run (raw.ingest_runs).
select
    run_id,
    started_at,
    finished_at,
    parser_version,
    files_seen,
    loaded,
    replaced,
    unchanged,
    coalesce(partial, 0) as partial,
    failed,
    abandoned_at,
    coalesce(status, case when finished_at is not null then 'finished' end) as status
from {{ source('raw', 'ingest_runs') }}
