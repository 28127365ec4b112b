{{ config(schema='checks', materialized='view') }}
-- Final accounts: each 三公 item's 决算数 is at most its 预算数, both printed in the 三公 table
-- (公开09表; Shanghai's 公开07表 read through chk_three_public_values). Spending above the
-- budget needs an adjustment the document must explain.
with vals as (
    -- side: 预算数 or 决算数, the first segment of the column path (in place of chk_values' side)
    select * exclude (side), split_part(col, '/', 1) as side,
        regexp_replace(col, '^[^/]*/?', '') as item
    from {{ ref('chk_three_public_values') }}
    where table_kind = 'final_three_public'
),
comparisons as (
    select
        f.document_id, f.table_index, null as row_code, coalesce(f.row_label, f.item) as row_label,
        f.item as column_name, b.amount as expected, f.amount as actual, 1 as n_terms,
        f.source_line,
        '决算数 ' || f.printed_text || ' (line ' || f.source_line || ') against 预算数 '
            || b.printed_text || ' (line ' || b.source_line || ')' as detail
    from vals as f
    join vals as b
        on b.document_id = f.document_id and b.table_index = f.table_index
       and b.row_index = f.row_index and b.item = f.item and b.side = '预算数'
    where f.side = '决算数'
)
{{ checks_comparison_select('three_public_final_within_budget', at_most=true) }}
