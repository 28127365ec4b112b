{{ config(schema='checks', materialized='view') }}
-- Basic expenditure by economic classification (budget table 6): per row,
-- 合计 = 人员经费 + 公用经费.
{{ checks_row_columns('economic_total_split', ['budget_basic_by_economic'], 'economic_row_total_column',
    'economic_row_part_column') }}
