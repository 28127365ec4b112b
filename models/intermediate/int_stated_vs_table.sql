-- Prose against tables (文字说明与报表勾稽): every stated figure (stg_stated_figures, measure
-- `value` or `share`, not generic) whose subject has a table counterpart in the same document,
-- beside the table amount it should equal, with the source line of both sides.
--
--   value  the stated figure (万元 for money, 元 converted; counts as stated) against one table
--          amount (a printed 合计/总计 cell, a column total, a row, a count of project rows …)
--   share  the stated percentage against 100 × table(subject) / table(base), base = the parent
--          subject ("其中…占…") or the subject's usual base (final accounts: 收入合计/支出合计)
--
-- Which table amount a subject stands for is seed map_stated_selector (phase, subject, optional
-- parent subject → table kind and selector); a subject printed under several parents (上年结转 of
-- 收入总计 / 支出总计 / 预算收入) is told apart by its parent. The table side is looked up in
-- `table_values`, one long relation of selectable amounts per document and table kind.
-- table_status: `printed` (the amount is printed), `not_printed` (the table is present but the
-- cell is empty: zero), `declared_empty` (本表无数据: zero), `table_missing` (the document has no
-- table of that kind: nothing to compare, table_value NULL).
with documents as (
    select document_id, unit_key, fiscal_year, phase from {{ for_batch(ref('int_documents')) }}
),

spec as (
    select phase, subject_key, parent_subject_key, table_kind, selector
    from {{ ref('map_stated_selector') }}
),

-- the usual base of a share stated without a parent ("事业收入…占比99.98%")
share_base as (
    select phase, subject_key, base_subject_key from {{ ref('map_stated_share_base') }}
),

tables as (
    select
        t.document_id,
        t.table_kind,
        min(t.table_index) as table_index,
        min(t.table_no) as table_no,
        min(t.title) as table_title,
        min(t.title_line) as title_line,
        bool_and(t.declared_empty) as declared_empty
    from {{ for_batch(ref('stg_tables')) }} as t
    group by all
),

-- selectable table amounts: (document, table kind, selector, qualifier) → amount, unit, line
summary_values as (
    select
        document_id, table_kind, table_index,
        side || ':' || row_kind || coalesce(':' || income_source_code, '')
            || coalesce('@' || fund_source_code, '') as selector,
        case when row_kind = 'function_class' then label end as qualifier,
        amount, source_line, printed_label as table_label
    from {{ for_batch(ref('int_summary_lines')) }}
    where value_status = 'value'
),

column_total_values as (
    select
        document_id, table_kind, table_index,
        'total@' || fund_source_code || ':' || expenditure_type as selector,
        null as qualifier,
        printed_total as amount, total_source_line as source_line,
        '合计 / ' || column_path as table_label
    from {{ for_batch(ref('int_function_table_totals')) }}
    where printed_total is not null
),

class_values as (
    select
        l.document_id, l.table_kind, l.table_index,
        'class@' || l.fund_source_code || ':' || l.expenditure_type as selector,
        k.function_name as qualifier,
        l.amount, l.source_line, l.printed_name || ' / ' || l.column_path_norm as table_label
    from {{ for_batch(ref('int_function_lines')) }} as l
    join {{ ref('ref_function_class') }} as k
        on cast(k.function_code as varchar) = l.function_code
    where l.function_level = 'class' and not l.is_total_row and l.is_mapped
      and l.value_status = 'value'
),

economic_printed as (
    -- the 合计 row of the economic table, by cost group (人员经费 / 公用经费 / 合计)
    select document_id, table_kind, table_index, cost_group,
        sum(amount) as amount, min(source_line) as source_line
    from {{ for_batch(ref('int_economic_lines')) }}
    where is_total_row and value_status = 'value' and cost_group is not null
    group by all
),

economic_summed as (
    -- else the item rows summed (公开06表 prints no 合计 row per cost group)
    -- (the additive rows of fact_basic_expenditure_economic: item rows, personnel + public)
    select document_id, table_kind, table_index,
        cost_group, sum(amount) as amount, min(source_line) as source_line, count(*) as n
    from {{ for_batch(ref('int_economic_lines')) }}
    where not is_total_row and value_status = 'value' and economic_code is not null
      and not is_class_row and not is_total_column
    group by grouping sets ((document_id, table_kind, table_index, cost_group),
                            (document_id, table_kind, table_index))
),

economic_values as (
    select
        coalesce(p.document_id, s.document_id) as document_id,
        coalesce(p.table_kind, s.table_kind) as table_kind,
        coalesce(p.table_index, s.table_index) as table_index,
        'economic:' || coalesce(p.cost_group, s.cost_group, 'total') as selector,
        null as qualifier,
        coalesce(p.amount, s.amount) as amount,
        coalesce(p.source_line, s.source_line) as source_line,
        case when p.amount is not null then '合计 / ' || coalesce(p.cost_group, 'total')
             else 'Σ item rows / ' || coalesce(s.cost_group, 'total') end as table_label
    from economic_printed as p
    full outer join economic_summed as s
        on s.document_id = p.document_id and s.table_index = p.table_index
       and coalesce(s.cost_group, 'total') = p.cost_group
),

three_public_values as (
    select
        document_id, table_kind, table_index,
        'three_public:' || item_code || '@' || amount_basis as selector,
        null as qualifier,
        sum(amount) as amount, min(source_line) as source_line,
        item_code || ' / ' || amount_basis as table_label
    from {{ for_batch(ref('int_three_public_lines')) }}
    where fund_source_code = 'fiscal_appropriation' and value_status = 'value'
      and item_code is not null
    group by all
),

admin_operating_values as (
    select
        document_id, table_kind, table_index,
        'admin_operating:total' as selector,
        null as qualifier,
        amount, source_line, row_label || ' / ' || column_path_norm as table_label
    from {{ for_batch(ref('int_cell_meaning')) }}
    where cell_role = 'value' and table_kind = 'budget_admin_operating' and is_total_row and value_status = 'value'
      and column_path_norm like '%合计'
    qualify row_number() over (partition by document_id, table_index order by source_line) = 1
),

project_rows as (
    -- project rows of 表12 (a unit row whose name differs from the document's only by the
    -- width of its parentheses is a unit row, not a project)
    select *
    from {{ for_batch(ref('int_project_rows')) }}
    where project_vintage = 'current_year'
),

project_values as (
    select document_id, table_kind, table_index, 'projects:count' as selector, null as qualifier,
        count(*) as amount, min(source_line) as source_line, 'project rows' as table_label
    from project_rows
    group by all
    union all
    select document_id, table_kind, table_index, 'projects:amount', null,
        sum(amount), min(source_line), 'Σ project rows / 合计'
    from project_rows
    group by all
),

project_target_values as (
    select document_id, 'project_targets' as table_kind, min(table_index) as table_index,
        'project_targets:count' as selector, null as qualifier,
        count(*) as amount, min(source_line) as source_line,
        'project target tables' as table_label
    from {{ for_batch(ref('stg_project_targets')) }}
    group by all
    union all
    select document_id, 'project_targets', min(table_index), 'project_targets:amount', null,
        sum(funds_annual_total_yuan) / 10000, min(source_line),
        'Σ 年度资金总额 (元 ÷ 10000)'
    from {{ for_batch(ref('stg_project_targets')) }}
    group by all
),

overall_values as (
    unpivot (
        select document_id, 'overall_targets' as table_kind, table_index, first_line,
            cast(budget_direction_total as decimal(20, 6)) as "overall:direction_total",
            cast(budget_basic_expenditure as decimal(20, 6)) as "overall:basic_expenditure",
            cast(budget_project_expenditure as decimal(20, 6)) as "overall:project_expenditure",
            cast(staff_quota as decimal(20, 6)) as "overall:staff_quota",
            cast(staff_in_post as decimal(20, 6)) as "overall:staff_in_post",
            cast(staff_on_payroll as decimal(20, 6)) as "overall:staff_on_payroll",
            cast(internal_departments as decimal(20, 6)) as "overall:internal_departments"
        from {{ for_batch(ref('stg_overall_targets')) }}
        qualify row_number() over (partition by document_id order by overall_index) = 1
    )
    on columns(* exclude (document_id, table_kind, table_index, first_line))
    into name selector value amount
),

self_evaluation_values as (
    select document_id, 'project_self_evaluation' as table_kind, min(table_index) as table_index,
        'self_evaluations:count' as selector, null as qualifier,
        count(*) as amount, min(first_line) as source_line,
        'self-evaluation tables' as table_label
    from {{ for_batch(ref('stg_self_evaluations')) }}
    group by all
    union all
    select document_id, 'project_self_evaluation', min(table_index),
        'self_evaluations:initial_budget', null,
        sum(initial_budget_compiled * funds_scale), min(funds_line),
        'Σ 年初预算数 / 预算编制数'
    from {{ for_batch(ref('stg_self_evaluations')) }}
    group by all
    union all
    select document_id, 'project_self_evaluation', min(table_index),
        'self_evaluations:grade', grade,
        count(*), min(first_line), 'self-evaluations graded ' || grade
    from {{ for_batch(ref('stg_self_evaluations')) }}
    where grade is not null
    group by all
),

table_values as (
    select document_id, table_kind, table_index, selector, qualifier,
        cast(amount as decimal(24, 8)) as amount, source_line, table_label
    from (
        select * from summary_values
        union all by name select * from column_total_values
        union all by name select * from class_values
        union all by name select * from economic_values
        union all by name select * from three_public_values
        union all by name select * from admin_operating_values
        union all by name select * from project_values
        union all by name select * from project_target_values
        union all by name
        select document_id, table_kind, table_index, selector, null as qualifier, amount,
            first_line as source_line, '整体支出绩效目标申报表 / ' || selector as table_label
        from overall_values
        union all by name select * from self_evaluation_values
    )
    qualify row_number() over (
        partition by document_id, table_kind, selector, coalesce(qualifier, '')
        order by table_index, source_line) = 1
),

stated as (
    select s.*, d.unit_key, d.fiscal_year, d.phase
    from {{ for_batch(ref('stg_stated_figures')) }} as s
    join documents as d using (document_id)
    where not s.is_generic and s.measure in ('value', 'share')
),

-- the counterpart of each stated figure: the spec row of its subject whose parent matches
-- (else the spec row without a parent); chosen on the keys alone, then joined to the wide
-- figure rows (picking among whole rows copies every column of every candidate)
counterpart as (
    select s.document_id, s.figure_index, p.table_kind, p.selector
    from stated as s
    join spec as p
        on p.phase = s.phase and p.subject_key = s.subject_key
       and (p.parent_subject_key is null or p.parent_subject_key = s.parent_subject_key)
    qualify row_number() over (
        partition by s.document_id, s.figure_index
        order by p.parent_subject_key is null) = 1
),

matched as (
    select s.*, c.table_kind, c.selector
    from stated as s
    join counterpart as c using (document_id, figure_index)
),

-- one table side: presence of the table, then the amount (zero when not printed)
sides as (
    select
        m.document_id,
        m.figure_index,
        'numerator' as side,
        m.table_kind,
        m.selector,
        m.qualifier
    from matched as m
    union all
    select
        m.document_id,
        m.figure_index,
        'base',
        p.table_kind,
        p.selector,
        null
    from matched as m
    left join share_base as b on b.phase = m.phase and b.subject_key = m.subject_key
    join spec as p
        on p.phase = m.phase
       and p.subject_key = coalesce(m.parent_subject_key, b.base_subject_key)
       and p.parent_subject_key is null
    where m.measure = 'share'
),

resolved as (
    select
        x.document_id,
        x.figure_index,
        x.side,
        x.table_kind,
        x.selector,
        t.table_index,
        t.table_no,
        t.table_title,
        case
            when t.document_id is null then 'table_missing'
            when v.amount is not null then 'printed'
            when t.declared_empty then 'declared_empty'
            else 'not_printed'
        end as table_status,
        case when t.document_id is not null then coalesce(v.amount, 0) end as amount,
        coalesce(v.source_line, t.title_line) as source_line,
        v.table_label
    from sides as x
    left join tables as t on t.document_id = x.document_id and t.table_kind = x.table_kind
    left join table_values as v
        on v.document_id = x.document_id and v.table_kind = x.table_kind
       and v.selector = x.selector and coalesce(v.qualifier, '') = coalesce(x.qualifier, '')
),

paired as (
    select
        m.*,
        n.table_index,
        n.table_no,
        n.table_title,
        n.table_label,
        n.table_status,
        n.amount as numerator_amount,
        n.source_line as table_source_line,
        b.selector as base_selector,
        b.table_status as base_table_status,
        b.amount as base_amount,
        b.source_line as base_source_line,
        case
            when m.measure = 'value' then n.amount
            when b.amount is not null and b.amount <> 0
                then cast(100 * n.amount / b.amount as decimal(24, 8))
        end as table_value,
        case
            when m.measure = 'value' then coalesce(m.value_wan, m.value)
            else m.value
        end as stated_value_comparable
    from matched as m
    join resolved as n
        on n.document_id = m.document_id and n.figure_index = m.figure_index
       and n.side = 'numerator'
    left join resolved as b
        on b.document_id = m.document_id and b.figure_index = m.figure_index and b.side = 'base'
)

select
    {{ surrogate_key(['document_id', 'figure_index']) }} as stated_figure_key,
    document_id,
    unit_key,
    fiscal_year,
    phase,
    figure_index,
    subject_key,
    qualifier,
    parent_subject_key,
    measure,
    label,
    value as stated_value,
    unit as stated_unit,
    stated_value_comparable,
    case when measure = 'share' then '%' when unit_kind = 'money' then '万元' else unit end
        as comparison_unit,
    source_line as stated_source_line,
    sentence,
    table_kind,
    table_no,
    table_index,
    table_title,
    selector as table_selector,
    table_label,
    table_status,
    numerator_amount as table_amount,
    table_source_line,
    base_selector as share_base_selector,
    base_table_status as share_base_status,
    base_amount as share_base_amount,
    base_source_line as share_base_source_line,
    table_value,
    stated_value_comparable - table_value as difference,
    cast(case when measure = 'share' or unit_kind = 'money' then 0.01 else 0 end
        as decimal(6, 2)) as tolerance,
    case when table_value is not null
         then abs(stated_value_comparable - table_value)
              <= case when measure = 'share' or unit_kind = 'money' then 0.01 else 0 end
    end as is_equal
from paired
