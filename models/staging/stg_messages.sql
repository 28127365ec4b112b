-- One row per ingest warning or error (raw.messages), renamed; nothing joined.
select
    run_id,
    document_id,
    source_path,
    message_index,
    severity,
    line as source_line,
    table_title,
    message
from {{ source('raw', 'messages') }}
