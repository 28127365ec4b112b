-- Reconciliation of the function-coded tables: for every document, table and measure column,
-- the printed 合计 row beside the sum of the class rows (类) and the sum of the leaf rows.
-- Stating "a table's rows add up to its 合计" is a filter on this model (difference within the
-- rounding tolerance: 尾差 of a cent per summed row at most).
with lines as (
    select * from {{ for_batch(ref('int_function_lines')) }}
    where is_mapped and value_status = 'value'
),

printed as (
    select document_id, table_index, column_path_norm, sum(amount) as printed_total,
           min(source_line) as total_source_line
    from lines
    where is_total_row
    group by all
),

summed as (
    select
        document_id, table_index, column_path_norm,
        sum(amount) filter (where function_level = 'class') as class_rows_sum,
        sum(amount) filter (where is_leaf) as leaf_rows_sum,
        count(*) filter (where function_level = 'class') as class_rows,
        count(*) filter (where is_leaf) as leaf_rows
    from lines
    where not is_total_row and function_code is not null
    group by all
),

columns as (
    select distinct document_id, table_index, table_kind, phase, fiscal_year, unit_key,
           column_path_norm, flow, fund_source_code, expenditure_type, is_total_column
    from lines
)

select
    c.document_id,
    c.table_index,
    c.table_kind,
    c.phase,
    c.fiscal_year,
    c.unit_key,
    c.column_path_norm as column_path,
    c.flow,
    c.fund_source_code,
    c.expenditure_type,
    c.is_total_column,
    p.printed_total,
    p.total_source_line,
    coalesce(s.class_rows_sum, 0) as class_rows_sum,
    coalesce(s.leaf_rows_sum, 0) as leaf_rows_sum,
    coalesce(s.class_rows, 0) as class_rows,
    coalesce(s.leaf_rows, 0) as leaf_rows,
    coalesce(s.class_rows_sum, 0) - coalesce(p.printed_total, 0) as class_difference,
    coalesce(s.leaf_rows_sum, 0) - coalesce(p.printed_total, 0) as leaf_difference,
    0.01 * greatest(coalesce(s.leaf_rows, 0), 1) as rounding_tolerance
from columns as c
left join printed as p using (document_id, table_index, column_path_norm)
left join summed as s using (document_id, table_index, column_path_norm)
