-- The measure each column of the function-coded and summary tables holds: one row per table
-- kind and normalised column path the value cells print. A path the exact mapping (seed
-- map_column_measure) names takes its row; any other path is read from its words (seed
-- map_column_word): the flow of its first segment that names one (收入, 本年支出, 上年结转 …),
-- the fund source of its last segment that names one (一般公共预算, 政府性基金预算, 财政拨款收入 …),
-- the expenditure type of its last segment (合计 total, 基本支出 basic, 项目支出 project), the
-- kind's own flow and fund source (seed map_kind_measure) where the words name none; a total
-- column is a total word under no fund narrower than the kind's. A path
-- whose last segment names no measure (no known word, or only a flow: 收入) is left unmapped.
with paths as (
    select distinct table_kind, column_path_norm as column_path
    from {{ ref('int_cell_meaning') }}
    where cell_role = 'value' and table_kind in (select table_kind from {{ ref('map_kind_measure') }})
),

segments as (
    select
        table_kind,
        column_path,
        unnest(parts) as segment,
        generate_subscripts(parts, 1) as position,
        len(parts) as depth
    from (select *, string_split(column_path, '/') as parts from paths)
),

words as (
    select
        s.table_kind,
        s.column_path,
        arg_min(w.flow, s.position) filter (where w.flow is not null) as word_flow,
        arg_max(w.fund_source_code, s.position)
            filter (where w.fund_source_code is not null) as word_fund,
        max(w.expenditure_type) filter (where s.position = s.depth) as leaf_type,
        coalesce(bool_or(w.is_total_word) filter (where s.position = s.depth), false)
            as leaf_is_total,
        -- the last segment names a measure (a fund, an expenditure type, a total), not only a
        -- flow: a bare 收入 / 支出 column is no measure of its own
        bool_or(s.position = s.depth and (w.fund_source_code is not null
            or w.expenditure_type is not null or w.is_total_word)) as leaf_known
    from segments as s
    left join {{ ref('map_column_word') }} as w on w.word = s.segment
    group by all
),

derived as (
    select
        w.table_kind,
        w.column_path,
        coalesce(w.word_flow, k.flow) as flow,
        coalesce(w.word_fund, k.fund_source_code) as fund_source_code,
        case
            when coalesce(w.word_flow, k.flow) <> 'expenditure' then 'none'
            else coalesce(w.leaf_type, 'total')
        end as expenditure_type,
        -- a total word under no fund narrower than the kind's own
        w.leaf_is_total and coalesce(w.word_fund = k.fund_source_code, true) as is_total_column
    from words as w
    join {{ ref('map_kind_measure') }} as k using (table_kind)
    where w.leaf_known
)

select
    p.table_kind,
    p.column_path,
    case when m.table_kind is not null then 'exact' else 'words' end as mapped_by,
    coalesce(m.flow, d.flow) as flow,
    coalesce(m.fund_source_code, d.fund_source_code) as fund_source_code,
    coalesce(m.expenditure_type, d.expenditure_type) as expenditure_type,
    coalesce(m.is_total_column, d.is_total_column) as is_total_column
from paths as p
left join {{ ref('map_column_measure') }} as m
    on m.table_kind = p.table_kind and m.column_path = p.column_path
left join derived as d
    on d.table_kind = p.table_kind and d.column_path = p.column_path
where m.table_kind is not null or d.table_kind is not null
