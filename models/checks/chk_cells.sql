{{ config(schema='checks', materialized='view') }}
-- Structure: the key of every stored cell (document, table, row, column) with its line; the
-- key must be unique.
select
    'cell_unique' as rule_id,
    c.document_id,
    d.file_name,
    c.table_index,
    t.table_kind,
    t.title as table_title,
    c.row_code,
    c.row_label,
    c.column_path as column_name,
    c.row_index,
    c.col_index,
    cast(c.source_line as integer) as source_line
from {{ ref('stg_cells') }} as c
join {{ ref('stg_documents') }} as d using (document_id)
join {{ ref('stg_tables') }} as t using (document_id, table_index)
