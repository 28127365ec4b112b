{{ config(schema='checks', materialized='view') }}
-- Across tables: 本年收入合计 of the 收支总表 (budget 1, final 01) = the 合计 row's 合计 of the
-- 收入总表 (budget 2: 本年收入/合计; final 02: 本年收入合计).
with expected_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, t.title as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where v.table_kind in ('budget_summary', 'final_summary')
      and split_part(v.col, '/', 1) = '收入' and v.label = '本年收入合计'
),
actual_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, null as table_title
    from {{ ref('chk_values') }} as v
    where v.table_kind in ('budget_revenue', 'final_revenue') and v.row_code is null
      and v.label = '合计' and v.col in ('本年收入/合计', '本年收入合计')
)
{{ checks_pair('x_summary_income_vs_revenue', '收支总表 本年收入合计') }}
