{{ config(schema='checks', materialized='view') }}
-- Across tables: the general public budget column of 本年支出合计 in the 财政拨款收支总表
-- (budget 4, final 04) = the 合计 row's total of the 一般公共预算支出表 (budget 5, final 05).
with expected_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, t.title as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where v.table_kind in ('budget_fiscal_summary', 'final_fiscal_summary')
      and split_part(v.col, '/', 1) = '支出' and v.label = '本年支出合计'
      and v.col_leaf in ('一般公共预算', '一般公共预算财政拨款')
),
actual_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, null as table_title
    from {{ ref('chk_values') }} as v
    where v.table_kind in ('budget_general_expenditure', 'final_general_expenditure')
      and v.row_code is null and v.label = '合计' and v.col_leaf in ('合计', '小计')
)
{{ checks_pair('x_fiscal_vs_general', '财政拨款收支总表 一般公共预算 本年支出合计') }}
