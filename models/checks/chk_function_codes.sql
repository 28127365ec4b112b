{{ config(schema='checks', materialized='view') }}
-- Structure: every function code printed in a table by function code, with its printed name,
-- its parent (the code two digits shorter) and whether that parent is printed in the same
-- table. The runner adds the standard name from dim_function_code when that model exists.
with codes as (
    select document_id, table_index, table_kind, row_code,
        min(row_label) as printed_name, min(source_line) as source_line
    from {{ ref('chk_labels') }}
    where code_kind = 'function' and row_code is not null
    group by all
)
select
    'function_codes' as rule_id,
    c.document_id,
    d.file_name,
    c.table_index,
    c.table_kind,
    t.title as table_title,
    c.row_code,
    c.printed_name as row_label,
    null as column_name,
    c.printed_name,
    case when length(c.row_code) > 3 then left(c.row_code, length(c.row_code) - 2) end
        as parent_code,
    length(c.row_code) = 3 or exists (
        select 1 from codes p where p.document_id = c.document_id
          and p.table_index = c.table_index
          and p.row_code = left(c.row_code, length(c.row_code) - 2)) as parent_present,
    cast(c.source_line as integer) as source_line
from codes as c
join {{ ref('stg_documents') }} as d using (document_id)
join {{ ref('stg_tables') }} as t using (document_id, table_index)
