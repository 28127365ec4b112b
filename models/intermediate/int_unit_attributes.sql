-- What the documents state about their unit outside the numbered tables: the supervising
-- department (主管部门及代码 "322-山西省科学技术协会") and the unit's own budget code (预算单位
-- "322702-山西省科普服务中心", 部门名称 "307-长治市上党区科学技术协会"), read from the text cells
-- of the performance tables (the labels: seed map_unit_attribute_field). One row per document.
with text_cells as (
    select
        c.document_id,
        c.table_index,
        c.row_index,
        c.col_index,
        c.source_line,
        regexp_replace(c.printed_text, '\s+', '', 'g') as txt
    from {{ for_batch(ref('int_cell_meaning')) }} as c
    where c.cell_role = 'text'
      and c.table_kind in ('project_targets', 'project_self_evaluation', 'overall_targets')
),

pairs as (
    select
        document_id,
        source_line,
        txt as field,
        lead(txt) over (
            partition by document_id, table_index, row_index order by col_index) as value
    from text_cells
),

coded as (
    select
        p.document_id,
        p.source_line,
        f.field,
        regexp_extract(p.value, '^(\d+)[-－—]', 1) as code,
        regexp_extract(p.value, '^\d+[-－—](.+)$', 1) as name
    from pairs as p
    join {{ ref('map_unit_attribute_field') }} as f on f.label = p.field
    where regexp_matches(p.value, '^\d+[-－—].+')
),

supervising as (
    select
        document_id,
        code,
        name,
        count(*) as mentions,
        min(source_line) as first_line
    from coded
    where field = 'supervising_department'
    group by all
),

own as (
    select c.document_id, c.code, min(c.source_line) as first_line
    from coded as c
    join {{ for_batch(ref('int_documents')) }} as d
        on d.document_id = c.document_id and c.name = d.unit_name
    group by all
)

select
    d.document_id,
    d.unit_key,
    d.unit_name,
    s.code as supervising_department_code,
    s.name as supervising_department_name,
    s.first_line as supervising_department_line,
    o.code as unit_budget_code,
    o.first_line as unit_budget_code_line
from {{ for_batch(ref('int_documents')) }} as d
left join (
    select * from supervising
    qualify row_number() over (
        partition by document_id order by mentions desc, first_line) = 1
) as s using (document_id)
left join (
    select * from own
    qualify row_number() over (partition by document_id order by length(code) desc, first_line) = 1
) as o using (document_id)
