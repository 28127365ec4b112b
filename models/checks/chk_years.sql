{{ config(schema='checks', materialized='view') }}
-- Structure: the document's fiscal year, and the year each table title prints ("2026年预算收支
-- 总表"), beside the document's year: years must be plausible and agree.
with docs as (
    select * from {{ ref('stg_documents') }} where status in ('loaded', 'partial')
)
select
    'years' as rule_id,
    d.document_id,
    d.file_name,
    null::integer as table_index,
    null as table_kind,
    d.title as table_title,
    null as row_code,
    'document year' as row_label,
    null as column_name,
    d.fiscal_year as year,
    d.fiscal_year as document_year,
    cast(coalesce(d.title_line, 1) as integer) as source_line
from docs as d
union all
select
    'years',
    t.document_id,
    d.file_name,
    t.table_index,
    t.table_kind,
    t.title,
    null,
    'table title year',
    null,
    cast(regexp_extract(t.title, '^([0-9]{4})年', 1) as integer),
    d.fiscal_year,
    cast(t.title_line as integer)
from {{ ref('stg_tables') }} as t
join docs as d using (document_id)
where regexp_matches(t.title, '^[0-9]{4}年')
