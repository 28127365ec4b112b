{{ config(schema='checks', materialized='view') }}
-- Project total = 项目支出 of the 支出总表: the department (first) row's 合计 of the project
-- tables (12 本年预算 + 13 上年结转) = the 合计 row's 项目支出 of 预算支出总表 (table 3). A document
-- whose template has no project tables (Shanghai's district budgets) has nothing to compare;
-- one that should print them and does not is doc_tables_complete's finding.
with first_rows as (
    select document_id, table_index, table_kind, min(row_index) as row_index
    from {{ ref('chk_values') }}
    where table_kind in ('budget_projects_current', 'budget_projects_carryover')
    group by all
),
expected_side as (
    select v.document_id, min(v.table_index) as table_index, 'total' as key,
        null as row_code, min(v.row_label) as row_label, '合计' as column_name,
        sum(v.amount) as amount, string_agg(v.printed_text, ' + ' order by v.source_line, v.col_index) as printed_text,
        min(v.source_line) as source_line, '项目支出预算表' as table_title
    from {{ ref('chk_values') }} as v
    join first_rows as f using (document_id, table_index, row_index)
    where v.col = '合计'
    group by v.document_id
),
actual_side as (
    select v.document_id, v.table_index, 'total' as key, null as row_code,
        '合计' as row_label, v.col as column_name, v.amount, v.printed_text, v.source_line,
        null as table_title
    from {{ ref('chk_values') }} as v
    join {{ ref('stg_documents') }} as d using (document_id)
    where v.table_kind = 'budget_expenditure' and v.is_total_row
      and v.col_leaf = '项目支出'
      and d.template in (select template from {{ ref('ref_template_table') }}
                         where table_kind in ('budget_projects_current',
                                              'budget_projects_carryover'))
)
{{ checks_pair('project_total_vs_expenditure', 'Σ department rows of the project tables') }}
