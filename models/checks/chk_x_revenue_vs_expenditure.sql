{{ config(schema='checks', materialized='view') }}
-- Across tables (budget): 收入总表 = 支出总表 in total: the 合计 row of table 2 (its income total
-- column and its carry-over columns, as int_column_measures reads them: Shanxi 本年收入/合计 +
-- 上年结转, Shanghai 收入预算/合计) = the 合计 row's 合计 of table 3. Jiangsu prints its sources
-- as rows (收入预算总表: 收入总计, counting 上年结转和结余资金, in its one amount column) and its
-- 支出预算总表 as one row by use (合计 | 基本支出 | 项目支出 | 单位预留机动经费 | 结转下年资金).
with revenue_columns as (
    select column_path as col from {{ ref('int_column_measures') }}
    where table_kind = 'budget_revenue'
      and ((flow = 'income' and is_total_column) or flow = 'carryover_in')
),
expected_side as (
    select v.document_id, min(v.table_index) as table_index, 'total' as key, null as row_code,
        '合计' as row_label, string_agg(v.col, ' + ' order by v.col_index) as column_name,
        sum(v.amount) as amount,
        string_agg(v.printed_text, ' + ' order by v.col_index) as printed_text,
        min(v.source_line) as source_line, min(t.title) as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where v.table_kind = 'budget_revenue' and v.is_total_row
      and v.col in (select col from revenue_columns)
    group by v.document_id
    union all
    select v.document_id, v.table_index, 'total', null, v.row_label, v.col, v.amount,
        v.printed_text, v.source_line, t.title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where v.table_kind = 'budget_revenue_by_source' and v.row_code is null
      and v.label in {{ label_set('income_grand_total_row') }}
      and (select count(distinct o.col) from {{ ref('chk_values') }} as o
           where o.document_id = v.document_id and o.table_index = v.table_index) = 1
),
actual_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, null as table_title
    from {{ ref('chk_values') }} as v
    where v.row_code is null and v.col_leaf = '合计'
      and ((v.table_kind = 'budget_expenditure' and v.label = '合计')
           or (v.table_kind = 'budget_expenditure_by_use' and coalesce(v.label, '合计') in ('合计', '')))
)
{{ checks_pair('x_revenue_vs_expenditure', '收入总表 合计') }}
