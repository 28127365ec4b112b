-- Project target funds against the project table (绩效目标表资金 vs 预算公开表12): every project
-- performance target table (stg_project_targets, funds in 元) beside the 表12 project row of the
-- same document whose name matches (names compared without white space, quotes and
-- parenthesis width), with the 合计 amount printed there (万元) and the source lines of both.
-- Target tables without a matching row and 表12 project rows without a target are kept:
--   match_status = 'matched' | 'target_only' | 'table_only'
-- The table prints 万元 to two decimals, so 11504 元 = 1.1504 万元 is printed 1.15: both are
-- kept (target_annual_total_wan, table_amount) and the difference is judged against a
-- rounding tolerance of 0.01 万元 (tolerance_wan).
with targets as (
    select
        t.*,
        d.unit_key,
        d.fiscal_year,
        d.phase,
        {{ normalize_project_name('t.project_name') }} as project_name_norm
    from {{ for_batch(ref('stg_project_targets')) }} as t
    join {{ for_batch(ref('int_documents')) }} as d using (document_id)
),

rows as (
    select * from {{ for_batch(ref('int_project_rows')) }}
    where project_vintage = 'current_year'
),

candidates as (
    select t.document_id, t.project_index, r.project_row_key
    from targets as t
    join rows as r
        on r.document_id = t.document_id and r.project_name_norm = t.project_name_norm
    -- one table row per target and one target per table row (first in print order)
    qualify row_number() over (partition by t.document_id, t.project_index
                               order by r.table_index, r.row_index) = 1
        and row_number() over (partition by r.project_row_key order by t.project_index) = 1
),

paired as (
    select
        coalesce(t.document_id, r.document_id) as document_id,
        coalesce(t.unit_key, r.unit_key) as unit_key,
        coalesce(t.fiscal_year, r.fiscal_year) as fiscal_year,
        coalesce(t.phase, r.phase) as phase,
        t.project_index,
        t.project_name as target_project_name,
        t.table_index as target_table_index,
        t.source_line as target_source_line,
        t.funds_annual_total_yuan,
        r.project_row_key,
        r.project_name as table_project_name,
        r.table_no,
        r.table_index,
        r.row_index as table_row_index,
        r.amount as table_amount,
        r.source_line as table_source_line
    from (
        select t.*, c.project_row_key as matched_row_key
        from targets as t
        left join candidates as c using (document_id, project_index)
    ) as t
    full outer join (
        select r.* from rows as r
        where r.document_id in (select document_id from targets)
    ) as r
        on r.project_row_key = t.matched_row_key
)

select
    {{ surrogate_key(['document_id', 'project_index', 'project_row_key']) }} as pairing_key,
    document_id,
    unit_key,
    fiscal_year,
    phase,
    case
        when project_index is not null and project_row_key is not null then 'matched'
        when project_index is not null then 'target_only'
        else 'table_only'
    end as match_status,
    project_index,
    target_project_name,
    target_table_index,
    target_source_line,
    funds_annual_total_yuan as target_annual_total_yuan,
    cast(funds_annual_total_yuan / 10000 as decimal(24, 8)) as target_annual_total_wan,
    cast(round(funds_annual_total_yuan / 10000, 2) as decimal(18, 2))
        as target_annual_total_wan_rounded,
    project_row_key,
    table_project_name,
    table_no,
    table_index,
    table_row_index,
    table_amount,
    table_source_line,
    cast(table_amount - funds_annual_total_yuan / 10000 as decimal(24, 8)) as difference_wan,
    cast(0.01 as decimal(6, 2)) as tolerance_wan,
    case when project_index is not null and project_row_key is not null
         then abs(coalesce(table_amount, 0) - coalesce(funds_annual_total_yuan, 0) / 10000)
              <= 0.01
    end as is_equal
from paired
