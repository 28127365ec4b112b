-- three_public_budget_vs_final: "三公"经费 per unit, year and item: the budget (预算公开表10,
-- fiscal appropriations in total) beside the final account's 决算数 (公开09表), and the 预算数
-- the final account itself prints. Every item of every unit-year with a document is listed;
-- amounts a table does not print are NULL (the table may be declared empty: 本表无数据). A
-- department's documents (部门) and the unit's own (单位) are each compared with their kind.
with items as (
    select item_code, item_name, sort_order from {{ ref('ref_three_public_item') }}
),

unit_years as (
    select unit_key, fiscal_year, scope,
           bool_or(phase = 'budget') as has_budget_document,
           bool_or(phase = 'final_account') as has_final_document
    from {{ ref('int_documents') }}
    group by all
),

facts as (
    select
        t.unit_key, t.fiscal_year, d.scope, t.item_code,
        sum(t.amount) filter (where t.phase = 'budget'
                                and t.fund_source_code = 'fiscal_appropriation') as budget_amount,
        sum(t.amount) filter (where t.phase = 'final_account' and t.amount_basis = 'budget')
            as final_account_budget_amount,
        sum(t.amount) filter (where t.phase = 'final_account' and t.amount_basis = 'final')
            as final_amount
    from {{ ref('fact_three_public') }} as t
    join {{ ref('int_documents') }} as d using (document_id)
    group by all
)

select
    {{ surrogate_key(['u.unit_key', 'u.fiscal_year', 'u.scope', 'i.item_code']) }}
        as three_public_key,
    u.unit_key,
    u.fiscal_year,
    u.scope,
    i.item_code,
    i.item_name,
    i.sort_order,
    u.has_budget_document,
    u.has_final_document,
    f.budget_amount,
    f.final_account_budget_amount,
    f.final_amount,
    -- the comparison needs the final account; the budget side is the budget document's figure,
    -- else the 预算数 the final account prints
    coalesce(f.budget_amount, f.final_account_budget_amount) as comparison_budget_amount,
    case when u.has_final_document
         then coalesce(f.final_amount, 0)
              - coalesce(f.budget_amount, f.final_account_budget_amount, 0) end as difference,
    case when u.has_final_document
              and coalesce(f.budget_amount, f.final_account_budget_amount, 0) <> 0
         then round(coalesce(f.final_amount, 0)
                    / coalesce(f.budget_amount, f.final_account_budget_amount), 4) end
        as execution_rate
from unit_years as u
cross join items as i
left join facts as f using (unit_key, fiscal_year, scope, item_code)
