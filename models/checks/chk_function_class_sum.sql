{{ config(schema='checks', materialized='view') }}
-- Function-code hierarchy: a 类 (3-digit) row = Σ its 款 (5-digit) rows, per column, in every
-- table by function code.
{{ checks_code_hierarchy('function_class_sum', ['budget_revenue', 'budget_expenditure', 'budget_general_expenditure', 'budget_fund_expenditure', 'budget_state_capital', 'final_revenue', 'final_expenditure', 'final_general_expenditure', 'final_fund', 'final_state_capital'], 'function', 3) }}
