{{ config(schema='checks', materialized='view') }}
-- Every row label and code of a financial table (one row per label/code cell), with the side
-- (first column-path segment, e.g. 收入 / 支出 in summary tables) and the normalised label.
select
    c.document_id,
    c.table_index,
    t.table_kind,
    c.row_index,
    c.col_index,
    c.source_line,
    c.cell_role,
    split_part({{ checks_norm_path('c.column_path') }}, '/', 1) as side,
    c.row_label,
    {{ checks_norm_label('c.row_label') }} as label,
    c.row_code,
    c.code_kind
from {{ ref('stg_cells') }} as c
join {{ ref('stg_tables') }} as t
    on t.document_id = c.document_id and t.table_index = c.table_index
where c.cell_role in ('label', 'code')
  and t.interpreted
