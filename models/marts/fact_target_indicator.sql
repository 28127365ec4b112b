-- fact_target_indicator: performance indicators (绩效指标) of the target tables, one row per
-- indicator and side (实施期 / 年度): 一级/二级/三级指标, the value as printed and parsed
-- (operator, number, unit). Linked to its target: fact_project_target (target_kind 'project')
-- or fact_overall_target ('overall').
with indicators as (
    select i.*, d.unit_key, d.fiscal_year, d.phase
    from {{ for_batch(ref('stg_target_indicators')) }} as i
    join {{ for_batch(ref('int_documents')) }} as d using (document_id)
),

targets as (
    select document_id, 'project' as target_kind, project_index as target_index, table_index,
        project_name
    from {{ for_batch(ref('stg_project_targets')) }}
    union all
    select document_id, 'overall', overall_index, table_index, null
    from {{ for_batch(ref('stg_overall_targets')) }}
)

select
    {{ surrogate_key(['i.document_id', 'i.target_kind', 'i.target_index', 'i.indicator_index']) }}
        as target_indicator_key,
    i.document_id,
    i.unit_key,
    i.fiscal_year,
    i.phase,
    i.target_kind,
    i.target_index,
    case when i.target_kind = 'project'
         then {{ surrogate_key(['i.document_id', 'i.target_index']) }} end as project_target_key,
    case when i.target_kind = 'overall'
         then {{ surrogate_key(['i.document_id', 'i.target_index']) }} end as overall_target_key,
    t.project_name,
    i.indicator_index,
    i.side,
    i.level1,
    i.level2,
    i.level3,
    i.value_text,
    i.value_operator,
    i.value_number,
    i.value_unit,
    t.table_index as source_table_index,
    i.source_line
from indicators as i
left join targets as t using (document_id, target_kind, target_index)
