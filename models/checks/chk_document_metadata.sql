{{ config(schema='checks', materialized='view') }}
-- Structure: every loaded document has its unit, kind, scope and year (one row per document
-- and field; actual_text is NULL when the field is missing).
with docs as (
    select * from {{ ref('stg_documents') }} where status in ('loaded', 'partial')
),
fields as (
    select document_id, 'unit_name' as field, unit_name as value, title_line as line from docs
    union all
    select document_id, 'doc_kind', doc_kind, title_line from docs
    union all
    select document_id, 'scope', scope, title_line from docs
    union all
    select document_id, 'fiscal_year', cast(fiscal_year as varchar), title_line from docs
)
select
    'doc_metadata' as rule_id,
    f.document_id,
    d.file_name,
    null::integer as table_index,
    null as table_kind,
    d.title as table_title,
    null as row_code,
    f.field as row_label,
    f.field as column_name,
    'present' as expected_text,
    f.value as actual_text,
    cast(coalesce(f.line, 1) as integer) as source_line,
    'document ' || coalesce(d.title, d.file_name) || ': ' || f.field || ' = '
        || coalesce(f.value, 'missing') as detail
from fields as f
join docs as d using (document_id)
