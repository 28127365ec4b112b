{{ config(schema='checks', materialized='view') }}
-- 收支总表 (budget and final, 收支总表 and 财政拨款收支总表): 收入总计 = 支出总计 (收入合计 =
-- 支出合计 where a table prints no 总计 row; row role grand_total). The income
-- side's amount column is compared with the expenditure side's total column: the column
-- int_column_measures marks as the expenditure total of the table (Shanxi 支出/合计, 支出/金额,
-- 支出/金额/小计; Shanghai 支出/决算数, 支出/合计), else a column whose leaf is 合计/金额/小计.
with lab as (
    select * from {{ ref('chk_labels') }}
    where table_kind in ({{ summary_kinds() }})
      and side in ('收入', '支出') and cell_role = 'label' and row_role = 'grand_total'
),
-- the side's grand total: its last 总计 / 合计 row (seed map_summary_row_role)
grand as (
    select document_id, table_index, side, max(row_index) as row_index,
        max(source_line) as line
    from lab
    group by all
),
vals as (
    select v.*
    from {{ ref('chk_values') }} as v
    join grand as g
        on g.document_id = v.document_id and g.table_index = v.table_index
       and g.side = v.side and g.row_index = v.row_index
),
income as (
    select document_id, table_index, sum(amount) as amount, min(source_line) as line,
        min(printed_text) as printed
    from vals where side = '收入' group by all
),
expenditure as (
    select document_id, table_index, sum(amount) as amount, min(source_line) as line,
        min(col) as col
    from vals as v
    where side = '支出' and (
        exists (select 1 from {{ ref('int_column_measures') }} as m
                where m.table_kind = v.table_kind and m.column_path = v.col
                  and m.flow = 'expenditure' and m.is_total_column)
        or col_leaf in {{ label_set('summary_expenditure_total_column') }})
    group by all
),
comparisons as (
    select
        g.document_id, g.table_index, null as row_code, '收入总计 = 支出总计' as row_label,
        coalesce(e.col, '支出') as column_name,
        coalesce(i.amount, 0) as expected,
        coalesce(e.amount, 0) as actual,
        1 as n_terms,
        coalesce(e.line, g.line) as source_line,
        '收入总计 ' || coalesce(i.printed, 'empty') || ' (line '
            || coalesce(i.line, g.line) || ')' as detail
    from grand as g
    left join income as i using (document_id, table_index)
    left join expenditure as e using (document_id, table_index)
    where g.side = '支出' and (i.amount is not null or e.amount is not null)
)
{{ checks_comparison_select('summary_balance') }}
