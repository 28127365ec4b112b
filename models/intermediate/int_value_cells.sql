-- Every value cell of a financial table with its table kind and document context.
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
    c.column_path_norm,
    c.row_label,
    c.row_label_norm,
    c.row_code,
    c.code_kind,
    c.row_line_no,
    c.row_label_norm in ('合计', '总计', '部门合计') and c.row_code is null as is_total_row,
    c.printed_text,
    c.value_status,
    c.amount,
    c.value_unit
from {{ for_batch(ref('stg_cells')) }} as c
join {{ for_batch(ref('stg_tables')) }} as t using (document_id, table_index)
join {{ for_batch(ref('int_documents')) }} as d using (document_id)
where c.cell_role = 'value' and t.interpreted
