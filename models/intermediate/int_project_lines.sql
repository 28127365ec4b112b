-- Project expenditure budgets (预算公开表12 本年预算, 表13 上年结转): one row per value cell.
-- The table opens with aggregate rows named after the department / unit, then one row per
-- project; row_kind tells them apart (the first aggregate row of a department document is the
-- department total, the others are unit totals). A row names the unit when its label equals
-- the document's unit name compared NFKC-like (normalize_name: white space removed, full-width
-- parentheses and other full-width forms folded), so "山西省学会学术服务中心（山西省 院士专家服务
-- 中心）" printed with a space or with either width of parentheses is the unit's row.
with cells as (
    select v.*, d.unit_name, d.scope
    from {{ for_batch(ref('int_cell_meaning')) }} as v
    join {{ for_batch(ref('int_documents')) }} as d using (document_id)
    where v.cell_role = 'value' and v.table_kind in ('budget_projects_current', 'budget_projects_carryover')
),

column_meanings as (
    {{ column_fund_sources('cells') }}
),

rows as (
    select
        document_id,
        table_index,
        row_index,
        any_value(row_label) as row_label,
        any_value(row_label_norm) as row_label_norm,
        bool_or({{ normalize_name('row_label') }} = {{ normalize_name('unit_name') }}) as names_unit,
        any_value(scope) as scope
    from cells
    group by all
),

kinds as (
    select
        *,
        case
            when row_label_norm in (select label from {{ ref('ref_total_label') }}) then 'total'
            when names_unit and scope = 'department'
                 and row_index = min(row_index) over (partition by document_id, table_index)
                then 'department_total'
            when names_unit then 'unit_total'
            else 'project'
        end as row_kind
    from rows
)

select
    {{ cell_context('c') }},
    k.row_kind,
    c.row_label as project_name,
    case c.table_kind
        when 'budget_projects_current' then 'current_year'
        when 'budget_projects_carryover' then 'prior_year_carryover'
    end as project_vintage,
    c.column_path,
    c.column_path_norm,
    f.fund_source_code,
    f.is_total_column,
    c.value_status,
    c.amount
from cells as c
join kinds as k using (document_id, table_index, row_index)
left join column_meanings as f using (table_kind, column_path_norm)
