{{ config(schema='checks', materialized='view') }}
-- The amounts of the 三公 tables (budget table 10, Jiangsu's 三公、会议费、培训费 table,
-- final-account table 09) with their columns in one order: Shanghai's 公开07表 prints the 预算数 / 决算数 pair under each item
-- (财政拨款“三公”经费/合计/预算数); its columns are rewritten in the Shanxi order (预算数/合计).
with base as (
    select *,
        case when table_kind = 'final_three_public' and col_leaf in ('预算数', '决算数')
            then col_leaf || '/' || regexp_replace(col_parent, '^财政拨款[^/]*经费/', '')
            else col end as ccol
    from {{ ref('chk_values') }}
    where table_kind in ('budget_three_public', 'budget_three_public_meetings', 'final_three_public')
)

select * exclude (col, col_leaf, col_parent, ccol), ccol as col,
    {{ path_leaf('ccol') }} as col_leaf, {{ path_parent('ccol') }} as col_parent
from base
