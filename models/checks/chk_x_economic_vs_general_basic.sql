{{ config(schema='checks', materialized='view') }}
-- Across tables: basic expenditure by economic classification (budget 6: 合计 row 合计; final
-- 06: 人员经费合计 + 公用经费合计) = 基本支出 of the 合计 row of the general public budget
-- expenditure table (budget 5, final 05).
with expected_side as (
    select v.document_id, min(v.table_index) as table_index, 'total' as key, null as row_code,
        '合计' as row_label, min(v.col) as column_name, sum(v.amount) as amount,
        string_agg(v.printed_text, ' + ') as printed_text, min(v.source_line) as source_line,
        min(t.title) as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where (v.table_kind = 'budget_basic_by_economic' and v.label = '合计' and v.col_leaf = '合计')
       or (v.table_kind = 'final_basic_by_economic'
           and v.label in ('人员经费合计', '公用经费合计'))
    group by v.document_id
),
actual_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, null as table_title
    from {{ ref('chk_values') }} as v
    where v.table_kind in ('budget_general_expenditure', 'final_general_expenditure')
      and v.row_code is null and v.label = '合计' and v.col_leaf = '基本支出'
)
{{ checks_pair('x_economic_vs_general_basic', '经济科目表 合计') }}
