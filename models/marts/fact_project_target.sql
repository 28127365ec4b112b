-- fact_project_target: project performance target tables (项目支出绩效目标表), one row per project
-- (a project printed over several pages is one row). Funds by source as printed in 元 and
-- converted to 万元, for the implementation period (实施期) and the year (年度). Linked to the
-- document and unit, and — where the project name matches — to the project row of 预算公开表12
-- (fact_project_budget.project_row_key) with the 合计 amount printed there (万元).
with targets as (
    select t.*, d.unit_key, d.fiscal_year, d.phase
    from {{ for_batch(ref('stg_project_targets')) }} as t
    join {{ for_batch(ref('int_documents')) }} as d using (document_id)
),

pairs as (
    select * from {{ for_batch(ref('int_project_target_vs_table')) }} where project_index is not null
),

indicators as (
    select document_id, target_index as project_index, count(*) as indicator_count
    from {{ for_batch(ref('stg_target_indicators')) }}
    where target_kind = 'project'
    group by all
)

select
    {{ surrogate_key(['t.document_id', 't.project_index']) }} as project_target_key,
    t.document_id,
    t.unit_key,
    t.fiscal_year,
    t.phase,
    t.project_index,
    t.project_name,
    t.department_code,
    t.department_name,
    t.implementing_unit,
    t.project_attribute,
    t.project_period,
    t.pages,
    {%- for side in ['period', 'annual'] %}
    {%- for source in ['total', 'central', 'provincial', 'local', 'self_raised', 'other'] %}
    t.funds_{{ side }}_{{ source }}_yuan,
    cast(t.funds_{{ side }}_{{ source }}_yuan / 10000 as decimal(24, 8))
        as funds_{{ side }}_{{ source }}_wan,
    {%- endfor %}
    {%- endfor %}
    p.match_status,
    p.project_row_key,
    p.table_project_name,
    p.table_amount,
    p.table_source_line,
    p.difference_wan as table_difference_wan,
    coalesce(i.indicator_count, 0) as indicator_count,
    t.goal_period,
    t.goal_annual,
    t.table_index as source_table_index,
    t.title_line as source_title_line,
    t.first_line as source_first_line,
    t.last_line as source_last_line,
    t.source_line
from targets as t
left join pairs as p using (document_id, project_index)
left join indicators as i using (document_id, project_index)
