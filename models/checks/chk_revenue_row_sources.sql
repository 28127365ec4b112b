{{ config(schema='checks', materialized='view') }}
-- Per row of the income tables (budget 2, final 02): 合计 (本年收入合计) = Σ the fund-source
-- columns of the same group (一般公共预算 … 单位资金; 财政拨款收入 … 其他收入).
{{ checks_row_columns('revenue_row_sources', ['budget_revenue', 'final_revenue'],
    ['合计', '本年收入合计']) }}
