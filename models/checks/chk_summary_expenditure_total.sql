{{ config(schema='checks', materialized='view') }}
-- 收支总表 (budget and final, 收支总表 and 财政拨款收支总表): the expenditure side's year total
-- (本年支出合计, 当年支出小计) = Σ function classes or uses (the numbered rows above it), per
-- expenditure column.
{{ checks_summary_side_total('支出', 'summary_expenditure_total') }}
