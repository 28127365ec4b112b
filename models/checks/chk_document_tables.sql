{{ config(schema='checks', materialized='view') }}
-- Structure: every document holds all the numbered tables of its template (a table that says
-- 本表无数据 counts as present). The required tables come from the seed ref_template_table,
-- generated from ingest/catalogue.yaml (python -m expectations.template_seed): Shanxi budget
-- 13, Shanxi final account 10, Shanghai final account 9, Jiangsu budget 12. A document whose
-- template was not detected is held to the first template listed for its kind. One row per
-- document and required table number.
with docs as (
    select * from {{ ref('stg_documents') }} where status = 'loaded'
),
templates as (
    select template, doc_kind, table_no, table_kind, table_label,
        template_order = min(template_order) over (partition by doc_kind) as is_kind_default
    from {{ ref('ref_template_table') }}
),
required as (
    select d.document_id, d.file_name, d.doc_kind, d.title, d.title_line,
        s.template, s.table_no, s.table_kind, s.table_label
    from docs as d
    join templates as s
        on s.template = d.template
        or (d.template is null and s.doc_kind = d.doc_kind and s.is_kind_default)
),
found as (
    select document_id, table_no, count(*) as n, min(title) as title,
        min(first_line) as line, bool_or(declared_empty) as declared_empty
    from {{ ref('stg_tables') }}
    where table_no is not null
    group by all
)
select
    'doc_tables_complete' as rule_id,
    r.document_id,
    r.file_name,
    null::integer as table_index,
    null as table_kind,
    coalesce(f.title, '(table ' || r.table_no || ' ' || r.table_label || ')') as table_title,
    null as row_code,
    'table ' || r.table_no as row_label,
    null as column_name,
    f.n is not null as present,
    coalesce(f.declared_empty, false) as declared_empty,
    'present' as expected_text,
    case when f.n is null then 'missing'
         when f.declared_empty then 'present (本表无数据)' else 'present' end as actual_text,
    cast(coalesce(f.line, r.title_line, 1) as integer) as source_line,
    case when f.n is null then 'table ' || r.table_no || ' (' || r.table_label || ') of the '
        || r.template || ' template not found in the document' else f.title end as detail
from required as r
left join found as f using (document_id, table_no)
