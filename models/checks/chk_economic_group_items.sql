{{ config(schema='checks', materialized='view') }}
-- Basic expenditure by economic classification: a group row = Σ its items, per column.
-- Budget table 6: a group row (工资福利支出, 商品和服务支出, 对个人和家庭的补助…) has no
-- 政府预算支出经济科目名称 and owns the item rows below it up to the next group. Final table
-- 06 (column groups side by side) and a budget table that prints the codes (Jiangsu 公开08表):
-- a 3-digit economic code = Σ its 5-digit codes.
with labels as (
    {{ economic_budget_rows() }}
),
groups as (
    select *,
        lead(row_index) over (partition by document_id, table_index order by row_index)
            as next_group
    from labels
    where has_gov_name = 0 and not is_total
),
vals as (
    select * from {{ ref('chk_values') }}
    where table_kind in ('budget_basic_by_economic', 'final_basic_by_economic')
),
final_codes as (
    select document_id, table_index, row_code, min(row_label) as lbl, min(source_line) as line,
        any_value(table_kind) as table_kind
    from {{ ref('chk_labels') }}
    where row_code is not null and (table_kind = 'final_basic_by_economic'
        or (table_kind = 'budget_basic_by_economic' and code_kind = 'economic'))
    group by all
),
final_parents as (
    select p.* from final_codes as p
    where length(p.row_code) = 3
      and exists (select 1 from final_codes c where c.document_id = p.document_id
          and c.table_index = p.table_index and length(c.row_code) = 5
          and starts_with(c.row_code, p.row_code))
),
totals as (
    select g.document_id, g.table_index, g.row_index || '|' || c.col as key, null as row_code,
        g.lbl as row_label, c.col as column_name,
        (select sum(v.amount) from vals v where v.document_id = g.document_id
            and v.table_index = g.table_index and v.row_index = g.row_index
            and v.col = c.col) as actual,
        g.line as source_line
    from groups as g
    join (select distinct document_id, table_index, col from vals) as c
        using (document_id, table_index)
    union all
    -- final 公开06: the column groups side by side hold distinct codes: one sum per code
    select p.document_id, p.table_index, p.row_code, p.row_code, p.lbl, '决算数',
        (select sum(v.amount) from vals v where v.document_id = p.document_id
            and v.table_index = p.table_index and v.row_code = p.row_code),
        p.line
    from final_parents as p
    where p.table_kind = 'final_basic_by_economic'
    union all
    -- a budget table printing codes (Jiangsu 公开08表 金额; Shanghai 合计 | 人员经费 | 公用经费):
    -- per column
    select p.document_id, p.table_index, p.row_code || '|' || v.col, p.row_code, p.lbl, v.col,
        v.amount, p.line
    from final_parents as p
    join vals as v
        on v.document_id = p.document_id and v.table_index = p.table_index
       and v.row_code = p.row_code
    where p.table_kind = 'budget_basic_by_economic'
),
parts as (
    select v.document_id, v.table_index, g.row_index || '|' || v.col as key,
        v.col as column_name, v.row_label as term, v.printed_text, v.amount, v.source_line,
        v.row_index, v.col_index
    from vals as v
    join groups as g
        on g.document_id = v.document_id and g.table_index = v.table_index
       and v.row_index > g.row_index and v.row_index < coalesce(g.next_group, 1000000)
    union all
    select v.document_id, v.table_index,
        case p.table_kind when 'final_basic_by_economic' then p.row_code
            else p.row_code || '|' || v.col end,
        case p.table_kind when 'final_basic_by_economic' then '决算数' else v.col end,
        v.row_code || ' ' || v.row_label,
        v.printed_text, v.amount, v.source_line, v.row_index, v.col_index
    from vals as v
    join final_parents as p
        on p.document_id = v.document_id and p.table_index = v.table_index
       and length(v.row_code) = 5 and starts_with(v.row_code, p.row_code)
)
{{ checks_sum_identity('economic_group_items') }}
