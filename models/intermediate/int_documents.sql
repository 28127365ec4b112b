-- Loaded documents with the unit key every mart uses (failed documents are left out), and the
-- disclosure each belongs to: the files of one unit, kind, scope and year form one disclosure
-- (Jiangsu publishes some as a narrative file and a tables file).
select
    document_id,
    regexp_replace(unit_name, '\s+', '', 'g') as unit_name,
    {{ surrogate_key(["regexp_replace(unit_name, '\\s+', '', 'g')"]) }} as unit_key,
    {{ surrogate_key(["regexp_replace(unit_name, '\\s+', '', 'g')", 'phase', 'scope',
                      'fiscal_year']) }} as disclosure_key,
    phase,
    scope,
    fiscal_year,
    title,
    title_line,
    template,
    file_name,
    source_path,
    table_count,
    cell_count,
    warning_count,
    ingested_at
from {{ ref('stg_documents') }}
where status = 'loaded'
