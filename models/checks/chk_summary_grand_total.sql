{{ config(schema='checks', materialized='view') }}
-- 收支总表 (budget and final, 收支总表 and 财政拨款收支总表): on each side,
-- 总计 = 本年收入合计 (本年支出合计) + the 结转/结余 lines between them
-- (上年结转, 使用非财政拨款结余, 年初结转和结余 / 年终结转, 结余分配, 年末结转和结余), per column.
with lab as (
    select * from {{ ref('chk_labels') }}
    where table_kind in ('budget_summary', 'final_summary', 'budget_fiscal_summary',
                         'final_fiscal_summary')
      and side in ('收入', '支出') and cell_role = 'label'
),
bounds as (
    select
        document_id, table_index, side,
        min(row_index) filter (where label in ('本年收入合计', '本年支出合计')) as year_row,
        min(row_index) filter (where label in ('收入总计', '支出总计', '总计')) as grand_row,
        min(source_line) filter (where label in ('收入总计', '支出总计', '总计')) as line,
        min(row_label) filter (where label in ('收入总计', '支出总计', '总计')) as grand_label
    from lab
    group by all
    having year_row is not null and grand_row is not null
),
vals as (
    select v.*, b.side, b.year_row, b.grand_row
    from {{ ref('chk_values') }} as v
    join bounds as b
        on b.document_id = v.document_id and b.table_index = v.table_index
       and b.side = split_part(v.col, '/', 1)
),
totals as (
    select
        b.document_id, b.table_index, b.side as key, null as row_code,
        b.grand_label as row_label, c.col as column_name,
        (select t.amount from vals t where t.document_id = b.document_id
            and t.table_index = b.table_index and t.col = c.col
            and t.row_index = b.grand_row) as actual,
        b.line as source_line
    from bounds as b
    join (select distinct document_id, table_index, side, col from vals) as c
        on c.document_id = b.document_id and c.table_index = b.table_index and c.side = b.side
),
parts as (
    select document_id, table_index, side as key, col as column_name, row_label as term,
        printed_text, amount, source_line, row_index, col_index
    from vals
    where row_index = year_row
       or (row_index > year_row and row_index < grand_row
           and (label like '%结转%' or label like '%结余%'))
)
{{ checks_sum_identity('summary_grand_total') }}
