{{ config(schema='checks', materialized='view') }}
-- Basic expenditure by economic classification: the 合计 row = Σ the group rows (budget
-- table 6, per column: the rows without a 政府预算支出经济科目名称, or the 3-digit codes where
-- the table prints codes: Jiangsu's 财政拨款基本支出, 一般公共预算基本支出 and 机关运行经费支出
-- tables); 人员经费合计 / 公用经费合计 = Σ the 3-digit codes of
-- that block (final table 06: the block is the column group when the header names it, Shanxi,
-- else the cost group of the code's class in ref_economic_code, Shanghai: 301 + 303 人员经费,
-- 302 + 310 … 公用经费).
with economic_kinds as (
    select unnest(['budget_basic_by_economic', 'budget_fiscal_basic_by_economic',
                   'budget_admin_operating_by_economic']) as table_kind
),
-- the 合计 row of a budget table by economic code: a row labelled 合计 in any label column
-- (Shanxi prints it first, Jiangsu under 科目名称 beside an empty 科目编码)
total_rows as (
    select document_id, table_index, row_index, min(row_label) as lbl,
        min(source_line) as line
    from {{ ref('chk_labels') }}
    where table_kind in (select table_kind from economic_kinds) and cell_role = 'label'
      and is_total_row
    group by all
),
labels as (
    {{ economic_budget_rows() }}
),
vals as (
    select * from {{ ref('chk_values') }}
    where table_kind in (select table_kind from economic_kinds)
       or table_kind = 'final_basic_by_economic'
),
totals as (
    select l.document_id, l.table_index, c.col as key, null as row_code, l.lbl as row_label,
        c.col as column_name,
        (select sum(v.amount) from vals v where v.document_id = l.document_id
            and v.table_index = l.table_index and v.row_index = l.row_index
            and v.col = c.col) as actual,
        l.line as source_line
    from total_rows as l
    join (select distinct document_id, table_index, col from vals) as c
        using (document_id, table_index)
    union all
    select v.document_id, v.table_index, g.cost_group, null, v.row_label, v.col, v.amount,
        v.source_line
    from vals as v
    join {{ ref('map_cost_group') }} as g on g.source = 'row_label' and g.word = v.label
    where v.table_kind = 'final_basic_by_economic'
),
parts as (
    select v.document_id, v.table_index, v.col as key, v.col as column_name,
        v.row_label as term, v.printed_text, v.amount, v.source_line, v.row_index, v.col_index
    from vals as v
    join labels as l
        on l.document_id = v.document_id and l.table_index = v.table_index
       and l.row_index = v.row_index
    where l.has_gov_name = 0 and not l.is_total
    union all
    select v.document_id, v.table_index,
        coalesce({{ column_cost_group('v.col', 'v.table_kind') }}, k.cost_group),
        v.col, v.row_code || ' ' || v.row_label, v.printed_text, v.amount, v.source_line,
        v.row_index, v.col_index
    from vals as v
    left join {{ ref('ref_economic_code') }} as k
        on k.economic_code = v.row_code and k.economic_level = 'class'
    where v.table_kind = 'final_basic_by_economic' and length(v.row_code) = 3
    union all
    select document_id, table_index, col, col, row_code || ' ' || row_label, printed_text,
        amount, source_line, row_index, col_index
    from vals
    where table_kind in (select table_kind from economic_kinds) and code_kind = 'economic'
      and length(row_code) = 3
)
{{ checks_sum_identity('economic_total_row') }}
