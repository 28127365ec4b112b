-- One row per performance indicator of a target table (raw.target_indicators: 项目支出绩效目标表
-- and 整体支出绩效目标申报表), typed and renamed; nothing joined.
select
    document_id,
    target_kind,
    target_index,
    indicator_index,
    side,
    level1,
    level2,
    level3,
    value_text,
    operator as value_operator,
    cast(number as decimal(20, 6)) as value_number,
    unit as value_unit,
    source_line
from {{ source('raw', 'target_indicators') }}
