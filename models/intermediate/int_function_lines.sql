-- Value cells of the tables laid out by function code (预算公开表2/3/5/8/9, 公开02/03/05/07/08):
-- one row per cell, the column path mapped to a measure (flow, fund source, expenditure type).
-- The table's 合计 row is kept (is_total_row) so that identities can compare it with its rows.
with cells as (
    select *
    from {{ for_batch(ref('int_cell_meaning')) }}
    where cell_role = 'value' and table_kind in (
        'budget_revenue', 'budget_expenditure', 'budget_general_expenditure',
        'budget_fund_expenditure', 'budget_state_capital',
        'final_revenue', 'final_expenditure', 'final_general_expenditure', 'final_fund',
        'final_state_capital')
      and (code_kind = 'function' or is_total_row)
),

codes as (
    select distinct document_id, table_index, row_code
    from cells
    where row_code is not null
),

leaves as (
    select
        p.document_id,
        p.table_index,
        p.row_code,
        not exists (
            select 1 from codes as c
            where c.document_id = p.document_id and c.table_index = p.table_index
              and length(c.row_code) > length(p.row_code) and starts_with(c.row_code, p.row_code)
        ) as is_leaf
    from codes as p
)

select
    {{ cell_context('c') }},
    c.is_total_row,
    c.row_code as function_code,
    c.row_label as printed_name,
    {{ function_level('c.row_code') }} as function_level,
    coalesce(l.is_leaf, false) as is_leaf,
    {{ cell_measure('c', 'm') }}
from cells as c
left join leaves as l using (document_id, table_index, row_code)
left join {{ ref('int_column_measures') }} as m
    on m.table_kind = c.table_kind and m.column_path = c.column_path_norm
