{{ config(schema='checks', materialized='view') }}
-- Structure: every candidate row of fact_budget_line against the fact's grain (document ×
-- table × function code × measure, see int_budget_lines): a row not kept is in quarantine_rows
-- and fails here, with the reason.
select
    'fact_grain' as rule_id,
    l.document_id,
    d.file_name,
    l.table_index,
    l.table_kind,
    t.title as table_title,
    l.function_code as row_code,
    l.printed_name as row_label,
    {{ normalize_column_path('l.column_path') }} as column_name,
    l.row_index,
    l.col_index,
    l.grain_verdict,
    q.reason,
    cast(l.source_line as integer) as source_line
from {{ ref('int_budget_lines') }} as l
join {{ ref('stg_documents') }} as d using (document_id)
join {{ ref('stg_tables') }} as t using (document_id, table_index)
left join {{ ref('quarantine_rows') }} as q
    on q.document_id = l.document_id and q.table_index = l.table_index
   and q.row_index = l.row_index and q.col_index = l.col_index
