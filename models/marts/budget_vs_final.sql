-- budget_vs_final: for every unit, fiscal year, scope, function code and expenditure type, the
-- budget (预算公开表3 预算支出总表) beside the final account (公开03表 支出决算表), with the difference
-- and the execution rate (执行率). Rows where only one side exists are kept and marked:
--   comparison_status = 'both' | 'budget_only' | 'final_only'
-- When both documents exist, a code missing on one side counts as zero there (empty cells mean
-- zero); when a document is missing altogether, difference and rate stay NULL. A department's
-- documents (部门, its units included) and the unit's own (单位, 本级) are compared each with its
-- kind and never added together; each row names the first document and line it reads.
with sides as (
    select l.phase, l.unit_key, l.fiscal_year, d.scope, l.function_code, l.expenditure_type,
           sum(l.amount) as amount, min(l.document_id) as document_id,
           arg_min(l.source_line, (l.document_id, l.source_line)) as source_line
    from {{ ref('fact_budget_line') }} as l
    join {{ ref('int_documents') }} as d using (document_id)
    where l.flow = 'expenditure'
      and (l.phase = 'budget' and l.source_table_kind = 'budget_expenditure'
           or l.phase = 'final_account' and l.source_table_kind = 'final_expenditure')
    group by all
),

budget as (select * exclude (phase) from sides where phase = 'budget'),

final as (select * exclude (phase) from sides where phase = 'final_account'),

documents as (
    select unit_key, fiscal_year, scope,
           bool_or(phase = 'budget') as has_budget_document,
           bool_or(phase = 'final_account') as has_final_document
    from {{ ref('int_documents') }}
    group by all
),

joined as (
    select
        coalesce(b.unit_key, f.unit_key) as unit_key,
        coalesce(b.fiscal_year, f.fiscal_year) as fiscal_year,
        coalesce(b.scope, f.scope) as scope,
        coalesce(b.function_code, f.function_code) as function_code,
        coalesce(b.expenditure_type, f.expenditure_type) as expenditure_type,
        b.amount as budget_amount,
        f.amount as final_amount,
        b.document_id as budget_document_id,
        f.document_id as final_document_id,
        b.source_line as budget_source_line,
        f.source_line as final_source_line
    from budget as b
    full outer join final as f
        on b.unit_key = f.unit_key and b.fiscal_year = f.fiscal_year and b.scope = f.scope
        and b.function_code = f.function_code and b.expenditure_type = f.expenditure_type
)

select
    {{ surrogate_key(['j.unit_key', 'j.fiscal_year', 'j.scope', 'j.function_code',
                      'j.expenditure_type']) }} as comparison_key,
    j.unit_key,
    j.fiscal_year,
    j.scope,
    j.function_code,
    {{ function_level('j.function_code') }} as function_level,
    j.expenditure_type,
    case
        when j.budget_amount is not null and j.final_amount is not null then 'both'
        when j.budget_amount is not null then 'budget_only'
        else 'final_only'
    end as comparison_status,
    d.has_budget_document,
    d.has_final_document,
    j.budget_amount,
    j.final_amount,
    case when d.has_budget_document and d.has_final_document
         then coalesce(j.final_amount, 0) - coalesce(j.budget_amount, 0) end as difference,
    case when d.has_budget_document and d.has_final_document and coalesce(j.budget_amount, 0) <> 0
         then round(coalesce(j.final_amount, 0) / j.budget_amount, 4) end as execution_rate,
    j.budget_document_id,
    j.final_document_id,
    j.budget_source_line,
    j.final_source_line
from joined as j
join documents as d using (unit_key, fiscal_year, scope)
