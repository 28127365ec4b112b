-- One row per non-empty body cell (raw.cells), typed and renamed; nothing joined.
select
    document_id,
    table_index,
    row_index,
    col_index,
    source_line,
    column_path,
    cell_role,
    row_label,
    row_code,
    code_kind,
    row_line_no,
    text as printed_text,
    value_status,
    cast(amount as decimal(20, 6)) as amount,
    value_unit
from {{ source('raw', 'cells') }}
