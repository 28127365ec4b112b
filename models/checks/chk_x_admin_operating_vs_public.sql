{{ config(schema='checks', materialized='view') }}
-- Across tables (budget): 机关运行经费 = 公用经费 of the basic expenditure by economic
-- classification. 机关运行经费 as the document prints it: table 11's 部门合计 row (Shanxi), the
-- 合计 row of a 机关运行经费支出预算表 by economic code (Jiangsu), or the 机关运行经费 column of
-- the 三公经费和机关运行经费预算表 (Shanghai). 公用经费: the 合计 row's 公用经费 column of the
-- economic table (Shanxi, Shanghai), or, where that table prints no cost-group column (Jiangsu),
-- Σ its class codes of the public cost group (ref_economic_code: 302, 310 …). Applies where the
-- unit reports 机关运行经费 (administrative units and units managed as civil service); a
-- warning, since 机关运行经费 may legitimately differ when part of 公用经费 is not operating
-- expense (or a template defines it otherwise).
with admin as (
    select v.document_id, v.table_index, 'total' as key, null as row_code, v.row_label,
        v.col as column_name, v.amount, v.printed_text, v.source_line, null as table_title
    from {{ ref('chk_values') }} as v
    where v.table_kind = 'budget_admin_operating'
      and v.row_index = (select min(b.row_index) from {{ ref('chk_values') }} b
          where b.document_id = v.document_id and b.table_index = v.table_index)
      and v.col_leaf = '合计'
    union all
    select v.document_id, v.table_index, 'total', null, v.row_label, v.col, v.amount,
        v.printed_text, v.source_line, null
    from {{ ref('chk_values') }} as v
    where v.table_kind = 'budget_admin_operating_by_economic' and v.row_code is null
      and v.label = '合计'
      and (select count(distinct o.col) from {{ ref('chk_values') }} as o
           where o.document_id = v.document_id and o.table_index = v.table_index) = 1
    union all
    select v.document_id, v.table_index, 'total', null, v.col, v.col, v.amount,
        v.printed_text, v.source_line, null
    from {{ ref('chk_values') }} as v
    where v.table_kind = 'budget_three_public' and v.col like '%机关运行经费%'
),
economic as (
    select v.*, t.title as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where v.table_kind = 'budget_basic_by_economic'
      and v.document_id in (select document_id from admin)
),
expected_side as (
    select document_id, table_index, 'total' as key, null as row_code, row_label,
        col as column_name, amount, printed_text, source_line, table_title
    from economic
    where label = '合计' and col_leaf = '公用经费'
    union all
    select e.document_id, min(e.table_index), 'total', null, '公用经费',
        string_agg(e.row_code, ' + ' order by e.row_code), sum(e.amount),
        string_agg(e.row_code || ' ' || e.printed_text, ' + ' order by e.row_code),
        min(e.source_line), min(e.table_title)
    from economic as e
    join {{ ref('ref_economic_code') }} as k
        on k.economic_code = e.row_code and k.economic_level = 'class'
    where e.code_kind = 'economic' and length(e.row_code) = 3 and k.cost_group = 'public'
      and not exists (select 1 from economic as o
                      where o.document_id = e.document_id and o.col_leaf = '公用经费')
    group by e.document_id
),
actual_side as (
    select * from admin
)
{{ checks_pair('x_admin_operating_vs_public', '经济科目表 公用经费 合计') }}
