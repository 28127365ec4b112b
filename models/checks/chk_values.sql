{{ config(schema='checks', materialized='view') }}
-- The printed amounts the checks compare: the value cells of int_cell_meaning that hold an
-- amount, with the side of their column (收支总表: int_summary_columns; other tables: the first
-- column-path segment). The path and label are int_cell_meaning's normalised forms ('' for
-- none); nothing is normalised here.
{% call checks_cells("c.cell_role = 'value' and c.value_status = 'value' and c.amount is not null") %}
    c.column_path,
    coalesce(c.column_path_norm, '') as col,
    coalesce(c.column_leaf, '') as col_leaf,
    coalesce(c.column_parent, '') as col_parent,
    c.row_label,
    coalesce(c.row_label_norm, '') as label,
    c.label_is_ordinal,
    c.is_of_which,
    c.is_total_row,
    c.row_role,
    c.row_code,
    c.code_kind,
    c.row_line_no,
    c.printed_text,
    c.amount,
    c.value_unit
{% endcall %}
