{{ config(materialized='view') }}
-- The side (收入 | 支出) of every column of the 收支总表 kinds. A column whose header's first
-- segment names a side (收入, 本年收入, 收入预算 / 支出, 本年支出, 支出预算: seed map_summary_side) takes it; a column
-- under a header that names none (Shanghai's 财政拨款收支预算总表 prints 项目 | 预算数 | 项目 |
-- 合计 | 一般公共预算 …) is placed by the layout every 收支总表 follows: income on the left,
-- expenditure on the right, each half opening with a label column. Columns left of the second
-- label column are income, the rest expenditure.
with cols as (
    select
        c.document_id,
        c.table_index,
        c.col_index,
        bool_or(c.cell_role = 'label') as is_label,
        min(split_part(coalesce(c.column_path_norm, ''), '/', 1)) as head
    from {{ ref('int_cell_meaning') }} as c
    where c.table_kind in ({{ summary_kinds() }}) and c.cell_role in ('label', 'value')
    group by all
),
named as (
    select
        *,
        {{ first_match('map_summary_side', 'pattern', 'side', 'head') }} as named_side
    from cols
),
second_label as (
    -- the first label column right of a value column: where the expenditure half opens
    select l.document_id, l.table_index, min(l.col_index) as col_index
    from named as l
    where l.is_label and exists (
        select 1 from named as v
        where v.document_id = l.document_id and v.table_index = l.table_index
          and not v.is_label and v.col_index < l.col_index)
    group by all
)
select
    n.document_id,
    n.table_index,
    n.col_index,
    coalesce(
        n.named_side,
        case
            when s.col_index is null then null
            when n.col_index < s.col_index then {{ summary_side('income') }}
            else {{ summary_side('expenditure') }}
        end) as side,
    case when n.named_side is not null then 'header' else 'layout' end as side_source
from named as n
left join second_label as s using (document_id, table_index)
