-- One row per indicator of a project self-evaluation (raw.self_evaluation_indicators), typed
-- and renamed; nothing joined.
select
    document_id,
    evaluation_index,
    indicator_index,
    level1,
    level2,
    level3,
    initial_value,
    adjusted_value,
    actual_value,
    qualitative_note,
    cast(target_number as decimal(20, 6)) as target_number,
    cast(actual_number as decimal(20, 6)) as actual_number,
    cast(weight as decimal(20, 6)) as weight,
    cast(score as decimal(20, 6)) as score,
    deviation_reason,
    source_line
from {{ source('raw', 'self_evaluation_indicators') }}
