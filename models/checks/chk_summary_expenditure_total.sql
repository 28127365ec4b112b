{{ config(schema='checks', materialized='view') }}
-- 收支总表 (budget and final, 收支总表 and 财政拨款收支总表): 本年支出合计 = Σ expenditure
-- classes (the numbered rows above it on the 支出 side), per expenditure column.
{{ checks_summary_side_total('支出', '本年支出合计', 'summary_expenditure_total') }}
