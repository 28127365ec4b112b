-- fact_project_performance: project budget execution and score stated by the final account's
-- 项目支出绩效自评表, one row per self-evaluation (project), from the dedicated interpreter
-- (stg_self_evaluations). The amounts are the fund block's 资金总额 row (fund_row_code 'total'),
-- converted to 万元; execution_rate_pct as printed (执行率, %); score = the fund block's 得分;
-- total_score and grade (总分, 等级); the indicators (fact_self_evaluation_indicator) summed.
with evaluations as (
    select e.*, d.unit_key, d.fiscal_year, d.phase
    from {{ for_batch(ref('stg_self_evaluations')) }} as e
    join {{ for_batch(ref('int_documents')) }} as d using (document_id)
),

indicators as (
    select
        document_id,
        evaluation_index,
        count(*) as indicator_count,
        sum(weight) as indicator_weight_total,
        sum(score) as indicator_score_total,
        count(*) filter (where score < weight) as indicators_below_weight,
        string_agg(distinct deviation_reason, '; ' order by deviation_reason)
            filter (where deviation_reason is not null and deviation_reason <> '')
            as deviation_reason
    from {{ for_batch(ref('stg_self_evaluation_indicators')) }}
    group by all
)

select
    {{ surrogate_key(['e.document_id', 'e.evaluation_index']) }} as project_performance_key,
    e.document_id,
    e.unit_key,
    e.fiscal_year,
    e.phase,
    e.evaluation_index,
    e.project_name,
    'total' as fund_row_code,
    '资金总额' as fund_label,
    e.department_code,
    e.department_name,
    e.budget_unit_code,
    e.budget_unit_name,
    e.funds_unit,
    cast(e.initial_budget_declared * e.funds_scale as decimal(18, 6)) as initial_declared_amount,
    cast(e.initial_budget_compiled * e.funds_scale as decimal(18, 6)) as initial_budget_amount,
    cast(e.annual_budget * e.funds_scale as decimal(18, 6)) as full_year_budget_amount,
    cast(e.executed * e.funds_scale as decimal(18, 6)) as full_year_executed_amount,
    cast(e.balance * e.funds_scale as decimal(18, 6)) as balance_amount,
    e.execution_rate_pct,
    e.execution_score as score,
    e.total_score,
    e.grade,
    coalesce(i.indicator_count, 0) as indicator_count,
    i.indicator_weight_total,
    i.indicator_score_total,
    coalesce(i.indicators_below_weight, 0) as indicators_below_weight,
    i.deviation_reason,
    e.annual_goal,
    e.actual_summary,
    e.table_index as source_table_index,
    e.title_line as source_title_line,
    e.first_line as source_first_line,
    e.last_line as source_last_line,
    coalesce(e.funds_line, e.first_line) as source_line
from evaluations as e
left join indicators as i using (document_id, evaluation_index)
