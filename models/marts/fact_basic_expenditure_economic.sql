-- fact_basic_expenditure_economic: basic expenditure (基本支出) of the general public budget by
-- economic classification (部门预算支出经济分类), from the budget's 预算公开表6 and the final
-- account's 公开06表. Grain: document × economic code × cost group (人员经费 personnel /
-- 公用经费 public / 合计 total, the last only in the budget table). Amounts in 万元.
-- No amount counted twice: sum(amount) where is_additive (item rows, personnel + public columns)
-- reproduces the table's 合计 (within rounding).
select
    {{ surrogate_key(['document_id', 'table_index', 'row_index', 'col_index']) }}
        as economic_line_key,
    document_id,
    unit_key,
    fiscal_year,
    phase,
    economic_code,
    case when length(economic_code) = 3 then 'class' else 'item' end as economic_level,
    left(economic_code, 3) as economic_class_code,
    code_source,
    gov_economic_code,
    gov_economic_printed_name,
    cost_group,
    is_total_column,
    not is_class_row and not is_total_column as is_additive,
    cast(amount as decimal(18, 6)) as amount,
    {{ source_lineage() }},
    printed_name
from {{ for_batch(ref('int_economic_lines')) }}
where not is_total_row and value_status = 'value' and economic_code is not null
