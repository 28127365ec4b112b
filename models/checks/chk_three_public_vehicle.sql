{{ config(schema='checks', materialized='view') }}
-- 三公 tables: 公务用车购置及运行（维护）费 = 公务用车购置费 + 公务用车运行（维护）费.
-- Items as rows (Shanxi budget table 10): per column. Items as columns (Shanghai budget and
-- final 09, Jiangsu): per row, the vehicle group's 小计 column = Σ its 购置 / 运行 columns
-- (购置费, 运行费, 公务用车购置费, 公务用车运行维护费 …).
-- Shanghai's final layout is read through chk_three_public_values.
with vals as (
    select *, {{ three_public_item(path_leaf('col_parent')) }} as parent_item,
        {{ three_public_item('col_leaf', path_leaf('col_parent')) }} as leaf_item
    from {{ ref('chk_three_public_values') }}
),
budget_rows as (
    select document_id, table_index, row_index, min(source_line) as line, min(row_label) as lbl
    from {{ ref('chk_labels') }}
    where table_kind = 'budget_three_public' and cell_role = 'label'
      and {{ three_public_item('label') }} = 'official_vehicles'
    group by all
),
totals as (
    {{ checks_row_per_column('budget_rows', 'vals', "r.lbl") }}
    union all
    select v.document_id, v.table_index, v.row_index || '|' || v.col_parent, null,
        split_part(v.col_parent, '/', 1), v.col, v.amount, v.source_line
    from vals as v
    where v.col_leaf in {{ label_set('subtotal_column') }} and v.parent_item = 'official_vehicles'
),
parts as (
    select document_id, table_index, col as key, col as column_name, row_label as term,
        printed_text, amount, source_line, row_index, col_index
    from vals
    where table_kind = 'budget_three_public'
      and {{ three_public_item('label') }} in {{ three_public_parts('official_vehicles') }}
    union all
    select document_id, table_index, row_index || '|' || col_parent,
        col_parent || '/' || (select any_value(t.col_leaf) from vals as t
            where t.document_id = v.document_id and t.table_index = v.table_index
              and t.col_parent = v.col_parent and t.col_leaf in {{ label_set('subtotal_column') }}),
        col_leaf, printed_text, amount, source_line, row_index, col_index
    from vals as v
    where parent_item = 'official_vehicles'
      and leaf_item in {{ three_public_parts('official_vehicles') }}
)
{{ checks_sum_identity('three_public_vehicle') }}
