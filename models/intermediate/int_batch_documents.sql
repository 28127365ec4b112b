-- The documents of the build's batch: those loaded into int_documents after the watermark of
-- the last complete build (build.runs; every document when there is none). The one model that
-- reads the build log: the per-document incremental models take their batch from here
-- (macros/incremental.sql). A view, evaluated when an incremental run reads it.
select document_id
from {{ ref('int_documents') }}
where ingested_at > coalesce(
    (select watermark from {{ source('build', 'runs') }}
     where models_ok order by started_at desc limit 1),
    '-infinity'::timestamp)
