{{ config(schema='checks', materialized='view') }}
-- 收支总表 (budget and final, 收支总表 and 财政拨款收支总表): on each side, the grand total
-- (总计, 收入总计; Jiangsu's 收入合计) = the year total (本年收入合计, 当年支出小计) + the carry-over
-- lines between them (上年结转, 使用非财政拨款结余, 年初结转和结余 / 结转下年资金, 年终结转, 结余分配,
-- 年末结转和结余), per column. Row roles: seed map_summary_row_role.
with lab as (
    select * from {{ ref('chk_labels') }}
    where table_kind in ({{ summary_kinds() }})
      and side in ('收入', '支出') and cell_role = 'label' and row_role is not null
),
bounds as (
    select
        document_id, table_index, side,
        min(row_index) filter (where row_role = 'year_total') as year_row,
        max(row_index) filter (where row_role = 'grand_total') as grand_row,
        max(source_line) filter (where row_role = 'grand_total') as line,
        arg_max(row_label, row_index) filter (where row_role = 'grand_total') as grand_label
    from lab
    group by all
    having year_row is not null and grand_row is not null and year_row < grand_row
),
printed as (
    select v.*, b.year_row, b.grand_row
    from {{ ref('chk_values') }} as v
    join bounds as b
        on b.document_id = v.document_id and b.table_index = v.table_index
       and b.side = v.side
),
-- a total or carry-over line printing one amount on its side, across parallel breakdowns of
-- the same measure (Jiangsu's 支出合计 spans 功能分类/金额 and 支出用途/金额): that amount is
-- the line's in each of them
single as (
    select document_id, table_index, side, row_index
    from printed where row_role is not null
    group by all having count(*) = 1
),
side_cols as (
    select distinct document_id, table_index, side, col, col_leaf from printed
),
vals as (
    select * from printed
    union all
    select p.* replace (c.col as col)
    from printed as p
    semi join single as s
        on s.document_id = p.document_id and s.table_index = p.table_index
       and s.side = p.side and s.row_index = p.row_index
    join side_cols as c
        on c.document_id = p.document_id and c.table_index = p.table_index
       and c.side = p.side and c.col_leaf = p.col_leaf and c.col <> p.col
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
       or (row_index > year_row and row_index < grand_row and row_role like 'carryover%')
)
{{ checks_sum_identity('summary_grand_total') }}
