{{ config(schema='checks', materialized='view') }}
-- Prose against tables: every total, split and count the prose states (raw.stated_figures,
-- measure 'value', labelled with a subject) = the figure of the table that holds it. The
-- mapping subject -> (table kind, row label, column) is seed map_stated_cell; a figure
-- whose table is printed but whose cell is empty is compared with 0. Amounts in 元 are
-- converted to 万元. Counts: 纳入绩效目标管理的二级项目 = projects of table 12 + 13, 公开项目
-- 绩效目标 = target tables printed; 涉及项目金额 = Σ annual funds of the target tables.
-- Other templates print the same figure under another row or column: the seed's rows of
-- preference 1 list them (Shanghai's 收入支出决算总表 收入/决算数 and 支出/决算数, its 一般公共预算财政拨款支出决算表
-- 合计 without the 本年支出 level; Jiangsu's 收支预算总表 当年收入小计 in 收入/金额). A figure
-- is compared with the first of its mapping and alternatives that the table prints.
with primary_mapping as (
    select doc_kind, subject, table_kind, row_label as label, column_path as col
    from {{ ref('map_stated_cell') }} where preference = 0
),
alternatives as (
    select doc_kind, subject, table_kind, row_label as label, column_path as col
    from {{ ref('map_stated_cell') }} where preference > 0
),
-- Columns read by what they hold rather than their path (int_column_measures): the
-- expenditure total, basic and project columns of a template that heads them otherwise
-- (Shanghai's 支出预算/合计, 支出预算/基本支出, 一般公共预算支出/合计); seed map_stated_measure_cell.
measure_subjects as (
    select doc_kind, subject, table_kind, row_label as label, flow, expenditure_type
    from {{ ref('map_stated_measure_cell') }}
),
measure_alternatives as (
    select s.doc_kind, s.subject, s.table_kind, s.label, m.column_path as col
    from measure_subjects as s
    join {{ ref('int_column_measures') }} as m
        on m.table_kind = s.table_kind and m.flow = s.flow
       and m.expenditure_type = s.expenditure_type
       and (s.expenditure_type not in ('total', 'none') or m.is_total_column)
),
-- A 三公 table printed the other way round (Shanghai: the items as columns over one row of
-- amounts, "“三公”经费预算数/公务接待费"): the item is the column, under a row without label; a
-- column heading its parts (公务用车购置及运行费/小计) stands for its parent.
three_public_columns as (
    select distinct col, replace(replace(col_leaf, '（', '('), '）', ')') as leaf,
        replace(replace(regexp_extract(col, '([^/]*)/[^/]*$', 1), '（', '('), '）', ')')
            as parent
    from {{ ref('chk_values') }}
    where table_kind = 'budget_three_public' and label = ''
),
transposed_alternatives as (
    select p.doc_kind, p.subject, p.table_kind, '' as label, c.col
    from primary_mapping as p
    join three_public_columns as c
        on c.leaf = p.label or (c.leaf in ('小计', '合计') and c.parent = p.label)
        -- a sub-header shortened under its parent: 购置费 under 公务用车购置及运行费
        or (length(p.label) > length(c.leaf) and ends_with(p.label, c.leaf)
            and starts_with(c.parent, left(p.label, length(p.label) - length(c.leaf))))
    where p.table_kind = 'budget_three_public'
),
mapping as (
    select *, 0 as alternative from primary_mapping
    union all
    select *, 1 as alternative from alternatives
    union all
    select *, 2 as alternative from measure_alternatives
    union all
    select *, 2 as alternative from transposed_alternatives
),
figures as (
    select f.*, f.subject_key as subject, d.doc_kind,
        cast(coalesce(f.value_wan, f.value) as double) as amount
    from {{ ref('stg_stated_figures') }} as f
    join {{ ref('stg_documents') }} as d using (document_id)
    where f.measure = 'value' and not f.is_generic
),
vals as (
    select *, replace(replace(label, '（', '('), '）', ')') as label_hw
    from {{ ref('chk_values') }}
),
mapped_vals as (
    -- the cells a mapping can name (a few of the millions of amounts)
    select v.document_id, v.table_index, v.label_hw, v.col, v.row_index, v.amount,
        v.source_line
    from vals as v
    semi join mapping as m on m.label = v.label_hw and m.col = v.col
),
mapped_first_rows as (
    select document_id, table_index, label_hw, col, min(row_index) as row_index,
        min(source_line) as table_line
    from mapped_vals
    group by all
),
mapped_cells as (
    -- per table, label and column: the amount of the first row printing it (summed over its
    -- cells) and the first line printing it
    select f.document_id, f.table_index, f.label_hw, f.col, f.table_line,
        sum(v.amount) as table_amount
    from mapped_first_rows as f
    join mapped_vals as v
        on v.document_id = f.document_id and v.table_index = f.table_index
       and v.label_hw = f.label_hw and v.col = f.col and v.row_index = f.row_index
    group by all
),
printed_columns as (
    select distinct document_id, table_index, col from vals
),
tables as (
    select document_id, table_kind, min(table_index) as table_index
    from {{ ref('stg_tables') }} group by all
),
by_mapping_candidates as (
    select
        f.figure_index, m.alternative,
        f.document_id, t.table_index, f.subject, f.label as stated_label, f.source_line,
        f.amount, f.value, f.unit, f.sentence, m.label as row_label, m.col as column_name,
        null as listing, c.table_amount, c.table_line,
        -- the table prints the column at all (an empty cell of it is a 0; a template without
        -- the column, Jiangsu's 基本支出 table by code only, has nothing to compare)
        exists (select 1 from printed_columns as p
                where p.document_id = f.document_id and p.table_index = t.table_index
                  and p.col = m.col) as col_printed
    from figures as f
    join mapping as m on m.doc_kind = f.doc_kind and m.subject = f.subject
    join tables as t on t.document_id = f.document_id and t.table_kind = m.table_kind
    left join mapped_cells as c
        on c.document_id = f.document_id and c.table_index = t.table_index
       and c.label_hw = m.label and c.col = m.col
    where f.unit in ('万元', '元')
),
by_mapping as (
    -- per figure: the first candidate whose cell the table prints, else the primary mapping
    -- when the table prints its column
    select * exclude (figure_index, alternative, pick, col_printed)
    from (
        select *, row_number() over (
            partition by document_id, figure_index
            order by table_line is null, alternative, column_name) as pick
        from by_mapping_candidates)
    where pick = 1 and (table_line is not null or col_printed)
),
class_columns as (
    -- a class amount stated under 财政拨款 or 一般公共预算 is compared with that column of 表4;
    -- one stated under the whole budget with 表1's 支出/合计 (seed map_stated_class_column)
    select parent_subject_key, table_kind, column_path as col
    from {{ ref('map_stated_class_column') }}
),
class_figures as (
    select f.*, coalesce(c.table_kind, 'budget_summary') as class_table_kind,
        coalesce(c.col, '支出/合计') as class_col
    from figures as f
    left join class_columns as c using (parent_subject_key)
    where f.subject = 'expenditure_by_function' and f.unit = '万元'
),
class_cells as (
    -- per table, label and class column: the sum of its amounts and the first line printing it
    select v.document_id, v.table_index, v.label, v.col, sum(v.amount) as table_amount,
        min(v.source_line) as table_line
    from vals as v
    semi join (select distinct document_id, qualifier, class_col from class_figures) as f
        on f.document_id = v.document_id and f.qualifier = v.label and f.class_col = v.col
    group by all
),
by_class as (
    -- 科学技术支出140.82万元: the class amount of the table its parent figure stands for
    select
        f.document_id, t.table_index, f.subject || ':' || f.qualifier as subject,
        f.label as stated_label, f.source_line, f.amount, f.value, f.unit, f.sentence,
        f.qualifier as row_label, f.class_col as column_name, null as listing,
        c.table_amount, c.table_line
    from class_figures as f
    join tables as t on t.document_id = f.document_id and t.table_kind = f.class_table_kind
    left join class_cells as c
        on c.document_id = f.document_id and c.table_index = t.table_index
       and c.label = f.qualifier and c.col = f.class_col
),
project_rows as (
    -- the projects of tables 12 and 13 (rows that are not a department/unit row)
    select p.document_id, count(distinct p.table_index || '|' || p.row_index) as n,
        min(p.table_index) as table_index
    from {{ ref('chk_labels') }} as p
    join {{ ref('stg_documents') }} as d using (document_id)
    where p.table_kind in ('budget_projects_current', 'budget_projects_carryover')
      and p.cell_role = 'label' and p.col_index = 0
      and regexp_replace(p.row_label, '\s+', '', 'g')
          <> regexp_replace(d.unit_name, '\s+', '', 'g')
    group by p.document_id
),
targets as (
    select document_id, count(*) as n, sum(funds_annual_total_yuan) / 10000 as funds,
        min(table_index) as table_index,
        string_agg(project_name || ' ' || coalesce(printf('%.0f', funds_annual_total_yuan), '—')
            || '元 (line ' || source_line || ')', '; ' order by project_index) as listing
    from {{ ref('stg_project_targets') }}
    group by document_id
),
by_count as (
    select f.document_id, r.table_index, f.subject, f.label, f.source_line, f.value, f.value,
        f.unit, f.sentence, '项目支出预算表', 'projects', null, r.n, null::integer
    from figures as f join project_rows as r using (document_id)
    where f.subject = 'performance_projects' and f.doc_kind = 'budget'
    union all
    select f.document_id, t.table_index, f.subject, f.label, f.source_line, f.value, f.value,
        f.unit, f.sentence, '项目支出绩效目标表', 'tables', t.listing, t.n, null
    from figures as f join targets as t using (document_id)
    where f.subject = 'published_project_targets' and f.doc_kind = 'budget'
    union all
    select f.document_id, t.table_index, f.subject, f.label, f.source_line, f.amount,
        f.value, f.unit, f.sentence, '项目支出绩效目标表', 'Σ 年度资金总额 (万元)', t.listing,
        t.funds, null
    from figures as f join targets as t using (document_id)
    where f.subject = 'published_project_targets_amount' and f.doc_kind = 'budget'
),
stated as (
    select * from by_mapping
    union all select * from by_class
    union all select * from by_count
),
comparisons as (
    select
        document_id, table_index, subject as row_code,
        stated_label || ' (' || subject || ')' as row_label,
        row_label || ' / ' || column_name as column_name,
        coalesce(table_amount, 0) as expected,
        amount as actual,
        1 as n_terms,
        source_line,
        'stated ' || printf('%.2f', value) || unit || ' at line ' || source_line
            || ' ("' || left(sentence, 60) || '"); table: '
            || coalesce(printf('%.2f', table_amount), 'empty (0)')
            || coalesce(' at line ' || table_line, '')
            || coalesce(' = ' || listing, '') as detail
    from stated
)
{{ checks_comparison_select('prose_stated_totals') }}
