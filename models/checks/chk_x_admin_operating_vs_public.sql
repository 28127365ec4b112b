{{ config(schema='checks', materialized='view') }}
-- Across tables (budget): 机关运行经费 (table 11, 部门合计 row, 合计) = 公用经费 of the 合计
-- row of the economic table (table 6). Applies where the unit reports 机关运行经费 (table 11
-- has data: administrative units and units managed as civil service); a warning, since
-- 机关运行经费 may legitimately differ when part of 公用经费 is not operating expense.
with expected_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, t.title as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where v.table_kind = 'budget_basic_by_economic' and v.label = '合计'
      and v.col_leaf = '公用经费'
      and exists (select 1 from {{ ref('chk_values') }} a where a.document_id = v.document_id
          and a.table_kind = 'budget_admin_operating')
),
actual_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, null as table_title
    from {{ ref('chk_values') }} as v
    where v.table_kind = 'budget_admin_operating'
      and v.row_index = (select min(b.row_index) from {{ ref('chk_values') }} b
          where b.document_id = v.document_id and b.table_index = v.table_index)
      and v.col_leaf = '合计'
)
{{ checks_pair('x_admin_operating_vs_public', '经济科目表 公用经费 合计') }}
