{{ config(schema='checks', materialized='view') }}
-- Across tables: each expenditure class of the 收支总表 (budget 1, final 01: the expenditure
-- side's all-funds total column of int_column_measures — Shanxi 支出/合计 and 支出/金额,
-- Shanghai 支出/决算数, Jiangsu 支出/功能分类/金额) = the 类 row (3-digit code) of the same name
-- in the 支出总表 (budget 3: 预算数/合计; final 03: 本年支出合计). Matched by name; a class
-- printed on one side only is compared with zero. Rows of a by-use block (Jiangsu's 支出用途:
-- 基本支出, 项目支出, 单位预留机动经费) are not classes. A document without a 支出总表 by
-- function code (Jiangsu's 支出预算总表 is by use only) has nothing to compare.
with total_columns as (
    select table_kind, column_path as col
    from {{ ref('int_column_measures') }}
    where table_kind in ('budget_summary', 'final_summary') and flow = 'expenditure'
      and fund_source_code = 'all' and is_total_column
),
use_rows as (
    -- labels printed in a by-use column (支出/支出用途/项目名称)
    select document_id, table_index, row_index, row_label
    from {{ ref('int_cell_meaning') }}
    where cell_role = 'label' and column_path like '%支出用途%'
),
expenditure_tables as (
    select distinct document_id
    from {{ ref('chk_values') }}
    where table_kind in ('budget_expenditure', 'final_expenditure') and code_kind = 'function'
),
summary as (
    select v.*
    from {{ ref('chk_values') }} as v
    join total_columns as c on c.table_kind = v.table_kind and c.col = v.col
    where v.label_is_ordinal
      and v.document_id in (select document_id from expenditure_tables)
      and not exists (select 1 from use_rows as u where u.document_id = v.document_id
          and u.table_index = v.table_index and u.row_index = v.row_index
          and u.row_label = v.row_label)
),
expected_side as (
    select s.document_id, s.table_index, s.label as key, null as row_code, s.row_label,
        s.col as column_name, s.amount, s.printed_text, s.source_line, t.title as table_title
    from summary as s
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
),
actual_side as (
    select v.document_id, v.table_index, v.label as key, v.row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, null as table_title
    from {{ ref('chk_values') }} as v
    where ((v.table_kind = 'budget_expenditure' and v.col_leaf = '合计')
           or (v.table_kind = 'final_expenditure' and v.col_leaf = '本年支出合计'))
      and v.code_kind = 'function' and length(v.row_code) = 3
)
{{ checks_pair('x_summary_class_vs_expenditure', '收支总表 class amount') }}
