{{ config(schema='checks', materialized='view') }}
-- 收支总表 (budget and final, 收支总表 and 财政拨款收支总表): the income side's year total
-- (本年收入合计, 当年收入小计) = Σ income sources (the numbered rows above it), per income column.
{{ checks_summary_side_total('收入', 'summary_income_total') }}
