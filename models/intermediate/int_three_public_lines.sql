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
    from {{ for_batch(ref('int_value_cells')) }}
    where table_kind in ('budget_three_public', 'final_three_public')
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
    case
        when item_label like '%因公出国%' then 'outbound_travel'
        when item_label like '%公务接待%' then 'official_reception'
        when item_label like '%购置及运行%' then 'official_vehicles'
        when item_label = '小计' and item_group like '%公务用车%' then 'official_vehicles'
        when item_label like '%公务用车购置费%' then 'vehicle_purchase'
        when item_label like '%运行维护费%' then 'vehicle_operation'
        when item_label in ('合计', '总计') then 'total'
    end as item_code,
    case
        when table_kind = 'budget_three_public' then 'budget'
        when split_part(column_path_norm, '/', 1) = '预算数' then 'budget'
        when split_part(column_path_norm, '/', 1) = '决算数' then 'final'
    end as amount_basis,
    case
        when table_kind = 'final_three_public' then 'fiscal_appropriation'
        when column_path_norm like '%/合计' then 'fiscal_appropriation'
        when column_path_norm like '%/一般公共预算' then 'general_public_budget'
        when column_path_norm like '%/政府性基金预算' then 'government_fund_budget'
        when column_path_norm like '%/国有资本经营预算' then 'state_capital_budget'
    end as fund_source_code,
    table_kind = 'budget_three_public' and column_path_norm like '%/合计' as is_total_column,
    value_status,
    amount
from cells
