-- Project performance self-evaluation (项目支出绩效自评表, in the final account's 附件): the
-- fund block "项目资金预算安排及执行进度" read by position from the text cells. One row per
-- table × fund row (资金总额 total, 财政拨款, 单位自筹资金 …): 年初预算数 (目标申报数, 预算编制数),
-- 全年预算数, 全年执行数, 资金结(转)余, 执行率 (%), 得分 and 偏差原因.
with cells as (
    select
        c.document_id,
        c.table_index,
        c.row_index,
        c.col_index,
        c.source_line,
        regexp_replace(c.printed_text, '\s+', '', 'g') as txt
    from {{ ref('stg_cells') }} as c
    join {{ ref('stg_tables') }} as t using (document_id, table_index)
    where t.table_kind = 'project_self_evaluation' and c.cell_role = 'text'
),

names as (
    select document_id, table_index, any_value(next_txt) as project_name
    from (
        select *, lead(txt) over (
            partition by document_id, table_index, row_index order by col_index) as next_txt
        from cells
    )
    where txt = '项目名称'
    group by all
),

block as (
    -- the rows between the fund-block header and the performance-target block
    select document_id, table_index,
           min(row_index) filter (where txt like '项目资金预算安排%') as first_row,
           min(row_index) filter (where txt like '项目年度绩效目标%'
                                   or txt like '年度总体目标%') as end_row,
           max(case when txt like '%(万元)%' then 1.0
                    when txt like '%(元)%' then 0.0001 end) as scale
    from cells
    group by all
),

fund_rows as (
    select c.document_id, c.table_index, c.row_index,
           min_by(c.txt, c.col_index) as fund_label,
           min(c.source_line) as source_line
    from cells as c
    join block as b using (document_id, table_index)
    where c.row_index > b.first_row and (b.end_row is null or c.row_index < b.end_row)
      and (c.txt like '%资金%' or c.txt like '%拨款%' or c.txt like '%其他%')
      and not regexp_matches(c.txt, '^-?[0-9.]+%?$')
    group by all
),

numbers as (
    select
        c.document_id, c.table_index, c.row_index,
        row_number() over (
            partition by c.document_id, c.table_index, c.row_index order by c.col_index) as ordinal,
        cast(replace(c.txt, '%', '') as decimal(18, 6)) as number
    from cells as c
    join fund_rows as f using (document_id, table_index, row_index)
    where regexp_matches(c.txt, '^-?[0-9]+(\.[0-9]+)?%?$')
),

reasons as (
    select c.document_id, c.table_index, c.row_index, string_agg(c.txt, ' ') as deviation_reason
    from cells as c
    join fund_rows as f using (document_id, table_index, row_index)
    where not regexp_matches(c.txt, '^-?[0-9]+(\.[0-9]+)?%?$') and c.txt <> f.fund_label
    group by all
)

select
    f.document_id,
    f.table_index,
    f.row_index,
    f.source_line,
    n.project_name,
    f.fund_label,
    case
        when f.fund_label like '资金总额%' then 'total'
        when f.fund_label like '%财政拨款%' then 'fiscal_appropriation'
        when f.fund_label like '%上年结转%' then 'prior_year_carryover'
        when f.fund_label like '%自筹%' or f.fund_label like '%单位资金%' then 'unit_funds'
        else 'other'
    end as fund_row_code,
    b.scale,
    max(x.number * b.scale) filter (where x.ordinal = 1) as initial_declared_amount,
    max(x.number * b.scale) filter (where x.ordinal = 2) as initial_budget_amount,
    max(x.number * b.scale) filter (where x.ordinal = 3) as full_year_budget_amount,
    max(x.number * b.scale) filter (where x.ordinal = 4) as full_year_executed_amount,
    max(x.number * b.scale) filter (where x.ordinal = 5) as balance_amount,
    max(x.number) filter (where x.ordinal = 6) as execution_rate_pct,
    max(x.number) filter (where x.ordinal = 7) as score,
    any_value(r.deviation_reason) as deviation_reason
from fund_rows as f
join block as b using (document_id, table_index)
left join names as n using (document_id, table_index)
left join numbers as x using (document_id, table_index, row_index)
left join reasons as r using (document_id, table_index, row_index)
group by all
