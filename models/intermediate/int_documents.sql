-- Loaded documents with the unit key every mart uses (failed documents are left out), and the
-- disclosure each belongs to: the files of one unit, kind, scope and year form one disclosure
-- (Jiangsu publishes some as a narrative file and a tables file).
-- The unit is keyed on its resolved name: ingest applies the name rules (seed
-- ref_unit_name_rule); an alias (seed ref_unit_alias) names the forms no rule reaches.
with documents as (
    select
        d.*,
        regexp_replace(d.unit_name, '\s+', '', 'g') as read_name
    from {{ ref('stg_documents') }} as d
    where d.status in ('loaded', 'partial')
),

resolved as (
    select
        d.*,
        coalesce(a.resolved_name, d.read_name) as resolved_name
    from documents as d
    left join {{ ref('ref_unit_alias') }} as a
        on regexp_replace(a.printed_name, '\s+', '', 'g') = d.read_name
)

select
    document_id,
    resolved_name as unit_name,
    printed_unit_name,
    {{ surrogate_key(['resolved_name']) }} as unit_key,
    {{ surrogate_key(['resolved_name', 'phase', 'scope', 'fiscal_year']) }} as disclosure_key,
    phase,
    {{ document_attributes() }},
    status,
    identity_sources,
    region_code,
    ingested_at
from resolved
