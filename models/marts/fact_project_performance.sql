-- fact_project_performance: project budget execution stated by the final account's 项目支出绩效
-- 自评表 (one per project). Grain: document × project (table) × fund row (资金总额 / 财政拨款 /
-- 单位自筹资金 …). Amounts in 万元; execution_rate_pct as printed (执行率, %).
select
    {{ surrogate_key(['p.document_id', 'p.table_index', 'p.row_index']) }}
        as project_performance_key,
    p.document_id,
    d.unit_key,
    d.fiscal_year,
    d.phase,
    p.project_name,
    p.fund_row_code,
    p.fund_label,
    cast(p.initial_declared_amount as decimal(18, 6)) as initial_declared_amount,
    cast(p.initial_budget_amount as decimal(18, 6)) as initial_budget_amount,
    cast(p.full_year_budget_amount as decimal(18, 6)) as full_year_budget_amount,
    cast(p.full_year_executed_amount as decimal(18, 6)) as full_year_executed_amount,
    cast(p.balance_amount as decimal(18, 6)) as balance_amount,
    p.execution_rate_pct,
    p.score,
    p.deviation_reason,
    p.table_index as source_table_index,
    p.row_index as source_row_index,
    p.source_line
from {{ ref('int_project_self_evaluation') }} as p
join {{ ref('int_documents') }} as d using (document_id)
