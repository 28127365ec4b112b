-- No amount counted twice: per document and flow, the is_additive lines of fact_budget_line sum
-- to the 合计 row of the all-funds table (预算公开表2/3, 公开02/03表), within the rounding
-- tolerance (尾差) int_function_table_totals states for that table.
-- A warning, not an error: a document whose own 合计 disagrees with its rows fails it too, and
-- such documents are findings of the quality checks (function_total_row, with their lines),
-- not a reason to stop the build. On the bundled samples it must pass without a warning
-- (tests/test_marts.py), which keeps it a guard against double counting in the models.
{{ config(severity='warn') }}
with additive as (
    select document_id, source_table_index, flow, sum(amount) as additive_sum
    from {{ ref('fact_budget_line') }}
    where is_additive
    group by all
),

printed as (
    select document_id, table_index, flow, printed_total, rounding_tolerance
    from {{ ref('int_function_table_totals') }}
    where is_total_column and fund_source_code = 'all' and printed_total is not null
      and table_kind in ('budget_revenue', 'budget_expenditure', 'final_revenue',
                         'final_expenditure')
)

select a.*, p.printed_total, p.rounding_tolerance
from additive as a
join printed as p
    on p.document_id = a.document_id and p.table_index = a.source_table_index
    and p.flow = a.flow
where abs(a.additive_sum - p.printed_total) > p.rounding_tolerance
