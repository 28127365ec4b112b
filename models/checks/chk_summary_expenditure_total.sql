{{ config(schema='checks', materialized='view') }}
-- 收支总表 (budget and final, 收支总表 and 财政拨款收支总表): 本年支出合计 = Σ expenditure
-- classes (the numbered rows above it on the 支出 side), per expenditure column.
with total_row as (
    select document_id, table_index, min(row_index) as row_index, min(source_line) as line
    from {{ ref('chk_labels') }}
    where table_kind in ('budget_summary', 'final_summary', 'budget_fiscal_summary',
                         'final_fiscal_summary')
      and side = '支出' and cell_role = 'label' and label = '本年支出合计'
    group by all
),
vals as (
    select v.*, r.row_index as total_row
    from {{ ref('chk_values') }} as v
    join total_row as r using (document_id, table_index)
    where split_part(v.col, '/', 1) = '支出'
),
totals as (
    select
        r.document_id, r.table_index, 'total' as key, null as row_code,
        '本年支出合计' as row_label, c.col as column_name,
        (select t.amount from vals t where t.document_id = r.document_id
            and t.table_index = r.table_index and t.col = c.col
            and t.row_index = r.row_index) as actual,
        r.line as source_line
    from total_row as r
    join (select distinct document_id, table_index, col from vals) as c
        on c.document_id = r.document_id and c.table_index = r.table_index
),
parts as (
    select document_id, table_index, 'total' as key, col as column_name, row_label as term,
        printed_text, amount, source_line, row_index, col_index
    from vals
    where row_index < total_row and label_is_ordinal
)
{{ checks_sum_identity('summary_expenditure_total') }}
