-- fact_budget_line: one row per document × source table × function code (类/款/项) × measure
-- (flow, fund source, expenditure type). Amounts in 万元.
--
-- Fed by the tables laid out by function code: 预算公开表2/3/5/8/9 and 公开02/03/05/07/08, plus
-- the class rows of the summary tables (表1, 表4, 公开01, 公开04; class names resolved to codes).
-- The 合计 rows are not facts (see int_function_lines / int_summary_lines for them).
--
-- No amount counted twice: within one source table, the class rows (function_level = 'class')
-- of the component columns (not is_total_column) sum to the table's 合计; `is_additive` marks
-- those rows of the all-funds tables (表2 income, 表3 expenditure, 公开02, 公开03), so that
--   sum(amount) where is_additive and flow = 'expenditure'  -- per document
-- is the document's total expenditure, split by expenditure_type (基本/项目/...), and
--   sum(amount) where is_additive and flow = 'income'       -- per document
-- its total income, split by fund_source_code.
with lines as (
    select * from {{ for_batch(ref('int_budget_lines')) }}
    where grain_verdict = 'kept'  -- the others are in quarantine_rows
)

select
    {{ surrogate_key(['document_id', 'table_index', 'row_index', 'col_index']) }}
        as budget_line_key,
    document_id,
    unit_key,
    fiscal_year,
    phase,
    function_code,
    function_level,
    is_leaf,
    flow,
    fund_source_code,
    expenditure_type,
    flow || ':' || fund_source_code || ':' || expenditure_type as measure,
    is_total_column,
    table_kind in ('budget_revenue', 'budget_expenditure', 'final_revenue', 'final_expenditure')
        as is_primary_table,
    table_kind in ('budget_revenue', 'budget_expenditure', 'final_revenue', 'final_expenditure')
        and function_level = 'class' and not is_total_column as is_additive,
    cast(amount as decimal(18, 6)) as amount,
    table_kind as source_table_kind,
    table_no as source_table_no,
    table_index as source_table_index,
    row_index as source_row_index,
    col_index as source_col_index,
    column_path as source_column_path,
    source_line,
    printed_name
from lines
