-- Basic expenditure by economic classification: budget 预算公开表6 (部门预算支出经济科目 named
-- without codes, resolved here to codes, beside the 政府预算支出经济科目 name; Jiangsu's 公开08表
-- prints the codes) and the final account's 公开06表 (codes printed, in four column groups;
-- Shanghai: two groups). One row per value cell. The cost group (人员经费 / 公用经费) is the
-- column group the amount is printed under when the header names it (Shanxi), else the group
-- of the code's economic class (ref_economic_code: 301, 303 personnel; 302, 310… public), and
-- for the rows 人员经费合计 / 公用经费合计 (Shanghai) the group the label names.
with budget as (
    select
        v.*,
        g.printed_text as gov_economic_printed_name
    from {{ for_batch(ref('int_cell_meaning')) }} as v
    left join (
        select document_id, table_index, row_index,
               regexp_replace(printed_text, '\s+', '', 'g') as printed_text
        from {{ for_batch(ref('int_cell_meaning')) }}
        where cell_role = 'label' and column_path = '政府预算支出经济科目名称'
    ) as g using (document_id, table_index, row_index)
    where v.cell_role = 'value' and v.table_kind = 'budget_basic_by_economic'
),

economic as (
    select * from {{ ref('ref_economic_code') }} where preferred_for_name
),

budget_resolved as (
    select
        b.*,
        coalesce(
            case when b.code_kind = 'economic' then b.row_code end,
            (select e.economic_code from economic as e
             where translate(e.economic_name, '（）', '()') = b.row_label_norm
               and e.economic_level = case when b.gov_economic_printed_name is null
                                           then 'class' else 'item' end),
            (select min(e.economic_code) from economic as e
             where translate(e.economic_name, '（）', '()') = b.row_label_norm)
        ) as resolved_code,
        case when b.code_kind = 'economic' and b.row_code is not null then 'printed'
             else 'name' end as resolved_source
    from budget as b
),

unioned as (
    select
        {{ economic_cell_columns('b') }},
        b.resolved_code as economic_code,
        b.resolved_source as code_source,
        b.gov_economic_printed_name,
        {{ column_cost_group('b.column_path_norm', "'budget_basic_by_economic'") }}
            as column_cost_group,
        b.value_status,
        b.amount
    from budget_resolved as b

    union all

    select
        {{ economic_cell_columns('c') }},
        case when c.code_kind = 'economic' then c.row_code end as economic_code,
        'printed' as code_source,
        null as gov_economic_printed_name,
        {{ column_cost_group('c.column_path_norm', "'final_basic_by_economic'") }}
            as column_cost_group,
        c.value_status,
        c.amount
    from {{ for_batch(ref('int_cell_meaning')) }} as c
    where c.cell_role = 'value' and c.table_kind = 'final_basic_by_economic'
),

grouped as (
    select
        u.* exclude (is_total_row, column_cost_group),
        u.is_total_row or r.cost_group is not null as is_total_row,
        coalesce(u.column_cost_group, r.cost_group, k.cost_group) as cost_group
    from unioned as u
    -- the rows 人员经费合计 / 公用经费合计 total their group (seed map_cost_group)
    left join {{ ref('map_cost_group') }} as r
        on r.source = 'row_label' and r.word = u.row_label_norm
    left join {{ ref('ref_economic_code') }} as k
        on k.economic_code = left(u.economic_code, 3) and k.economic_level = 'class'
)

select
    u.* exclude (row_label_norm),
    case when u.economic_code is not null then length(u.economic_code) = 3 end
        as is_class_row,
    g.gov_economic_code,
    u.cost_group = 'total' as is_total_column
from grouped as u
left join {{ ref('ref_gov_economic_code') }} as g
    on g.gov_economic_name = u.gov_economic_printed_name and g.gov_economic_level = 'item'
    and g.parent_code <> '505'
