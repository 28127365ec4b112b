{{ config(schema='checks', materialized='view') }}
-- Across tables: the 收入总表 (budget 2, final 02, Jiangsu's 收入预算总表 by rows) total = the
-- 收支总表's income total of the same reach. The 收入总表's total is its total row (合计,
-- 本年收入合计, 收入总计: no code) under its year-income total column (本年收入/合计, 收入预算/合计,
-- 本年收入合计; a table of one amount column, headed or not: that column). A total row the seed
-- map_summary_row_role calls a grand total (Jiangsu's 收入总计, which counts 上年结转和结余资金)
-- is compared with the 收支总表's grand total (收入合计, 收入总计); any other with its year
-- total (本年收入合计, 当年收入小计), or its grand total where the income side prints no year
-- total and no carry-over line (Shanghai's 部门财务收支预算总表).
with summary_rows as (
    select document_id, table_index, row_index, row_role, row_label, source_line
    from {{ ref('chk_labels') }}
    where table_kind in ('budget_summary', 'final_summary') and side = '收入'
      and cell_role = 'label' and row_role in ('year_total', 'grand_total', 'carryover_in')
),
summary_totals as (
    select v.document_id, v.table_index, r.row_role, v.row_label, v.col, v.amount,
        v.printed_text, v.source_line, t.title as table_title,
        exists (select 1 from summary_rows as o
                where o.document_id = r.document_id and o.table_index = r.table_index
                  and o.row_role <> 'grand_total') as has_year_lines
    from {{ ref('chk_values') }} as v
    join summary_rows as r
        on r.document_id = v.document_id and r.table_index = v.table_index
       and r.row_index = v.row_index
    join {{ ref('stg_tables') }} as t
        on t.document_id = v.document_id and t.table_index = v.table_index
    where v.side = '收入' and r.row_role in ('year_total', 'grand_total')
),
revenue as (
    select v.*, {{ summary_row_role('v.label') }} as total_role,
        count(distinct v.col) over (partition by v.document_id, v.table_index) as n_cols
    from {{ ref('chk_values') }} as v
    where v.table_kind in ('budget_revenue', 'budget_revenue_by_source', 'final_revenue')
),
actual_side as (
    select document_id, table_index,
        case when total_role = 'grand_total' then 'grand' else 'year' end as key,
        null as row_code, row_label, col as column_name, amount, printed_text, source_line,
        null as table_title
    from revenue
    where row_code is null
      and label in {{ label_set('revenue_table_total_row') }}
      and (col in {{ label_set('revenue_table_total_column') }}
           or n_cols = 1)
),
summary_side as (
    select document_id, table_index, 'grand' as key, null as row_code, row_label,
        col as column_name, amount, printed_text, source_line, table_title
    from summary_totals where row_role = 'grand_total'
    union all
    select document_id, table_index, 'year', null, row_label, col, amount, printed_text,
        source_line, table_title
    from summary_totals
    where row_role = 'year_total' or (row_role = 'grand_total' and not has_year_lines)
),
-- the reach the 收入总表 prints (a document's other reach has nothing to be compared with)
expected_side as (
    select * from summary_side as e
    where exists (select 1 from actual_side as a
                  where a.document_id = e.document_id and a.key = e.key)
)
{{ checks_pair('x_summary_income_vs_revenue', '收支总表 收入') }}
