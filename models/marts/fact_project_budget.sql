-- fact_project_budget: project expenditure budgets (项目支出预算表, 预算公开表12 本年预算 and
-- 表13 上年结转). Grain: document × table × project row × fund source. The aggregate rows the
-- table opens with (department / unit totals) are kept and marked by row_kind; only
-- row_kind = 'project' rows and component fund columns (not is_total_column) are additive.
select
    {{ surrogate_key(['document_id', 'table_index', 'row_index', 'col_index']) }}
        as project_line_key,
    {{ surrogate_key(['document_id', 'table_index', 'row_index']) }} as project_row_key,
    document_id,
    unit_key,
    fiscal_year,
    phase,
    project_vintage,
    row_kind,
    project_name,
    fund_source_code,
    is_total_column,
    row_kind = 'project' and not is_total_column as is_additive,
    cast(amount as decimal(18, 6)) as amount,
    {{ source_lineage() }}
from {{ for_batch(ref('int_project_lines')) }}
where value_status = 'value' and fund_source_code is not null
