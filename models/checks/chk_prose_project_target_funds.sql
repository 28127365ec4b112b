{{ config(schema='checks', materialized='view') }}
-- Prose (performance targets): each 项目支出绩效目标表's 年度资金总额 (元, converted to 万元)
-- = the 合计 of the project of the same name in the project tables (12 本年预算, 13 上年结转;
-- names compared without white space and quotes). A target table whose project is not in the
-- project tables is compared with 0.
with targets as (
    select t.*, t.funds_annual_total_yuan as funds_annual_total,
        regexp_replace(t.project_name, '[\s“”"‘’'']+', '', 'g') as name_key
    from {{ ref('stg_project_targets') }} as t
),
projects as (
    select v.document_id, v.table_index, v.row_index, v.source_line, v.amount,
        v.printed_text, v.row_label,
        regexp_replace(v.row_label, '[\s“”"‘’'']+', '', 'g') as name_key
    from {{ ref('chk_values') }} as v
    where v.table_kind in ('budget_projects_current', 'budget_projects_carryover')
      and v.col = '合计'
),
comparisons as (
    select
        t.document_id, t.table_index, null as row_code,
        t.project_name as row_label,
        '年度资金总额 (元 → 万元)' as column_name,
        coalesce((select sum(p.amount) from projects p where p.document_id = t.document_id
            and p.name_key = t.name_key), 0) as expected,
        t.funds_annual_total / 10000 as actual,
        1 as n_terms,
        t.source_line,
        'target table at line ' || t.source_line || ': ' || coalesce(
            printf('%.0f', t.funds_annual_total) || '元', 'no annual funds') || '; project table: '
            || coalesce((select string_agg(p.printed_text || '万元 (line ' || p.source_line
                || ')', ' + ' order by p.source_line) from projects p where p.document_id = t.document_id
                and p.name_key = t.name_key), 'no project of this name') as detail
    from targets as t
    where t.funds_annual_total is not null
)
{{ checks_comparison_select('prose_project_target_funds') }}
