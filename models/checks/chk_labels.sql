{{ config(schema='checks', materialized='view') }}
-- The row labels and codes the checks read: the label and code cells of int_cell_meaning, with
-- the side of their column (收支总表: int_summary_columns; other tables: the first column-path
-- segment). The label is int_cell_meaning's normalised form ('' for none).
select
    c.document_id,
    c.table_index,
    c.table_kind,
    c.row_index,
    c.col_index,
    c.source_line,
    c.cell_role,
    coalesce(s.side, split_part(coalesce(c.column_path_norm, ''), '/', 1)) as side,
    c.row_label,
    coalesce(c.row_label_norm, '') as label,
    c.is_of_which,
    c.is_total_row,
    c.row_role,
    c.row_code,
    c.code_kind
from {{ ref('int_cell_meaning') }} as c
left join {{ ref('int_summary_columns') }} as s
    on s.document_id = c.document_id and s.table_index = c.table_index
   and s.col_index = c.col_index
where c.cell_role in ('label', 'code')
