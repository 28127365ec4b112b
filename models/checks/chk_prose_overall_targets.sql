{{ config(schema='checks', materialized='view') }}
-- Prose (performance targets): the 整体支出绩效目标表's 年度预算 (万元) = the budget: by source
-- (total = 收支总表 收入总计; 一般公共预算 … 单位资金 = its income rows) and by direction (total,
-- 基本支出, 项目支出 = the 合计 row of 预算支出总表).
with targets as (
    select * from {{ ref('stg_overall_targets') }}
),
-- each field of the table and the cell of the budget it must equal (seed map_overall_target_cell)
fields as (
    select field, label, table_kind, row_label, column_path as col, keyword
    from {{ ref('map_overall_target_cell') }}
),
stated as (
    select document_id, table_index, title_line, first_line, 'budget_source_total' as field,
        budget_source_total as amount from targets
    union all select document_id, table_index, title_line, first_line, 'budget_general_budget',
        budget_general_budget from targets
    union all select document_id, table_index, title_line, first_line, 'budget_government_fund',
        budget_government_fund from targets
    union all select document_id, table_index, title_line, first_line, 'budget_state_capital',
        budget_state_capital from targets
    union all select document_id, table_index, title_line, first_line, 'budget_special_account',
        budget_special_account from targets
    union all select document_id, table_index, title_line, first_line, 'budget_unit_funds',
        budget_unit_funds from targets
    union all select document_id, table_index, title_line, first_line, 'budget_direction_total',
        budget_direction_total from targets
    union all select document_id, table_index, title_line, first_line,
        'budget_basic_expenditure', budget_basic_expenditure from targets
    union all select document_id, table_index, title_line, first_line,
        'budget_project_expenditure', budget_project_expenditure from targets
),
budget as (
    select v.document_id, f.field, sum(v.amount) as amount, min(v.source_line) as line,
        min(v.printed_text) as printed
    from {{ ref('chk_values') }} as v
    join fields as f on f.table_kind = v.table_kind and f.row_label = v.label and f.col = v.col
    where v.row_index = (select min(w.row_index) from {{ ref('chk_values') }} w
        where w.document_id = v.document_id and w.table_index = v.table_index
          and w.label = v.label and w.col = v.col)
    group by all
),
text_cells as (
    select document_id, table_index, source_line, printed_text
    from {{ ref('int_cell_meaning') }}
    where cell_role = 'text'
),
comparisons as (
    select
        s.document_id, s.table_index, s.field as row_code, f.label as row_label,
        f.row_label || ' / ' || f.col as column_name,
        coalesce(b.amount, 0) as expected,
        s.amount as actual,
        1 as n_terms,
        -- the line of the target table printing the field's keyword and the stated amount
        coalesce((select min(a.source_line) from text_cells a
            join text_cells k on k.document_id = a.document_id
               and k.table_index = a.table_index and k.source_line = a.source_line
            where a.document_id = s.document_id and a.table_index = s.table_index
              and a.printed_text = format('{:.2f}', s.amount)
              and k.printed_text like '%' || f.keyword || '%'), s.title_line) as source_line,
        '整体支出绩效目标表 (line ' || s.title_line || ') states ' || printf('%.2f', s.amount)
            || '; budget ' || coalesce(b.printed || ' at line ' || b.line, 'empty (0)') as detail
    from stated as s
    join fields as f using (field)
    left join budget as b on b.document_id = s.document_id and b.field = s.field
    where s.amount is not null
)
{{ checks_comparison_select('prose_overall_targets') }}
