-- dim_unit: one row per unit (单位) or department (部门) named by a document.
with documents as (
    select * from {{ ref('int_documents') }}
),

attributes as (
    select
        unit_key,
        max(supervising_department_code) as supervising_department_code,
        max(supervising_department_name) as supervising_department_name,
        max(unit_budget_code) as unit_budget_code
    from {{ ref('int_unit_attributes') }}
    group by unit_key
),

units as (
    select
        unit_key,
        any_value(unit_name) as unit_name,
        -- every form the documents print the name in (中共江苏省委办公厅, 江苏省委办公厅, …)
        list_sort(list(distinct printed_unit_name)) as printed_names,
        -- a department document speaks for the department; a unit document for the unit
        case when bool_or(scope = 'department') then 'department' else 'unit' end as scope,
        count(*) as document_count,
        -- a manifest's region code, when one gave it
        max(region_code) as given_region_code,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year
    from documents
    group by unit_key
),

regions as (
    select
        u.unit_key,
        r.region_code,
        r.region_name,
        r.region_level,
        r.parent_code
    from units as u
    join {{ ref('ref_admin_region') }} as r
        on r.region_code = u.given_region_code
        or (u.given_region_code is null
            -- a party organ's name leads with 中共 before its region (中共江苏省委办公厅)
            and starts_with(regexp_replace(u.unit_name, '^中共', ''), r.match_prefix))
    qualify row_number() over (
        partition by u.unit_key order by length(r.match_prefix) desc) = 1
)

select
    u.unit_key,
    u.unit_name,
    u.printed_names,
    u.scope,
    {{ code_label('scope', 'u.scope') }} as scope_zh,
    a.unit_budget_code,
    -- a department supervises itself when its documents name it as 主管部门
    a.supervising_department_code,
    a.supervising_department_name,
    coalesce(a.supervising_department_name = u.unit_name, false) as is_own_supervisor,
    r.region_code as admin_code,
    r.region_name,
    r.region_level as level,
    {{ code_label('region_level', 'r.region_level') }} as level_zh,
    p.region_code as parent_admin_code,
    p.region_name as parent_region_name,
    u.document_count,
    u.first_fiscal_year,
    u.last_fiscal_year
from units as u
left join attributes as a using (unit_key)
left join regions as r using (unit_key)
left join {{ ref('ref_admin_region') }} as p on p.region_code = r.parent_code
