-- Value cells of the summary tables laid out by named rows (预算公开表1 预算收支总表, 表4
-- 财政拨款收支总表, 公开01 收入支出决算总表, 公开04 财政拨款收入支出决算总表): income rows by
-- source, expenditure rows by function class (named without a code: resolved here to the class
-- code), totals and carry-overs.
with cells as (
    select
        v.*,
        -- the side the column's header or the table's layout gives (int_summary_columns), else
        -- the flow its words give (Shanghai's 本年收入/预算数, 本年支出/预算数)
        coalesce(
            s.side,
            f.side,
            split_part(v.column_path_norm, '/', 1)) as side
    from {{ for_batch(ref('int_cell_meaning')) }} as v
    left join {{ ref('int_summary_columns') }} as s
        on s.document_id = v.document_id and s.table_index = v.table_index
       and s.col_index = v.col_index
    left join {{ ref('int_column_measures') }} as m
        on m.table_kind = v.table_kind and m.column_path = v.column_path_norm
    left join {{ ref('map_summary_side') }} as f on f.flow = m.flow
    where v.cell_role = 'value' and v.table_kind in ({{ summary_kinds() }})
),

classes as (
    select function_code, function_name from {{ ref('ref_function_class') }}
),

-- the income source each distinct label names (seed map_income_source_label)
income_sources as (
    select label,
        {{ first_match('map_income_source_label', 'label_pattern', 'income_source_code', 'label') }}
            as income_source_code
    from (select distinct row_label_norm as label from cells)
)

select
    {{ cell_context('c') }},
    sd.flow as side,
    c.row_label as printed_label,
    c.row_label_norm as label,
    c.row_line_no,
    k.function_code as class_code,
    case
        when c.row_role is not null then c.row_role
        when k.function_code is not null and c.side = {{ summary_side('expenditure') }}
            then 'function_class'
        when c.side = {{ summary_side('income') }} then 'income_source'
        else 'other'
    end as row_kind,
    case when c.side <> {{ summary_side('income') }} then null else i.income_source_code end
        as income_source_code,
    {{ cell_measure('c', 'm') }}
from cells as c
left join classes as k on k.function_name = c.row_label_norm
left join income_sources as i on i.label = c.row_label_norm
left join {{ ref('int_column_measures') }} as m
    -- the summary selectors (int_stated_vs_table) key on the exact mapping's measures
    on m.table_kind = c.table_kind and m.column_path = c.column_path_norm
   and m.mapped_by = 'exact'
left join {{ ref('map_summary_side') }} as sd on sd.side = c.side
