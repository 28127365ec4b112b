{{ config(schema='checks', materialized='view') }}
-- Project tables (budget 12 本年预算, 13 上年结转): the department row and each unit row = Σ the
-- projects under it, per column. A row is a department/unit row when its label is the name of
-- a unit (the document's unit, or the unit of any loaded document); the first of two adjacent
-- such rows is the department row and covers every project of the table.
with units as (
    select distinct regexp_replace(unit_name, '\s+', '', 'g') as unit
    from {{ ref('stg_documents') }} where unit_name is not null
),
rows as (
    select l.document_id, l.table_index, l.row_index, min(l.row_label) as lbl,
        min(l.source_line) as line,
        bool_or(regexp_replace(l.row_label, '\s+', '', 'g') in (select unit from units)
            or regexp_replace(l.row_label, '\s+', '', 'g')
                = regexp_replace(d.unit_name, '\s+', '', 'g')) as is_agg
    from {{ ref('chk_labels') }} as l
    join {{ ref('stg_documents') }} as d using (document_id)
    where l.table_kind in ('budget_projects_current', 'budget_projects_carryover')
      and l.cell_role = 'label' and l.col_index = 0
    group by all
),
aggs as (
    select *,
        lead(row_index) over w as next_agg,
        row_number() over w as agg_no
    from rows where is_agg
    window w as (partition by document_id, table_index order by row_index)
),
scopes as (
    select document_id, table_index, row_index, lbl, line,
        case when agg_no = 1 and next_agg = row_index + 1 then 1000000
             else coalesce(next_agg, 1000000) end as scope_end
    from aggs
),
vals as (
    select * from {{ ref('chk_values') }}
    where table_kind in ('budget_projects_current', 'budget_projects_carryover')
),
project_rows as (select * from rows where not is_agg),
totals as (
    select s.document_id, s.table_index, s.row_index || '|' || c.col as key, null as row_code,
        s.lbl as row_label, c.col as column_name,
        (select sum(v.amount) from vals v where v.document_id = s.document_id
            and v.table_index = s.table_index and v.row_index = s.row_index
            and v.col = c.col) as actual,
        s.line as source_line
    from scopes as s
    join (select distinct document_id, table_index, col from vals) as c
        using (document_id, table_index)
),
parts as (
    select v.document_id, v.table_index, s.row_index || '|' || v.col as key,
        v.col as column_name, v.row_label as term, v.printed_text, v.amount, v.source_line,
        v.row_index, v.col_index
    from vals as v
    join project_rows as p
        on p.document_id = v.document_id and p.table_index = v.table_index
       and p.row_index = v.row_index
    join scopes as s
        on s.document_id = v.document_id and s.table_index = v.table_index
       and v.row_index > s.row_index and v.row_index < s.scope_end
)
{{ checks_sum_identity('project_unit_rows') }}
