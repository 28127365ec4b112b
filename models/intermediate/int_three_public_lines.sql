-- "三公"经费: the budget's 预算公开表10 (items as rows, fund sources as columns) and the final
-- account's 公开09表 (items as columns, 预算数 beside 决算数). One row per value cell, the item
-- named by a code: outbound_travel 因公出国（境）费, official_reception 公务接待费,
-- official_vehicles 公务用车购置及运行（维护）费, vehicle_purchase 公务用车购置费,
-- vehicle_operation 公务用车运行维护费, total 合计.
with cells as (
    select
        *,
        case when table_kind = 'budget_three_public' then row_label_norm
             else {{ normalize_label("regexp_extract(column_path_norm, '[^/]+$')") }}
        end as item_label,
        case when table_kind = 'final_three_public'
             then split_part(column_path_norm, '/', 2) end as item_group
    from {{ for_batch(ref('int_cell_meaning')) }}
    where cell_role = 'value' and table_kind in ('budget_three_public', 'final_three_public')
),

column_meanings as (
    {{ column_fund_sources('cells') }}
),

-- the item each distinct label names under its group (seed map_three_public_item)
items as (
    select item_label, item_group, {{ three_public_item('item_label', 'item_group') }} as item_code
    from (select distinct item_label, item_group from cells)
)

select
    document_id,
    table_index,
    table_kind,
    table_no,
    phase,
    fiscal_year,
    unit_key,
    row_index,
    col_index,
    source_line,
    row_label,
    column_path,
    column_path_norm,
    i.item_code,
    f.amount_basis,
    f.fund_source_code,
    coalesce(f.is_total_column, false) as is_total_column,
    value_status,
    amount
from cells as c
left join items as i
    on i.item_label is not distinct from c.item_label
   and i.item_group is not distinct from c.item_group
left join column_meanings as f using (table_kind, column_path_norm)
