-- dim_document: one row per loaded disclosure document (预算公开 / 决算公开).
select
    document_id,
    unit_key,
    unit_name,
    phase,
    case phase when 'budget' then '预算' when 'final_account' then '决算' end as phase_zh,
    {{ document_attributes() }}
from {{ ref('int_documents') }}
