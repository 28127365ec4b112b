-- Real questions answered from the marts (Q5 from a pairing model of the intermediate layer).
-- A dbt analysis: `dbt compile --select example_questions` writes the SQL with every ref()
-- resolved (target/compiled/budget_warehouse/analyses/), over the catalog the profile attaches
-- as `warehouse`; over the file opened directly, a ref('x') is the schema's table (marts.x).

-- Q1. Execution rate by unit: total budget (预算公开表3) beside total final expenditure
-- (公开03表) per unit and fiscal year, with the execution rate where both documents exist.
select
    u.unit_name,
    b.fiscal_year,
    b.scope,
    sum(b.budget_amount) as budget_expenditure,
    sum(b.final_amount) as final_expenditure,
    case when bool_and(b.has_budget_document and b.has_final_document)
         then round(sum(coalesce(b.final_amount, 0)) / nullif(sum(b.budget_amount), 0), 4)
    end as execution_rate,
    any_value(b.has_budget_document) as has_budget,
    any_value(b.has_final_document) as has_final_account
from {{ ref('budget_vs_final') }} as b
join {{ ref('dim_unit') }} as u using (unit_key)
where b.function_level = 'class' and b.expenditure_type = 'total'
group by all
order by u.unit_name, b.fiscal_year, b.scope;

-- Q2. Share of personnel spending: 人员经费 in basic expenditure (预算公开表6 / 公开06表) and
-- basic expenditure in total expenditure, per document.
with economic as (
    select document_id,
           sum(amount) filter (where cost_group = 'personnel' and is_additive) as personnel,
           sum(amount) filter (where cost_group = 'public' and is_additive) as public_costs
    from {{ ref('fact_basic_expenditure_economic') }}
    group by all
),

expenditure as (
    select document_id,
           sum(amount) filter (where expenditure_type = 'basic') as basic,
           sum(amount) as total
    from {{ ref('fact_budget_line') }}
    where is_additive and flow = 'expenditure'
    group by all
)

select
    d.unit_name,
    d.phase,
    d.fiscal_year,
    e.total as total_expenditure,
    e.basic as basic_expenditure,
    x.personnel,
    x.public_costs,
    round(x.personnel / nullif(x.personnel + x.public_costs, 0), 4) as personnel_share_of_basic,
    round(e.basic / nullif(e.total, 0), 4) as basic_share_of_total
from {{ ref('dim_document') }} as d
join expenditure as e using (document_id)
left join economic as x using (document_id)
order by d.unit_name, d.fiscal_year;

-- Q3. "三公"经费 budget vs final: per unit, year and item, the budget (表10) or the 预算数 the
-- final account prints (公开09表) beside the 决算数.
select
    u.unit_name,
    t.fiscal_year,
    t.scope,
    t.item_name,
    t.budget_amount,
    t.final_account_budget_amount,
    t.final_amount,
    t.difference,
    t.execution_rate
from {{ ref('three_public_budget_vs_final') }} as t
join {{ ref('dim_unit') }} as u using (unit_key)
where t.item_code in ('outbound_travel', 'official_reception', 'official_vehicles', 'total')
order by u.unit_name, t.fiscal_year, t.scope, t.sort_order;

-- Q4. Project execution stated by the final account's 绩效自评表: budget, spending, rate, score.
select
    u.unit_name,
    p.fiscal_year,
    p.project_name,
    p.full_year_budget_amount,
    p.full_year_executed_amount,
    p.execution_rate_pct,
    p.total_score,
    p.grade,
    p.deviation_reason
from {{ ref('fact_project_performance') }} as p
join {{ ref('dim_unit') }} as u using (unit_key)
where p.fund_row_code = 'total'
order by p.execution_rate_pct;

-- Q5. Where does the prose disagree with the tables? Every stated figure with a table
-- counterpart that differs beyond rounding, with the line of both sides.
select
    d.file_name,
    s.subject_key,
    s.qualifier,
    s.measure,
    s.stated_value_comparable as stated,
    s.table_value as in_table,
    s.comparison_unit,
    s.table_kind,
    s.stated_source_line,
    s.table_source_line
from {{ ref('int_stated_vs_table') }} as s
join {{ ref('dim_document') }} as d using (document_id)
where s.table_status <> 'table_missing' and not s.is_equal
order by d.file_name, s.figure_index;

-- Q6. Project targets against the project budget: the funds of each 项目支出绩效目标表 (元 → 万元)
-- beside the 预算公开表12 row of the same project.
select
    u.unit_name,
    t.fiscal_year,
    t.project_name,
    t.funds_annual_total_yuan,
    t.funds_annual_total_wan,
    t.table_amount as table_12_amount,
    t.match_status,
    t.indicator_count
from {{ ref('fact_project_target') }} as t
join {{ ref('dim_unit') }} as u using (unit_key)
order by u.unit_name, t.project_index;
