-- The semantic cell layer: every value, label and code cell of an interpreted table and every
-- cell of a table kept as text, with its document context and what it means: the column path
-- without years (and its last segment and parent), the row label without its ordinal, whether
-- the row is numbered, an "of which" (其中) row or a total row (ref_total_label), and its role
-- in a 收支总表 (seed map_summary_row_role). The one reader of stg_cells' body cells: the marts, the
-- reconciliations and the checks all read cells here, so each text is normalised once.
-- The normalisations are regular expressions: they are computed once per distinct path and
-- label of the batch and joined to its cells. Both map null and '' alike, so the lookups are
-- keyed on coalesce(…, '').
with cells as materialized (
    select
        c.document_id,
        c.table_index,
        t.table_kind,
        t.table_no,
        d.phase,
        d.fiscal_year,
        d.unit_key,
        c.row_index,
        c.col_index,
        c.source_line,
        c.cell_role,
        c.column_path,
        c.row_label,
        c.row_code,
        c.code_kind,
        c.row_line_no,
        c.printed_text,
        c.value_status,
        c.amount,
        c.value_unit
    from {{ for_batch(ref('stg_cells')) }} as c
    join {{ for_batch(ref('stg_tables')) }} as t using (document_id, table_index)
    join {{ for_batch(ref('int_documents')) }} as d using (document_id)
    -- the text cells are those of the tables kept as text (performance tables)
    where (c.cell_role in ('value', 'label', 'code') and t.interpreted) or c.cell_role = 'text'
),
paths as (
    select
        path_key,
        column_path_norm,
        nullif({{ path_leaf('column_path_norm') }}, '') as column_leaf,
        nullif({{ path_parent('column_path_norm') }}, '') as column_parent
    from (
        select path_key, {{ normalize_column_path('path_key') }} as column_path_norm
        from (select distinct coalesce(column_path, '') as path_key from cells))
),
labels as (
    select
        label_key,
        row_label_norm,
        label_is_ordinal,
        is_of_which,
        coalesce(row_label_norm in (select label from {{ ref('ref_total_label') }}), false)
            as is_total_label,
        case when not is_of_which then {{ summary_row_role('row_label_norm') }} end as row_role
    from (
        select
            label_key,
            {{ normalize_label('label_key') }} as row_label_norm,
            {{ label_is_ordinal('label_key') }} as label_is_ordinal,
            {{ label_is_of_which('label_key') }} as is_of_which
        from (select distinct coalesce(row_label, '') as label_key from cells))
)
select
    {{ cell_context('c') }},
    c.cell_role,
    c.column_path,
    p.column_path_norm,
    p.column_leaf,
    p.column_parent,
    c.row_label,
    l.row_label_norm,
    l.label_is_ordinal,
    l.is_of_which,
    l.row_role,
    c.row_code,
    c.code_kind,
    c.row_line_no,
    l.is_total_label and c.row_code is null as is_total_row,
    c.printed_text,
    c.value_status,
    c.amount,
    c.value_unit
from cells as c
join paths as p on p.path_key = coalesce(c.column_path, '')
join labels as l on l.label_key = coalesce(c.row_label, '')
