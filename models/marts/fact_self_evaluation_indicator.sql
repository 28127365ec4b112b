-- fact_self_evaluation_indicator: the indicators of the final account's 项目支出绩效自评表, one
-- row per indicator: target (年初/调整后指标值) and actual value (实际完成值) as printed and as
-- numbers, weight (分值) and score (得分), the reason for a deviation. Linked to its
-- self-evaluation (fact_project_performance).
select
    {{ surrogate_key(['i.document_id', 'i.evaluation_index', 'i.indicator_index']) }}
        as self_evaluation_indicator_key,
    {{ surrogate_key(['i.document_id', 'i.evaluation_index']) }} as project_performance_key,
    i.document_id,
    d.unit_key,
    d.fiscal_year,
    d.phase,
    i.evaluation_index,
    e.project_name,
    i.indicator_index,
    i.level1,
    i.level2,
    i.level3,
    i.initial_value,
    i.adjusted_value,
    i.actual_value,
    i.qualitative_note,
    i.target_number,
    i.actual_number,
    i.weight,
    i.score,
    i.score < i.weight as is_below_weight,
    i.deviation_reason,
    e.table_index as source_table_index,
    i.source_line
from {{ for_batch(ref('stg_self_evaluation_indicators')) }} as i
join {{ for_batch(ref('int_documents')) }} as d using (document_id)
left join {{ for_batch(ref('stg_self_evaluations')) }} as e using (document_id, evaluation_index)
