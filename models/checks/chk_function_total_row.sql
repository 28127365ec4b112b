{{ config(schema='checks', materialized='view') }}
-- The 合计 row of every table by function code = Σ its 类 (3-digit) rows, per column.
with vals as (
    select * from {{ ref('chk_values') }}
    where table_kind in ('{{ ['budget_revenue', 'budget_expenditure', 'budget_general_expenditure', 'budget_fund_expenditure', 'budget_state_capital', 'final_revenue', 'final_expenditure', 'final_general_expenditure', 'final_fund', 'final_state_capital'] | join("', '") }}')
),
total_rows as (
    select document_id, table_index, min(row_index) as row_index, min(source_line) as line
    from {{ ref('chk_labels') }}
    where table_kind in ('{{ ['budget_revenue', 'budget_expenditure', 'budget_general_expenditure', 'budget_fund_expenditure', 'budget_state_capital', 'final_revenue', 'final_expenditure', 'final_general_expenditure', 'final_fund', 'final_state_capital'] | join("', '") }}')
      and cell_role = 'label' and is_total_row
    group by all
),
cols as (
    select distinct v.document_id, v.table_index, v.col
    from vals as v
    join total_rows as r using (document_id, table_index)
    where v.row_index = r.row_index
       or (v.code_kind = 'function' and length(v.row_code) = 3)
),
totals as (
    select r.document_id, r.table_index, c.col as key, null as row_code, '合计' as row_label,
        c.col as column_name,
        (select sum(v.amount) from vals v where v.document_id = r.document_id
            and v.table_index = r.table_index and v.row_index = r.row_index
            and v.col = c.col) as actual,
        r.line as source_line
    from total_rows as r
    join cols as c using (document_id, table_index)
),
parts as (
    select document_id, table_index, col as key, col as column_name,
        row_code || ' ' || row_label as term, printed_text, amount, source_line, row_index,
        col_index
    from vals
    where code_kind = 'function' and length(row_code) = 3
)
{{ checks_sum_identity('function_total_row') }}
