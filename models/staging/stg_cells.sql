-- One row per non-empty body cell (raw.cells), typed and renamed; nothing joined.
select
    document_id,
    table_index,
    row_index,
    col_index,
    source_line,
    column_path,
    {{ normalize_column_path('column_path') }} as column_path_norm,
    cell_role,
    row_label,
    {{ normalize_label('row_label') }} as row_label_norm,
    row_code,
    code_kind,
    row_line_no,
    text as printed_text,
    value_status,
    cast(amount as decimal(20, 6)) as amount,
    value_unit
from {{ source('raw', 'cells') }}
