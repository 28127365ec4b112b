{{ config(schema='checks', materialized='view') }}
-- 收支总表 (budget and final, 收支总表 and 财政拨款收支总表): 本年收入合计 = Σ income sources
-- (the numbered rows above it on the 收入 side), per income column.
{{ checks_summary_side_total('收入', '本年收入合计', 'summary_income_total') }}
