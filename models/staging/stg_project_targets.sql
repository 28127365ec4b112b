-- One row per project performance target table (raw.project_targets, 项目支出绩效目标表; a
-- project printed over several pages is one row), typed and renamed; nothing joined.
-- Funds stay in 元 as printed (suffix _yuan).
select
    document_id,
    project_index,
    table_index,
    title,
    title_line,
    source_line,
    first_line,
    last_line,
    pages,
    project_name,
    department_code,
    department_name,
    implementing_unit,
    project_attribute,
    project_period,
    cast(funds_period_total as decimal(20, 2)) as funds_period_total_yuan,
    cast(funds_period_central as decimal(20, 2)) as funds_period_central_yuan,
    cast(funds_period_provincial as decimal(20, 2)) as funds_period_provincial_yuan,
    cast(funds_period_local as decimal(20, 2)) as funds_period_local_yuan,
    cast(funds_period_self_raised as decimal(20, 2)) as funds_period_self_raised_yuan,
    cast(funds_period_other as decimal(20, 2)) as funds_period_other_yuan,
    cast(funds_annual_total as decimal(20, 2)) as funds_annual_total_yuan,
    cast(funds_annual_central as decimal(20, 2)) as funds_annual_central_yuan,
    cast(funds_annual_provincial as decimal(20, 2)) as funds_annual_provincial_yuan,
    cast(funds_annual_local as decimal(20, 2)) as funds_annual_local_yuan,
    cast(funds_annual_self_raised as decimal(20, 2)) as funds_annual_self_raised_yuan,
    cast(funds_annual_other as decimal(20, 2)) as funds_annual_other_yuan,
    goal_period,
    goal_annual
from {{ source('raw', 'project_targets') }}
