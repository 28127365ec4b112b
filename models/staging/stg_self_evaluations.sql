-- One row per project self-evaluation (raw.self_evaluations, 项目支出绩效自评表 of a final
-- account), typed and renamed. Amounts in funds_unit as printed; funds_scale
-- converts them to 万元 (seed ref_amount_unit).
select
    document_id,
    evaluation_index,
    table_index,
    title,
    title_line,
    first_line,
    last_line,
    project_name,
    department_code,
    department_name,
    budget_unit_code,
    budget_unit_name,
    funds_unit,
    cast((select u.to_wan_yuan from {{ ref('ref_amount_unit') }} as u
          where u.unit = funds_unit and u.unit_kind = 'money') as decimal(12, 6)) as funds_scale,
    funds_line,
    cast(initial_budget_declared as decimal(20, 6)) as initial_budget_declared,
    cast(initial_budget_compiled as decimal(20, 6)) as initial_budget_compiled,
    cast(annual_budget as decimal(20, 6)) as annual_budget,
    cast(executed as decimal(20, 6)) as executed,
    cast(balance as decimal(20, 6)) as balance,
    cast(execution_rate as decimal(20, 6)) as execution_rate_pct,
    cast(execution_score as decimal(20, 6)) as execution_score,
    cast(total_score as decimal(20, 6)) as total_score,
    grade,
    annual_goal,
    actual_summary
from {{ source('raw', 'self_evaluations') }}
