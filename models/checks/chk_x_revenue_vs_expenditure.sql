{{ config(schema='checks', materialized='view') }}
-- Across tables (budget): 收入总表 = 支出总表 in total: the 合计 row of table 2 (本年收入/合计 +
-- 上年结转) = the 合计 row's 合计 of table 3.
with expected_side as (
    select v.document_id, min(v.table_index) as table_index, 'total' as key, null as row_code,
        '合计' as row_label, '本年收入/合计 + 上年结转' as column_name, sum(v.amount) as amount,
        string_agg(v.printed_text, ' + ' order by v.col_index) as printed_text,
        min(v.source_line) as source_line, min(t.title) as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where v.table_kind = 'budget_revenue' and v.row_code is null and v.label = '合计'
      and v.col in ('本年收入/合计', '上年结转')
    group by v.document_id
),
actual_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, null as table_title
    from {{ ref('chk_values') }} as v
    where v.table_kind = 'budget_expenditure' and v.row_code is null and v.label = '合计'
      and v.col_leaf = '合计'
)
{{ checks_pair('x_revenue_vs_expenditure', '收入总表 合计') }}
