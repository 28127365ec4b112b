-- dim_fund_source: fund sources (资金来源), final-account income kinds and balances.
select
    fund_source_code,
    fund_source_name,
    name_en,
    fund_source_group,
    sort_order
from {{ ref('ref_fund_source') }}
