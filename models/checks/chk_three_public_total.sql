{{ config(schema='checks', materialized='view') }}
-- 三公 tables: 合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行（维护）费.
-- Items as rows (Shanxi budget table 10): per column, the 合计 row = Σ the item rows.
-- Items as columns (Shanghai's 三公经费和机关运行经费预算表 and final 09, Jiangsu's 三公、会议费、
-- 培训费 table), per row: under each column group (“三公”经费预算数, 预算数 / 决算数, “三公”经费)
-- its 合计 / 小计 column = Σ its item columns (the vehicle item is its 小计 column where the
-- table splits it). A total column heading no group (a bare 合计) is the 三公 total only where
-- the table prints nothing but 三公 items beside it; where it prints other parts beside the 三公
-- group (Jiangsu: 合计 = “三公”经费/小计 + 会议费 + 培训费), it is the total of the group's total
-- and those parts.
-- Shanghai's final layout is read through chk_three_public_values.
-- The items and their parts are those of seed ref_three_public_item (part_of), named by
-- map_three_public_item.
with vals as (
    select *, col_leaf as leaf,
        {{ three_public_item('col_leaf') }} as leaf_item,
        {{ three_public_item(path_leaf('col_parent')) }} as parent_item,
        {{ path_parent('col_parent') }} as grand_parent
    from {{ ref('chk_three_public_values') }}
),
items as (
    select *,
        case when leaf_item in {{ three_public_parts('total') }}
                  and (leaf_item <> 'official_vehicles' or not exists (
                      select 1 from vals as c
                      where c.document_id = v.document_id and c.table_index = v.table_index
                        and c.col_parent = v.col))
                 then col_parent
             when leaf in {{ label_set('subtotal_column') }} and parent_item = 'official_vehicles'
                 then grand_parent
        end as item_group
    from vals as v
),
-- the columns the 三公 items and their parts occupy, per table
three_public_cols as (
    select distinct document_id, table_index, col from items where item_group is not null
    union
    select distinct document_id, table_index, col from vals
    where parent_item = 'official_vehicles'
),
column_totals as (
    select v.*
    from vals as v
    where v.leaf in {{ label_set('subtotal_column') }} and coalesce(v.parent_item, '') <> 'official_vehicles'
      and exists (select 1 from items as i
                  where i.document_id = v.document_id and i.table_index = v.table_index
                    and i.item_group = v.col_parent)
      and (v.col_parent <> '' or not exists (
          select 1 from vals as o
          where o.document_id = v.document_id and o.table_index = v.table_index
            and o.col <> v.col
            and o.col not in (select c.col from three_public_cols as c
                              where c.document_id = o.document_id
                                and c.table_index = o.table_index)))
),
-- a bare 合计 beside a 三公 group that has its own total, and the other parts it adds up
grand_columns as (
    select v.*
    from vals as v
    where v.col in {{ label_set('three_public_total_column') }}
      and not exists (select 1 from column_totals as t
                      where t.document_id = v.document_id and t.table_index = v.table_index
                        and t.col = v.col)
      and exists (select 1 from column_totals as t
                  where t.document_id = v.document_id and t.table_index = v.table_index
                    and t.row_index = v.row_index and t.col_parent <> '')
),
grand_parts as (
    select o.*, g.col as total_col
    from vals as o
    join grand_columns as g
        on g.document_id = o.document_id and g.table_index = o.table_index
       and g.row_index = o.row_index
    where o.col <> g.col
      and (o.col in (select t.col from column_totals as t
                     where t.document_id = o.document_id and t.table_index = o.table_index
                       and t.col_parent <> '')
           or (o.col_parent = '' and o.col not in (select c.col from three_public_cols as c
                                                  where c.document_id = o.document_id
                                                    and c.table_index = o.table_index)))
),
budget_rows as (
    select document_id, table_index, row_index, min(source_line) as line
    from {{ ref('chk_labels') }}
    where table_kind = 'budget_three_public' and cell_role = 'label' and is_total_row
    group by all
),
totals as (
    {{ checks_row_per_column('budget_rows', 'vals', "'合计'") }}
    union all
    select document_id, table_index, row_index || '|' || col_parent, null,
        coalesce(nullif(col_parent, ''), col), col, amount, source_line
    from column_totals
    union all
    select document_id, table_index, row_index || '|all', null, col, col, amount, source_line
    from grand_columns
),
parts as (
    select document_id, table_index, col as key, col as column_name, row_label as term,
        printed_text, amount, source_line, row_index, col_index
    from vals
    where table_kind = 'budget_three_public'
      and {{ three_public_item('label') }} in {{ three_public_parts('total') }}
    union all
    select i.document_id, i.table_index, i.row_index || '|' || i.item_group, t.col, i.col,
        i.printed_text, i.amount, i.source_line, i.row_index, i.col_index
    from items as i
    join column_totals as t
        on t.document_id = i.document_id and t.table_index = i.table_index
       and t.row_index = i.row_index and t.col_parent = i.item_group
    union all
    select document_id, table_index, row_index || '|all', total_col, col, printed_text, amount,
        source_line, row_index, col_index
    from grand_parts
)
{{ checks_sum_identity('three_public_total') }}
