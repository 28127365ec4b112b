-- fact_three_public: "三公"经费 (official travel abroad, official reception, official vehicles)
-- from the budget's 预算公开表10 and the final account's 公开09表 (which prints 预算数 beside
-- 决算数). Grain: document × item × amount basis (budget / final) × fund source.
select
    {{ surrogate_key(['document_id', 'table_index', 'row_index', 'col_index']) }}
        as three_public_line_key,
    document_id,
    unit_key,
    fiscal_year,
    phase,
    item_code,
    amount_basis,
    fund_source_code,
    is_total_column,
    item_code not in ('total', 'official_vehicles') and not is_total_column as is_additive,
    cast(amount as decimal(18, 6)) as amount,
    {{ source_lineage() }}
from {{ for_batch(ref('int_three_public_lines')) }}
where value_status = 'value' and item_code is not null
