{{ config(schema='checks', materialized='view') }}
-- Per row of the expenditure tables (budget 3/5/8/9, final 03/05/07/08, Jiangsu's 支出预算总表
-- by use): 合计 (小计, 本年支出合计) = 基本支出 + 项目支出 (+ the final account's 上缴上级支出,
-- 经营支出, 对附属单位补助支出; Jiangsu's 单位预留机动经费, 结转下年资金), within each column group.
{{ checks_row_columns('function_row_columns',
    ['budget_expenditure', 'budget_expenditure_by_use', 'budget_general_expenditure', 'budget_fund_expenditure',
     'budget_state_capital', 'final_expenditure', 'final_general_expenditure', 'final_fund',
     'final_state_capital'],
    'expenditure_row_total_column', 'expenditure_row_part_column') }}
