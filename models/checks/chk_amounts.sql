{{ config(schema='checks', materialized='view') }}
-- Structure: every printed money amount of a table whose meaning requires it to be
-- non-negative (all amounts except the final account's 结余/结转 lines, which may be negative,
-- and counts such as vehicles).
select
    'amount_non_negative' as rule_id,
    v.document_id,
    d.file_name,
    v.table_index,
    v.table_kind,
    t.title as table_title,
    v.row_code,
    v.row_label,
    v.col as column_name,
    cast(v.amount as double) as amount,
    v.printed_text as actual_text,
    '>= 0' as expected_text,
    cast(v.source_line as integer) as source_line
from {{ ref('chk_values') }} as v
join {{ ref('stg_documents') }} as d using (document_id)
join {{ ref('stg_tables') }} as t using (document_id, table_index)
where coalesce(v.value_unit, '万元') = '万元'
  and not (v.table_kind in ('final_summary', 'final_fiscal_summary', 'final_fund')
           and (v.label like '%结余%' or v.label like '%结转%' or v.col like '%结余%'))
