-- The candidate rows of fact_budget_line, each judged against the fact's grain (document ×
-- source table × function code × measure) where it is made: a key held by one row is `kept`;
-- a key held by several rows of one amount keeps the first (by row, column) and marks the
-- others `repeat`; a key held by rows of different amounts is a `conflict`: none of them is
-- the table's figure. Rows not kept go to quarantine_rows (a finding), not to the fact, so one
-- bad table never fails the build of the others.
with coded as (
    select
        document_id, table_index, table_kind, table_no, phase, fiscal_year, unit_key,
        row_index, col_index, source_line, column_path, printed_name,
        function_code, function_level, is_leaf,
        flow, fund_source_code, expenditure_type, is_total_column, amount
    from {{ for_batch(ref('int_function_lines')) }}
    where not is_total_row and is_mapped and value_status = 'value'
      and function_code is not null
),

summary as (
    select
        document_id, table_index, table_kind, table_no, phase, fiscal_year, unit_key,
        row_index, col_index, source_line, column_path, printed_label as printed_name,
        class_code as function_code, 'class' as function_level, true as is_leaf,
        flow, fund_source_code, expenditure_type, is_total_column, amount
    from {{ for_batch(ref('int_summary_lines')) }}
    where row_kind = 'function_class' and is_mapped and value_status = 'value'
),

lines as (
    select * from coded
    union all
    select * from summary
)

{%- set grain = ['document_id', 'table_index', 'function_code', 'flow', 'fund_source_code',
                 'expenditure_type'] %}

select
    lines.*,
    count(*) over (partition by {{ grain | join(', ') }}) as grain_rows,
    first_value(source_line) over (
        partition by {{ grain | join(', ') }} order by row_index, col_index) as grain_first_line,
    {{ grain_verdict(grain, 'amount', ['row_index', 'col_index']) }} as grain_verdict
from lines
