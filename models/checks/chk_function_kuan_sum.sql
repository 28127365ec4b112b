{{ config(schema='checks', materialized='view') }}
-- Function-code hierarchy: a 款 (5-digit) row = Σ its 项 (7-digit) rows, per column, in every
-- table by function code.
{{ checks_code_hierarchy('function_kuan_sum', ['budget_revenue', 'budget_expenditure', 'budget_general_expenditure', 'budget_fund_expenditure', 'budget_state_capital', 'final_revenue', 'final_expenditure', 'final_general_expenditure', 'final_fund', 'final_state_capital'], 'function', 5) }}
