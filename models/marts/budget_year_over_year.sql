-- budget_year_over_year: the budget of a unit for a year beside its budget for the year before,
-- per function code and expenditure type (预算公开表3). Rows of either year without a match in
-- the other are kept: yoy_status = 'both' | 'current_only' | 'prior_only' | 'no_prior_budget'
-- ('no_prior_budget': the warehouse holds no budget document of the unit for the prior year).
-- A department's budgets (部门) and the unit's own (单位) are each compared with their kind.
with budget as (
    select l.unit_key, l.fiscal_year, d.scope, l.function_code, l.expenditure_type,
        sum(l.amount) as amount
    from {{ ref('fact_budget_line') }} as l
    join {{ ref('int_documents') }} as d using (document_id)
    where l.phase = 'budget' and l.source_table_kind = 'budget_expenditure'
      and l.flow = 'expenditure'
    group by all
),

budget_years as (
    select distinct unit_key, fiscal_year, scope
    from {{ ref('int_documents') }}
    where phase = 'budget'
),

joined as (
    select
        coalesce(c.unit_key, p.unit_key) as unit_key,
        coalesce(c.fiscal_year, p.fiscal_year + 1) as fiscal_year,
        coalesce(c.scope, p.scope) as scope,
        coalesce(c.function_code, p.function_code) as function_code,
        coalesce(c.expenditure_type, p.expenditure_type) as expenditure_type,
        c.amount as budget_amount,
        p.amount as prior_year_budget_amount
    from budget as c
    full outer join budget as p
        on p.unit_key = c.unit_key and p.fiscal_year = c.fiscal_year - 1 and p.scope = c.scope
        and p.function_code = c.function_code and p.expenditure_type = c.expenditure_type
)

select
    {{ surrogate_key(['j.unit_key', 'j.fiscal_year', 'j.scope', 'j.function_code',
                      'j.expenditure_type']) }} as yoy_key,
    j.unit_key,
    j.fiscal_year,
    j.scope,
    j.fiscal_year - 1 as prior_fiscal_year,
    j.function_code,
    {{ function_level('j.function_code') }} as function_level,
    j.expenditure_type,
    cy.unit_key is not null as has_current_budget,
    py.unit_key is not null as has_prior_budget,
    case
        when py.unit_key is null then 'no_prior_budget'
        when cy.unit_key is null then 'prior_only'
        when j.budget_amount is not null and j.prior_year_budget_amount is not null then 'both'
        when j.budget_amount is not null then 'current_only'
        else 'prior_only'
    end as yoy_status,
    j.budget_amount,
    j.prior_year_budget_amount,
    case when cy.unit_key is not null and py.unit_key is not null
         then coalesce(j.budget_amount, 0) - coalesce(j.prior_year_budget_amount, 0)
    end as change_amount,
    case when cy.unit_key is not null and py.unit_key is not null
              and coalesce(j.prior_year_budget_amount, 0) <> 0
         then round((coalesce(j.budget_amount, 0) - j.prior_year_budget_amount)
                    / j.prior_year_budget_amount, 4)
    end as change_rate
from joined as j
left join budget_years as cy
    on cy.unit_key = j.unit_key and cy.fiscal_year = j.fiscal_year and cy.scope = j.scope
left join budget_years as py
    on py.unit_key = j.unit_key and py.fiscal_year = j.fiscal_year - 1 and py.scope = j.scope
-- a prior-year row whose following year has no budget document says nothing year-on-year
where cy.unit_key is not null
