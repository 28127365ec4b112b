-- The project rows of the project expenditure tables (预算公开表12 本年预算, 表13 上年结转): one
-- row per project row with its 合计 amount (万元) and a normalised name for matching with the
-- project performance target tables. Aggregate rows (department / unit totals) are left out
-- (int_project_lines.row_kind; a unit row is recognised whatever the width of its parentheses).
with lines as (
    select l.*
    from {{ for_batch(ref('int_project_lines')) }} as l
    where l.row_kind = 'project'
),

rows as (
    select
        document_id,
        table_index,
        row_index,
        any_value(table_kind) as table_kind,
        any_value(table_no) as table_no,
        any_value(project_vintage) as project_vintage,
        any_value(unit_key) as unit_key,
        any_value(fiscal_year) as fiscal_year,
        any_value(phase) as phase,
        any_value(project_name) as project_name,
        sum(amount) filter (where fund_source_code = 'all' and value_status = 'value')
            as amount,
        min(source_line) as source_line
    from lines
    group by document_id, table_index, row_index
)

select
    {{ surrogate_key(['document_id', 'table_index', 'row_index']) }} as project_row_key,
    document_id,
    unit_key,
    fiscal_year,
    phase,
    table_kind,
    table_no,
    table_index,
    row_index,
    project_vintage,
    project_name,
    {{ normalize_project_name('project_name') }} as project_name_norm,
    cast(amount as decimal(18, 6)) as amount,
    source_line
from rows
