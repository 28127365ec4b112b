-- One row per piece of extraction debris the reader removed or repaired (raw.debris).
select
    document_id,
    debris_index,
    line as source_line,
    kind as debris_kind,
    text as debris_text
from {{ source('raw', 'debris') }}
