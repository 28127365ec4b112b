{{ config(schema='checks', materialized='view') }}
-- 三公 tables: 公务用车购置及运行费 = ①公务用车购置费 + ②公务用车运行维护费. Budget table 10 by rows
-- (per column); final-account table 09 by columns, on both the 预算数 and the 决算数 side.
-- Shanghai's layout is read through chk_three_public_values.
with vals as (
    select * from {{ ref('chk_three_public_values') }}
),
budget_rows as (
    select document_id, table_index, row_index, min(source_line) as line, min(row_label) as lbl
    from {{ ref('chk_labels') }}
    where table_kind = 'budget_three_public' and cell_role = 'label'
      and label in ('公务用车购置及运行费', '公务用车购置及运行维护费')
    group by all
),
totals as (
    select r.document_id, r.table_index, c.col as key, null as row_code, r.lbl as row_label,
        c.col as column_name,
        (select v.amount from vals v where v.document_id = r.document_id
            and v.table_index = r.table_index and v.row_index = r.row_index
            and v.col = c.col) as actual,
        r.line as source_line
    from budget_rows as r
    join (select distinct document_id, table_index, col from vals) as c
        using (document_id, table_index)
    union all
    select v.document_id, v.table_index, v.row_index || '|' || split_part(v.col, '/', 1), null,
        split_part(v.col, '/', 1), v.col, v.amount, v.source_line
    from vals as v
    where v.table_kind = 'final_three_public' and v.col_leaf = '小计'
      and v.col_parent like '%公务用车购置及运行%费'
),
parts as (
    select document_id, table_index, col as key, col as column_name, row_label as term,
        printed_text, amount, source_line, row_index, col_index
    from vals
    where table_kind = 'budget_three_public'
      and label in ('公务用车购置费', '公务用车运行维护费')
    union all
    select document_id, table_index, row_index || '|' || split_part(col, '/', 1),
        col_parent || '/小计', col_leaf, printed_text, amount, source_line, row_index, col_index
    from vals
    where table_kind = 'final_three_public'
      and col_leaf in ('公务用车购置费', '公务用车运行维护费', '公务用车运行费')
)
{{ checks_sum_identity('three_public_vehicle') }}
