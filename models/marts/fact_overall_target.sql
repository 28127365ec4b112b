-- fact_overall_target: department overall performance target tables (部门整体支出绩效目标申报表),
-- one row per table: staff and structure counts, the annual budget by source and by direction
-- (万元), and beside them the 合计 row of the same document's 预算公开表3 (预算支出总表: total,
-- basic, project) that the direction split should equal.
with targets as (
    select t.*, d.unit_key, d.fiscal_year, d.phase
    from {{ for_batch(ref('stg_overall_targets')) }} as t
    join {{ for_batch(ref('int_documents')) }} as d using (document_id)
),

expenditure as (
    select
        document_id,
        max(printed_total) filter (where expenditure_type = 'total') as total,
        max(printed_total) filter (where expenditure_type = 'basic') as basic,
        max(printed_total) filter (where expenditure_type = 'project') as project,
        min(total_source_line) as source_line
    from {{ for_batch(ref('int_function_table_totals')) }}
    where table_kind = 'budget_expenditure' and fund_source_code = 'all'
    group by document_id
),

indicators as (
    select document_id, target_index as overall_index, count(*) as indicator_count
    from {{ for_batch(ref('stg_target_indicators')) }}
    where target_kind = 'overall'
    group by all
)

select
    {{ surrogate_key(['t.document_id', 't.overall_index']) }} as overall_target_key,
    t.document_id,
    t.unit_key,
    t.fiscal_year,
    t.phase,
    t.overall_index,
    t.department_code,
    t.department_name,
    t.internal_departments,
    t.budget_units,
    t.staff_quota,
    t.staff_in_post,
    t.staff_on_payroll,
    t.staff_other,
    t.budget_source_total,
    t.budget_general_budget,
    t.budget_government_fund,
    t.budget_state_capital,
    t.budget_social_insurance,
    t.budget_special_account,
    t.budget_unit_funds,
    t.budget_direction_total,
    t.budget_basic_expenditure,
    t.budget_project_expenditure,
    e.total as expenditure_table_total,
    e.basic as expenditure_table_basic,
    e.project as expenditure_table_project,
    e.source_line as expenditure_table_source_line,
    coalesce(i.indicator_count, 0) as indicator_count,
    t.annual_goal,
    t.table_index as source_table_index,
    t.title_line as source_title_line,
    t.first_line as source_first_line,
    t.last_line as source_last_line,
    t.first_line as source_line
from targets as t
left join expenditure as e using (document_id)
left join indicators as i using (document_id, overall_index)
