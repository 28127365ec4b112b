{{ config(schema='checks', materialized='view') }}
-- Income tables (budget 2, final 02). Sources as columns: per row, 合计 (本年收入合计) = Σ the
-- fund-source columns of the same group (一般公共预算 … 单位资金; 财政拨款收入 … 其他收入).
-- Sources as rows (Jiangsu's 收入预算总表: one amount column, each source a block of rows
-- opened by its 小计): 收入总计 = Σ the 小计 rows, and each 小计 = Σ the rows of its block
-- ("其中：" lines are a part of a row above them, not a term).
with by_columns as (
{{ checks_row_columns('revenue_row_sources', ['budget_revenue', 'final_revenue'],
    'revenue_row_total_column') }}
),
by_rows as (
    with kinds as (
        select unnest(['budget_revenue', 'budget_revenue_by_source', 'final_revenue'])
            as table_kind
    ),
    -- a label cell's own words (a block's 小计 beside the block's name, which names the row)
    lab as (
        select c.document_id, c.table_index, c.row_index,
            bool_or(regexp_replace(c.printed_text, '\s+', '', 'g')
                    in {{ label_set('revenue_block_subtotal_row') }}) as is_subtotal,
            bool_or(regexp_replace(c.printed_text, '\s+', '', 'g')
                    in {{ label_set('revenue_grand_total_row') }}) as is_grand,
            min(c.row_label) as row_label,
            min(c.source_line) as line
        from {{ ref('int_cell_meaning') }} as c
        where c.table_kind in (select table_kind from kinds) and c.cell_role = 'label'
          and c.row_code is null
        group by all
    ),
    single_column as (
        select document_id, table_index, min(col) as col
        from {{ ref('chk_values') }}
        where table_kind in (select table_kind from kinds)
        group by all
        having count(distinct col) = 1
    ),
    subtotals as (
        select l.*,
            lead(l.row_index) over (partition by l.document_id, l.table_index
                                    order by l.row_index) as next_row
        from lab as l
        semi join single_column as s using (document_id, table_index)
        where l.is_subtotal
    ),
    grand as (
        select l.*
        from lab as l
        semi join subtotals as s using (document_id, table_index)
        where l.is_grand
    ),
    vals as (
        select v.*
        from {{ ref('chk_values') }} as v
        semi join single_column as s using (document_id, table_index)
    ),
    totals as (
        select g.document_id, g.table_index, 'grand' as key, null as row_code, g.row_label,
            s.col as column_name,
            (select sum(v.amount) from vals v where v.document_id = g.document_id
                and v.table_index = g.table_index and v.row_index = g.row_index) as actual,
            g.line as source_line
        from grand as g
        join single_column as s using (document_id, table_index)
        union all
        select t.document_id, t.table_index, 'block ' || t.row_index, null,
            case when t.row_label = '小计' then '小计' else t.row_label || ' 小计' end,
            s.col,
            (select sum(v.amount) from vals v where v.document_id = t.document_id
                and v.table_index = t.table_index and v.row_index = t.row_index),
            t.line
        from subtotals as t
        join single_column as s using (document_id, table_index)
    ),
    parts as (
        select v.document_id, v.table_index, 'grand' as key, v.col as column_name,
            v.row_label as term, v.printed_text, v.amount, v.source_line, v.row_index,
            v.col_index
        from vals as v
        semi join subtotals as t
            on t.document_id = v.document_id and t.table_index = v.table_index
           and t.row_index = v.row_index
        union all
        select v.document_id, v.table_index, 'block ' || t.row_index, v.col, v.row_label,
            v.printed_text, v.amount, v.source_line, v.row_index, v.col_index
        from vals as v
        join subtotals as t
            on t.document_id = v.document_id and t.table_index = v.table_index
           and v.row_index > t.row_index
           and (t.next_row is null or v.row_index < t.next_row)
        where not v.is_of_which
          and not exists (select 1 from grand as g
                          where g.document_id = v.document_id
                            and g.table_index = v.table_index and g.row_index = v.row_index)
    )
    {{ checks_sum_identity('revenue_row_sources') }}
)
select * from by_columns
union all by name
select * from by_rows
