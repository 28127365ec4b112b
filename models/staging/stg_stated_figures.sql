-- One row per figure stated in prose (raw.stated_figures: 情况说明 and the other prose parts),
-- typed and renamed; nothing joined. unit_kind tells money (万元/亿元/元) from percentages,
-- areas and counts, and value_wan converts money to 万元 (元 / 10000, 亿元 × 10000).
select
    document_id,
    figure_index,
    source_line,
    section,
    subject as subject_key,
    measure,
    label,
    qualifier,
    cast(value as decimal(20, 6)) as value,
    unit,
    case
        when unit in ('万元', '亿元', '元') then 'money'
        when unit = '%' then 'percent'
        when unit = '平方米' then 'area'
        else 'count'
    end as unit_kind,
    cast(case unit
        when '万元' then value
        when '元' then value / 10000
        when '亿元' then value * 10000
    end as decimal(24, 8)) as value_wan,
    direction,
    basis,
    parent_subject as parent_subject_key,
    is_generic,
    sentence
from {{ source('raw', 'stated_figures') }}
