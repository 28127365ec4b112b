{{ config(schema='checks', materialized='view') }}
-- Structure: every disclosure holds all the numbered tables of its template and its narrative
-- (情况说明). A disclosure is the set of files of one unit, kind, scope and year
-- (int_documents.disclosure_key): a narrative file and a tables file published apart count
-- together (parts: files of one disclosure that hold no numbered table kind in common), and
-- each file is judged on what it and its parts hold. A table that says 本表无数据
-- counts as present. The required tables come from the seed ref_template_table, generated from
-- ingest/catalogue.yaml (python -m ingest.catalogue_seeds). A document whose template was
-- not detected is held to the first template listed for its kind; a disclosure's template is
-- the one its files name most. The narrative is present when the disclosure's prose holds at
-- least var('narrative_min_prose_lines') lines with a digit (a tables-only file holds a
-- cover line or two). One row per document and required table number (0: the narrative).
with docs as (
    select d.document_id, d.file_name, d.doc_kind, d.title, d.title_line, d.template,
        i.disclosure_key
    from {{ ref('stg_documents') }} as d
    join {{ ref('int_documents') }} as i using (document_id)
),
disclosure_template as (
    select disclosure_key, mode(template) as template
    from docs
    where template is not null
    group by disclosure_key
),
templates as (
    select template, doc_kind, table_no, table_kind, table_label,
        template_order = min(template_order) over (partition by doc_kind) as is_kind_default
    from {{ ref('ref_template_table') }}
),
required as (
    select d.document_id, d.disclosure_key, d.file_name, d.doc_kind, d.title, d.title_line,
        s.template, s.table_no, s.table_kind, s.table_label
    from docs as d
    left join disclosure_template as t using (disclosure_key)
    join templates as s
        on s.template = t.template
        or (t.template is null and s.doc_kind = d.doc_kind and s.is_kind_default)
),
numbered as (
    select distinct t.document_id, t.table_kind
    from {{ ref('stg_tables') }} as t
    semi join templates as s using (table_kind)
),
-- pairs of files of one disclosure that hold a numbered table kind in common (joined on the
-- disclosure first: the kinds alone pair every document with every other)
sharing as (
    select distinct a.document_id, b.document_id as part_id
    from (select n.*, d.disclosure_key from numbered as n join docs as d using (document_id))
        as a
    join (select n.*, d.disclosure_key from numbered as n join docs as d using (document_id))
        as b using (disclosure_key, table_kind)
    where a.document_id <> b.document_id
),
-- the parts a document is judged with: itself, and each other file of its disclosure that
-- holds none of its numbered table kinds (a narrative file and its tables file; two copies
-- of the same tables are versions, not parts)
parts as (
    select d.document_id, p.document_id as part_id
    from docs as d
    join docs as p using (disclosure_key)
    anti join sharing as s on s.document_id = d.document_id and s.part_id = p.document_id
),
found as (
    select r.document_id, t.table_kind, count(*) as n,
        min(t.title) as title, bool_or(t.declared_empty) as declared_empty,
        min(t.first_line) as line,
        string_agg(distinct p.file_name, ', ' order by p.file_name) as files
    from parts as r
    join {{ ref('stg_tables') }} as t on t.document_id = r.part_id
    join docs as p on p.document_id = r.part_id
    group by all
),
prose as (
    select r.document_id, count(*) as lines,
        string_agg(distinct p.file_name, ', ' order by p.file_name) as files
    from parts as r
    join {{ ref('stg_prose_lines') }} as l on l.document_id = r.part_id
    join docs as p on p.document_id = r.part_id
    group by all
),
tables_result as (
    select
        r.document_id,
        r.file_name,
        r.table_no,
        coalesce(f.title, '(table ' || r.table_no || ' ' || r.table_label || ')') as table_title,
        'table ' || r.table_no as row_label,
        f.n is not null as present,
        coalesce(f.declared_empty, false) as declared_empty,
        case when f.n is null then 'missing'
             when f.declared_empty then 'present (本表无数据)' else 'present' end as actual_text,
        cast(coalesce(f.line, r.title_line, 1) as integer) as source_line,
        case when f.n is null then 'table ' || r.table_no || ' (' || r.table_label || ') of the '
            || r.template || ' template not found in the disclosure'
            else f.title || ' (in ' || f.files || ')' end as detail
    from required as r
    left join found as f on f.document_id = r.document_id and f.table_kind = r.table_kind
),
narrative_result as (
    select
        d.document_id,
        d.file_name,
        0 as table_no,
        '(情况说明)' as table_title,
        'narrative' as row_label,
        coalesce(p.lines, 0) >= {{ var('narrative_min_prose_lines') }} as present,
        false as declared_empty,
        case when coalesce(p.lines, 0) >= {{ var('narrative_min_prose_lines') }}
             then 'present' else 'missing' end as actual_text,
        cast(coalesce(d.title_line, 1) as integer) as source_line,
        case when coalesce(p.lines, 0) >= {{ var('narrative_min_prose_lines') }}
             then 'narrative in ' || p.files
             else 'the disclosure has no narrative (情况说明): ' || coalesce(p.lines, 0)
                 || ' prose lines with a figure in its files' end as detail
    from docs as d
    left join prose as p using (document_id)
)
select
    'doc_tables_complete' as rule_id,
    document_id,
    file_name,
    null::integer as table_index,
    null as table_kind,
    table_title,
    null as row_code,
    row_label,
    null as column_name,
    present,
    declared_empty,
    'present' as expected_text,
    actual_text,
    source_line,
    detail
from (select * from tables_result union all select * from narrative_result)
