-- dim_document: one row per loaded disclosure document (预算公开 / 决算公开).
select
    document_id,
    unit_key,
    unit_name,
    phase,
    {{ code_label('phase', 'phase') }} as phase_zh,
    {{ document_attributes() }}
from {{ ref('int_documents') }}
