-- quarantine_rows: the rows a fact left out because they break its grain, with where they were
-- printed and why (see int_budget_lines). Each is also a finding of the check `fact_grain`.
with quarantined as (
    select
        *,
        flow || ':' || fund_source_code || ':' || expenditure_type as measure
    from {{ for_batch(ref('int_budget_lines')) }}
    where grain_verdict <> 'kept'
)

select
    {{ surrogate_key(["'fact_budget_line'", 'l.document_id', 'l.table_index', 'l.row_index',
                      'l.col_index']) }} as quarantine_key,
    'fact_budget_line' as fact_name,
    l.document_id,
    d.file_name,
    l.table_index,
    l.table_kind,
    l.row_index,
    l.col_index,
    l.source_line,
    l.column_path,
    l.printed_name,
    l.function_code,
    l.measure,
    l.amount,
    l.grain_verdict as reason_code,
    case l.grain_verdict
        when 'repeat' then 'repeats line ' || l.grain_first_line || ': function code '
            || l.function_code || ' and measure ' || l.measure || ' with the same amount'
        else l.grain_rows || ' cells of this table give function code ' || l.function_code
            || ' and measure ' || l.measure || ' different amounts (first on line '
            || l.grain_first_line || ')'
    end as reason
from quarantined as l
join {{ ref('int_documents') }} as d using (document_id)
