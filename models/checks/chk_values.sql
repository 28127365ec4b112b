{{ config(schema='checks', materialized='view') }}
-- Every printed amount of a financial table, with its table kind, a normalised column path
-- (years and spaces removed), a normalised row label (ordinal removed) and its line.
select
    c.document_id,
    c.table_index,
    t.table_kind,
    c.row_index,
    c.col_index,
    c.source_line,
    c.column_path,
    {{ checks_norm_path('c.column_path') }} as col,
    {{ checks_leaf(checks_norm_path('c.column_path')) }} as col_leaf,
    {{ checks_parent(checks_norm_path('c.column_path')) }} as col_parent,
    c.row_label,
    {{ checks_norm_label('c.row_label') }} as label,
    regexp_matches(regexp_replace(coalesce(c.row_label, ''), '\s+', '', 'g'),
        '^([（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)') as label_is_ordinal,
    c.row_code,
    c.code_kind,
    c.row_line_no,
    c.printed_text,
    c.amount,
    c.value_unit
from {{ ref('stg_cells') }} as c
join {{ ref('stg_tables') }} as t
    on t.document_id = c.document_id and t.table_index = c.table_index
where c.cell_role = 'value'
  and c.value_status = 'value'
  and c.amount is not null
  and t.interpreted
