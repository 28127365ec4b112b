{{ config(schema='checks', materialized='view') }}
-- Every row label and code of a financial table (one row per label/code cell), with the side
-- (收支总表: int_summary_columns; other tables: the first column-path segment), the normalised
-- label and, in 收支总表, the row's role (seed map_summary_row_role).
-- The normalisations are computed once per distinct column path and row label and joined to
-- the cells (both treat a null like '', so the lookups are keyed on coalesce(…, '')).
with cells as (
    select c.*, t.table_kind
    from {{ ref('stg_cells') }} as c
    join {{ ref('stg_tables') }} as t
        on t.document_id = c.document_id and t.table_index = c.table_index
    where c.cell_role in ('label', 'code')
      and t.interpreted
),
paths as (
    select path_key, split_part({{ checks_norm_path('path_key') }}, '/', 1) as side
    from (select distinct coalesce(column_path, '') as path_key
          from {{ ref('stg_cells') }} where cell_role in ('label', 'code'))
),
labels as (
    select label_key, label, {{ summary_row_role('label') }} as row_role
    from (
        select label_key, {{ checks_norm_label('label_key') }} as label
        from (select distinct coalesce(row_label, '') as label_key
              from {{ ref('stg_cells') }} where cell_role in ('label', 'code')))
)
select
    c.document_id,
    c.table_index,
    c.table_kind,
    c.row_index,
    c.col_index,
    c.source_line,
    c.cell_role,
    coalesce(s.side, p.side) as side,
    c.row_label,
    l.label,
    l.row_role,
    c.row_code,
    c.code_kind
from cells as c
join paths as p on p.path_key = coalesce(c.column_path, '')
join labels as l on l.label_key = coalesce(c.row_label, '')
left join {{ ref('int_summary_columns') }} as s
    on s.document_id = c.document_id and s.table_index = c.table_index
   and s.col_index = c.col_index
