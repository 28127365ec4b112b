{{ config(schema='checks', materialized='view') }}
-- Across tables: basic expenditure by economic classification (budget 6: 合计 row 合计; final
-- 06: 人员经费合计 + 公用经费合计) = 基本支出 of the 合计 row of the general public budget
-- expenditure table (budget 5, final 05). Where the 财政拨款收支总表 prints its expenditure by use
-- (Jiangsu: 一、基本支出 | 二、项目支出 | 三、单位预留机动经费), the 财政拨款基本支出预算表's 合计 =
-- that 基本支出 line (compared where a document prints both).
with fiscal_basic as (
    select v.*, t.title as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where v.table_kind = 'budget_fiscal_basic_by_economic' and v.row_code is null
      and v.label = '合计'
      and (select count(distinct o.col) from {{ ref('chk_values') }} as o
           where o.document_id = v.document_id and o.table_index = v.table_index) = 1
),
fiscal_use as (
    select v.*
    from {{ ref('chk_values') }} as v
    where v.table_kind = 'budget_fiscal_summary' and v.side = '支出' and v.label = '基本支出'
),
expected_side as (
    select v.document_id, min(v.table_index) as table_index, 'total' as key, null as row_code,
        '合计' as row_label, min(v.col) as column_name, sum(v.amount) as amount,
        string_agg(v.printed_text, ' + ' order by v.source_line, v.col_index) as printed_text, min(v.source_line) as source_line,
        min(t.title) as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where (v.table_kind = 'budget_basic_by_economic' and v.label = '合计' and v.col_leaf = '合计')
       or (v.table_kind = 'final_basic_by_economic'
           and v.label in ({{ cost_group_total_labels() }}))
    group by v.document_id
    union all
    select f.document_id, f.table_index, 'fiscal', null, f.row_label, f.col, f.amount,
        f.printed_text, f.source_line, f.table_title
    from fiscal_basic as f
    where f.document_id in (select document_id from fiscal_use)
),
actual_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, null as table_title
    from {{ ref('chk_values') }} as v
    where v.table_kind in ('budget_general_expenditure', 'final_general_expenditure')
      and v.is_total_row and v.col_leaf = '基本支出'
    union all
    select u.document_id, u.table_index, 'fiscal', null, u.row_label, u.col, u.amount,
        u.printed_text, u.source_line, null
    from fiscal_use as u
    where u.document_id in (select document_id from fiscal_basic)
)
{{ checks_pair('x_economic_vs_general_basic', '经济科目表 合计') }}
