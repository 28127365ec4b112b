-- Every value cell of a financial table with its table kind and document context.
-- The normalised column path and row label are regular expressions (stg_cells): they are
-- computed once per distinct path and label of the batch and joined to its cells. Both map
-- null and '' alike, so the lookups are keyed on coalesce(…, '').
with cells as materialized (
    select
        c.document_id,
        c.table_index,
        t.table_kind,
        t.table_no,
        d.phase,
        d.fiscal_year,
        d.unit_key,
        c.row_index,
        c.col_index,
        c.source_line,
        c.column_path,
        c.row_label,
        c.row_code,
        c.code_kind,
        c.row_line_no,
        c.printed_text,
        c.value_status,
        c.amount,
        c.value_unit
    from {{ for_batch(ref('stg_cells')) }} as c
    join {{ for_batch(ref('stg_tables')) }} as t using (document_id, table_index)
    join {{ for_batch(ref('int_documents')) }} as d using (document_id)
    where c.cell_role = 'value' and t.interpreted
),
paths as (
    select path_key, {{ normalize_column_path('path_key') }} as column_path_norm
    from (select distinct coalesce(column_path, '') as path_key from cells)
),
labels as (
    select *, row_label_norm in (select label from {{ ref('ref_total_label') }}) as is_total_label
    from (
        select label_key, {{ normalize_label('label_key') }} as row_label_norm
        from (select distinct coalesce(row_label, '') as label_key from cells))
)
select
    c.document_id,
    c.table_index,
    c.table_kind,
    c.table_no,
    c.phase,
    c.fiscal_year,
    c.unit_key,
    c.row_index,
    c.col_index,
    c.source_line,
    c.column_path,
    p.column_path_norm,
    c.row_label,
    l.row_label_norm,
    c.row_code,
    c.code_kind,
    c.row_line_no,
    l.is_total_label and c.row_code is null as is_total_row,
    c.printed_text,
    c.value_status,
    c.amount,
    c.value_unit
from cells as c
join paths as p on p.path_key = coalesce(c.column_path, '')
join labels as l on l.label_key = coalesce(c.row_label, '')
