{{ config(schema='checks', materialized='view') }}
-- Across tables: the general public budget column of 本年支出合计 in the 财政拨款收支总表
-- (budget 4, final 04) = the 合计 row's total of the 一般公共预算支出表 (budget 5, final 05).
-- The column is the expenditure side's general-public-budget column as int_column_measures
-- reads it (Shanxi 支出/金额/一般公共预算, Shanghai 财政拨款支出/一般公共预算); a table that prints
-- no 本年支出合计 row (Shanghai) is read at 支出总计 when it carries nothing over to next year.
-- A table whose expenditure side has no column by fund (Jiangsu's 财政拨款收支预算总表: 支出用途
-- 基本支出 | 项目支出 | 单位预留机动经费) is read on its income side: its 一般公共预算 line, when
-- the table prints no carry-over line (all of the year's general-budget appropriation is spent
-- within the year).
with fiscal as (
    select v.*, t.title as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    join {{ ref('int_column_measures') }} as m
        on m.table_kind = v.table_kind and m.column_path = v.col
    where v.table_kind in ('budget_fiscal_summary', 'final_fiscal_summary')
      and m.flow = 'expenditure' and m.fund_source_code = 'general_public_budget'
),
income_general as (
    select v.*, t.title as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where v.table_kind in ('budget_fiscal_summary', 'final_fiscal_summary')
      and v.side = '收入' and v.label like '%一般公共预算%' and v.row_role is null
      and not exists (select 1 from fiscal as f where f.document_id = v.document_id
                      and f.table_index = v.table_index)
      and not exists (select 1 from {{ ref('chk_labels') }} as l
                      where l.document_id = v.document_id and l.table_index = v.table_index
                        and l.row_role like 'carryover%')
),
carried_over as (
    select distinct document_id, table_index
    from {{ ref('chk_values') }}
    where table_kind in ('budget_fiscal_summary', 'final_fiscal_summary') and amount <> 0
      and (label like '年终结转%' or label like '%年末%结转%')
),
expected_side as (
    select f.document_id, f.table_index, 'total' as key, null as row_code, f.row_label,
        f.col as column_name, f.amount, f.printed_text, f.source_line, f.table_title
    from fiscal as f
    where f.label = '本年支出合计'
       or (f.label = '支出总计'
           and not exists (select 1 from fiscal as g
                           where g.document_id = f.document_id
                             and g.table_index = f.table_index and g.label = '本年支出合计')
           and not exists (select 1 from carried_over as c
                           where c.document_id = f.document_id
                             and c.table_index = f.table_index))
    union all
    select document_id, table_index, 'total', null, row_label, col, amount, printed_text,
        source_line, table_title
    from income_general
),
actual_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, null as table_title
    from {{ ref('chk_values') }} as v
    where v.table_kind in ('budget_general_expenditure', 'final_general_expenditure')
      and v.is_total_row and v.col_leaf in {{ label_set('amount_total_column') }}
)
{{ checks_pair('x_fiscal_vs_general', '财政拨款收支总表 一般公共预算 本年支出合计') }}
