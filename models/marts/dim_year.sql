-- dim_year: one row per fiscal year (预算年度) a document covers, with what the warehouse holds.
with documents as (
    select * from {{ ref('int_documents') }}
),

years as (
    select distinct fiscal_year from documents
),

pairs as (
    -- units with both a budget and a final account for the same year
    select fiscal_year, count(*) as units_with_budget_and_final
    from (
        select fiscal_year, unit_key
        from documents
        group by all
        having count(distinct phase) = 2
    )
    group by fiscal_year
)

select
    y.fiscal_year,
    count(d.document_id) filter (where d.phase = 'budget') as budget_documents,
    count(d.document_id) filter (where d.phase = 'final_account') as final_account_documents,
    count(distinct d.unit_key) filter (where d.phase = 'budget') as units_with_budget,
    count(distinct d.unit_key) filter (where d.phase = 'final_account') as units_with_final_account,
    coalesce(any_value(p.units_with_budget_and_final), 0) as units_with_budget_and_final,
    count(d.document_id) filter (where d.phase = 'budget') > 0 as has_budget,
    count(d.document_id) filter (where d.phase = 'final_account') > 0 as has_final_account
from years as y
left join documents as d using (fiscal_year)
left join pairs as p using (fiscal_year)
group by y.fiscal_year
