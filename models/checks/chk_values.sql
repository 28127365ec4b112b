{{ config(schema='checks', materialized='view') }}
-- Every printed amount of a financial table, with its table kind, a normalised column path
-- (years and spaces removed), a normalised row label (ordinal removed) and its line; the side
-- (收支总表: int_summary_columns; other tables: the first column-path segment) and, in 收支总表,
-- the row's role (seed map_summary_row_role).
-- The normalisations are regular expressions: they are computed once per distinct column path
-- and row label (a few hundred of each) and joined to the millions of cells. Both treat a
-- null like '' (coalesce), so the lookups are keyed on coalesce(…, '').
with cells as (
    select c.*, t.table_kind
    from {{ ref('stg_cells') }} as c
    join {{ ref('stg_tables') }} as t
        on t.document_id = c.document_id and t.table_index = c.table_index
    where c.cell_role = 'value'
      and c.value_status = 'value'
      and c.amount is not null
      and t.interpreted
),
paths as (
    select path_key, col, {{ checks_leaf('col') }} as col_leaf,
        {{ checks_parent('col') }} as col_parent
    from (
        select path_key, {{ checks_norm_path('path_key') }} as col
        from (select distinct coalesce(column_path, '') as path_key
              from {{ ref('stg_cells') }} where cell_role = 'value'))
),
labels as (
    select *, {{ summary_row_role('label') }} as row_role
    from (
        select label_key, {{ checks_norm_label('label_key') }} as label,
            regexp_matches(regexp_replace(label_key, '\s+', '', 'g'),
                '^([（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)') as label_is_ordinal
        from (select distinct coalesce(row_label, '') as label_key
              from {{ ref('stg_cells') }} where cell_role = 'value'))
)
select
    c.document_id,
    c.table_index,
    c.table_kind,
    c.row_index,
    c.col_index,
    c.source_line,
    c.column_path,
    p.col,
    p.col_leaf,
    p.col_parent,
    c.row_label,
    l.label,
    l.label_is_ordinal,
    l.row_role,
    coalesce(s.side, split_part(p.col, '/', 1)) as side,
    c.row_code,
    c.code_kind,
    c.row_line_no,
    c.printed_text,
    c.amount,
    c.value_unit
from cells as c
join paths as p on p.path_key = coalesce(c.column_path, '')
join labels as l on l.label_key = coalesce(c.row_label, '')
left join {{ ref('int_summary_columns') }} as s
    on s.document_id = c.document_id and s.table_index = c.table_index
   and s.col_index = c.col_index
