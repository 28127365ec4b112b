{{ config(schema='checks', materialized='view') }}
-- The row labels and codes the checks read: the label and code cells of int_cell_meaning, with
-- the side of their column (收支总表: int_summary_columns; other tables: the first column-path
-- segment). The label is int_cell_meaning's normalised form ('' for none).
{% call checks_cells("c.cell_role in ('label', 'code')") %}
    c.cell_role,
    c.row_label,
    coalesce(c.row_label_norm, '') as label,
    c.is_of_which,
    c.is_total_row,
    c.row_role,
    c.row_code,
    c.code_kind
{% endcall %}
