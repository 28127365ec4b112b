-- One row per figure stated in prose (raw.stated_figures: 情况说明 and the other prose parts),
-- typed and renamed. unit_kind tells money from percentages, areas and counts, and value_wan
-- converts money to 万元 (seed ref_amount_unit; any other unit is a count).
select
    document_id,
    figure_index,
    source_line,
    section,
    subject as subject_key,
    measure,
    label,
    qualifier,
    cast(f.value as decimal(20, 6)) as value,
    unit,
    coalesce(u.unit_kind, 'count') as unit_kind,
    cast(cast(f.value as decimal(20, 6)) * u.to_wan_yuan as decimal(24, 8)) as value_wan,
    direction,
    basis,
    parent_subject as parent_subject_key,
    is_generic,
    sentence
from {{ source('raw', 'stated_figures') }} as f
left join {{ ref('ref_amount_unit') }} as u using (unit)
